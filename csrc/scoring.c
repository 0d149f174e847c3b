/* Scoring and segmentation of the line-quality rule (twins of cleaner/rules/quality.py).
 *
 * Each function returns exactly what its Python reference returns, not something close: the
 * lines' scores decide which lines go, and a last-bit difference can flip a tie. So every
 * floating-point operation happens on IEEE doubles (as Python floats), in the order Python does
 * it, and every comparison is the same one (`>` stays `>`, NaN compares as in Python). There
 * are only additions, subtractions and comparisons, so no fused multiply-add can creep in.
 *
 * Numbers are read with PyFloat_AsDouble, the conversion Python's float arithmetic applies to
 * an int operand; anything else raises TypeError.
 *
 * Each function runs once per pass over a document, not once per line, so arguments are parsed
 * with PyArg_ParseTupleAndKeywords (keywords work as in the references) rather than FASTCALL:
 * the time is in the loops. */
#include "speedups.h"

/* The doubles of a sequence of numbers, in a new PyMem buffer (NULL with an exception set;
 * the caller frees it with PyMem_Free). */
static double *as_doubles(PyObject *sequence, Py_ssize_t *count, const char *message) {
    PyObject *fast = PySequence_Fast(sequence, message);
    if (fast == NULL)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    PyObject **items = PySequence_Fast_ITEMS(fast);
    double *values = PyMem_New(double, n ? n : 1);
    if (values == NULL) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        values[i] = PyFloat_AsDouble(items[i]);
        if (values[i] == -1.0 && PyErr_Occurred()) {
            PyMem_Free(values);
            Py_DECREF(fast);
            return NULL;
        }
    }
    Py_DECREF(fast);
    *count = n;
    return values;
}

/* A new list of bools: keep[i] is True when lo <= i < hi, or when flags[i] (flags not NULL). */
static PyObject *bool_list(Py_ssize_t count, const unsigned char *flags, Py_ssize_t lo,
                           Py_ssize_t hi) {
    PyObject *keep = PyList_New(count);
    if (keep == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < count; i++)
        PyList_SET_ITEM(keep, i, PyBool_FromLong(flags ? flags[i] : lo <= i && i < hi));
    return keep;
}

#define FROM_CONTENT 1   /* furniture at this line came from content (a switch) */
#define FROM_FURNITURE 2 /* content at this line came from furniture (a switch) */

/* segment(scores, switch_cost) -> list[bool]: twin of quality.segment (two-state Viterbi). */
static PyObject *segment(PyObject *module, PyObject *args, PyObject *kwargs) {
    static char *names[] = {"scores", "switch_cost", NULL};
    PyObject *sequence;
    double switch_cost;
    (void)module;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "Od:segment", names, &sequence, &switch_cost))
        return NULL;
    Py_ssize_t count;
    double *scores = as_doubles(sequence, &count, "segment() scores must be a sequence");
    if (scores == NULL)
        return NULL;
    /* back[i]: where the best totals at line i came from; then, walking back, the verdicts. */
    unsigned char *back = PyMem_Malloc(count ? count : 1);
    if (back == NULL) {
        PyMem_Free(scores);
        return PyErr_NoMemory();
    }
    if (count) {
        back[0] = 0;
        double furniture = 0.0, content = scores[0];
        for (Py_ssize_t i = 1; i < count; i++) {
            double stay_f = furniture, switch_f = content - switch_cost;
            double stay_c = content, switch_c = furniture - switch_cost;
            int from_content = switch_f > stay_f;
            int from_furniture = switch_c > stay_c;
            furniture = from_content ? switch_f : stay_f;
            content = (from_furniture ? switch_c : stay_c) + scores[i];
            back[i] = (unsigned char)((from_content ? FROM_CONTENT : 0)
                                      | (from_furniture ? FROM_FURNITURE : 0));
        }
        int state = content > furniture;
        for (Py_ssize_t i = count - 1; i >= 0; i--) {
            unsigned char came = back[i];
            back[i] = (unsigned char)state; /* back[i] is read for the last time here */
            if (i)
                state = state ? !(came & FROM_FURNITURE) : (came & FROM_CONTENT) != 0;
        }
    }
    PyObject *keep = bool_list(count, back, 0, 0);
    PyMem_Free(back);
    PyMem_Free(scores);
    return keep;
}

/* best_block(scores) -> list[bool]: twin of quality.best_block (Kadane, first best block). */
static PyObject *best_block(PyObject *module, PyObject *args, PyObject *kwargs) {
    static char *names[] = {"scores", NULL};
    PyObject *sequence;
    (void)module;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O:best_block", names, &sequence))
        return NULL;
    Py_ssize_t count;
    double *scores = as_doubles(sequence, &count, "best_block() scores must be a sequence");
    if (scores == NULL)
        return NULL;
    double best = -INFINITY, total = 0.0;
    Py_ssize_t lo = 0, hi = 1, start = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        if (total <= 0) {
            total = scores[i];
            start = i;
        } else {
            total += scores[i];
        }
        if (total > best) {
            best = total;
            lo = start;
            hi = i + 1;
        }
    }
    PyMem_Free(scores);
    return bool_list(count, NULL, lo, hi);
}

/* The weight tables[j][b] as a double, indexed as Python indexes a sequence (b may be negative;
 * IndexError outside). -1.0 with an exception set on error. */
static double weight(PyObject *table, PyObject *bin) {
    Py_ssize_t b = PyNumber_AsSsize_t(bin, PyExc_IndexError);
    if (b == -1 && PyErr_Occurred())
        return -1.0;
    Py_ssize_t size = PySequence_Fast_GET_SIZE(table);
    if (b < 0)
        b += size;
    if (b < 0 || b >= size) {
        PyErr_SetString(PyExc_IndexError, "weight table index out of range");
        return -1.0;
    }
    return PyFloat_AsDouble(PySequence_Fast_GET_ITEM(table, b));
}

/* add_weights(rows, tables, starts) -> list[float]: twin of quality.add_weights.
 *
 * For each row of bins, its start plus tables[0][row[0]] plus tables[1][row[1]] ..., added left
 * to right (as far as the shorter of the row and the tables goes, like zip). */
static PyObject *add_weights(PyObject *module, PyObject *args, PyObject *kwargs) {
    static char *names[] = {"rows", "tables", "starts", NULL};
    PyObject *row_arg, *table_arg, *start_arg;
    (void)module;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OOO:add_weights", names, &row_arg, &table_arg,
                                     &start_arg))
        return NULL;
    PyObject *result = NULL, *rows = NULL, *tables = NULL;
    Py_ssize_t count, table_count = 0, fast_tables = 0;
    double *starts = NULL;
    PyObject **table = NULL; /* each table as a list or tuple (PySequence_Fast) */

    rows = PySequence_Fast(row_arg, "add_weights() rows must be a sequence");
    if (rows == NULL)
        goto done;
    tables = PySequence_Fast(table_arg, "add_weights() tables must be a sequence");
    if (tables == NULL)
        goto done;
    starts = as_doubles(start_arg, &count, "add_weights() starts must be a sequence");
    if (starts == NULL)
        goto done;
    if (count != PySequence_Fast_GET_SIZE(rows)) {
        PyErr_SetString(PyExc_ValueError, "add_weights() rows and starts differ in length");
        goto done;
    }
    table_count = PySequence_Fast_GET_SIZE(tables);
    table = PyMem_New(PyObject *, table_count ? table_count : 1);
    if (table == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (; fast_tables < table_count; fast_tables++) {
        table[fast_tables] = PySequence_Fast(PySequence_Fast_GET_ITEM(tables, fast_tables),
                                             "add_weights() each table must be a sequence");
        if (table[fast_tables] == NULL)
            goto done;
    }
    result = PyList_New(count);
    if (result == NULL)
        goto done;
    for (Py_ssize_t r = 0; r < count; r++) {
        PyObject *row = PySequence_Fast(PySequence_Fast_GET_ITEM(rows, r),
                                        "add_weights() each row must be a sequence");
        if (row == NULL)
            goto fail;
        Py_ssize_t width = PySequence_Fast_GET_SIZE(row);
        if (width > table_count)
            width = table_count;
        double value = starts[r];
        for (Py_ssize_t j = 0; j < width; j++) {
            double w = weight(table[j], PySequence_Fast_GET_ITEM(row, j));
            if (w == -1.0 && PyErr_Occurred()) {
                Py_DECREF(row);
                goto fail;
            }
            value += w;
        }
        Py_DECREF(row);
        PyObject *sum = PyFloat_FromDouble(value);
        if (sum == NULL)
            goto fail;
        PyList_SET_ITEM(result, r, sum);
    }
    goto done;
fail:
    Py_CLEAR(result); /* a partly filled list: its NULL slots are skipped on dealloc */
done:
    for (Py_ssize_t j = 0; j < fast_tables; j++)
        Py_DECREF(table[j]);
    PyMem_Free(table);
    PyMem_Free(starts);
    Py_XDECREF(tables);
    Py_XDECREF(rows);
    return result;
}

PyMethodDef cleaner_scoring_methods[] = {
    {"segment", (PyCFunction)(void (*)(void))segment, METH_VARARGS | METH_KEYWORDS,
     "segment(scores, switch_cost) -> list[bool]: twin of cleaner.rules.quality.segment."},
    {"best_block", (PyCFunction)(void (*)(void))best_block, METH_VARARGS | METH_KEYWORDS,
     "best_block(scores) -> list[bool]: twin of cleaner.rules.quality.best_block."},
    {"add_weights", (PyCFunction)(void (*)(void))add_weights, METH_VARARGS | METH_KEYWORDS,
     "add_weights(rows, tables, starts) -> list[float]: twin of cleaner.rules.quality.add_weights."},
    {NULL, NULL, 0, NULL},
};
