/* cleaner._cdom: the container guess's figures (container_tree.PythonTree's walk).
 *
 *   tree(root, table, category, barriers, minimum, loose_minimum)
 *       prose, text and link characters of every element under `root` (a mem_id), each
 *       element that holds prose recorded in the order elements are left (post-order), as
 *       container_tree.PythonTree records them; see that class for what each figure is.
 *   element(mem_id)   (parent mem_id, tag, class, id) of a node, as LexborNode's parent,
 *                     tag and attributes.get("class"/"id") give them
 *   path(root, mem_id)
 *                     the child indexes (every child counted, as node.child/node.next
 *                     go) from `root` down to `mem_id`, or None where it is not under it
 *
 * `table` is container_tree.native_table(): (roles, names, role_of, text_id, masks), the
 * Python's own tag table; the C holds no tag name or set of its own. `roles` is a buffer of
 * 16-bit roles by Lexbor tag id (0: not in the table), each html_tags' flags plus the
 * container's own tag bits (a chrome tag, a page tag, <main>) and a bit saying the id is
 * known; `names` the tag names of those ids (a tuple); `role_of(name)` the role of any
 * other name (html_tags.name_flags and the same bits), asked once a call for each such
 * name. `category` is the Cleaner's ChromeTable.category, asked of an element's class and
 * id exactly where the Python asks it (ChromeTable keeps no state a second ask would
 * change, but the memo's size would), and `barriers` the set of categories that stop
 * prose (PROSE_BARRIER_CATEGORIES).
 *
 * The walk keeps its own stack of open elements (no recursion: depth costs memory, one
 * frame an element, not C stack), and every node is read once, so time is linear in the
 * page: a link's subtree is read by the link (as LexborNode.text(strip=True) reads it) and
 * not entered again. A text's characters are counted as len(text.strip()) counts them:
 * code points of the UTF-8 decoded with U+FFFD for bad bytes (as selectolax decodes),
 * stripped of what str.isspace() calls white space (Py_UNICODE_ISSPACE, which is what
 * str.strip() tests), with ASCII text counted from its bytes.
 */
#include "_cdom_tree.h"

/* ---- the walk ---------------------------------------------------------------------------- */

typedef struct {
    PyObject *prose, *text, *links, *parents, *tags; /* dicts by mem_id, in record order */
    PyObject *paragraphs, *under;                    /* lists of mem_ids */
    PyObject *barrier, *categories;                  /* dicts by mem_id */
} Records;

static int
append_new(PyObject *list, PyObject *item)
{
    if (item == NULL) {
        return -1;
    }
    int status = PyList_Append(list, item);
    Py_DECREF(item);
    return status;
}

static int
set_new(PyObject *dict, PyObject *key, PyObject *value)
{
    if (value == NULL) {
        return -1;
    }
    int status = PyDict_SetItem(dict, key, value);
    Py_DECREF(value);
    return status;
}

/* Records a left element that holds prose (the Python's `if prose:` at the end). */
static int
record(Table *tb, Records *out, const Frame *f, const Frame *up)
{
    PyObject *mem = PyLong_FromVoidPtr(f->node);
    if (mem == NULL) {
        return -1;
    }
    PyObject *tag = NULL;
    if (f->as_table) {
        tag = Py_NewRef(PyTuple_GET_ITEM(tb->names, (Py_ssize_t)tb->lx->tag_id(f->node)));
    }
    else {
        tag = tree_tag_of(tb->lx, f->node);
    }
    int status = -1;
    if (tag != NULL &&
        set_new(out->prose, mem, PyLong_FromSsize_t(f->prose)) == 0 &&
        set_new(out->text, mem, PyLong_FromSsize_t(f->text)) == 0 &&
        set_new(out->links, mem, PyLong_FromSsize_t(f->links)) == 0 &&
        set_new(out->parents, mem,
                up != NULL ? PyLong_FromVoidPtr(up->node) : Py_NewRef(Py_None)) == 0 &&
        PyDict_SetItem(out->tags, mem, tag) == 0 &&
        (!f->under || PyList_Append(out->under, mem) == 0)) {
        status = 0;
    }
    Py_XDECREF(tag);
    Py_DECREF(mem);
    return status;
}

/* The barrier test of a left element (container_tree's is_barrier), recorded with the
 * category it asked; 1 or 0, or -1 with an error set. */
static int
barrier(Table *tb, Records *out, const Frame *f, PyObject *category, PyObject *barriers)
{
    PyObject *mem = PyLong_FromVoidPtr(f->node);
    if (mem == NULL) {
        return -1;
    }
    int is_barrier = (f->role & tb->mask[M_CHROME]) != 0;
    if (!(f->role & (tb->mask[M_PAGE] | tb->mask[M_MAIN]))) {
        PyObject *name = tree_category_of(tb->lx, f->node, category);
        if (name == NULL || PyDict_SetItem(out->categories, mem, name) < 0) {
            Py_XDECREF(name);
            Py_DECREF(mem);
            return -1;
        }
        int in = PySet_Contains(barriers, name);
        Py_DECREF(name);
        if (in < 0) {
            Py_DECREF(mem);
            return -1;
        }
        is_barrier = is_barrier || in;
    }
    int status = PyDict_SetItem(out->barrier, mem, is_barrier ? Py_True : Py_False);
    Py_DECREF(mem);
    return status < 0 ? -1 : is_barrier;
}

/* Opens a frame for an element entered (its role by name, whether it is under a chrome
 * tag); 0, or -1 with an error set. */
static int
open_frame(Table *tb, Frame *f, void *node, uintptr_t id, unsigned kind, bool under)
{
    memset(f, 0, sizeof(*f));
    f->node = node;
    f->next = tb->lx->first_child(node);
    f->kind = kind;
    f->under = under;
    long role = tree_name_role(tb, node, id, &f->as_table);
    if (role < 0) {
        return -1;
    }
    f->role = (unsigned)role;
    return 0;
}

/* Whether an ancestor of `node` (not itself) has a chrome tag, by node.tag; -1 on error. */
static int
under_chrome(Table *tb, void *node)
{
    for (void *up = tb->lx->parent(node); up != NULL; up = tb->lx->parent(up)) {
        long role = 0;
        if (tb->lx->type(up) == CDOM_ELEMENT) {
            bool as_table = false;
            role = tree_name_role(tb, up, tb->lx->tag_id(up), &as_table);
        }
        if (role < 0) {
            return -1;
        }
        if (role & tb->mask[M_CHROME]) {
            return 1;
        }
    }
    return 0;
}

static int
walk(Table *tb, Records *out, void *root, PyObject *category, PyObject *barriers,
     Py_ssize_t minimum, Py_ssize_t loose_minimum)
{
    const CdomLexbor *lx = tb->lx;
    Py_ssize_t size = 64, top = 0;
    Frame *stack = PyMem_Malloc((size_t)size * sizeof(Frame));
    if (stack == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    int above = under_chrome(tb, root);
    if (above < 0 || open_frame(tb, &stack[0], root, tb->lx->tag_id(root), 0, above) < 0) {
        PyMem_Free(stack);
        return -1;
    }
    while (top >= 0) {
        Frame *f = &stack[top];
        bool entered = false;
        while (f->next != NULL) {
            void *node = f->next;
            f->next = lx->next(node);
            uintptr_t id = lx->tag_id(node);
            long flags = tree_node_flags(tb, node, id);
            if (flags < 0) {
                goto failed;
            }
            if (flags & tb->mask[M_TEXT]) {
                if (lx->type(node) == CDOM_TEXT) {
                    Py_ssize_t length = tree_text_length(tb, node);
                    if (length < 0) {
                        goto failed;
                    }
                    f->text += length;
                }
                continue;
            }
            if (flags & tb->mask[M_LINK]) {
                Py_ssize_t length = tree_link_length(tb, node);
                if (length < 0) {
                    goto failed;
                }
                f->text += length;
                f->links += length;
                continue;
            }
            if (flags & tb->mask[M_SKIP]) {
                continue;
            }
            if (top + 1 == size) {
                Frame *grown = PyMem_Realloc(stack, (size_t)size * 2 * sizeof(Frame));
                if (grown == NULL) {
                    PyErr_NoMemory();
                    goto failed;
                }
                stack = grown;
                size *= 2;
                f = &stack[top];
            }
            bool under = f->under || (f->role & tb->mask[M_CHROME]) != 0;
            unsigned kind = (unsigned)flags & (tb->mask[M_UNIT] | tb->mask[M_TEXT_BLOCK]);
            if (open_frame(tb, &stack[top + 1], node, id, kind, under) < 0) {
                goto failed;
            }
            top++;
            entered = true;
            break;
        }
        if (entered) {
            continue;
        }
        /* Every child read: the element is left. */
        Frame *up = top > 0 ? &stack[top - 1] : NULL;
        if (up != NULL && f->text) {
            if (f->kind) {
                Py_ssize_t own = (f->text - f->unit_text) - (f->links - f->unit_links);
                Py_ssize_t least = (f->kind & tb->mask[M_UNIT]) ? minimum : loose_minimum;
                if (own >= least) {
                    if (!f->prose && (f->kind & tb->mask[M_TEXT_BLOCK])) {
                        if (append_new(out->paragraphs, PyLong_FromVoidPtr(f->node)) < 0) {
                            goto failed;
                        }
                    }
                    f->prose += own;
                }
                f->unit_text = f->text;
                f->unit_links = f->links;
            }
            up->text += f->text;
            up->links += f->links;
            up->unit_text += f->unit_text;
            up->unit_links += f->unit_links;
            if (f->prose) {
                int stops = barrier(tb, out, f, category, barriers);
                if (stops < 0) {
                    goto failed;
                }
                if (!stops) {
                    up->prose += f->prose;
                }
            }
        }
        if (f->prose && record(tb, out, f, up) < 0) {
            goto failed;
        }
        top--;
    }
    PyMem_Free(stack);
    return 0;
failed:
    PyMem_Free(stack);
    return -1;
}

static int
read_table(Table *tb, PyObject *table)
{
    PyObject *roles, *masks, *text_id;
    if (!PyArg_ParseTuple(table, "OO!OOO!", &roles, &PyTuple_Type, &tb->names, &tb->role_of,
                          &text_id, &PyTuple_Type, &masks)) {
        return -1;
    }
    if (!PyBytes_Check(roles) || PyBytes_GET_SIZE(roles) % 2 != 0 ||
        PyTuple_GET_SIZE(tb->names) != PyBytes_GET_SIZE(roles) / 2 ||
        PyTuple_GET_SIZE(masks) != M_COUNT) {
        PyErr_SetString(PyExc_ValueError, "tree(): not container_tree.native_table()");
        return -1;
    }
    tb->roles = (const uint16_t *)PyBytes_AS_STRING(roles);
    tb->nroles = PyBytes_GET_SIZE(roles) / 2;
    tb->text_id = (uintptr_t)PyLong_AsSize_t(text_id);
    for (Py_ssize_t i = 0; i < M_COUNT; i++) {
        tb->mask[i] = (unsigned)PyLong_AsUnsignedLong(PyTuple_GET_ITEM(masks, i));
    }
    return PyErr_Occurred() ? -1 : 0;
}

PyObject *
cdom_tree(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 6) {
        PyErr_SetString(PyExc_TypeError,
                        "tree(root, table, category, barriers, minimum, loose_minimum)");
        return NULL;
    }
    Table tb = {.lx = cdom_lexbor(module)};
    void *root = tb.lx != NULL ? cdom_node(args[0]) : NULL;
    if (root == NULL || read_table(&tb, args[1]) < 0) {
        return NULL;
    }
    Py_ssize_t minimum = PyLong_AsSsize_t(args[4]);
    Py_ssize_t loose_minimum = PyLong_AsSsize_t(args[5]);
    if (PyErr_Occurred()) {
        return NULL;
    }
    if (!PyAnySet_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError, "tree(): barriers is a set");
        return NULL;
    }
    tb.document = cdom_document(tb.lx, root);
    tb.seen = PyDict_New();
    Records out = {
        PyDict_New(), PyDict_New(), PyDict_New(), PyDict_New(), PyDict_New(),
        PyList_New(0), PyList_New(0), PyDict_New(), PyDict_New(),
    };
    PyObject *result = NULL;
    if (tb.seen != NULL && out.prose != NULL && out.text != NULL && out.links != NULL &&
        out.parents != NULL && out.tags != NULL && out.paragraphs != NULL &&
        out.under != NULL && out.barrier != NULL && out.categories != NULL &&
        walk(&tb, &out, root, args[2], args[3], minimum, loose_minimum) == 0) {
        result = PyTuple_Pack(9, out.prose, out.text, out.links, out.parents, out.tags,
                              out.paragraphs, out.under, out.barrier, out.categories);
    }
    Py_XDECREF(tb.seen);
    Py_XDECREF(out.parents);
    Py_XDECREF(out.tags);
    Py_XDECREF(out.prose);
    Py_XDECREF(out.text);
    Py_XDECREF(out.links);
    Py_XDECREF(out.paragraphs);
    Py_XDECREF(out.under);
    Py_XDECREF(out.barrier);
    Py_XDECREF(out.categories);
    return result;
}

/* ---- single nodes, for the guess's last steps -------------------------------------------- */

PyObject *
cdom_element(PyObject *module, PyObject *mem_id)
{
    const CdomLexbor *lx = cdom_lexbor(module);
    void *node = lx != NULL ? cdom_node(mem_id) : NULL;
    if (node == NULL) {
        return NULL;
    }
    void *up = lx->parent(node);
    PyObject *parent = up != NULL ? PyLong_FromVoidPtr(up) : Py_NewRef(Py_None);
    PyObject *tag = parent != NULL ? tree_tag_of(lx, node) : NULL;
    PyObject *cls = NULL, *ident = NULL;
    bool failed = tag == NULL;
    if (!failed && lx->type(node) == CDOM_ELEMENT) {
        cls = tree_attribute(lx, node, "class", &failed);
        ident = failed ? NULL : tree_attribute(lx, node, "id", &failed);
    }
    PyObject *result = NULL;
    if (!failed) {
        result = PyTuple_Pack(4, parent, tag, cls != NULL ? cls : Py_None,
                              ident != NULL ? ident : Py_None);
    }
    Py_XDECREF(parent);
    Py_XDECREF(tag);
    Py_XDECREF(cls);
    Py_XDECREF(ident);
    return result;
}

PyObject *
cdom_path(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "path(root, mem_id)");
        return NULL;
    }
    const CdomLexbor *lx = cdom_lexbor(module);
    void *root = lx != NULL ? cdom_node(args[0]) : NULL;
    void *node = root != NULL ? cdom_node(args[1]) : NULL;
    if (node == NULL) {
        return NULL;
    }
    PyObject *steps = PyList_New(0);
    for (void *at = node; steps != NULL && at != root; at = lx->parent(at)) {
        if (at == NULL) { /* the top passed: not under root */
            Py_DECREF(steps);
            Py_RETURN_NONE;
        }
        Py_ssize_t index = 0;
        for (void *before = lx->prev(at); before != NULL; before = lx->prev(before)) {
            index++;
        }
        if (append_new(steps, PyLong_FromSsize_t(index)) < 0) {
            Py_CLEAR(steps);
        }
    }
    if (steps != NULL && PyList_Reverse(steps) < 0) {
        Py_CLEAR(steps);
    }
    return steps;
}
