/* Indexes of a document's lines (twins of index_words, index_first_words, index_keys and lines_up_to in
 * cleaner/document.py): rules find the lines that concern them through these instead of
 * visiting every line, so building them is the one pass over the page they all share. */
#include "speedups.h"

/* interned attribute names */
static PyObject *name_lowered, *name_words, *name_is_blank, *name_stripped, *name_is_attribution,
    *name_key, *name_core, *kwnames_timeout;
static PyObject *name_id, *name_content_keys; /* interned on first use */

static int intern_names(void) {
    if (name_lowered != NULL)
        return 0;
    name_lowered = PyUnicode_InternFromString("lowered");
    name_words = PyUnicode_InternFromString("words");
    name_is_blank = PyUnicode_InternFromString("is_blank");
    name_stripped = PyUnicode_InternFromString("stripped");
    name_is_attribution = PyUnicode_InternFromString("is_attribution");
    name_key = PyUnicode_InternFromString("key");
    name_core = PyUnicode_InternFromString("core");
    kwnames_timeout = Py_BuildValue("(s)", "timeout"); /* pattern.fullmatch(core, timeout=...) */
    return (name_lowered && name_words && name_is_blank && name_stripped && name_is_attribution
            && name_key && name_core && kwnames_timeout) ? 0 : -1;
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
    (void)self;
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
        PyObject *lowered = line_tuple(PyList_GET_ITEM(lines, number), name_lowered);
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
    (void)self;
    if (check_lines(lines) < 0)
        return NULL;
    PyObject *found = PyDict_New();
    if (found == NULL)
        return NULL;
    for (Py_ssize_t number = 0; number < PyList_GET_SIZE(lines); number++) {
        PyObject *lowered = line_tuple(PyList_GET_ITEM(lines, number), name_lowered);
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

/* index_keys(lines) -> {content key: [index of each line whose content_keys hold it, ...]},
 * for the keys at least two lines hold, in the order their second line comes (document.py's
 * index_keys). Most keys of a page stand on one line: they get no list, only an entry in
 * `first`, which the reference keeps too. */
static int index_key(PyObject *found, PyObject *first, PyObject *key, PyObject *number) {
    PyObject *indices = PyDict_GetItemWithError(found, key); /* borrowed */
    if (indices != NULL)
        return PyList_Append(indices, number);
    if (PyErr_Occurred())
        return -1;
    PyObject *earlier = PyDict_GetItemWithError(first, key); /* borrowed */
    if (earlier == NULL)
        return PyErr_Occurred() ? -1 : PyDict_SetItem(first, key, number);
    if ((indices = PyList_New(2)) == NULL)
        return -1;
    PyList_SET_ITEM(indices, 0, Py_NewRef(earlier));
    PyList_SET_ITEM(indices, 1, Py_NewRef(number));
    int failed = PyDict_SetItem(found, key, indices);
    Py_DECREF(indices);
    return failed;
}

static PyObject *index_keys_by_dicts(PyObject *lines) {
    PyObject *found = PyDict_New(), *first = PyDict_New();
    if (found == NULL || first == NULL)
        goto fail;
    for (Py_ssize_t at = 0; at < PyList_GET_SIZE(lines); at++) {
        /* the reference's `for key in line.content_keys`: any iterable, in its own order */
        PyObject *keys = line_attr(PyList_GET_ITEM(lines, at), name_content_keys);
        PyObject *each = keys ? PyObject_GetIter(keys) : NULL, *key;
        Py_XDECREF(keys);
        PyObject *number = each ? PyLong_FromSsize_t(at) : NULL;
        if (number == NULL) {
            Py_XDECREF(each);
            goto fail;
        }
        int failed = 0;
        while (!failed && (key = PyIter_Next(each)) != NULL) {
            failed = index_key(found, first, key, number) < 0;
            Py_DECREF(key);
        }
        Py_DECREF(number);
        Py_DECREF(each);
        if (failed || PyErr_Occurred())
            goto fail;
    }
    Py_DECREF(first);
    return found;
fail:
    Py_XDECREF(found);
    Py_XDECREF(first);
    return NULL;
}

/* The same index with the first line of each key kept in a small open-addressing table of
 * this call instead of a dict: a page's keys are mostly on one line each, and the dict of them
 * all, its growth and its scattered look-ups were most of the cost of the index (memory, not
 * instructions). Only a key's second line makes Python objects: its list, put in `found` right
 * then, so `found` keeps the reference's order. Keys must be exact str (compared by content as
 * dict compares str); any other key sends the whole page to index_keys_by_dicts, whose dicts
 * ask the key's own __eq__ and __hash__. */
typedef struct {
    Py_hash_t hash;
    PyObject *key;       /* a strong reference; NULL: the slot is free */
    Py_ssize_t first;    /* the first line holding the key */
    PyObject *indices;   /* its list once a second line holds it (borrowed from `found`) */
} KeySlot;

static int same_str(PyObject *a, PyObject *b) {
    if (a == b)
        return 1;
    /* exact str objects are in canonical form: equal text means equal kind and length */
    Py_ssize_t length = PyUnicode_GET_LENGTH(a);
    return length == PyUnicode_GET_LENGTH(b) && PyUnicode_KIND(a) == PyUnicode_KIND(b)
        && memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b), (size_t)length * PyUnicode_KIND(a)) == 0;
}

/* The slot of `key`, or the free slot where it goes; with key NULL, the first free slot of
 * `hash` (moving the keys to a larger table: they are all distinct). */
static KeySlot *key_slot(KeySlot *table, size_t mask, Py_hash_t hash, PyObject *key) {
    size_t i = (size_t)hash & mask, perturb = (size_t)hash;
    for (;;) {
        KeySlot *slot = &table[i];
        if (slot->key == NULL || (key != NULL && slot->hash == hash && same_str(slot->key, key)))
            return slot;
        perturb >>= 5;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

/* 1 with the index in *result, 0 if a key is not an exact str (nothing made), -1 on error. */
static int index_str_keys(PyObject *lines, PyObject **result) {
    size_t capacity = 256, used = 0;
    KeySlot *table = PyMem_Calloc(capacity, sizeof(KeySlot));
    PyObject *found = PyDict_New();
    int outcome = -1;
    if (table == NULL || found == NULL) {
        if (table == NULL)
            PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t at = 0; at < PyList_GET_SIZE(lines); at++) {
        /* the reference's `for key in line.content_keys`: any iterable, in its own order */
        PyObject *keys = line_attr(PyList_GET_ITEM(lines, at), name_content_keys);
        PyObject *each = keys ? PyObject_GetIter(keys) : NULL, *key;
        Py_XDECREF(keys);
        if (each == NULL)
            goto done;
        while ((key = PyIter_Next(each)) != NULL) {
            if (!PyUnicode_CheckExact(key)) {
                Py_DECREF(key);
                Py_DECREF(each);
                outcome = 0;
                goto done;
            }
            Py_hash_t hash = PyObject_Hash(key);  /* a str's hash: cached after the first time */
            if (hash == -1) {
                Py_DECREF(key);
                Py_DECREF(each);
                goto done;
            }
            KeySlot *slot = key_slot(table, capacity - 1, hash, key);
            int failed = 0;
            if (slot->key == NULL) {  /* the key's first line */
                slot->hash = hash;
                slot->key = Py_NewRef(key);
                slot->first = at;
                slot->indices = NULL;
                if (++used * 2 > capacity) {  /* grow: at most half the slots in use */
                    KeySlot *grown = PyMem_Calloc(capacity * 2, sizeof(KeySlot));
                    if (grown == NULL) {
                        PyErr_NoMemory();
                        failed = 1;
                    } else {
                        for (size_t i = 0; i < capacity; i++)
                            if (table[i].key != NULL)
                                *key_slot(grown, capacity * 2 - 1, table[i].hash, NULL) = table[i];
                        PyMem_Free(table);
                        table = grown;
                        capacity *= 2;
                    }
                }
            } else if (slot->indices != NULL) {  /* a third line or later */
                PyObject *number = PyLong_FromSsize_t(at);
                failed = number == NULL || PyList_Append(slot->indices, number) < 0;
                Py_XDECREF(number);
            } else {  /* the second line: the key goes into the index now */
                PyObject *indices = PyList_New(2), *one = PyLong_FromSsize_t(slot->first),
                         *two = PyLong_FromSsize_t(at);
                if (indices == NULL || one == NULL || two == NULL) {
                    Py_XDECREF(one);
                    Py_XDECREF(two);
                    failed = 1;
                } else {
                    PyList_SET_ITEM(indices, 0, one);
                    PyList_SET_ITEM(indices, 1, two);
                    failed = PyDict_SetItem(found, slot->key, indices) < 0;
                    slot->indices = indices;  /* `found` holds it */
                }
                Py_XDECREF(indices);
            }
            Py_DECREF(key);
            if (failed) {
                Py_DECREF(each);
                goto done;
            }
        }
        Py_DECREF(each);
        if (PyErr_Occurred())
            goto done;
    }
    *result = Py_NewRef(found);
    outcome = 1;
done:
    if (table != NULL) {
        for (size_t i = 0; i < capacity; i++)
            Py_XDECREF(table[i].key);
        PyMem_Free(table);
    }
    Py_XDECREF(found);
    return outcome;
}

static PyObject *index_keys(PyObject *self, PyObject *lines) {
    (void)self;
    if (check_lines(lines) < 0)
        return NULL;
    if (name_content_keys == NULL && (name_content_keys = PyUnicode_InternFromString("content_keys")) == NULL)
        return NULL;
    PyObject *found = NULL;
    int indexed = index_str_keys(lines, &found);
    if (indexed < 0)
        return NULL;
    return indexed ? found : index_keys_by_dicts(lines);
}

/* lines_up_to(lines, max_words) -> [index of each non-blank line of at most max_words words] */
static PyObject *lines_up_to(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
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
        int is_blank = line_flag(line, name_is_blank);
        if (is_blank < 0)
            goto fail;
        if (is_blank)
            continue;
        PyObject *words = line_tuple(line, name_words);
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

/* --- the pattern rules' pass (twin of PatternPass.python_find in cleaner/rules/pattern_pass.py) --
 *
 * The reference asks each rule for its candidate lines (LineMatcher.candidate_lines), gathers
 * them into a line -> rules table, then calls LineMatcher.matches on each. A line a rule does
 * not name as a candidate never matches it and makes no call (no key, no pattern) when matches
 * is asked anyway: the phrase test needs the phrase's first word (or no words), the pattern
 * needs the gate, and both of those put a line among the candidates. So the same removals and
 * the same calls, in the same order, come from one walk over the lines trying every rule whose
 * max_words admits the line, in rule order, with matches' own tests; this does that walk in C,
 * leaving only the regex (with its time limit) and the lazy line.key to Python. Each rule's
 * verdicts are memoised in the matcher's own dict (LineMatcher.pattern_memo, keyed by
 * line.core), read and filled here as matches_pattern does: both ask line.core of the same
 * lines and call a pattern only on a text its memo lacks, so with the same memos the calls are
 * still the same. */

typedef struct {
    PyObject *rule, *phrases, *first_words, *fullmatch, *gate_words, *symbols, *timed_out, *memo;
    Py_ssize_t max_words, max_phrase_words;
    int any_words, needs_digit;
} PassRule; /* borrowed references: the plan tuple outlives the call */

static int read_size(PyObject *value, Py_ssize_t *out) {
    if (!PyLong_Check(value)) {
        PyErr_SetString(PyExc_TypeError, "pattern pass plan: counts must be int");
        return -1;
    }
    *out = PyLong_AsSsize_t(value);
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

/* One rule's plan: (rule, max_words, phrases or None, phrase_first_words, max_phrase_words,
 * pattern.fullmatch or None, any_words: bool, gate_words, gate_symbols: tuple[str],
 * needs_digit: bool, timed_out(line, context), pattern_memo: dict[str, bool]) */
static int read_pass_rule(PyObject *item, PassRule *out) {
    if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 12) {
        PyErr_SetString(PyExc_TypeError, "pattern pass plan: each rule must be a 12-tuple");
        return -1;
    }
    out->rule = PyTuple_GET_ITEM(item, 0);
    out->phrases = PyTuple_GET_ITEM(item, 2);
    out->first_words = PyTuple_GET_ITEM(item, 3);
    out->fullmatch = PyTuple_GET_ITEM(item, 5);
    out->gate_words = PyTuple_GET_ITEM(item, 7);
    out->symbols = PyTuple_GET_ITEM(item, 8);
    out->timed_out = PyTuple_GET_ITEM(item, 10);
    out->memo = PyTuple_GET_ITEM(item, 11);
    if (out->phrases == Py_None)
        out->phrases = NULL;
    if (out->fullmatch == Py_None)
        out->fullmatch = NULL;
    if ((out->phrases && (!PyAnySet_Check(out->phrases) || !PyAnySet_Check(out->first_words)))
            || !PyAnySet_Check(out->gate_words) || !PyTuple_Check(out->symbols)
            || (out->fullmatch && (!PyCallable_Check(out->fullmatch) || !PyCallable_Check(out->timed_out)
                                   || !PyDict_Check(out->memo)))) {
        PyErr_SetString(PyExc_TypeError, "pattern pass plan: phrases and words must be sets, "
                        "symbols a tuple, pattern and timed_out callables, the memo a dict");
        return -1;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(out->symbols); i++) {
        if (!PyUnicode_Check(PyTuple_GET_ITEM(out->symbols, i))) {
            PyErr_SetString(PyExc_TypeError, "pattern pass plan: symbols must be str");
            return -1;
        }
    }
    if (read_size(PyTuple_GET_ITEM(item, 1), &out->max_words) < 0
            || read_size(PyTuple_GET_ITEM(item, 4), &out->max_phrase_words) < 0)
        return -1;
    out->any_words = PyObject_IsTrue(PyTuple_GET_ITEM(item, 6));
    out->needs_digit = PyObject_IsTrue(PyTuple_GET_ITEM(item, 9));
    return (out->any_words < 0 || out->needs_digit < 0) ? -1 : 0;
}

/* Whether the line's stripped text holds a decimal digit: 1, 0 or -1 with an exception.
 * `\d` of a str pattern is exactly Py_UNICODE_ISDECIMAL in CPython's sre. */
static int has_digit(PyObject *line) {
    PyObject *text = line_str(line, name_stripped);
    if (text == NULL)
        return -1;
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    int found = 0;
    for (Py_ssize_t i = 0, n = PyUnicode_GET_LENGTH(text); i < n && !found; i++)
        found = Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, i));
    Py_DECREF(text);
    return found;
}

/* Whether one of `symbols` (a tuple of str) occurs in line.stripped: 1, 0 or -1. */
static int has_symbol(PyObject *line, PyObject *symbols) {
    PyObject *text = line_attr(line, name_stripped);
    if (text == NULL)
        return -1;
    int found = 0;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(symbols) && found == 0; i++)
        found = PySequence_Contains(text, PyTuple_GET_ITEM(symbols, i));
    Py_DECREF(text);
    return found;
}

/* The indexed words of one line: hit_word[h] for h = first, next_hit[first], ... until -1. */
typedef struct {
    Py_ssize_t first;
    const Py_ssize_t *next_hit;
    PyObject *const *hit_word;
} Hits;

/* Whether `number` is in `removed` (asked only before the first key or pattern a line costs,
 * as the reference asks it only of candidate lines): 1, 0 or -1. */
static int is_removed(PyObject *removed, Py_ssize_t number) {
    PyObject *index = PyLong_FromSsize_t(number);
    if (index == NULL)
        return -1;
    int gone = PySequence_Contains(removed, index);
    Py_DECREF(index);
    return gone;
}

/* LineMatcher.matches of each rule in turn (those whose max_words admit the line): 1 with
 * *which set at the first that matches, 0 when none does or the line is in `removed`, -1 with
 * an exception. */
static int first_match(const PassRule *rules, Py_ssize_t nrules, PyObject *line, Py_ssize_t number,
                       Py_ssize_t count, PyObject *first, const Hits *hits, PyObject *removed,
                       PyObject *context, PyObject *timeout, Py_ssize_t memo_size, Py_ssize_t *which) {
    int gone = -2, digit = -2; /* -2: not asked yet */
    for (Py_ssize_t r = 0; r < nrules; r++) {
        const PassRule *rule = &rules[r];
        if (count > rule->max_words)
            continue;
        /* a phrase: looked up by the folded key only for a line of at most max_phrase_words
         * words starting with a phrase's first word, or without words */
        int phrase = 0;
        if (rule->phrases != NULL && count <= rule->max_phrase_words) {
            if (count == 0)
                phrase = 1;
            else if (first != NULL && (phrase = PySet_Contains(rule->first_words, first)) < 0)
                return -1;
        }
        if (phrase) {
            if (gone == -2 && (gone = is_removed(removed, number)) < 0)
                return -1;
            if (gone)
                return 0;
            PyObject *key = line_attr(line, name_key);
            if (key == NULL)
                return -1;
            int known = PySet_Contains(rule->phrases, key);
            Py_DECREF(key);
            if (known < 0)
                return -1;
            if (known) {
                *which = r;
                return 1;
            }
        }
        if (rule->fullmatch == NULL)
            continue;
        /* the gate (passes_gate): a digit when the rule needs one, then a gate word or symbol */
        if (rule->needs_digit) {
            if (digit == -2 && (digit = has_digit(line)) < 0)
                return -1;
            if (!digit)
                continue;
        }
        if (rule->any_words) {
            int passes = 0;
            for (Py_ssize_t h = hits->first; h >= 0 && !passes; h = hits->next_hit[h])
                if ((passes = PySet_Contains(rule->gate_words, hits->hit_word[h])) < 0)
                    return -1;
            if (!passes && PyTuple_GET_SIZE(rule->symbols) && (passes = has_symbol(line, rule->symbols)) < 0)
                return -1;
            if (!passes)
                continue;
        }
        if (gone == -2 && (gone = is_removed(removed, number)) < 0)
            return -1;
        if (gone)
            return 0;
        /* matches_pattern: memo[line.core], else pattern.fullmatch(line.core, timeout=timeout)
         * is not None, stored unless it raised (a timeout is never a verdict) */
        PyObject *call[2] = {line_attr(line, name_core), timeout};
        if (call[0] == NULL)
            return -1;
        PyObject *known = PyDict_GetItemWithError(rule->memo, call[0]); /* borrowed */
        if (known == NULL && PyErr_Occurred()) {
            Py_DECREF(call[0]);
            return -1;
        }
        if (known != NULL) {
            Py_DECREF(call[0]);
            if (known == Py_True) {
                *which = r;
                return 1;
            }
            continue;
        }
        PyObject *match = PyObject_Vectorcall(rule->fullmatch, call, 1, kwnames_timeout);
        if (match == NULL) {
            Py_DECREF(call[0]);
            if (PyErr_ExceptionMatches(PyExc_TimeoutError)) {
                /* the reference's error, naming the rule and line, raised by the matcher */
                PyErr_Clear();
                PyObject *none = PyObject_CallFunctionObjArgs(rule->timed_out, line, context, NULL);
                Py_XDECREF(none);
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_SystemError, "timed_out returned instead of raising");
            }
            return -1;
        }
        int hit = match != Py_None;
        Py_DECREF(match);
        /* a full memo is emptied in place (the matcher holds the same dict) */
        if (PyDict_GET_SIZE(rule->memo) >= memo_size)
            PyDict_Clear(rule->memo);
        int stored = PyDict_SetItem(rule->memo, call[0], hit ? Py_True : Py_False);
        Py_DECREF(call[0]);
        if (stored < 0)
            return -1;
        if (hit) {
            *which = r;
            return 1;
        }
    }
    return 0;
}

/* pattern_pass(lines, removed, plan, first_words, by_word, context, timeout, memo_size)
 *   -> [(line index, rule), ...]
 * plan: a tuple of rule plans (read_pass_rule), in rule order; first_words: the union of the
 * phrase rules' phrase_first_words (one look-up per line spares one per rule); by_word: the
 * document's index of lines by a vocabulary holding every rule's gate words (a line passes a
 * rule's word gate when one of its indexed words is a gate word: no per-word look-up here);
 * removed: the lines to skip (any container); timeout: the patterns' time limit; memo_size:
 * the entries a rule's memo of verdicts holds before it is emptied (PATTERN_MEMO_SIZE). The
 * memos are plain dicts read and written under the GIL, as the reference does. */
static PyObject *pattern_pass(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    if (nargs != 8 || check_lines(args[0]) < 0 || !PyTuple_Check(args[2]) || !PyAnySet_Check(args[3])
            || !PyDict_Check(args[4]) || !PyLong_Check(args[7])) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "pattern_pass(lines: list[Line], removed, plan: tuple, "
                            "first_words: frozenset, by_word: dict, context, timeout, memo_size: int)");
        return NULL;
    }
    Py_ssize_t memo_size = PyLong_AsSsize_t(args[7]);
    if (memo_size == -1 && PyErr_Occurred())
        return NULL;
    PyObject *lines = args[0], *removed = args[1], *plan = args[2], *first_words = args[3];
    PyObject *by_word = args[4], *context = args[5], *timeout = args[6];
    Py_ssize_t nlines = PyList_GET_SIZE(lines), nrules = PyTuple_GET_SIZE(plan);
    PyObject *found = PyList_New(0);
    PassRule *rules = PyMem_New(PassRule, nrules > 0 ? nrules : 1);
    /* the indexed words of each line, as linked lists: head[line] -> hit -> next_hit[hit] ... */
    Py_ssize_t *head = PyMem_New(Py_ssize_t, nlines > 0 ? nlines : 1);
    Py_ssize_t *next_hit = NULL, nhits = 0, max_words = -1;
    PyObject **hit_word = NULL;
    if (found == NULL || rules == NULL || head == NULL) {
        if (found != NULL)
            PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t r = 0; r < nrules; r++) {
        if (read_pass_rule(PyTuple_GET_ITEM(plan, r), &rules[r]) < 0)
            goto fail;
        if (rules[r].max_words > max_words)
            max_words = rules[r].max_words;
    }
    for (Py_ssize_t i = 0; i < nlines; i++)
        head[i] = -1;
    PyObject *word, *indices;
    Py_ssize_t position = 0;
    while (PyDict_Next(by_word, &position, &word, &indices)) {
        if (!PyList_Check(indices)) {
            PyErr_SetString(PyExc_TypeError, "by_word must map words to lists of line indices");
            goto fail;
        }
        nhits += PyList_GET_SIZE(indices);
    }
    next_hit = PyMem_New(Py_ssize_t, nhits > 0 ? nhits : 1);
    hit_word = PyMem_New(PyObject *, nhits > 0 ? nhits : 1);
    if (next_hit == NULL || hit_word == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    nhits = 0, position = 0;
    while (PyDict_Next(by_word, &position, &word, &indices)) {
        for (Py_ssize_t k = 0; k < PyList_GET_SIZE(indices); k++) {
            Py_ssize_t number = PyLong_AsSsize_t(PyList_GET_ITEM(indices, k));
            if (number == -1 && PyErr_Occurred())
                goto fail;
            if (number < 0 || number >= nlines) {
                PyErr_SetString(PyExc_ValueError, "by_word holds a line index out of range");
                goto fail;
            }
            hit_word[nhits] = word; /* borrowed: by_word holds it for the call */
            next_hit[nhits] = head[number];
            head[number] = nhits++;
        }
    }

    for (Py_ssize_t number = 0; number < nlines; number++) {
        PyObject *line = PyList_GET_ITEM(lines, number);
        int blank = line_flag(line, name_is_blank);
        if (blank < 0)
            goto fail;
        if (blank)
            continue;
        PyObject *words = line_tuple(line, name_words);
        if (words == NULL)
            goto fail;
        Py_ssize_t count = PyTuple_GET_SIZE(words);
        Py_DECREF(words);
        if (count > max_words)
            continue; /* no rule looks at a line this long */
        PyObject *first = NULL; /* the first lower-cased word, when it begins some phrase */
        PyObject *lowered = NULL;
        int failed = 0, matched = 0;
        if (count > 0) {
            lowered = line_tuple(line, name_lowered);
            if (lowered == NULL)
                goto fail;
            if (PyTuple_GET_SIZE(lowered) > 0) {
                int starts = PySet_Contains(first_words, PyTuple_GET_ITEM(lowered, 0));
                if (starts < 0)
                    failed = 1;
                else if (starts)
                    first = PyTuple_GET_ITEM(lowered, 0);
            }
        }
        Py_ssize_t which = -1;
        if (!failed) {
            const Hits hits = {head[number], next_hit, hit_word};
            matched = first_match(rules, nrules, line, number, count, first, &hits, removed,
                                  context, timeout, memo_size, &which);
            failed = matched < 0;
        }
        if (matched > 0) {
            PyObject *pair = Py_BuildValue("(nO)", number, rules[which].rule);
            failed = pair == NULL || PyList_Append(found, pair) < 0;
            Py_XDECREF(pair);
        }
        Py_XDECREF(lowered);
        if (failed)
            goto fail;
    }
    PyMem_Free(rules);
    PyMem_Free(head);
    PyMem_Free(next_hit);
    PyMem_Free(hit_word);
    return found;
fail:
    Py_XDECREF(found);
    PyMem_Free(rules);
    PyMem_Free(head);
    PyMem_Free(next_hit);
    PyMem_Free(hit_word);
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
    PyObject *words = line_tuple(line, name_words);
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
    PyObject *text = line_str(line, name_stripped);
    if (text == NULL)
        return -1;
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
    int attribution = line_flag(line, name_is_attribution);
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
    (void)self;
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
    (void)self;
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
        int skip = gone != 0 ? gone : line_flag(line, name_is_blank);
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

/* --- the marker and headline-list rules' page bookkeeping (rules/marker.py, rules/headline.py) --
 * Each of these replaced a Python loop over every line (or every removed line) that those rules
 * ran on each of their looks at a page: the engine asks them again after every round of
 * removals, so the loops ran several times per page. */

/* removed_by(removed, rule_ids) -> [index, ...]: twin of marker.python_removed_by. The keys of
 * `removed` (a dict: line index -> (rule, reason)) whose rule's id is in `rule_ids` (a set), in
 * the dict's order. A rule's removals come in runs, so its id is read and looked up once per
 * run instead of once per removed line; the answer for a rule can only be the same. */
static PyObject *removed_by(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    if (nargs != 2 || !PyDict_Check(args[0]) || !PyAnySet_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "removed_by(removed: dict, rule_ids: frozenset)");
        return NULL;
    }
    if (name_id == NULL && (name_id = PyUnicode_InternFromString("id")) == NULL)
        return NULL;
    PyObject *removed = args[0], *rule_ids = args[1];
    PyObject *found = PyList_New(0);
    PyObject *last_rule = NULL; /* a strong reference: the cache must not outlive its object */
    PyObject *held_pair = NULL, *held_key = NULL; /* an unpacked non-tuple entry and its key */
    int last_wanted = 0;
    if (found == NULL)
        return NULL;
    PyObject *key, *value;
    Py_ssize_t position = 0;
    while (PyDict_Next(removed, &position, &key, &value)) {
        /* the reference unpacks (rule, _): exactly two items of any iterable, a TypeError for
         * what is not iterable and a ValueError for another count. The engine stores tuples;
         * anything else is unpacked the slow way, into a tuple held for this entry. */
        PyObject *pair = NULL;
        if (!PyTuple_CheckExact(value)) {
            Py_INCREF(key);
            Py_XSETREF(held_key, key);
            pair = PySequence_Tuple(value);
            if (pair == NULL)
                goto fail;
            Py_XSETREF(held_pair, pair);
            value = pair;
        }
        if (PyTuple_GET_SIZE(value) != 2) {
            PyErr_Format(PyExc_ValueError, "expected 2 values to unpack (rule, reason), got %zd",
                         PyTuple_GET_SIZE(value));
            goto fail;
        }
        PyObject *rule = PyTuple_GET_ITEM(value, 0);
        if (rule != last_rule) {
            /* rule.id may run Python code that changes the dict: hold what we read from it */
            Py_INCREF(key);
            Py_INCREF(rule);
            Py_XSETREF(last_rule, rule);
            PyObject *id = PyObject_GetAttr(rule, name_id);
            last_wanted = id == NULL ? -1 : PySet_Contains(rule_ids, id);
            Py_XDECREF(id);
            int failed = last_wanted < 0 || (last_wanted && PyList_Append(found, key) < 0);
            Py_DECREF(key);
            if (failed)
                goto fail;
        } else if (last_wanted && PyList_Append(found, key) < 0) {
            goto fail;
        }
    }
    Py_XDECREF(last_rule);
    Py_XDECREF(held_pair);
    Py_XDECREF(held_key);
    return found;
fail:
    Py_XDECREF(last_rule);
    Py_XDECREF(held_pair);
    Py_XDECREF(held_key);
    Py_DECREF(found);
    return NULL;
}

/* body_keys_among(lines, in_runs, lines_by_key, removed) -> set: twin of
 * headline.python_body_keys_among. For each content key of the lines in `in_runs` (any
 * iterable of indices, each key asked once), whether a line in the key's index list is in
 * neither `removed` nor `in_runs` (any containers). */
static PyObject *body_keys_among(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    if (nargs != 4 || check_lines(args[0]) < 0 || !PyDict_Check(args[2])) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "body_keys_among(lines: list[Line], in_runs, "
                            "lines_by_key: dict, removed)");
        return NULL;
    }
    if (name_content_keys == NULL
            && (name_content_keys = PyUnicode_InternFromString("content_keys")) == NULL)
        return NULL;
    PyObject *lines = args[0], *in_runs = args[1], *by_key = args[2], *removed = args[3];
    PyObject *found = PySet_New(NULL), *asked = PySet_New(NULL), *runs = PyObject_GetIter(in_runs);
    PyObject *item = NULL, *each = NULL, *key = NULL;
    if (found == NULL || asked == NULL || runs == NULL)
        goto fail;
    while ((item = PyIter_Next(runs)) != NULL) {
        /* lines[index]: a Python index, negative ones too, as the reference subscripts */
        PyObject *line = PyObject_GetItem(lines, item);
        Py_CLEAR(item);
        if (line == NULL)
            goto fail;
        PyObject *keys = line_attr(line, name_content_keys);
        Py_DECREF(line);
        each = keys ? PyObject_GetIter(keys) : NULL;
        Py_XDECREF(keys);
        if (each == NULL)
            goto fail;
        while ((key = PyIter_Next(each)) != NULL) {
            int seen = PySet_Contains(asked, key);
            if (seen < 0 || (!seen && PySet_Add(asked, key) < 0))
                goto fail;
            if (!seen) {
                PyObject *holders = PyDict_GetItemWithError(by_key, key);  /* borrowed */
                if (holders == NULL && PyErr_Occurred())
                    goto fail;
                Py_XINCREF(holders);  /* the containment tests below may run Python code */
                PyObject *walk = holders ? PyObject_GetIter(holders) : NULL, *other;
                Py_XDECREF(holders);
                if (holders != NULL && walk == NULL)
                    goto fail;
                int in_body = 0;
                while (walk != NULL && !in_body && (other = PyIter_Next(walk)) != NULL) {
                    int out = PySequence_Contains(removed, other);
                    if (out == 0)
                        out = PySequence_Contains(in_runs, other);
                    Py_DECREF(other);
                    if (out < 0)
                        break;
                    in_body = !out;
                }
                Py_XDECREF(walk);
                if (PyErr_Occurred() || (in_body && PySet_Add(found, key) < 0))
                    goto fail;
            }
            Py_CLEAR(key);
        }
        Py_CLEAR(each);
        if (PyErr_Occurred())
            goto fail;
    }
    if (PyErr_Occurred())
        goto fail;
    Py_DECREF(asked);
    Py_DECREF(runs);
    return found;
fail:
    Py_XDECREF(key);
    Py_XDECREF(each);
    Py_XDECREF(item);
    Py_XDECREF(found);
    Py_XDECREF(asked);
    Py_XDECREF(runs);
    return NULL;
}

PyMethodDef cleaner_line_methods[] = {
    {"removed_by", (PyCFunction)(void (*)(void))removed_by, METH_FASTCALL,
     "removed_by(removed, rule_ids) -> list[int]: marker.python_removed_by."},
    {"body_keys_among", (PyCFunction)(void (*)(void))body_keys_among, METH_FASTCALL,
     "body_keys_among(lines, in_runs, lines_by_key, removed) -> set: headline.python_body_keys_among."},
    {"headline_fits", (PyCFunction)(void (*)(void))headline_fits, METH_FASTCALL,
     "headline_fits(line, min_words, max_words) -> bool: HeadlineShape.fits."},
    {"headline_runs", (PyCFunction)(void (*)(void))headline_runs, METH_FASTCALL,
     "headline_runs(lines, removed, min_words, max_words, min_lines) -> list[list[int]]: "
     "HeadlineListRule._runs."},
    {"index_words", (PyCFunction)(void (*)(void))index_words, METH_FASTCALL,
     "index_words(lines, present) -> dict[str, list[int]]: document.index_words."},
    {"pattern_pass", (PyCFunction)(void (*)(void))pattern_pass, METH_FASTCALL,
     "pattern_pass(lines, removed, plan, first_words, by_word, context, timeout, memo_size) -> "
     "list[tuple[int, rule]]: PatternPass.python_find."},
    {"index_first_words", (PyCFunction)index_first_words, METH_O,
     "index_first_words(lines) -> dict[str, list[int]]: document.index_first_words."},
    {"index_keys", (PyCFunction)index_keys, METH_O,
     "index_keys(lines) -> dict[str, list[int]]: document.index_keys."},
    {"lines_up_to", (PyCFunction)(void (*)(void))lines_up_to, METH_FASTCALL,
     "lines_up_to(lines, max_words) -> list[int]: document.lines_up_to."},
    {NULL, NULL, 0, NULL},
};
