/* cleaner._ctext: LiteralScan, which of several literals may occur in a text, in one pass
 * (literals.LiteralScan; the source signatures' prefilter, rulebook.RuleBook.select).
 *
 * A literal is a run of positions, each a set of at most SCAN_SET code points the text's
 * character there must be one of, or a wildcard (any character). Python builds the sets
 * (literals.scan_positions) so that wherever the literal occurs as Literal.occurs_in
 * finds it, these positions hold: the answer may be "yes" where the literal is absent,
 * never "no" where it is there. Three adjacent positions of each literal, its anchor
 * (Python picks rare characters), are looked up at every three adjacent characters of the
 * text, in a bitmap of their hashes; only where it is set are the literals anchored on
 * the first character verified. A literal found is not looked for again, and the scan stops when
 * every one is found. The loop is written once for each width of str (the READ macros):
 * a hash, one load and one rarely taken branch a character. On WCXB pages a first-character
 * test before the hash cost 2.4 ns a character (a quarter of the characters passed it, at
 * random, and the branch was mispredicted), and two characters instead of three 1.1 ns
 * (pairs such as "/w" of "//www" passed 1% of the characters).
 */
#include "_ctext.h"

#define SCAN_SET 4 /* code points a position may accept (a letter's cases and its extras) */
#define HASH_BITS 0x10000 /* the bitmap's size in bits */

/* The bitmap's index of characters a, b, c (any hash: a collision only costs a check). */
static inline uint32_t
triple_hash(Py_UCS4 a, Py_UCS4 b, Py_UCS4 c)
{
    return ((a * 31u + b) * 31u + c) & (HASH_BITS - 1);
}

typedef struct {
    Py_ssize_t length;   /* positions */
    Py_ssize_t anchor;   /* the anchored position; it and the next two are no wildcard */
    Py_UCS4 *sets;       /* length * SCAN_SET code points */
    unsigned char *size; /* accepted code points at each position; 0: a wildcard */
} ScanLiteral;

typedef struct {
    Py_UCS4 cp;
    Py_ssize_t literal;
} ScanEntry; /* a literal anchored on `cp`: sorted by cp */

typedef struct {
    PyObject_HEAD
    Py_ssize_t n_literals;
    ScanLiteral *literals;
    Py_ssize_t n_entries;
    ScanEntry *entries;
    unsigned char hashes[HASH_BITS / 8]; /* triple_hash of the anchors' characters */
} LiteralScan;

static void
scan_dealloc(LiteralScan *self)
{
    for (Py_ssize_t j = 0; self->literals != NULL && j < self->n_literals; j++) {
        PyMem_Free(self->literals[j].sets);
        PyMem_Free(self->literals[j].size);
    }
    PyMem_Free(self->literals);
    PyMem_Free(self->entries);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int
entry_order(const void *a, const void *b)
{
    Py_UCS4 x = ((const ScanEntry *)a)->cp, y = ((const ScanEntry *)b)->cp;
    return x < y ? -1 : x > y;
}

/* One literal from (positions, anchor): positions a sequence of (tuple of code points
 * or None). Its anchor's code points are appended to `entries`. Returns 0 or -1. */
static int
read_literal(LiteralScan *self, Py_ssize_t j, PyObject *spec, Py_ssize_t *cap)
{
    ScanLiteral *lit = &self->literals[j];
    PyObject *positions = NULL;
    if (!PyArg_ParseTuple(spec, "On", &positions, &lit->anchor)) {
        return -1;
    }
    PyObject *seq = PySequence_Fast(positions, "LiteralScan: positions must be a sequence");
    if (seq == NULL) {
        return -1;
    }
    lit->length = PySequence_Fast_GET_SIZE(seq);
    if (lit->length < 3 || lit->anchor < 0 || lit->anchor + 2 >= lit->length) {
        Py_DECREF(seq);
        PyErr_SetString(PyExc_ValueError, "LiteralScan: a literal needs a position to anchor");
        return -1;
    }
    lit->sets = PyMem_Calloc((size_t)lit->length * SCAN_SET, sizeof(Py_UCS4));
    lit->size = PyMem_Calloc((size_t)lit->length, 1);
    if (lit->sets == NULL || lit->size == NULL) {
        Py_DECREF(seq);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t p = 0; p < lit->length; p++) {
        PyObject *set = PySequence_Fast_GET_ITEM(seq, p);
        if (set == Py_None) {
            continue;
        }
        if (!PyTuple_Check(set) || PyTuple_GET_SIZE(set) < 1 || PyTuple_GET_SIZE(set) > SCAN_SET) {
            Py_DECREF(seq);
            PyErr_SetString(PyExc_ValueError, "LiteralScan: a position is None or 1-4 code points");
            return -1;
        }
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(set); k++) {
            long cp = PyLong_AsLong(PyTuple_GET_ITEM(set, k));
            if (cp < 0 || cp > 0x10FFFF) {
                Py_DECREF(seq);
                if (!PyErr_Occurred()) {
                    PyErr_SetString(PyExc_ValueError, "LiteralScan: not a code point");
                }
                return -1;
            }
            lit->sets[p * SCAN_SET + k] = (Py_UCS4)cp;
        }
        lit->size[p] = (unsigned char)PyTuple_GET_SIZE(set);
    }
    Py_DECREF(seq);
    if (lit->size[lit->anchor] == 0 || lit->size[lit->anchor + 1] == 0 ||
        lit->size[lit->anchor + 2] == 0) {
        PyErr_SetString(PyExc_ValueError, "LiteralScan: the anchor holds a wildcard");
        return -1;
    }
    const Py_UCS4 *second = &lit->sets[(lit->anchor + 1) * SCAN_SET];
    const Py_UCS4 *third = &lit->sets[(lit->anchor + 2) * SCAN_SET];
    for (int k = 0; k < lit->size[lit->anchor]; k++) {
        if (self->n_entries == *cap) {
            *cap = *cap * 2 + 8;
            ScanEntry *grown = PyMem_Realloc(self->entries, (size_t)*cap * sizeof(ScanEntry));
            if (grown == NULL) {
                PyErr_NoMemory();
                return -1;
            }
            self->entries = grown;
        }
        Py_UCS4 cp = lit->sets[lit->anchor * SCAN_SET + k];
        self->entries[self->n_entries++] = (ScanEntry){cp, j};
        for (int m = 0; m < lit->size[lit->anchor + 1]; m++) {
            for (int q = 0; q < lit->size[lit->anchor + 2]; q++) {
                uint32_t h = triple_hash(cp, second[m], third[q]);
                self->hashes[h >> 3] |= (unsigned char)(1u << (h & 7));
            }
        }
    }
    return 0;
}

static PyObject *
scan_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *specs = NULL;
    if (!PyArg_ParseTuple(args, "O:LiteralScan", &specs)) {
        return NULL;
    }
    PyObject *seq = PySequence_Fast(specs, "LiteralScan: literals must be a sequence");
    if (seq == NULL) {
        return NULL;
    }
    LiteralScan *self = (LiteralScan *)type->tp_alloc(type, 0);
    if (self == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq), cap = 0;
    self->literals = PyMem_Calloc((size_t)(n > 0 ? n : 1), sizeof(ScanLiteral));
    if (self->literals == NULL) {
        Py_DECREF(seq);
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    self->n_literals = n;
    for (Py_ssize_t j = 0; j < n; j++) {
        if (read_literal(self, j, PySequence_Fast_GET_ITEM(seq, j), &cap) < 0) {
            Py_DECREF(seq);
            Py_DECREF(self);
            return NULL;
        }
    }
    Py_DECREF(seq);
    if (self->n_entries > 1) {
        qsort(self->entries, (size_t)self->n_entries, sizeof(ScanEntry), entry_order);
    }
    return (PyObject *)self;
}

/* Whether literal `lit` holds at `start` of the text. */
static int
holds_at(const ScanLiteral *lit, int kind, const void *data, Py_ssize_t start)
{
    for (Py_ssize_t p = 0; p < lit->length; p++) {
        int size = lit->size[p];
        if (size == 0) {
            continue;
        }
        Py_UCS4 c = PyUnicode_READ(kind, data, start + p);
        const Py_UCS4 *set = &lit->sets[p * SCAN_SET];
        int ok = 0;
        for (int k = 0; k < size && !ok; k++) {
            ok = set[k] == c;
        }
        if (!ok) {
            return 0;
        }
    }
    return 1;
}

/* The literals anchored at i (on characters c and the next two), each verified where it is
 * not found yet. */
static void
verify_at(LiteralScan *self, Py_UCS4 c, Py_ssize_t i, int kind, const void *data,
          Py_ssize_t n, char *found, Py_ssize_t *remaining)
{
    /* The entries anchored on c: the first by binary search, then in order. */
    Py_ssize_t lo = 0, hi = self->n_entries;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (self->entries[mid].cp < c) {
            lo = mid + 1;
        }
        else {
            hi = mid;
        }
    }
    for (Py_ssize_t e = lo; e < self->n_entries && self->entries[e].cp == c; e++) {
        Py_ssize_t j = self->entries[e].literal;
        const ScanLiteral *lit = &self->literals[j];
        Py_ssize_t start = i - lit->anchor;
        if (found[j] || start < 0 || start + lit->length > n) {
            continue;
        }
        if (holds_at(lit, kind, data, start)) {
            found[j] = 1;
            (*remaining)--;
        }
    }
}

/* The scan over a str of one width: `units` is its data as that width's code units. */
#define SCAN_LOOP(UNIT)                                                                   \
    do {                                                                                  \
        const UNIT *units = (const UNIT *)data;                                           \
        uint32_t pair = n > 1 ? units[0] * 31u + units[1] : 0;                            \
        for (Py_ssize_t i = 0; i + 2 < n; i++) {                                          \
            uint32_t h = (pair * 31u + units[i + 2]) & (HASH_BITS - 1);                   \
            pair = units[i + 1] * 31u + units[i + 2];                                     \
            if (self->hashes[h >> 3] & (1u << (h & 7))) {                                 \
                verify_at(self, units[i], i, kind, data, n, found, &remaining);           \
                if (remaining == 0) {                                                     \
                    break;                                                                \
                }                                                                         \
            }                                                                             \
        }                                                                                 \
    } while (0)

static PyObject *
scan_find(LiteralScan *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "LiteralScan.find: text must be a str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyBytes_FromStringAndSize(NULL, self->n_literals);
    if (out == NULL) {
        return NULL;
    }
    char *found = PyBytes_AS_STRING(out);
    memset(found, 0, (size_t)self->n_literals);
    Py_ssize_t remaining = 0;
    for (Py_ssize_t j = 0; j < self->n_literals; j++) {
        if (self->literals[j].length <= n) {
            remaining++;
        }
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    /* The last two characters start no anchor: every literal is three or longer. */
    switch (kind) {
    case PyUnicode_1BYTE_KIND:
        SCAN_LOOP(Py_UCS1);
        break;
    case PyUnicode_2BYTE_KIND:
        SCAN_LOOP(Py_UCS2);
        break;
    default:
        SCAN_LOOP(Py_UCS4);
        break;
    }
    return out;
}

static PyMethodDef scan_methods[] = {
    {"find", (PyCFunction)scan_find, METH_O,
     "find(text): bytes, 1 for each literal that may occur in text, 0 for one that does not."},
    {NULL, NULL, 0, NULL},
};

PyTypeObject LiteralScanType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "cleaner._ctext.LiteralScan",
    .tp_doc = PyDoc_STR("Which of several literals may occur in a text, in one pass."),
    .tp_basicsize = sizeof(LiteralScan),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = scan_new,
    .tp_dealloc = (destructor)scan_dealloc,
    .tp_methods = scan_methods,
};
