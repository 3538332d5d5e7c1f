/* cleaner._cdom: compiled passes over the DOM selectolax has parsed.
 *
 * Like cleaner._ctext, each pass computes exactly what a Python function of the package
 * computes; the Python stays the reference and the fallback, and the tests hold the two
 * together. This file holds the binding every pass uses (_cdom.h):
 *
 *   bind(path)                 find Lexbor's functions in the selectolax extension at
 *                              `path` (already loaded by `import selectolax.lexbor`)
 *   children(mem_id, text, skip_empty)
 *                              (mem_id, node type, tag id) of a node's children, as
 *                              LexborNode.iter(include_text=text, skip_empty=skip_empty)
 *   text(mem_id)               LexborNode.text_content of a text node, else None
 *
 * The last two are what the binding's tests compare with selectolax. Lexbor is not
 * linked: its functions are looked up by name with dlsym() in the library selectolax
 * loaded (dlopen with RTLD_NOLOAD: no second copy is ever loaded). Where a name is
 * missing, bind() raises OSError and cleaner/native.py keeps the Python passes.
 *
 * The found functions live in the module's state; nothing else is kept.
 */
#include "_cdom.h"

#include <dlfcn.h>

typedef struct {
    CdomLexbor lexbor;
    int bound;
} CdomState;

static CdomState *
state_of(PyObject *module)
{
    return (CdomState *)PyModule_GetState(module);
}

const CdomLexbor *
cdom_lexbor(PyObject *module)
{
    CdomState *state = state_of(module);
    if (state == NULL || !state->bound) {
        PyErr_SetString(PyExc_RuntimeError, "cleaner._cdom: bind() has not run");
        return NULL;
    }
    return &state->lexbor;
}

void *
cdom_node(PyObject *mem_id)
{
    void *node = PyLong_AsVoidPtr(mem_id);
    if (node == NULL && !PyErr_Occurred()) {
        PyErr_SetString(PyExc_ValueError, "cleaner._cdom: a node's mem_id is not 0");
    }
    return node;
}

PyObject *
cdom_decode(const cdom_char *data, size_t len)
{
    if (len > (size_t)PY_SSIZE_T_MAX) {
        PyErr_SetString(PyExc_OverflowError, "cleaner._cdom: text too long");
        return NULL;
    }
    return PyUnicode_DecodeUTF8((const char *)data, (Py_ssize_t)len, "replace");
}

bool
cdom_blank(const cdom_char *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        cdom_char c = data[i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\f' && c != '\r') {
            return false;
        }
    }
    return true;
}

void *
cdom_document(const CdomLexbor *lx, void *node)
{
    void *top = node;
    for (void *up = lx->parent(node); up != NULL; up = lx->parent(up)) {
        top = up;
    }
    return lx->type(top) == CDOM_DOCUMENT ? top : NULL;
}

PyObject *
cdom_text(const CdomLexbor *lx, void *document, void *node, bool *blank)
{
    size_t len = 0;
    cdom_char *copy = lx->text_content(node, &len);
    if (copy == NULL) {
        if (blank != NULL) {
            *blank = true;
        }
        return PyUnicode_New(0, 0);
    }
    if (blank != NULL) {
        *blank = cdom_blank(copy, len);
    }
    PyObject *text = cdom_decode(copy, len);
    if (document != NULL) {
        lx->destroy_text(document, copy);
    }
    return text;
}

/* ---- bind -------------------------------------------------------------------------- */

static PyObject *
cdom_bind(PyObject *module, PyObject *path)
{
    PyObject *encoded = NULL;
    if (!PyUnicode_FSConverter(path, &encoded)) {
        return NULL;
    }
    void *library = dlopen(PyBytes_AS_STRING(encoded), RTLD_NOW | RTLD_NOLOAD);
    Py_DECREF(encoded);
    if (library == NULL) {
        const char *why = dlerror();
        PyErr_Format(PyExc_OSError, "cleaner._cdom: the selectolax extension is not loaded: %s",
                     why != NULL ? why : "dlopen failed");
        return NULL;
    }
    CdomLexbor found;
    struct {
        const char *name;
        void **slot;
    } names[] = {
        {"lxb_dom_node_first_child_noi", (void **)&found.first_child},
        {"lxb_dom_node_next_noi", (void **)&found.next},
        {"lxb_dom_node_prev_noi", (void **)&found.prev},
        {"lxb_dom_node_parent_noi", (void **)&found.parent},
        {"lxb_dom_node_tag_id_noi", (void **)&found.tag_id},
        {"lxb_dom_node_type_noi", (void **)&found.type},
        {"lxb_dom_node_text_content", (void **)&found.text_content},
        {"lxb_dom_document_destroy_text_noi", (void **)&found.destroy_text},
        {"lxb_dom_element_get_attribute", (void **)&found.get_attribute},
        {"lxb_dom_element_has_attribute", (void **)&found.has_attribute},
        {"lxb_dom_element_class_noi", (void **)&found.class_},
        {"lxb_dom_element_id_noi", (void **)&found.id},
        {"lxb_dom_element_qualified_name", (void **)&found.qualified_name},
        {"lxb_dom_element_first_attribute_noi", (void **)&found.first_attribute},
        {"lxb_dom_node_remove", (void **)&found.remove},
        {"lxb_dom_element_prefix", (void **)&found.prefix},
        {"lxb_css_parser_create", (void **)&found.css_parser_create},
        {"lxb_css_parser_init", (void **)&found.css_parser_init},
        {"lxb_css_parser_destroy", (void **)&found.css_parser_destroy},
        {"lxb_css_parser_memory_set_noi", (void **)&found.css_parser_memory_set},
        {"lxb_css_parser_selectors_set_noi", (void **)&found.css_parser_selectors_set},
        {"lxb_css_selectors_create", (void **)&found.css_selectors_create},
        {"lxb_css_selectors_init", (void **)&found.css_selectors_init},
        {"lxb_css_selectors_destroy", (void **)&found.css_selectors_destroy},
        {"lxb_css_selectors_parse", (void **)&found.css_selectors_parse},
        {"lxb_css_selector_list_destroy_memory", (void **)&found.css_list_destroy_memory},
        {"lxb_selectors_create", (void **)&found.selectors_create},
        {"lxb_selectors_init", (void **)&found.selectors_init},
        {"lxb_selectors_destroy", (void **)&found.selectors_destroy},
        {"lxb_selectors_find", (void **)&found.selectors_find},
        {"lxb_selectors_opt_set_noi", (void **)&found.selectors_opt_set},
        {"lxb_selectors_match_node", (void **)&found.selectors_match_node},
        {"lxb_css_selector_serialize_list_chain", (void **)&found.css_serialize_list_chain},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        void *symbol = dlsym(library, names[i].name);
        if (symbol == NULL) {
            dlclose(library);
            PyErr_Format(PyExc_OSError, "cleaner._cdom: Lexbor's %s is not in %R",
                         names[i].name, path);
            return NULL;
        }
        *names[i].slot = symbol;
    }
    /* The handle is kept open: selectolax's module holds the library for the process. */
    CdomState *state = state_of(module);
    state->lexbor = found;
    state->bound = 1;
    Py_RETURN_NONE;
}

/* ---- the primitives the binding's tests compare with selectolax -------------------- */

static PyObject *
cdom_children(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "children(mem_id, include_text, skip_empty)");
        return NULL;
    }
    const CdomLexbor *lx = cdom_lexbor(module);
    void *parent = lx != NULL ? cdom_node(args[0]) : NULL;
    int include_text = parent != NULL ? PyObject_IsTrue(args[1]) : -1;
    int skip_empty = include_text >= 0 ? PyObject_IsTrue(args[2]) : -1;
    if (skip_empty < 0) {
        return NULL;
    }
    void *document = cdom_document(lx, parent);
    PyObject *found = PyList_New(0);
    for (void *node = lx->first_child(parent); found != NULL && node != NULL;
         node = lx->next(node)) {
        int type = lx->type(node);
        if (type == CDOM_TEXT) {
            if (!include_text) {
                continue;
            }
            bool blank = false;
            PyObject *text = cdom_text(lx, document, node, &blank);
            if (text == NULL) {
                Py_CLEAR(found);
                break;
            }
            Py_DECREF(text);
            if (skip_empty && blank) {
                continue;
            }
        }
        PyObject *item = Py_BuildValue("(Nik)", PyLong_FromVoidPtr(node), type,
                                       (unsigned long)lx->tag_id(node));
        if (item == NULL || PyList_Append(found, item) < 0) {
            Py_XDECREF(item);
            Py_CLEAR(found);
            break;
        }
        Py_DECREF(item);
    }
    return found;
}

static PyObject *
cdom_text_of(PyObject *module, PyObject *mem_id)
{
    const CdomLexbor *lx = cdom_lexbor(module);
    void *node = lx != NULL ? cdom_node(mem_id) : NULL;
    if (node == NULL) {
        return NULL;
    }
    if (lx->type(node) != CDOM_TEXT) {
        Py_RETURN_NONE;
    }
    return cdom_text(lx, cdom_document(lx, node), node, NULL);
}

/* ---- the module ---------------------------------------------------------------------- */

static PyMethodDef module_methods[] = {
    {"bind", (PyCFunction)cdom_bind, METH_O,
     "bind(path): find Lexbor's functions in the loaded selectolax extension at path."},
    {"children", (PyCFunction)(void (*)(void))cdom_children, METH_FASTCALL,
     "children(mem_id, include_text, skip_empty): (mem_id, type, tag_id) of each child."},
    {"text", (PyCFunction)cdom_text_of, METH_O,
     "text(mem_id): a text node's text (LexborNode.text_content), else None."},
    {"strip", (PyCFunction)(void (*)(void))cdom_strip, METH_FASTCALL,
     "strip(mem_id, tag_ids): html_tags.strip_python's removals, in one walk (_cdom_strip.c)."},
    {"walk_tables", (PyCFunction)(void (*)(void))cdom_walk_tables, METH_FASTCALL,
     "walk_tables(...): the HTML walk's constant tables (_cdom_walk.c)."},
    {"walk", (PyCFunction)(void (*)(void))cdom_walk, METH_FASTCALL,
     "walk(body, ...): segment_html._walk_python's segments (_cdom_walk.c)."},
    {"walk_normalized", (PyCFunction)(void (*)(void))cdom_walk_normalized, METH_FASTCALL,
     "walk_normalized(tables, text): the walk's own normalize_line, or None (_cdom_walk.c)."},
    {"tree", (PyCFunction)(void (*)(void))cdom_tree, METH_FASTCALL,
     "tree(root, table, category, barriers, minimum, loose_minimum): the container figures."},
    {"element", (PyCFunction)cdom_element, METH_O,
     "element(mem_id): (parent mem_id, tag, class, id) of a node."},
    {"path", (PyCFunction)(void (*)(void))cdom_path, METH_FASTCALL,
     "path(root, mem_id): child indexes from root down to mem_id, or None."},
    {"selectors", (PyCFunction)cdom_selectors, METH_O,
     "selectors(texts): the CSS selectors parsed once (_cdom_select.c)."},
    {"ancestors", (PyCFunction)cdom_ancestors, METH_O,
     "ancestors(mem_ids): each node's mem_id and every one above it (_cdom_select.c)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef cdom_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "cleaner._cdom",
    .m_doc = "Compiled passes over selectolax's Lexbor tree, through Lexbor's public C API.",
    .m_size = sizeof(CdomState),
    .m_methods = module_methods,
};

PyMODINIT_FUNC
PyInit__cdom(void)
{
    PyObject *module = PyModule_Create(&cdom_module);
    if (module != NULL) {
        state_of(module)->bound = 0;
    }
    return module;
}
