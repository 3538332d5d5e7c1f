/* cleaner._ctext: the text front end's lines made into segments, in one pass.
 *
 * text_segments(text, table, plan) is what segment_text.segment_text_python does after
 * normalize_breaks and the MAX_TEXT_LINES count, which stay in Python:
 *
 *   table None: [make_segment(collapse_spaces(raw)) for raw in text.split("\n")], blank
 *               lines left out; returned as (segments, None).
 *   table dict (or a LineTable holding what KnownLines' dict holds: _ctext_known.c,
 *              each line looked up where it stands in `text`, its str made only where
 *              the table lacks it):
 *               KnownLines.segments(list(filter(None, text.split("\n")))) without the
 *               table's update: each raw line's segment from the table where it holds one,
 *               else made as above (blank lines left out); returned as (segments, new),
 *               new the lines the table lacked (raw line -> its segment, the last made of
 *               a raw line that occurs twice, in first-seen order), which the caller adds
 *               (KnownLines._add), as KnownLines.segments does.
 *
 * plan is segment_text._PLAN: (Segment, its slots' member descriptors in field order, the
 * fields' defaults, normalize.collapse_spaces). A segment is made as model.make_segment
 * makes it (no Segment.__init__ in either): the type's tp_alloc, then each field set
 * through its descriptor, the text first, the others to their defaults.
 *
 * collapse_spaces(raw) is raw.strip() where that is printable with no two spaces in a
 * row (most lines: the only white space a printable text holds is " "), else
 * " ".join(raw.split()); the C does the first itself (str.strip's Py_UNICODE_ISSPACE and
 * str.isprintable's Py_UNICODE_ISPRINTABLE) and calls collapse_spaces for the rest.
 * tests/test_native_lines.py holds it to segment_text_python.
 */
#include "_ctext.h"

typedef struct {
    PyTypeObject *type; /* Segment */
    PyObject *slots;    /* tuple: each field's member descriptor, "text" first */
    PyObject *defaults; /* tuple: each field's default (item 0 not read) */
    PyObject *collapse; /* normalize.collapse_spaces */
} LinePlan;

static int
plan_read(PyObject *plan, LinePlan *p)
{
    if (!PyTuple_Check(plan) || PyTuple_GET_SIZE(plan) != 4 ||
        !PyType_Check(PyTuple_GET_ITEM(plan, 0)) || !PyTuple_Check(PyTuple_GET_ITEM(plan, 1)) ||
        !PyTuple_Check(PyTuple_GET_ITEM(plan, 2)) ||
        PyTuple_GET_SIZE(PyTuple_GET_ITEM(plan, 1)) < 1 ||
        PyTuple_GET_SIZE(PyTuple_GET_ITEM(plan, 1)) !=
            PyTuple_GET_SIZE(PyTuple_GET_ITEM(plan, 2)) ||
        !PyCallable_Check(PyTuple_GET_ITEM(plan, 3))) {
        PyErr_SetString(PyExc_TypeError,
                        "text_segments: plan is (type, slots, defaults, collapse)");
        return -1;
    }
    p->type = (PyTypeObject *)PyTuple_GET_ITEM(plan, 0);
    p->slots = PyTuple_GET_ITEM(plan, 1);
    p->defaults = PyTuple_GET_ITEM(plan, 2);
    p->collapse = PyTuple_GET_ITEM(plan, 3);
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(p->slots); i++) {
        if (Py_TYPE(PyTuple_GET_ITEM(p->slots, i))->tp_descr_set == NULL) {
            PyErr_SetString(PyExc_TypeError, "text_segments: a slot is no descriptor");
            return -1;
        }
    }
    return 0;
}

/* make_segment(line): a new reference, or NULL with an exception set.
 *
 * Where every field holds an object the garbage collector does not track (a text line's
 * segment: str, int, float, bool and None), the segment is untracked too: it is frozen, so
 * it can never reach a tracked object, nor be part of a cycle. Untracked, it is not walked
 * by each young collection while it lives (a Cleaner's KnownLines keeps every new line's
 * segment). make_segment's segments stay tracked; the collector may untrack only tuples and
 * dicts itself. */
static PyObject *
plan_make(const LinePlan *p, PyObject *line)
{
    PyObject *made = p->type->tp_alloc(p->type, 0);
    int atomic = 1;
    for (Py_ssize_t i = 0; made != NULL && i < PyTuple_GET_SIZE(p->slots); i++) {
        PyObject *slot = PyTuple_GET_ITEM(p->slots, i);
        PyObject *value = i == 0 ? line : PyTuple_GET_ITEM(p->defaults, i);
        atomic = atomic && !PyObject_GC_IsTracked(value);
        if (Py_TYPE(slot)->tp_descr_set(slot, made, value) < 0) {
            Py_CLEAR(made);
        }
    }
    return atomic ? ctext_untracked(made) : made;
}

/* str.isprintable of one code point: printable ASCII, Latin-1's letters and signs but the
 * soft hyphen, Latin Extended A and B, IPA, the combining marks and Vietnamese's letters
 * (U+1E00-U+1EFF) without asking the Unicode table (tests/test_native_lines.py checks
 * each against str.isprintable); the table for the rest. */
static inline int
printable(Py_UCS4 c)
{
    if (c >= 0x20 && c < 0x7F) {
        return 1;
    }
    if ((c >= 0xA1 && c <= 0x377 && c != 0xAD) || (c >= 0x1E00 && c <= 0x1EFF)) {
        return 1;
    }
    return Py_UNICODE_ISPRINTABLE(c);
}

/* Whether data[lo:hi] (of `kind`) is printable with no two spaces in a row: one loop a
 * width, as a character is read without PyUnicode_READ's test of the kind. */
#define SIMPLE_LOOP(T)                                                                     \
    do {                                                                                   \
        const T *chars = (const T *)data;                                                  \
        Py_UCS4 before = 0;                                                                \
        for (Py_ssize_t i = lo; i < hi; i++) {                                             \
            Py_UCS4 c = chars[i];                                                          \
            if (!printable(c) || (c == ' ' && before == ' ')) {                            \
                return 0;                                                                  \
            }                                                                              \
            before = c;                                                                    \
        }                                                                                  \
    } while (0)

/* A first pass without branches a character: 1 where every character is in a range
 * `printable` knows without the table and no two spaces are in a row (most lines). */
#define KNOWN_LOOP(T)                                                                      \
    do {                                                                                   \
        const T *chars = (const T *)data;                                                  \
        unsigned odd = 0, before = 0;                                                      \
        for (Py_ssize_t i = lo; i < hi; i++) {                                             \
            unsigned c = chars[i];                                                         \
            unsigned known = (c - 0x20u < 0x5Fu) | ((c - 0xA1u < 0x2D7u) & (c != 0xADu)) | \
                             (c - 0x1E00u < 0x100u);                                       \
            odd |= (known ^ 1u) | ((c == 0x20u) & (before == 0x20u));                      \
            before = c;                                                                    \
        }                                                                                  \
        if (odd == 0) {                                                                    \
            return 1;                                                                      \
        }                                                                                  \
    } while (0)

static int
simple(int kind, const void *data, Py_ssize_t lo, Py_ssize_t hi)
{
    if (kind == PyUnicode_1BYTE_KIND) {
        KNOWN_LOOP(Py_UCS1);
        SIMPLE_LOOP(Py_UCS1);
    }
    else if (kind == PyUnicode_2BYTE_KIND) {
        KNOWN_LOOP(Py_UCS2);
        SIMPLE_LOOP(Py_UCS2);
    }
    else {
        SIMPLE_LOOP(Py_UCS4);
    }
    return 1;
}

/* collapse_spaces of text[start:stop] (`raw`, that substring, where the caller made it,
 * else NULL): a new reference; Py_None (a new reference) for a blank line; NULL with an
 * exception set. */
static PyObject *
collapse(const LinePlan *p, PyObject *text, Py_ssize_t start, Py_ssize_t stop, PyObject *raw)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t lo = start, hi = stop;
    while (lo < hi && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, lo))) {
        lo++;
    }
    while (hi > lo && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, hi - 1))) {
        hi--;
    }
    if (lo == hi) {
        Py_RETURN_NONE;
    }
    if (!simple(kind, data, lo, hi)) {
        /* Not the simple case: collapse_spaces itself (" ".join(raw.split())). */
        PyObject *whole = raw != NULL ? Py_NewRef(raw) : PyUnicode_Substring(text, start, stop);
        if (whole == NULL) {
            return NULL;
        }
        PyObject *line = PyObject_CallOneArg(p->collapse, whole);
        Py_DECREF(whole);
        if (line != NULL && !PyUnicode_Check(line)) {
            PyErr_SetString(PyExc_TypeError, "text_segments: collapse gave no str");
            Py_CLEAR(line);
        }
        if (line != NULL && PyUnicode_GET_LENGTH(line) == 0) {
            Py_SETREF(line, Py_NewRef(Py_None));
        }
        return line;
    }
    if (raw != NULL && lo == start && hi == stop) {
        return Py_NewRef(raw); /* str.strip() gives the str itself when nothing goes */
    }
    return PyUnicode_Substring(text, lo, hi);
}

/* One non-empty raw line text[start:stop] into `out` (and `new`). 0, or -1 with an
 * exception set. */
static int
one_line(const LinePlan *p, PyObject *text, Py_ssize_t start, Py_ssize_t stop, PyObject *table,
         PyObject *new, PyObject *out)
{
    PyObject *raw = NULL;   /* the line's str, once made */
    PyObject *known = NULL; /* the table's segment for it (borrowed) */
    if (table != NULL && Py_IS_TYPE(table, &LineTableType)) {
        known = ctext_known_find(table, text, start, stop); /* found in place */
    }
    else if (table != NULL) {
        raw = PyUnicode_Substring(text, start, stop);
        known = raw == NULL ? NULL : PyDict_GetItemWithError(table, raw);
        if (known == NULL && PyErr_Occurred()) {
            Py_XDECREF(raw);
            return -1;
        }
    }
    if (known != NULL) {
        int status = PyList_Append(out, known);
        Py_XDECREF(raw);
        return status;
    }
    if (table != NULL && raw == NULL) { /* not held: its str is the new lines' key */
        raw = PyUnicode_Substring(text, start, stop);
        if (raw == NULL) {
            return -1;
        }
    }
    PyObject *line = collapse(p, text, start, stop, raw);
    int status = line == NULL ? -1 : 0;
    if (line != NULL && line != Py_None) {
        PyObject *made = plan_make(p, line);
        status = made == NULL ? -1 : PyList_Append(out, made);
        if (status == 0 && new != NULL) {
            status = PyDict_SetItem(new, raw, made);
        }
        Py_XDECREF(made);
    }
    Py_XDECREF(line);
    Py_XDECREF(raw);
    return status;
}

PyObject *
ctext_text_segments(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3 || !PyUnicode_Check(args[0]) ||
        (args[1] != Py_None && !PyDict_Check(args[1]) && !Py_IS_TYPE(args[1], &LineTableType))) {
        PyErr_SetString(PyExc_TypeError, "text_segments(text, table or None, plan)");
        return NULL;
    }
    PyObject *text = args[0];
    PyObject *table = args[1] == Py_None ? NULL : args[1];
    LinePlan p;
    if (plan_read(args[2], &p) < 0) {
        return NULL;
    }
    PyObject *out = PyList_New(0);
    PyObject *new = table != NULL ? PyDict_New() : Py_NewRef(Py_None);
    if (out == NULL || new == NULL) {
        Py_XDECREF(out);
        Py_XDECREF(new);
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t start = 0;
    int status = 0;
    while (status == 0 && start < n) {
        Py_ssize_t stop = PyUnicode_FindChar(text, '\n', start, n, 1);
        if (stop == -2) {
            status = -1;
            break;
        }
        stop = stop < 0 ? n : stop;
        if (stop > start) {
            status = one_line(&p, text, start, stop, table, table != NULL ? new : NULL, out);
        }
        start = stop + 1;
    }
    if (status < 0) {
        Py_DECREF(out);
        Py_DECREF(new);
        return NULL;
    }
    PyObject *pair = PyTuple_Pack(2, out, new);
    Py_DECREF(out);
    Py_DECREF(new);
    return pair;
}
