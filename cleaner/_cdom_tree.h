/* cleaner._cdom: what the container guess's two files share (_cdom_tree.c: the walk and
 * the module functions; _cdom_tree_nodes.c: a node's characters, name, role, class and id,
 * and chrome category). */
#ifndef CLEANER_CDOM_TREE_H
#define CLEANER_CDOM_TREE_H

#include "_cdom.h"

#include <string.h>

/* The masks `table` hands over, in this order (container_tree.native_table). */
enum { M_TEXT, M_SKIP, M_LINK, M_UNIT, M_TEXT_BLOCK, M_CHROME, M_PAGE, M_MAIN, M_KNOWN, M_COUNT };

typedef struct {
    const CdomLexbor *lx;
    void *document;
    const uint16_t *roles;
    Py_ssize_t nroles;
    PyObject *names;   /* tuple: str or None by tag id */
    PyObject *role_of; /* callable: name -> role */
    PyObject *seen;    /* dict: name -> role, for names outside the table (this call) */
    uintptr_t text_id;
    unsigned mask[M_COUNT];
} Table;

typedef struct {
    void *node;
    void *next; /* the next child to read */
    Py_ssize_t text, links, unit_text, unit_links, prose;
    unsigned kind;  /* its UNIT / TEXT_BLOCK bits (0 for the root, as the Python) */
    unsigned role;  /* its role, by its tag's name */
    bool under;     /* a tag of an ancestor (not itself) is a chrome tag */
    bool as_table;  /* its name is its id's name in the table */
} Frame;

/* _cdom_tree_nodes.c */
Py_ssize_t tree_stripped_length(const cdom_char *data, size_t len);
Py_ssize_t tree_text_length(const Table *tb, void *node);
Py_ssize_t tree_link_length(const Table *tb, void *link);
PyObject *tree_table_name(const Table *tb, uintptr_t id);
long tree_named_role(Table *tb, PyObject *name);
PyObject *tree_tag_of(const CdomLexbor *lx, void *node);
bool tree_named_as_table(const Table *tb, void *node, uintptr_t id);
long tree_node_flags(Table *tb, void *node, uintptr_t id);
long tree_name_role(Table *tb, void *node, uintptr_t id, bool *as_table);
PyObject *tree_attribute(const CdomLexbor *lx, void *element, const char *name, bool *failed);
PyObject *tree_class_and_id(const CdomLexbor *lx, void *element);
PyObject *tree_category_of(const CdomLexbor *lx, void *element, PyObject *category);

#endif
