/* cleaner._ctext, stoplist matching: text_hits and measure, the twins of
 * language.text_hits and language.measure for the common case (a Reading with its
 * tokens; every weight 1.0 for measure), None otherwise. */
#include "_ctext.h"

/* A tuple of tokens[start:stop] (a new reference). */
static PyObject *
token_tuple(PyObject *tokens, Py_ssize_t start, Py_ssize_t stop)
{
    PyObject *tuple = PyTuple_New(stop - start);
    if (tuple == NULL) {
        return NULL;
    }
    for (Py_ssize_t k = start; k < stop; k++) {
        PyObject *token = PyList_GET_ITEM(tokens, k);
        Py_INCREF(token);
        PyTuple_SET_ITEM(tuple, k - start, token);
    }
    return tuple;
}

/* `tuple(tokens[start:stop]) in set`: 1, 0, or -1 with an exception set. */
static int
holds(PyObject *set, PyObject *tokens, Py_ssize_t start, Py_ssize_t stop)
{
    PyObject *key = token_tuple(tokens, start, stop);
    if (key == NULL) {
        return -1;
    }
    int found = PySet_Contains(set, key);
    Py_DECREF(key);
    return found;
}

/* The three tables of a language.Stoplist that matching reads (borrowed after the call:
 * the stoplist holds them). */
typedef struct {
    PyObject *longest; /* dict: first unit -> the most units of an entry starting with it */
    PyObject *pairs;   /* frozenset of the first two units of every longer entry */
    PyObject *entries; /* frozenset of every entry, a tuple of units */
    PyObject *single;  /* frozenset of the one-unit entries' units */
} Tables;

/* Attribute names, interned once at import (ctext_stoplists_init). */
static PyObject *str_longest, *str_pairs, *str_entries, *str_single, *str_index;

static int
tables_of(PyObject *stoplist, Tables *t)
{
    PyObject *names[4] = {str_longest, str_pairs, str_entries, str_single};
    PyObject **slots[4] = {&t->longest, &t->pairs, &t->entries, &t->single};
    for (int k = 0; k < 4; k++) {
        PyObject *value = PyObject_GetAttr(stoplist, names[k]);
        if (value == NULL) {
            return -1;
        }
        int ok = k == 0 ? PyDict_Check(value) : PyAnySet_Check(value);
        Py_DECREF(value); /* the stoplist keeps it alive */
        if (!ok) {
            PyErr_SetString(PyExc_TypeError, "not a language.Stoplist");
            return -1;
        }
        *slots[k] = value;
    }
    return 0;
}

/* Stoplist.match_at(tokens, i): the units of the longest entry starting at tokens[i]
 * (0: none), or -1 with an exception set. */
static Py_ssize_t
match_at(const Tables *t, PyObject *tokens, Py_ssize_t i)
{
    Py_ssize_t n = PyList_GET_SIZE(tokens);
    PyObject *most_obj = PyDict_GetItemWithError(t->longest, PyList_GET_ITEM(tokens, i));
    if (most_obj == NULL) {
        return PyErr_Occurred() ? -1 : 0;
    }
    Py_ssize_t most = PyLong_AsSsize_t(most_obj);
    if (most == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (most <= 1) {
        return most;
    }
    /* tuple(tokens[i:i + 2]) in pairs: a pair only where a second unit follows */
    int pair = holds(t->pairs, tokens, i, i + 2 < n ? i + 2 : n);
    if (pair < 0) {
        return -1;
    }
    if (pair) {
        for (Py_ssize_t size = most < n - i ? most : n - i; size > 1; size--) {
            int found = holds(t->entries, tokens, i, i + size);
            if (found != 0) {
                return found < 0 ? -1 : size;
            }
        }
    }
    int alone = holds(t->entries, tokens, i, i + 1);
    return alone < 0 ? -1 : alone;
}

/* The languages of the longer entries starting in `tokens`: the bytes of
 *   [lang for i in range(len(tokens)) if tokens[i] in longer
 *         for stoplist, lang in longer[tokens[i]] if stoplist.match_at(tokens, i)]
 * joined, as language.text_hits finds them (`longer` is Stoplists.longer). Appended to
 * the buffer `*buf` of `*size` bytes and capacity `*cap`. `marked`: how many of the
 * tokens `longer` holds, known from the reading's alone bytes (one MATCH_MARK for each:
 * Stoplists.alone marks exactly the units Stoplists.longer holds), so the scan stops at
 * the last of them instead of looking every token up (a third of the lookups, on the
 * lines of the text set that hold one). */
static int
longer_hits(PyObject *tokens, PyObject *longer, Py_ssize_t marked, char **buf,
            Py_ssize_t *size, Py_ssize_t *cap)
{
    Py_ssize_t n = PyList_GET_SIZE(tokens);
    for (Py_ssize_t i = 0; i < n && marked > 0; i++) {
        PyObject *starting = PyDict_GetItemWithError(longer, PyList_GET_ITEM(tokens, i));
        if (starting == NULL) {
            if (PyErr_Occurred()) {
                return -1;
            }
            continue;
        }
        if (!PyTuple_Check(starting)) {
            PyErr_SetString(PyExc_TypeError, "Stoplists.longer must map units to tuples");
            return -1;
        }
        marked--;
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(starting); k++) {
            PyObject *pair = PyTuple_GET_ITEM(starting, k);
            if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 ||
                !PyBytes_Check(PyTuple_GET_ITEM(pair, 1))) {
                PyErr_SetString(PyExc_TypeError, "Stoplists.longer: (Stoplist, bytes) pairs");
                return -1;
            }
            Tables t;
            if (tables_of(PyTuple_GET_ITEM(pair, 0), &t) < 0) {
                return -1;
            }
            Py_ssize_t found = match_at(&t, tokens, i);
            if (found < 0) {
                return -1;
            }
            if (found) {
                PyObject *lang = PyTuple_GET_ITEM(pair, 1);
                if (ctext_append(buf, size, cap, PyBytes_AS_STRING(lang), PyBytes_GET_SIZE(lang)) < 0) {
                    return -1;
                }
            }
        }
    }
    return 0;
}

#define MATCH_MARK 0xFF /* language.MATCH_MARK */

/* (n, hits): a new reference, `hits` (bytes) stolen. Made untracked: an int and bytes can
 * be in no cycle, and a Cleaner's memo keeps each new line's pair (the collector would
 * walk it once before untracking it itself). */
static PyObject *
hits_pair(Py_ssize_t n, PyObject *hits)
{
    return ctext_untracked(Py_BuildValue("(nN)", n, hits));
}

/* text_hits(reading, limit, longer, reading_type) -> (units, hits) or None:
 * language.text_hits(reading, limit) where `reading` is a `reading_type` (a Reading)
 * with its tokens and alone bytes, and at most `limit` tokens; None in every other case
 * (the caller runs the Python). The hits are the alone bytes; where they hold MATCH_MARK,
 * the bytes without it followed by the longer entries' languages. */
PyObject *
ctext_text_hits(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 || !PyDict_Check(args[2]) || !PyType_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError, "text_hits(reading, limit, longer, reading_type)");
        return NULL;
    }
    Py_ssize_t limit = PyLong_AsSsize_t(args[1]);
    if (limit == -1 && PyErr_Occurred()) {
        return NULL;
    }
    PyObject *reading = args[0];
    if (!PyObject_TypeCheck(reading, (PyTypeObject *)args[3]) || !PyTuple_Check(reading) ||
        PyTuple_GET_SIZE(reading) != 5) {
        Py_RETURN_NONE;
    }
    PyObject *tokens = PyTuple_GET_ITEM(reading, 2);
    PyObject *alone = PyTuple_GET_ITEM(reading, 4);
    if (!PyList_CheckExact(tokens) || !PyBytes_CheckExact(alone) ||
        PyList_GET_SIZE(tokens) > limit) {
        Py_RETURN_NONE;
    }
    Py_ssize_t n = PyList_GET_SIZE(tokens);
    const char *raw = PyBytes_AS_STRING(alone);
    Py_ssize_t raw_size = PyBytes_GET_SIZE(alone);
    if (memchr(raw, MATCH_MARK, (size_t)raw_size) == NULL) {
        return hits_pair(n, Py_NewRef(alone));
    }
    Py_ssize_t size = 0, cap = raw_size + 16;
    char *buf = PyMem_Malloc((size_t)cap);
    if (buf == NULL) {
        return PyErr_NoMemory();
    }
    for (Py_ssize_t k = 0; k < raw_size; k++) { /* hits.replace(_MARK, b"") */
        if ((unsigned char)raw[k] != MATCH_MARK) {
            buf[size++] = raw[k];
        }
    }
    PyObject *result = NULL;
    if (longer_hits(tokens, args[2], raw_size - size, &buf, &size, &cap) == 0) {
        PyObject *hits = PyBytes_FromStringAndSize(buf, size);
        if (hits != NULL) {
            result = hits_pair(n, hits);
        }
    }
    PyMem_Free(buf);
    return result;
}

/* byte_counts(data) -> {byte: count}: dict(collections.Counter(data)) for bytes, in the
 * order each value first occurs (language.byte_counts: detection's count of a document's
 * hits, one byte a hit). */
PyObject *
ctext_byte_counts(PyObject *Py_UNUSED(module), PyObject *data)
{
    if (!PyBytes_Check(data)) {
        PyErr_SetString(PyExc_TypeError, "byte_counts(data): data must be bytes");
        return NULL;
    }
    const unsigned char *raw = (const unsigned char *)PyBytes_AS_STRING(data);
    Py_ssize_t size = PyBytes_GET_SIZE(data), counts[256] = {0};
    unsigned char order[256];
    int seen = 0;
    for (Py_ssize_t k = 0; k < size; k++) {
        if (counts[raw[k]]++ == 0) {
            order[seen++] = raw[k];
        }
    }
    PyObject *found = PyDict_New();
    for (int k = 0; found != NULL && k < seen; k++) {
        PyObject *key = PyLong_FromLong(order[k]);
        PyObject *value = key == NULL ? NULL : PyLong_FromSsize_t(counts[order[k]]);
        if (value == NULL || PyDict_SetItem(found, key, value) < 0) {
            Py_CLEAR(found);
        }
        Py_XDECREF(key);
        Py_XDECREF(value);
    }
    return found;
}

/* ---- measure ---------------------------------------------------------------------------- */

/* The words a uniform text's greedy cover spans: Stoplist.cover(tokens, weights,
 * final=True, singles=singles)[0] where every weight is 1.0. Only positions followed by
 * the second unit of a longer entry can start a match of more than one unit; elsewhere the
 * one-unit entries are covered, one word each. Returns the count, or -1 on error. */
static Py_ssize_t
cover_uniform(const Tables *t, PyObject *tokens, Py_ssize_t singles)
{
    Py_ssize_t n = PyList_GET_SIZE(tokens), extra = 0, i = 0;
    for (Py_ssize_t at = 0; at + 1 < n; at++) {
        if (at < i) { /* inside the previous match */
            continue;
        }
        int pair = holds(t->pairs, tokens, at, at + 2);
        if (pair <= 0) {
            if (pair < 0) {
                return -1;
            }
            continue;
        }
        Py_ssize_t step = match_at(t, tokens, at);
        if (step < 0) {
            return -1;
        }
        if (step > 1) { /* the words spanned, instead of its one-unit entries */
            extra += step;
            for (Py_ssize_t k = at; k < at + step; k++) {
                int one = PySet_Contains(t->single, PyList_GET_ITEM(tokens, k));
                if (one < 0) {
                    return -1;
                }
                extra -= one;
            }
            i = at + step;
        }
    }
    if (singles < 0) {
        singles = 0;
        for (Py_ssize_t k = 0; k < n; k++) {
            int one = PySet_Contains(t->single, PyList_GET_ITEM(tokens, k));
            if (one < 0) {
                return -1;
            }
            singles += one;
        }
    }
    return singles + extra;
}

/* measure(reading, stoplist, high, reading_type, measure_type) -> Measure or None:
 * language.measure(reading, stoplist, high) for a Reading with tokens, weights and alone
 * bytes whose weights are all 1.0 (or with no stoplist, or no words); None in every other
 * case (the caller runs the Python). Same steps as the Python: the words; no stoplist: no
 * density; no words: 0.0; a known lower bound of `high` or more (the one-unit entries'
 * share) returned as it is; else the greedy cover's share, at most 1.0. */
PyObject *
ctext_measure(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 5 || !PyType_Check(args[3]) || !PyType_Check(args[4])) {
        PyErr_SetString(PyExc_TypeError,
                        "measure(reading, stoplist, high, reading_type, measure_type)");
        return NULL;
    }
    PyObject *reading = args[0], *stoplist = args[1], *high = args[2];
    if (!PyObject_TypeCheck(reading, (PyTypeObject *)args[3]) || !PyTuple_Check(reading) ||
        PyTuple_GET_SIZE(reading) != 5) {
        Py_RETURN_NONE;
    }
    PyObject *words = PyTuple_GET_ITEM(reading, 1);
    PyObject *tokens = PyTuple_GET_ITEM(reading, 2);
    PyObject *weights = PyTuple_GET_ITEM(reading, 3);
    PyObject *alone = PyTuple_GET_ITEM(reading, 4);
    if (!PyList_CheckExact(tokens) || !PyList_CheckExact(weights) ||
        !PyBytes_CheckExact(alone) || (high != Py_None && !PyFloat_CheckExact(high))) {
        Py_RETURN_NONE;
    }
    if (stoplist == Py_None) {
        return ctext_named_pair(args[4], words, Py_None);
    }
    double w;
    if (PyFloat_CheckExact(words)) {
        w = PyFloat_AS_DOUBLE(words);
    }
    else if (PyLong_CheckExact(words)) {
        w = PyLong_AsDouble(words);
        if (w == -1.0 && PyErr_Occurred()) {
            return NULL;
        }
    }
    else {
        Py_RETURN_NONE;
    }
    if (w <= 0) {
        PyObject *zero = PyFloat_FromDouble(0.0);
        PyObject *made = zero == NULL ? NULL : ctext_named_pair(args[4], words, zero);
        Py_XDECREF(zero);
        return made;
    }
    Py_ssize_t n = PyList_GET_SIZE(tokens);
    for (Py_ssize_t k = 0; k < n; k++) { /* weights.count(1.0) == len(weights) */
        PyObject *weight = PyList_GET_ITEM(weights, k);
        if (!PyFloat_CheckExact(weight) || PyFloat_AS_DOUBLE(weight) != 1.0) {
            Py_RETURN_NONE; /* an unspaced script: the Python's plain loop */
        }
    }
    PyObject *index_obj = PyObject_GetAttr(stoplist, str_index);
    if (index_obj == NULL) {
        return NULL;
    }
    long index = PyLong_AsLong(index_obj);
    Py_DECREF(index_obj);
    if (index == -1 && PyErr_Occurred()) {
        return NULL;
    }
    /* singles = reading.alone.count(stoplist.index) */
    Py_ssize_t singles = 0;
    const unsigned char *raw = (const unsigned char *)PyBytes_AS_STRING(alone);
    for (Py_ssize_t k = 0; k < PyBytes_GET_SIZE(alone); k++) {
        singles += raw[k] == index;
    }
    double density;
    double least = (double)singles / w;
    if (least > 1.0) {
        least = 1.0;
    }
    if (high != Py_None && least >= PyFloat_AS_DOUBLE(high)) {
        density = least;
    }
    else {
        Tables t;
        if (tables_of(stoplist, &t) < 0) {
            return NULL;
        }
        Py_ssize_t covered = cover_uniform(&t, tokens, singles);
        if (covered < 0) {
            return NULL;
        }
        density = (double)covered / w;
        if (density > 1.0) {
            density = 1.0;
        }
    }
    PyObject *share = PyFloat_FromDouble(density);
    PyObject *made = share == NULL ? NULL : ctext_named_pair(args[4], words, share);
    Py_XDECREF(share);
    return made;
}

int
ctext_stoplists_init(void)
{
    if (str_longest == NULL) {
        str_longest = PyUnicode_InternFromString("longest");
        str_pairs = PyUnicode_InternFromString("pairs");
        str_entries = PyUnicode_InternFromString("entries");
        str_single = PyUnicode_InternFromString("single");
        str_index = PyUnicode_InternFromString("index");
        if (str_longest == NULL || str_pairs == NULL || str_entries == NULL ||
            str_single == NULL || str_index == NULL) {
            return -1;
        }
    }
    return 0;
}
