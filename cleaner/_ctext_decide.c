/* cleaner._ctext, the decision's per-block bookkeeping: DecideSteps(constants, line_at,
 * cut_at), whose methods twin the steps of cleaner/decide.py that walk the slots:
 *
 *   structure(segments, rules, html)       decide._structure_python (and _pin_title)
 *   line_rules(slots, rules, memo)         decide._apply_line_rules_python   (in
 *   cut(slots, rules, memo)                decide._apply_cut_python    _ctext_decide_rules.c)
 *   settle(slots, once, rules, html, memo, t, passes)   decide._settle_python     (in
 *   blocks(slots)                          decide._blocks_python        _ctext_decide_end.c)
 *
 * What they save is the bytecode around each block: the loops, the attribute reads and
 * writes, the calls of Slot.set and of the memo's methods on a hit. The memo is read
 * directly on the hit path only (DocumentMemo.facts for the line rule and the cut rule,
 * DocumentMemo.pinned for a pinned block): any other case calls the memo's own method
 * (line_rule, cut_rule), so the memo's logic stays in memo.py. The regular expressions
 * stay Python calls (rules.spares, the memo's misses, the byline's fullmatch), in the
 * order the Python makes them.
 *
 * A compiled Slot (_ctext_slot.h) is read and written in its struct; Segment and Rule
 * (frozen slots dataclasses) through their classes' member descriptors, the very objects
 * `segment.text` calls, without the attribute lookup on the type. Any other object is
 * read by name: the steps give the same answers for slot.Slot dataclasses (the tests').
 *
 * `constants` (decide._steps) is the tuple of objects the Python reads as globals:
 * slot.new_slot, the verdicts, the origins, RuleKind.KEEP, memo._MISSING, features.shapes,
 * and the Segment and Rule types; line_at and cut_at are memo.LINE and memo.CUT (where a
 * Facts tuple holds each). */
#include "_ctext_decide.h"

PyObject *decide_names[N_NAMES];

static const char *const name_texts[N_NAMES] = {
    "segment", "verdict", "origin", "rule", "protected", "ends_body", "edges_only",
    "settled", "text", "pinned", "chrome", "in_body", "is_title", "after_body",
    "kind", "id", "keep_marker", "facts", "line_rule", "cut_rule", "spare", "cut",
    "spares", "byline", "fullmatch", "block", "_get_facts", "_get_pinned",
};

const int decide_slot_field[N_NAMES] = {
    [N_SEGMENT] = S_SEGMENT + 1,     [N_VERDICT] = S_VERDICT + 1,
    [N_ORIGIN] = S_ORIGIN + 1,       [N_RULE] = S_RULE + 1,
    [N_PROTECTED] = S_PROTECTED + 1, [N_ENDS_BODY] = S_ENDS_BODY + 1,
    [N_EDGES_ONLY] = S_EDGES_ONLY + 1, [N_SETTLED] = S_SETTLED + 1,
};

int
decide_set(PyObject *slot, PyObject *verdict, PyObject *origin, PyObject *rule, int protected)
{
    PyObject *flag = protected ? Py_True : Py_False;
    if (Py_IS_TYPE(slot, &SlotType)) {
        slot_set4((Slot *)slot, verdict, origin, rule, flag);
        return 0;
    }
    if (PyObject_SetAttr(slot, NAME(N_VERDICT), verdict) < 0 ||
        PyObject_SetAttr(slot, NAME(N_ORIGIN), origin) < 0 ||
        PyObject_SetAttr(slot, NAME(N_RULE), rule) < 0 ||
        PyObject_SetAttr(slot, NAME(N_PROTECTED), flag) < 0) {
        return -1;
    }
    return 0;
}

int
decide_true(Steps *self, PyObject *obj, int name)
{
    PyObject *got = decide_get(self, obj, name);
    if (got == NULL) {
        return -1;
    }
    int truth = PyObject_IsTrue(got);
    Py_DECREF(got);
    return truth;
}

PyObject *
decide_segment_get(Steps *self, PyObject *slot, int name)
{
    PyObject *segment = decide_get(self, slot, N_SEGMENT);
    if (segment == NULL) {
        return NULL;
    }
    PyObject *got = decide_get(self, segment, name);
    Py_DECREF(segment);
    return got;
}

PyObject *
decide_memo_hit(PyObject *memo, int table, PyObject **held, PyObject *text, Py_ssize_t at,
                PyObject *missing)
{
    if (!PyUnicode_CheckExact(text)) {
        return NULL;
    }
    if (*held == NULL) {
        *held = PyObject_GetAttr(memo, NAME(table));
        if (*held == NULL) {
            return NULL;
        }
    }
    if (!PyDict_CheckExact(*held)) {
        return NULL;
    }
    PyObject *getter = NAME(table == N_FACTS ? N_GET_FACTS : N_GET_PINNED);
    return ctext_memo_lookup(memo, *held, getter, text, at, missing);
}

/* The Slots of `segments`, each decided by where its block sits: chrome and outside the
 * container dropped (a closing attribution just after it, which rules.spares, left to
 * the rules), and in HTML the headline element pinned as the headline. */
static PyObject *
Steps_structure(Steps *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "structure(segments, rules, html)");
        return NULL;
    }
    PyObject *const *k = self->k;
    PyObject *slots = PySequence_List(args[0]);
    if (slots == NULL) {
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(slots);
    for (Py_ssize_t i = 0; i < n; i++) { /* [Slot(s) for s in segments] */
        PyObject *slot = PyObject_CallOneArg(k[K_SLOT], PyList_GET_ITEM(slots, i));
        if (slot == NULL) {
            goto fail;
        }
        PyObject *segment = PyList_GET_ITEM(slots, i);
        PyList_SET_ITEM(slots, i, slot);
        Py_DECREF(segment);
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *slot = PyList_GET_ITEM(slots, i);
        PyObject *seg = decide_get(self, slot, N_SEGMENT);
        if (seg == NULL) {
            goto fail;
        }
        int chrome = decide_true(self, seg, N_CHROME), outside = 0, spared = 0;
        if (chrome == 0) {
            outside = decide_is(self, seg, N_IN_BODY, Py_False);
            if (outside > 0) {
                int title = decide_true(self, seg, N_IS_TITLE);
                outside = title < 0 ? -1 : !title;
            }
            if (outside > 0) {
                spared = decide_true(self, seg, N_AFTER_BODY);
                if (spared > 0) {
                    PyObject *text = decide_get(self, seg, N_TEXT);
                    PyObject *got = text == NULL ? NULL
                                                 : PyObject_CallMethodOneArg(
                                                       args[1], NAME(N_SPARES), text);
                    spared = got == NULL ? -1 : PyObject_IsTrue(got);
                    Py_XDECREF(got);
                    Py_XDECREF(text);
                }
            }
        }
        Py_DECREF(seg);
        if (chrome < 0 || outside < 0 || spared < 0) {
            goto fail;
        }
        if (chrome ? decide_set(slot, k[K_DROP], k[K_CHROME], Py_None, 0) < 0
                   : outside && !spared &&
                         decide_set(slot, k[K_DROP], k[K_OUTSIDE_BODY], Py_None, 0) < 0) {
            goto fail;
        }
    }
    int html = PyObject_IsTrue(args[2]);
    if (html < 0) {
        goto fail;
    }
    for (Py_ssize_t i = 0; html && i < n; i++) { /* _pin_title */
        PyObject *slot = PyList_GET_ITEM(slots, i);
        PyObject *title = decide_segment_get(self, slot, N_IS_TITLE);
        int pin = title == NULL ? -1 : PyObject_IsTrue(title);
        Py_XDECREF(title);
        if (pin > 0) {
            int dropped = decide_is(self, slot, N_VERDICT, k[K_DROP]);
            pin = dropped < 0 ? -1 : !dropped;
        }
        if (pin < 0 || (pin && decide_set(slot, k[K_KEEP], k[K_HEADLINE], Py_None, 1) < 0)) {
            goto fail;
        }
    }
    return slots;
fail:
    Py_DECREF(slots);
    return NULL;
}

/* ---- the type ---------------------------------------------------------------------- */

static PyObject *
Steps_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *constants;
    Py_ssize_t line_at, cut_at;
    static char *kwlist[] = {"constants", "line_at", "cut_at", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!nn:DecideSteps", kwlist, &PyTuple_Type,
                                     &constants, &line_at, &cut_at)) {
        return NULL;
    }
    if (PyTuple_GET_SIZE(constants) != N_K || line_at < 0 || cut_at < 0 ||
        !PyCallable_Check(PyTuple_GET_ITEM(constants, K_SLOT)) ||
        !PyCallable_Check(PyTuple_GET_ITEM(constants, K_SHAPES))) {
        PyErr_SetString(PyExc_TypeError, "DecideSteps(constants, line_at, cut_at): see _steps()");
        return NULL;
    }
    Steps *self = (Steps *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < N_K; i++) {
        self->k[i] = Py_NewRef(PyTuple_GET_ITEM(constants, i));
    }
    for (int t = 0; t < N_READ_TYPES; t++) { /* Segment.text, ...: the member descriptors */
        for (int n = 0; PyType_Check(self->k[K_SEGMENT_TYPE + t]) && n < N_NAMES; n++) {
            PyObject *descr = PyObject_GetAttr(self->k[K_SEGMENT_TYPE + t], NAME(n));
            if (descr == NULL) {
                if (!PyErr_ExceptionMatches(PyExc_AttributeError)) {
                    Py_DECREF(self);
                    return NULL;
                }
                PyErr_Clear();
            } else if (Py_IS_TYPE(descr, &PyMemberDescr_Type)) {
                self->fields[t][n] = descr;
                continue;
            }
            Py_XDECREF(descr);
        }
    }
    self->line_at = line_at;
    self->cut_at = cut_at;
    return (PyObject *)self;
}

static int
Steps_traverse(Steps *self, visitproc visit, void *arg)
{
    for (Py_ssize_t i = 0; i < N_K; i++) {
        Py_VISIT(self->k[i]);
    }
    for (int t = 0; t < N_READ_TYPES; t++) {
        for (int n = 0; n < N_NAMES; n++) {
            Py_VISIT(self->fields[t][n]);
        }
    }
    return 0;
}

static int
Steps_clear(Steps *self)
{
    for (Py_ssize_t i = 0; i < N_K; i++) {
        Py_CLEAR(self->k[i]);
    }
    for (int t = 0; t < N_READ_TYPES; t++) {
        for (int n = 0; n < N_NAMES; n++) {
            Py_CLEAR(self->fields[t][n]);
        }
    }
    return 0;
}

static void
Steps_dealloc(Steps *self)
{
    PyObject_GC_UnTrack(self);
    Steps_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef steps_methods[] = {
    {"structure", (PyCFunction)(void (*)(void))Steps_structure, METH_FASTCALL,
     "structure(segments, rules, html): decide._structure_python's slots."},
    {"line_rules", (PyCFunction)(void (*)(void))decide_line_rules, METH_FASTCALL,
     "line_rules(slots, rules, memo): decide._apply_line_rules_python."},
    {"cut", (PyCFunction)(void (*)(void))decide_cut, METH_FASTCALL,
     "cut(slots, rules, memo): decide._apply_cut_python."},
    {"settle", (PyCFunction)(void (*)(void))decide_settle, METH_FASTCALL,
     "settle(slots, once, rules, html, memo, t, passes): decide._settle_python."},
    {"blocks", (PyCFunction)(void (*)(void))decide_blocks, METH_FASTCALL,
     "blocks(slots): [s.block() for s in slots]."},
    {NULL, NULL, 0, NULL},
};

PyTypeObject DecideStepsType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "cleaner._ctext.DecideSteps",
    .tp_doc = PyDoc_STR("The decision's per-block bookkeeping steps (decide.py's twins)."),
    .tp_basicsize = sizeof(Steps),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = Steps_new,
    .tp_traverse = (traverseproc)Steps_traverse,
    .tp_clear = (inquiry)Steps_clear,
    .tp_dealloc = (destructor)Steps_dealloc,
    .tp_methods = steps_methods,
};

int
ctext_decide_init(void)
{
    for (Py_ssize_t i = 0; i < N_NAMES; i++) {
        if (decide_names[i] == NULL) {
            decide_names[i] = PyUnicode_InternFromString(name_texts[i]);
            if (decide_names[i] == NULL) {
                return -1;
            }
        }
    }
    return 0;
}
