/* Indexes of a document's lines (twins of index_words, index_first_words and lines_up_to in
 * cleaner/document.py): rules find the lines that concern them through these instead of
 * visiting every line, so building them is the one pass over the page they all share. */
#include "speedups.h"

/* interned attribute names */
static PyObject *name_lowered, *name_words, *name_is_blank, *name_stripped, *name_is_attribution;

static int intern_names(void) {
    if (name_lowered != NULL)
        return 0;
    name_lowered = PyUnicode_InternFromString("lowered");
    name_words = PyUnicode_InternFromString("words");
    name_is_blank = PyUnicode_InternFromString("is_blank");
    name_stripped = PyUnicode_InternFromString("stripped");
    name_is_attribution = PyUnicode_InternFromString("is_attribution");
    return (name_lowered && name_words && name_is_blank && name_stripped && name_is_attribution)
        ? 0 : -1;
}

/* A line's boolean attribute: 1, 0, or -1 with an exception set. */
static int flag_attribute(PyObject *line, PyObject *name) {
    PyObject *value = PyObject_GetAttr(line, name);
    if (value == NULL)
        return -1;
    int truth = PyObject_IsTrue(value);
    Py_DECREF(value);
    return truth;
}

/* A line's tuple attribute (a new reference), or NULL with TypeError. */
static PyObject *tuple_attribute(PyObject *line, PyObject *name) {
    PyObject *value = PyObject_GetAttr(line, name);
    if (value != NULL && !PyTuple_Check(value)) {
        PyErr_Format(PyExc_TypeError, "line.%U must be a tuple", name);
        Py_CLEAR(value);
    }
    return value;
}

/* found.setdefault(key, []).append(number) */
static int append_at(PyObject *found, PyObject *key, Py_ssize_t number) {
    PyObject *indices = PyDict_GetItemWithError(found, key); /* borrowed */
    if (indices == NULL) {
        if (PyErr_Occurred())
            return -1;
        indices = PyList_New(0);
        if (indices == NULL || PyDict_SetItem(found, key, indices) < 0) {
            Py_XDECREF(indices);
            return -1;
        }
        Py_DECREF(indices); /* the dict holds it now */
    }
    PyObject *index = PyLong_FromSsize_t(number);
    if (index == NULL)
        return -1;
    int failed = PyList_Append(indices, index);
    Py_DECREF(index);
    return failed;
}

static int check_lines(PyObject *lines) {
    if (!PyList_Check(lines)) {
        PyErr_SetString(PyExc_TypeError, "lines must be a list of Line");
        return -1;
    }
    return intern_names();
}

/* index_words(lines, present) -> {word: [line index, ...]} for the words of `present` (a set)
 * that the lines hold; each line counted once per word. */
static PyObject *index_words(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || check_lines(args[0]) < 0 || !PyAnySet_Check(args[1])) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "index_words(lines: list[Line], present: frozenset)");
        return NULL;
    }
    PyObject *lines = args[0], *present = args[1];
    PyObject *found = PyDict_New();
    PyObject *seen = PySet_New(NULL); /* the words already indexed for the current line */
    if (found == NULL || seen == NULL)
        goto fail;
    for (Py_ssize_t number = 0; number < PyList_GET_SIZE(lines); number++) {
        PyObject *lowered = tuple_attribute(PyList_GET_ITEM(lines, number), name_lowered);
        if (lowered == NULL)
            goto fail;
        int failed = 0;
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(lowered) && !failed; i++) {
            PyObject *word = PyTuple_GET_ITEM(lowered, i);
            int wanted = PySet_Contains(present, word);
            if (wanted < 0) {
                failed = 1;
            } else if (wanted) {
                /* a word twice on a line is one entry, as with a set intersection */
                int repeated = PySet_GET_SIZE(seen) ? PySet_Contains(seen, word) : 0;
                if (repeated < 0 || (!repeated && (PySet_Add(seen, word) < 0
                                                   || append_at(found, word, number) < 0)))
                    failed = 1;
            }
        }
        Py_DECREF(lowered);
        if (failed || (PySet_GET_SIZE(seen) && PySet_Clear(seen) < 0))
            goto fail;
    }
    Py_DECREF(seen);
    return found;
fail:
    Py_XDECREF(found);
    Py_XDECREF(seen);
    return NULL;
}

/* index_first_words(lines) -> {first lower-cased word: [line index, ...]} */
static PyObject *index_first_words(PyObject *self, PyObject *lines) {
    if (check_lines(lines) < 0)
        return NULL;
    PyObject *found = PyDict_New();
    if (found == NULL)
        return NULL;
    for (Py_ssize_t number = 0; number < PyList_GET_SIZE(lines); number++) {
        PyObject *lowered = tuple_attribute(PyList_GET_ITEM(lines, number), name_lowered);
        if (lowered == NULL) {
            Py_DECREF(found);
            return NULL;
        }
        int failed = PyTuple_GET_SIZE(lowered) && append_at(found, PyTuple_GET_ITEM(lowered, 0), number) < 0;
        Py_DECREF(lowered);
        if (failed) {
            Py_DECREF(found);
            return NULL;
        }
    }
    return found;
}

/* lines_up_to(lines, max_words) -> [index of each non-blank line of at most max_words words] */
static PyObject *lines_up_to(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || check_lines(args[0]) < 0 || !PyLong_Check(args[1])) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "lines_up_to(lines: list[Line], max_words: int)");
        return NULL;
    }
    Py_ssize_t max_words = PyLong_AsSsize_t(args[1]);
    if (max_words == -1 && PyErr_Occurred())
        return NULL;
    PyObject *lines = args[0];
    PyObject *found = PyList_New(0);
    if (found == NULL)
        return NULL;
    for (Py_ssize_t number = 0; number < PyList_GET_SIZE(lines); number++) {
        PyObject *line = PyList_GET_ITEM(lines, number);
        PyObject *blank = PyObject_GetAttr(line, name_is_blank);
        int is_blank = blank == NULL ? -1 : PyObject_IsTrue(blank);
        Py_XDECREF(blank);
        if (is_blank < 0)
            goto fail;
        if (is_blank)
            continue;
        PyObject *words = tuple_attribute(line, name_words);
        if (words == NULL)
            goto fail;
        Py_ssize_t count = PyTuple_GET_SIZE(words);
        Py_DECREF(words);
        if (count <= max_words) {
            PyObject *index = PyLong_FromSsize_t(number);
            int failed = index == NULL || PyList_Append(found, index) < 0;
            Py_XDECREF(index);
            if (failed)
                goto fail;
        }
    }
    return found;
fail:
    Py_DECREF(found);
    return NULL;
}

/* --- headline shape (twins of HeadlineShape.fits and HeadlineListRule._runs) ----------------- */

static inline int is_closing(Py_UCS4 ch) { /* "'”’»)] */
    return ch == '"' || ch == '\'' || ch == 0x201D || ch == 0x2019 || ch == 0xBB || ch == ')' || ch == ']';
}

/* 1 when the line looks like a headline: min_words..max_words words, no sentence ending (a
 * full stop, colon, semicolon or comma before closing quotes/brackets, unless the text ends in
 * ".."), a first word starting with a capital or a digit, and not an attribution. */
static int fits(PyObject *line, Py_ssize_t min_words, Py_ssize_t max_words) {
    PyObject *words = tuple_attribute(line, name_words);
    if (words == NULL)
        return -1;
    Py_ssize_t count = PyTuple_GET_SIZE(words);
    if (count < min_words || count > max_words) {
        Py_DECREF(words);
        return 0;
    }
    if (count == 0) { /* only with min_words 0: the reference fails on words[0] too */
        Py_DECREF(words);
        PyErr_SetString(PyExc_IndexError, "tuple index out of range");
        return -1;
    }
    PyObject *first_word = PyTuple_GET_ITEM(words, 0);
    if (!PyUnicode_Check(first_word) || PyUnicode_GET_LENGTH(first_word) == 0) {
        Py_DECREF(words);
        PyErr_SetString(PyExc_TypeError, "line.words must hold non-empty str");
        return -1;
    }
    Py_UCS4 first = PyUnicode_READ_CHAR(first_word, 0);
    Py_DECREF(words);
    PyObject *text = PyObject_GetAttr(line, name_stripped);
    if (text == NULL)
        return -1;
    if (!PyUnicode_Check(text)) {
        Py_DECREF(text);
        PyErr_SetString(PyExc_TypeError, "line.stripped must be str");
        return -1;
    }
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), end = length;
    while (end > 0 && is_closing(PyUnicode_READ(kind, data, end - 1)))
        end--;
    int sentence = 0;
    if (end > 0) {
        Py_UCS4 last = PyUnicode_READ(kind, data, end - 1);
        int two_dots = length >= 2 && PyUnicode_READ(kind, data, length - 1) == '.'
                       && PyUnicode_READ(kind, data, length - 2) == '.';
        sentence = (last == '.' || last == ':' || last == ';' || last == ',') && !two_dots;
    }
    Py_DECREF(text);
    /* str.isupper()/isdigit() of one character are exactly these predicates */
    if (sentence || !(Py_UNICODE_ISUPPER(first) || Py_UNICODE_ISDIGIT(first)))
        return 0;
    int attribution = flag_attribute(line, name_is_attribution);
    return attribution < 0 ? -1 : !attribution;
}

static int size_argument(PyObject *value, Py_ssize_t *out) {
    if (!PyLong_Check(value)) {
        PyErr_SetString(PyExc_TypeError, "word and line counts must be int");
        return -1;
    }
    *out = PyLong_AsSsize_t(value);
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

/* headline_fits(line, min_words, max_words) -> bool */
static PyObject *headline_fits(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    Py_ssize_t min_words, max_words;
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "headline_fits(line, min_words, max_words)");
        return NULL;
    }
    if (intern_names() < 0 || size_argument(args[1], &min_words) < 0 || size_argument(args[2], &max_words) < 0)
        return NULL;
    int result = fits(args[0], min_words, max_words);
    return result < 0 ? NULL : PyBool_FromLong(result);
}

/* headline_runs(lines, removed, min_words, max_words, min_lines) -> [[line index, ...], ...]:
 * the runs of at least min_lines headline-shaped lines; blank lines and lines in `removed`
 * (any container) neither join nor break a run. */
static PyObject *headline_runs(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    Py_ssize_t min_words, max_words, min_lines;
    if (nargs != 5) {
        PyErr_SetString(PyExc_TypeError, "headline_runs(lines, removed, min_words, max_words, min_lines)");
        return NULL;
    }
    if (check_lines(args[0]) < 0 || size_argument(args[2], &min_words) < 0
            || size_argument(args[3], &max_words) < 0 || size_argument(args[4], &min_lines) < 0)
        return NULL;
    PyObject *lines = args[0], *removed = args[1];
    PyObject *runs = PyList_New(0), *run = PyList_New(0);
    if (runs == NULL || run == NULL)
        goto fail;
    for (Py_ssize_t number = 0; number < PyList_GET_SIZE(lines); number++) {
        PyObject *line = PyList_GET_ITEM(lines, number);
        PyObject *index = PyLong_FromSsize_t(number);
        if (index == NULL)
            goto fail;
        int gone = PySequence_Contains(removed, index);
        int skip = gone != 0 ? gone : flag_attribute(line, name_is_blank);
        int shaped = skip != 0 ? skip : fits(line, min_words, max_words);
        if (shaped < 0 || (skip == 0 && shaped == 1 && PyList_Append(run, index) < 0)) {
            Py_DECREF(index);
            goto fail;
        }
        Py_DECREF(index);
        if (skip || shaped)
            continue;
        if (PyList_GET_SIZE(run) >= min_lines) {
            if (PyList_Append(runs, run) < 0)
                goto fail;
        }
        Py_SETREF(run, PyList_New(0));
        if (run == NULL)
            goto fail;
    }
    if (PyList_GET_SIZE(run) >= min_lines && PyList_Append(runs, run) < 0)
        goto fail;
    Py_DECREF(run);
    return runs;
fail:
    Py_XDECREF(runs);
    Py_XDECREF(run);
    return NULL;
}

PyMethodDef cleaner_line_methods[] = {
    {"headline_fits", (PyCFunction)(void (*)(void))headline_fits, METH_FASTCALL,
     "headline_fits(line, min_words, max_words) -> bool: HeadlineShape.fits."},
    {"headline_runs", (PyCFunction)(void (*)(void))headline_runs, METH_FASTCALL,
     "headline_runs(lines, removed, min_words, max_words, min_lines) -> list[list[int]]: "
     "HeadlineListRule._runs."},
    {"index_words", (PyCFunction)(void (*)(void))index_words, METH_FASTCALL,
     "index_words(lines, present) -> dict[str, list[int]]: document.index_words."},
    {"index_first_words", (PyCFunction)index_first_words, METH_O,
     "index_first_words(lines) -> dict[str, list[int]]: document.index_first_words."},
    {"lines_up_to", (PyCFunction)(void (*)(void))lines_up_to, METH_FASTCALL,
     "lines_up_to(lines, max_words) -> list[int]: document.lines_up_to."},
    {NULL, NULL, 0, NULL},
};
