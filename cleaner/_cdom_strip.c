/* cleaner._cdom.strip: the elements that never hold content taken out of a parsed page in
 * one walk (html_tags.strip_native; the reference is html_tags.strip_python, selectolax's
 * LexborHTMLParser.strip_tags(list(REMOVE_TAGS))).
 *
 * What strip_tags does, read in selectolax's lexbor.pyx and Lexbor's dom/interfaces: for
 * each name of the list in turn, it gathers the elements of that name still in the
 * document (lxb_dom_elements_by_tag_name from the document node: every element below it,
 * in document order, whose tag id is the name's and which has no namespace prefix) and
 * unlinks each with lxb_dom_node_remove, which keeps the element's own subtree. Each
 * name's gathering walks the whole document: 23 walks a page.
 *
 * So an element of the k-th name is unlinked exactly when no element above it has a name
 * earlier in the list (an element above with an earlier name was unlinked first, taking
 * it out of the document before its own name's turn; one above with the same name is
 * gathered with it and unlinked before it). This pass finds those elements in one walk
 * and unlinks them in the same order (by name, then document order), with the same
 * Lexbor function, so the tree, each element's own subtree and Lexbor's removal steps
 * (an <option> updates its <select>) end as selectolax leaves them. What selectolax does
 * after each removal besides Lexbor's (re-reading its cached <head>) the Python side does
 * (html_tags.strip_native).
 *
 * The walk keeps, for the elements it is inside, the earliest name among them: a stack
 * that grows only where an element's name is earlier than every one above it, so it is
 * never deeper than the list is long. No recursion: any nesting depth is walked in
 * constant stack space, in time linear in the page.
 */
#include "_cdom.h"

#define STRIP_MAX_NAMES 64 /* html_tags.REMOVE_TAGS has 23 */

typedef struct {
    void *node;
    Py_ssize_t rank; /* the position of its name in the list */
} Removal;

/* The position of `tag_id` in `ids` (an element's name), or -1. */
static Py_ssize_t
rank_of(const uintptr_t *ids, Py_ssize_t count, uintptr_t tag_id)
{
    for (Py_ssize_t i = 0; i < count; i++) {
        if (ids[i] == tag_id) {
            return i;
        }
    }
    return -1;
}

PyObject *
cdom_strip(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyTuple_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "strip(mem_id, tag_ids: tuple[int, ...])");
        return NULL;
    }
    const CdomLexbor *lx = cdom_lexbor(module);
    void *start = lx != NULL ? cdom_node(args[0]) : NULL;
    if (start == NULL) {
        return NULL;
    }
    void *document = cdom_document(lx, start);
    if (document == NULL) {
        PyErr_SetString(PyExc_ValueError, "cleaner._cdom.strip: the node is in no document");
        return NULL;
    }
    Py_ssize_t count = PyTuple_GET_SIZE(args[1]);
    if (count > STRIP_MAX_NAMES) {
        PyErr_SetString(PyExc_ValueError, "cleaner._cdom.strip: too many tag ids");
        return NULL;
    }
    uintptr_t ids[STRIP_MAX_NAMES];
    for (Py_ssize_t i = 0; i < count; i++) {
        size_t id = PyLong_AsSize_t(PyTuple_GET_ITEM(args[1], i));
        if (id == (size_t)-1 && PyErr_Occurred()) {
            return NULL;
        }
        ids[i] = (uintptr_t)id;
    }

    Removal *found = NULL;
    Py_ssize_t size = 0, cap = 0;
    /* above[i]: an element the walk is inside whose name is earlier than those of every
     * element above it; its rank is earliest[i]. `least` is the earliest rank above the
     * node being read (count: none). */
    void *above[STRIP_MAX_NAMES];
    Py_ssize_t earliest[STRIP_MAX_NAMES];
    Py_ssize_t depth = 0, least = count;
    void *node = lx->first_child(document);
    while (node != NULL) {
        /* Only elements have the ids of element names (a text's is Lexbor's "#text"). */
        Py_ssize_t rank = rank_of(ids, count, lx->tag_id(node));
        if (rank >= 0 && (lx->type(node) != CDOM_ELEMENT || lx->prefix(node, NULL) != NULL)) {
            rank = -1; /* no element, or a prefixed name: not the list's name */
        }
        if (rank >= 0 && rank <= least) {
            if (size == cap) {
                Py_ssize_t grown_cap = cap ? cap * 2 : 64;
                Removal *grown = PyMem_Realloc(found, (size_t)grown_cap * sizeof(Removal));
                if (grown == NULL) {
                    PyMem_Free(found);
                    return PyErr_NoMemory();
                }
                found = grown;
                cap = grown_cap;
            }
            found[size].node = node;
            found[size].rank = rank;
            size++;
        }
        void *child = lx->first_child(node);
        if (child != NULL) {
            if (rank >= 0 && rank < least) {
                above[depth] = node;
                earliest[depth] = least;
                depth++;
                least = rank;
            }
            node = child;
            continue;
        }
        /* Leave the node, and every ancestor whose last child it is. */
        while (node != document && lx->next(node) == NULL) {
            node = lx->parent(node);
            if (depth > 0 && above[depth - 1] == node) {
                depth--;
                least = earliest[depth];
            }
        }
        node = node == document ? NULL : lx->next(node);
    }

    for (Py_ssize_t rank = 0; rank < count; rank++) {
        for (Py_ssize_t i = 0; i < size; i++) {
            if (found[i].rank == rank) {
                lx->remove(found[i].node);
            }
        }
    }
    PyMem_Free(found);
    return PyLong_FromSsize_t(size);
}
