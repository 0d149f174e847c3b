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

/* str.lower, looked up once: calling the method descriptor by vectorcall skips the method
 * lookup by name that PyObject_CallMethod makes for every word. */
static PyObject *str_lower;

/* A word lower-cased (a new reference): str.lower(), skipped for a word that is its own
 * lower-case form. ASCII lower-casing is A-Z -> a-z and nothing else; for other words, a word
 * none of whose characters has a (simple) lower-case mapping of its own is unchanged by
 * str.lower() too (its full mappings, İ and the final sigma included, only apply to characters
 * whose simple mapping changes them; tests/test_speedups_words.py checks every code point). */
static PyObject *lowered(PyObject *word) {
    Py_ssize_t length = PyUnicode_GET_LENGTH(word), i = 0;
    if (PyUnicode_IS_ASCII(word)) {
        const Py_UCS1 *chars = PyUnicode_1BYTE_DATA(word);
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
    const int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    while (i < length) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_TOLOWER(ch) != ch)
            break;
        i++;
    }
    if (i == length)
        return Py_NewRef(word);
    if (str_lower == NULL && (str_lower = PyObject_GetAttrString((PyObject *)&PyUnicode_Type, "lower")) == NULL)
        return NULL;
    return PyObject_Vectorcall(str_lower, &word, 1, NULL);
}

/* [^\W_] for an ASCII character: a digit or a letter. Py_UNICODE_ISALNUM asks four Unicode
 * tables, which is most of the cost of splitting a line of Latin text. */
static const unsigned char ascii_word_char[128] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
    ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
};

static inline int is_word_char_fast(Py_UCS4 ch) {
    return ch < 128 ? ascii_word_char[ch] : is_word_char(ch);
}

/* A tuple of str only cannot be part of a reference cycle: the garbage collector would
 * untrack it at its first collection anyway (CPython's own tuple rule). Untracking it now
 * spares the collections that run while a page's Lines are built from walking it. */
static inline void untrack(PyObject *container) {
    if (PyObject_GC_IsTracked(container))
        PyObject_GC_UnTrack(container);
}

/* The bounds of the words of a text (`kind`, `data`, `length`), as start and end pairs in
 * *bounds, which holds *capacity pairs and is grown on the heap if it must be (a stack array
 * first); the number of words, or -1 with MemoryError. Always inlined with a constant kind. */
static Py_ALWAYS_INLINE inline Py_ssize_t word_bounds(int kind, const void *data, Py_ssize_t length,
                                                      Py_ssize_t **bounds, Py_ssize_t *capacity) {
    Py_ssize_t at = 0, count = 0;
    while (at < length) {
        if (!is_word_char_fast(PyUnicode_READ(kind, data, at))) {
            at++;
            continue;
        }
        Py_ssize_t start = at;
        for (;;) {
            while (at < length && is_word_char_fast(PyUnicode_READ(kind, data, at)))
                at++;
            if (at + 1 < length && is_apostrophe(PyUnicode_READ(kind, data, at))
                    && is_word_char_fast(PyUnicode_READ(kind, data, at + 1))) {
                at++;
                continue;
            }
            break;
        }
        if (count == *capacity) {
            Py_ssize_t *grown = PyMem_Malloc(sizeof(Py_ssize_t) * 4 * (size_t)*capacity);
            if (grown == NULL) {
                PyErr_NoMemory();
                return -1;  /* the caller frees *bounds if it is on the heap */
            }
            memcpy(grown, *bounds, sizeof(Py_ssize_t) * 2 * (size_t)count);
            if (*capacity != 128)  /* not the caller's stack array */
                PyMem_Free(*bounds);
            *bounds = grown;
            *capacity *= 2;
        }
        (*bounds)[2 * count] = start;
        (*bounds)[2 * count + 1] = at;
        count++;
    }
    return count;
}

/* The words of `text` and the same words lower-cased (new references in *words and *lower;
 * 0, or -1 with an exception): WORD = [^\W_]+(?:['’][^\W_]+)*, i.e. runs of word characters
 * joined by single inner apostrophes ("Ukraine’s", "don't"); an apostrophe not followed by a
 * word character ends the word before it. Shared with document.c's new_lines, which calls it
 * without building the pair split_words() returns. Word bounds are gathered first (on the
 * stack for up to 128 words) so each tuple is made at its size, without a list between. */
int cleaner_split_words(PyObject *text, PyObject **words, PyObject **lower) {
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    Py_ssize_t local[256], *bounds = local, capacity = 128;
    *words = *lower = NULL;
    Py_ssize_t count;
    /* One copy of the scan per storage kind, so each reads its characters without the
     * per-character switch of PyUnicode_READ. */
    switch (kind) {
    case PyUnicode_1BYTE_KIND: count = word_bounds(PyUnicode_1BYTE_KIND, data, length, &bounds, &capacity); break;
    case PyUnicode_2BYTE_KIND: count = word_bounds(PyUnicode_2BYTE_KIND, data, length, &bounds, &capacity); break;
    default: count = word_bounds(PyUnicode_4BYTE_KIND, data, length, &bounds, &capacity); break;
    }
    if (count < 0)
        goto fail;
    if ((*words = PyTuple_New(count)) == NULL || (*lower = PyTuple_New(count)) == NULL)
        goto fail;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *word = PyUnicode_Substring(text, bounds[2 * i], bounds[2 * i + 1]);
        if (word == NULL)
            goto fail;
        PyTuple_SET_ITEM(*words, i, word);
        PyObject *low = lowered(word);
        if (low == NULL)
            goto fail;
        PyTuple_SET_ITEM(*lower, i, low);
    }
    if (count > 0) {  /* the empty tuple is a shared singleton: leave it alone */
        untrack(*words);
        untrack(*lower);
    }
    if (bounds != local)
        PyMem_Free(bounds);
    return 0;
fail:
    if (bounds != local)
        PyMem_Free(bounds);
    Py_CLEAR(*words);
    Py_CLEAR(*lower);
    return -1;
}

/* split_words(text) -> (words, lowered): tuple(WORD.findall(text)) and the words
 * lower-cased (see cleaner_split_words). */
static PyObject *split_words(PyObject *self, PyObject *text) {
    (void)self;  /* a module function: no self */
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "split_words() expects str, not %.100s", Py_TYPE(text)->tp_name);
        return NULL;
    }
    PyObject *words, *lower;
    if (cleaner_split_words(text, &words, &lower) < 0)
        return NULL;
    PyObject *pair = PyTuple_Pack(2, words, lower);
    Py_DECREF(words);
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

/* The content keys of a line's lower-cased words (a tuple of str, not checked here) as a new
 * frozenset, or NULL with an exception. Shared with document.c's new_lines. A frozenset of
 * exact str cannot be part of a reference cycle, so it is untracked by the garbage collector
 * (one container less per Line for every collection to walk; a dict holding only it and
 * other untracked values then stays untracked too). */
PyObject *cleaner_content_keys(PyObject *lowered, PyObject *stop_words) {
    PyObject *keys = PyFrozenSet_New(NULL);
    if (keys == NULL)
        return NULL;
    int only_str = 1;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(lowered); i++) {
        PyObject *key = key_of(PyTuple_GET_ITEM(lowered, i), stop_words);
        if (key == NULL) {
            Py_DECREF(keys);
            return NULL;
        }
        if (key == Py_None) {
            Py_DECREF(key);
            continue;
        }
        only_str &= PyUnicode_CheckExact(key);
        /* Filling a brand-new frozenset before anyone sees it is what PySet_Add allows. */
        int failed = PySet_Add(keys, key) < 0;
        Py_DECREF(key);
        if (failed) {
            Py_DECREF(keys);
            return NULL;
        }
    }
    if (only_str && PyObject_GC_IsTracked(keys))
        PyObject_GC_UnTrack(keys);
    return keys;
}

/* content_keys(lowered, stop_words) -> frozenset: the content keys of a line's lower-cased
 * words (Line.content_keys). */
static PyObject *content_keys(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;  /* a module function: no self */
    if (nargs != 2 || !PyTuple_Check(args[0]) || !PyAnySet_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "content_keys(lowered: tuple[str, ...], stop_words: frozenset)");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(args[0]); i++)
        if (!PyUnicode_Check(PyTuple_GET_ITEM(args[0], i))) {
            PyErr_SetString(PyExc_TypeError, "content_keys(): the words must be str");
            return NULL;
        }
    return cleaner_content_keys(args[0], args[1]);
}

PyMethodDef cleaner_word_methods[] = {
    {"split_words", (PyCFunction)split_words, METH_O,
     "split_words(text) -> (words, lowered): tuple(WORD.findall(text)) and the words lower-cased."},
    {"content_keys", (PyCFunction)(void (*)(void))content_keys, METH_FASTCALL,
     "content_keys(lowered, stop_words) -> frozenset[str]: Line.content_keys."},
    {NULL, NULL, 0, NULL},
};
