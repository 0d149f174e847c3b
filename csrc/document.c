/* The line model and the engine's per-line bookkeeping (twins of cleaner/document.py's Line
 * construction and of per-line loops in cleaner/pipeline.py, layout.py and rules/engine.py).
 *
 * Every page builds one Line per input line, and the rules then read a few lazily computed
 * properties of most of them: in Python that is a constructor call per line plus a descriptor
 * call per property read. Here the Lines are built in one call, and the properties that are
 * cheap to know (or that nearly every line is asked for) are stored at once, as the value the
 * property would compute, so the rules read them from the instance without calling anything. */
#include "speedups.h"
#include <structmember.h>  /* T_OBJECT_EX, READONLY: the slots' member descriptors */

static PyObject *s_text, *s_words, *s_lowered, *s_stripped, *s_is_blank,
    *s_content_keys, *s_ends_like_sentence, *s_is_attribution, *s_core;

static int intern_names(void) {
    static struct { PyObject **name; const char *text; } names[] = {
        {&s_text, "text"}, {&s_words, "words"}, {&s_lowered, "lowered"},
        {&s_stripped, "stripped"}, {&s_is_blank, "is_blank"}, {&s_content_keys, "content_keys"},
        {&s_ends_like_sentence, "ends_like_sentence"}, {&s_is_attribution, "is_attribution"},
        {&s_core, "core"},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (*names[i].name == NULL && (*names[i].name = PyUnicode_InternFromString(names[i].text)) == NULL)
            return -1;
    return 0;
}

#define AT(i) PyUnicode_READ(kind, data, (i))

static inline int is_closer(Py_UCS4 ch) {  /* ["'”’»)\]] */
    return ch == '"' || ch == '\'' || ch == 0x201D || ch == 0x2019 || ch == 0xBB || ch == ')' || ch == ']';
}

static inline int is_sentence_end(Py_UCS4 ch) {  /* [.!?…:;] */
    return ch == '.' || ch == '!' || ch == '?' || ch == 0x2026 || ch == ':' || ch == ';';
}

/* Line.ends_like_sentence: _SENTENCE_END = [.!?…:;]["'”’»)\]]*\s*$ searched in the text. The
 * two classes are disjoint, so a match is unique if any: past the trailing whitespace and then
 * the closing quotes and brackets, the character before must be sentence punctuation. */
static int ends_like_sentence(int kind, const void *data, Py_ssize_t end) {
    while (end > 0 && Py_UNICODE_ISSPACE(AT(end - 1)))
        end--;
    while (end > 0 && is_closer(AT(end - 1)))
        end--;
    return end > 0 && is_sentence_end(AT(end - 1));
}

/* Whether _ATTRIBUTION (matched at the start, ignoring case) may match the text whose first
 * non-space character is at `start`: most lines fail it at their first word, which is decided
 * here without running the pattern. Its branches start with a dash or a bracket (left to the
 * pattern), or with one of ATTRIBUTION_WORDS followed by a space or a colon: a first word of
 * ASCII letters only that is none of them rules the pattern out. A word with any other letter
 * is left to the pattern, since ignoring case matches letters such as the long s (ſ) or the
 * dotless i (ı) to ASCII ones. (Checked on every character of most scripts at each place in
 * those words: tests/test_speedups_document.py.) */
static const char *const ATTRIBUTION_WORDS[] = {
    "additional", "reporting", "editing", "writing", "compiled", "translated", "research",
    "source", "sources", "via", "credit", NULL,
};

static int may_be_attribution(int kind, const void *data, Py_ssize_t start, Py_ssize_t end) {
    Py_UCS4 first = AT(start);
    if (first == 0x2014 || first == 0x2013 || first == '-' || first == '(')
        return 1;
    char word[16];
    Py_ssize_t length = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 ch = AT(i);
        if (ch >= 128 && Py_UNICODE_ISALPHA(ch))
            return 1;  /* ignoring case, it may stand for an ASCII letter */
        if (ch >= 128 || !((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z'))
            break;  /* the word ends (a space, a colon, a digit, ...) */
        if (length == (Py_ssize_t)sizeof(word) - 1)
            return 0;  /* longer than any of the words */
        word[length++] = (char)(ch | 0x20);
    }
    word[length] = '\0';
    for (const char *const *candidate = ATTRIBUTION_WORDS; *candidate != NULL; candidate++)
        if (strcmp(word, *candidate) == 0)
            return 1;
    return 0;
}

/* Whether `ch`, the first or last character of the stripped text, is plainly no decoration
 * (Line.core's _is_decoration): an ASCII character other than the pipe, the star and the
 * ASCII math and modifier symbols (+ < = > ~ ^ `), or a letter (category L*). Others are left
 * to the property, which looks their category up. */
static int plainly_no_decoration(Py_UCS4 ch) {
    if (ch < 128)
        return strchr("|*+<=>~^`", (int)ch) == NULL || ch == 0;
    return Py_UNICODE_ISALPHA(ch);
}

/* Store `value` (a new reference, or NULL on error) as `name` of `line`; -1 on error. A name
 * the class makes a lazy property lands in the instance's __dict__, where the property is
 * never asked again. */
static int store(PyObject *line, PyObject *name, PyObject *value) {
    if (value == NULL)
        return -1;
    int failed = PyObject_SetAttr(line, name, value);
    Py_DECREF(value);
    return failed;
}

/* words.c: a line's words and lower-cased words, and the content keys of the latter (called
 * directly: no argument tuple, no (words, lowered) pair to build and unpack per line). */
int cleaner_split_line(PyObject *text, PyObject *stop_words, PyObject **words, PyObject **lower,
                       PyObject **keys);

/* Where Line.__init__'s attributes live: the __slots__ of the class, written directly at
 * their offsets (what the slot descriptors' setters do on an object whose slots are empty),
 * instead of a generic setattr that looks each name up on the type for every line. */
enum { SLOT_TEXT, SLOT_WORDS, SLOT_LOWERED, SLOT_STRIPPED, SLOT_IS_BLANK, SLOT_CONTENT_KEYS,
       SLOT_ENDS_LIKE_SENTENCE, SLOT_IS_ATTRIBUTION, SLOT_CORE, SLOTS };
_Static_assert(SLOTS == CLEANER_LINE_SLOTS, "speedups.h reads these slots");

/* The offset of the object slot `name` of `type` (from __slots__), or -1 with TypeError if
 * `name` is not a writable object slot there. */
static Py_ssize_t slot_offset(PyTypeObject *type, PyObject *name) {
    PyObject *descriptor = PyObject_GetAttr((PyObject *)type, name);
    if (descriptor == NULL)
        return -1;
    Py_ssize_t offset = -1;
    if (Py_IS_TYPE(descriptor, &PyMemberDescr_Type)) {
        PyMemberDef *member = ((PyMemberDescrObject *)descriptor)->d_member;
        if (member->type == T_OBJECT_EX && !(member->flags & READONLY) && member->offset > 0)
            offset = member->offset;
    }
    Py_DECREF(descriptor);
    if (offset < 0)
        PyErr_Format(PyExc_TypeError, "new_lines(): %.100s.%U is not a writable slot", type->tp_name, name);
    return offset;
}

PyTypeObject *cleaner_line_type;
CleanerSlot cleaner_line_slots[CLEANER_LINE_SLOTS];
PyObject *cleaner_stop_words;

/* Record `type` (whose slots lie at `slots`) and its stop words for line_attr (speedups.h). */
static void record_line_type(PyTypeObject *type, PyObject *const *names, const Py_ssize_t *slots,
                             PyObject *stop_words) {
    if (cleaner_line_type == type && cleaner_stop_words == stop_words)
        return;
    Py_XSETREF(cleaner_line_type, (PyTypeObject *)Py_NewRef(type));
    Py_XSETREF(cleaner_stop_words, Py_NewRef(stop_words));
    for (int i = 0; i < CLEANER_LINE_SLOTS; i++)
        cleaner_line_slots[i] = (CleanerSlot){names[i], slots[i]};  /* names: interned, immortal */
}

static inline void set_slot(PyObject *line, Py_ssize_t offset, PyObject *value) {
    *(PyObject **)((char *)line + offset) = value;  /* steals `value`; the slot was empty */
}

/* One Line of `text` (already without trailing whitespace): every slot of the line type,
 * i.e. what Line.__init__ sets and the properties the rules read of nearly every line, stored
 * as the values Line's lazy properties compute (`core_of` is Line.core's function, called for
 * the few lines with a character at an end that may be decoration). */
static PyObject *new_line(PyTypeObject *type, PyObject *empty, const Py_ssize_t *slots,
                          PyObject *text, PyObject *no_keys,
                          PyObject *stop_words, PyObject *attribution_match, PyObject *core_of) {
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t start = 0, end = PyUnicode_GET_LENGTH(text);
    while (start < end && Py_UNICODE_ISSPACE(AT(start)))
        start++;
    while (end > start && Py_UNICODE_ISSPACE(AT(end - 1)))
        end--;
    PyObject *line = type->tp_new(type, empty, NULL);  /* Line.__new__(StoredLine): no __init__ */
    if (line == NULL)
        return NULL;
    PyObject *words, *lowered, *stripped, *keys;
    if (cleaner_split_line(text, stop_words, &words, &lowered, &keys) < 0)
        goto fail;
    set_slot(line, slots[SLOT_WORDS], words);
    set_slot(line, slots[SLOT_LOWERED], lowered);
    /* The rules ask nearly every line for its content keys. A line without words has none:
     * it shares one empty frozenset (immutable, so nobody can tell). */
    set_slot(line, slots[SLOT_CONTENT_KEYS], keys != NULL ? keys : Py_NewRef(no_keys));
    set_slot(line, slots[SLOT_TEXT], Py_NewRef(text));
    if ((stripped = PyUnicode_Substring(text, start, end)) == NULL)
        goto fail;
    set_slot(line, slots[SLOT_STRIPPED], stripped);
    set_slot(line, slots[SLOT_IS_BLANK], Py_NewRef(start == end ? Py_True : Py_False));
    set_slot(line, slots[SLOT_ENDS_LIKE_SENTENCE], Py_NewRef(
        ends_like_sentence(kind, data, PyUnicode_GET_LENGTH(text)) ? Py_True : Py_False));
    if (start == end || !may_be_attribution(kind, data, start, end)) {
        set_slot(line, slots[SLOT_IS_ATTRIBUTION], Py_NewRef(Py_False));
    } else {
        PyObject *match = PyObject_CallOneArg(attribution_match, text);
        if (match == NULL)
            goto fail;
        set_slot(line, slots[SLOT_IS_ATTRIBUTION], Py_NewRef(match == Py_None ? Py_False : Py_True));
        Py_DECREF(match);
    }
    /* Line.core is the stripped text unless its first or last character is decoration. */
    PyObject *core;
    if (start == end || (plainly_no_decoration(AT(start)) && plainly_no_decoration(AT(end - 1))))
        core = Py_NewRef(stripped);
    else if ((core = PyObject_CallOneArg(core_of, line)) == NULL)
        goto fail;
    set_slot(line, slots[SLOT_CORE], core);
    return line;
fail:
    Py_DECREF(line);  /* its deallocation clears the slots already set */
    return NULL;
}

/* new_lines(line_type, texts, stop_words, attribution_match, core_of, memo) -> list[Line]:
 * twin of document.new_lines, i.e. memo[text.rstrip()] for each text, a new line of
 * `line_type` (document.StoredLine: Line with its eager properties in slots) made from
 * text.rstrip() and put there where there is none, with split_words and content_keys of this
 * module, the _ATTRIBUTION pattern's match method and Line.core's function. (Emptying a full
 * memo is the caller's.) */
static PyObject *new_lines(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;  /* a module function: no self */
    if (nargs != 6 || !PyType_Check(args[0]) || !PyAnySet_Check(args[2]) || !PyCallable_Check(args[3])
            || !PyCallable_Check(args[4]) || !PyDict_CheckExact(args[5])) {
        PyErr_SetString(PyExc_TypeError, "new_lines(line_type, texts, stop_words: frozenset, "
                                         "attribution_match, core_of, memo: dict)");
        return NULL;
    }
    if (intern_names() < 0)
        return NULL;
    PyTypeObject *type = (PyTypeObject *)args[0];
    PyObject *memo = args[5];
    PyObject *const slot_names[SLOTS] = {s_text, s_words, s_lowered, s_stripped, s_is_blank,
                                         s_content_keys, s_ends_like_sentence, s_is_attribution, s_core};
    Py_ssize_t slots[SLOTS];
    for (int i = 0; i < SLOTS; i++)
        if ((slots[i] = slot_offset(type, slot_names[i])) < 0)
            return NULL;
    record_line_type(type, slot_names, slots, args[2]);
    PyObject *texts = PySequence_Fast(args[1], "new_lines(): texts must be a sequence of str");
    if (texts == NULL)
        return NULL;
    PyObject *empty = PyTuple_New(0), *no_keys = PyFrozenSet_New(NULL);
    Py_ssize_t count = PySequence_Fast_GET_SIZE(texts);
    PyObject *lines = PyList_New(count);
    if (empty == NULL || no_keys == NULL || lines == NULL)
        goto fail;
    if (PyObject_GC_IsTracked(no_keys))  /* empty: no cycle through it (see content keys) */
        PyObject_GC_UnTrack(no_keys);
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *text = PySequence_Fast_GET_ITEM(texts, i);
        if (!PyUnicode_Check(text)) {
            PyErr_Format(PyExc_TypeError, "new_lines(): line %zd is %.100s, not str", i + 1,
                         Py_TYPE(text)->tp_name);
            goto fail;
        }
        /* text.rstrip() */
        const int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        Py_ssize_t end = PyUnicode_GET_LENGTH(text);
        while (end > 0 && Py_UNICODE_ISSPACE(AT(end - 1)))
            end--;
        PyObject *trimmed = PyUnicode_Substring(text, 0, end);
        if (trimmed == NULL)
            goto fail;
        PyObject *line = PyDict_GetItemWithError(memo, trimmed);  /* borrowed */
        if (line != NULL) {
            Py_INCREF(line);
        } else if (PyErr_Occurred()
                   || (line = new_line(type, empty, slots, trimmed, no_keys, args[2], args[3], args[4])) == NULL
                   || PyDict_SetItem(memo, trimmed, line) < 0) {
            Py_XDECREF(line);
            Py_DECREF(trimmed);
            goto fail;
        }
        Py_DECREF(trimmed);
        PyList_SET_ITEM(lines, i, line);
    }
    Py_DECREF(texts);
    Py_DECREF(empty);
    Py_DECREF(no_keys);
    return lines;
fail:
    Py_DECREF(texts);
    Py_XDECREF(empty);
    Py_XDECREF(no_keys);
    Py_XDECREF(lines);
    return NULL;
}

/* removals_of(found, lines, removal_type) -> {index: Removal}: twin of rules/engine.py's
 * removals_of, i.e. {index: Removal(index + 1, lines[index], rule.id, rule.category, reason)
 * for index, (rule, reason) in found.items()}. Most pages lose most of their lines, so this
 * builds tens of thousands of Removals per MB: each is made without a call of its __init__
 * (Removal.__new__, then its five slots), and a rule's id and category are read once per run
 * of removals by the same rule. */
static PyObject *s_line_number, *s_rule_id, *s_category, *s_reason, *s_id;

static PyObject *removals_of(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;  /* a module function: no self */
    if (nargs != 3 || !PyDict_Check(args[0]) || !PyType_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "removals_of(found: dict, lines: Sequence[str], removal_type)");
        return NULL;
    }
    if (s_id == NULL && ((s_line_number = PyUnicode_InternFromString("line_number")) == NULL
                         || (s_rule_id = PyUnicode_InternFromString("rule_id")) == NULL
                         || (s_category = PyUnicode_InternFromString("category")) == NULL
                         || (s_reason = PyUnicode_InternFromString("_reason")) == NULL
                         || (s_id = PyUnicode_InternFromString("id")) == NULL))
        return NULL;
    if (intern_names() < 0)
        return NULL;
    PyObject *found = args[0], *index, *value;
    PyTypeObject *type = (PyTypeObject *)args[2];
    PyObject *lines = PySequence_Fast(args[1], "removals_of(): lines must be a sequence");
    if (lines == NULL)
        return NULL;
    PyObject *empty = PyTuple_New(0), *removals = PyDict_New();
    PyObject *rule = NULL, *rule_id = NULL, *category = NULL;  /* the last rule seen */
    Py_ssize_t position = 0;
    if (empty == NULL || removals == NULL)
        goto fail;
    while (PyDict_Next(found, &position, &index, &value)) {
        if (!PyLong_Check(index) || !PyTuple_Check(value) || PyTuple_GET_SIZE(value) != 2) {
            PyErr_SetString(PyExc_TypeError, "removals_of(): found maps line indices to (rule, reason)");
            goto fail;
        }
        Py_ssize_t at = PyLong_AsSsize_t(index);
        if (at == -1 && PyErr_Occurred())
            goto fail;
        if (at < 0 || at >= PySequence_Fast_GET_SIZE(lines)) {
            PyErr_Format(PyExc_IndexError, "removals_of(): no line at index %zd", at);
            goto fail;
        }
        if (PyTuple_GET_ITEM(value, 0) != rule) {
            Py_XSETREF(rule, Py_NewRef(PyTuple_GET_ITEM(value, 0)));
            Py_XSETREF(rule_id, PyObject_GetAttr(rule, s_id));
            Py_XSETREF(category, PyObject_GetAttr(rule, s_category));
            if (rule_id == NULL || category == NULL)
                goto fail;
        }
        PyObject *removal = type->tp_new(type, empty, NULL);  /* Removal.__new__(Removal) */
        if (removal == NULL)
            goto fail;
        if (store(removal, s_line_number, PyLong_FromSsize_t(at + 1)) < 0
            || PyObject_SetAttr(removal, s_text, PySequence_Fast_GET_ITEM(lines, at)) < 0
            || PyObject_SetAttr(removal, s_rule_id, rule_id) < 0
            || PyObject_SetAttr(removal, s_category, category) < 0
            || PyObject_SetAttr(removal, s_reason, PyTuple_GET_ITEM(value, 1)) < 0
            || PyDict_SetItem(removals, index, removal) < 0) {
            Py_DECREF(removal);
            goto fail;
        }
        Py_DECREF(removal);
    }
    Py_DECREF(lines);
    Py_DECREF(empty);
    Py_XDECREF(rule);
    Py_XDECREF(rule_id);
    Py_XDECREF(category);
    return removals;
fail:
    Py_DECREF(lines);
    Py_XDECREF(empty);
    Py_XDECREF(removals);
    Py_XDECREF(rule);
    Py_XDECREF(rule_id);
    Py_XDECREF(category);
    return NULL;
}

PyMethodDef cleaner_document_methods[] = {
    {"removals_of", (PyCFunction)(void (*)(void))removals_of, METH_FASTCALL,
     "removals_of(found, lines, removal_type) -> dict[int, Removal]: twin of "
     "rules.engine.removals_of."},
    {"new_lines", (PyCFunction)(void (*)(void))new_lines, METH_FASTCALL,
     "new_lines(line_type, texts, stop_words, attribution_match, core_of, memo) -> list[Line]: twin of "
     "document.new_lines."},
    {NULL, NULL, 0, NULL},
};
