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
 * a line's normalisation (normalize_line, where walk_collapse does not apply), a class/id
 * string's chrome category (ChromeTable.category), the style regexes (where a style
 * attribute is there), the flags of a tag name html_tags.tag_table() lacks (name_flags),
 * and the error for too many lines (refuse). The line assembly is _cdom_lines.c, the tables
 * _cdom_walk_tables.c, what is read of a node _cdom_walk_page.c, the work on a text's
 * characters _cdom_walk_text.c (_cdom_walk.h).
 *
 * No recursion: one frame per open element, on a stack that grows on the heap.
 */
#include "_cdom_walk.h"

#include <stdlib.h>
#include <string.h>

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
    unsigned marks = walk_marks_of(&w->marks, node, &strip);
    bool block = (role->flags & t->f_block) != 0, failed = false;
    /* (attributes read only where an element has any) */
    bool element = w->lx->type(node) == CDOM_ELEMENT && w->lx->first_attribute(node) != NULL;
    PyObject *named = block ? walk_named(w, node) : Py_NewRef(t->empty);
    if (named == NULL || (block && lines_flush(w) < 0)) {
        Py_XDECREF(named);
        return -1;
    }
    PyObject *style = element ? walk_attr_text(w, node, ATTR("style"), &failed) : NULL;
    bool hidden = ctx->hidden;
    if (!hidden && element) {
        size_t len = 0;
        const cdom_char *aria = w->lx->get_attribute(node, ATTR("aria-hidden"), &len);
        hidden = w->lx->has_attribute(node, ATTR("hidden")) ||
                 (aria != NULL && len == 4 && memcmp(aria, "true", 4) == 0);
    }
    int hit = 0;
    if (!failed && !hidden && style != NULL) {
        hit = walk_style_matches(t->hidden_search, style);
        hidden = hit > 0;
    }
    bool italic = (role->flags & t->f_italic) != 0;
    if (!failed && hit >= 0 && !italic && style != NULL) {
        hit = walk_style_matches(t->italic_search, style);
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
    if (walk_role_of(w, node, &role) < 0) {
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
        if (!(walk_marks_of(&w->marks, node, &strip) & MARK_ANCHOR)) {
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
    w.t = w.lx != NULL ? walk_tables_of(args[9]) : NULL;
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
    if (w.unknown != NULL && walk_marks_make(&w.marks, args) == 0 && lines_init(&w) == 0 &&
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
