/* cleaner._cdom: what the compiled HTML walk reads of a page's nodes: the nodes the page
 * marks (containers, keep, anchors, strip, title, overruled), a node's role (flags, name,
 * tag chrome) and its attributes. See _cdom_walk.c. */
#include "_cdom_walk.h"

#include <stdlib.h>
#include <string.h>

/* ---- the page's marked nodes: an open-addressing table by node pointer --------------- */

static size_t
mark_slot(const Marks *m, void *node)
{
    size_t h = ((uintptr_t)node >> 4) * (size_t)0x9E3779B97F4A7C15ull;
    return (h >> 7) & (m->size - 1);
}

static Mark *
mark_find(const Marks *m, void *node)
{
    for (size_t i = mark_slot(m, node);; i = (i + 1) & (m->size - 1)) {
        Mark *slot = &m->slots[i];
        if (slot->node == node || slot->node == NULL) {
            return slot;
        }
    }
}

unsigned
walk_marks_of(const Marks *m, void *node, PyObject **strip)
{
    Mark *slot = mark_find(m, node);
    *strip = slot->strip;
    return slot->node == NULL ? 0 : slot->bits;
}

static int
marks_add(Marks *m, PyObject *mem_id, unsigned bit, PyObject *strip)
{
    void *node = PyLong_AsVoidPtr(mem_id);
    if (node == NULL) {
        if (!PyErr_Occurred()) {
            return 0; /* mem_id 0 is no node: never met */
        }
        return -1;
    }
    Mark *slot = mark_find(m, node);
    slot->node = node;
    slot->bits |= bit;
    if (strip != NULL && slot->strip == NULL) {
        slot->strip = strip; /* borrowed: strip_ids outlives the walk */
    }
    return 0;
}

static int
marks_add_all(Marks *m, PyObject *ids, unsigned bit)
{
    PyObject *it = PyObject_GetIter(ids);
    if (it == NULL) {
        return -1;
    }
    PyObject *item;
    while ((item = PyIter_Next(it)) != NULL) {
        int status = marks_add(m, item, bit, NULL);
        Py_DECREF(item);
        if (status < 0) {
            Py_DECREF(it);
            return -1;
        }
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : 0;
}

int
walk_marks_make(Marks *m, PyObject *const *args)
{
    /* args: walk()'s: container_ids, keep_ids, anchors, strip_ids, title_id at 1..5,
     * overruled at 8 */
    Py_ssize_t n = 1;
    for (int i = 1; i <= 8; i++) {
        if (i == 5 || i == 6 || i == 7) {
            continue;
        }
        Py_ssize_t size = PyObject_Size(args[i]);
        if (size < 0) {
            return -1;
        }
        n += size;
    }
    m->size = 16;
    while (m->size < (size_t)n * 2 + 2) {
        m->size *= 2;
    }
    m->slots = calloc(m->size, sizeof(Mark));
    if (m->slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    if (marks_add_all(m, args[1], MARK_CONTAINER) < 0 || marks_add_all(m, args[2], MARK_KEEP) < 0 ||
        marks_add_all(m, args[3], MARK_ANCHOR) < 0 ||
        marks_add_all(m, args[8], MARK_OVERRULED) < 0) {
        return -1;
    }
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(args[4], &pos, &key, &value)) {
        if (marks_add(m, key, MARK_STRIP, value) < 0) {
            return -1;
        }
    }
    return args[5] == Py_None ? 0 : marks_add(m, args[5], MARK_TITLE, NULL);
}

/* ---- a node's role ----------------------------------------------------------------- */

/* The flags, name and tag chrome of a node (borrowed), for an id the table lacks: its
 * name as selectolax's LexborNode.tag gives it, its flags from name_flags(name). */
static int
role_unknown(Walk *w, void *node, WalkRole *out)
{
    const CdomLexbor *lx = w->lx;
    int type = lx->type(node);
    PyObject *name;
    if (type == CDOM_ELEMENT) {
        size_t len = 0;
        const cdom_char *data = lx->qualified_name(node, &len);
        name = data != NULL ? cdom_decode(data, len) : PyUnicode_New(0, 0);
    }
    else {
        /* selectolax's names of the ids of text, comment, doctype and document nodes;
         * None for any other node that is no element */
        name = PyUnicode_FromString(type == CDOM_TEXT      ? "-text"
                                    : type == CDOM_COMMENT ? "-comment"
                                    : type == CDOM_DOCTYPE ? "-doctype"
                                    : type == CDOM_DOCUMENT ? "-document"
                                                            : "");
    }
    if (name == NULL) {
        return -1;
    }
    PyObject *known = PyDict_GetItemWithError(w->unknown, name); /* (flags, name) */
    if (known == NULL) {
        if (PyErr_Occurred()) {
            goto failed;
        }
        PyObject *flags = PyObject_CallOneArg(w->t->name_flags, name);
        known = flags != NULL ? PyTuple_Pack(2, flags, name) : NULL;
        Py_XDECREF(flags);
        if (known == NULL || PyDict_SetItem(w->unknown, name, known) < 0) {
            Py_XDECREF(known);
            goto failed;
        }
        Py_DECREF(known); /* the dict holds it */
    }
    Py_DECREF(name);
    out->name = PyTuple_GET_ITEM(known, 1);
    out->flags = PyLong_AsLong(PyTuple_GET_ITEM(known, 0));
    if (out->flags == -1 && PyErr_Occurred()) {
        return -1;
    }
    out->chrome = PyDict_GetItemWithError(w->t->tag_chrome, out->name);
    return out->chrome == NULL && PyErr_Occurred() ? -1 : 0;
failed:
    Py_DECREF(name);
    return -1;
}

int
walk_role_of(Walk *w, void *node, WalkRole *out)
{
    uintptr_t id = w->lx->tag_id(node);
    if (id < w->t->n_roles && w->t->roles[id].flags >= 0) {
        *out = w->t->roles[id];
        return 0;
    }
    return role_unknown(w, node, out);
}

/* ---- attributes -------------------------------------------------------------------- */

/* An attribute's value as a str, or NULL (no error) where it is absent or empty. */
PyObject *
walk_attr_text(Walk *w, void *element, const cdom_char *name, size_t name_len,
               bool *failed)
{
    size_t len = 0;
    const cdom_char *value = w->lx->get_attribute(element, name, name_len, &len);
    if (value == NULL || len == 0) {
        return NULL;
    }
    PyObject *text = cdom_decode(value, len);
    *failed = text == NULL;
    return text;
}

PyObject *
walk_named(Walk *w, void *node)
{
    if (w->lx->type(node) != CDOM_ELEMENT || w->lx->first_attribute(node) == NULL) {
        return Py_NewRef(w->t->empty);
    }
    /* The class and id Lexbor keeps apart (what get_attribute finds by those names). */
    size_t cls_len = 0, id_len = 0;
    const cdom_char *cls = w->lx->class_(node, &cls_len);
    const cdom_char *ident = w->lx->id(node, &id_len);
    cls_len = cls != NULL ? cls_len : 0;
    id_len = ident != NULL ? id_len : 0;
    if (cls_len > 0 && id_len > 0) { /* f"{cls} {ident}": a space ends any bad sequence */
        PyObject *a = cdom_decode(cls, cls_len);
        PyObject *b = a != NULL ? cdom_decode(ident, id_len) : NULL;
        PyObject *named = b != NULL ? PyUnicode_FromFormat("%U %U", a, b) : NULL;
        Py_XDECREF(a);
        Py_XDECREF(b);
        return named;
    }
    if (cls_len > 0) {
        return cdom_decode(cls, cls_len);
    }
    if (id_len > 0) {
        return cdom_decode(ident, id_len);
    }
    return Py_NewRef(w->t->empty);
}

/* Whether a style attribute's text matches search (a compiled pattern's search). */
int
walk_style_matches(PyObject *search, PyObject *style)
{
    PyObject *found = PyObject_CallOneArg(search, style);
    if (found == NULL) {
        return -1;
    }
    int hit = found != Py_None;
    Py_DECREF(found);
    return hit;
}

