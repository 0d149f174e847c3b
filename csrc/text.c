/* Signs that a text needs repair (twins of _needs_ftfy and _needs_translation in
 * cleaner/normalize.py): one scan of the whole text each, where the pure-Python versions run
 * a regex per character class; and plain_lines, which decides all of normalisation's "nothing
 * to do" in one scan and splits the text into lines in it. */
#include "speedups.h"

/* The cp1252 characters that a UTF-8 continuation byte (0x80-0xBF) becomes when read as
 * cp1252 rather than Latin-1 (normalize._CP1252_CONTINUATION). */
static int is_cp1252_continuation(Py_UCS4 ch) {
    switch (ch) {
    case 0x20AC: case 0x201A: case 0x0192: case 0x201E: case 0x2026: case 0x2020: case 0x2021:
    case 0x02C6: case 0x2030: case 0x0160: case 0x2039: case 0x0152: case 0x017D: case 0x2018:
    case 0x2019: case 0x201C: case 0x201D: case 0x2022: case 0x2013: case 0x2014: case 0x02DC:
    case 0x2122: case 0x0161: case 0x203A: case 0x0153: case 0x017E: case 0x0178:
        return 1;
    default:
        return 0;
    }
}

static int check_text(PyObject *text, const char *function) {
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "%s() expects str, not %.100s", function, Py_TYPE(text)->tp_name);
        return -1;
    }
    return 0;
}

/* needs_ftfy(text) -> bool: the text holds what ftfy repairs: an ESC, a C1 control, a
 * surrogate or U+FFFD, or a UTF-8 lead byte read as Latin-1 (U+00C2-U+00F4) followed by a
 * continuation byte read as Latin-1 (U+0080-U+00BF) or cp1252. */
static PyObject *needs_ftfy(PyObject *self, PyObject *text) {
    (void)self;  /* a module function: no self */
    if (check_text(text, "needs_ftfy") < 0)
        return NULL;
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    if (PyUnicode_IS_ASCII(text))
        return PyBool_FromLong(memchr(data, 0x1b, (size_t)length) != NULL);
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch < 0x80) {
            if (ch == 0x1b)
                Py_RETURN_TRUE;
            continue;
        }
        if (ch <= 0x9f || (ch >= 0xd800 && ch <= 0xdfff) || ch == 0xfffd)
            Py_RETURN_TRUE;
        if (ch >= 0xc2 && ch <= 0xf4 && i + 1 < length) {
            Py_UCS4 next = PyUnicode_READ(kind, data, i + 1);
            if ((next >= 0x80 && next <= 0xbf) || is_cp1252_continuation(next))
                Py_RETURN_TRUE;
        }
    }
    Py_RETURN_FALSE;
}

/* needs_translation(text) -> bool: the text holds a character normalisation rewrites: a line
 * break other than LF, an odd space, or an invisible character or control (not tab, not LF). */
static PyObject *needs_translation(PyObject *self, PyObject *text) {
    (void)self;  /* a module function: no self */
    if (check_text(text, "needs_translation") < 0)
        return NULL;
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch >= 0x20 && ch < 0x7f)
            continue;
        if (ch < 0x20) {
            if (ch != '\t' && ch != '\n')
                Py_RETURN_TRUE; /* CR, VT, FF and the other controls */
            continue;
        }
        switch (ch) {
        case 0x7f: case 0x85: case 0xa0: case 0xad: case 0x1680: case 0x200b: case 0x2028:
        case 0x2029: case 0x202f: case 0x205f: case 0x2060: case 0x3000: case 0xfeff:
            Py_RETURN_TRUE;
        default:
            if (ch >= 0x2000 && ch <= 0x200a)
                Py_RETURN_TRUE;
        }
    }
    Py_RETURN_FALSE;
}

/* Whether `ch`, outside printable ASCII, is something normalisation rewrites or repairs
 * (normalize._needs_translation's characters or one of the single-character signs of
 * _needs_ftfy: ESC, C1 controls, surrogates, U+FFFD). Tab and LF are left as they are. */
static inline int rewritten(Py_UCS4 ch) {
    if (ch < 0x20)
        return ch != '\t' && ch != '\n';  /* ESC, CR, VT, FF and the other controls */
    if (ch <= 0xa0)
        return ch >= 0x7f;  /* DEL, C1 controls (NEL among them), no-break space */
    switch (ch) {
    case 0xad: case 0x1680: case 0x200b: case 0x2028: case 0x2029: case 0x202f: case 0x205f:
    case 0x2060: case 0x3000: case 0xfeff: case 0xfffd:
        return 1;
    default:
        return (ch >= 0x2000 && ch <= 0x200a) || (ch >= 0xd800 && ch <= 0xdfff);
    }
}

/* plain_lines(text, is_normalized) -> list[str] | None: normalize.normalize_lines(text) when
 * normalisation would leave `text` as it is (the common case), else None (the caller then
 * normalises in Python). One scan decides every "nothing to do" of _normalize_once at once:
 * no sign for ftfy (_needs_ftfy), no CR (so no CRLF), nothing for the translation table, and
 * NFC already (asked of is_normalized("NFC", text) only for text beyond Latin-1, where it
 * can be otherwise: every Latin-1 character is NFC on its own with combining class 0). The
 * same scan splits the text at LF, as str.split("\n") does, without the empty line after a
 * final LF. */
static PyObject *s_nfc;

static PyObject *plain_lines(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;  /* a module function: no self */
    if (nargs != 2 || !PyCallable_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "plain_lines(text: str, is_normalized)");
        return NULL;
    }
    PyObject *text = args[0];
    if (check_text(text, "plain_lines") < 0)
        return NULL;
    if (s_nfc == NULL && (s_nfc = PyUnicode_InternFromString("NFC")) == NULL)
        return NULL;
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    PyObject *lines = PyList_New(0);
    if (lines == NULL)
        return NULL;
    Py_ssize_t start = 0;  /* of the current line */
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch >= 0x20 && ch < 0x7f)
            continue;
        if (ch == '\n') {
            PyObject *line = PyUnicode_Substring(text, start, i);
            if (line == NULL || PyList_Append(lines, line) < 0) {
                Py_XDECREF(line);
                goto fail;
            }
            Py_DECREF(line);
            start = i + 1;
            continue;
        }
        if (rewritten(ch))
            goto changed;
        /* The mojibake pair of _needs_ftfy: a UTF-8 lead byte read as Latin-1, then a
         * continuation byte read as Latin-1 or cp1252. */
        if (ch >= 0xc2 && ch <= 0xf4 && i + 1 < length) {
            Py_UCS4 next = PyUnicode_READ(kind, data, i + 1);
            if ((next >= 0x80 && next <= 0xbf) || is_cp1252_continuation(next))
                goto changed;
        }
    }
    if (kind != PyUnicode_1BYTE_KIND) {
        PyObject *call_args[] = {s_nfc, text};
        PyObject *normalized = PyObject_Vectorcall(args[1], call_args, 2, NULL);
        if (normalized == NULL)
            goto fail;
        int is_true = PyObject_IsTrue(normalized);
        Py_DECREF(normalized);
        if (is_true < 0)
            goto fail;
        if (!is_true)
            goto changed;
    }
    if (start < length) {  /* the last line, unless the text ends with LF (or is empty) */
        PyObject *line = PyUnicode_Substring(text, start, length);
        if (line == NULL || PyList_Append(lines, line) < 0) {
            Py_XDECREF(line);
            goto fail;
        }
        Py_DECREF(line);
    }
    return lines;
changed:
    Py_DECREF(lines);
    Py_RETURN_NONE;
fail:
    Py_DECREF(lines);
    return NULL;
}

PyMethodDef cleaner_text_methods[] = {
    {"needs_ftfy", (PyCFunction)needs_ftfy, METH_O, "needs_ftfy(text) -> bool: normalize._needs_ftfy."},
    {"needs_translation", (PyCFunction)needs_translation, METH_O,
     "needs_translation(text) -> bool: whether normalize's translation table changes the text."},
    {"plain_lines", (PyCFunction)(void (*)(void))plain_lines, METH_FASTCALL,
     "plain_lines(text, is_normalized) -> list[str] | None: normalize.normalize_lines(text) when "
     "normalisation leaves the text unchanged, else None."},
    {NULL, NULL, 0, NULL},
};
