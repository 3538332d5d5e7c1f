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

/* ---- characters ---------------------------------------------------------------------- */

/* len(decoded.strip()) of UTF-8 bytes, or -1 with an error set. */
static Py_ssize_t
stripped_length(const cdom_char *data, size_t len)
{
    size_t i = 0;
    while (i < len && data[i] < 0x80) {
        i++;
    }
    if (i == len) { /* ASCII: one code point a byte */
        size_t lo = 0, hi = len;
        while (lo < hi && Py_UNICODE_ISSPACE(data[lo])) {
            lo++;
        }
        while (hi > lo && Py_UNICODE_ISSPACE(data[hi - 1])) {
            hi--;
        }
        return (Py_ssize_t)(hi - lo);
    }
    PyObject *text = cdom_decode(data, len);
    if (text == NULL) {
        return -1;
    }
    int kind = PyUnicode_KIND(text);
    const void *chars = PyUnicode_DATA(text);
    Py_ssize_t lo = 0, hi = PyUnicode_GET_LENGTH(text);
    while (lo < hi && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, chars, lo))) {
        lo++;
    }
    while (hi > lo && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, chars, hi - 1))) {
        hi--;
    }
    Py_DECREF(text);
    return hi - lo;
}

/* len(node.text_content.strip()) of a text node, or -1 with an error set. */
static Py_ssize_t
text_length(const Table *tb, void *node)
{
    size_t len = 0;
    cdom_char *copy = tb->lx->text_content(node, &len);
    if (copy == NULL) {
        return 0;
    }
    Py_ssize_t found = stripped_length(copy, len);
    if (tb->document != NULL) {
        tb->lx->destroy_text(tb->document, copy);
    }
    return found;
}

/* len(link.text(strip=True)): every text node under it (by its tag id, as selectolax's
 * walk picks them), each stripped; or -1 with an error set. */
static Py_ssize_t
link_length(const Table *tb, void *link)
{
    const CdomLexbor *lx = tb->lx;
    Py_ssize_t total = 0;
    void *node = lx->first_child(link);
    while (node != NULL) {
        if (lx->tag_id(node) == tb->text_id) {
            Py_ssize_t length = text_length(tb, node);
            if (length < 0) {
                return -1;
            }
            total += length;
        }
        void *down = lx->first_child(node);
        if (down != NULL) {
            node = down;
            continue;
        }
        void *after = NULL;
        while (node != link && (after = lx->next(node)) == NULL) {
            node = lx->parent(node);
        }
        node = after;
    }
    return total;
}

/* ---- names and roles ------------------------------------------------------------------ */

/* The table's name for a tag id (borrowed), or NULL. */
static PyObject *
table_name(const Table *tb, uintptr_t id)
{
    if (id >= (uintptr_t)tb->nroles || !(tb->roles[id] & tb->mask[M_KNOWN])) {
        return NULL;
    }
    PyObject *name = PyTuple_GET_ITEM(tb->names, (Py_ssize_t)id);
    return name != Py_None ? name : NULL;
}

/* role_of(name), asked once a call for each name (-1 with an error set). */
static long
named_role(Table *tb, PyObject *name)
{
    PyObject *known = PyDict_GetItemWithError(tb->seen, name);
    if (known == NULL) {
        if (PyErr_Occurred()) {
            return -1;
        }
        known = PyObject_CallOneArg(tb->role_of, name);
        if (known == NULL || PyDict_SetItem(tb->seen, name, known) < 0) {
            Py_XDECREF(known);
            return -1;
        }
        Py_DECREF(known);
    }
    return PyLong_AsLong(known);
}

/* LexborNode.tag of a node (new reference; Py_None where selectolax gives None). */
static PyObject *
tag_of(const CdomLexbor *lx, void *node)
{
    switch (lx->type(node)) {
    case CDOM_ELEMENT: {
        size_t len = 0;
        const cdom_char *name = lx->qualified_name(node, &len);
        if (name == NULL) {
            Py_RETURN_NONE;
        }
        return cdom_decode(name, len);
    }
    case CDOM_TEXT:
        return PyUnicode_FromString("-text");
    case 8: /* comment */
        return PyUnicode_FromString("-comment");
    case CDOM_DOCUMENT:
        return PyUnicode_FromString("-document");
    case 10: /* doctype */
        return PyUnicode_FromString("-doctype");
    default:
        Py_RETURN_NONE;
    }
}

/* Whether an element's name is the table's name for its id (then the table answers for
 * its name too, and the record's tag is the table's string). */
static bool
named_as_table(const Table *tb, void *node, uintptr_t id)
{
    PyObject *name = table_name(tb, id);
    if (name == NULL) {
        return false;
    }
    size_t len = 0;
    const cdom_char *qualified = tb->lx->qualified_name(node, &len);
    Py_ssize_t want = 0;
    const char *expected = PyUnicode_AsUTF8AndSize(name, &want);
    return qualified != NULL && expected != NULL && (size_t)want == len &&
           memcmp(qualified, expected, len) == 0;
}

/* The role of a node read as the Python walk reads it: html_tags' flags by tag id where
 * the table has the id, else by its tag's name (role_of); -1 with an error set. */
static long
node_flags(Table *tb, void *node, uintptr_t id)
{
    if (id < (uintptr_t)tb->nroles && (tb->roles[id] & tb->mask[M_KNOWN])) {
        return tb->roles[id];
    }
    PyObject *tag = tag_of(tb->lx, node);
    if (tag == NULL) {
        return -1;
    }
    PyObject *name = tag;
    if (tag == Py_None) {
        name = PyUnicode_New(0, 0);
        Py_DECREF(tag);
        if (name == NULL) {
            return -1;
        }
    }
    long role = named_role(tb, name);
    Py_DECREF(name);
    return role;
}

/* The role of an element by its tag's name (node.tag): the chrome, page and main bits the
 * Python tests on node.tag. */
static long
name_role(Table *tb, void *node, uintptr_t id, bool *as_table)
{
    *as_table = named_as_table(tb, node, id);
    if (*as_table) {
        return tb->roles[id];
    }
    PyObject *tag = tag_of(tb->lx, node);
    if (tag == NULL) {
        return -1;
    }
    long role = 0;
    if (tag != Py_None) {
        role = named_role(tb, tag);
    }
    Py_DECREF(tag);
    return role;
}

/* ---- class and id ---------------------------------------------------------------------- */

/* An attribute's value as attributes.get(name) gives it: a str, or NULL (absent or
 * valueless: selectolax's None) with no error; *failed set on an error. */
static PyObject *
attribute(const CdomLexbor *lx, void *element, const char *name, bool *failed)
{
    size_t len = 0;
    const cdom_char *value =
        lx->get_attribute(element, (const cdom_char *)name, strlen(name), &len);
    if (value == NULL) {
        return NULL;
    }
    PyObject *text = cdom_decode(value, len);
    if (text == NULL) {
        *failed = true;
    }
    return text;
}

/* locate.class_and_id(): the non-empty class and id, class first, space-joined. */
static PyObject *
class_and_id(const CdomLexbor *lx, void *element)
{
    bool failed = false;
    PyObject *cls = attribute(lx, element, "class", &failed);
    PyObject *ident = failed ? NULL : attribute(lx, element, "id", &failed);
    PyObject *named = NULL;
    if (!failed) {
        bool has_cls = cls != NULL && PyUnicode_GET_LENGTH(cls) > 0;
        bool has_id = ident != NULL && PyUnicode_GET_LENGTH(ident) > 0;
        if (has_cls && has_id) {
            named = PyUnicode_FromFormat("%U %U", cls, ident);
        }
        else if (has_cls || has_id) {
            named = Py_NewRef(has_cls ? cls : ident);
        }
        else {
            named = PyUnicode_New(0, 0);
        }
    }
    Py_XDECREF(cls);
    Py_XDECREF(ident);
    return named;
}

/* The chrome category of an element's class/id ("" where it names none), as
 * container_tree's category() finds it (new reference, or NULL with an error set). */
static PyObject *
category_of(const CdomLexbor *lx, void *element, PyObject *category)
{
    PyObject *named = class_and_id(lx, element);
    if (named == NULL || PyUnicode_GET_LENGTH(named) == 0) {
        return named;
    }
    PyObject *found = PyObject_CallOneArg(category, named);
    Py_DECREF(named);
    if (found == NULL || found == Py_None) {
        Py_XDECREF(found);
        return found == NULL ? NULL : PyUnicode_New(0, 0);
    }
    PyObject *name = PyObject_GetAttrString(found, "category");
    Py_DECREF(found);
    return name;
}

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
        tag = tag_of(tb->lx, f->node);
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
        PyObject *name = category_of(tb->lx, f->node, category);
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
    long role = name_role(tb, node, id, &f->as_table);
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
            role = name_role(tb, up, tb->lx->tag_id(up), &as_table);
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
            long flags = node_flags(tb, node, id);
            if (flags < 0) {
                goto failed;
            }
            if (flags & tb->mask[M_TEXT]) {
                if (lx->type(node) == CDOM_TEXT) {
                    Py_ssize_t length = text_length(tb, node);
                    if (length < 0) {
                        goto failed;
                    }
                    f->text += length;
                }
                continue;
            }
            if (flags & tb->mask[M_LINK]) {
                Py_ssize_t length = link_length(tb, node);
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
    PyObject *tag = parent != NULL ? tag_of(lx, node) : NULL;
    PyObject *cls = NULL, *ident = NULL;
    bool failed = tag == NULL;
    if (!failed && lx->type(node) == CDOM_ELEMENT) {
        cls = attribute(lx, node, "class", &failed);
        ident = failed ? NULL : attribute(lx, node, "id", &failed);
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
