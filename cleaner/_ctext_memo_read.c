/* cleaner._ctext, the decision memo's methods that read a text (MemoMethod's read,
 * text_hits and scored): the twins of DocumentMemo.read_python, text_hits_python and
 * scored_python. See _ctext_memo.c for the whole. */
#include "_ctext_memo.h"
#include <structmember.h>

/* stoplists().<name>, a new reference. */
static PyObject *
stoplists_attr(MemoMethod *self, PyObject *name)
{
    PyObject *f = memo_global(self, G_LANGUAGE, mm_stoplists);
    PyObject *lists = f == NULL ? NULL : PyObject_CallNoArgs(f);
    PyObject *got = lists == NULL ? NULL : PyObject_GetAttr(lists, name);
    Py_XDECREF(f);
    Py_XDECREF(lists);
    return got;
}

/* language.read(text): read_native's C call, or what language.read now is. */
static PyObject *
language_read(MemoMethod *self, PyObject *text)
{
    PyObject *f = memo_global(self, G_LANGUAGE, mm_read);
    if (f == NULL || f != self->k[C_READ_NATIVE] ||
        PyUnicode_GET_LENGTH(text) > self->unit_chunk) {
        if (f == self->k[C_READ_NATIVE]) { /* read in chunks there */
            Py_SETREF(f, memo_global(self, G_LANGUAGE, mm_read_python));
        }
        PyObject *found = f == NULL ? NULL : PyObject_CallOneArg(f, text);
        Py_XDECREF(f);
        return found;
    }
    Py_DECREF(f);
    PyObject *alone = stoplists_attr(self, mm_alone);
    PyObject *call[3] = {text, alone, self->k[C_READING]};
    PyObject *found =
        alone == NULL ? NULL : PyObject_Vectorcall(self->k[C_TOKEN_READ], call, 3, NULL);
    Py_XDECREF(alone);
    return found;
}

/* read(memo, text): the document's reading, or one made and kept up to READ_CACHE_UNITS. */
PyObject *
memo_read(MemoMethod *self, PyObject *memo, PyObject *text)
{
    PyObject *readings = memo_dict(self, memo, O_READINGS);
    if (readings == NULL) {
        return NULL;
    }
    PyObject *found = PyDict_GetItemWithError(readings, text);
    if (found != NULL && found != Py_None) {
        Py_DECREF(readings);
        return Py_NewRef(found);
    }
    found = PyErr_Occurred() ? NULL : language_read(self, text);
    PyObject *tokens = found == NULL                           ? NULL
                       : Py_IS_TYPE(found, (PyTypeObject *)self->k[C_READING])
                           ? Py_NewRef(PyTuple_GET_ITEM(found, 2)) /* Reading.tokens */
                           : PyObject_GetAttr(found, mm_tokens);
    Py_ssize_t size = tokens == NULL || tokens == Py_None ? 0 : PyObject_Size(tokens);
    PyObject *units = size < 0 ? NULL : memo_field(self, memo, O_READ_UNITS);
    PyObject *add = units == NULL ? NULL : PyLong_FromSsize_t(size);
    PyObject *grown = add == NULL ? NULL : PyNumber_Add(units, add);
    PyObject *limit = grown == NULL ? NULL
                                    : memo_global(self, G_MEMO, mm_read_cache_units);
    int fits = limit == NULL ? -1 : PyObject_RichCompareBool(grown, limit, Py_LE);
    if (fits < 0 || (fits && PyDict_SetItem(readings, text, found) < 0)) {
        Py_CLEAR(found);
    }
    else if (fits) {
        memo_set_field(self, memo, O_READ_UNITS, grown);
    }
    Py_XDECREF(tokens);
    Py_XDECREF(units);
    Py_XDECREF(add);
    Py_XDECREF(grown);
    Py_XDECREF(limit);
    Py_DECREF(readings);
    return found;
}

/* language.text_hits(reading): text_hits_native's C call (language.text_hits_python where
 * it gives None), or what language.text_hits now is. */
static PyObject *
language_text_hits(MemoMethod *self, PyObject *reading)
{
    PyObject *f = memo_global(self, G_LANGUAGE, mm_text_hits);
    if (f == NULL || f != self->k[C_TEXT_HITS_NATIVE]) {
        PyObject *found = f == NULL ? NULL : PyObject_CallOneArg(f, reading);
        Py_XDECREF(f);
        return found;
    }
    Py_DECREF(f);
    PyObject *longer = stoplists_attr(self, mm_longer);
    PyObject *call[4] = {reading, self->k[C_HITS_LIMIT], longer, self->k[C_READING]};
    PyObject *found = longer == NULL ? NULL : ctext_text_hits(NULL, call, 4);
    Py_XDECREF(longer);
    if (found == Py_None) {
        Py_DECREF(found);
        f = memo_global(self, G_LANGUAGE, mm_text_hits_python);
        found = f == NULL ? NULL : PyObject_Vectorcall(f, call, 2, NULL);
        Py_XDECREF(f);
    }
    return found;
}

static PyObject *
hits_fact(MemoMethod *self, PyObject *memo, PyObject *Py_UNUSED(arg), PyObject *text)
{
    PyObject *reading = memo_read(self, memo, text);
    PyObject *found = reading == NULL ? NULL : language_text_hits(self, reading);
    Py_XDECREF(reading);
    return found;
}

/* text_hits(memo, text): detection's count of the text, from its facts or its reading. */
PyObject *
memo_text_hits(MemoMethod *self, PyObject *memo, PyObject *text)
{
    return memo_fact_or(self, memo, text, F_HITS, hits_fact, NULL);
}

/* Where a Segment keeps each of `names` (its slots' member descriptors), into `off`: how
 * many, or 0 (then _OTHER_FIELDS is asked for every key) where one is not an object slot
 * or there are more than MAX_OTHER. Never fails. */
Py_ssize_t
ctext_segment_offsets(PyObject *type, PyObject *names, Py_ssize_t *off)
{
    if (!PyType_Check(type) || !PyTuple_CheckExact(names) || PyTuple_GET_SIZE(names) > MAX_OTHER) {
        return 0;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(names); i++) {
        PyObject *descr = PyObject_GetAttr(type, PyTuple_GET_ITEM(names, i));
        int slot = descr != NULL && Py_IS_TYPE(descr, &PyMemberDescr_Type) &&
                   ((PyMemberDescrObject *)descr)->d_member->type == T_OBJECT_EX;
        off[i] = slot ? ((PyMemberDescrObject *)descr)->d_member->offset : 0;
        Py_XDECREF(descr);
        if (!slot) {
            PyErr_Clear();
            return 0;
        }
    }
    return PyTuple_GET_SIZE(names);
}

/* Whether _OTHER_FIELDS(segment) == _BARE, asked field by field of a Segment (read at
 * its slots' offsets; the comparison is the tuples': each pair the same object or
 * equal) without making the tuple: 1, 0, -1 with an exception; -2 for an object that is
 * not a Segment, or a field not set (the caller asks _OTHER_FIELDS). */
int
ctext_bare_fields(PyObject *segment, PyObject *type, Py_ssize_t n, const Py_ssize_t *off,
                  PyObject *bare)
{
    if (!Py_IS_TYPE(segment, (PyTypeObject *)type) || n == 0) {
        return -2;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (*(PyObject **)((char *)segment + off[i]) == NULL) {
            return -2;
        }
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *v = *(PyObject **)((char *)segment + off[i]);
        int same = PyObject_RichCompareBool(v, PyTuple_GET_ITEM(bare, i), Py_EQ);
        if (same <= 0) {
            return same;
        }
    }
    return 1;
}

/* memo.score_key(segment, counts[segment.text] > 1, stoplist), a new reference. */
static PyObject *
score_key(MemoMethod *self, PyObject *segment, PyObject *text, PyObject *counts,
          PyObject *stoplist)
{
    PyObject *times;
    if (Py_IS_TYPE(counts, (PyTypeObject *)self->k[C_COUNTER])) { /* its __missing__: 0 */
        times = PyDict_GetItemWithError(counts, text);
        if (times == NULL && PyErr_Occurred()) {
            return NULL;
        }
        times = times == NULL ? PyLong_FromLong(0) : Py_NewRef(times);
    }
    else {
        times = PyObject_GetItem(counts, text);
    }
    PyObject *one = times == NULL ? NULL : PyLong_FromLong(1);
    PyObject *repeated = one == NULL ? NULL : PyObject_RichCompare(times, one, Py_GT);
    Py_XDECREF(one);
    Py_XDECREF(times);
    int bare = repeated == NULL ? -1
                                 : ctext_bare_fields(segment, self->k[C_SEGMENT_TYPE],
                                                     self->n_other, self->seg_off,
                                                     self->k[C_BARE]);
    PyObject *rest = NULL, *equal = NULL;
    if (bare == -2 || bare == 0) { /* the tuple itself: the key holds it, or it is compared */
        rest = PyObject_CallOneArg(self->k[C_OTHER_FIELDS], segment);
        if (bare == -2) {
            equal = rest == NULL ? NULL : PyObject_RichCompare(rest, self->k[C_BARE], Py_EQ);
            bare = equal == NULL ? -1 : PyObject_IsTrue(equal);
        }
        else if (rest == NULL) {
            bare = -1;
        }
    }
    /* Untracked: the text, a bool, the Stoplist and the other fields' values (str,
     * numbers, None, a Chrome of two str) cannot reach the tables that keep the key. */
    PyObject *key = bare < 0 ? NULL
                    : ctext_untracked(bare ? PyTuple_Pack(3, text, repeated, stoplist)
                                           : PyTuple_Pack(4, text, repeated, stoplist, rest));
    Py_XDECREF(equal);
    Py_XDECREF(rest);
    Py_XDECREF(repeated);
    return key;
}

/* features.score(segment, counts, t, stoplist, memo.read(text)) as (points, tuple(fired)). */
static PyObject *
computed_score(MemoMethod *self, PyObject *memo, PyObject *const *args, PyObject *text)
{
    PyObject *reading = memo_read(self, memo, text);
    PyObject *f = reading == NULL ? NULL : memo_global(self, G_FEATURES, mm_score);
    PyObject *call[5] = {args[0], args[1], args[2], args[3], reading};
    PyObject *got = f == NULL ? NULL : PyObject_Vectorcall(f, call, 5, NULL);
    Py_XDECREF(f);
    Py_XDECREF(reading);
    PyObject *pair = got == NULL ? NULL : PySequence_Tuple(got); /* points, fired = ... */
    Py_XDECREF(got);
    if (pair == NULL) {
        return NULL;
    }
    if (PyTuple_GET_SIZE(pair) != 2) {
        if (PyTuple_GET_SIZE(pair) > 2) {
            PyErr_SetString(PyExc_ValueError, "too many values to unpack (expected 2)");
        }
        else {
            PyErr_Format(PyExc_ValueError, "not enough values to unpack (expected 2, got %zd)",
                         PyTuple_GET_SIZE(pair));
        }
        Py_DECREF(pair);
        return NULL;
    }
    /* Both untracked: the points and the scorer's Features (frozen: a name and points)
     * cannot reach the tables that keep them. */
    PyObject *fired = ctext_untracked(PySequence_Tuple(PyTuple_GET_ITEM(pair, 1)));
    PyObject *found = fired == NULL ? NULL
                                    : ctext_untracked(
                                          PyTuple_Pack(2, PyTuple_GET_ITEM(pair, 0), fired));
    Py_XDECREF(fired);
    Py_DECREF(pair);
    return found;
}

/* scored(memo, segment, counts, t, stoplist): the block's points and features, from the
 * document's table, the Cleaner's, or the scorer. */
PyObject *
memo_scored(MemoMethod *self, PyObject *memo, PyObject *const *args)
{
    PyObject *segment = args[0], *counts = args[1], *stoplist = args[3];
    PyObject *text = PyObject_GetAttr(segment, mm_text);
    PyObject *key = text == NULL ? NULL : score_key(self, segment, text, counts, stoplist);
    PyObject *table = key == NULL ? NULL : memo_dict(self, memo, O_SCORE);
    PyObject *found = NULL;
    if (table != NULL) {
        found = PyDict_GetItemWithError(table, key);
        found = found == NULL ? NULL : Py_NewRef(found);
    }
    if (table != NULL && (found == NULL || found == Py_None) && !PyErr_Occurred()) {
        Py_XDECREF(found);
        PyObject *get = memo_field(self, memo, O_GET_SCORE);
        PyObject *call[2] = {key, Py_None};
        found = get == NULL ? NULL : PyObject_Vectorcall(get, call, 2, NULL);
        Py_XDECREF(get);
        if (found == Py_None) {
            Py_SETREF(found, computed_score(self, memo, args, text));
        }
        if (found != NULL && PyDict_SetItem(table, key, found) < 0) {
            Py_CLEAR(found);
        }
    }
    Py_XDECREF(table);
    Py_XDECREF(key);
    Py_XDECREF(text);
    return found;
}
