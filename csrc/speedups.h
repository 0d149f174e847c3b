/* Shared declarations of cleaner._speedups: each .c file defines its functions' method table
 * entries; speedups.c joins them into the module. */
#ifndef CLEANER_SPEEDUPS_H
#define CLEANER_SPEEDUPS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Python.h defines it from 3.11 on; 3.10 (the oldest Python cleaner supports) does not. */
#ifndef Py_ALWAYS_INLINE
#  if defined(__GNUC__) || defined(__clang__)
#    define Py_ALWAYS_INLINE __attribute__((always_inline))
#  elif defined(_MSC_VER)
#    define Py_ALWAYS_INLINE __forceinline
#  else
#    define Py_ALWAYS_INLINE
#  endif
#endif

/* Reading a Line's attributes, checked for the type the twins rely on.
 *
 * The Lines the compiled new_lines builds (document.StoredLine) keep their attributes in
 * slots: new_lines records that type and where each slot lies (document.c), and a read of one
 * of those names on an object of exactly that type is a load at the slot's offset. Any other
 * object or name, or an empty slot, goes through the attribute protocol, so lazily computed
 * properties work as in Python. (A subclass is another type: its properties are honoured.) */
#define CLEANER_LINE_SLOTS 9
typedef struct { PyObject *name; Py_ssize_t offset; } CleanerSlot;
extern PyTypeObject *cleaner_line_type;  /* NULL until new_lines has run */
extern CleanerSlot cleaner_line_slots[CLEANER_LINE_SLOTS];  /* names are interned */
extern PyObject *cleaner_stop_words;  /* the stop words new_lines was given with that type */

/* line.<name> (`name` interned), a new reference, or NULL with an exception set. */
static inline PyObject *line_attr(PyObject *line, PyObject *name) {
    if (Py_IS_TYPE(line, cleaner_line_type)) {
        for (int i = 0; i < CLEANER_LINE_SLOTS; i++) {
            if (cleaner_line_slots[i].name == name) {
                PyObject *value = *(PyObject **)((char *)line + cleaner_line_slots[i].offset);
                if (value != NULL)
                    return Py_NewRef(value);
                break;
            }
        }
    }
    return PyObject_GetAttr(line, name);
}

/* line.<name> as a str (a new reference), or NULL with an exception set. */
static inline PyObject *line_str(PyObject *line, PyObject *name) {
    PyObject *value = line_attr(line, name);
    if (value != NULL && !PyUnicode_Check(value)) {
        PyErr_Format(PyExc_TypeError, "Line.%U must be a str, not %.100s", name,
                     Py_TYPE(value)->tp_name);
        Py_CLEAR(value);
    }
    return value;
}

/* line.<name> as a tuple (a new reference), or NULL with an exception set. */
static inline PyObject *line_tuple(PyObject *line, PyObject *name) {
    PyObject *value = line_attr(line, name);
    if (value != NULL && !PyTuple_Check(value)) {
        PyErr_Format(PyExc_TypeError, "Line.%U must be a tuple, not %.100s", name,
                     Py_TYPE(value)->tp_name);
        Py_CLEAR(value);
    }
    return value;
}

/* The truth of line.<name>: 1, 0, or -1 with an exception set. */
static inline int line_flag(PyObject *line, PyObject *name) {
    PyObject *value = line_attr(line, name);
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
