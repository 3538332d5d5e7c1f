/* cleaner._cdom: what its files share (see _cdom.c).
 *
 * The DOM passes read the tree selectolax has parsed through Lexbor's own public C API:
 * the functions Lexbor declares LXB_API (the `_noi` ones are its non-inline forms, made
 * for callers outside the library), found by name in the selectolax extension that holds
 * them. A node is the pointer selectolax gives as `LexborNode.mem_id`. No Lexbor header
 * and no struct layout is used here: every node, element and document is an opaque
 * pointer, and only the prototypes below are written, from Lexbor's declarations.
 */
#ifndef CLEANER_CDOM_H
#define CLEANER_CDOM_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Lexbor's node types (the DOM standard's nodeType values). */
#define CDOM_ELEMENT 1
#define CDOM_TEXT 3
#define CDOM_DOCUMENT 9

typedef unsigned char cdom_char; /* lxb_char_t */

/* The Lexbor functions the passes call, by the names of their Lexbor declarations. */
typedef struct {
    void *(*first_child)(void *node);                      /* lxb_dom_node_first_child_noi */
    void *(*next)(void *node);                             /* lxb_dom_node_next_noi */
    void *(*prev)(void *node);                             /* lxb_dom_node_prev_noi */
    void *(*parent)(void *node);                           /* lxb_dom_node_parent_noi */
    uintptr_t (*tag_id)(void *node);                       /* lxb_dom_node_tag_id_noi */
    int (*type)(void *node);                               /* lxb_dom_node_type_noi */
    cdom_char *(*text_content)(void *node, size_t *len);   /* lxb_dom_node_text_content */
    void *(*destroy_text)(void *document, cdom_char *text); /* lxb_dom_document_destroy_text_noi */
    const cdom_char *(*get_attribute)(void *element, const cdom_char *name, size_t name_len,
                                      size_t *value_len); /* lxb_dom_element_get_attribute */
    bool (*has_attribute)(void *element, const cdom_char *name,
                          size_t name_len);                /* lxb_dom_element_has_attribute */
    const cdom_char *(*class_)(void *element, size_t *len); /* lxb_dom_element_class_noi */
    const cdom_char *(*id)(void *element, size_t *len);     /* lxb_dom_element_id_noi */
    const cdom_char *(*qualified_name)(const void *element,
                                       size_t *len);        /* lxb_dom_element_qualified_name */
    void *(*first_attribute)(void *element); /* lxb_dom_element_first_attribute_noi */
    void (*remove)(void *node);                             /* lxb_dom_node_remove */
    const cdom_char *(*prefix)(void *element, size_t *len); /* lxb_dom_element_prefix */
    /* CSS selectors (_cdom_select.c); a status is lxb_status_t (unsigned int, 0 is OK). */
    void *(*css_parser_create)(void);                        /* lxb_css_parser_create */
    unsigned (*css_parser_init)(void *parser, void *tkz);    /* lxb_css_parser_init */
    void *(*css_parser_destroy)(void *parser, bool self);    /* lxb_css_parser_destroy */
    void (*css_parser_memory_set)(void *parser, void *mem); /* lxb_css_parser_memory_set_noi */
    void (*css_parser_selectors_set)(void *parser,
                                     void *selectors);      /* lxb_css_parser_selectors_set_noi */
    void *(*css_selectors_create)(void);                     /* lxb_css_selectors_create */
    unsigned (*css_selectors_init)(void *selectors);         /* lxb_css_selectors_init */
    void *(*css_selectors_destroy)(void *selectors, bool self); /* lxb_css_selectors_destroy */
    void *(*css_selectors_parse)(void *parser, const cdom_char *data,
                                 size_t len);               /* lxb_css_selectors_parse */
    void (*css_list_destroy_memory)(void *list); /* lxb_css_selector_list_destroy_memory */
    void *(*selectors_create)(void);                         /* lxb_selectors_create */
    unsigned (*selectors_init)(void *selectors);             /* lxb_selectors_init */
    void *(*selectors_destroy)(void *selectors, bool self);  /* lxb_selectors_destroy */
    unsigned (*selectors_find)(void *selectors, void *root, const void *list,
                               unsigned (*cb)(void *node, uint32_t spec, void *ctx),
                               void *ctx);                  /* lxb_selectors_find */
    void (*selectors_opt_set)(void *selectors, int opt);     /* lxb_selectors_opt_set_noi */
    unsigned (*selectors_match_node)(void *selectors, void *node, const void *list,
                                     unsigned (*cb)(void *node, uint32_t spec, void *ctx),
                                     void *ctx);            /* lxb_selectors_match_node */
    unsigned (*css_serialize_list_chain)(void *list,
                                         unsigned (*cb)(const cdom_char *data, size_t len,
                                                        void *ctx),
                                         void *ctx); /* lxb_css_selector_serialize_list_chain */
} CdomLexbor;

/* The functions `bind()` found, or NULL with RuntimeError set when it has not run. */
const CdomLexbor *cdom_lexbor(PyObject *module);

/* A node from its `mem_id` (a Python int), or NULL with an error set. */
void *cdom_node(PyObject *mem_id);

/* Bytes Lexbor holds as a str, as selectolax decodes them (U+FFFD for what is not UTF-8). */
PyObject *cdom_decode(const cdom_char *data, size_t len);

/* True where `data` is HTML's ASCII white space alone (or empty): space, tab, line feed,
 * form feed, carriage return; selectolax's `is_empty_text_node` test. */
bool cdom_blank(const cdom_char *data, size_t len);

/* The document a node is in (the top of its parent chain), or NULL where that top is not
 * a document (a node outside any tree). */
void *cdom_document(const CdomLexbor *lx, void *node);

/* A text node's text as a str (LexborNode.text_content), or NULL with an error set.
 * `document` is cdom_document() of the node: Lexbor copies the text into the document's
 * memory, which is handed back at once (where NULL, it is handed back with the document).
 * `*blank`, when not NULL, is set to cdom_blank() of the text. */
PyObject *cdom_text(const CdomLexbor *lx, void *document, void *node, bool *blank);

/* The passes (one file each), as module functions (_cdom.c lists them). */
PyObject *cdom_strip(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
PyObject *cdom_walk_tables(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
PyObject *cdom_walk(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
PyObject *cdom_walk_normalized(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
PyObject *cdom_tree(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
PyObject *cdom_element(PyObject *module, PyObject *mem_id);
PyObject *cdom_path(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
PyObject *cdom_selectors(PyObject *module, PyObject *texts);
PyObject *cdom_ancestors(PyObject *module, PyObject *mem_ids);

#endif
