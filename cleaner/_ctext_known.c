/* cleaner._ctext: KnownLines' table, looked up at a line where it stands in its text.
 *
 * LineTable() holds what KnownLines' dict holds (a raw line -> its segment) for
 * text_segments (_ctext_lines.c), which finds a line here by the code points between two
 * line breaks of the document's text, without making the line's str first: a dantri
 * page cleaned again made 158 substrings a page, hashed each (a quarter of the time) and
 * probed the dict with it, about 13 us of 200. Here a line costs a hash of at most
 * 2 * HASH_EDGE of its code points read in place, a probe and, where an entry's hash
 * agrees, a comparison of the code points; a line not held is made (its str) as before.
 *
 * The hash is of the code points, not of the bytes: a str is stored at the narrowest
 * width its characters allow, so a line held from one document (all of Latin-1: one
 * byte a character) may stand in another document's text two bytes a character wide.
 *
 * Open addressing with linear probing, at most half full, no deletions (KnownLines
 * empties the whole table: clear()). A line is kept at most KNOWN_MAX_PROBE entries
 * from where its hash points, and a lookup reads no further: the hash is not keyed and
 * reads a long line's ends alone, so a document can hold thousands of lines of one
 * length alike at both ends, which would otherwise all probe one cluster (a lookup
 * comparing every one of them: time growing with the table for each line). A line
 * that finds no room within the bound is not kept: the table is a cache, and such a
 * line is made again where it recurs. The caller keeps the table and its dict alike
 * (KnownLines._add, under its lock); a lookup reads the entries once and takes its own
 * reference to what it finds before any Python code can run, so another thread's
 * update or clear between two lines is seen as the dict's would be. Entries hold a str
 * and a Segment, neither of which can hold the table: no cycle, no GC support. */
#include "_ctext.h"

typedef struct {
    uint64_t hash;
    PyObject *raw; /* NULL: an empty entry */
    PyObject *seg;
} LineEntry;

typedef struct {
    PyObject_HEAD
    LineEntry *entries;
    Py_ssize_t size; /* entries allocated: 0 or a power of two */
    Py_ssize_t used;
} LineTable;

#define KNOWN_MIN_SIZE 64
/* Entries a probe reads at most. At most half full, with hashes that differ, a probe
 * of over 32 is rare enough that the corpora's tables never reach it
 * (tests/test_native_lines.py holds the table to the dict on them). */
#define KNOWN_MAX_PROBE 32
#define MIX_PRIME 0x9E3779B97F4A7C15ULL

/* The hash of data[start:stop] (of `kind`): its length and its first and last
 * HASH_EDGE code points (all of a shorter line), three to a 64-bit word (each under
 * 2**21), each word mixed in by a multiply. Bounded: a long new line (an article's
 * paragraph) costs no more to look up and keep than a short one; lines alike at both
 * ends and of one length meet in the probe, where their code points are compared. */
#define HASH_EDGE 24
#define HASH_LOOP(T)                                                                       \
    do {                                                                                   \
        const T *c = (const T *)data;                                                      \
        Py_ssize_t i = start;                                                              \
        for (; i + 3 <= stop; i += 3) {                                                    \
            if (i == start + HASH_EDGE && stop - i > HASH_EDGE) {                          \
                i = stop - HASH_EDGE; /* the middle of a long line: not read */            \
            }                                                                              \
            uint64_t w = (uint64_t)c[i] | (uint64_t)c[i + 1] << 21 | (uint64_t)c[i + 2] << 42; \
            h = (h ^ w) * MIX_PRIME;                                                       \
            h ^= h >> 29;                                                                  \
        }                                                                                  \
        uint64_t w = 0;                                                                    \
        for (int k = 0; i < stop; i++, k += 21) {                                          \
            w |= (uint64_t)c[i] << k;                                                      \
        }                                                                                  \
        h = (h ^ w) * MIX_PRIME;                                                           \
    } while (0)

static uint64_t
code_point_hash(int kind, const void *data, Py_ssize_t start, Py_ssize_t stop)
{
    uint64_t h = (uint64_t)(stop - start) * MIX_PRIME;
    if (kind == PyUnicode_1BYTE_KIND) {
        HASH_LOOP(Py_UCS1);
    }
    else if (kind == PyUnicode_2BYTE_KIND) {
        HASH_LOOP(Py_UCS2);
    }
    else {
        HASH_LOOP(Py_UCS4);
    }
    return h ^ (h >> 32);
}

/* Whether `raw` holds the code points of data[start:stop] (the lengths are equal). */
static int
same_code_points(PyObject *raw, int kind, const void *data, Py_ssize_t start, Py_ssize_t stop)
{
    int rk = PyUnicode_KIND(raw);
    const void *rd = PyUnicode_DATA(raw);
    if (rk == kind) {
        return memcmp(rd, (const char *)data + start * kind, (size_t)(stop - start) * kind) == 0;
    }
    for (Py_ssize_t i = start; i < stop; i++) {
        if (PyUnicode_READ(rk, rd, i - start) != PyUnicode_READ(kind, data, i)) {
            return 0;
        }
    }
    return 1;
}

/* The entry for these code points: the one holding them, or the empty one where they
 * would go; NULL where neither is within KNOWN_MAX_PROBE entries of the hash's place.
 * `t->size` is not 0. */
static LineEntry *
probe(LineTable *t, uint64_t hash, int kind, const void *data, Py_ssize_t start,
      Py_ssize_t stop)
{
    size_t mask = (size_t)t->size - 1;
    size_t i = (size_t)hash & mask;
    for (int read = 0; read < KNOWN_MAX_PROBE; read++, i = (i + 1) & mask) {
        LineEntry *e = &t->entries[i];
        if (e->raw == NULL) {
            return e;
        }
        if (e->hash == hash && PyUnicode_GET_LENGTH(e->raw) == stop - start &&
            same_code_points(e->raw, kind, data, start, stop)) {
            return e;
        }
    }
    return NULL;
}

PyObject *
ctext_known_find(PyObject *table, PyObject *text, Py_ssize_t start, Py_ssize_t stop)
{
    LineTable *t = (LineTable *)table;
    if (t->used == 0) {
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    LineEntry *e = probe(t, code_point_hash(kind, data, start, stop), kind, data, start, stop);
    return e == NULL || e->raw == NULL ? NULL : e->seg;
}

/* The entries reallocated at `size` (a power of two over twice `used`); one that finds
 * no room within KNOWN_MAX_PROBE of its hash's place is dropped. 0, or -1. */
static int
resize(LineTable *t, Py_ssize_t size)
{
    LineEntry *old = t->entries;
    Py_ssize_t old_size = t->size;
    LineEntry *entries = PyMem_Calloc((size_t)size, sizeof(LineEntry));
    if (entries == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    size_t mask = (size_t)size - 1;
    for (Py_ssize_t k = 0; k < old_size; k++) {
        if (old[k].raw == NULL) {
            continue;
        }
        size_t i = (size_t)old[k].hash & mask;
        int read = 0;
        while (entries[i].raw != NULL && ++read < KNOWN_MAX_PROBE) {
            i = (i + 1) & mask;
        }
        if (entries[i].raw != NULL) {
            Py_DECREF(old[k].raw);
            Py_DECREF(old[k].seg);
            t->used--;
            continue;
        }
        entries[i] = old[k];
    }
    t->entries = entries;
    t->size = size;
    PyMem_Free(old);
    return 0;
}

/* table[raw] = seg. 0, or -1 with an exception. */
static int
put(LineTable *t, PyObject *raw, PyObject *seg)
{
    if (!PyUnicode_CheckExact(raw)) {
        PyErr_SetString(PyExc_TypeError, "LineTable: a raw line must be a str");
        return -1;
    }
    if ((t->used + 1) * 2 > t->size &&
        resize(t, t->size == 0 ? KNOWN_MIN_SIZE : t->size * 2) < 0) {
        return -1;
    }
    int kind = PyUnicode_KIND(raw);
    const void *data = PyUnicode_DATA(raw);
    Py_ssize_t n = PyUnicode_GET_LENGTH(raw);
    uint64_t hash = code_point_hash(kind, data, 0, n);
    LineEntry *e = probe(t, hash, kind, data, 0, n);
    if (e == NULL) {
        return 0; /* no room near its place: not kept */
    }
    PyObject *was_raw = e->raw, *was_seg = e->seg;
    e->hash = hash;
    e->raw = Py_NewRef(raw);
    e->seg = Py_NewRef(seg);
    if (was_raw == NULL) {
        t->used++;
    }
    Py_XDECREF(was_raw);
    Py_XDECREF(was_seg);
    return 0;
}

/* Every entry dropped (the entries are detached first: a str's or segment's deallocation
 * runs no Python code, but a table seen half cleared would still be wrong). */
static void
clear_entries(LineTable *t)
{
    LineEntry *old = t->entries;
    Py_ssize_t old_size = t->size;
    t->entries = NULL;
    t->size = t->used = 0;
    for (Py_ssize_t k = 0; k < old_size; k++) {
        Py_XDECREF(old[k].raw);
        Py_XDECREF(old[k].seg);
    }
    PyMem_Free(old);
}

/* update(lines): each raw line -> segment of the dict `lines` put in the table. */
static PyObject *
known_update(LineTable *self, PyObject *lines)
{
    if (!PyDict_Check(lines)) {
        PyErr_SetString(PyExc_TypeError, "LineTable.update(lines): lines a dict");
        return NULL;
    }
    /* Grown once to hold them all at most half full, not doubled line by line. */
    Py_ssize_t size = self->size == 0 ? KNOWN_MIN_SIZE : self->size;
    while (size < (self->used + PyDict_GET_SIZE(lines)) * 2) {
        size *= 2;
    }
    if (size != self->size && resize(self, size) < 0) {
        return NULL;
    }
    Py_ssize_t pos = 0;
    PyObject *raw, *seg;
    while (PyDict_Next(lines, &pos, &raw, &seg)) {
        if (put(self, raw, seg) < 0) {
            return NULL;
        }
    }
    Py_RETURN_NONE;
}

static PyObject *
known_clear(LineTable *self, PyObject *Py_UNUSED(ignored))
{
    clear_entries(self);
    Py_RETURN_NONE;
}

/* get(raw): the segment held for the str `raw`, or None (for tests: text_segments reads
 * the table in place). */
static PyObject *
known_get(LineTable *self, PyObject *raw)
{
    if (!PyUnicode_Check(raw)) {
        PyErr_SetString(PyExc_TypeError, "LineTable.get(raw): raw a str");
        return NULL;
    }
    PyObject *seg = ctext_known_find((PyObject *)self, raw, 0, PyUnicode_GET_LENGTH(raw));
    return Py_NewRef(seg != NULL ? seg : Py_None);
}

/* items(): the (raw, segment) pairs held, in no order (for tests and inspection). */
static PyObject *
known_items(LineTable *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *out = PyList_New(0);
    for (Py_ssize_t k = 0; out != NULL && k < self->size; k++) {
        LineEntry *e = &self->entries[k];
        if (e->raw == NULL) {
            continue;
        }
        PyObject *pair = PyTuple_Pack(2, e->raw, e->seg);
        if (pair == NULL || PyList_Append(out, pair) < 0) {
            Py_CLEAR(out);
        }
        Py_XDECREF(pair);
    }
    return out;
}

static Py_ssize_t
known_len(LineTable *self)
{
    return self->used;
}

static int
known_contains(LineTable *self, PyObject *raw)
{
    if (!PyUnicode_Check(raw)) {
        return 0;
    }
    return ctext_known_find((PyObject *)self, raw, 0, PyUnicode_GET_LENGTH(raw)) != NULL;
}

static PyObject *
known_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    if (PyTuple_GET_SIZE(args) != 0 || (kwds != NULL && PyDict_GET_SIZE(kwds) != 0)) {
        PyErr_SetString(PyExc_TypeError, "LineTable() takes no arguments");
        return NULL;
    }
    LineTable *self = (LineTable *)type->tp_alloc(type, 0);
    if (self != NULL) {
        self->entries = NULL;
        self->size = self->used = 0;
    }
    return (PyObject *)self;
}

static void
known_dealloc(LineTable *self)
{
    clear_entries(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef known_methods[] = {
    {"update", (PyCFunction)known_update, METH_O, "update(lines): keep these raw lines' segments."},
    {"clear", (PyCFunction)known_clear, METH_NOARGS, "clear(): drop every line."},
    {"get", (PyCFunction)known_get, METH_O, "get(raw): the segment held for raw, or None."},
    {"items", (PyCFunction)known_items, METH_NOARGS, "items(): the (raw, segment) pairs held."},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods known_as_sequence = {
    .sq_length = (lenfunc)known_len,
    .sq_contains = (objobjproc)known_contains,
};

PyTypeObject LineTableType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "cleaner._ctext.LineTable",
    .tp_doc = PyDoc_STR("LineTable(): KnownLines' raw lines and segments, found in place."),
    .tp_basicsize = sizeof(LineTable),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = known_new,
    .tp_dealloc = (destructor)known_dealloc,
    .tp_methods = known_methods,
    .tp_as_sequence = &known_as_sequence,
};

int
ctext_known_init(PyObject *module)
{
    if (PyType_Ready(&LineTableType) < 0) {
        return -1;
    }
    Py_INCREF(&LineTableType);
    if (PyModule_AddObject(module, "LineTable", (PyObject *)&LineTableType) < 0) {
        Py_DECREF(&LineTableType);
        return -1;
    }
    return 0;
}
