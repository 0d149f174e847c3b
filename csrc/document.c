/* The line model and the engine's per-line bookkeeping (twins of cleaner/document.py's Line
 * construction and of per-line loops in cleaner/pipeline.py, layout.py and rules/engine.py). */
#include "speedups.h"

PyMethodDef cleaner_document_methods[] = {
    {NULL, NULL, 0, NULL},
};
