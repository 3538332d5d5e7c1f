/* cleaner._cdom: the making of a Selectors object's parser, engine and joined list (see
 * _cdom_select.c for what the joined list is for and when it is kept). */
#include "_cdom_select.h"

#include <string.h>

int
cdom_select_engine(SelectorsObject *self)
{
    const CdomLexbor *lx = self->lx;
    self->parser = lx->css_parser_create();
    if (self->parser == NULL || lx->css_parser_init(self->parser, NULL) != 0) {
        return -1;
    }
    self->css_selectors = lx->css_selectors_create();
    if (self->css_selectors == NULL || lx->css_selectors_init(self->css_selectors) != 0) {
        return -1;
    }
    lx->css_parser_selectors_set(self->parser, self->css_selectors);
    self->engine = lx->selectors_create();
    if (self->engine == NULL || lx->selectors_init(self->engine) != 0) {
        return -1;
    }
    lx->selectors_opt_set(self->engine, CDOM_MATCH_ROOT);
    return 0;
}

typedef struct {
    char *data;
    size_t len, size;
} Buffer;

static unsigned
buffer_write(const cdom_char *data, size_t len, void *ctx)
{
    Buffer *buffer = (Buffer *)ctx;
    if (buffer->len + len > buffer->size) {
        size_t size = 2 * (buffer->len + len) + 64;
        char *grown = PyMem_Realloc(buffer->data, size);
        if (grown == NULL) {
            return 2; /* LXB_STATUS_ERROR_MEMORY_ALLOCATION */
        }
        buffer->data = grown;
        buffer->size = size;
    }
    memcpy(buffer->data + buffer->len, data, len);
    buffer->len += len;
    return 0;
}

/* Whether `joined` serialises as the parsed texts' serialisations joined by ", ". */
static bool
joined_whole(SelectorsObject *self, void *joined)
{
    const CdomLexbor *lx = self->lx;
    Buffer whole = {NULL, 0, 0}, parts = {NULL, 0, 0};
    bool ok = lx->css_serialize_list_chain(joined, buffer_write, &whole) == 0;
    bool first = true;
    for (Py_ssize_t i = 0; ok && i < self->count; i++) {
        if (self->lists[i] == NULL) {
            continue;
        }
        ok = (first || buffer_write((const cdom_char *)", ", 2, &parts) == 0) &&
             lx->css_serialize_list_chain(self->lists[i], buffer_write, &parts) == 0;
        first = false;
    }
    ok = ok && whole.len == parts.len && (whole.len == 0 || !memcmp(whole.data, parts.data, whole.len));
    PyMem_Free(whole.data);
    PyMem_Free(parts.data);
    return ok;
}

/* The texts that parse, parsed joined by ", " (self->joined), where that list is theirs. */
int
cdom_select_join(SelectorsObject *self, PyObject *texts)
{
    PyObject *good = PyList_New(0);
    for (Py_ssize_t i = 0; good != NULL && i < self->count; i++) {
        if (self->lists[i] != NULL && PyList_Append(good, PyTuple_GET_ITEM(texts, i)) < 0) {
            Py_CLEAR(good);
        }
    }
    if (good == NULL) {
        return -1;
    }
    if (PyList_GET_SIZE(good) < 2) {
        Py_DECREF(good);
        return 0;
    }
    PyObject *comma = PyUnicode_FromString(", ");
    PyObject *text = comma != NULL ? PyUnicode_Join(comma, good) : NULL;
    Py_XDECREF(comma);
    Py_DECREF(good);
    Py_ssize_t len = 0;
    const char *data = text != NULL ? PyUnicode_AsUTF8AndSize(text, &len) : NULL;
    if (data == NULL) {
        Py_XDECREF(text);
        return -1;
    }
    const CdomLexbor *lx = self->lx;
    lx->css_parser_memory_set(self->parser, NULL);
    void *joined = lx->css_selectors_parse(self->parser, (const cdom_char *)data, (size_t)len);
    lx->css_parser_memory_set(self->parser, NULL);
    Py_DECREF(text);
    if (joined != NULL && joined_whole(self, joined)) {
        self->joined = joined;
    }
    else if (joined != NULL) {
        lx->css_list_destroy_memory(joined);
    }
    return 0;
}
