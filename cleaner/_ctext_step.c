/* cleaner._ctext, the decision's scoring step: ScoreStep(...).run(slots, memo, t), the
 * twin of decide._score_python. For one pass over a document's slots it does what the
 * Python does, in the same order, over the same objects (1 and 2 are in
 * _ctext_step_document.c, the shared structs in _ctext_step.h):
 *
 *   1. features.duplicates: a Counter of the blocks' texts, or an empty one when
 *      t.duplicate_max_share of the blocks or more repeat;
 *   2. language.detect(texts, memo.text_hits, scored=...): each text's hits read from the
 *      memo's `facts` dict where it holds them (else memo.text_hits, the Python method),
 *      the last text cut at DETECT_MAX_UNITS by language.text_hits, the hits counted by
 *      byte (language.byte_counts) and the best language chosen as
 *      max(sorted(by_lang), key=...) does: the most hits, the least name among equals;
 *   3. each undecided slot's points and features: read from the memo's `score` dict by
 *      memo.score_key's key where it holds them, or from its Cleaner's table (copied to
 *      the dict, as memo.scored does), else memo.scored, the Python method, computes them;
 *      plus follows-teaser after a block rule's block, set as slot.score, slot.features.
 *
 * What it saves is the bytecode around those reads: the generators, the frames of
 * memo.text_hits, memo.scored and language._count, the attribute reads. The memo's
 * logic stays in memo.py: where no table holds a result, the Python method works it out.
 * A compiled Slot (_ctext_slot.h) is read and written at its members, a Segment's text
 * and other fields at its slots (the offsets of model.Segment's member descriptors);
 * other slots and segments, the memo and the thresholds through their attributes
 * (interned names). The attributes read the same objects (test_native_step runs both
 * kinds of Slot); by name, 4 reads and 2 writes a slot cost about 10 us a dantri page.
 * language's DETECT_* constants, stoplists() and text_hits are read from the module at
 * each run, as the Python reads its globals. */
#include "_ctext_step.h"
#include "_ctext_slot.h"

static PyObject *str_segment, *str_text, *str_verdict, *str_origin, *str_score,
    *str_features, *str_scored, *str_get_score, *str_follows, *str_follows_name;

static void
slots_free(Slots *v, Py_ssize_t filled)
{
    for (Py_ssize_t i = 0; i < filled; i++) {
        Py_XDECREF(v->slots[i]);
        Py_XDECREF(v->segs[i]);
        Py_XDECREF(v->texts[i]);
    }
    PyMem_Free(v->slots);
}

/* Read every slot's segment, text, verdict and origin. 0, or -1 with an exception. */
static int
slots_read(ScoreStep *self, PyObject *list, Slots *v)
{
    Py_ssize_t n = PyList_GET_SIZE(list);
    v->n = n;
    v->slots = PyMem_Calloc((size_t)(n ? n : 1), 3 * sizeof(PyObject *) + 1);
    if (v->slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    v->segs = v->slots + n;
    v->texts = v->segs + n;
    v->flags = (char *)(v->texts + n);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *slot = PyList_GET_ITEM(list, i);
        Py_INCREF(slot);
        v->slots[i] = slot;
        /* A compiled Slot's members and a Segment's text from their slots, as their
         * attributes read them (a member not set: by name, which raises as Python does). */
        int compiled = Py_IS_TYPE(slot, &SlotType);
        v->segs[i] = compiled ? Py_NewRef(((Slot *)slot)->f[S_SEGMENT])
                              : PyObject_GetAttr(slot, str_segment);
        PyObject *seg = v->segs[i];
        if (seg != NULL && self->text_off != 0 && (PyObject *)Py_TYPE(seg) == self->segment) {
            v->texts[i] = Py_XNewRef(*(PyObject **)((char *)seg + self->text_off));
        }
        if (seg != NULL && v->texts[i] == NULL) {
            v->texts[i] = PyObject_GetAttr(seg, str_text);
        }
        PyObject *verdict = v->texts[i] == NULL ? NULL
                            : compiled          ? Py_NewRef(((Slot *)slot)->f[S_VERDICT])
                                                : PyObject_GetAttr(slot, str_verdict);
        PyObject *origin = verdict == NULL ? NULL
                           : compiled      ? Py_NewRef(((Slot *)slot)->f[S_ORIGIN])
                                           : PyObject_GetAttr(slot, str_origin);
        if (origin == NULL) {
            Py_XDECREF(verdict);
            slots_free(v, i + 1);
            return -1;
        }
        char f = 0;
        f |= verdict == self->undecided ? UNDECIDED | SCORABLE : 0;
        f |= origin == self->headline ? SCORABLE : 0;
        f |= origin == self->block_rule ? BLOCK_RULE : 0;
        v->flags[i] = f;
        Py_DECREF(verdict);
        Py_DECREF(origin);
    }
    return 0;
}

/* The memo's score tables, read once a run: its `score` dict and its Cleaner's table's
 * get (memo._get_score), or NULL: memo.scored for every block. */
typedef struct {
    PyObject *scores, *get_shared;
} Tables;

/* memo.scored(segment, counts, t, stoplist) where memo.score_key's key is in the memo's
 * `score` dict, or else in its Cleaner's table (then copied to the dict, as memo.scored
 * does); the method where neither holds it. A new reference. */
static PyObject *
memo_scored(ScoreStep *self, Tables *tables, PyObject *const *args, PyObject *text)
{
    /* args: memo, segment, counts, t, stoplist */
    if (tables->scores != NULL) {
        PyObject *held = PyDict_GetItemWithError(args[2], text);
        if (held == NULL && PyErr_Occurred()) {
            return NULL;
        }
        Py_ssize_t times = held == NULL ? 0 : PyLong_AsSsize_t(held);
        if (times == -1 && PyErr_Occurred()) {
            return NULL;
        }
        PyObject *repeated = times > 1 ? Py_True : Py_False;
        /* Whether every field but the text is at _BARE's value, asked of the Segment's
         * slots (ctext_bare_fields) without the tuple where it can: a text-mode key. */
        int bare = ctext_bare_fields(args[1], self->segment, self->n_other, self->seg_off,
                                     self->bare);
        PyObject *rest = NULL;
        if (bare == -2 || bare == 0) { /* the tuple itself: the key holds it, or compares */
            rest = PyObject_CallOneArg(self->other_fields, args[1]);
            if (rest == NULL) {
                return NULL;
            }
            if (bare == -2) {
                bare = PyObject_RichCompareBool(rest, self->bare, Py_EQ);
            }
        }
        PyObject *key = bare < 0 ? NULL
                        : bare   ? PyTuple_Pack(3, text, repeated, args[4])
                                 : PyTuple_Pack(4, text, repeated, args[4], rest);
        Py_XDECREF(rest);
        if (key == NULL) {
            return NULL;
        }
        PyObject *found = PyDict_GetItemWithError(tables->scores, key);
        if (found != NULL && found != Py_None) {
            Py_DECREF(key);
            return Py_NewRef(found);
        }
        if (found == NULL && PyErr_Occurred()) {
            Py_DECREF(key);
            return NULL;
        }
        PyObject *ask[2] = {key, Py_None}; /* self._get_score(key, None) */
        found = PyObject_Vectorcall(tables->get_shared, ask, 2, NULL);
        if (found != Py_None) {
            if (found != NULL && PyDict_SetItem(tables->scores, key, found) < 0) {
                Py_CLEAR(found);
            }
            Py_DECREF(key);
            return found;
        }
        Py_DECREF(found);
        Py_DECREF(key);
    }
    return PyObject_VectorcallMethod(str_scored, args, 5 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}

/* Slot i's score and features: `found` (points, features) from the memo, with
 * follows-teaser after a block rule's block. 0, or -1 with an exception. */
static int
set_scored(ScoreStep *self, Slots *v, Py_ssize_t i, PyObject *found, PyObject *t)
{
    PyObject *pair = PySequence_Tuple(found); /* points, found = ... */
    if (pair == NULL) {
        return -1;
    }
    if (PyTuple_GET_SIZE(pair) != 2) {
        PyErr_Format(PyExc_ValueError, "%s values to unpack (expected 2)",
                     PyTuple_GET_SIZE(pair) > 2 ? "too many" : "not enough");
        Py_DECREF(pair);
        return -1;
    }
    PyObject *points = Py_NewRef(PyTuple_GET_ITEM(pair, 0));
    PyObject *feats = Py_NewRef(PyTuple_GET_ITEM(pair, 1));
    Py_DECREF(pair);
    int failed = 0;
    if (i > 0 && (v->flags[i - 1] & BLOCK_RULE)) {
        PyObject *more = PyObject_GetAttr(t, str_follows);
        Py_SETREF(points, more == NULL ? NULL : PyNumber_InPlaceAdd(points, more));
        PyObject *feat = points == NULL ? NULL
                                        : PyObject_CallFunctionObjArgs(self->feature,
                                                                       str_follows_name, more,
                                                                       NULL);
        PyObject *had = feat == NULL ? NULL : PySequence_Tuple(feats); /* (*found, feat) */
        PyObject *grown = had == NULL ? NULL : PyTuple_New(PyTuple_GET_SIZE(had) + 1);
        if (grown != NULL) {
            for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(had); k++) {
                PyTuple_SET_ITEM(grown, k, Py_NewRef(PyTuple_GET_ITEM(had, k)));
            }
            PyTuple_SET_ITEM(grown, PyTuple_GET_SIZE(had), Py_NewRef(feat));
        }
        Py_XDECREF(had);
        Py_XDECREF(feat);
        Py_XDECREF(more);
        Py_SETREF(feats, grown);
        failed = feats == NULL;
    }
    if (!failed && Py_IS_TYPE(v->slots[i], &SlotType)) { /* its members, as set by name */
        slot_put((Slot *)v->slots[i], S_SCORE, points);
        slot_put((Slot *)v->slots[i], S_FEATURES, feats);
    }
    else if (!failed) {
        failed = PyObject_SetAttr(v->slots[i], str_score, points) < 0 ||
                 PyObject_SetAttr(v->slots[i], str_features, feats) < 0;
    }
    Py_XDECREF(points);
    Py_XDECREF(feats);
    return failed ? -1 : 0;
}

/* run(slots, memo, t) -> None: decide._score_python(slots, memo, t). */
static PyObject *
ScoreStep_run(ScoreStep *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "run(slots, memo, t)");
        return NULL;
    }
    if (!PyList_CheckExact(args[0])) {
        return PyObject_Vectorcall(self->fallback, args, 3, NULL);
    }
    PyObject *memo = args[1], *t = args[2];
    Slots v;
    if (slots_read(self, args[0], &v) < 0) {
        return NULL;
    }
    PyObject *result = NULL, *stoplist = NULL;
    Tables tables = {NULL, NULL};
    PyObject *counts = ctext_step_counts(self, &v, t);
    stoplist = counts == NULL ? NULL : ctext_step_detect(self, &v, memo);
    if (stoplist == NULL) {
        goto done;
    }
    tables.scores = PyObject_GetAttr(memo, str_score);
    tables.get_shared = tables.scores == NULL ? NULL : PyObject_GetAttr(memo, str_get_score);
    if (tables.get_shared == NULL || !PyDict_CheckExact(tables.scores)) {
        PyErr_Clear(); /* then memo.scored for each block */
        Py_CLEAR(tables.scores);
        Py_CLEAR(tables.get_shared);
    }
    for (Py_ssize_t i = 0; i < v.n; i++) {
        if (!(v.flags[i] & UNDECIDED)) {
            continue;
        }
        PyObject *call[6] = {NULL, memo, v.segs[i], counts, t, stoplist};
        PyObject *found = memo_scored(self, &tables, call + 1, v.texts[i]);
        int failed = found == NULL || set_scored(self, &v, i, found, t) < 0;
        Py_XDECREF(found);
        if (failed) {
            goto done;
        }
    }
    result = Py_NewRef(Py_None);
done:
    Py_XDECREF(tables.scores);
    Py_XDECREF(tables.get_shared);
    Py_XDECREF(stoplist);
    Py_XDECREF(counts);
    slots_free(&v, v.n);
    return result;
}

static PyObject *
ScoreStep_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"undecided", "headline",     "block_rule", "missing",
                             "hits_at",   "counter",      "feature",    "language",
                             "other_fields", "bare",      "fallback",   "segment",
                             "other_names", NULL};
    PyObject *o[12];
    Py_ssize_t hits_at;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "$OOOOnOOOOOOOO:ScoreStep", kwlist, &o[0],
                                     &o[1], &o[2], &o[3], &hits_at, &o[4], &o[5], &o[6],
                                     &o[7], &o[8], &o[9], &o[10], &o[11])) {
        return NULL;
    }
    if (!PyType_Check(o[4]) || !PyCallable_Check(o[5]) || !PyCallable_Check(o[7]) ||
        !PyCallable_Check(o[9]) || hits_at < 0 || !PyType_Check(o[10]) ||
        !PyTuple_CheckExact(o[8]) || !PyTuple_CheckExact(o[11]) ||
        PyTuple_GET_SIZE(o[8]) != PyTuple_GET_SIZE(o[11])) {
        PyErr_SetString(PyExc_TypeError, "ScoreStep: counter a type, feature, other_fields "
                                         "and fallback callables, hits_at >= 0, segment a "
                                         "type, bare and other_names tuples of one length");
        return NULL;
    }
    ScoreStep *self = (ScoreStep *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    self->undecided = Py_NewRef(o[0]);
    self->headline = Py_NewRef(o[1]);
    self->block_rule = Py_NewRef(o[2]);
    self->missing = Py_NewRef(o[3]);
    self->hits_at = hits_at;
    self->counter = Py_NewRef(o[4]);
    self->feature = Py_NewRef(o[5]);
    self->language = Py_NewRef(o[6]);
    self->other_fields = Py_NewRef(o[7]);
    self->bare = Py_NewRef(o[8]);
    self->fallback = Py_NewRef(o[9]);
    self->segment = Py_NewRef(o[10]);
    self->n_other = ctext_segment_offsets(o[10], o[11], self->seg_off);
    PyObject *text_name = PyTuple_Pack(1, str_text);
    if (text_name == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    self->text_off = ctext_segment_offsets(o[10], text_name, &self->text_off) ? self->text_off : 0;
    Py_DECREF(text_name);
    return (PyObject *)self;
}

static int
ScoreStep_traverse(ScoreStep *self, visitproc visit, void *arg)
{
    Py_VISIT(self->undecided);
    Py_VISIT(self->headline);
    Py_VISIT(self->block_rule);
    Py_VISIT(self->missing);
    Py_VISIT(self->counter);
    Py_VISIT(self->feature);
    Py_VISIT(self->language);
    Py_VISIT(self->other_fields);
    Py_VISIT(self->bare);
    Py_VISIT(self->fallback);
    Py_VISIT(self->segment);
    return 0;
}

static int
ScoreStep_clear(ScoreStep *self)
{
    Py_CLEAR(self->undecided);
    Py_CLEAR(self->headline);
    Py_CLEAR(self->block_rule);
    Py_CLEAR(self->missing);
    Py_CLEAR(self->counter);
    Py_CLEAR(self->feature);
    Py_CLEAR(self->language);
    Py_CLEAR(self->other_fields);
    Py_CLEAR(self->bare);
    Py_CLEAR(self->fallback);
    Py_CLEAR(self->segment);
    return 0;
}

static void
ScoreStep_dealloc(ScoreStep *self)
{
    PyObject_GC_UnTrack(self);
    ScoreStep_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef score_step_methods[] = {
    {"run", (PyCFunction)(void (*)(void))ScoreStep_run, METH_FASTCALL,
     "run(slots, memo, t): decide._score_python(slots, memo, t)."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ScoreStepType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "cleaner._ctext.ScoreStep",
    .tp_doc = PyDoc_STR("The decision's scoring step over a document's slots."),
    .tp_basicsize = sizeof(ScoreStep),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = ScoreStep_new,
    .tp_traverse = (traverseproc)ScoreStep_traverse,
    .tp_clear = (inquiry)ScoreStep_clear,
    .tp_dealloc = (destructor)ScoreStep_dealloc,
    .tp_methods = score_step_methods,
};

/* Make the type ready and add it to `module`: 0, or -1 with an exception. */
int
ctext_score_step_init(PyObject *module)
{
    struct {
        PyObject **name;
        const char *text;
    } names[] = {
        {&str_segment, "segment"},
        {&str_text, "text"},
        {&str_verdict, "verdict"},
        {&str_origin, "origin"},
        {&str_score, "score"},
        {&str_features, "features"},
        {&str_scored, "scored"},
        {&str_get_score, "_get_score"},
        {&str_follows, "follows_teaser_points"},
        {&str_follows_name, "follows-teaser"},
    };
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
        if (*names[k].name == NULL) {
            *names[k].name = PyUnicode_InternFromString(names[k].text);
            if (*names[k].name == NULL) {
                return -1;
            }
        }
    }
    if (ctext_step_document_init() < 0 || PyType_Ready(&ScoreStepType) < 0) {
        return -1;
    }
    Py_INCREF(&ScoreStepType);
    if (PyModule_AddObject(module, "ScoreStep", (PyObject *)&ScoreStepType) < 0) {
        Py_DECREF(&ScoreStepType);
        return -1;
    }
    return 0;
}
