/* Shared declarations of cleaner._speedups: each .c file defines its functions' method table
 * entries; speedups.c joins them into the module. */
#ifndef CLEANER_SPEEDUPS_H
#define CLEANER_SPEEDUPS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Method tables, each ended by a {NULL} entry. */
extern PyMethodDef cleaner_feature_methods[];
extern PyMethodDef cleaner_scoring_methods[];
extern PyMethodDef cleaner_word_methods[];
extern PyMethodDef cleaner_line_methods[];
extern PyMethodDef cleaner_text_methods[];
extern PyMethodDef cleaner_document_methods[];

#endif
