/* Shared declarations of cleaner._speedups: each .c file defines its functions' method table
 * entries; speedups.c joins them into the module. */
#ifndef CLEANER_SPEEDUPS_H
#define CLEANER_SPEEDUPS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Reading a Line's attributes (through the normal attribute protocol, so lazily computed
 * properties work as in Python), checked for the type the twins rely on. */

/* line.<name> as a str (a new reference), or NULL with an exception set. */
static inline PyObject *line_str(PyObject *line, PyObject *name) {
    PyObject *value = PyObject_GetAttr(line, name);
    if (value != NULL && !PyUnicode_Check(value)) {
        PyErr_Format(PyExc_TypeError, "Line.%U must be a str, not %.100s", name,
                     Py_TYPE(value)->tp_name);
        Py_CLEAR(value);
    }
    return value;
}

/* line.<name> as a tuple (a new reference), or NULL with an exception set. */
static inline PyObject *line_tuple(PyObject *line, PyObject *name) {
    PyObject *value = PyObject_GetAttr(line, name);
    if (value != NULL && !PyTuple_Check(value)) {
        PyErr_Format(PyExc_TypeError, "Line.%U must be a tuple, not %.100s", name,
                     Py_TYPE(value)->tp_name);
        Py_CLEAR(value);
    }
    return value;
}

/* The truth of line.<name>: 1, 0, or -1 with an exception set. */
static inline int line_flag(PyObject *line, PyObject *name) {
    PyObject *value = PyObject_GetAttr(line, name);
    if (value == NULL)
        return -1;
    int truth = PyObject_IsTrue(value);
    Py_DECREF(value);
    return truth;
}

/* Method tables, each ended by a {NULL} entry. */
extern PyMethodDef cleaner_feature_methods[];
extern PyMethodDef cleaner_scoring_methods[];
extern PyMethodDef cleaner_word_methods[];
extern PyMethodDef cleaner_line_methods[];
extern PyMethodDef cleaner_text_methods[];
extern PyMethodDef cleaner_document_methods[];

#endif
