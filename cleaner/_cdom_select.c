/* cleaner._cdom: CSS selectors parsed once, matched with Lexbor's own engine.
 *
 *   selectors(texts)      a Selectors object: each text parsed by Lexbor's CSS parser
 *   Selectors.find(i, root)
 *                         the mem_ids LexborNode.css(texts[i]) gives under `root` (a
 *                         document's element: Lexbor's match-root option, as selectolax
 *                         sets it for such a node), in its order, with its duplicates (a
 *                         node once for each selector of a comma list it matches); None
 *                         where texts[i] did not parse
 *   Selectors.find_all(root)
 *                         [find(i, root) for each i], in one walk of the tree where it can
 *   ancestors(mem_ids)    the set of these nodes and every node above each
 *
 * find_all: a walk of the tree costs about as much as matching one selector at each node,
 * so the texts that parse are also parsed joined by ", " (kept only where Lexbor's
 * serialisation of that list is its parts' serialisations joined by ", ": a text such as
 * `[a="x` that swallows what follows it is not joined). One walk with that list finds each
 * node any of them matches, once (Lexbor's match-first option); each text's nodes are
 * then those of the found nodes it matches (lxb_selectors_match_node, which calls back
 * once for each selector of a comma list the node matches: css()'s duplicates), in the
 * walk's order. Where Lexbor reports an error (as for the column combinator `||`) the
 * texts are searched one by one instead, as css() searches them.
 *
 * The parsed lists live in the object, each in its own Lexbor memory, freed with it.
 */
#include "_cdom_select.h"



static void
selectors_dealloc(SelectorsObject *self)
{
    const CdomLexbor *lx = self->lx;
    if (lx != NULL) {
        for (Py_ssize_t i = 0; i < self->count; i++) {
            if (self->lists[i] != NULL) {
                lx->css_list_destroy_memory(self->lists[i]);
            }
        }
        if (self->joined != NULL) {
            lx->css_list_destroy_memory(self->joined);
        }
        if (self->engine != NULL) {
            lx->selectors_destroy(self->engine, true);
        }
        if (self->parser != NULL) {
            lx->css_parser_destroy(self->parser, true);
        }
        if (self->css_selectors != NULL) {
            lx->css_selectors_destroy(self->css_selectors, true);
        }
    }
    PyMem_Free(self->lists);
    Py_XDECREF(self->module);
    PyObject_Free(self);
}

typedef struct {
    PyObject *found;
} FindContext;

static unsigned
found_one(void *node, uint32_t spec, void *ctx)
{
    (void)spec;
    FindContext *context = (FindContext *)ctx;
    PyObject *id = PyLong_FromVoidPtr(node);
    if (id == NULL || PyList_Append(context->found, id) < 0) {
        Py_XDECREF(id);
        Py_CLEAR(context->found);
        return 1; /* LXB_STATUS_ERROR: the search stops */
    }
    Py_DECREF(id);
    return 0;
}

/* css() of one text: selectolax does not read the status, so what was reported before
 * an error stands. */
static PyObject *
find_one(SelectorsObject *self, void *root, Py_ssize_t index)
{
    FindContext context = {PyList_New(0)};
    if (context.found == NULL) {
        return NULL;
    }
    (void)self->lx->selectors_find(self->engine, root, self->lists[index], found_one, &context);
    return context.found;
}

typedef struct {
    void **nodes;
    size_t count, size;
    int failed;
} Found;

static unsigned
found_node(void *node, uint32_t spec, void *ctx)
{
    (void)spec;
    Found *found = (Found *)ctx;
    if (found->count == found->size) {
        size_t size = found->size ? 2 * found->size : 64;
        void **nodes = PyMem_Realloc(found->nodes, size * sizeof(void *));
        if (nodes == NULL) {
            found->failed = 1;
            return 1; /* LXB_STATUS_ERROR: the search stops */
        }
        found->nodes = nodes;
        found->size = size;
    }
    found->nodes[found->count++] = node;
    return 0;
}

static unsigned
count_match(void *node, uint32_t spec, void *ctx)
{
    (void)node;
    (void)spec;
    (*(size_t *)ctx)++;
    return 0;
}

/* find_all through the joined list: 1 done, 0 where Lexbor reported an error (the caller
 * searches text by text), -1 with an exception set. */
static int
find_joined(SelectorsObject *self, void *root, PyObject *results)
{
    const CdomLexbor *lx = self->lx;
    Found found = {NULL, 0, 0, 0};
    lx->selectors_opt_set(self->engine, CDOM_MATCH_ROOT | CDOM_MATCH_FIRST);
    unsigned status = lx->selectors_find(self->engine, root, self->joined, found_node, &found);
    lx->selectors_opt_set(self->engine, 0);
    int done = found.failed ? -1 : status == 0;
    for (Py_ssize_t i = 0; done == 1 && i < self->count; i++) {
        if (self->lists[i] == NULL) {
            continue;
        }
        PyObject *ids = PyList_New(0);
        if (ids == NULL) {
            done = -1;
            break;
        }
        PyList_SET_ITEM(results, i, ids); /* replaces None */
        Py_DECREF(Py_None);
        for (size_t k = 0; done == 1 && k < found.count; k++) {
            size_t times = 0;
            if (lx->selectors_match_node(self->engine, found.nodes[k], self->lists[i],
                                         count_match, &times) != 0) {
                done = 0;
                break;
            }
            PyObject *id = times ? PyLong_FromVoidPtr(found.nodes[k]) : NULL;
            for (size_t t = 0; t < times && done == 1; t++) {
                if (id == NULL || PyList_Append(ids, id) < 0) {
                    done = -1;
                }
            }
            Py_XDECREF(id);
        }
    }
    lx->selectors_opt_set(self->engine, CDOM_MATCH_ROOT);
    PyMem_Free(found.nodes);
    if (found.failed) {
        PyErr_NoMemory();
    }
    return done;
}

static PyObject *
selectors_find_all(SelectorsObject *self, PyObject *root_id)
{
    void *root = cdom_node(root_id);
    PyObject *results = root != NULL ? PyList_New(self->count) : NULL;
    if (results == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < self->count; i++) {
        PyList_SET_ITEM(results, i, Py_NewRef(Py_None));
    }
    int done = self->joined != NULL ? find_joined(self, root, results) : 0;
    for (Py_ssize_t i = 0; done == 0 && i < self->count; i++) {
        if (self->lists[i] == NULL) {
            continue;
        }
        PyObject *ids = find_one(self, root, i);
        if (ids == NULL) {
            done = -1;
            break;
        }
        PyObject *old = PyList_GET_ITEM(results, i);
        PyList_SET_ITEM(results, i, ids);
        Py_DECREF(old);
    }
    if (done < 0) {
        Py_DECREF(results);
        return NULL;
    }
    return results;
}

static PyObject *
selectors_find(SelectorsObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "find(index, root)");
        return NULL;
    }
    Py_ssize_t index = PyLong_AsSsize_t(args[0]);
    if (index == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (index < 0 || index >= self->count) {
        PyErr_SetString(PyExc_IndexError, "Selectors.find: no such selector");
        return NULL;
    }
    void *root = cdom_node(args[1]);
    if (root == NULL) {
        return NULL;
    }
    if (self->lists[index] == NULL) {
        Py_RETURN_NONE;
    }
    return find_one(self, root, index);
}

static PyObject *
selectors_len(SelectorsObject *self, PyObject *unused)
{
    (void)unused;
    return PyLong_FromSsize_t(self->count);
}

static PyMethodDef selectors_methods[] = {
    {"find", (PyCFunction)(void (*)(void))selectors_find, METH_FASTCALL,
     "find(index, root): mem_ids of root.css(texts[index]), or None (did not parse)."},
    {"find_all", (PyCFunction)selectors_find_all, METH_O,
     "find_all(root): [find(i, root) for each text], in one walk where it can."},
    {"count", (PyCFunction)selectors_len, METH_NOARGS, "count(): how many texts."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject SelectorsType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "cleaner._cdom.Selectors",
    .tp_basicsize = sizeof(SelectorsObject),
    .tp_dealloc = (destructor)selectors_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "CSS selectors parsed once by Lexbor (_cdom.selectors).",
    .tp_methods = selectors_methods,
};

PyObject *
cdom_selectors(PyObject *module, PyObject *texts)
{
    const CdomLexbor *lx = cdom_lexbor(module);
    if (lx == NULL) {
        return NULL;
    }
    if (!PyTuple_Check(texts)) {
        PyErr_SetString(PyExc_TypeError, "selectors(texts): a tuple of str");
        return NULL;
    }
    if (PyType_Ready(&SelectorsType) < 0) {
        return NULL;
    }
    SelectorsObject *self = PyObject_New(SelectorsObject, &SelectorsType);
    if (self == NULL) {
        return NULL;
    }
    Py_ssize_t count = PyTuple_GET_SIZE(texts);
    self->module = Py_NewRef(module);
    self->lx = lx;
    self->parser = self->css_selectors = self->engine = self->joined = NULL;
    self->count = 0;
    self->lists = PyMem_Calloc(count > 0 ? (size_t)count : 1, sizeof(void *));
    if (self->lists == NULL) {
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    if (cdom_select_engine(self) < 0) {
        Py_DECREF(self);
        PyErr_SetString(PyExc_MemoryError, "cleaner._cdom: Lexbor's CSS parser not made");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_ssize_t len = 0;
        const char *data = PyUnicode_AsUTF8AndSize(PyTuple_GET_ITEM(texts, i), &len);
        if (data == NULL) {
            Py_DECREF(self);
            return NULL;
        }
        /* Each list in a memory of its own (the parser makes one where it has none). */
        lx->css_parser_memory_set(self->parser, NULL);
        self->lists[i] = lx->css_selectors_parse(self->parser, (const cdom_char *)data,
                                                 (size_t)len);
        self->count = i + 1;
    }
    lx->css_parser_memory_set(self->parser, NULL);
    if (cdom_select_join(self, texts) < 0) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

PyObject *
cdom_ancestors(PyObject *module, PyObject *mem_ids)
{
    const CdomLexbor *lx = cdom_lexbor(module);
    PyObject *seq = lx != NULL ? PySequence_Fast(mem_ids, "ancestors(mem_ids)") : NULL;
    PyObject *found = seq != NULL ? PySet_New(NULL) : NULL;
    if (found == NULL) {
        Py_XDECREF(seq);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(seq); i++) {
        void *node = cdom_node(PySequence_Fast_GET_ITEM(seq, i));
        if (node == NULL) {
            Py_DECREF(seq);
            Py_DECREF(found);
            return NULL;
        }
        for (; node != NULL; node = lx->parent(node)) {
            PyObject *id = PyLong_FromVoidPtr(node);
            int seen = id != NULL ? PySet_Contains(found, id) : -1;
            if (seen == 0) {
                seen = PySet_Add(found, id);
            }
            else if (seen == 1) {
                Py_DECREF(id);
                break;
            }
            Py_XDECREF(id);
            if (seen < 0) {
                Py_DECREF(seq);
                Py_DECREF(found);
                return NULL;
            }
        }
    }
    Py_DECREF(seq);
    return found;
}
