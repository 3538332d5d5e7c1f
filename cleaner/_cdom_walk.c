/* cleaner._cdom: the HTML walk (segment_html._walk_python with lines.Lines), compiled.
 *
 *   walk_tables(roles, name_flags, tag_chrome, italic_caption, hidden_search,
 *               italic_search, normalize_line, segment_slots, refuse, flags, numbers,
 *               is_nfc, finish_changes, nfc_stable_ranges)
 *       the walk's constant tables, made once (a capsule): html_tags.tag_table() as an
 *       array by tag id, the flag bits, the Python callables the walk asks, the limits
 *   walk(body, container_ids, keep_ids, anchors, strip_ids, title_id, category,
 *        has_container, overruled, tables)
 *       the page's segments, exactly as segment_html._walk_python gives them
 *
 * The tree is walked here, each line's text gathered as Lexbor's bytes and its figures
 * counted here; Python is asked only for what it defines and this file does not repeat:
 * a line's normalisation (normalize_line, where walk_collapse does not apply), a class/id string's
 * chrome category (ChromeTable.category), the style regexes (where a style attribute is
 * there), the flags of a tag name html_tags.tag_table() lacks (name_flags), and the error
 * for too many lines (refuse). The line assembly is _cdom_lines.c (_cdom_walk.h).
 *
 * No recursion: one frame per open element, on a stack that grows on the heap.
 */
#include "_cdom_walk.h"

#include <stdlib.h>
#include <string.h>

/* ---- the tables -------------------------------------------------------------------- */

static const char TABLES_NAME[] = "cleaner._cdom.walk_tables";

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
                PyErr_SetString(PyExc_ValueError, "walk_tables: a range is (first, last) <= U+FFFF");
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

static unsigned
marks_of(const Marks *m, void *node, PyObject **strip)
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

static int
marks_make(Marks *m, PyObject *const *args)
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
        name = PyUnicode_FromString(type == CDOM_DOCTYPE ? "-doctype" : "");
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

static int
role_of(Walk *w, void *node, WalkRole *out)
{
    uintptr_t id = w->lx->tag_id(node);
    if (id < w->t->n_roles && w->t->roles[id].flags >= 0) {
        *out = w->t->roles[id];
        return 0;
    }
    return role_unknown(w, node, out);
}

/* ---- attributes -------------------------------------------------------------------- */

#define ATTR(name) (const cdom_char *)(name), sizeof(name) - 1

/* An attribute's value as a str, or NULL (no error) where it is absent or empty. */
static PyObject *
attr_text(Walk *w, void *element, const cdom_char *name, size_t name_len, bool *failed)
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
static int
style_matches(PyObject *search, PyObject *style)
{
    PyObject *found = PyObject_CallOneArg(search, style);
    if (found == NULL) {
        return -1;
    }
    int hit = found != Py_None;
    Py_DECREF(found);
    return hit;
}

/* ---- the walk ---------------------------------------------------------------------- */

static int
frames_push(Walk *w, void *next, const WalkCtx *ctx, unsigned leave)
{
    if (w->n_frames == w->cap_frames) {
        size_t cap = w->cap_frames ? w->cap_frames * 2 : 64;
        WalkFrame *grown = realloc(w->frames, cap * sizeof(WalkFrame));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        w->frames = grown, w->cap_frames = cap;
    }
    WalkFrame *f = &w->frames[w->n_frames++];
    f->next = next;
    f->leave = leave;
    ctx_copy(&f->ctx, ctx);
    return 0;
}

/* The next child a frame reads (blank text skipped in a holder's), with its text where it
 * is a text node that was read to test it (*text, handed back by the caller). */
static void *
frame_next(Walk *w, WalkFrame *f, WalkText *text)
{
    const CdomLexbor *lx = w->lx;
    void *node = f->next;
    text->data = NULL;
    while (node != NULL && f->leave & LEAVE_NO_BLANKS && lx->type(node) == CDOM_TEXT) {
        walk_text_read(w, node, text);
        if (!cdom_blank(text->data, text->len)) {
            break;
        }
        walk_text_free(w, text);
        node = lx->next(node);
    }
    f->next = node == NULL || f->leave & LEAVE_ONLY ? NULL : lx->next(node);
    return node;
}

/* The blank text before a child of a holder, read back where it can matter. */
static int
read_back_blank(Walk *w, void *node, const WalkCtx *ctx)
{
    void *blank = w->lx->prev(node);
    if (blank == NULL || w->lx->type(blank) != CDOM_TEXT) {
        return 0;
    }
    WalkText text;
    walk_text_read(w, blank, &text);
    int status = 0;
    if (cdom_blank(text.data, text.len) && text.len > 0) {
        status = lines_add(w, text.data, text.len, ctx);
    }
    walk_text_free(w, &text);
    return status;
}

/* An element's context (*new) from its parent's (ctx); *outside set where it is a chrome
 * subtree read whole. Returns -1 on error. */
static int
enter(Walk *w, void *node, const WalkRole *role, const WalkCtx *ctx, WalkCtx *new,
      unsigned *leave)
{
    const WalkTables *t = w->t;
    PyObject *strip;
    unsigned marks = marks_of(&w->marks, node, &strip);
    bool block = (role->flags & t->f_block) != 0, failed = false;
    /* (attributes read only where an element has any) */
    bool element = w->lx->type(node) == CDOM_ELEMENT && w->lx->first_attribute(node) != NULL;
    PyObject *named = block ? walk_named(w, node) : Py_NewRef(t->empty);
    if (named == NULL || (block && lines_flush(w) < 0)) {
        Py_XDECREF(named);
        return -1;
    }
    PyObject *style = element ? attr_text(w, node, ATTR("style"), &failed) : NULL;
    bool hidden = ctx->hidden;
    if (!hidden && element) {
        size_t len = 0;
        const cdom_char *aria = w->lx->get_attribute(node, ATTR("aria-hidden"), &len);
        hidden = w->lx->has_attribute(node, ATTR("hidden")) ||
                 (aria != NULL && len == 4 && memcmp(aria, "true", 4) == 0);
    }
    int hit = 0;
    if (!failed && !hidden && style != NULL) {
        hit = style_matches(t->hidden_search, style);
        hidden = hit > 0;
    }
    bool italic = (role->flags & t->f_italic) != 0;
    if (!failed && hit >= 0 && !italic && style != NULL) {
        hit = style_matches(t->italic_search, style);
        italic = hit > 0;
    }
    Py_XDECREF(style);
    if (failed || hit < 0) {
        Py_DECREF(named);
        return -1;
    }
    PyObject *chrome = NULL; /* a new reference where not NULL */
    if (marks & MARK_ANCHOR) {
        chrome = NULL;
    }
    else if (marks & MARK_STRIP) {
        chrome = Py_NewRef(strip);
    }
    else if (role->chrome != NULL) {
        chrome = Py_NewRef(role->chrome);
    }
    else if (block && !(role->flags & t->f_wrapper) && !(marks & MARK_OVERRULED) &&
             PyUnicode_GET_LENGTH(named) > 0) {
        chrome = PyObject_CallOneArg(w->category, named);
        if (chrome == NULL) {
            Py_DECREF(named);
            return -1;
        }
        if (chrome == Py_None) {
            Py_CLEAR(chrome);
        }
    }
    bool in_body = ctx->in_body, pinned = ctx->pinned || (marks & MARK_KEEP);
    bool container = w->has_container && (marks & MARK_CONTAINER);
    if (container || pinned) {
        in_body = true;
        Py_CLEAR(chrome);
    }
    bool is_title = ctx->is_title || (marks & MARK_TITLE);
    if (is_title) {
        Py_CLEAR(chrome);
        hidden = false;
        if ((marks & MARK_TITLE) && w->has_container && w->lines.zone == ZONE_FALSE) {
            if (lines_flush(w) < 0) {
                Py_DECREF(named);
                return -1;
            }
            w->lines.zone = ZONE_NONE;
        }
    }
    new->chrome = ctx->chrome != NULL ? ctx->chrome : chrome;
    new->in_body = in_body;
    new->in_link = ctx->in_link || (role->flags & t->f_link);
    new->block_tag = block ? role->name : ctx->block_tag;
    new->hidden = hidden;
    new->is_title = is_title;
    new->in_bold = ctx->in_bold || (role->flags & t->f_bold);
    new->in_italic = ctx->in_italic || italic;
    new->pinned = pinned;
    new->depth = block ? ctx->depth + 1 : ctx->depth;
    new->classes = block ? named : ctx->classes;
    ctx_hold(new);
    Py_XDECREF(chrome);
    Py_DECREF(named);
    *leave = (block ? LEAVE_BLOCK : 0) | (container ? LEAVE_BODY : 0) |
             (role->flags & t->f_holder ? LEAVE_NO_BLANKS : 0);
    if (new->chrome != NULL && ctx->chrome == NULL && !(marks & MARK_ANCHOR)) {
        /* A chrome subtree inside the article: one block, read whole. */
        int status = lines_flush(w);
        if (status == 0) {
            status = lines_add_outside(w, node, role, new->chrome, new->in_body);
        }
        ctx_release(new);
        return status < 0 ? -1 : 1;
    }
    return 0;
}

/* One child of the frame on top: 1 where it opened a frame of its own. */
static int
visit(Walk *w, void *node, WalkText *text)
{
    const WalkTables *t = w->t;
    WalkFrame *top = &w->frames[w->n_frames - 1];
    const WalkCtx *ctx = &top->ctx;
    WalkRole role;
    if (role_of(w, node, &role) < 0) {
        return -1;
    }
    long flags = role.flags;
    if (top->leave & LEAVE_NO_BLANKS && !(flags & (t->f_block | t->f_break)) &&
        (w->lines.ctx_set || !(flags & t->f_text)) && !ctx->hidden) {
        if (read_back_blank(w, node, ctx) < 0) {
            return -1;
        }
    }
    if (flags & t->f_text) {
        if (ctx->hidden) {
            return 0;
        }
        if (text->data == NULL) {
            walk_text_read(w, node, text);
        }
        return text->len > 0 ? lines_add(w, text->data, text->len, ctx) : 0;
    }
    if (flags & (t->f_skip | t->f_break | t->f_image)) {
        if (flags & t->f_break) {
            return lines_flush(w);
        }
        if (flags & t->f_image) {
            w->lines.image_pending = true;
        }
        return 0;
    }
    if (!ctx->in_body && lines_outside(&w->lines)) {
        PyObject *strip;
        if (!(marks_of(&w->marks, node, &strip) & MARK_ANCHOR)) {
            if (lines_flush(w) < 0) {
                return -1;
            }
            return lines_add_outside(w, node, &role, NULL, false);
        }
    }
    WalkCtx new;
    unsigned leave = 0;
    int entered = enter(w, node, &role, ctx, &new, &leave);
    if (entered != 0) {
        return entered < 0 ? -1 : 0;
    }
    /* (top may move when the stack grows: nothing of it is read below) */
    int status = frames_push(w, w->lx->first_child(node), &new, leave);
    ctx_release(&new);
    return status < 0 ? -1 : 1;
}

static int
walk_run(Walk *w, void *body)
{
    WalkCtx root = {.block_tag = w->t->empty, .classes = w->t->empty};
    if (frames_push(w, body, &root, LEAVE_ONLY) < 0) {
        return -1;
    }
    while (w->n_frames > 0) {
        WalkFrame *top = &w->frames[w->n_frames - 1];
        WalkText text;
        void *node = frame_next(w, top, &text);
        if (node == NULL) {
            unsigned leave = top->leave;
            ctx_release(&top->ctx);
            w->n_frames--;
            if (leave & LEAVE_BLOCK && lines_flush(w) < 0) {
                return -1;
            }
            if (leave & LEAVE_BODY) {
                w->lines.zone = ZONE_FALSE;
                w->lines.tail = w->t->tail_lines;
            }
            continue;
        }
        int status = visit(w, node, &text);
        walk_text_free(w, &text);
        if (status < 0) {
            return -1;
        }
    }
    return lines_flush(w);
}

PyObject *
cdom_walk(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 10 || !PyDict_Check(args[4]) || !PyCapsule_CheckExact(args[9])) {
        PyErr_SetString(PyExc_TypeError,
                        "walk(body, container_ids, keep_ids, anchors, strip_ids, title_id, "
                        "category, has_container, overruled, tables)");
        return NULL;
    }
    Walk w = {0};
    w.lx = cdom_lexbor(module);
    w.t = w.lx != NULL ? PyCapsule_GetPointer(args[9], TABLES_NAME) : NULL;
    void *body = w.t != NULL ? cdom_node(args[0]) : NULL;
    int has_container = body != NULL ? PyObject_IsTrue(args[7]) : -1;
    if (has_container < 0) {
        return NULL;
    }
    w.has_container = has_container;
    w.category = args[6];
    w.document = cdom_document(w.lx, body);
    w.unknown = PyDict_New();
    PyObject *out = NULL;
    if (w.unknown != NULL && marks_make(&w.marks, args) == 0 && lines_init(&w) == 0 &&
        walk_run(&w, body) == 0) {
        out = Py_NewRef(w.lines.out);
    }
    while (w.n_frames > 0) { /* left by an error */
        ctx_release(&w.frames[--w.n_frames].ctx);
    }
    free(w.frames);
    free(w.marks.slots);
    lines_clear(&w);
    Py_XDECREF(w.unknown);
    return out;
}
