/* cleaner._cdom: the compiled walk's lines (lines.Lines): inline text gathered into one
 * line until a block boundary or <br> ends it; each line normalised (walk_collapse, else
 * normalize_line) and made a Segment, with the figures counted here. */
#include "_cdom_walk.h"

#include <stdlib.h>
#include <string.h>

static int
grow(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap) {
        return 0;
    }
    size_t size = *cap ? *cap : 256;
    while (size < need) {
        size *= 2;
    }
    char *grown = realloc(*buf, size);
    if (grown == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *buf = grown, *cap = size;
    return 0;
}

int
lines_init(Walk *w)
{
    WalkLines *l = &w->lines;
    l->has_container = w->has_container;
    l->zone = w->has_container ? ZONE_FALSE : ZONE_NONE;
    l->out = PyList_New(0);
    return l->out != NULL ? 0 : -1;
}

void
lines_clear(Walk *w)
{
    WalkLines *l = &w->lines;
    if (l->ctx_set) {
        ctx_release(&l->ctx);
        l->ctx_set = false;
    }
    free(l->buf);
    free(l->ends);
    free(l->scratch);
    free(l->collapsed);
    Py_CLEAR(l->out);
}

bool
lines_outside(const WalkLines *l)
{
    return l->zone == ZONE_FALSE && l->tail == 0 && l->has_container;
}

int
lines_add(Walk *w, const cdom_char *data, size_t len, const WalkCtx *ctx)
{
    WalkLines *l = &w->lines;
    if (!l->ctx_set) {
        ctx_copy(&l->ctx, ctx);
        l->ctx_set = true;
    }
    if (grow(&l->buf, &l->cap, l->len + len) < 0) {
        return -1;
    }
    if (l->n_ends == l->cap_ends) {
        size_t cap = l->cap_ends ? l->cap_ends * 2 : 16;
        size_t *grown = realloc(l->ends, cap * sizeof(size_t));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        l->ends = grown, l->cap_ends = cap;
    }
    if (l->n_ends > 0 && len > 0 && (data[0] & 0xC0) == 0x80) {
        l->split_char = true;
    }
    memcpy(l->buf + l->len, data, len);
    l->len += len;
    l->ends[l->n_ends++] = l->len;
    if (!(ctx->in_link || ctx->in_bold || ctx->in_italic || l->image_pending)) {
        return 0; /* (most text: its size would change nothing below) */
    }
    Py_ssize_t size = walk_visible(data, len);
    if (size < 0) {
        return -1;
    }
    if (size && !l->line_after_image && l->image_pending) {
        l->line_after_image = true, l->image_pending = false;
    }
    l->link_chars += ctx->in_link ? size : 0;
    l->bold_chars += ctx->in_bold ? size : 0;
    l->italic_chars += ctx->in_italic ? size : 0;
    return 0;
}

/* The line's parts as one str: decoded whole, or each alone where the whole is not
 * well-formed UTF-8 or a part begins inside a character (as "".join of the parts). */
static PyObject *
joined(const WalkLines *l, PyObject *empty)
{
    if (!l->split_char) {
        PyObject *whole = PyUnicode_DecodeUTF8(l->buf, (Py_ssize_t)l->len, NULL);
        if (whole != NULL || !PyErr_ExceptionMatches(PyExc_UnicodeDecodeError)) {
            return whole;
        }
        PyErr_Clear();
    }
    PyObject *parts = PyList_New((Py_ssize_t)l->n_ends);
    for (size_t i = 0, start = 0; parts != NULL && i < l->n_ends; start = l->ends[i++]) {
        PyObject *part = cdom_decode((const cdom_char *)l->buf + start, l->ends[i] - start);
        if (part == NULL) {
            Py_CLEAR(parts);
            break;
        }
        PyList_SET_ITEM(parts, (Py_ssize_t)i, part);
    }
    PyObject *text = parts != NULL ? PyUnicode_Join(empty, parts) : NULL;
    Py_XDECREF(parts);
    return text;
}

/* A text's bytes as the str the Python normalises (the line's parts as "".join of them,
 * or a subtree's text decoded whole). */
typedef PyObject *(*RawText)(const Walk *w, const char *s, size_t n);

/* normalize_line of a text's n bytes at s: walk_collapse where it applies (whole_chars:
 * decoding the bytes whole gives the str raw_text makes of them), else the Python. */
static PyObject *
normalized(Walk *w, const char *s, size_t n, bool whole_chars, RawText raw_text)
{
    WalkLines *l = &w->lines;
    if (grow(&l->collapsed, &l->collapsed_cap, n + 1) < 0) {
        return NULL;
    }
    if (whole_chars) {
        PyObject *text = walk_collapse(w->t, (const cdom_char *)s, n, l->collapsed);
        if (text != NULL || PyErr_Occurred()) {
            return text;
        }
    }
    PyObject *raw = raw_text(w, s, n);
    PyObject *text = raw != NULL ? PyObject_CallOneArg(w->t->normalize_line, raw) : NULL;
    Py_XDECREF(raw);
    if (text != NULL && !PyUnicode_Check(text)) {
        Py_DECREF(text);
        PyErr_SetString(PyExc_TypeError, "normalize_line gave no str");
        return NULL;
    }
    return text;
}

static PyObject *
line_raw(const Walk *w, const char *s, size_t n)
{
    (void)s, (void)n;
    return joined(&w->lines, w->t->empty);
}

static PyObject *
subtree_raw(const Walk *w, const char *s, size_t n)
{
    (void)w;
    return cdom_decode((const cdom_char *)s, n);
}

/* The line's text, normalised ("" for white space alone, as the Python's isspace()). */
static PyObject *
line_text(Walk *w)
{
    const WalkLines *l = &w->lines;
    bool space = l->len > 0;
    for (size_t i = 0; space && i < l->len; i++) {
        unsigned char c = (unsigned char)l->buf[i];
        space = c < 0x80 && Py_UNICODE_ISSPACE(c);
    }
    if (space) {
        return Py_NewRef(w->t->empty);
    }
    return normalized(w, l->buf, l->len, !l->split_char, line_raw);
}

/* Lines._append: refuse() raises past MAX_BLOCKS. Steals segment. */
static int
append(Walk *w, PyObject *segment)
{
    if (segment == NULL) {
        return -1;
    }
    int status = PyList_Append(w->lines.out, segment);
    Py_DECREF(segment);
    if (status < 0) {
        return -1;
    }
    if (PyList_GET_SIZE(w->lines.out) > w->t->max_blocks) {
        PyObject *none = PyObject_CallNoArgs(w->t->refuse);
        Py_XDECREF(none);
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_RuntimeError, "refuse() did not raise");
        }
        return -1;
    }
    return 0;
}

static PyObject *
segment(Walk *w, PyObject *text, const WalkCtx *c, PyObject *chrome, PyObject *in_body,
        double link_density, bool bold, bool after_body)
{
    PyObject *depth = PyLong_FromLong(c->depth);
    PyObject *density = PyFloat_FromDouble(link_density);
    PyObject *made = NULL;
    if (depth != NULL && density != NULL) {
        PyObject *args[11] = {
            text,        c->block_tag, depth, c->classes, density, bold ? Py_True : Py_False,
            chrome != NULL ? chrome : Py_None, in_body, c->is_title ? Py_True : Py_False,
            c->pinned ? Py_True : Py_False, after_body ? Py_True : Py_False,
        };
        made = walk_segment(w->t, args);
    }
    Py_XDECREF(depth);
    Py_XDECREF(density);
    return made;
}

static void
reset(WalkLines *l)
{
    if (l->ctx_set) {
        ctx_release(&l->ctx);
        l->ctx_set = false;
    }
    l->len = l->n_ends = 0;
    l->split_char = false;
    l->link_chars = l->bold_chars = l->italic_chars = 0;
    l->line_after_image = false;
}

int
lines_flush(Walk *w)
{
    WalkLines *l = &w->lines;
    if (!l->ctx_set) { /* nothing added since the last reset */
        return 0;
    }
    const WalkTables *t = w->t;
    const WalkCtx *c = &l->ctx;
    PyObject *text = line_text(w);
    if (text == NULL) {
        return -1;
    }
    int status = 0;
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    if (len > 0) {
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        Py_ssize_t spaces = 0;
        for (Py_ssize_t i = 0; i < len; i++) {
            spaces += PyUnicode_READ(kind, data, i) == ' ';
        }
        double visible = (double)(len - spaces);
        PyObject *chrome = c->chrome;
        if (chrome == NULL && !c->pinned && l->line_after_image &&
            (double)l->italic_chars >= t->style_share * visible &&
            len <= t->caption_max_chars) {
            chrome = t->italic_caption;
        }
        double density = (double)l->link_chars / (double)len;
        PyObject *in_body = c->in_body ? Py_True : l->zone == ZONE_FALSE ? Py_False : Py_None;
        bool after_body = l->tail > 0 && !c->in_body;
        status = append(w, segment(w, text, c, chrome, in_body, density < 1.0 ? density : 1.0,
                                   (double)l->bold_chars >= t->style_share * visible,
                                   after_body));
        if (after_body) {
            l->tail--;
        }
    }
    Py_DECREF(text);
    reset(l);
    return status;
}

/* node.text(deep=True, separator=" ", skip_empty=True) as bytes in the scratch buffer:
 * the subtree's texts that are not blank, joined by a space; no recursion. Their length,
 * or -1 with an error set. */
static Py_ssize_t
subtree_text(Walk *w, void *root)
{
    const CdomLexbor *lx = w->lx;
    WalkLines *l = &w->lines;
    size_t len = 0, count = 0;
    void *node = lx->first_child(root);
    while (node != NULL) {
        if (lx->type(node) == CDOM_TEXT) {
            WalkText text;
            walk_text_read(w, node, &text);
            if (text.data != NULL && !cdom_blank(text.data, text.len)) {
                if (grow(&l->scratch, &l->scratch_cap, len + text.len + 1) < 0) {
                    walk_text_free(w, &text);
                    return -1;
                }
                if (count++ > 0) {
                    l->scratch[len++] = ' ';
                }
                memcpy(l->scratch + len, text.data, text.len);
                len += text.len;
            }
            walk_text_free(w, &text);
        }
        void *down = lx->first_child(node);
        if (down != NULL) {
            node = down;
            continue;
        }
        while (node != root && lx->next(node) == NULL) {
            node = lx->parent(node);
        }
        node = node == root ? NULL : lx->next(node);
    }
    return (Py_ssize_t)len;
}

int
lines_add_outside(Walk *w, void *node, const WalkRole *role, PyObject *category, bool in_body)
{
    Py_ssize_t len = subtree_text(w, node);
    PyObject *text = len >= 0 ? normalized(w, w->lines.scratch, (size_t)len, true, subtree_raw)
                              : NULL;
    if (text == NULL || PyUnicode_GET_LENGTH(text) == 0) {
        Py_XDECREF(text);
        return PyErr_Occurred() ? -1 : 0;
    }
    PyObject *named = walk_named(w, node);
    PyObject *found = NULL; /* a new reference */
    if (named != NULL && category == NULL) {
        if (role->chrome != NULL) {
            category = role->chrome;
        }
        else if (PyUnicode_GET_LENGTH(named) > 0) {
            found = PyObject_CallOneArg(w->category, named);
            category = found;
        }
        else {
            category = Py_None;
        }
    }
    int status = -1;
    if (named != NULL && category != NULL) {
        PyObject *args[11] = {
            text,     role->name, NULL, named, NULL, Py_False, category,
            in_body ? Py_True : Py_False, Py_False, Py_False, Py_False,
        };
        args[2] = PyLong_FromLong(0);
        args[4] = PyFloat_FromDouble(0.0);
        if (args[2] != NULL && args[4] != NULL) {
            status = append(w, walk_segment(w->t, args));
        }
        Py_XDECREF(args[2]);
        Py_XDECREF(args[4]);
    }
    Py_XDECREF(found);
    Py_XDECREF(named);
    Py_DECREF(text);
    return status;
}
