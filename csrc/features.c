/* Line features of the line-quality rule (twins of cleaner/quality_features.py). */
#include "speedups.h"

PyMethodDef cleaner_feature_methods[] = {
    {NULL, NULL, 0, NULL},
};
