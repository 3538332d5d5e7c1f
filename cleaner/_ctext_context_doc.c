/* cleaner._ctext, step 5 of the decision: a document's slots read once into an array (the
 * Doc the steps work on), the memo's answers a slot's steps ask, and a slot set as
 * Slot.set() sets it. A compiled Slot (_ctext_slot.h) is read and written by its fields,
 * any other slot through its attributes. */
#include "_ctext_context.h"
#include "_ctext_slot.h"

/* Attribute names, interned once (ctext_context_init). */
PyObject *cx_str_segment, *cx_str_text, *cx_str_in_body, *cx_str_verdict, *cx_str_origin,
    *cx_str_rule, *cx_str_score, *cx_str_features, *cx_str_protected, *cx_str_ends_body,
    *cx_str_edges_only, *cx_str_neighbours, *cx_str_name, *cx_str_points, *cx_str_value,
    *cx_str_facts, *cx_str_words, *cx_str_looks_like_headline, *cx_str_get_facts;

/* ---- what the steps share (_ctext_context.h) ----------------------------------------- */

/* Python's slice stop: `stop` counted from the end where negative, within 0..len. */
Py_ssize_t
cx_stop(Py_ssize_t stop, Py_ssize_t len)
{
    if (stop < 0) {
        stop += len;
    }
    return stop < 0 ? 0 : stop > len ? len : stop;
}

/* obj.<name> (a new reference), read from field `field` of a compiled Slot. */
static PyObject *
get(PyObject *obj, int field, PyObject *name)
{
    if (Py_IS_TYPE(obj, &SlotType)) {
        return Py_NewRef(((Slot *)obj)->f[field]);
    }
    return PyObject_GetAttr(obj, name);
}

/* bool(obj.<name>), read from field `field` of a compiled Slot: 1, 0 or -1. */
static int
flag(PyObject *obj, int field, PyObject *name)
{
    if (Py_IS_TYPE(obj, &SlotType)) {
        return PyObject_IsTrue(((Slot *)obj)->f[field]);
    }
    PyObject *value = PyObject_GetAttr(obj, name);
    int truth = value == NULL ? -1 : PyObject_IsTrue(value);
    Py_XDECREF(value);
    return truth;
}

int
cx_flag(Doc *d, Py_ssize_t i, int field, PyObject *name)
{
    return flag(d->items[i].slot, field, name);
}

/* slot.set(verdict, origin, protected=protect): the fields set() sets, in its order (by
 * attribute where the slot is not a compiled Slot), and kept in the item. 0 or -1. */
int
cx_set(Doc *d, Py_ssize_t i, PyObject *verdict, PyObject *origin, int protect)
{
    Item *it = &d->items[i];
    PyObject *flag = protect ? Py_True : Py_False;
    if (Py_IS_TYPE(it->slot, &SlotType)) {
        slot_set4((Slot *)it->slot, verdict, origin, Py_None, flag);
    } else if (PyObject_SetAttr(it->slot, cx_str_verdict, verdict) < 0 ||
        PyObject_SetAttr(it->slot, cx_str_origin, origin) < 0 ||
        PyObject_SetAttr(it->slot, cx_str_rule, Py_None) < 0 ||
        PyObject_SetAttr(it->slot, cx_str_protected, flag) < 0) {
        return -1;
    }
    Py_INCREF(verdict);
    Py_SETREF(it->verdict, verdict);
    Py_INCREF(origin);
    Py_SETREF(it->origin, origin);
    it->protect = (char)protect;
    return 0;
}

/* memo.words(text), a new reference: the document's facts (or its Cleaner's, copied to
 * it) where they hold it (ctext_memo_lookup, as DocumentMemo.words reads them), else the
 * method; kept in the item for a DocumentMemo. */
static PyObject *
words_of(Doc *d, Item *it)
{
    if (it->words != NULL) {
        Py_INCREF(it->words);
        return it->words;
    }
    PyObject *words = NULL;
    if (d->facts != NULL) {
        words = ctext_memo_lookup(d->memo, d->facts, cx_str_get_facts, it->text, d->words_at,
                                  d->k[K_MISSING]);
        if (words == NULL && PyErr_Occurred()) {
            return NULL;
        }
    }
    if (words == NULL) {
        words = PyObject_CallMethodOneArg(d->memo, cx_str_words, it->text);
    }
    if (words != NULL && d->facts != NULL) {
        Py_INCREF(words);
        it->words = words;
    }
    return words;
}

/* _body_sized: memo.words(text) >= t.long_words. */
int
cx_body_sized(Doc *d, Py_ssize_t i)
{
    PyObject *words = words_of(d, &d->items[i]);
    if (words == NULL) {
        return -1;
    }
    int sized;
    if (PyFloat_CheckExact(words)) {
        sized = PyFloat_AS_DOUBLE(words) >= d->x[X_LONG_WORDS];
    } else {
        PyObject *limit = PyFloat_FromDouble(d->x[X_LONG_WORDS]);
        sized = limit == NULL ? -1 : PyObject_RichCompareBool(words, limit, Py_GE);
        Py_XDECREF(limit);
    }
    Py_DECREF(words);
    return sized;
}

/* The text's facts in the document's dict with `answer` at HEAD (as
 * DocumentMemo.looks_like_headline stores it), where they are a tuple that long. 0 or -1. */
static int
store_headline(Doc *d, PyObject *text, PyObject *answer)
{
    PyObject *facts = PyDict_GetItemWithError(d->facts, text); /* borrowed */
    if (facts == NULL) {
        return PyErr_Occurred() ? -1 : 0;
    }
    if (!PyTuple_CheckExact(facts) || PyTuple_GET_SIZE(facts) <= d->head_at) {
        return 0;
    }
    Py_ssize_t size = PyTuple_GET_SIZE(facts);
    PyObject *made = PyTuple_New(size);
    if (made == NULL) {
        return -1;
    }
    for (Py_ssize_t k = 0; k < size; k++) {
        PyTuple_SET_ITEM(made, k, Py_NewRef(k == d->head_at ? answer : PyTuple_GET_ITEM(facts, k)));
    }
    int done = PyDict_SetItem(d->facts, text, made);
    Py_DECREF(made);
    return done;
}

/* memo.looks_like_headline(text) is true: for a DocumentMemo, what that method does (the
 * text's facts' HEAD where they hold it, else features.looks_like_headline(text,
 * memo.words(text)) stored there), kept in the item; for another memo, its method, at
 * each ask. */
int
cx_headline(Doc *d, Py_ssize_t i)
{
    Item *it = &d->items[i];
    if (it->headline >= 0) {
        return it->headline;
    }
    PyObject *answer;
    if (d->facts != NULL) {
        answer = ctext_memo_lookup(d->memo, d->facts, cx_str_get_facts, it->text, d->head_at,
                                   d->k[K_MISSING]);
        if (answer == NULL && PyErr_Occurred()) {
            return -1;
        }
        if (answer == NULL) {
            PyObject *words = words_of(d, it);
            PyObject *args[2] = {it->text, words};
            answer = words == NULL
                         ? NULL
                         : PyObject_Vectorcall(d->k[K_LOOKS_LIKE_HEADLINE], args, 2, NULL);
            Py_XDECREF(words);
            if (answer != NULL && store_headline(d, it->text, answer) < 0) {
                Py_CLEAR(answer);
            }
        }
    } else {
        answer = PyObject_CallMethodOneArg(d->memo, cx_str_looks_like_headline, it->text);
    }
    int truth = answer == NULL ? -1 : PyObject_IsTrue(answer);
    Py_XDECREF(answer);
    if (truth >= 0 && d->facts != NULL) {
        it->headline = (signed char)truth;
    }
    return truth;
}

/* ---- a document read once ------------------------------------------------------------ */

void
cx_unload(Doc *d)
{
    for (Py_ssize_t i = 0; i < d->n; i++) {
        Item *it = &d->items[i];
        Py_XDECREF(it->slot);
        Py_XDECREF(it->text);
        Py_XDECREF(it->verdict);
        Py_XDECREF(it->origin);
        Py_XDECREF(it->words);
    }
    PyMem_Free(d->items);
    Py_XDECREF(d->facts);
    d->items = NULL;
    d->facts = NULL;
    d->n = 0;
}

/* No slot object stands twice among the items (the steps keep one state per item). */
static int
distinct(Doc *d)
{
    size_t size = 8, mask;
    while (size < 2 * (size_t)d->n) {
        size <<= 1;
    }
    mask = size - 1;
    PyObject **table = PyMem_Calloc(size, sizeof(PyObject *));
    if (table == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    int unique = 1;
    for (Py_ssize_t i = 0; i < d->n && unique; i++) {
        PyObject *slot = d->items[i].slot;
        uint64_t h = (uint64_t)(uintptr_t)slot;
        h = (h ^ (h >> 17)) * 0x9E3779B97F4A7C15ull;
        size_t at = (size_t)(h ^ (h >> 31)) & mask;
        while (table[at] != NULL && table[at] != slot) {
            at = (at + 1) & mask;
        }
        unique = table[at] == NULL;
        table[at] = slot;
    }
    PyMem_Free(table);
    return unique;
}

/* Reads `slots` and memo.facts. 0, CX_FAILED (an exception set; the caller unloads) or
 * CX_FALL_BACK (the Python must run: see the top of this file). */
int
cx_load(Doc *d, PyObject *slots, PyObject *memo)
{
    if (!PyList_CheckExact(slots)) {
        return CX_FALL_BACK;
    }
    Py_ssize_t n = PyList_GET_SIZE(slots);
    d->items = PyMem_Calloc((size_t)n + 1, sizeof(Item));
    if (d->items == NULL) {
        PyErr_NoMemory();
        return CX_FAILED;
    }
    d->memo = memo;
    d->words_at = PyLong_AsSsize_t(d->k[K_WORDS]); /* checked when the Context was made */
    d->head_at = PyLong_AsSsize_t(d->k[K_HEAD]);
    if (memo != NULL && Py_IS_TYPE(memo, (PyTypeObject *)d->k[K_MEMO_TYPE])) {
        d->facts = PyObject_GetAttr(memo, cx_str_facts);
        if (d->facts == NULL) {
            return CX_FAILED;
        }
        if (!PyDict_CheckExact(d->facts)) {
            Py_CLEAR(d->facts);
        }
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Item *it = &d->items[i];
        it->slot = PyList_GET_ITEM(slots, i);
        Py_INCREF(it->slot);
        it->headline = -1;
        d->n = i + 1;
        PyObject *segment = get(it->slot, S_SEGMENT, cx_str_segment);
        PyObject *in_body = NULL;
        if (segment != NULL && d->seg_off[0] != 0 &&
            (PyObject *)Py_TYPE(segment) == d->k[K_SEGMENT_TYPE]) {
            /* a Segment's slots, as its members read them (one not set: by name) */
            it->text = Py_XNewRef(*(PyObject **)((char *)segment + d->seg_off[0]));
            in_body = Py_XNewRef(*(PyObject **)((char *)segment + d->seg_off[1]));
            if (it->text == NULL || in_body == NULL) {
                Py_CLEAR(it->text);
                Py_CLEAR(in_body);
            }
        }
        if (segment != NULL && in_body == NULL) {
            in_body = PyObject_GetAttr(segment, cx_str_in_body);
            it->text = in_body == NULL ? NULL : PyObject_GetAttr(segment, cx_str_text);
        }
        it->in_body = in_body == Py_True;
        Py_XDECREF(in_body);
        Py_XDECREF(segment);
        if (it->text == NULL || (it->verdict = get(it->slot, S_VERDICT, cx_str_verdict)) == NULL ||
            (it->origin = get(it->slot, S_ORIGIN, cx_str_origin)) == NULL) {
            return CX_FAILED;
        }
        PyObject *score = get(it->slot, S_SCORE, cx_str_score);
        if (score == NULL) {
            return CX_FAILED;
        }
        int is_float = PyFloat_CheckExact(score);
        it->score = is_float ? PyFloat_AS_DOUBLE(score) : 0.0;
        Py_DECREF(score);
        if (!is_float) {
            return CX_FALL_BACK;
        }
        int protect = flag(it->slot, S_PROTECTED, cx_str_protected);
        if (protect < 0) {
            return CX_FAILED;
        }
        it->protect = (char)protect;
    }
    int unique = distinct(d);
    return unique < 0 ? CX_FAILED : unique ? 0 : CX_FALL_BACK;
}

