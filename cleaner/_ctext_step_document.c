/* cleaner._ctext, the decision's scoring step (see _ctext_step.c): the document's
 * counts (features.duplicates) and its stoplist (language.detect with memo.text_hits). */
#include "_ctext_step.h"

static PyObject *str_text_hits, *str_facts, *str_get_facts, *str_share, *str_stoplists, *str_langs,
    *str_by_lang, *str_min_units, *str_max_units, *str_min_share;

/* Counter(): made by its type's tp_new alone, without the Python __init__ (a frame a
 * call), which with no arguments adds nothing (dict.__init__(), then update(None)). */
static PyObject *
new_counter(ScoreStep *self)
{
    PyObject *none = PyTuple_New(0);
    PyObject *made = none == NULL ? NULL
                                  : ((PyTypeObject *)self->counter)
                                        ->tp_new((PyTypeObject *)self->counter, none, NULL);
    Py_XDECREF(none);
    return made;
}

/* features.duplicates: the texts' Counter, or an empty one when too many repeat. The
 * blocks whose text is held more than once are counted as the counts grow: a text's
 * second block adds both, each later one itself. */
PyObject *
ctext_step_counts(ScoreStep *self, Slots *v, PyObject *t)
{
    PyObject *counts = new_counter(self);
    if (counts == NULL || !PyDict_Check(counts)) {
        if (counts != NULL) {
            PyErr_SetString(PyExc_TypeError, "ScoreStep: Counter() is not a dict");
            Py_DECREF(counts);
        }
        return NULL;
    }
    Py_ssize_t repeated = 0;
    PyObject *one = PyLong_FromLong(1);
    if (one == NULL) {
        goto fail;
    }
    for (Py_ssize_t i = 0; i < v->n; i++) {
        /* A text's first block: 1 stored by the one lookup that finds it absent (most
         * texts: the dict grew); a later one: the count found, then stored one higher. */
        Py_ssize_t size = PyDict_GET_SIZE(counts);
        PyObject *held = PyDict_SetDefault(counts, v->texts[i], one); /* borrowed */
        if (held == NULL) {
            Py_DECREF(one);
            goto fail;
        }
        if (PyDict_GET_SIZE(counts) > size) {
            continue;
        }
        Py_ssize_t was = PyLong_AsSsize_t(held); /* -1: an error */
        repeated += was == 1 ? 2 : was > 1;
        PyObject *now = was == -1 ? NULL : PyLong_FromSsize_t(was + 1);
        if (now == NULL || PyDict_SetItem(counts, v->texts[i], now) < 0) {
            Py_XDECREF(now);
            Py_DECREF(one);
            goto fail;
        }
        Py_DECREF(now);
    }
    Py_DECREF(one);
    if (v->n == 0) {
        return counts;
    }
    /* repeated >= t.duplicate_max_share * len(segments) */
    PyObject *share = PyObject_GetAttr(t, str_share);
    if (share == NULL) {
        goto fail;
    }
    int many;
    if (PyFloat_CheckExact(share)) { /* both ints are exact as doubles */
        many = (double)repeated >= PyFloat_AS_DOUBLE(share) * (double)v->n;
    } else {
        PyObject *size = PyLong_FromSsize_t(v->n);
        PyObject *bound = size == NULL ? NULL : PyNumber_Multiply(share, size);
        PyObject *rep = bound == NULL ? NULL : PyLong_FromSsize_t(repeated);
        many = rep == NULL ? -1 : PyObject_RichCompareBool(rep, bound, Py_GE);
        Py_XDECREF(size);
        Py_XDECREF(bound);
        Py_XDECREF(rep);
    }
    Py_DECREF(share);
    if (many < 0) {
        goto fail;
    }
    if (many) {
        Py_SETREF(counts, new_counter(self));
    }
    return counts;
fail:
    Py_DECREF(counts);
    return NULL;
}

/* What language's detection reads, once a run. */
typedef struct {
    PyObject *memo, *facts; /* facts: the memo's dict, or NULL (then always its method) */
    Py_ssize_t max_units;
    Py_ssize_t by_byte[256];
    Py_ssize_t seen, bytes;
} Count;

/* memo.text_hits(text): its facts' hits where the memo's dict (or its Cleaner's table,
 * copied to it) holds them (ctext_memo_lookup), else the method. */
static PyObject *
memo_hits(ScoreStep *self, Count *c, PyObject *text)
{
    if (c->facts != NULL) {
        PyObject *found =
            ctext_memo_lookup(c->memo, c->facts, str_get_facts, text, self->hits_at, self->missing);
        if (found != NULL || PyErr_Occurred()) {
            return found;
        }
    }
    return PyObject_CallMethodOneArg(c->memo, str_text_hits, text);
}

/* (units, hits) out of a text's hits: 0, or -1 with TypeError. */
static int
hits_parts(PyObject *counted, Py_ssize_t *units, PyObject **hits)
{
    if (!PyTuple_CheckExact(counted) || PyTuple_GET_SIZE(counted) != 2 ||
        !PyLong_CheckExact(PyTuple_GET_ITEM(counted, 0)) ||
        !PyBytes_CheckExact(PyTuple_GET_ITEM(counted, 1))) {
        PyErr_SetString(PyExc_TypeError, "ScoreStep: a text's hits are not (int, bytes)");
        return -1;
    }
    *units = PyLong_AsSsize_t(PyTuple_GET_ITEM(counted, 0));
    *hits = PyTuple_GET_ITEM(counted, 1);
    return *units == -1 && PyErr_Occurred() ? -1 : 0;
}

/* language._count over the texts whose flags hold `want` (every text for 0), counted by
 * byte into `c`. 0, or -1 with an exception. */
static int
count_hits(ScoreStep *self, Slots *v, char want, Count *c)
{
    memset(c->by_byte, 0, sizeof(c->by_byte));
    c->seen = c->bytes = 0;
    for (Py_ssize_t i = 0; i < v->n; i++) {
        if (want && !(v->flags[i] & want)) {
            continue;
        }
        PyObject *text = v->texts[i];
        PyObject *counted = memo_hits(self, c, text);
        Py_ssize_t units;
        PyObject *hits;
        if (counted == NULL || hits_parts(counted, &units, &hits) < 0) {
            Py_XDECREF(counted);
            return -1;
        }
        if (c->seen + units > c->max_units) { /* the last text is read only in part */
            PyObject *cut = PyObject_GetAttr(self->language, str_text_hits);
            PyObject *limit = cut == NULL ? NULL : PyLong_FromSsize_t(c->max_units - c->seen);
            Py_SETREF(counted, limit == NULL ? NULL
                                             : PyObject_CallFunctionObjArgs(cut, text, limit, NULL));
            Py_XDECREF(cut);
            Py_XDECREF(limit);
            if (counted == NULL || hits_parts(counted, &units, &hits) < 0) {
                Py_XDECREF(counted);
                return -1;
            }
        }
        c->seen += units;
        const unsigned char *at = (const unsigned char *)PyBytes_AS_STRING(hits);
        Py_ssize_t size = PyBytes_GET_SIZE(hits);
        for (Py_ssize_t k = 0; k < size; k++) {
            c->by_byte[at[k]]++;
        }
        c->bytes += size;
        Py_DECREF(counted);
        if (c->seen >= c->max_units) {
            break;
        }
    }
    return 0;
}

/* An int of the language module (language.DETECT_*). -1 with an exception on failure. */
static Py_ssize_t
module_int(PyObject *module, PyObject *name)
{
    PyObject *value = PyObject_GetAttr(module, name);
    if (value == NULL) {
        return -1;
    }
    Py_ssize_t got = PyLong_AsSsize_t(value);
    Py_DECREF(value);
    return got;
}

/* `n >= share * seen`, as Python compares an int with an int times `share`. */
static int
at_least(Py_ssize_t n, PyObject *share, Py_ssize_t seen)
{
    if (PyFloat_CheckExact(share)) { /* the counts are exact as doubles */
        return (double)n >= PyFloat_AS_DOUBLE(share) * (double)seen;
    }
    PyObject *of = PyLong_FromSsize_t(seen);
    PyObject *bound = of == NULL ? NULL : PyNumber_Multiply(share, of);
    PyObject *left = bound == NULL ? NULL : PyLong_FromSsize_t(n);
    int got = left == NULL ? -1 : PyObject_RichCompareBool(left, bound, Py_GE);
    Py_XDECREF(of);
    Py_XDECREF(bound);
    Py_XDECREF(left);
    return got;
}

/* language.detect(texts, memo.text_hits, scored=<the scorable texts>): a new reference
 * to the stoplist or None, or NULL with an exception. */
PyObject *
ctext_step_detect(ScoreStep *self, Slots *v, PyObject *memo)
{
    PyObject *result = NULL, *langs = NULL, *share = NULL, *by_lang = NULL;
    Count c;
    c.memo = memo;
    c.facts = NULL;
    PyObject *lists = PyObject_CallMethodNoArgs(self->language, str_stoplists);
    if (lists == NULL) {
        return NULL;
    }
    Py_ssize_t least = module_int(self->language, str_min_units);
    c.max_units = least == -1 && PyErr_Occurred() ? -1 : module_int(self->language, str_max_units);
    if (c.max_units == -1 && PyErr_Occurred()) {
        goto done;
    }
    c.facts = PyObject_GetAttr(memo, str_facts);
    if (c.facts == NULL || !PyDict_CheckExact(c.facts)) { /* then memo.text_hits for each */
        PyErr_Clear();
        Py_CLEAR(c.facts);
    }
    if (count_hits(self, v, SCORABLE, &c) < 0 ||
        (c.seen < least && count_hits(self, v, 0, &c) < 0)) {
        goto done;
    }
    if (c.bytes == 0) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    langs = PyObject_GetAttr(lists, str_langs);
    if (langs == NULL) {
        goto done;
    }
    if (!PyTuple_Check(langs)) {
        PyErr_SetString(PyExc_TypeError, "ScoreStep: Stoplists.langs is not a tuple");
        goto done;
    }
    /* max(sorted(by_lang), key=by_lang.__getitem__): the most hits, the least name. */
    int best = -1;
    for (int b = 0; b < 256; b++) {
        if (c.by_byte[b] == 0) {
            continue;
        }
        if (b >= PyTuple_GET_SIZE(langs)) {
            PyErr_SetString(PyExc_IndexError, "tuple index out of range");
            goto done;
        }
        if (best < 0 || c.by_byte[b] > c.by_byte[best]) {
            best = b;
        } else if (c.by_byte[b] == c.by_byte[best]) {
            int less = PyObject_RichCompareBool(PyTuple_GET_ITEM(langs, b),
                                                PyTuple_GET_ITEM(langs, best), Py_LT);
            if (less < 0) {
                goto done;
            }
            best = less ? b : best;
        }
    }
    share = PyObject_GetAttr(self->language, str_min_share);
    int chosen = share == NULL ? -1 : at_least(c.by_byte[best], share, c.seen);
    if (chosen < 0) {
        goto done;
    }
    if (!chosen) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    by_lang = PyObject_GetAttr(lists, str_by_lang);
    result = by_lang == NULL ? NULL : PyObject_GetItem(by_lang, PyTuple_GET_ITEM(langs, best));
done:
    Py_XDECREF(c.facts);
    Py_XDECREF(by_lang);
    Py_XDECREF(share);
    Py_XDECREF(langs);
    Py_DECREF(lists);
    return result;
}

int
ctext_step_document_init(void)
{
    struct {
        PyObject **name;
        const char *text;
    } names[] = {
        {&str_text_hits, "text_hits"},
        {&str_facts, "facts"},
        {&str_get_facts, "_get_facts"},
        {&str_share, "duplicate_max_share"},
        {&str_stoplists, "stoplists"},
        {&str_langs, "langs"},
        {&str_by_lang, "by_lang"},
        {&str_min_units, "DETECT_MIN_UNITS"},
        {&str_max_units, "DETECT_MAX_UNITS"},
        {&str_min_share, "DETECT_MIN_SHARE"},
    };
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
        if (*names[k].name == NULL) {
            *names[k].name = PyUnicode_InternFromString(names[k].text);
            if (*names[k].name == NULL) {
                return -1;
            }
        }
    }
    return 0;
}
