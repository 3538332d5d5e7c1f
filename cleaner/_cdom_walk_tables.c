/* cleaner._cdom: the compiled HTML walk's constant tables (walk_tables, made once: a
 * capsule), the Segments it makes, and walk_normalized, the tests' entry to its collapse.
 * See _cdom_walk.c. */
#include "_cdom_walk.h"

#include <stdlib.h>

/* ---- the tables -------------------------------------------------------------------- */

static const char TABLES_NAME[] = "cleaner._cdom.walk_tables";

const WalkTables *
walk_tables_of(PyObject *capsule)
{
    return PyCapsule_GetPointer(capsule, TABLES_NAME);
}

static void
tables_free(PyObject *capsule)
{
    WalkTables *t = PyCapsule_GetPointer(capsule, TABLES_NAME);
    if (t == NULL) {
        return;
    }
    for (size_t i = 0; i < t->n_roles; i++) {
        Py_XDECREF(t->roles[i].name);
        Py_XDECREF(t->roles[i].chrome);
    }
    free(t->roles);
    Py_XDECREF(t->name_flags);
    Py_XDECREF(t->tag_chrome);
    Py_XDECREF(t->italic_caption);
    Py_XDECREF(t->hidden_search);
    Py_XDECREF(t->italic_search);
    Py_XDECREF(t->normalize_line);
    Py_XDECREF(t->segment_type);
    for (int i = 0; i < SEGMENT_FIELDS; i++) {
        Py_XDECREF(t->segment_slots[i]);
    }
    Py_XDECREF(t->refuse);
    Py_XDECREF(t->empty);
    Py_XDECREF(t->is_nfc);
    free(t);
}

static int
long_item(PyObject *tuple, Py_ssize_t i, long *out)
{
    *out = PyLong_AsLong(PyTuple_GET_ITEM(tuple, i));
    return *out == -1 && PyErr_Occurred() ? -1 : 0;
}

/* roles: {tag_id: (flags, name)}; tag_chrome: {name: Chrome}. */
static int
tables_roles(WalkTables *t, PyObject *roles)
{
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    size_t top = 0;
    while (PyDict_Next(roles, &pos, &key, &value)) {
        size_t id = PyLong_AsSize_t(key);
        if (id == (size_t)-1 && PyErr_Occurred()) {
            return -1;
        }
        if (id >= WALK_MAX_TAG_ID) {
            continue; /* answered as an unknown name: the same flags, a little slower */
        }
        top = id + 1 > top ? id + 1 : top;
    }
    t->roles = calloc(top > 0 ? top : 1, sizeof(WalkRole));
    if (t->roles == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    t->n_roles = top;
    for (size_t i = 0; i < top; i++) {
        t->roles[i].flags = -1;
    }
    pos = 0;
    while (PyDict_Next(roles, &pos, &key, &value)) {
        size_t id = PyLong_AsSize_t(key);
        long flags;
        if (id >= WALK_MAX_TAG_ID) {
            continue;
        }
        if (!PyTuple_Check(value) || PyTuple_GET_SIZE(value) != 2 ||
            !PyUnicode_Check(PyTuple_GET_ITEM(value, 1))) {
            PyErr_SetString(PyExc_TypeError, "walk_tables: roles are (flags, name)");
            return -1;
        }
        if (long_item(value, 0, &flags) < 0) {
            return -1;
        }
        WalkRole *role = &t->roles[id];
        role->flags = flags;
        role->name = Py_NewRef(PyTuple_GET_ITEM(value, 1));
        PyObject *chrome = PyDict_GetItemWithError(t->tag_chrome, role->name);
        if (chrome == NULL && PyErr_Occurred()) {
            return -1;
        }
        role->chrome = Py_XNewRef(chrome);
    }
    return 0;
}

/* The bits of every BMP code point (white space, normalize.FINISH_CHANGES, surrogates),
 * and the changes over U+FFFF in a list. */
static int
tables_changes(WalkTables *t, PyObject *changes)
{
    for (Py_UCS4 c = 0; c < 0x10000; c++) {
        t->bmp[c] = (Py_UNICODE_ISSPACE(c) ? CHAR_SPACE : 0) |
                    (c >= 0xD800 && c <= 0xDFFF ? CHAR_CHANGES : 0);
    }
    for (Py_ssize_t i = 0, n = PyUnicode_GET_LENGTH(changes); i < n; i++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(changes, i);
        if (c < 0x10000) {
            t->bmp[c] |= CHAR_CHANGES;
        }
        else if (t->n_changes_astral < WALK_MAX_CHANGES) {
            t->changes_astral[t->n_changes_astral++] = c;
        }
        else {
            PyErr_SetString(PyExc_ValueError, "walk_tables: too many finish_changes");
            return -1;
        }
    }
    return 0;
}

/* (Segment, each field's member descriptor in the field order): a Segment is made as
 * object.__new__(Segment) with each slot set through its descriptor, as the Python's
 * model.make_segment sets them (no __init__ of Segment's runs in either). */
static int
tables_segment(WalkTables *t, PyObject *slots)
{
    if (!PyTuple_Check(slots) || PyTuple_GET_SIZE(slots) != SEGMENT_FIELDS + 1 ||
        !PyType_Check(PyTuple_GET_ITEM(slots, 0))) {
        PyErr_SetString(PyExc_TypeError, "walk_tables: segment_slots is (type, 11 slots)");
        return -1;
    }
    t->segment_type = Py_NewRef(PyTuple_GET_ITEM(slots, 0));
    for (int i = 0; i < SEGMENT_FIELDS; i++) {
        PyObject *slot = PyTuple_GET_ITEM(slots, i + 1);
        if (Py_TYPE(slot)->tp_descr_set == NULL) {
            PyErr_SetString(PyExc_TypeError, "walk_tables: a Segment slot cannot be set");
            return -1;
        }
        t->segment_slots[i] = Py_NewRef(slot);
    }
    return 0;
}

/* A new Segment of the field values (borrowed), or NULL with an error set. */
PyObject *
walk_segment(const WalkTables *t, PyObject *const *values)
{
    PyTypeObject *type = (PyTypeObject *)t->segment_type;
    PyObject *made = type->tp_alloc(type, 0);
    for (int i = 0; made != NULL && i < SEGMENT_FIELDS; i++) {
        PyObject *slot = t->segment_slots[i];
        if (Py_TYPE(slot)->tp_descr_set(slot, made, values[i]) < 0) {
            Py_CLEAR(made);
        }
    }
    return made;
}

/* normalize.NFC_STABLE_RANGES: ((first, last), ...) of BMP code points. */
static int
tables_stable(WalkTables *t, PyObject *ranges)
{
    PyObject *seq = PySequence_Fast(ranges, "walk_tables: nfc_stable_ranges is a sequence");
    if (seq == NULL) {
        return -1;
    }
    int status = 0;
    for (Py_ssize_t i = 0; status == 0 && i < PySequence_Fast_GET_SIZE(seq); i++) {
        PyObject *pair = PySequence_Fast_GET_ITEM(seq, i);
        long first, last;
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 ||
            long_item(pair, 0, &first) < 0 || long_item(pair, 1, &last) < 0 || first < 0 ||
            last > 0xFFFF || first > last) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_ValueError, "walk_tables: ranges are (first, last)");
            }
            status = -1;
            break;
        }
        for (long c = first; c <= last; c++) {
            t->bmp[c] |= CHAR_NFC_STABLE;
        }
    }
    Py_DECREF(seq);
    return status;
}

PyObject *
cdom_walk_tables(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 14 || !PyDict_Check(args[0]) || !PyDict_Check(args[2]) ||
        !PyUnicode_Check(args[12]) ||
        !PyTuple_Check(args[9]) || PyTuple_GET_SIZE(args[9]) != 10 ||
        !PyTuple_Check(args[10]) || PyTuple_GET_SIZE(args[10]) != 4) {
        PyErr_SetString(PyExc_TypeError,
                        "walk_tables(roles, name_flags, tag_chrome, italic_caption, "
                        "hidden_search, italic_search, normalize_line, segment_slots, refuse, "
                        "flags[10], (tail_lines, max_blocks, caption_max_chars, style_share), "
                        "is_nfc, finish_changes, nfc_stable_ranges)");
        return NULL;
    }
    WalkTables *t = calloc(1, sizeof(WalkTables));
    if (t == NULL) {
        return PyErr_NoMemory();
    }
    PyObject *capsule = PyCapsule_New(t, TABLES_NAME, tables_free);
    if (capsule == NULL) {
        free(t);
        return NULL;
    }
    t->name_flags = Py_NewRef(args[1]);
    t->tag_chrome = Py_NewRef(args[2]);
    t->italic_caption = Py_NewRef(args[3]);
    t->hidden_search = Py_NewRef(args[4]);
    t->italic_search = Py_NewRef(args[5]);
    t->normalize_line = Py_NewRef(args[6]);
    if (tables_segment(t, args[7]) < 0) {
        goto failed;
    }
    t->refuse = Py_NewRef(args[8]);
    t->empty = PyUnicode_New(0, 0);
    t->is_nfc = Py_NewRef(args[11]);
    if (tables_changes(t, args[12]) < 0 || tables_stable(t, args[13]) < 0) {
        goto failed;
    }
    long *bits[10] = {&t->f_text,  &t->f_skip,  &t->f_block, &t->f_link,    &t->f_bold,
                      &t->f_italic, &t->f_break, &t->f_image, &t->f_wrapper, &t->f_holder};
    long numbers[3];
    for (Py_ssize_t i = 0; i < 10; i++) {
        if (long_item(args[9], i, bits[i]) < 0) {
            goto failed;
        }
    }
    for (Py_ssize_t i = 0; i < 3; i++) {
        if (long_item(args[10], i, &numbers[i]) < 0) {
            goto failed;
        }
    }
    t->tail_lines = numbers[0];
    t->max_blocks = numbers[1];
    t->caption_max_chars = numbers[2];
    t->style_share = PyFloat_AsDouble(PyTuple_GET_ITEM(args[10], 3));
    if ((t->style_share == -1.0 && PyErr_Occurred()) || t->empty == NULL ||
        tables_roles(t, args[0]) < 0) {
        goto failed;
    }
    return capsule;
failed:
    Py_DECREF(capsule);
    return NULL;
}

/* walk_normalized(tables, text): the compiled collapse of a line (_cdom_lines.c), or None
 * where normalize_line is asked instead; what the tests compare with normalize_line. */
PyObject *
cdom_walk_normalized(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2 || !PyCapsule_CheckExact(args[0]) || !PyUnicode_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "walk_normalized(tables, text)");
        return NULL;
    }
    const WalkTables *t = PyCapsule_GetPointer(args[0], TABLES_NAME);
    if (t == NULL) {
        return NULL;
    }
    Py_ssize_t n = 0;
    const char *utf8 = PyUnicode_AsUTF8AndSize(args[1], &n);
    if (utf8 == NULL) { /* a surrogate: the walk never meets one (Lexbor's text is bytes) */
        if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) {
            return NULL;
        }
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    char *out = malloc((size_t)n + 1);
    if (out == NULL) {
        return PyErr_NoMemory();
    }
    PyObject *text = walk_collapse(t, (const cdom_char *)utf8, (size_t)n, out);
    free(out);
    return text != NULL || PyErr_Occurred() ? text : Py_NewRef(Py_None);
}

