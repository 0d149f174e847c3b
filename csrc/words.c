/* Words of a line (twins of cleaner/document.py's WORD pattern and cleaner/words.py's
 * content_key): every line of every page goes through these. */
#include "speedups.h"

/* A character of a word: what Python's re calls [^\W_] for str patterns (str.isalnum(), and
 * not the underscore). */
static inline int is_word_char(Py_UCS4 ch) {
    return ch != '_' && Py_UNICODE_ISALNUM(ch);
}

static inline int is_apostrophe(Py_UCS4 ch) {
    return ch == '\'' || ch == 0x2019; /* ' and ’ */
}

/* A word lower-cased (a new reference): str.lower(), skipped for the common case of an ASCII
 * word without capitals, which is its own lower-case form. */
static PyObject *lowered(PyObject *word) {
    if (PyUnicode_IS_ASCII(word)) {
        /* ASCII lower-casing is A-Z → a-z and nothing else, as str.lower() does it. */
        const Py_UCS1 *chars = PyUnicode_1BYTE_DATA(word);
        Py_ssize_t length = PyUnicode_GET_LENGTH(word), i = 0;
        while (i < length && !(chars[i] >= 'A' && chars[i] <= 'Z'))
            i++;
        if (i == length)
            return Py_NewRef(word);
        PyObject *lower = PyUnicode_New(length, 127);
        if (lower == NULL)
            return NULL;
        Py_UCS1 *out = PyUnicode_1BYTE_DATA(lower);
        for (Py_ssize_t j = 0; j < length; j++)
            out[j] = (chars[j] >= 'A' && chars[j] <= 'Z') ? (Py_UCS1)(chars[j] + 32) : chars[j];
        return lower;
    }
    return PyObject_CallMethod(word, "lower", NULL);
}

/* split_words(text) -> (words, lowered): tuple(WORD.findall(text)) and the words
 * lower-cased, with WORD = [^\W_]+(?:['’][^\W_]+)*, i.e. runs of word characters joined by
 * single inner apostrophes ("Ukraine’s", "don't"); an apostrophe not followed by a word
 * character ends the word before it. */
static PyObject *split_words(PyObject *self, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "split_words() expects str, not %.100s", Py_TYPE(text)->tp_name);
        return NULL;
    }
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    PyObject *words = PyList_New(0);
    if (words == NULL)
        return NULL;
    Py_ssize_t at = 0;
    while (at < length) {
        if (!is_word_char(PyUnicode_READ(kind, data, at))) {
            at++;
            continue;
        }
        Py_ssize_t start = at;
        for (;;) {
            while (at < length && is_word_char(PyUnicode_READ(kind, data, at)))
                at++;
            if (at + 1 < length && is_apostrophe(PyUnicode_READ(kind, data, at))
                    && is_word_char(PyUnicode_READ(kind, data, at + 1))) {
                at++;
                continue;
            }
            break;
        }
        PyObject *word = PyUnicode_Substring(text, start, at);
        if (word == NULL || PyList_Append(words, word) < 0) {
            Py_XDECREF(word);
            Py_DECREF(words);
            return NULL;
        }
        Py_DECREF(word);
    }
    Py_ssize_t count = PyList_GET_SIZE(words);
    PyObject *as_tuple = PyList_AsTuple(words);
    PyObject *lower = as_tuple == NULL ? NULL : PyTuple_New(count);
    Py_DECREF(words);
    if (lower == NULL) {
        Py_XDECREF(as_tuple);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *word = lowered(PyTuple_GET_ITEM(as_tuple, i));
        if (word == NULL) {
            Py_DECREF(as_tuple);
            Py_DECREF(lower);
            return NULL;
        }
        PyTuple_SET_ITEM(lower, i, word);
    }
    PyObject *pair = PyTuple_Pack(2, as_tuple, lower);
    Py_DECREF(as_tuple);
    Py_DECREF(lower);
    return pair;
}

static inline int ends_with_ascii(int kind, const void *data, Py_ssize_t length, const char *tail) {
    Py_ssize_t size = (Py_ssize_t)strlen(tail);
    if (length < size)
        return 0;
    for (Py_ssize_t i = 0; i < size; i++)
        if (PyUnicode_READ(kind, data, length - size + i) != (Py_UCS4)(unsigned char)tail[i])
            return 0;
    return 1;
}

/* The content key of one lower-cased word, or Py_None (a new reference either way):
 * content_key() of cleaner/words.py, which lower-cases first (lowering is idempotent, so a
 * lowered word gives the same key). */
static PyObject *key_of(PyObject *word, PyObject *stop_words) {
    const int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    Py_ssize_t length = PyUnicode_GET_LENGTH(word);
    /* Possessive endings, in content_key's order: 's ’s ' ’ (the first that fits goes). */
    if (length >= 2 && PyUnicode_READ(kind, data, length - 1) == 's'
            && is_apostrophe(PyUnicode_READ(kind, data, length - 2)))
        length -= 2;
    else if (length >= 1 && is_apostrophe(PyUnicode_READ(kind, data, length - 1)))
        length -= 1;
    if (length < 3)
        Py_RETURN_NONE;
    /* Most words have no possessive ending: then the word itself is the key so far. */
    PyObject *key = length == PyUnicode_GET_LENGTH(word) ? Py_NewRef(word)
                                                         : PyUnicode_Substring(word, 0, length);
    if (key == NULL)
        return NULL;
    int stop = PySet_Contains(stop_words, key);
    if (stop != 0) {
        Py_DECREF(key);
        if (stop < 0)
            return NULL;
        Py_RETURN_NONE;
    }
    if (length > 4 && ends_with_ascii(kind, data, length, "ies")) {
        PyObject *stem = PyUnicode_Substring(word, 0, length - 3);
        Py_DECREF(key);
        if (stem == NULL)
            return NULL;
        PyObject *folded = PyUnicode_FromFormat("%Uy", stem);
        Py_DECREF(stem);
        return folded;
    }
    if (length > 3 && ends_with_ascii(kind, data, length, "s") && !ends_with_ascii(kind, data, length, "ss")) {
        Py_DECREF(key);
        return PyUnicode_Substring(word, 0, length - 1);
    }
    return key;
}

/* content_keys(lowered, stop_words) -> frozenset: the content keys of a line's lower-cased
 * words (Line.content_keys). */
static PyObject *content_keys(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyTuple_Check(args[0]) || !PyAnySet_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "content_keys(lowered: tuple[str, ...], stop_words: frozenset)");
        return NULL;
    }
    PyObject *lowered = args[0], *stop_words = args[1];
    PyObject *keys = PyFrozenSet_New(NULL);
    if (keys == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(lowered); i++) {
        PyObject *word = PyTuple_GET_ITEM(lowered, i);
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "content_keys(): the words must be str");
            Py_DECREF(keys);
            return NULL;
        }
        PyObject *key = key_of(word, stop_words);
        if (key == NULL) {
            Py_DECREF(keys);
            return NULL;
        }
        /* Filling a brand-new frozenset before anyone sees it is what PySet_Add allows. */
        int failed = key != Py_None && PySet_Add(keys, key) < 0;
        Py_DECREF(key);
        if (failed) {
            Py_DECREF(keys);
            return NULL;
        }
    }
    return keys;
}

PyMethodDef cleaner_word_methods[] = {
    {"split_words", (PyCFunction)split_words, METH_O,
     "split_words(text) -> (words, lowered): tuple(WORD.findall(text)) and the words lower-cased."},
    {"content_keys", (PyCFunction)(void (*)(void))content_keys, METH_FASTCALL,
     "content_keys(lowered, stop_words) -> frozenset[str]: Line.content_keys."},
    {NULL, NULL, 0, NULL},
};
