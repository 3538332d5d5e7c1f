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
 * writes, the calls of Slot.set and of the memo's methods on a hit. Slots and segments
 * are read and written through their attributes (interned names), never by layout, so
 * the steps work on any object with those attributes (a dataclass or a compiled Slot).
 * The memo is read directly on the hit path only (DocumentMemo.facts for the line rule
 * and the cut rule, DocumentMemo.pinned for a pinned block): any other case calls the
 * memo's own method (line_rule, cut_rule), so the memo's logic stays in memo.py. The
 * regular expressions stay Python calls (rules.spares, the memo's misses, the byline's
 * fullmatch), in the order the Python makes them.
 *
 * `constants` (decide._steps) is the tuple of objects the Python reads as globals: the
 * slot.new_slot, the verdicts, the origins, RuleKind.KEEP, memo._MISSING and features.shapes;
 * line_at and cut_at are memo.LINE and memo.CUT (where a Facts tuple holds each). */
#include "_ctext_decide.h"

PyObject *decide_names[N_NAMES];

static const char *const name_texts[N_NAMES] = {
    "segment", "verdict", "origin", "rule", "protected", "ends_body", "edges_only",
    "settled", "text", "pinned", "chrome", "in_body", "is_title", "after_body",
    "kind", "id", "keep_marker", "facts", "line_rule", "cut_rule", "spare", "cut",
    "spares", "byline", "fullmatch", "block",
};

int
decide_set(PyObject *slot, PyObject *verdict, PyObject *origin, PyObject *rule, int protected)
{
    if (PyObject_SetAttr(slot, NAME(N_VERDICT), verdict) < 0 ||
        PyObject_SetAttr(slot, NAME(N_ORIGIN), origin) < 0 ||
        PyObject_SetAttr(slot, NAME(N_RULE), rule) < 0 ||
        PyObject_SetAttr(slot, NAME(N_PROTECTED), protected ? Py_True : Py_False) < 0) {
        return -1;
    }
    return 0;
}

int
decide_attr_is(PyObject *obj, int name, PyObject *value)
{
    PyObject *got = PyObject_GetAttr(obj, NAME(name));
    if (got == NULL) {
        return -1;
    }
    int same = got == value;
    Py_DECREF(got);
    return same;
}

int
decide_attr_true(PyObject *obj, int name)
{
    PyObject *got = PyObject_GetAttr(obj, NAME(name));
    if (got == NULL) {
        return -1;
    }
    int truth = PyObject_IsTrue(got);
    Py_DECREF(got);
    return truth;
}

PyObject *
decide_segment_attr(PyObject *slot, int name)
{
    PyObject *segment = PyObject_GetAttr(slot, NAME(N_SEGMENT));
    if (segment == NULL) {
        return NULL;
    }
    PyObject *got = PyObject_GetAttr(segment, NAME(name));
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
    PyObject *found = PyDict_GetItemWithError(*held, text);
    if (found == NULL) {
        return NULL;
    }
    if (at >= 0) { /* a Facts tuple: the field at `at`, where known */
        if (!PyTuple_CheckExact(found) || PyTuple_GET_SIZE(found) <= at) {
            return NULL;
        }
        found = PyTuple_GET_ITEM(found, at);
    }
    return found == missing ? NULL : Py_NewRef(found);
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
        PyObject *seg = PyObject_GetAttr(slot, NAME(N_SEGMENT));
        if (seg == NULL) {
            goto fail;
        }
        int chrome = decide_attr_true(seg, N_CHROME), outside = 0, spared = 0;
        if (chrome == 0) {
            outside = decide_attr_is(seg, N_IN_BODY, Py_False);
            if (outside > 0) {
                int title = decide_attr_true(seg, N_IS_TITLE);
                outside = title < 0 ? -1 : !title;
            }
            if (outside > 0) {
                spared = decide_attr_true(seg, N_AFTER_BODY);
                if (spared > 0) {
                    PyObject *text = PyObject_GetAttr(seg, NAME(N_TEXT));
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
        PyObject *title = decide_segment_attr(slot, N_IS_TITLE);
        int pin = title == NULL ? -1 : PyObject_IsTrue(title);
        Py_XDECREF(title);
        if (pin > 0) {
            int dropped = decide_attr_is(slot, N_VERDICT, k[K_DROP]);
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
    return 0;
}

static int
Steps_clear(Steps *self)
{
    for (Py_ssize_t i = 0; i < N_K; i++) {
        Py_CLEAR(self->k[i]);
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
