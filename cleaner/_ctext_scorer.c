/* cleaner._ctext, the block scorer: Scorer(plan, fallback).score(segment, counts, t,
 * stoplist, reading=None), the twin of features.score_python (its steps are
 * _ctext_score.c). What it saves is the Python frame, the thresholds' attribute reads and
 * the Feature lookups: `plan(t)` (features._plan) hands them over once per Thresholds
 * object (the limits as floats, the Feature of each name at its points, the shapes'
 * bound methods and the functions the Python calls), and the Scorer keeps the plan of
 * the last Thresholds it was given. The points are added left to right in doubles from
 * 0.0, as sum() of floats does up to Python 3.11 (from 3.12 sum() compensates: there the
 * plan's sum is called on them). Where the plan is None (a number a double does not hold
 * exactly), the fallback (score_python) scores. */
#include "_ctext_score.h"

static PyObject *str_text;

typedef struct {
    PyObject_HEAD
    PyObject *make_plan; /* plan(t) -> the plan tuple, or None */
    PyObject *fallback;  /* score_python */
    PyObject *key;       /* the Thresholds the plan was made for (NULL: none yet) */
    PyObject *plan;      /* its plan (a tuple checked by plan_ok, or None) */
} Scorer;

/* The plan's shape holds (so that score() may read it unchecked). */
static int
plan_ok(PyObject *plan)
{
    if (plan == Py_None) {
        return 1;
    }
    if (!PyTuple_CheckExact(plan) || PyTuple_GET_SIZE(plan) != N_PLAN) {
        return 0;
    }
    PyObject *limits = PyTuple_GET_ITEM(plan, P_LIMITS);
    PyObject *feats = PyTuple_GET_ITEM(plan, P_FEATURES);
    if (!PyTuple_CheckExact(limits) || PyTuple_GET_SIZE(limits) != N_LIMITS ||
        !PyTuple_CheckExact(feats) || PyTuple_GET_SIZE(feats) != N_FEATURES) {
        return 0;
    }
    for (Py_ssize_t k = 0; k < N_LIMITS; k++) {
        if (!PyFloat_CheckExact(PyTuple_GET_ITEM(limits, k))) {
            return 0;
        }
    }
    PyObject *points = PyTuple_GET_ITEM(plan, P_POINTS);
    if (!PyTuple_CheckExact(points) || PyTuple_GET_SIZE(points) != N_FEATURES) {
        return 0;
    }
    for (Py_ssize_t k = 0; k < N_FEATURES; k++) {
        if (!PyFloat_CheckExact(PyTuple_GET_ITEM(points, k))) {
            return 0;
        }
    }
    const int need_lists[2] = {P_CAPTION_NEEDS, P_ELLIPSIS_NEEDS};
    for (int list = 0; list < 2; list++) {
        PyObject *needs = PyTuple_GET_ITEM(plan, need_lists[list]);
        if (!PyTuple_CheckExact(needs)) {
            return 0;
        }
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(needs); k++) {
            if (!PyUnicode_Check(PyTuple_GET_ITEM(needs, k))) {
                return 0;
            }
        }
    }
    return PyBool_Check(PyTuple_GET_ITEM(plan, P_ENDS_ALNUM)) &&
           PyBool_Check(PyTuple_GET_ITEM(plan, P_DATE_NEEDS_DIGIT)) &&
           PyLong_CheckExact(PyTuple_GET_ITEM(plan, P_END_CHARS)) &&
           PyAnySet_Check(PyTuple_GET_ITEM(plan, P_HEADING_TAGS)) &&
           PyAnySet_Check(PyTuple_GET_ITEM(plan, P_PARAGRAPH_TAGS)) &&
           PyType_Check(PyTuple_GET_ITEM(plan, P_READING)) &&
           PyType_Check(PyTuple_GET_ITEM(plan, P_MEASURE_TYPE)) &&
           PyType_Check(PyTuple_GET_ITEM(plan, P_COUNTER)) &&
           PyBool_Check(PyTuple_GET_ITEM(plan, P_TIME_STARTS_DIGIT)) &&
           PyLong_CheckExact(PyTuple_GET_ITEM(plan, P_BYLINE_SEPARATORS));
}

#if PY_VERSION_HEX >= 0x030C0000
/* sum((f.points for f in fired), 0.0) through sum() itself: from 3.12 it compensates. */
static PyObject *
points_of(PyObject *plan, PyObject *fired)
{
    Py_ssize_t count = PyList_GET_SIZE(fired);
    PyObject *points = PyList_New(count);
    if (points == NULL) {
        return NULL;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *value = PyObject_GetAttrString(PyList_GET_ITEM(fired, k), "points");
        if (value == NULL) {
            Py_DECREF(points);
            return NULL;
        }
        PyList_SET_ITEM(points, k, value);
    }
    PyObject *zero = PyFloat_FromDouble(0.0);
    PyObject *args[2] = {points, zero};
    PyObject *total =
        zero == NULL ? NULL : PyObject_Vectorcall(PyTuple_GET_ITEM(plan, P_SUM), args, 2, NULL);
    Py_XDECREF(zero);
    Py_DECREF(points);
    return total;
}
#endif

/* score(segment, counts, t, stoplist, reading=None) -> (points, [Feature, ...]):
 * features.score_python's answer. */
static PyObject *
Scorer_score(Scorer *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs < 4 || nargs > 5) {
        PyErr_SetString(PyExc_TypeError, "score(segment, counts, t, stoplist, reading=None)");
        return NULL;
    }
    if (self->key != args[2]) { /* a new Thresholds: its plan, kept for the next calls */
        PyObject *made = PyObject_CallOneArg(self->make_plan, args[2]);
        if (made == NULL) {
            return NULL;
        }
        if (!plan_ok(made)) {
            Py_DECREF(made);
            PyErr_SetString(PyExc_TypeError, "Scorer: plan(t) is not a plan");
            return NULL;
        }
        Py_INCREF(args[2]);
        Py_XSETREF(self->key, args[2]);
        Py_XSETREF(self->plan, made);
    }
    PyObject *plan = self->plan; /* held: a call below may plan for other thresholds */
    Py_INCREF(plan);
    PyObject *text = NULL, *reading = NULL, *result = NULL;
    Fired out = {NULL, NULL, NULL, 0.0};
    int got = FALL_BACK;
    if (plan != Py_None) {
        text = PyObject_GetAttr(args[0], str_text);
        got = text == NULL ? FAILED : PyUnicode_CheckExact(text) ? 0 : FALL_BACK;
    }
    if (got == 0) { /* reading = reading or language.read(text) */
        PyObject *given = nargs == 5 ? args[4] : Py_None;
        int truth = given == Py_None ? 0 : PyObject_IsTrue(given);
        if (truth > 0) {
            reading = given;
            Py_INCREF(reading);
        } else if (truth == 0) {
            reading = PyObject_CallOneArg(PyTuple_GET_ITEM(plan, P_READ), text);
        }
        out.list = reading == NULL ? NULL : PyList_New(0);
        got = out.list == NULL ? FAILED : 0;
    }
    if (got == 0) {
        out.feats = &PyTuple_GET_ITEM(PyTuple_GET_ITEM(plan, P_FEATURES), 0);
        double points[N_FEATURES];
        for (Py_ssize_t k = 0; k < N_FEATURES; k++) {
            points[k] = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(PyTuple_GET_ITEM(plan, P_POINTS), k));
        }
        out.points = points;
        got = ctext_score_steps(plan, args[0], text, args[1], args[3], reading, &out);
    }
    if (got == 0) {
#if PY_VERSION_HEX >= 0x030C0000
        PyObject *total = points_of(plan, out.list);
#else
        PyObject *total = PyFloat_FromDouble(out.total);
#endif
        if (total != NULL) {
            result = PyTuple_Pack(2, total, out.list);
            Py_DECREF(total);
        }
    } else if (got == FALL_BACK) {
        result = PyObject_Vectorcall(self->fallback, args, (size_t)nargs, NULL);
    }
    Py_XDECREF(out.list);
    Py_XDECREF(reading);
    Py_XDECREF(text);
    Py_DECREF(plan);
    return result;
}

static PyObject *
Scorer_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *make_plan, *fallback;
    static char *kwlist[] = {"plan", "fallback", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO:Scorer", kwlist, &make_plan, &fallback)) {
        return NULL;
    }
    if (!PyCallable_Check(make_plan) || !PyCallable_Check(fallback)) {
        PyErr_SetString(PyExc_TypeError, "Scorer(plan, fallback): two callables");
        return NULL;
    }
    Scorer *self = (Scorer *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    Py_INCREF(make_plan);
    Py_INCREF(fallback);
    self->make_plan = make_plan;
    self->fallback = fallback;
    return (PyObject *)self;
}

static int
Scorer_traverse(Scorer *self, visitproc visit, void *arg)
{
    Py_VISIT(self->make_plan);
    Py_VISIT(self->fallback);
    Py_VISIT(self->key);
    Py_VISIT(self->plan);
    return 0;
}

static int
Scorer_clear(Scorer *self)
{
    Py_CLEAR(self->make_plan);
    Py_CLEAR(self->fallback);
    Py_CLEAR(self->key);
    Py_CLEAR(self->plan);
    return 0;
}

static void
Scorer_dealloc(Scorer *self)
{
    PyObject_GC_UnTrack(self);
    Scorer_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef scorer_methods[] = {
    {"score", (PyCFunction)(void (*)(void))Scorer_score, METH_FASTCALL,
     "score(segment, counts, t, stoplist, reading=None): features.score_python's answer."},
    {NULL, NULL, 0, NULL},
};

PyTypeObject ScorerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "cleaner._ctext.Scorer",
    .tp_doc = PyDoc_STR("The block scorer, with the plan of the last thresholds it was given."),
    .tp_basicsize = sizeof(Scorer),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = Scorer_new,
    .tp_traverse = (traverseproc)Scorer_traverse,
    .tp_clear = (inquiry)Scorer_clear,
    .tp_dealloc = (destructor)Scorer_dealloc,
    .tp_methods = scorer_methods,
};

int
ctext_score_init(void)
{
    if (str_text == NULL) {
        str_text = PyUnicode_InternFromString("text");
        if (str_text == NULL) {
            return -1;
        }
    }
    return ctext_score_steps_init();
}
