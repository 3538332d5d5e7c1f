/* cleaner._ctext, the table of classes: what each code point is, asked of the Python
 * side (native.CharClasses.classify) one block of 256 code points at a time, the first
 * time a text holds one of them. */
#include "_ctext.h"

/* Set `bits` in `flags` (the block starting at code point `start`) on every code point of
 * `spans`, a sequence of (start, stop) pairs inside the block. When `field` is set, the
 * script bits are replaced rather than added to. */
static int
mark_spans(uint16_t *flags, Py_ssize_t start, PyObject *spans, uint16_t bits, int field)
{
    PyObject *seq = PySequence_Fast(spans, "spans must be a sequence of (start, stop)");
    if (seq == NULL) {
        return -1;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t from, to;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, i), "nn", &from, &to)) {
            Py_DECREF(seq);
            return -1;
        }
        if (from < start || to > start + BLOCK || from > to) {
            PyErr_Format(PyExc_ValueError, "span (%zd, %zd) outside the block at %zd", from,
                         to, start);
            Py_DECREF(seq);
            return -1;
        }
        for (Py_ssize_t cp = from; cp < to; cp++) {
            uint16_t *f = &flags[cp - start];
            *f = field ? (uint16_t)((*f & ~(SCRIPT_MASK << SCRIPT_SHIFT)) | bits) : *f | bits;
        }
    }
    Py_DECREF(seq);
    return 0;
}

/* Classify block `b`: call classify(start, stop), which gives (word, mark, scripts,
 * letter, upper, digit), each the (start, stop) spans of the code points a class matches
 * (scripts: one list of spans per unspaced script, in units.scripts()'s order; a letter
 * belongs to the first script that holds it, as in the `unit` pattern's alternation). */
int
ctext_fill_block(Tokenizer *t, Py_ssize_t b)
{
    Py_ssize_t start = b * BLOCK;
    PyObject *classes = PyObject_CallFunction(t->classify, "nn", start, start + BLOCK);
    if (classes == NULL) {
        return -1;
    }
    uint16_t *flags = NULL;
    PyObject *word, *mark, *scripts, *letter, *upper, *digit, *seq = NULL;
    if (!PyArg_ParseTuple(classes, "OOOOOO;classify() must give six classes", &word, &mark,
                          &scripts, &letter, &upper, &digit)) {
        goto fail;
    }
    flags = PyMem_Calloc(BLOCK, sizeof(uint16_t));
    if (flags == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    if (mark_spans(flags, start, word, F_WORD, 0) < 0 ||
        mark_spans(flags, start, mark, F_MARK, 0) < 0 ||
        mark_spans(flags, start, letter, F_LETTER, 0) < 0 ||
        mark_spans(flags, start, upper, F_UPPER, 0) < 0 ||
        mark_spans(flags, start, digit, F_DIGIT, 0) < 0) {
        goto fail;
    }
    seq = PySequence_Fast(scripts, "scripts must be a sequence of spans");
    if (seq == NULL) {
        goto fail;
    }
    if (PySequence_Fast_GET_SIZE(seq) != t->n_scripts) {
        PyErr_SetString(PyExc_ValueError, "classify() must give one class a script");
        goto fail;
    }
    /* Later scripts first, so that an earlier one overwrites them. */
    for (Py_ssize_t i = t->n_scripts - 1; i >= 0; i--) {
        uint16_t bits = (uint16_t)((i + 1) << SCRIPT_SHIFT);
        if (mark_spans(flags, start, PySequence_Fast_GET_ITEM(seq, i), bits, 1) < 0) {
            goto fail;
        }
    }
    Py_DECREF(seq);
    Py_DECREF(classes);
    if (t->blocks[b] != NULL) { /* filled meanwhile (classify ran Python code): the same */
        PyMem_Free(flags);
    }
    else {
        t->blocks[b] = flags;
    }
    return 0;

fail:
    Py_XDECREF(seq);
    Py_DECREF(classes);
    PyMem_Free(flags);
    return -1;
}

#define CAPITAL_SIGMA 0x3A3 /* str.lower makes it σ or ς by the letters around it */

/* The lower cases of block `b` (Tokenizer.lowers), asked of str.lower one code point at a
 * time: a code point whose lower case is more than one (İ: i and a combining dot) or
 * depends on its neighbours (Σ) has none of its own. str.lower maps every other code
 * point on its own (CPython's lower_ucs4), so a text without those two kinds lowers to
 * its code points' lower cases, in order. */
int
ctext_fill_lowers(Tokenizer *t, Py_ssize_t b)
{
    Py_UCS4 *lowers = PyMem_Malloc(BLOCK * sizeof(Py_UCS4));
    PyObject *name = lowers == NULL ? NULL : PyUnicode_InternFromString("lower");
    if (name == NULL) {
        PyMem_Free(lowers);
        return lowers == NULL ? (PyErr_NoMemory(), -1) : -1;
    }
    for (Py_ssize_t k = 0; k < BLOCK; k++) {
        Py_UCS4 cp = (Py_UCS4)(b * BLOCK + k);
        PyObject *one = PyUnicode_FromOrdinal((int)cp);
        PyObject *lower = one == NULL ? NULL : PyObject_CallMethodNoArgs(one, name);
        Py_XDECREF(one);
        if (lower == NULL || !PyUnicode_Check(lower)) {
            if (lower != NULL) {
                PyErr_SetString(PyExc_TypeError, "lower() must give a str");
            }
            Py_XDECREF(lower);
            Py_DECREF(name);
            PyMem_Free(lowers);
            return -1;
        }
        lowers[k] = PyUnicode_GET_LENGTH(lower) == 1 && cp != CAPITAL_SIGMA
                        ? PyUnicode_READ_CHAR(lower, 0)
                        : NO_LOWER;
        Py_DECREF(lower);
    }
    Py_DECREF(name);
    if (t->lowers[b] != NULL) { /* filled meanwhile: the same */
        PyMem_Free(lowers);
    }
    else {
        t->lowers[b] = lowers;
    }
    return 0;
}

/* Tokenizer(classify, weights): `classify(start, stop)` gives the classes of a block of
 * code points (see fill_block); weights[i] is the words a letter of unspaced script i is
 * worth (1 / letters_per_word). */
PyObject *
ctext_tokenizer_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"classify", "weights", NULL};
    PyObject *classify, *weights;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO:Tokenizer", kwlist, &classify,
                                     &weights)) {
        return NULL;
    }
    if (!PyCallable_Check(classify)) {
        PyErr_SetString(PyExc_TypeError, "classify must be callable");
        return NULL;
    }
    PyObject *seq = PySequence_Fast(weights, "weights must be a sequence of floats");
    if (seq == NULL) {
        return NULL;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    if (n > MAX_SCRIPTS) {
        PyErr_Format(PyExc_ValueError, "at most %d unspaced scripts", MAX_SCRIPTS);
        Py_DECREF(seq);
        return NULL;
    }
    Tokenizer *self = (Tokenizer *)type->tp_alloc(type, 0); /* zeroed: no block yet */
    if (self == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *weight = PySequence_Fast_GET_ITEM(seq, i);
        if (!PyFloat_CheckExact(weight)) {
            PyErr_SetString(PyExc_TypeError, "weights must be floats");
            Py_DECREF(seq);
            Py_DECREF(self);
            return NULL;
        }
        Py_INCREF(weight);
        self->weights[i] = weight;
    }
    Py_DECREF(seq);
    self->n_scripts = n;
    Py_INCREF(classify);
    self->classify = classify;
    self->one = PyFloat_FromDouble(1.0);
    if (self->one == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

void
ctext_tokenizer_dealloc(Tokenizer *self)
{
    for (Py_ssize_t i = 0; i < MAX_SCRIPTS; i++) {
        Py_CLEAR(self->weights[i]);
    }
    for (Py_ssize_t b = 0; b < BLOCKS; b++) {
        PyMem_Free(self->blocks[b]);
        PyMem_Free(self->lowers[b]);
    }
    if (self->units != NULL) {
        for (Py_ssize_t i = 0; i < UNIT_CACHE_SLOTS; i++) {
            Py_CLEAR(self->units[i].unit);
            Py_CLEAR(self->units[i].alone);
        }
        PyMem_Free(self->units);
    }
    Py_CLEAR(self->units_alone);
    Py_CLEAR(self->classify);
    Py_CLEAR(self->one);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

