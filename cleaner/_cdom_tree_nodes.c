/* cleaner._cdom: the container guess's reads of one node (see _cdom_tree.c for the whole):
 * its characters as the Python counts them, its tag's name and role, its class and id,
 * and their chrome category. */
#include "_cdom_tree.h"

/* ---- characters ---------------------------------------------------------------------- */

/* len(decoded.strip()) of UTF-8 bytes, or -1 with an error set. */
Py_ssize_t
tree_stripped_length(const cdom_char *data, size_t len)
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
Py_ssize_t
tree_text_length(const Table *tb, void *node)
{
    size_t len = 0;
    cdom_char *copy = tb->lx->text_content(node, &len);
    if (copy == NULL) {
        return 0;
    }
    Py_ssize_t found = tree_stripped_length(copy, len);
    if (tb->document != NULL) {
        tb->lx->destroy_text(tb->document, copy);
    }
    return found;
}

/* len(link.text(strip=True)): every text node under it (by its tag id, as selectolax's
 * walk picks them), each stripped; or -1 with an error set. */
Py_ssize_t
tree_link_length(const Table *tb, void *link)
{
    const CdomLexbor *lx = tb->lx;
    Py_ssize_t total = 0;
    void *node = lx->first_child(link);
    while (node != NULL) {
        if (lx->tag_id(node) == tb->text_id) {
            Py_ssize_t length = tree_text_length(tb, node);
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
PyObject *
tree_table_name(const Table *tb, uintptr_t id)
{
    if (id >= (uintptr_t)tb->nroles || !(tb->roles[id] & tb->mask[M_KNOWN])) {
        return NULL;
    }
    PyObject *name = PyTuple_GET_ITEM(tb->names, (Py_ssize_t)id);
    return name != Py_None ? name : NULL;
}

/* role_of(name), asked once a call for each name (-1 with an error set). */
long
tree_named_role(Table *tb, PyObject *name)
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
PyObject *
tree_tag_of(const CdomLexbor *lx, void *node)
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
bool
tree_named_as_table(const Table *tb, void *node, uintptr_t id)
{
    PyObject *name = tree_table_name(tb, id);
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
long
tree_node_flags(Table *tb, void *node, uintptr_t id)
{
    if (id < (uintptr_t)tb->nroles && (tb->roles[id] & tb->mask[M_KNOWN])) {
        return tb->roles[id];
    }
    PyObject *tag = tree_tag_of(tb->lx, node);
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
    long role = tree_named_role(tb, name);
    Py_DECREF(name);
    return role;
}

/* The role of an element by its tag's name (node.tag): the chrome, page and main bits the
 * Python tests on node.tag. */
long
tree_name_role(Table *tb, void *node, uintptr_t id, bool *as_table)
{
    *as_table = tree_named_as_table(tb, node, id);
    if (*as_table) {
        return tb->roles[id];
    }
    PyObject *tag = tree_tag_of(tb->lx, node);
    if (tag == NULL) {
        return -1;
    }
    long role = 0;
    if (tag != Py_None) {
        role = tree_named_role(tb, tag);
    }
    Py_DECREF(tag);
    return role;
}

/* ---- class and id ---------------------------------------------------------------------- */

/* An attribute's value as attributes.get(name) gives it: a str, or NULL (absent or
 * valueless: selectolax's None) with no error; *failed set on an error. */
PyObject *
tree_attribute(const CdomLexbor *lx, void *element, const char *name, bool *failed)
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

/* locate.tree_class_and_id(): the non-empty class and id, class first, space-joined. */
PyObject *
tree_class_and_id(const CdomLexbor *lx, void *element)
{
    bool failed = false;
    PyObject *cls = tree_attribute(lx, element, "class", &failed);
    PyObject *ident = failed ? NULL : tree_attribute(lx, element, "id", &failed);
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
PyObject *
tree_category_of(const CdomLexbor *lx, void *element, PyObject *category)
{
    PyObject *named = tree_class_and_id(lx, element);
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
