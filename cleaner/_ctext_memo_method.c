/* cleaner._ctext, the decision memo's methods: the MemoMethod type (a method descriptor
 * whose calls run the chains of _ctext_memo.c and _ctext_memo_read.c). See _ctext_memo.c
 * for the whole. */
#include "_ctext_memo.h"
#include <stddef.h>
#include <structmember.h>

PyObject *mm_fields[N_OFF];

PyObject *mm_facts, *mm_pinned, *mm_score, *mm_readings, *mm_read_units, *mm_get_facts,
    *mm_get_pinned, *mm_get_score, *mm_plans, *mm_plan, *mm_cut_steps, *mm_read,
    *mm_text_hits, *mm_stoplists, *mm_alone, *mm_longer, *mm_read_python,
    *mm_text_hits_python, *mm_text, *mm_tokens, *mm_words, *mm_read_cache_units;

/* ---- the descriptor ---------------------------------------------------------------- */

static const Py_ssize_t arity[N_METHODS] = {
    [M_LINE_RULE] = 4, [M_CUT_RULE] = 3, [M_READ] = 2,
    [M_WORDS] = 2,     [M_TEXT_HITS] = 2, [M_SCORED] = 5,
};

/* Called with the memo first (a C step's method call, or the bound method's). */
static PyObject *
MemoMethod_vectorcall(MemoMethod *self, PyObject *const *args, size_t nargsf,
                      PyObject *kwnames)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    int which = self->which;
    if (kwnames != NULL || nargs != arity[which] ||
        !Py_IS_TYPE(args[0], (PyTypeObject *)self->k[C_MEMO_TYPE])) {
        return memo_python(self, args, nargsf, kwnames);
    }
    PyObject *memo = args[0];
    PyObject *text = which == M_SCORED ? NULL : args[which <= M_CUT_RULE ? 2 : 1];
    if (text != NULL && !PyUnicode_CheckExact(text)) {
        return memo_python(self, args, nargsf, kwnames);
    }
    if (which <= M_CUT_RULE && !Py_IS_TYPE(args[1], (PyTypeObject *)self->k[C_RULESET_TYPE])) {
        return memo_python(self, args, nargsf, kwnames);
    }
    switch (which) {
    case M_LINE_RULE: {
        int pinned = PyObject_IsTrue(args[3]);
        return pinned < 0 ? NULL : memo_line_rule(self, memo, args[1], text, pinned);
    }
    case M_CUT_RULE:
        return memo_cut_rule(self, memo, args[1], text);
    case M_READ:
        return memo_read(self, memo, text);
    case M_WORDS:
        return memo_words(self, memo, text);
    case M_TEXT_HITS:
        return memo_text_hits(self, memo, text);
    default:
        return memo_scored(self, memo, args + 1);
    }
}

static PyObject *
MemoMethod_get(PyObject *self, PyObject *obj, PyObject *Py_UNUSED(type))
{
    if (obj == NULL || obj == Py_None) {
        return Py_NewRef(self);
    }
    return PyMethod_New(self, obj);
}

static PyObject *
MemoMethod_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    int which;
    PyObject *constants, *fields;
    Py_ssize_t unit_chunk;
    if (!PyArg_ParseTuple(args, "iO!O!n:MemoMethod", &which, &PyTuple_Type, &constants,
                          &PyTuple_Type, &fields, &unit_chunk)) {
        return NULL;
    }
    if (which < 0 || which >= N_METHODS || PyTuple_GET_SIZE(constants) != N_C ||
        PyTuple_GET_SIZE(fields) != 4 || !PyType_Check(PyTuple_GET_ITEM(constants, C_MEMO_TYPE)) ||
        !PyType_Check(PyTuple_GET_ITEM(constants, C_RULESET_TYPE)) ||
        !PyType_Check(PyTuple_GET_ITEM(constants, C_COUNTER)) ||
        !PyTuple_CheckExact(PyTuple_GET_ITEM(constants, C_PYTHON)) ||
        PyTuple_GET_SIZE(PyTuple_GET_ITEM(constants, C_PYTHON)) != N_METHODS) {
        PyErr_SetString(PyExc_TypeError, "MemoMethod(which, constants, fields, unit_chunk)");
        return NULL;
    }
    Py_ssize_t at[4];
    for (int i = 0; i < 4; i++) {
        at[i] = PyLong_AsSsize_t(PyTuple_GET_ITEM(fields, i));
        if (at[i] < 0) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_ValueError, "MemoMethod: a field's place is >= 0");
            }
            return NULL;
        }
    }
    MemoMethod *self = (MemoMethod *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    self->vectorcall = (vectorcallfunc)MemoMethod_vectorcall;
    self->which = which;
    for (int i = 0; i < N_C; i++) {
        self->k[i] = Py_NewRef(PyTuple_GET_ITEM(constants, i));
    }
    memcpy(self->at, at, sizeof(at));
    for (int o = 0; o < N_OFF; o++) { /* the memo's slots, where its descriptors keep them */
        PyObject *descr = PyObject_GetAttr(self->k[C_MEMO_TYPE], mm_fields[o]);
        int slot = descr != NULL && Py_IS_TYPE(descr, &PyMemberDescr_Type) &&
                   ((PyMemberDescrObject *)descr)->d_member->type == T_OBJECT_EX;
        self->off[o] = slot ? ((PyMemberDescrObject *)descr)->d_member->offset : 0;
        Py_XDECREF(descr);
        if (!slot) {
            PyErr_Format(PyExc_TypeError, "MemoMethod: DocumentMemo.%U is not a slot",
                         mm_fields[o]);
            Py_DECREF(self);
            return NULL;
        }
    }
    PyObject *names = self->k[C_OTHER_NAMES], *bare = self->k[C_BARE];
    if (!PyTuple_CheckExact(names) || !PyTuple_CheckExact(bare) ||
        PyTuple_GET_SIZE(names) != PyTuple_GET_SIZE(bare) || PyTuple_GET_SIZE(names) > MAX_OTHER ||
        !PyType_Check(self->k[C_SEGMENT_TYPE])) {
        PyErr_SetString(PyExc_TypeError, "MemoMethod: Segment's other fields and their defaults");
        Py_DECREF(self);
        return NULL;
    }
    /* where a Segment keeps them (0: _OTHER_FIELDS is asked for every key) */
    self->n_other = ctext_segment_offsets(self->k[C_SEGMENT_TYPE], names, self->seg_off);
    static const int modules[3] = {C_MEMO_MODULE, C_LANGUAGE, C_FEATURES};
    for (int g = 0; g < 3; g++) {
        PyObject *module = self->k[modules[g]];
        PyObject *dict = PyModule_Check(module) ? PyModule_GetDict(module) : NULL;
        if (dict == NULL) {
            PyErr_SetString(PyExc_TypeError, "MemoMethod: memo, language, features modules");
            Py_DECREF(self);
            return NULL;
        }
        self->globals[g] = Py_NewRef(dict);
    }
    self->unit_chunk = unit_chunk;
    return (PyObject *)self;
}

static int
MemoMethod_traverse(MemoMethod *self, visitproc visit, void *arg)
{
    for (int i = 0; i < N_C; i++) {
        Py_VISIT(self->k[i]);
    }
    for (int g = 0; g < 3; g++) {
        Py_VISIT(self->globals[g]);
    }
    return 0;
}

static int
MemoMethod_clear(MemoMethod *self)
{
    for (int i = 0; i < N_C; i++) {
        Py_CLEAR(self->k[i]);
    }
    for (int g = 0; g < 3; g++) {
        Py_CLEAR(self->globals[g]);
    }
    return 0;
}

static void
MemoMethod_dealloc(MemoMethod *self)
{
    PyObject_GC_UnTrack(self);
    MemoMethod_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject MemoMethodType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "cleaner._ctext.MemoMethod",
    .tp_doc = PyDoc_STR("A DocumentMemo method's compiled twin (a method descriptor)."),
    .tp_basicsize = sizeof(MemoMethod),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL |
                Py_TPFLAGS_METHOD_DESCRIPTOR,
    .tp_vectorcall_offset = offsetof(MemoMethod, vectorcall),
    .tp_call = PyVectorcall_Call,
    .tp_descr_get = MemoMethod_get,
    .tp_new = MemoMethod_new,
    .tp_traverse = (traverseproc)MemoMethod_traverse,
    .tp_clear = (inquiry)MemoMethod_clear,
    .tp_dealloc = (destructor)MemoMethod_dealloc,
};

/* Make the type ready and add it to `module`: 0, or -1 with an exception. */
int
ctext_memo_init(PyObject *module)
{
    struct {
        PyObject **name;
        const char *text;
    } names[] = {
        {&mm_facts, "facts"},          {&mm_pinned, "pinned"},
        {&mm_score, "score"},          {&mm_readings, "readings"},
        {&mm_read_units, "read_units"}, {&mm_get_facts, "_get_facts"},
        {&mm_get_pinned, "_get_pinned"}, {&mm_get_score, "_get_score"},
        {&mm_plans, "_plans"},         {&mm_plan, "_plan"},
        {&mm_cut_steps, "_cut_steps"}, {&mm_read, "read"},
        {&mm_text_hits, "text_hits"},  {&mm_stoplists, "stoplists"},
        {&mm_alone, "alone"},          {&mm_longer, "longer"},
        {&mm_read_python, "read_python"}, {&mm_text_hits_python, "text_hits_python"},
        {&mm_text, "text"},            {&mm_tokens, "tokens"},
        {&mm_words, "words"},          {&mm_read_cache_units, "READ_CACHE_UNITS"},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (*names[i].name == NULL) {
            *names[i].name = PyUnicode_InternFromString(names[i].text);
            if (*names[i].name == NULL) {
                return -1;
            }
        }
    }
    PyObject **fields[N_OFF] = {&mm_facts, &mm_pinned, &mm_score, &mm_readings,
                                &mm_read_units, &mm_get_facts, &mm_get_pinned, &mm_get_score};
    for (int o = 0; o < N_OFF; o++) {
        mm_fields[o] = *fields[o];
    }
    if (PyType_Ready(&MemoMethodType) < 0) {
        return -1;
    }
    Py_INCREF(&MemoMethodType);
    if (PyModule_AddObject(module, "MemoMethod", (PyObject *)&MemoMethodType) < 0) {
        Py_DECREF(&MemoMethodType);
        return -1;
    }
    return 0;
}
