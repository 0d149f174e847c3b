/* Line features of the line-quality rule: C twins of cleaner/quality_features.py.
 *
 * Each function returns exactly what its Python reference returns (tests/test_speedups_features.py
 * compares them), so the numbers below mirror that module's constants; change both together.
 * Lines are read through the normal attribute protocol (words, stripped, text, lowered,
 * ends_like_sentence, stop_word_share), so cleaner.document.Line stays a Python class and its
 * lazily computed attributes are computed and cached exactly as in Python.
 *
 * Shares are computed as Python does: int / int and float / int are a double division for
 * counts this small, then int() truncates. The vocabulary weight is summed the way builtins.sum
 * sums floats on the running interpreter (plain before 3.12, compensated from 3.12 on).
 */
#include "speedups.h"
#include <math.h>

/* Set once by _configure_features() (called by the wiring at the bottom of
 * quality_features.py), then only read. */
static PyObject *stop_words;                                  /* words.STOP_WORDS */
static PyObject *says_search, *time_search, *date_search, *age_search;  /* Pattern.search */
static PyObject *s_words, *s_stripped, *s_text, *s_lowered, *s_ends, *s_share, *s_get, *s_ago;

#define SAMPLED_WORDS 40           /* SAMPLED_WORDS */
#define SIGN_MAX_WORDS 16          /* COMMENT_SIGN_MAX_WORDS */
#define SAYS_MAX_WORDS 8           /* SAYS_MAX_WORDS */
#define SIGNS_NEAR_LINES 5         /* SIGNS_NEAR_LINES */
#define DISTANCE_CAP 6             /* _DISTANCE_CAP */
enum { END_SENTENCE, END_COLON, END_ELLIPSIS, END_OTHER };
enum { NO_SIGN, SIGN_TIMESTAMP, SIGN_SAYS };
static const long word_bins[] = {0, 1, 2, 3, 4, 4, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7,
                                 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 9};
#define MAX_WORD_BIN ((Py_ssize_t)(sizeof(word_bins) / sizeof(word_bins[0])) - 1)
static const long signs_above_bins[] = {0, 1, 2, 3, 3, 3, 4};

static int configured(void) {
    if (stop_words == NULL)
        PyErr_SetString(PyExc_RuntimeError,
                        "cleaner._speedups: _configure_features() was not called");
    return stop_words != NULL;
}

/* Arguments of a METH_FASTCALL | METH_KEYWORDS call, matched to parameter names like a Python
 * def (the first `required` are mandatory, the others stay NULL when not given): the twins
 * accept the same calls as their references, keywords included. */
static int parse_args(const char *function, const char *const *names, Py_ssize_t required,
                      Py_ssize_t total, PyObject *const *args, Py_ssize_t nargs,
                      PyObject *kwnames, PyObject **out) {
    if (nargs > total) {
        PyErr_Format(PyExc_TypeError, "%s() takes at most %zd arguments (%zd given)", function,
                     total, nargs);
        return -1;
    }
    for (Py_ssize_t i = 0; i < total; i++)
        out[i] = i < nargs ? args[i] : NULL;
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    for (Py_ssize_t k = 0; k < nkw; k++) {
        PyObject *key = PyTuple_GET_ITEM(kwnames, k);
        Py_ssize_t i = 0;
        while (i < total && PyUnicode_CompareWithASCIIString(key, names[i]) != 0)
            i++;
        if (i == total || out[i] != NULL) {
            PyErr_Format(PyExc_TypeError, i == total ? "%s() got an unexpected keyword argument '%U'"
                         : "%s() got multiple values for argument '%U'", function, key);
            return -1;
        }
        out[i] = args[nargs + k];
    }
    for (Py_ssize_t i = 0; i < required; i++) {
        if (out[i] == NULL) {
            PyErr_Format(PyExc_TypeError, "%s() missing required argument '%s'", function,
                         names[i]);
            return -1;
        }
    }
    return 0;
}

/* len(line.words), or -1 on error. */
static Py_ssize_t word_count(PyObject *line) {
    PyObject *words = line_attr(line, s_words);
    if (words == NULL)
        return -1;
    Py_ssize_t count = PyObject_Size(words);
    Py_DECREF(words);
    return count;
}

/* Whether search(text) (a compiled pattern's search) finds a match: 1 or 0, -1 on error. */
static int finds(PyObject *search, PyObject *text) {
    PyObject *match = PyObject_CallOneArg(search, text);
    if (match == NULL)
        return -1;
    int found = match != Py_None;
    Py_DECREF(match);
    return found;
}

/* ---- character classes of the Python module's string constants and regexes ---- */

/* _CLOSERS: "'”’»)]* */
static int is_closer(Py_UCS4 c) {
    return c == '"' || c == '\'' || c == 0x201D || c == 0x2019 || c == 0xBB || c == ')'
           || c == ']' || c == '*';
}

/* What own_features looks for in a line's characters, by code point below 256: one table look-up
 * per character instead of a dozen comparisons (above 255 only the separators • and › count). */
enum { SEPARATOR = 1, MARK = 2 };
static const unsigned char scan_class[256] = {
    /* _SEPARATORS: |•·»›/> */
    ['|'] = SEPARATOR, [0xB7] = SEPARATOR, [0xBB] = SEPARATOR, ['/'] = SEPARATOR,
    ['>'] = SEPARATOR,
    /* a colon (comment_sign), and the first character of "@", "http" and "www." */
    [':'] = MARK, ['@'] = MARK, ['h'] = MARK, ['w'] = MARK,
};

/* _INNER_SENTENCE = [.!?]["'”’)\]]*\s+["'“‘(\[]*[A-Z], found left to right without overlap
 * (findall), counted up to `cap`. The three repeated classes are disjoint from one another and
 * from what follows each, so the greedy scan below is the regex's only way to match. */
static int inner_count(PyObject *text, int cap) {
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int found = 0;
    for (Py_ssize_t i = 0; i < n && found < cap; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c != '.' && c != '!' && c != '?')
            continue;
        Py_ssize_t j = i + 1, k;
        while (j < n && ((c = PyUnicode_READ(kind, data, j)) == '"' || c == '\'' || c == 0x201D
                         || c == 0x2019 || c == ')' || c == ']'))
            j++;
        for (k = j; k < n && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, k)); k++)
            ;
        if (k == j)
            continue;  /* \s+ needs one space at least */
        while (k < n && ((c = PyUnicode_READ(kind, data, k)) == '"' || c == '\'' || c == 0x201C
                         || c == 0x2018 || c == '(' || c == '['))
            k++;
        if (k < n && (c = PyUnicode_READ(kind, data, k)) >= 'A' && c <= 'Z') {
            found++;
            i = k;  /* the next match starts after this one */
        }
    }
    return found;
}

/* inner_sentences(line) for a line of `count` words: -1 on error. */
static int inner_of(PyObject *line, Py_ssize_t count) {
    if (count < 8)
        return 0;
    PyObject *text = line_str(line, s_text);
    if (text == NULL)
        return -1;
    int found = inner_count(text, 3);
    Py_DECREF(text);
    return found;
}

/* _end_type(text) of a non-empty text. */
static long end_type(int kind, const void *data, Py_ssize_t n) {
    Py_ssize_t end = n;
    while (end > 0 && is_closer(PyUnicode_READ(kind, data, end - 1)))
        end--;
    if (end == 0)
        end = n;  /* text.rstrip(_CLOSERS) or text */
    Py_UCS4 last = PyUnicode_READ(kind, data, end - 1);
    int dots = end >= 3 && last == '.' && PyUnicode_READ(kind, data, end - 2) == '.'
               && PyUnicode_READ(kind, data, end - 3) == '.';
    if ((last == '.' && !dots) || last == '!' || last == '?')
        return END_SENTENCE;
    if (last == ':')
        return END_COLON;
    if (last == 0x2026 || dots)
        return END_ELLIPSIS;
    return END_OTHER;
}

/* _first_char_type(text) of a non-empty text; the macros are what str.isalpha, islower and
 * isdigit use for a single character. */
static long first_char_type(Py_UCS4 c) {
    if (Py_UNICODE_ISALPHA(c))
        return Py_UNICODE_ISLOWER(c) ? 0 : 1;
    if (Py_UNICODE_ISDIGIT(c))
        return 2;
    if (c == '"' || c == '\'' || c == 0x201C || c == 0x2018 || c == 0xAB || c == '('
        || c == '[')
        return 3;
    return 4;
}

static long share_bin(double share, long bins) {
    long index = (long)(share * bins);
    return index < bins ? index : bins - 1;
}

/* ---- comment_sign ---- */

/* What _SAYS (r"\b(?:says|wrote)\s*:$") needs: a colon at the end of the text, or before a
 * final line break ($ matches there too). Most lines with a colon have it elsewhere: they are
 * ruled out without a regex call. */
static int says_shape(PyObject *text) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n > 0 && PyUnicode_READ_CHAR(text, n - 1) == '\n')
        n--;
    return n > 0 && PyUnicode_READ_CHAR(text, n - 1) == ':';
}

/* What _TIME_OF_DAY (r"\b\d{1,2}:\d{2}\b") needs: a colon, from `colon` (the first) on, with
 * a decimal digit right before it and two right after (`\d` of a str pattern is exactly
 * Py_UNICODE_ISDECIMAL in CPython's sre). The regex still decides; this only spares calling
 * it on the lines that cannot match ("Share:", "Photo: Reuters"). */
static int time_shape(PyObject *text, Py_ssize_t colon) {
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = colon; i + 2 < n; i++)
        if (PyUnicode_READ(kind, data, i) == ':' && i > 0
                && Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, i - 1))
                && Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, i + 1))
                && Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, i + 2)))
            return 1;
    return 0;
}

/* comment_sign(line) for a line of `count` words whose stripped text is known (`text` may be
 * NULL: then read) and whose lowered words may be (`lowered` may be NULL). -1 on error. The
 * date and age regexes run only on the rare lines with a colon or "ago": calling the compiled
 * Python patterns there costs nothing measurable and cannot drift from them. */
static int sign_of(PyObject *line, Py_ssize_t count, PyObject *text, PyObject *lowered) {
    if (count > SIGN_MAX_WORDS)
        return NO_SIGN;
    PyObject *own_text = NULL, *own_lowered = NULL;
    int sign = -1, found;
    if (text == NULL && (text = own_text = line_str(line, s_stripped)) == NULL)
        return -1;
    Py_ssize_t colon = PyUnicode_FindChar(text, ':', 0, PyUnicode_GET_LENGTH(text), 1);
    if (colon == -2)
        goto done;
    if (colon >= 0) {
        if (count <= SAYS_MAX_WORDS && says_shape(text)
                && (found = finds(says_search, text)) != 0) {
            sign = found < 0 ? -1 : SIGN_SAYS;
            goto done;
        }
        found = time_shape(text, colon) ? finds(time_search, text) : 0;
        if (found > 0)
            found = finds(date_search, text);
        if (found != 0) {
            sign = found < 0 ? -1 : SIGN_TIMESTAMP;
            goto done;
        }
    }
    if (lowered == NULL && (lowered = own_lowered = line_attr(line, s_lowered)) == NULL)
        goto done;
    found = PySequence_Contains(lowered, s_ago);  /* "ago" in line.lowered */
    if (found > 0)
        found = finds(age_search, text);
    sign = found < 0 ? -1 : found ? SIGN_TIMESTAMP : NO_SIGN;
done:
    Py_XDECREF(own_text);
    Py_XDECREF(own_lowered);
    return sign;
}

/* ---- is_running_text, neighbour_kind ---- */

/* line.stop_word_share. A Line new_lines built has it worked out here as the property does
 * (its lower-cased words found among the stop words new_lines was given, over its word
 * count): no Python call, and no instance dict to keep it in. Other lines are asked. */
static PyObject *stop_word_share(PyObject *line) {
    if (!Py_IS_TYPE(line, cleaner_line_type))
        return line_attr(line, s_share);
    PyObject *words = line_tuple(line, s_words), *lowered = line_tuple(line, s_lowered);
    PyObject *share = NULL;
    if (words == NULL || lowered == NULL)
        goto done;
    Py_ssize_t count = PyTuple_GET_SIZE(words), stop = 0;
    if (count == 0) {
        share = PyFloat_FromDouble(0.0);
        goto done;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(lowered); i++) {
        int found = PySet_Contains(cleaner_stop_words, PyTuple_GET_ITEM(lowered, i));
        if (found < 0)
            goto done;
        stop += found;
    }
    share = PyFloat_FromDouble((double)stop / (double)count);  /* int / int, as Python divides */
done:
    Py_XDECREF(words);
    Py_XDECREF(lowered);
    return share;
}

/* is_running_text(line): the same object Python returns (a bool, or a true
 * ends_like_sentence as is). */
static PyObject *running_text(PyObject *line) {
    Py_ssize_t count = word_count(line);
    if (count < 0)
        return NULL;
    if (count < 12)
        Py_RETURN_FALSE;
    PyObject *share = stop_word_share(line);
    if (share == NULL)
        return NULL;
    int enough;
    if (PyFloat_CheckExact(share)) {
        enough = PyFloat_AS_DOUBLE(share) >= 0.2;
    } else {  /* whatever stop_word_share is, compared as Python would */
        PyObject *limit = PyFloat_FromDouble(0.2);
        enough = limit ? PyObject_RichCompareBool(share, limit, Py_GE) : -1;
        Py_XDECREF(limit);
    }
    Py_DECREF(share);
    if (enough <= 0)
        return enough < 0 ? NULL : Py_NewRef(Py_False);
    PyObject *ends = line_attr(line, s_ends);
    if (ends == NULL)
        return NULL;
    int truth = PyObject_IsTrue(ends);
    if (truth > 0)
        return ends;
    Py_DECREF(ends);
    if (truth < 0)
        return NULL;
    int inner = inner_of(line, count);
    return inner < 0 ? NULL : PyBool_FromLong(inner >= 2);
}

/* neighbour_kind(line, running): 1, 2 or 3, or -1 on error. */
static long kind_of(PyObject *line, PyObject *running) {
    int run;
    if (running == NULL || running == Py_None) {
        PyObject *flag = running_text(line);
        if (flag == NULL)
            return -1;
        run = PyObject_IsTrue(flag);
        Py_DECREF(flag);
    } else {
        run = PyObject_IsTrue(running);
    }
    if (run != 0)
        return run < 0 ? -1 : 1;
    Py_ssize_t count = word_count(line);
    if (count < 4)
        return count < 0 ? -1 : 3;
    PyObject *ends = line_attr(line, s_ends);
    if (ends == NULL)
        return -1;
    int truth = PyObject_IsTrue(ends);
    Py_DECREF(ends);
    if (truth != 0)
        return truth < 0 ? -1 : 2;
    int inner = inner_of(line, count);
    return inner < 0 ? -1 : inner ? 2 : 3;
}

/* ---- own_features ---- */

/* A tuple of `count` small ints. */
static PyObject *int_tuple(const long *values, Py_ssize_t count) {
    PyObject *tuple = PyTuple_New(count);
    for (Py_ssize_t i = 0; tuple != NULL && i < count; i++) {
        PyObject *item = PyLong_FromLong(values[i]);
        if (item == NULL)
            Py_CLEAR(tuple);
        else
            PyTuple_SET_ITEM(tuple, i, item);
    }
    return tuple;
}

/* _vocabulary_bin(mean, known, edges), or -1 on error. */
static long vocabulary_bin(double mean, Py_ssize_t known, PyObject *edges) {
    if (!known)
        return 0;
    PyObject *sequence = PySequence_Fast(edges, "vocabulary_edges must be iterable");
    if (sequence == NULL)
        return -1;
    long index = 1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(sequence);
    PyObject **items = PySequence_Fast_ITEMS(sequence);
    for (Py_ssize_t i = 0; i < n; i++, index++) {
        int below;
        if (PyFloat_CheckExact(items[i])) {
            below = mean < PyFloat_AS_DOUBLE(items[i]);
        } else {  /* an int or other number: compared exactly as Python compares it */
            PyObject *value = PyFloat_FromDouble(mean);
            below = value ? PyObject_RichCompareBool(value, items[i], Py_LT) : -1;
            Py_XDECREF(value);
        }
        if (below != 0) {
            index = below < 0 ? -1 : index;
            break;
        }
    }
    Py_DECREF(sequence);
    return index;
}

static PyObject *own_features(PyObject *module, PyObject *const *args, Py_ssize_t nargs,
                              PyObject *kwnames) {
    (void)module;
    static const char *const names[] = {"line", "repeated", "vocabulary", "vocabulary_edges"};
    PyObject *a[4];
    if (!configured() || parse_args("own_features", names, 4, 4, args, nargs, kwnames, a) < 0)
        return NULL;
    PyObject *line = a[0], *vocabulary = a[2], *result = NULL, *text = NULL, *lowered = NULL;
    PyObject *words = line_attr(line, s_words), *sequence;
    if (words == NULL)
        return NULL;
    sequence = PySequence_Fast(words, "Line.words must be a sequence");
    Py_SETREF(words, sequence);
    if (words == NULL || (text = line_str(line, s_stripped)) == NULL)
        goto done;
    if ((sequence = line_attr(line, s_lowered)) == NULL)
        goto done;
    lowered = PySequence_Fast(sequence, "Line.lowered must be a sequence");
    Py_DECREF(sequence);
    if (lowered == NULL)
        goto done;

    Py_ssize_t count = PySequence_Fast_GET_SIZE(words);
    Py_ssize_t sampled = count <= SAMPLED_WORDS ? count : SAMPLED_WORDS;
    Py_ssize_t nlow = PySequence_Fast_GET_SIZE(lowered);
    if (count > SAMPLED_WORDS && nlow > SAMPLED_WORDS)
        nlow = SAMPLED_WORDS;  /* line.lowered[:SAMPLED_WORDS] */
    PyObject **low = PySequence_Fast_ITEMS(lowered);
    long stop = 0, alphabetic = 0, capitals = 0, digits = 0;
    Py_ssize_t known = 0;
    double weight = 0.0, compensation = 0.0;
    int dict = PyDict_CheckExact(vocabulary);
    for (Py_ssize_t i = 0; i < nlow; i++) {
        int is_stop = PySet_Contains(stop_words, low[i]);
        if (is_stop < 0)
            goto done;
        stop += is_stop;
        PyObject *value = dict ? Py_XNewRef(PyDict_GetItemWithError(vocabulary, low[i]))
                               : PyObject_CallMethodOneArg(vocabulary, s_get, low[i]);
        if (value == NULL) {
            if (PyErr_Occurred())
                goto done;
            continue;
        }
        if (value != Py_None) {
            /* models hold floats; another number counts as float(value) */
            double x = PyFloat_CheckExact(value) ? PyFloat_AS_DOUBLE(value)
                                                 : PyFloat_AsDouble(value);
            if (x == -1.0 && PyErr_Occurred()) {
                Py_DECREF(value);
                goto done;
            }
            known++;
#if PY_VERSION_HEX >= 0x030C0000
            /* builtins.sum of floats from 3.12 on: Neumaier's compensated summation */
            double t = weight + x;
            compensation += fabs(weight) >= fabs(x) ? (weight - t) + x : (x - t) + weight;
            weight = t;
#else
            weight += x;
#endif
        }
        Py_DECREF(value);
    }
    if (compensation != 0.0 && isfinite(compensation))
        weight += compensation;  /* as sum() ends its compensated loop (0 before 3.12) */

    PyObject **items = PySequence_Fast_ITEMS(words);
    for (Py_ssize_t i = 0; i < sampled; i++) {  /* the words' initials */
        if (!PyUnicode_Check(items[i])) {
            PyErr_SetString(PyExc_TypeError, "Line.words must hold str");
            goto done;
        }
        if (PyUnicode_GET_LENGTH(items[i]) == 0) {
            PyErr_SetString(PyExc_IndexError, "string index out of range");
            goto done;
        }
        Py_UCS4 c = PyUnicode_READ_CHAR(items[i], 0);
        if (c < 128) {  /* the ASCII tests agree with str's on ASCII, without a table look-up */
            alphabetic += Py_ISALPHA(c) != 0;
            capitals += Py_ISUPPER(c) != 0;
            digits += Py_ISDIGIT(c) != 0;
        } else {
            alphabetic += Py_UNICODE_ISALPHA(c) != 0;
            capitals += Py_UNICODE_ISUPPER(c) != 0;
            digits += Py_UNICODE_ISDIGIT(c) != 0;
        }
    }

    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n == 0) {  /* text[-1] and text[0] of a blank line */
        PyErr_SetString(PyExc_IndexError, "string index out of range");
        goto done;
    }
    long separators = 0;
    int link_like = 0, colon = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        int class = c < 256 ? scan_class[c] : (c == 0x2022 || c == 0x203A) ? SEPARATOR : 0;
        if (class == SEPARATOR) {
            separators++;
        } else if (class == MARK) {
            colon |= c == ':';
            /* "@" in text or "http" in text or "www." in text */
            link_like |= c == '@'
                || (c == 'h' && i + 3 < n && PyUnicode_READ(kind, data, i + 1) == 't'
                    && PyUnicode_READ(kind, data, i + 2) == 't' && PyUnicode_READ(kind, data, i + 3) == 'p')
                || (c == 'w' && i + 3 < n && PyUnicode_READ(kind, data, i + 1) == 'w'
                    && PyUnicode_READ(kind, data, i + 2) == 'w' && PyUnicode_READ(kind, data, i + 3) == '.');
        }
    }
    double sample = (double)(sampled ? sampled : 1);
    long long_line = count >= 6, word_length = (long)((double)n / (double)(count ? count : 1)) / 3;
    long bins[12] = {
        (count <= MAX_WORD_BIN ? word_bins[count] : word_bins[MAX_WORD_BIN]) * 4
            + end_type(kind, data, n),
        share_bin(stop / sample, 6) * 2 + long_line,
        share_bin(alphabetic ? (double)capitals / (double)alphabetic : 0.0, 5) * 2 + long_line,
        share_bin(digits / sample, 4),
        separators < 3 ? separators : 3,
        first_char_type(PyUnicode_READ(kind, data, 0)),
        word_length < 5 ? word_length : 5,
        link_like,
    };
    /* the bins that may call back into Python: one at a time, stopping at an error */
    if ((bins[8] = PyObject_IsTrue(a[1])) < 0
        || (bins[9] = vocabulary_bin(known ? weight / (double)known : 0.0, known, a[3])) < 0
        || (bins[10] = inner_of(line, count)) < 0)
        goto done;
    bins[11] = NO_SIGN;
    if (count <= SIGN_MAX_WORDS) {  /* longer lines have no sign: skip the test */
        /* comment_sign(line) if ":" in text or "ago" in lowered else NO_SIGN */
        int ago = 0;
        for (Py_ssize_t i = 0; !colon && !ago && i < nlow; i++) {
            if (PyUnicode_CheckExact(low[i]))  /* most words are not three letters long */
                ago = PyUnicode_GET_LENGTH(low[i]) == 3 && PyUnicode_CompareWithASCIIString(low[i], "ago") == 0;
            else if ((ago = PyObject_RichCompareBool(low[i], s_ago, Py_EQ)) < 0)
                goto done;
        }
        if ((colon || ago) && (bins[11] = sign_of(line, count, text, lowered)) < 0)
            goto done;
    }
    result = int_tuple(bins, 12);
done:
    Py_XDECREF(words);
    Py_XDECREF(text);
    Py_XDECREF(lowered);
    return result;
}

/* ---- the small per-line functions ---- */

static PyObject *comment_sign(PyObject *module, PyObject *const *args, Py_ssize_t nargs,
                              PyObject *kwnames) {
    (void)module;
    static const char *const names[] = {"line"};
    PyObject *line;
    if (!configured() || parse_args("comment_sign", names, 1, 1, args, nargs, kwnames, &line) < 0)
        return NULL;
    Py_ssize_t count = word_count(line);
    int sign = count < 0 ? -1 : sign_of(line, count, NULL, NULL);
    return sign < 0 ? NULL : PyLong_FromLong(sign);
}

static PyObject *inner_sentences(PyObject *module, PyObject *const *args, Py_ssize_t nargs,
                                 PyObject *kwnames) {
    (void)module;
    static const char *const names[] = {"line"};
    PyObject *line;
    if (!configured() || parse_args("inner_sentences", names, 1, 1, args, nargs, kwnames, &line) < 0)
        return NULL;
    Py_ssize_t count = word_count(line);
    int found = count < 0 ? -1 : inner_of(line, count);
    return found < 0 ? NULL : PyLong_FromLong(found);
}

static PyObject *is_running_text(PyObject *module, PyObject *const *args, Py_ssize_t nargs,
                                 PyObject *kwnames) {
    (void)module;
    static const char *const names[] = {"line"};
    PyObject *line;
    if (!configured() || parse_args("is_running_text", names, 1, 1, args, nargs, kwnames, &line) < 0)
        return NULL;
    return running_text(line);
}

static PyObject *neighbour_kind(PyObject *module, PyObject *const *args, Py_ssize_t nargs,
                                PyObject *kwnames) {
    (void)module;
    static const char *const names[] = {"line", "running"};
    PyObject *a[2];
    if (!configured() || parse_args("neighbour_kind", names, 1, 2, args, nargs, kwnames, a) < 0)
        return NULL;
    long kind = kind_of(a[0], a[1]);
    return kind < 0 ? NULL : PyLong_FromLong(kind);
}

/* ---- context_features ---- */

typedef struct {
    Py_ssize_t words, distance;  /* running-text words of the line; lines to running text */
    long kind, above, near;      /* neighbour kind; comment-header bins */
    int running, sign;
} Slot;

static int index_error(void) {
    PyErr_SetString(PyExc_IndexError, "list index out of range");
    return -1;
}

static int context_layout(Slot *slots, Py_ssize_t count, int any_sign);

/* Fills slots[0..count) from the arguments of context_features; -1 on error. */
static int context_slots(Slot *slots, Py_ssize_t count, PyObject **lines, PyObject *running,
                         PyObject *kinds, PyObject *signs) {
    int any_sign = 0;
    if (signs == NULL || signs == Py_None) {
        for (Py_ssize_t i = 0; i < count; i++) {
            Py_ssize_t words = word_count(lines[i]);
            int sign = words < 0 ? -1 : sign_of(lines[i], words, NULL, NULL);
            if (sign < 0)
                return -1;
            any_sign |= slots[i].sign = sign != NO_SIGN;
        }
    } else {  /* any(signs), then signs[i] for every line */
        Py_ssize_t given = PySequence_Fast_GET_SIZE(signs);
        for (Py_ssize_t i = 0; i < given && i < count; i++) {
            if ((slots[i].sign = PyObject_IsTrue(PySequence_Fast_GET_ITEM(signs, i))) < 0)
                return -1;
            any_sign |= slots[i].sign;
        }
        if (any_sign && given < count)
            return index_error();
    }
    if (PySequence_Fast_GET_SIZE(running) < count
        || (kinds != NULL && count > 1 && PySequence_Fast_GET_SIZE(kinds) < count))
        return index_error();
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *flag = PySequence_Fast_GET_ITEM(running, i);
        if ((slots[i].running = PyObject_IsTrue(flag)) < 0)
            return -1;
        if (slots[i].running && (slots[i].words = word_count(lines[i])) < 0)
            return -1;
        if (kinds == NULL || kinds == Py_None) {
            if ((slots[i].kind = kind_of(lines[i], flag)) < 0)
                return -1;
        } else if (count > 1) {  /* a single line reads no neighbour's kind */
            slots[i].kind = PyLong_AsLong(PySequence_Fast_GET_ITEM(kinds, i));
            if (slots[i].kind == -1 && PyErr_Occurred())
                return -1;
        }
    }
    return context_layout(slots, count, any_sign);
}

/* The slots' comment-header bins (when any_sign) and distances to running text, from their
 * running and sign flags: the part of context_features that looks across lines. */
static int context_layout(Slot *slots, Py_ssize_t count, int any_sign) {
    if (any_sign) {  /* comment headers above each line, and within a few lines of it */
        long seen = 0;
        for (Py_ssize_t i = 0; i < count; i++) {
            slots[i].above = signs_above_bins[seen < 6 ? seen : 6];
            seen += slots[i].sign;
        }
        for (Py_ssize_t i = 0; i < count; i++) {
            if (!slots[i].sign)
                continue;
            Py_ssize_t end = i + SIGNS_NEAR_LINES + 1 < count ? i + SIGNS_NEAR_LINES + 1 : count;
            for (Py_ssize_t other = i > SIGNS_NEAR_LINES ? i - SIGNS_NEAR_LINES : 0; other < end; other++)
                if (other != i && slots[other].near < 2)
                    slots[other].near++;
        }
    }
    /* distance to the nearest running-text line, looking both ways */
    Py_ssize_t last = -DISTANCE_CAP - 1;
    for (Py_ssize_t i = 0; i < count; i++) {
        if (slots[i].running)
            last = i;
        slots[i].distance = i - last < DISTANCE_CAP ? i - last : DISTANCE_CAP;
    }
    last = count + DISTANCE_CAP + 1;
    for (Py_ssize_t i = count - 1; i >= 0; i--) {
        if (slots[i].running)
            last = i;
        if (last - i < slots[i].distance)
            slots[i].distance = last - i;
    }
    return 0;
}

/* _flow_bin(share) */
static long flow_bin(double share) {
    if (share <= 0.0)
        return 0;
    if (share >= 1.0)
        return 5;
    return 1 + (long)(share * 4);
}

/* The list of context-feature tuples of filled and laid-out slots (new reference). */
static PyObject *context_rows(const Slot *slots, Py_ssize_t count) {
    Py_ssize_t total = 0;
    for (Py_ssize_t i = 0; i < count; i++)
        total += slots[i].words;
    if (total == 0)
        total = 1;
    PyObject *result = PyList_New(count);
    if (result == NULL)
        return NULL;
    Py_ssize_t before = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_ssize_t after = total - before - slots[i].words;
        long bins[7] = {
            (long)(i * 10 / count),
            flow_bin((double)before / (double)total),
            flow_bin((double)after / (double)total),
            (long)slots[i].distance * 2 + (slots[i].running ? 1 : 0),
            (i ? slots[i - 1].kind : 0) * 4 + (i + 1 < count ? slots[i + 1].kind : 0),
            slots[i].above,
            slots[i].near,
        };
        PyObject *tuple = int_tuple(bins, 7);
        if (tuple == NULL) {
            Py_DECREF(result);  /* a partly filled list: its NULL slots are skipped */
            return NULL;
        }
        PyList_SET_ITEM(result, i, tuple);
        before += slots[i].words;
    }
    return result;
}

static PyObject *context_features(PyObject *module, PyObject *const *args, Py_ssize_t nargs,
                                  PyObject *kwnames) {
    (void)module;
    static const char *const names[] = {"lines", "running", "kinds", "signs"};
    PyObject *a[4] = {NULL, NULL, NULL, NULL}, *seq[4] = {NULL, NULL, NULL, NULL};
    PyObject *result = NULL;
    Slot *slots = NULL;
    if (!configured() || parse_args("context_features", names, 2, 4, args, nargs, kwnames, a) < 0)
        return NULL;
    if ((seq[0] = PySequence_Fast(a[0], "lines must be a sequence")) == NULL)
        return NULL;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(seq[0]);
    if (count == 0)
        return (Py_DECREF(seq[0]), PyList_New(0));
    for (int i = 1; i < 4; i++) {
        if (a[i] != NULL && a[i] != Py_None
            && (seq[i] = PySequence_Fast(a[i], "running, kinds and signs must be sequences")) == NULL)
            goto done;
    }
    if (seq[1] == NULL) {
        PyErr_SetString(PyExc_TypeError, "running must be a sequence");
        goto done;
    }
    if ((slots = PyMem_Calloc(count, sizeof(Slot))) == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if (context_slots(slots, count, PySequence_Fast_ITEMS(seq[0]), seq[1], seq[2], seq[3]) < 0)
        goto done;
    result = context_rows(slots, count);
done:
    PyMem_Free(slots);
    for (int i = 0; i < 4; i++)
        Py_XDECREF(seq[i]);
    return result;
}

/* ---- the line-quality rule's batches: twins of rules/quality.py's page_features, score_alive ----
 *
 * The rule asks for every line in play once per page (page_features) and for every line still
 * alive once per pass (score_alive). The per-line functions above were already C; what these
 * two save is the Python loops around them: the memo look-ups, the parallel lists, the Counters
 * of repeated lines, the starts of the scores. They call the same C functions as the public
 * twins, so each value is the one the reference computes. */

/* tuple[k] with k read as Python reads a list index (negative counts from the end): borrowed,
 * or NULL with IndexError. */
static PyObject *tuple_at(PyObject *tuple, Py_ssize_t k) {
    Py_ssize_t size = PyTuple_GET_SIZE(tuple);
    if (k < 0)
        k += size;
    if (k < 0 || k >= size) {
        index_error();
        return NULL;
    }
    return PyTuple_GET_ITEM(tuple, k);
}

/* container[i] (new reference): a tuple's item directly (the memo's entries and own bins are
 * tuples), anything else through its __getitem__ as the reference's [] does. */
static PyObject *item_of(PyObject *container, Py_ssize_t i) {
    if (PyTuple_CheckExact(container) && i >= 0 && i < PyTuple_GET_SIZE(container))
        return Py_NewRef(PyTuple_GET_ITEM(container, i));
    PyObject *key = PyLong_FromSsize_t(i);
    PyObject *item = key ? PyObject_GetItem(container, key) : NULL;
    Py_XDECREF(key);
    return item;
}

/* (own_features(line, False, vocabulary, edges), is_running_text(line), neighbour_kind(line,
 * running)): a line's memo entry, computed in the reference's order. New reference. */
static PyObject *memo_entry(PyObject *module, PyObject *line, PyObject *vocabulary,
                            PyObject *edges) {
    PyObject *running = running_text(line);
    if (running == NULL)
        return NULL;
    PyObject *argv[4] = {line, Py_False, vocabulary, edges};
    PyObject *own = own_features(module, argv, 4, NULL);
    long kind = own ? kind_of(line, running) : -1;
    PyObject *kind_obj = kind < 0 ? NULL : PyLong_FromLong(kind);
    PyObject *entry = kind_obj ? PyTuple_Pack(3, own, running, kind_obj) : NULL;
    Py_XDECREF(own);
    Py_DECREF(running);
    Py_XDECREF(kind_obj);
    return entry;
}

/* The first position whose text equals `text` (positions are given in order): `position`
 * itself when none did before. Marks repeats[first] when it is an earlier one. -1 on error.
 * `seen` maps each text to its first position: one dict operation per line, where the
 * reference's Counter adds one and then looks each line up again. */
static Py_ssize_t first_of(PyObject *seen, PyObject *text, Py_ssize_t position,
                           unsigned char *repeats) {
    PyObject *mine = PyLong_FromSsize_t(position);
    if (mine == NULL)
        return -1;
    PyObject *found = PyDict_SetDefault(seen, text, mine);  /* borrowed */
    Py_DECREF(mine);
    if (found == NULL)
        return -1;
    Py_ssize_t first = PyLong_AsSsize_t(found);
    if (first != position)
        repeats[first] = 1;
    return first;
}

/* page_features(lines, in_play, known, vocabulary, vocabulary_edges, sign_index) ->
 * (play_lines, own, running, kinds, signs, twice_on_page): twin of quality.py_page_features.
 * `known` must be a dict (the rule's memo by line text); the reference takes any mapping. */
static PyObject *page_features(PyObject *module, PyObject *const *args, Py_ssize_t nargs,
                               PyObject *kwnames) {
    static const char *const names[] = {"lines", "in_play", "known", "vocabulary",
                                        "vocabulary_edges", "sign_index"};
    PyObject *a[6];
    if (!configured() || parse_args("page_features", names, 6, 6, args, nargs, kwnames, a) < 0)
        return NULL;
    PyObject *lines = a[0], *known = a[2];
    if (!PyDict_Check(known)) {
        PyErr_Format(PyExc_TypeError, "page_features() known must be a dict, not %.100s",
                     Py_TYPE(known)->tp_name);
        return NULL;
    }
    Py_ssize_t sign_index = PyNumber_AsSsize_t(a[5], PyExc_IndexError);
    if (sign_index == -1 && PyErr_Occurred())
        return NULL;
    /* a tuple: the lines' properties run Python code, which must not resize what we walk */
    PyObject *play = PySequence_Tuple(a[1]);
    if (play == NULL)
        return NULL;
    Py_ssize_t count = PyTuple_GET_SIZE(play);
    /* play_lines, own, running, kinds, signs, twice_on_page: lists filled slot by slot (a list
     * left partly filled by an error is freed safely: NULL slots are skipped) */
    PyObject *out[6] = {NULL, NULL, NULL, NULL, NULL, NULL};
    PyObject *seen = PyDict_New(), *no_sign = PyLong_FromLong(NO_SIGN), *result = NULL;
    Py_ssize_t *first = PyMem_New(Py_ssize_t, count ? count : 1);
    unsigned char *repeats = PyMem_Calloc(count ? count : 1, 1);
    if (seen == NULL || no_sign == NULL)
        goto done;
    if (first == NULL || repeats == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (int j = 0; j < 6; j++)
        if ((out[j] = PyList_New(count)) == NULL)
            goto done;
    for (Py_ssize_t p = 0; p < count; p++) {
        PyObject *index = PyTuple_GET_ITEM(play, p);
        PyObject *line = PyObject_GetItem(lines, index);
        if (line == NULL)
            goto done;
        PyList_SET_ITEM(out[0], p, line);  /* the list now owns it; it stays alive there */
        /* known is keyed by line.text: the entry depends on the text alone */
        PyObject *text_key = line_attr(line, s_text);
        if (text_key == NULL)
            goto done;
        PyObject *entry = PyDict_GetItemWithError(known, text_key);
        if (entry != NULL) {
            Py_INCREF(entry);
        } else if (PyErr_Occurred()
                   || (entry = memo_entry(module, line, a[3], a[4])) == NULL
                   || PyDict_SetItem(known, text_key, entry) < 0) {
            Py_XDECREF(entry);
            Py_DECREF(text_key);
            goto done;
        }
        Py_DECREF(text_key);
        for (int j = 0; j < 3; j++) {  /* known[i][0], [1], [2] */
            PyObject *item = item_of(entry, j);
            if (item == NULL) {
                Py_DECREF(entry);
                goto done;
            }
            PyList_SET_ITEM(out[1 + j], p, item);
        }
        Py_DECREF(entry);
        /* bins[sign_index] != NO_SIGN: the comparison's own result, as in the reference */
        PyObject *bin = item_of(PyList_GET_ITEM(out[1], p), sign_index);
        PyObject *flag = bin ? PyObject_RichCompare(bin, no_sign, Py_NE) : NULL;
        Py_XDECREF(bin);
        if (flag == NULL)
            goto done;
        PyList_SET_ITEM(out[4], p, flag);
        PyObject *text = line_attr(line, s_stripped);
        first[p] = text ? first_of(seen, text, p, repeats) : -1;
        Py_XDECREF(text);
        if (first[p] < 0)
            goto done;
    }
    for (Py_ssize_t p = 0; p < count; p++)  /* counts[line.stripped] > 1 */
        PyList_SET_ITEM(out[5], p, PyBool_FromLong(repeats[first[p]]));
    result = PyTuple_New(6);
    for (int j = 0; result != NULL && j < 6; j++) {
        PyTuple_SET_ITEM(result, j, out[j]);  /* steals: the lists now belong to the tuple */
        out[j] = NULL;
    }
done:
    for (int j = 0; j < 6; j++)
        Py_XDECREF(out[j]);
    PyMem_Free(first);
    PyMem_Free(repeats);
    Py_XDECREF(seen);
    Py_XDECREF(no_sign);
    Py_DECREF(play);
    return result;
}

/* a + b as Python adds the two numbers, as a double (-1.0 with an exception set on error):
 * two floats add as doubles; anything else through +, then float(), as add_weights reads a
 * start. */
static double add_numbers(PyObject *a, PyObject *b) {
    if (PyFloat_CheckExact(a) && PyFloat_CheckExact(b))
        return PyFloat_AS_DOUBLE(a) + PyFloat_AS_DOUBLE(b);
    PyObject *sum = PyNumber_Add(a, b);
    if (sum == NULL)
        return -1.0;
    double value = PyFloat_AsDouble(sum);
    Py_DECREF(sum);
    return value;
}

enum { ALIVE, PLAY_LINES, BASE, RUNNING, KINDS, SIGNS, TWICE, REPEATED_TABLE, TABLES, SCORE_ARGS };

/* score_alive(alive, play_lines, base, running, kinds, signs, twice_on_page, repeated_table,
 * tables) -> (alive_lines, scores, context_bins, repeated): twin of quality.py_score_alive.
 * The scores are added in the reference's order: base[k] + repeated_table[r], then each
 * tables[j][bin j] left to right, on doubles. */
static PyObject *score_alive(PyObject *module, PyObject *const *args, Py_ssize_t nargs,
                             PyObject *kwnames) {
    static const char *const names[] = {"alive", "play_lines", "base", "running", "kinds",
                                        "signs", "twice_on_page", "repeated_table", "tables"};
    PyObject *a[SCORE_ARGS], *t[SCORE_ARGS] = {NULL};
    (void)module;
    if (!configured()
        || parse_args("score_alive", names, SCORE_ARGS, SCORE_ARGS, args, nargs, kwnames, a) < 0)
        return NULL;
    PyObject *alive_lines = NULL, *scores = NULL, *rows = NULL, *repeated = NULL;
    PyObject *seen = NULL, *result = NULL;
    Slot *slots = NULL;
    Py_ssize_t *ks = NULL, *first = NULL;
    unsigned char *twice = NULL, *repeats = NULL;
    /* tuples: reading items runs Python code (a bool's or a line's), which must not resize
     * what we index; the tables too, each one a tuple */
    for (int j = 0; j < SCORE_ARGS; j++)
        if ((t[j] = PySequence_Tuple(a[j])) == NULL)
            goto done;
    Py_ssize_t ntables = PyTuple_GET_SIZE(t[TABLES]);
    /* each table a tuple too, gathered in a new tuple (t[TABLES] may be the caller's own) */
    PyObject *tables = PyTuple_New(ntables);
    for (Py_ssize_t j = 0; tables != NULL && j < ntables; j++) {
        PyObject *table = PySequence_Tuple(PyTuple_GET_ITEM(t[TABLES], j));
        if (table == NULL)
            Py_CLEAR(tables);  /* its unfilled (NULL) items are skipped */
        else
            PyTuple_SET_ITEM(tables, j, table);
    }
    Py_SETREF(t[TABLES], tables);
    if (tables == NULL)
        goto done;
    Py_ssize_t count = PyTuple_GET_SIZE(t[ALIVE]);
    Py_ssize_t size = count ? count : 1;
    slots = PyMem_Calloc(size, sizeof(Slot));
    ks = PyMem_New(Py_ssize_t, size);
    first = PyMem_New(Py_ssize_t, size);
    twice = PyMem_Calloc(size, 1);
    repeats = PyMem_Calloc(size, 1);
    if (slots == NULL || ks == NULL || first == NULL || twice == NULL || repeats == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if ((alive_lines = PyList_New(count)) == NULL || (scores = PyList_New(count)) == NULL
        || (repeated = PyList_New(count)) == NULL || (seen = PyDict_New()) == NULL)
        goto done;
    PyObject *item;
    for (Py_ssize_t p = 0; p < count; p++) {  /* alive_lines = [play_lines[k] for k in alive] */
        ks[p] = PyNumber_AsSsize_t(PyTuple_GET_ITEM(t[ALIVE], p), PyExc_IndexError);
        if ((ks[p] == -1 && PyErr_Occurred()) || (item = tuple_at(t[PLAY_LINES], ks[p])) == NULL)
            goto done;
        PyList_SET_ITEM(alive_lines, p, Py_NewRef(item));
    }
    for (Py_ssize_t p = 0; p < count; p++) {  /* the Counter of the lines twice on the page */
        int flag;
        if ((item = tuple_at(t[TWICE], ks[p])) == NULL || (flag = PyObject_IsTrue(item)) < 0)
            goto done;
        if (!(twice[p] = (unsigned char)flag))
            continue;
        PyObject *text = line_attr(PyList_GET_ITEM(alive_lines, p), s_stripped);
        first[p] = text ? first_of(seen, text, p, repeats) : -1;
        Py_XDECREF(text);
        if (first[p] < 0)
            goto done;
    }
    int any_sign = 0;
    for (Py_ssize_t p = 0; p < count; p++) {  /* context_features' slots, as context_slots fills */
        Slot *slot = &slots[p];
        if ((item = tuple_at(t[RUNNING], ks[p])) == NULL
            || (slot->running = PyObject_IsTrue(item)) < 0)
            goto done;
        if (slot->running && (slot->words = word_count(PyList_GET_ITEM(alive_lines, p))) < 0)
            goto done;
        if ((item = tuple_at(t[KINDS], ks[p])) == NULL)
            goto done;
        if (count > 1) {  /* a single line reads no neighbour's kind */
            slot->kind = PyLong_AsLong(item);
            if (slot->kind == -1 && PyErr_Occurred())
                goto done;
        }
        if ((item = tuple_at(t[SIGNS], ks[p])) == NULL || (slot->sign = PyObject_IsTrue(item)) < 0)
            goto done;
        any_sign |= slot->sign;
    }
    if (context_layout(slots, count, any_sign) < 0 || (rows = context_rows(slots, count)) == NULL)
        goto done;
    Py_ssize_t width = ntables < 7 ? ntables : 7;  /* zip(tables, bins) */
    for (Py_ssize_t p = 0; p < count; p++) {
        /* twice_on_page[k] and counts[line.stripped] > 1: the falsy flag itself, or a bool */
        int again = twice[p] && repeats[first[p]];
        PyObject *flag = twice[p] ? PyBool_FromLong(again)
                                  : Py_NewRef(tuple_at(t[TWICE], ks[p]));  /* read before */
        PyList_SET_ITEM(repeated, p, flag);
        PyObject *start = tuple_at(t[BASE], ks[p]), *extra = tuple_at(t[REPEATED_TABLE], again);
        if (start == NULL || extra == NULL)
            goto done;
        double value = add_numbers(start, extra);
        if (value == -1.0 && PyErr_Occurred())
            goto done;
        PyObject *row = PyList_GET_ITEM(rows, p);
        for (Py_ssize_t j = 0; j < width; j++) {
            PyObject *table = PyTuple_GET_ITEM(t[TABLES], j);
            long b = PyLong_AsLong(PyTuple_GET_ITEM(row, j));  /* a small int of ours */
            if ((item = tuple_at(table, b)) == NULL)
                goto done;
            double w = PyFloat_CheckExact(item) ? PyFloat_AS_DOUBLE(item) : PyFloat_AsDouble(item);
            if (w == -1.0 && PyErr_Occurred())
                goto done;
            value += w;
        }
        PyObject *score = PyFloat_FromDouble(value);
        if (score == NULL)
            goto done;
        PyList_SET_ITEM(scores, p, score);
    }
    result = PyTuple_Pack(4, alive_lines, scores, rows, repeated);
done:
    for (int j = 0; j < SCORE_ARGS; j++)
        Py_XDECREF(t[j]);
    Py_XDECREF(alive_lines);
    Py_XDECREF(scores);
    Py_XDECREF(rows);
    Py_XDECREF(repeated);
    Py_XDECREF(seen);
    PyMem_Free(slots);
    PyMem_Free(ks);
    PyMem_Free(first);
    PyMem_Free(twice);
    PyMem_Free(repeats);
    return result;
}

/* ---- configuration ---- */

/* _configure_features(stop_words, says_search, time_search, date_search, age_search): the
 * Python module hands over its constants once, so they live in one place (Python). */
static PyObject *configure_features(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 5 || !PyAnySet_Check(args[0]) || !PyCallable_Check(args[1])
        || !PyCallable_Check(args[2]) || !PyCallable_Check(args[3]) || !PyCallable_Check(args[4])) {
        PyErr_SetString(PyExc_TypeError, "_configure_features(stop_words, says_search, "
                        "time_search, date_search, age_search): a set and four callables");
        return NULL;
    }
    static struct { PyObject **name; const char *text; } interned[] = {
        {&s_words, "words"}, {&s_stripped, "stripped"}, {&s_text, "text"},
        {&s_lowered, "lowered"}, {&s_ends, "ends_like_sentence"},
        {&s_share, "stop_word_share"}, {&s_get, "get"}, {&s_ago, "ago"},
    };
    for (size_t i = 0; i < sizeof(interned) / sizeof(interned[0]); i++) {
        if (*interned[i].name == NULL
            && (*interned[i].name = PyUnicode_InternFromString(interned[i].text)) == NULL)
            return NULL;
    }
    Py_XSETREF(says_search, Py_NewRef(args[1]));
    Py_XSETREF(time_search, Py_NewRef(args[2]));
    Py_XSETREF(date_search, Py_NewRef(args[3]));
    Py_XSETREF(age_search, Py_NewRef(args[4]));
    Py_XSETREF(stop_words, Py_NewRef(args[0]));  /* last: it marks the module configured */
    Py_RETURN_NONE;
}

#define FASTCALL_KW(f) (PyCFunction)(void (*)(void))(f), METH_FASTCALL | METH_KEYWORDS

PyMethodDef cleaner_feature_methods[] = {
    {"_configure_features", (PyCFunction)(void (*)(void))configure_features, METH_FASTCALL,
     "Hand over quality_features' constants (called once by that module)."},
    {"own_features", FASTCALL_KW(own_features), "Twin of quality_features.own_features."},
    {"inner_sentences", FASTCALL_KW(inner_sentences), "Twin of quality_features.inner_sentences."},
    {"comment_sign", FASTCALL_KW(comment_sign), "Twin of quality_features.comment_sign."},
    {"is_running_text", FASTCALL_KW(is_running_text), "Twin of quality_features.is_running_text."},
    {"neighbour_kind", FASTCALL_KW(neighbour_kind), "Twin of quality_features.neighbour_kind."},
    {"context_features", FASTCALL_KW(context_features),
     "Twin of quality_features.context_features."},
    {"page_features", FASTCALL_KW(page_features), "Twin of rules.quality.py_page_features."},
    {"score_alive", FASTCALL_KW(score_alive), "Twin of rules.quality.py_score_alive."},
    {NULL, NULL, 0, NULL},
};
