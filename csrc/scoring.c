/* Scoring and segmentation of the line-quality rule (twins of cleaner/rules/quality.py). */
#include "speedups.h"

PyMethodDef cleaner_scoring_methods[] = {
    {NULL, NULL, 0, NULL},
};
