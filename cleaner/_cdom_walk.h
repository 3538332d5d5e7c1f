/* cleaner._cdom: what the compiled HTML walk's two files share (_cdom_walk.c walks the
 * tree, _cdom_lines.c gathers its lines: segment_html._walk_python and lines.Lines). */
#ifndef CLEANER_CDOM_WALK_H
#define CLEANER_CDOM_WALK_H

#include "_cdom.h"

#define CDOM_COMMENT 8
#define CDOM_DOCTYPE 10

#define WALK_MAX_TAG_ID 4096
/* Tag ids of html_tags.tag_table() up to this are answered from an array (Lexbor's fixed
 * ids are a few hundred); any other id is answered by its name, as a made-up name is. */

#define SEGMENT_FIELDS 11 /* model.Segment's fields */

#define WALK_MAX_CHANGES 16
/* normalize.FINISH_CHANGES's characters over U+FFFF the tables hold (none today). */

/* A code point's bits in WalkTables.bmp: in normalize.FINISH_CHANGES or a surrogate;
 * white space (str.isspace); in normalize.NFC_STABLE_RANGES. */
enum { CHAR_CHANGES = 1, CHAR_SPACE = 2, CHAR_NFC_STABLE = 4 };

/* What leaving a frame's element does (segment_html's _LEAVE_BLOCK, _LEAVE_BODY,
 * _NO_BLANKS), and the root frame, which reads the body alone. */
enum { LEAVE_BLOCK = 1, LEAVE_BODY = 2, LEAVE_NO_BLANKS = 4, LEAVE_ONLY = 8 };

/* The nodes the page marks (walk()'s sets), as bits. */
enum {
    MARK_CONTAINER = 1,
    MARK_KEEP = 2,
    MARK_ANCHOR = 4,
    MARK_STRIP = 8,
    MARK_TITLE = 16,
    MARK_OVERRULED = 32,
};

/* Lines.zone: False or None (True is never set: a container's context says so). */
enum { ZONE_FALSE = 0, ZONE_NONE = 1 };

typedef struct {
    long flags;       /* -1: not in the table */
    PyObject *name;   /* the tag's name (str) */
    PyObject *chrome; /* lines.TAG_CHROME's Chrome for the name, or NULL */
} WalkRole;

typedef struct {
    WalkRole *roles; /* by tag id */
    size_t n_roles;
    long f_text, f_skip, f_block, f_link, f_bold, f_italic, f_break, f_image, f_wrapper,
        f_holder; /* html_tags' flag bits */
    long tail_lines, max_blocks, caption_max_chars;
    double style_share;
    PyObject *name_flags, *tag_chrome, *italic_caption, *hidden_search, *italic_search,
        *normalize_line, *segment_type, *refuse, *empty, *is_nfc;
    PyObject *segment_slots[SEGMENT_FIELDS]; /* Segment's member descriptors, in order */
    unsigned char bmp[0x10000]; /* each BMP code point's CHAR_* bits */
    Py_UCS4 changes_astral[WALK_MAX_CHANGES]; /* FINISH_CHANGES over U+FFFF (none today) */
    size_t n_changes_astral;
} WalkTables;

/* lines.Ctx. The three objects are references the holder of the struct owns. */
typedef struct {
    PyObject *chrome; /* NULL: None */
    PyObject *block_tag;
    PyObject *classes;
    long depth;
    bool in_body, in_link, hidden, is_title, in_bold, in_italic, pinned;
} WalkCtx;

typedef struct {
    void *node; /* NULL: a free slot */
    unsigned bits;
    PyObject *strip; /* the strip selector's Chrome (borrowed from strip_ids) */
} Mark;

typedef struct {
    Mark *slots;
    size_t size; /* a power of two, at least twice the marked nodes */
} Marks;

typedef struct {
    void *next; /* the next child to read */
    WalkCtx ctx;
    unsigned leave;
} WalkFrame;

typedef struct {
    cdom_char *data; /* Lexbor's copy in the document's text memory, or NULL */
    size_t len;
} WalkText;

/* lines.Lines: the line being gathered, as Lexbor's bytes of its parts. */
typedef struct {
    char *buf;
    size_t len, cap;
    size_t *ends; /* where each part ends (a part is decoded alone where the whole is not
                     well-formed UTF-8, as the Python decodes each text) */
    size_t n_ends, cap_ends;
    bool split_char; /* a part begins inside a character */
    WalkCtx ctx;
    bool ctx_set;
    Py_ssize_t link_chars, bold_chars, italic_chars;
    bool image_pending, line_after_image, has_container;
    int zone;
    long tail;
    PyObject *out; /* the segments */
    char *scratch; /* a subtree's text, read whole */
    size_t scratch_cap;
    char *collapsed; /* walk_collapse's output */
    size_t collapsed_cap;
} WalkLines;

typedef struct {
    const CdomLexbor *lx;
    const WalkTables *t;
    void *document;
    PyObject *category; /* ChromeTable.category */
    bool has_container;
    PyObject *unknown; /* {name: (flags, name)} for names the table lacks */
    Marks marks;
    WalkFrame *frames;
    size_t n_frames, cap_frames;
    WalkLines lines;
} Walk;

static inline void
ctx_hold(WalkCtx *ctx)
{
    Py_XINCREF(ctx->chrome);
    Py_INCREF(ctx->block_tag);
    Py_INCREF(ctx->classes);
}

static inline void
ctx_copy(WalkCtx *dst, const WalkCtx *src)
{
    *dst = *src;
    ctx_hold(dst);
}

static inline void
ctx_release(WalkCtx *ctx)
{
    Py_XDECREF(ctx->chrome);
    Py_DECREF(ctx->block_tag);
    Py_DECREF(ctx->classes);
}

static inline void
walk_text_read(Walk *w, void *node, WalkText *text)
{
    text->len = 0;
    text->data = w->lx->text_content(node, &text->len);
    if (text->data == NULL) {
        text->len = 0;
    }
}

static inline void
walk_text_free(Walk *w, WalkText *text)
{
    if (text->data != NULL && w->document != NULL) {
        w->lx->destroy_text(w->document, text->data);
    }
    text->data = NULL;
}

#define ATTR(name) (const cdom_char *)(name), sizeof(name) - 1 /* a name for get_attribute */

/* _cdom_walk_tables.c */
const WalkTables *walk_tables_of(PyObject *capsule); /* or NULL with an error set */

/* _cdom_walk_page.c: 0 or -1 with an error set, unless said */
int walk_marks_make(Marks *m, PyObject *const *args); /* from walk()'s arguments */
unsigned walk_marks_of(const Marks *m, void *node, PyObject **strip); /* the MARK_ bits */
int walk_role_of(Walk *w, void *node, WalkRole *out);
PyObject *walk_named(Walk *w, void *node); /* locate.class_and_id; NULL on error */
PyObject *walk_attr_text(Walk *w, void *element, const cdom_char *name, size_t name_len,
                         bool *failed); /* an attribute's text; NULL where absent or empty */
int walk_style_matches(PyObject *search, PyObject *style); /* 1, 0 or -1 */



/* _cdom_lines.c: 0 or -1 with an error set */
PyObject *walk_segment(const WalkTables *t, PyObject *const *values);
int lines_init(Walk *w);
void lines_clear(Walk *w);
bool lines_outside(const WalkLines *lines);
int lines_add(Walk *w, const cdom_char *data, size_t len, const WalkCtx *ctx);
int lines_flush(Walk *w);
/* _cdom_walk_text.c */
Py_ssize_t walk_visible(const cdom_char *s, size_t n); /* sum(map(len, text.split())) */
PyObject *walk_collapse(const WalkTables *t, const cdom_char *s, size_t n, char *out);
int lines_add_outside(Walk *w, void *node, const WalkRole *role, PyObject *category,
                      bool in_body);

#endif
