/* cleaner._ctext, the decision's working state: Slot, the twin of slot.Slot (a Python
 * dataclass, the reference), and SlotKind, which makes them.
 *
 * A Slot has the dataclass's fields under the same names, as plain object members, and
 * its two methods: set(verdict, origin, rule=None, *, protected=False) and block(), the
 * block's public record (a model.Block filled field by field as Block's own slot
 * descriptors fill it: in the members' slots where each is one, else through them; the
 * segment's text, tag and classes read from a Segment's slots the same way), as Block(...)
 * would hold them. What a Slot cannot know by itself (the
 * defaults: Verdict.NONE and Origin.SCORER; KEEP and CHROME, which block() tests; Block
 * and its descriptors) is held by the SlotKind that made it: SlotKind(undecided, scorer,
 * keep, chrome, block_type, descriptors), built once in slot.py. kind(segment) makes a
 * Slot with the dataclass's defaults. Equality, repr and copy as the dataclass's
 * (copy.copy through __reduce__: Slot(kind, segment, verdict, ..., settled)).
 *
 * What it saves: the dataclass's __init__ (Python code setting eleven fields, about
 * 0.6 µs) and block()'s Python frame, on every block of every pass; and the steps written
 * in C read and write its members without the interpreter. */
#include "_ctext_slot.h"
#include <structmember.h>


/* model.Block's fields, in its order (slot.Slot.block passes them so). */
enum {
    B_TEXT, B_KEPT, B_ORIGIN, B_RULE, B_FEATURES, B_SCORE, B_CHROME, B_NEIGHBOURS, B_SETTLED,
    B_TAG, B_CLASSES, N_BLOCK
};

struct SlotKind {
    PyObject_HEAD
    vectorcallfunc call;                          /* kind(segment), without an args tuple */
    PyObject *undecided, *scorer, *keep, *chrome; /* Verdict.NONE, Origin.SCORER, ... */
    PyTypeObject *block_type;                     /* model.Block */
    PyObject *setters[N_BLOCK];                   /* Block's member descriptors, in order */
    Py_ssize_t block_off[N_BLOCK]; /* where each keeps its object (all 0: through setters) */
    PyObject *segment_type;        /* model.Segment, or None */
    Py_ssize_t seg_off[3];         /* its text, tag and classes (all 0: read by name) */
    PyObject *zero, *empty;                       /* 0.0 and (), the defaults */
};

static PyTypeObject SlotKindType;
static PyObject *str_text, *str_chrome, *str_tag, *str_classes, *str_protected, *str_rule;

/* ---- Slot -------------------------------------------------------------------------- */

static Slot *
slot_alloc(SlotKind *kind)
{
    Slot *self = PyObject_GC_New(Slot, &SlotType);
    if (self == NULL) {
        return NULL;
    }
    Py_INCREF(kind);
    self->kind = kind;
    return self;
}

/* Slot(kind, segment, verdict, origin, rule, score, features, protected, ends_body,
 * edges_only, neighbours, settled): every field given (what __reduce__ hands back). */
static PyObject *
slot_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    if ((kwds != NULL && PyDict_GET_SIZE(kwds)) || PyTuple_GET_SIZE(args) != 1 + N_FIELDS) {
        PyErr_SetString(PyExc_TypeError,
                        "Slot(kind, segment, verdict, origin, rule, score, features, protected,"
                        " ends_body, edges_only, neighbours, settled): use kind(segment)");
        return NULL;
    }
    PyObject *kind = PyTuple_GET_ITEM(args, 0);
    if (!Py_IS_TYPE(kind, &SlotKindType)) {
        PyErr_SetString(PyExc_TypeError, "Slot: the first argument must be a SlotKind");
        return NULL;
    }
    Slot *self = slot_alloc((SlotKind *)kind);
    if (self == NULL) {
        return NULL;
    }
    for (int k = 0; k < N_FIELDS; k++) {
        self->f[k] = Py_NewRef(PyTuple_GET_ITEM(args, 1 + k));
    }
    PyObject_GC_Track(self);
    return (PyObject *)self;
}

static int
slot_traverse(Slot *self, visitproc visit, void *arg)
{
    Py_VISIT(self->kind);
    for (int k = 0; k < N_FIELDS; k++) {
        Py_VISIT(self->f[k]);
    }
    return 0;
}

static int
slot_clear(Slot *self)
{
    Py_CLEAR(self->kind);
    for (int k = 0; k < N_FIELDS; k++) {
        Py_CLEAR(self->f[k]);
    }
    return 0;
}

static void
slot_dealloc(Slot *self)
{
    PyObject_GC_UnTrack(self);
    slot_clear(self);
    PyObject_GC_Del(self);
}

/* set(verdict, origin, rule=None, *, protected=False) */
static PyObject *
slot_set(Slot *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *rule = Py_None, *protected = Py_False;
    if (nargs < 2 || nargs > 3) {
        PyErr_SetString(PyExc_TypeError, "set() takes verdict, origin and rule=None");
        return NULL;
    }
    if (nargs == 3) {
        rule = args[2];
    }
    Py_ssize_t nkw = kwnames == NULL ? 0 : PyTuple_GET_SIZE(kwnames);
    for (Py_ssize_t k = 0; k < nkw; k++) {
        PyObject *name = PyTuple_GET_ITEM(kwnames, k);
        if (PyUnicode_Compare(name, str_protected) == 0) {
            protected = args[nargs + k];
        }
        else if (nargs == 2 && PyUnicode_Compare(name, str_rule) == 0) {
            rule = args[nargs + k];
        }
        else {
            PyErr_Format(PyExc_TypeError, "set() got an unexpected keyword argument %R", name);
            return NULL;
        }
    }
    slot_set4(self, args[0], args[1], rule, protected);
    Py_RETURN_NONE;
}

/* block(): model.Block(text, kept, origin, rule, features, score, chrome, neighbours,
 * settled, tag, classes), as slot.Slot.block builds it. */
static PyObject *
slot_block(Slot *self, PyObject *Py_UNUSED(ignored))
{
    SlotKind *kind = self->kind;
    PyObject *seg = self->f[S_SEGMENT];
    PyObject *values[N_BLOCK] = {NULL};
    PyObject *block = NULL;
    if (kind->seg_off[0] != 0 && (PyObject *)Py_TYPE(seg) == kind->segment_type) {
        /* a Segment's own slots, as its member descriptors read them (where one is not
         * set, the descriptor raises: read by name below) */
        static const int at[3] = {B_TEXT, B_TAG, B_CLASSES};
        for (int k = 0; k < 3; k++) {
            values[at[k]] = Py_XNewRef(*(PyObject **)((char *)seg + kind->seg_off[k]));
        }
    }
    if (values[B_TEXT] == NULL || values[B_TAG] == NULL || values[B_CLASSES] == NULL) {
        Py_CLEAR(values[B_TEXT]);
        Py_CLEAR(values[B_TAG]);
        Py_CLEAR(values[B_CLASSES]);
        values[B_TEXT] = PyObject_GetAttr(seg, str_text);
        values[B_TAG] = values[B_TEXT] == NULL ? NULL : PyObject_GetAttr(seg, str_tag);
        values[B_CLASSES] = values[B_TAG] == NULL ? NULL : PyObject_GetAttr(seg, str_classes);
        if (values[B_CLASSES] == NULL) {
            goto done;
        }
    }
    if (self->f[S_ORIGIN] == kind->chrome) {
        values[B_CHROME] = PyObject_GetAttr(seg, str_chrome);
        if (values[B_CHROME] == NULL) {
            goto done;
        }
    }
    else {
        values[B_CHROME] = Py_NewRef(Py_None);
    }
    values[B_KEPT] = Py_NewRef(self->f[S_VERDICT] == kind->keep ? Py_True : Py_False);
    values[B_ORIGIN] = Py_NewRef(self->f[S_ORIGIN]);
    values[B_RULE] = Py_NewRef(self->f[S_RULE]);
    values[B_FEATURES] = Py_NewRef(self->f[S_FEATURES]);
    values[B_SCORE] = Py_NewRef(self->f[S_SCORE]);
    values[B_NEIGHBOURS] = Py_NewRef(self->f[S_NEIGHBOURS]);
    values[B_SETTLED] = Py_NewRef(self->f[S_SETTLED]);
    block = kind->block_type->tp_alloc(kind->block_type, 0);
    if (block == NULL) {
        goto done;
    }
    if (kind->block_off[0] != 0 && Py_IS_TYPE(block, kind->block_type)) {
        /* each member's slot, empty in the new block: what its descriptor's set stores */
        for (int k = 0; k < N_BLOCK; k++) {
            *(PyObject **)((char *)block + kind->block_off[k]) = values[k];
            values[k] = NULL;
        }
        goto done;
    }
    for (int k = 0; k < N_BLOCK; k++) {
        PyObject *descr = kind->setters[k];
        if (Py_TYPE(descr)->tp_descr_set(descr, block, values[k]) < 0) {
            Py_CLEAR(block);
            goto done;
        }
    }
done:
    for (int k = 0; k < N_BLOCK; k++) {
        Py_XDECREF(values[k]);
    }
    return block;
}

static PyObject *
slot_reduce(Slot *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *args = PyTuple_New(1 + N_FIELDS);
    if (args == NULL) {
        return NULL;
    }
    PyTuple_SET_ITEM(args, 0, Py_NewRef((PyObject *)self->kind));
    for (int k = 0; k < N_FIELDS; k++) {
        PyTuple_SET_ITEM(args, 1 + k, Py_NewRef(self->f[k]));
    }
    return Py_BuildValue("(ON)", (PyObject *)Py_TYPE(self), args);
}

/* As the dataclass: equal when both are Slots and their fields are, in order. */
static PyObject *
slot_richcompare(PyObject *a, PyObject *b, int op)
{
    if ((op != Py_EQ && op != Py_NE) || !Py_IS_TYPE(b, Py_TYPE(a))) {
        Py_RETURN_NOTIMPLEMENTED;
    }
    for (int k = 0; k < N_FIELDS; k++) {
        PyObject *x = ((Slot *)a)->f[k], *y = ((Slot *)b)->f[k];
        int same = x == y ? 1 : PyObject_RichCompareBool(x, y, Py_EQ);
        if (same < 0) {
            return NULL;
        }
        if (!same) {
            return PyBool_FromLong(op == Py_NE);
        }
    }
    return PyBool_FromLong(op == Py_EQ);
}

static PyObject *
slot_repr(Slot *self)
{
    PyObject **f = self->f;
    return PyUnicode_FromFormat(
        "Slot(segment=%R, verdict=%R, origin=%R, rule=%R, score=%R, features=%R, "
        "protected=%R, ends_body=%R, edges_only=%R, neighbours=%R, settled=%R)",
        f[S_SEGMENT], f[S_VERDICT], f[S_ORIGIN], f[S_RULE], f[S_SCORE], f[S_FEATURES],
        f[S_PROTECTED], f[S_ENDS_BODY], f[S_EDGES_ONLY], f[S_NEIGHBOURS], f[S_SETTLED]);
}

#define FIELD(name, k) {name, T_OBJECT_EX, offsetof(Slot, f) + (k) * sizeof(PyObject *), 0, NULL}
static PyMemberDef slot_members[] = {
    FIELD("segment", S_SEGMENT),       FIELD("verdict", S_VERDICT),
    FIELD("origin", S_ORIGIN),         FIELD("rule", S_RULE),
    FIELD("score", S_SCORE),           FIELD("features", S_FEATURES),
    FIELD("protected", S_PROTECTED),   FIELD("ends_body", S_ENDS_BODY),
    FIELD("edges_only", S_EDGES_ONLY), FIELD("neighbours", S_NEIGHBOURS),
    FIELD("settled", S_SETTLED),       {NULL, 0, 0, 0, NULL},
};
#undef FIELD

static PyMethodDef slot_methods[] = {
    {"set", (PyCFunction)(void (*)(void))slot_set, METH_FASTCALL | METH_KEYWORDS,
     "set(verdict, origin, rule=None, *, protected=False): slot.Slot.set."},
    {"block", (PyCFunction)slot_block, METH_NOARGS, "block(): slot.Slot.block."},
    {"__reduce__", (PyCFunction)slot_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

PyTypeObject SlotType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "cleaner._ctext.Slot",
    .tp_doc = PyDoc_STR("slot.Slot's twin: one block's working state while the decision runs."),
    .tp_basicsize = sizeof(Slot),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = slot_new,
    .tp_dealloc = (destructor)slot_dealloc,
    .tp_traverse = (traverseproc)slot_traverse,
    .tp_clear = (inquiry)slot_clear,
    .tp_richcompare = slot_richcompare,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_repr = (reprfunc)slot_repr,
    .tp_members = slot_members,
    .tp_methods = slot_methods,
};

/* ---- SlotKind ---------------------------------------------------------------------- */

static PyObject *slot_kind_call(SlotKind *kind, PyObject *const *args, size_t nargsf,
                                PyObject *kwnames);

/* The offset of a writable object member `descr` of `owner` (its slot, which set() fills
 * and get() reads), or 0 where it is anything else. */
static Py_ssize_t
member_offset(PyObject *descr, PyObject *owner)
{
    if (!Py_IS_TYPE(descr, &PyMemberDescr_Type) ||
        (PyObject *)PyDescr_TYPE(descr) != owner) {
        return 0;
    }
    PyMemberDef *m = ((PyMemberDescrObject *)descr)->d_member;
    return m->type == T_OBJECT_EX && !(m->flags & READONLY) ? m->offset : 0;
}

/* SlotKind(undecided, scorer, keep, chrome, block_type, descriptors[, segment_type]):
 * descriptors are block_type's member descriptors for its fields in Block's order (N_BLOCK
 * of them); segment_type (model.Segment) is read through its members' slots where it
 * keeps its text, tag and classes in them. */
static PyObject *
slot_kind_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *undecided, *scorer, *keep, *chrome, *block_type, *descriptors;
    PyObject *segment_type = Py_None;
    if (kwds != NULL && PyDict_GET_SIZE(kwds)) {
        PyErr_SetString(PyExc_TypeError, "SlotKind takes no keyword arguments");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "OOOOO!O!|O:SlotKind", &undecided, &scorer, &keep, &chrome,
                          &PyType_Type, &block_type, &PyTuple_Type, &descriptors,
                          &segment_type)) {
        return NULL;
    }
    if (PyTuple_GET_SIZE(descriptors) != N_BLOCK) {
        PyErr_SetString(PyExc_ValueError, "SlotKind: one descriptor for each of Block's fields");
        return NULL;
    }
    for (int k = 0; k < N_BLOCK; k++) {
        PyObject *d = PyTuple_GET_ITEM(descriptors, k);
        if (!PyObject_TypeCheck(d, &PyMemberDescr_Type) || Py_TYPE(d)->tp_descr_set == NULL) {
            PyErr_SetString(PyExc_TypeError, "SlotKind: Block's fields must be slot members");
            return NULL;
        }
    }
    SlotKind *self = (SlotKind *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    self->zero = PyFloat_FromDouble(0.0);
    self->empty = PyTuple_New(0);
    if (self->zero == NULL || self->empty == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    self->call = (vectorcallfunc)slot_kind_call;
    self->undecided = Py_NewRef(undecided);
    self->scorer = Py_NewRef(scorer);
    self->keep = Py_NewRef(keep);
    self->chrome = Py_NewRef(chrome);
    self->block_type = (PyTypeObject *)Py_NewRef(block_type);
    for (int k = 0; k < N_BLOCK; k++) {
        self->setters[k] = Py_NewRef(PyTuple_GET_ITEM(descriptors, k));
        self->block_off[k] = member_offset(self->setters[k], block_type);
    }
    for (int k = 0; k < N_BLOCK; k++) { /* through the setters unless every one has a slot */
        if (self->block_off[k] == 0) {
            memset(self->block_off, 0, sizeof(self->block_off));
            break;
        }
    }
    self->segment_type = Py_NewRef(segment_type);
    if (PyType_Check(segment_type)) {
        PyObject *names[3] = {str_text, str_tag, str_classes};
        for (int k = 0; k < 3; k++) {
            PyObject *descr = PyObject_GetAttr(segment_type, names[k]);
            self->seg_off[k] = descr == NULL ? 0 : member_offset(descr, segment_type);
            Py_XDECREF(descr);
            PyErr_Clear();
            if (self->seg_off[k] == 0) {
                memset(self->seg_off, 0, sizeof(self->seg_off));
                break;
            }
        }
    }
    return (PyObject *)self;
}

static int
slot_kind_traverse(SlotKind *self, visitproc visit, void *arg)
{
    Py_VISIT(self->undecided);
    Py_VISIT(self->scorer);
    Py_VISIT(self->keep);
    Py_VISIT(self->chrome);
    Py_VISIT(self->block_type);
    Py_VISIT(self->segment_type);
    for (int k = 0; k < N_BLOCK; k++) {
        Py_VISIT(self->setters[k]);
    }
    return 0;
}

static int
slot_kind_clear(SlotKind *self)
{
    Py_CLEAR(self->undecided);
    Py_CLEAR(self->scorer);
    Py_CLEAR(self->keep);
    Py_CLEAR(self->chrome);
    Py_CLEAR(self->block_type);
    Py_CLEAR(self->segment_type);
    for (int k = 0; k < N_BLOCK; k++) {
        Py_CLEAR(self->setters[k]);
    }
    Py_CLEAR(self->zero);
    Py_CLEAR(self->empty);
    return 0;
}

static void
slot_kind_dealloc(SlotKind *self)
{
    PyObject_GC_UnTrack(self);
    slot_kind_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* kind(segment): a Slot with slot.Slot's defaults. */
static PyObject *
slot_kind_call(SlotKind *kind, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    if (PyVectorcall_NARGS(nargsf) != 1 || kwnames != NULL) {
        PyErr_SetString(PyExc_TypeError, "kind(segment) takes one argument");
        return NULL;
    }
    Slot *self = slot_alloc(kind);
    if (self == NULL) {
        return NULL;
    }
    PyObject **f = self->f;
    f[S_SEGMENT] = Py_NewRef(args[0]);
    f[S_VERDICT] = Py_NewRef(kind->undecided);
    f[S_ORIGIN] = Py_NewRef(kind->scorer);
    f[S_RULE] = Py_NewRef(Py_None);
    f[S_SCORE] = Py_NewRef(kind->zero);
    f[S_FEATURES] = Py_NewRef(kind->empty);
    f[S_PROTECTED] = Py_NewRef(Py_False);
    f[S_ENDS_BODY] = Py_NewRef(Py_False);
    f[S_EDGES_ONLY] = Py_NewRef(Py_False);
    f[S_NEIGHBOURS] = Py_NewRef(Py_None);
    f[S_SETTLED] = Py_NewRef(Py_False);
    PyObject_GC_Track(self);
    return (PyObject *)self;
}

static PyTypeObject SlotKindType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "cleaner._ctext.SlotKind",
    .tp_doc = PyDoc_STR("SlotKind(undecided, scorer, keep, chrome, block_type, descriptors):"
                        " kind(segment) makes a Slot."),
    .tp_basicsize = sizeof(SlotKind),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_new = slot_kind_new,
    .tp_dealloc = (destructor)slot_kind_dealloc,
    .tp_traverse = (traverseproc)slot_kind_traverse,
    .tp_clear = (inquiry)slot_kind_clear,
    .tp_call = PyVectorcall_Call,
    .tp_vectorcall_offset = offsetof(SlotKind, call),
};

/* Ready both types, add them to `module`. Returns 0, or -1 with an exception set. */
int
ctext_slot_init(PyObject *module)
{
    static const char *const names[] = {"text", "chrome", "tag", "classes", "protected", "rule"};
    PyObject **strs[] = {&str_text, &str_chrome, &str_tag, &str_classes, &str_protected, &str_rule};
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
        if (*strs[k] == NULL && (*strs[k] = PyUnicode_InternFromString(names[k])) == NULL) {
            return -1;
        }
    }
    if (PyType_Ready(&SlotType) < 0 || PyType_Ready(&SlotKindType) < 0) {
        return -1;
    }
    if (PyModule_AddObjectRef(module, "Slot", (PyObject *)&SlotType) < 0 ||
        PyModule_AddObjectRef(module, "SlotKind", (PyObject *)&SlotKindType) < 0) {
        return -1;
    }
    return 0;
}
