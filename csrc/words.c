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

/* ---- the word table ----
 *
 * Each distinct word a page uses is cut out of its line, lower-cased and given its content key
 * once, and every later use of it, on this page or another, shares those objects: over half
 * of a page's words repeat one it used before ("the", the story's names), and the same str
 * objects also carry their hash from one set or dict look-up to the next. Entries are found
 * by the word's characters (an FNV-1a hash of its code points: the same word cut out of a
 * one-byte and a two-byte line is one entry). The table holds at most WORD_TABLE_MAX_WORDS
 * words and is emptied when one more comes, so its memory is bounded; it only changes under
 * the GIL. The one call that may run Python code while an entry is in hand is the look-up in
 * the caller's stop words (a set of other objects than str could compare in Python): a key is
 * only kept if the table did not change meanwhile (word_table_changes). */
typedef struct {
    Py_uhash_t hash;
    PyObject *word;   /* the word as written; NULL: the slot is free */
    PyObject *lower;  /* the word lower-cased (the word itself when it is its own lower case) */
    PyObject *key;    /* its content key or None, worked out with word_table_stop_words; NULL: not yet */
} WordEntry;

#define WORD_TABLE_MIN_SLOTS 1024
#define WORD_TABLE_MAX_WORDS 4096  /* at most half the slots are used: 8192 slots at most */

static WordEntry *word_table;
static size_t word_table_slots;
static Py_ssize_t word_table_used;
static PyObject *word_table_stop_words;  /* a frozenset (immutable), kept alive while keys use it */
static size_t word_table_changes;  /* counts the clears, growths and key resets: entries move */

static Py_uhash_t hash_chars(int kind, const void *data, Py_ssize_t start, Py_ssize_t end) {
    Py_uhash_t hash = (Py_uhash_t)14695981039346656037ULL;
    for (Py_ssize_t i = start; i < end; i++)
        hash = (hash ^ (Py_uhash_t)PyUnicode_READ(kind, data, i)) * (Py_uhash_t)1099511628211ULL;
    return hash;
}

static int same_chars(PyObject *word, int kind, const void *data, Py_ssize_t start, Py_ssize_t end) {
    if (PyUnicode_GET_LENGTH(word) != end - start)
        return 0;
    const int word_kind = PyUnicode_KIND(word);
    const void *word_data = PyUnicode_DATA(word);
    if (word_kind == kind)
        return memcmp(word_data, (const char *)data + start * kind, (size_t)(end - start) * (size_t)kind) == 0;
    for (Py_ssize_t i = start; i < end; i++)
        if (PyUnicode_READ(word_kind, word_data, i - start) != PyUnicode_READ(kind, data, i))
            return 0;
    return 1;
}

/* The entry of the word data[start:end] of `kind`, or the free slot where it goes (a probe
 * as dict's); with data NULL, the first free slot of `hash` (moving the words to a larger
 * table: they are all distinct). */
static WordEntry *word_slot(Py_uhash_t hash, int kind, const void *data, Py_ssize_t start, Py_ssize_t end) {
    size_t mask = word_table_slots - 1, i = (size_t)hash & mask, perturb = (size_t)hash;
    for (;;) {
        WordEntry *entry = &word_table[i];
        if (entry->word == NULL
                || (data != NULL && entry->hash == hash && same_chars(entry->word, kind, data, start, end)))
            return entry;
        perturb >>= 5;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

/* Empties the table (its memory stays for the next words). */
static void word_table_clear(void) {
    for (size_t i = 0; i < word_table_slots; i++) {
        WordEntry *entry = &word_table[i];
        if (entry->word != NULL) {
            /* NULL the slot first: a deallocation cannot come back here, but stay safe */
            PyObject *word = entry->word, *lower = entry->lower, *key = entry->key;
            entry->word = entry->lower = entry->key = NULL;
            Py_DECREF(word);
            Py_DECREF(lower);
            Py_XDECREF(key);
        }
    }
    word_table_used = 0;
    word_table_changes++;
}

/* Makes room for one more word: 0, or -1 with MemoryError. */
static int word_table_room(void) {
    if (word_table_used >= WORD_TABLE_MAX_WORDS)
        word_table_clear();
    if (word_table != NULL && (size_t)(word_table_used + 1) * 2 <= word_table_slots)
        return 0;
    size_t slots = word_table == NULL ? WORD_TABLE_MIN_SLOTS : word_table_slots * 2;
    WordEntry *old = word_table, *grown = PyMem_Calloc(slots, sizeof(WordEntry));
    if (grown == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    size_t old_slots = word_table_slots;
    word_table_changes++;
    word_table = grown;
    word_table_slots = slots;
    for (size_t i = 0; i < old_slots; i++)
        if (old[i].word != NULL)
            *word_slot(old[i].hash, 0, NULL, 0, 0) = old[i];  /* words are distinct: any free slot */
    PyMem_Free(old);
    return 0;
}

/* The entry of the word text[start:end] (borrowed: valid until the next word goes in), added
 * if it is new; NULL with an exception. */
static WordEntry *word_entry(PyObject *text, int kind, const void *data, Py_ssize_t start, Py_ssize_t end) {
    Py_uhash_t hash = hash_chars(kind, data, start, end);
    if (word_table != NULL) {
        WordEntry *entry = word_slot(hash, kind, data, start, end);
        if (entry->word != NULL)
            return entry;
    }
    PyObject *word = PyUnicode_Substring(text, start, end), *lower = word ? lowered(word) : NULL;
    if (lower == NULL || word_table_room() < 0) {
        Py_XDECREF(word);
        Py_XDECREF(lower);
        return NULL;
    }
    WordEntry *entry = word_slot(hash, kind, data, start, end);  /* free: the word is new */
    entry->hash = hash;
    entry->word = word;
    entry->lower = lower;
    entry->key = NULL;
    word_table_used++;
    return entry;
}

/* The content key of an entry's word, or None (a new reference; NULL with an exception),
 * worked out once per set of stop words: with a frozenset of them (immutable, and kept alive
 * while the keys use it) the entry keeps its key; with a set, which may change, nothing is kept. */
static PyObject *entry_key(WordEntry *entry, PyObject *stop_words) {
    /* the lower-cased word is held here: Python code run by the look-up may empty the table */
    PyObject *lower = Py_NewRef(entry->lower), *key;
    if (!PyFrozenSet_CheckExact(stop_words)) {
        key = key_of(lower, stop_words);
        Py_DECREF(lower);
        return key;
    }
    if (stop_words != word_table_stop_words) {
        word_table_changes++;
        for (size_t i = 0; i < word_table_slots; i++)
            Py_CLEAR(word_table[i].key);
        /* dropping the old stop words may run Python code (their items' deallocation): the
         * entry is not touched after it; its key is kept from the next use on */
        Py_XSETREF(word_table_stop_words, Py_NewRef(stop_words));
        key = key_of(lower, stop_words);
        Py_DECREF(lower);
        return key;
    }
    if (entry->key != NULL) {
        Py_DECREF(lower);
        return Py_NewRef(entry->key);
    }
    size_t changes = word_table_changes;
    key = key_of(lower, stop_words);
    Py_DECREF(lower);
    if (key != NULL && word_table_changes == changes)
        entry->key = Py_NewRef(key);  /* `entry` still stands where it stood */
    return key;
}

/* The words of `text` and the same words lower-cased (new references in *words and *lower;
 * 0, or -1 with an exception): WORD = [^\W_]+(?:['’][^\W_]+)*, i.e. runs of word characters
 * joined by single inner apostrophes ("Ukraine’s", "don't"); an apostrophe not followed by a
 * word character ends the word before it. With `keys` (document.c's new_lines), also the
 * frozenset of the words' content keys under `stop_words` (what cleaner_content_keys gives),
 * or NULL in *keys for a text without words. Word bounds are gathered first (on the stack for
 * up to 128 words) so each tuple is made at its size, without a list between; each word then
 * comes from the word table. */
int cleaner_split_line(PyObject *text, PyObject *stop_words, PyObject **words, PyObject **lower,
                       PyObject **keys) {
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    Py_ssize_t local[256], *bounds = local, capacity = 128;
    *words = *lower = NULL;
    if (keys != NULL)
        *keys = NULL;
    Py_ssize_t count;
    int only_str = 1;
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
    if (keys != NULL && count > 0 && (*keys = PyFrozenSet_New(NULL)) == NULL)
        goto fail;
    for (Py_ssize_t i = 0; i < count; i++) {
        /* the entry is borrowed until the next word goes in: everything is taken from it now */
        WordEntry *entry = word_entry(text, kind, data, bounds[2 * i], bounds[2 * i + 1]);
        if (entry == NULL)
            goto fail;
        PyTuple_SET_ITEM(*words, i, Py_NewRef(entry->word));
        PyTuple_SET_ITEM(*lower, i, Py_NewRef(entry->lower));
        if (keys == NULL || count == 0)
            continue;
        PyObject *key = entry_key(entry, stop_words);
        if (key == NULL)
            goto fail;
        if (key != Py_None) {
            only_str &= PyUnicode_CheckExact(key);
            /* Filling a brand-new frozenset before anyone sees it is what PySet_Add allows. */
            if (PySet_Add(*keys, key) < 0) {
                Py_DECREF(key);
                goto fail;
            }
        }
        Py_DECREF(key);
    }
    if (count > 0) {  /* the empty tuple is a shared singleton: leave it alone */
        untrack(*words);
        untrack(*lower);
        if (keys != NULL && only_str)  /* see cleaner_content_keys */
            untrack(*keys);
    }
    if (bounds != local)
        PyMem_Free(bounds);
    return 0;
fail:
    if (bounds != local)
        PyMem_Free(bounds);
    Py_CLEAR(*words);
    Py_CLEAR(*lower);
    if (keys != NULL)
        Py_CLEAR(*keys);
    return -1;
}

/* split_words(text) -> (words, lowered): tuple(WORD.findall(text)) and the words
 * lower-cased (see cleaner_split_line). */
static PyObject *split_words(PyObject *self, PyObject *text) {
    (void)self;  /* a module function: no self */
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "split_words() expects str, not %.100s", Py_TYPE(text)->tp_name);
        return NULL;
    }
    PyObject *words, *lower;
    if (cleaner_split_line(text, NULL, &words, &lower, NULL) < 0)
        return NULL;
    PyObject *pair = PyTuple_Pack(2, words, lower);
    Py_DECREF(words);
    Py_DECREF(lower);
    return pair;
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

/* _word_table() -> (words held, slots, most words held): for tests of its bounds. */
static PyObject *word_table_state(PyObject *self, PyObject *unused) {
    (void)self;
    (void)unused;
    return Py_BuildValue("(nnn)", word_table_used, (Py_ssize_t)word_table_slots,
                         (Py_ssize_t)WORD_TABLE_MAX_WORDS);
}

PyMethodDef cleaner_word_methods[] = {
    {"_word_table", word_table_state, METH_NOARGS,
     "_word_table() -> (words held, slots, most words held): the shared table of words."},
    {"split_words", (PyCFunction)split_words, METH_O,
     "split_words(text) -> (words, lowered): tuple(WORD.findall(text)) and the words lower-cased."},
    {"content_keys", (PyCFunction)(void (*)(void))content_keys, METH_FASTCALL,
     "content_keys(lowered, stop_words) -> frozenset[str]: Line.content_keys."},
    {NULL, NULL, 0, NULL},
};
