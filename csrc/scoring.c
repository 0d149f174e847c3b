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

/* --- keep_article_edges ------------------------------------------------------------------
 *
 * Twin of quality.keep_article_edges (with keep_introduced_lists and _article_follows): the same
 * loops, in the same order, over the lines' attributes (read through the normal attribute
 * protocol, so cached properties compute as in Python). What is rare and not a loop stays in
 * Python: the caller passes reads_as_sentence, is_running_text and is_title_of, so C reimplements
 * only the scanning, which is where the time goes. */

/* quality.py's constants (tests/test_speedups_scoring.py checks that they still agree). */
#define ATTRIBUTION_MAX_WORDS 8
#define ATTRIBUTED_MIN_WORDS 12
#define TITLE_GAP_LINES 4
#define TITLE_GAP_WORDS 4
#define LIST_ITEM_MAX_WORDS 12
#define LIST_MAX_ITEMS 20
#define LEAD_IN_MIN_WORDS 2

typedef struct {
    PyObject *lines; /* a tuple: a judge cannot resize it under us */
    Py_ssize_t count;
    PyObject *keep; /* the caller's list, changed in place as the reference does */
    PyObject *reads_as_sentence, *is_running_text, *is_title_of;
    /* attribute names, made per call (no module state) */
    PyObject *words, *stripped, *ends_like_sentence, *is_attribution, *content_keys;
} Edges;

#define LINE(e, i) PyTuple_GET_ITEM((e)->lines, (i))

/* bool(keep[i]): 0 or 1, -1 with an exception set. */
static int kept(Edges *e, Py_ssize_t i) {
    if (i >= PyList_GET_SIZE(e->keep)) { /* only if a judge shrank the list */
        PyErr_SetString(PyExc_IndexError, "keep_article_edges() keep changed size");
        return -1;
    }
    PyObject *flag = PyList_GET_ITEM(e->keep, i);
    if (flag == Py_True || flag == Py_False)
        return flag == Py_True;
    Py_INCREF(flag); /* __bool__ runs Python code, which could drop the list's reference */
    int truth = PyObject_IsTrue(flag);
    Py_DECREF(flag);
    return truth;
}

static int set_kept(Edges *e, Py_ssize_t i) {
    Py_INCREF(Py_True);
    return PyList_SetItem(e->keep, i, Py_True); /* IndexError if the list shrank */
}

/* len(line.words), -1 with an exception set. */
static Py_ssize_t word_count(Edges *e, Py_ssize_t i) {
    PyObject *words = line_attr(LINE(e, i), e->words);
    if (words == NULL)
        return -1;
    Py_ssize_t count = PyObject_Size(words);
    Py_DECREF(words);
    return count;
}

/* bool(line.<name>): 0 or 1, -1 with an exception set. */
static int attribute_truth(Edges *e, Py_ssize_t i, PyObject *name) {
    PyObject *value = line_attr(LINE(e, i), name);
    if (value == NULL)
        return -1;
    int truth = PyObject_IsTrue(value);
    Py_DECREF(value);
    return truth;
}

/* bool(judge(line)) or bool(judge(line, extra)). */
static int judged(PyObject *judge, PyObject *line, PyObject *extra) {
    PyObject *verdict = extra ? PyObject_CallFunctionObjArgs(judge, line, extra, NULL)
                              : PyObject_CallOneArg(judge, line);
    if (verdict == NULL)
        return -1;
    int truth = PyObject_IsTrue(verdict);
    Py_DECREF(verdict);
    return truth;
}

/* line.stripped.endswith(":") */
static int ends_with_colon(Edges *e, Py_ssize_t i) {
    PyObject *text = line_str(LINE(e, i), e->stripped);
    if (text == NULL)
        return -1;
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    int colon = length > 0 && PyUnicode_READ_CHAR(text, length - 1) == ':';
    Py_DECREF(text);
    return colon;
}

/* Add every item of line.content_keys to the set. */
static int add_content_keys(Edges *e, PyObject *set, Py_ssize_t i) {
    PyObject *keys = line_attr(LINE(e, i), e->content_keys);
    if (keys == NULL)
        return -1;
    PyObject *iterator = PyObject_GetIter(keys);
    Py_DECREF(keys);
    if (iterator == NULL)
        return -1;
    PyObject *key;
    while ((key = PyIter_Next(iterator)) != NULL) {
        int added = PySet_Add(set, key);
        Py_DECREF(key);
        if (added < 0)
            break;
    }
    Py_DECREF(iterator);
    return PyErr_Occurred() ? -1 : 0;
}

/* Evaluate to -1 (the exception stays set) when a step fails. */
#define CHECK(call) do { if ((call) < 0) return -1; } while (0)

static int introduced_lists(Edges *e) { /* twin of keep_introduced_lists */
    for (Py_ssize_t position = 1; position < e->count - 1; position++) {
        int colon, ok, follows;
        Py_ssize_t words, end, start;
        CHECK(colon = ends_with_colon(e, position));
        if (!colon)
            continue;
        CHECK(words = word_count(e, position));
        if (words < LEAD_IN_MIN_WORDS)
            continue;
        CHECK(ok = attribute_truth(e, position - 1, e->ends_like_sentence));
        if (!ok)
            CHECK(ok = judged(e->is_running_text, LINE(e, position - 1), NULL));
        if (!ok)
            continue;
        for (end = position + 1; end < e->count && end - position <= LIST_MAX_ITEMS; end++) {
            CHECK(words = word_count(e, end));
            if (!(1 <= words && words <= LIST_ITEM_MAX_WORDS))
                break;
        }
        if (end == position + 1)
            continue;
        CHECK(ok = kept(e, position - 1));
        if (ok) {
            start = position;
        } else {
            follows = 0;
            if (end < e->count) {
                CHECK(follows = kept(e, end));
                if (follows)
                    CHECK(follows = judged(e->is_running_text, LINE(e, position - 1), NULL));
            }
            if (!follows)
                continue;
            start = position - 1;
        }
        for (Py_ssize_t item = start; item < end; item++)
            CHECK(set_kept(e, item));
    }
    return 0;
}

static int article_follows(Edges *e, Py_ssize_t position) { /* twin of _article_follows */
    Py_ssize_t stop = position + 2 + TITLE_GAP_LINES;
    for (Py_ssize_t following = position + 1; following < (stop < e->count ? stop : e->count);
         following++) {
        int flag;
        Py_ssize_t words;
        CHECK(flag = kept(e, following));
        if (flag)
            return 1;
        CHECK(words = word_count(e, following));
        if (words > TITLE_GAP_WORDS)
            return 0;
    }
    return 0;
}

static int article_edges(Edges *e, PyObject **article_keys) {
    int flag, ok;
    Py_ssize_t words;
    CHECK(introduced_lists(e));
    /* Forwards, then backwards: sentences next to kept text. */
    for (Py_ssize_t step = 1; step >= -1; step -= 2) {
        for (Py_ssize_t position = step == 1 ? 1 : e->count - 2;
             step == 1 ? position < e->count : position >= 0; position += step) {
            CHECK(flag = kept(e, position));
            if (flag)
                continue;
            CHECK(flag = kept(e, position - step));
            if (!flag)
                continue;
            CHECK(ok = judged(e->reads_as_sentence, LINE(e, position), NULL));
            if (ok)
                CHECK(set_kept(e, position));
        }
    }
    /* An attribution line closing kept text. */
    for (Py_ssize_t position = 1; position < e->count; position++) {
        CHECK(flag = kept(e, position));
        if (flag)
            continue;
        CHECK(flag = kept(e, position - 1));
        if (!flag)
            continue;
        CHECK(ok = attribute_truth(e, position, e->is_attribution));
        if (!ok)
            continue;
        CHECK(words = word_count(e, position));
        if (words > ATTRIBUTION_MAX_WORDS)
            continue;
        CHECK(ok = attribute_truth(e, position - 1, e->ends_like_sentence));
        if (!ok)
            CHECK(ok = attribute_truth(e, position - 1, e->is_attribution));
        if (!ok) {
            CHECK(words = word_count(e, position - 1));
            ok = words >= ATTRIBUTED_MIN_WORDS;
        }
        if (ok)
            CHECK(set_kept(e, position));
    }
    /* A title right above kept text; the kept lines' keys are gathered on first need. */
    for (Py_ssize_t position = 0; position < e->count - 1; position++) {
        CHECK(flag = kept(e, position));
        if (flag)
            continue;
        CHECK(flag = article_follows(e, position));
        if (!flag)
            continue;
        if (*article_keys == NULL) {
            if ((*article_keys = PySet_New(NULL)) == NULL)
                return -1;
            for (Py_ssize_t i = 0; i < e->count; i++) {
                CHECK(flag = kept(e, i));
                if (flag)
                    CHECK(add_content_keys(e, *article_keys, i));
            }
        }
        CHECK(ok = judged(e->is_title_of, LINE(e, position), *article_keys));
        if (ok) {
            CHECK(set_kept(e, position));
            CHECK(add_content_keys(e, *article_keys, position));
        }
    }
    return 0;
}

/* keep_article_edges(lines, keep, reads_as_sentence, is_running_text, is_title_of) -> None */
static PyObject *keep_article_edges(PyObject *module, PyObject *args, PyObject *kwargs) {
    static char *names[] = {"lines", "keep", "reads_as_sentence", "is_running_text",
                            "is_title_of", NULL};
    PyObject *lines;
    Edges e = {0};
    (void)module;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO!OOO:keep_article_edges", names, &lines,
                                     &PyList_Type, &e.keep, &e.reads_as_sentence,
                                     &e.is_running_text, &e.is_title_of))
        return NULL;
    PyObject *article_keys = NULL, *result = NULL;
    if ((e.lines = PySequence_Tuple(lines)) == NULL)
        return NULL;
    e.count = PyTuple_GET_SIZE(e.lines);
    if (PyList_GET_SIZE(e.keep) != e.count) {
        PyErr_SetString(PyExc_ValueError, "keep_article_edges() lines and keep differ in length");
        goto done;
    }
    if ((e.words = PyUnicode_InternFromString("words")) == NULL
        || (e.stripped = PyUnicode_InternFromString("stripped")) == NULL
        || (e.ends_like_sentence = PyUnicode_InternFromString("ends_like_sentence")) == NULL
        || (e.is_attribution = PyUnicode_InternFromString("is_attribution")) == NULL
        || (e.content_keys = PyUnicode_InternFromString("content_keys")) == NULL)
        goto done;
    if (article_edges(&e, &article_keys) == 0)
        result = Py_NewRef(Py_None);
done:
    Py_XDECREF(article_keys);
    Py_XDECREF(e.words);
    Py_XDECREF(e.stripped);
    Py_XDECREF(e.ends_like_sentence);
    Py_XDECREF(e.is_attribution);
    Py_XDECREF(e.content_keys);
    Py_DECREF(e.lines);
    return result;
}

/* --- the rule's bookkeeping between passes ---------------------------------------------- */

/* drop_unkept(alive, keep, verdict, partial, reason, lines, own, context_bins, repeated, scores)
 * -> list: twin of quality.py_drop_unkept. For each position p of alive whose keep[p] is false,
 * verdict[alive[p]] = partial(reason, lines[k], own[k], context_bins[p], repeated[p], scores[p])
 * with k = alive[p]; returns the alive entries kept. Most lines of a scraped page are furniture,
 * so this runs for most lines: in Python its indexing cost more than the scoring. Items are
 * read as Python reads them (PyObject_GetItem), so any sequences and mappings work. */
static PyObject *drop_unkept(PyObject *module, PyObject *args, PyObject *kwargs) {
    static char *names[] = {"alive", "keep", "verdict", "partial", "reason", "lines", "own",
                            "context_bins", "repeated", "scores", NULL};
    PyObject *alive_arg, *keep_arg, *verdict, *partial, *reason, *lines, *own, *bins, *repeated,
        *scores;
    (void)module;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OOOOOOOOOO:drop_unkept", names, &alive_arg,
                                     &keep_arg, &verdict, &partial, &reason, &lines, &own, &bins,
                                     &repeated, &scores))
        return NULL;
    /* tuples: reading lines[k] or the rest may run Python code, which must not resize them */
    PyObject *alive = PySequence_Tuple(alive_arg);
    if (alive == NULL)
        return NULL;
    PyObject *keep = PySequence_Tuple(keep_arg);
    PyObject *kept = keep ? PyList_New(0) : NULL;
    if (kept == NULL)
        goto fail;
    /* zip(alive, keep) in the reference: the shorter one ends the loop */
    Py_ssize_t count = PyTuple_GET_SIZE(alive);
    if (PyTuple_GET_SIZE(keep) < count)
        count = PyTuple_GET_SIZE(keep);
    for (Py_ssize_t p = 0; p < count; p++) {
        PyObject *k = PyTuple_GET_ITEM(alive, p);
        int truth = PyObject_IsTrue(PyTuple_GET_ITEM(keep, p));
        if (truth < 0)
            goto fail;
        if (truth) {
            if (PyList_Append(kept, k) < 0)
                goto fail;
            continue;
        }
        if (partial == Py_None) {  /* no reasons asked for: the rule's own reason */
            if (PyObject_SetItem(verdict, k, reason) < 0)
                goto fail;
            continue;
        }
        /* the partial's arguments: reason, then the five items (NULL until read) */
        PyObject *call[6] = {reason, NULL, NULL, NULL, NULL, NULL};
        PyObject *position = PyLong_FromSsize_t(p);
        int ok = position != NULL
                 && (call[1] = PyObject_GetItem(lines, k)) != NULL
                 && (call[2] = PyObject_GetItem(own, k)) != NULL
                 && (call[3] = PyObject_GetItem(bins, position)) != NULL
                 && (call[4] = PyObject_GetItem(repeated, position)) != NULL
                 && (call[5] = PyObject_GetItem(scores, position)) != NULL;
        PyObject *why = ok ? PyObject_Vectorcall(partial, call, 6, NULL) : NULL;
        Py_XDECREF(position);
        for (int i = 1; i < 6; i++)
            Py_XDECREF(call[i]);
        if (why == NULL)
            goto fail;
        int stored = PyObject_SetItem(verdict, k, why);
        Py_DECREF(why);
        if (stored < 0)
            goto fail;
    }
    Py_DECREF(keep);
    Py_DECREF(alive);
    return kept;
fail:
    Py_XDECREF(kept);
    Py_XDECREF(keep);
    Py_DECREF(alive);
    return NULL;
}

PyMethodDef cleaner_scoring_methods[] = {
    {"segment", (PyCFunction)(void (*)(void))segment, METH_VARARGS | METH_KEYWORDS,
     "segment(scores, switch_cost) -> list[bool]: twin of cleaner.rules.quality.segment."},
    {"best_block", (PyCFunction)(void (*)(void))best_block, METH_VARARGS | METH_KEYWORDS,
     "best_block(scores) -> list[bool]: twin of cleaner.rules.quality.best_block."},
    {"add_weights", (PyCFunction)(void (*)(void))add_weights, METH_VARARGS | METH_KEYWORDS,
     "add_weights(rows, tables, starts) -> list[float]: twin of cleaner.rules.quality.add_weights."},
    {"keep_article_edges", (PyCFunction)(void (*)(void))keep_article_edges,
     METH_VARARGS | METH_KEYWORDS,
     "keep_article_edges(lines, keep, reads_as_sentence, is_running_text, is_title_of): twin of "
     "cleaner.rules.quality.keep_article_edges given its Python judges; changes keep in place."},
    {"drop_unkept", (PyCFunction)(void (*)(void))drop_unkept, METH_VARARGS | METH_KEYWORDS,
     "drop_unkept(alive, keep, verdict, partial, reason, lines, own, context_bins, repeated, "
     "scores) -> list: twin of cleaner.rules.quality.py_drop_unkept."},
    {NULL, NULL, 0, NULL},
};
