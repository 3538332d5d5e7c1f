/* cleaner._ctext, step 5 of the decision (document context): Context(constants, plan,
 * fallbacks), whose methods choose_headline(slots, t, memo), apply_context(slots, t,
 * html, memo) and drop_repeats(slots, t) are the twins of context.py's *_python functions
 * (the steps are _ctext_context_steps.c).
 *
 * What it saves is the bytecode around each slot: the Python runs over a document's
 * slots a dozen times a pass (the extract test three times, the body region, the prose
 * between paragraphs, the neighbours both ways), reading each slot's fields and asking
 * the memo for each text's words and headline shape anew. Here the slots are read once
 * into an array (their verdict, origin and protected flag then kept as the steps set
 * them, through the slots' own attributes), the thresholds' numbers once per Thresholds
 * object (`plan(t)`, context._plan), and the memo's words from its `facts` dict where it
 * holds them (memo.words otherwise; the memo's logic stays in Python), once per slot.
 *
 * The Python runs instead (the same function, given the same arguments) where the plan
 * is None (a number a double does not hold, a count not an int), where `slots` is not a
 * list, a slot's score is not a float, or a slot is in the list twice. */
#include "_ctext_context.h"


enum { STEP_HEADLINE, STEP_CONTEXT, STEP_REPEATS, N_STEPS };

typedef struct {
    PyObject_HEAD
    PyObject *constants; /* a tuple, K_* */
    PyObject *make_plan; /* plan(t) -> the plan, or None */
    PyObject *fallbacks; /* the *_python functions, STEP_* */
    PyObject *key;       /* the Thresholds the plan was made for (NULL: none yet) */
    PyObject *plan;      /* its plan (checked by plan_ok), or None */
    Py_ssize_t seg_off[2]; /* a Segment's text and in_body slots (ctext_segment_offsets) */
} Context;

/* ---- the type ------------------------------------------------------------------------ */

/* The plan's shape holds (so that the steps may read it unchecked). */
static int
plan_ok(PyObject *plan)
{
    if (plan == Py_None) {
        return 1;
    }
    if (!PyTuple_CheckExact(plan) || PyTuple_GET_SIZE(plan) != 2) {
        return 0;
    }
    PyObject *limits = PyTuple_GET_ITEM(plan, 0), *counts = PyTuple_GET_ITEM(plan, 1);
    if (!PyTuple_CheckExact(limits) || PyTuple_GET_SIZE(limits) != N_X_LIMITS ||
        !PyTuple_CheckExact(counts) || PyTuple_GET_SIZE(counts) != N_X_COUNTS) {
        return 0;
    }
    for (Py_ssize_t k = 0; k < N_X_LIMITS; k++) {
        if (!PyFloat_CheckExact(PyTuple_GET_ITEM(limits, k))) {
            return 0;
        }
    }
    for (Py_ssize_t k = 0; k < N_X_COUNTS; k++) {
        PyObject *count = PyTuple_GET_ITEM(counts, k);
        if (!PyLong_CheckExact(count) || (PyLong_AsSsize_t(count) == -1 && PyErr_Occurred())) {
            PyErr_Clear();
            return 0;
        }
    }
    return 1;
}

/* The plan for `t` (made once per Thresholds object), a new reference; NULL on error. */
static PyObject *
plan_for(Context *self, PyObject *t)
{
    if (self->key != t) {
        PyObject *made = PyObject_CallOneArg(self->make_plan, t);
        if (made == NULL) {
            return NULL;
        }
        if (!plan_ok(made)) {
            Py_DECREF(made);
            PyErr_SetString(PyExc_TypeError, "Context: plan(t) is not a plan");
            return NULL;
        }
        Py_INCREF(t);
        Py_XSETREF(self->key, t);
        Py_XSETREF(self->plan, made);
    }
    Py_INCREF(self->plan);
    return self->plan;
}

/* One step: `args` are the Python function's (slots, t[, html], memo). */
static PyObject *
run(Context *self, int step, PyObject *const *args, Py_ssize_t nargs)
{
    static const Py_ssize_t arity[N_STEPS] = {3, 4, 2};
    static const char *const usage[N_STEPS] = {
        "choose_headline(slots, t, memo)", "apply_context(slots, t, html, memo)",
        "drop_repeats(slots, t)"};
    if (nargs != arity[step]) {
        PyErr_Format(PyExc_TypeError, "%s", usage[step]);
        return NULL;
    }
    PyObject *plan = plan_for(self, args[1]);
    if (plan == NULL) {
        return NULL;
    }
    Doc d = {.k = &PyTuple_GET_ITEM(self->constants, 0),
             .seg_off = {self->seg_off[0], self->seg_off[1]}};
    int got = CX_FALL_BACK;
    if (plan != Py_None) {
        PyObject *limits = PyTuple_GET_ITEM(plan, 0), *counts = PyTuple_GET_ITEM(plan, 1);
        for (Py_ssize_t k = 0; k < N_X_LIMITS; k++) {
            d.x[k] = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(limits, k));
        }
        for (Py_ssize_t k = 0; k < N_X_COUNTS; k++) {
            d.count[k] = PyLong_AsSsize_t(PyTuple_GET_ITEM(counts, k));
        }
        got = step == STEP_REPEATS ? PyList_CheckExact(args[0]) ? 0 : CX_FALL_BACK
                                   : cx_load(&d, args[0], args[nargs - 1]);
    }
    int html = step == STEP_CONTEXT && got == 0 ? PyObject_IsTrue(args[2]) : 0;
    got = html < 0 ? CX_FAILED : got;
    if (got == 0) {
        got = step == STEP_HEADLINE ? cx_choose_headline(&d)
              : step == STEP_CONTEXT ? cx_apply_context(&d, html)
                                     : cx_drop_repeats(&d, args[0]);
    }
    cx_unload(&d);
    Py_DECREF(plan);
    if (got == CX_FALL_BACK) {
        return PyObject_Vectorcall(PyTuple_GET_ITEM(self->fallbacks, step), args,
                                   (size_t)nargs, NULL);
    }
    return got < 0 ? NULL : Py_NewRef(Py_None);
}

static PyObject *
Context_choose_headline(Context *self, PyObject *const *args, Py_ssize_t nargs)
{
    return run(self, STEP_HEADLINE, args, nargs);
}

static PyObject *
Context_apply_context(Context *self, PyObject *const *args, Py_ssize_t nargs)
{
    return run(self, STEP_CONTEXT, args, nargs);
}

static PyObject *
Context_drop_repeats(Context *self, PyObject *const *args, Py_ssize_t nargs)
{
    return run(self, STEP_REPEATS, args, nargs);
}

static PyObject *
Context_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *constants, *make_plan, *fallbacks;
    static char *kwlist[] = {"constants", "plan", "fallbacks", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!OO!:Context", kwlist, &PyTuple_Type,
                                     &constants, &make_plan, &PyTuple_Type, &fallbacks)) {
        return NULL;
    }
    int ok = PyTuple_GET_SIZE(constants) == N_CONSTANTS &&
             PyTuple_GET_SIZE(fallbacks) == N_STEPS && PyCallable_Check(make_plan);
    for (Py_ssize_t k = 0; ok && k < N_STEPS; k++) {
        ok = PyCallable_Check(PyTuple_GET_ITEM(fallbacks, k));
    }
    if (ok) {
        PyObject *const *c = &PyTuple_GET_ITEM(constants, 0);
        Py_ssize_t words = PyLong_Check(c[K_WORDS]) ? PyLong_AsSsize_t(c[K_WORDS]) : -1;
        Py_ssize_t head = PyLong_Check(c[K_HEAD]) ? PyLong_AsSsize_t(c[K_HEAD]) : -1;
        PyErr_Clear();
        ok = PyTuple_CheckExact(c[K_INLINE_CHROME]) && PyTuple_CheckExact(c[K_RULE_DROPS]) &&
             words >= 0 && head >= 0 && PyType_Check(c[K_MEMO_TYPE]) &&
             PyCallable_Check(c[K_LOOKS_LIKE_HEADLINE]) && PyCallable_Check(c[K_SUM]);
    }
    if (!ok) {
        PyErr_SetString(PyExc_TypeError, "Context(constants, plan, fallbacks): see context.py");
        return NULL;
    }
    Context *self = (Context *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    self->constants = Py_NewRef(constants);
    self->make_plan = Py_NewRef(make_plan);
    self->fallbacks = Py_NewRef(fallbacks);
    PyObject *names = PyTuple_Pack(2, cx_str_text, cx_str_in_body);
    if (names == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    if (ctext_segment_offsets(PyTuple_GET_ITEM(constants, K_SEGMENT_TYPE), names,
                              self->seg_off) != 2) {
        self->seg_off[0] = self->seg_off[1] = 0;
    }
    Py_DECREF(names);
    return (PyObject *)self;
}

static int
Context_traverse(Context *self, visitproc visit, void *arg)
{
    Py_VISIT(self->constants);
    Py_VISIT(self->make_plan);
    Py_VISIT(self->fallbacks);
    Py_VISIT(self->key);
    Py_VISIT(self->plan);
    return 0;
}

static int
Context_clear(Context *self)
{
    Py_CLEAR(self->constants);
    Py_CLEAR(self->make_plan);
    Py_CLEAR(self->fallbacks);
    Py_CLEAR(self->key);
    Py_CLEAR(self->plan);
    return 0;
}

static void
Context_dealloc(Context *self)
{
    PyObject_GC_UnTrack(self);
    Context_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef context_methods[] = {
    {"choose_headline", (PyCFunction)(void (*)(void))Context_choose_headline, METH_FASTCALL,
     "choose_headline(slots, t, memo): context.choose_headline_python's, in place."},
    {"apply_context", (PyCFunction)(void (*)(void))Context_apply_context, METH_FASTCALL,
     "apply_context(slots, t, html, memo): context.apply_context_python's, in place."},
    {"drop_repeats", (PyCFunction)(void (*)(void))Context_drop_repeats, METH_FASTCALL,
     "drop_repeats(slots, t): context.drop_repeats_python's, in place."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ContextType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "cleaner._ctext.Context",
    .tp_doc = PyDoc_STR("Step 5 of the decision, with the plan of the last thresholds given."),
    .tp_basicsize = sizeof(Context),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = Context_new,
    .tp_traverse = (traverseproc)Context_traverse,
    .tp_clear = (inquiry)Context_clear,
    .tp_dealloc = (destructor)Context_dealloc,
    .tp_methods = context_methods,
};

int
ctext_context_init(PyObject *module)
{
    static const char *const names[] = {
        "ends_body", "edges_only", "features", "name", "points", "neighbours", "value",
        "segment", "text", "in_body", "verdict", "origin", "score", "protected", "rule",
        "facts", "words", "looks_like_headline", "_get_facts"};
    PyObject **strs[] = {
        &cx_str_ends_body, &cx_str_edges_only, &cx_str_features, &cx_str_name,
        &cx_str_points, &cx_str_neighbours, &cx_str_value, &cx_str_segment, &cx_str_text,
        &cx_str_in_body, &cx_str_verdict, &cx_str_origin, &cx_str_score, &cx_str_protected,
        &cx_str_rule, &cx_str_facts, &cx_str_words, &cx_str_looks_like_headline,
        &cx_str_get_facts};
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
        if (*strs[k] == NULL && (*strs[k] = PyUnicode_InternFromString(names[k])) == NULL) {
            return -1;
        }
    }
    if (PyType_Ready(&ContextType) < 0) {
        return -1;
    }
    return PyModule_AddObjectRef(module, "Context", (PyObject *)&ContextType);
}
