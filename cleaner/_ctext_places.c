/* cleaner._ctext: FirstScreen, the lines a shape may match by their first character.
 *
 * paragraphs.line_places asks two `regex` shapes of every line of a text document
 * (attribution_label.fullmatch, continuation.match): about 0.15 µs a call before the
 * engine reads a character, and almost every answer is no. FirstScreen(ask) keeps, for
 * each first character c of the Basic Multilingual Plane, whether ask(c) says a text
 * that starts with c may match (paragraphs asks the pattern itself with regex's partial
 * matching: `pattern.fullmatch(c, partial=True)`, None where no text that starts with c
 * can match, as the end of the string cut no match short). places(texts, search) is then
 *
 *   [i for i, text in enumerate(texts) if search(text) is not None]
 *
 * with search called only where the text is empty, starts beyond the BMP, or starts with
 * a character ask said may begin a match. The answers are asked the first time a first
 * character is seen and kept (one byte a BMP code point, 64 KB allocated on first use),
 * never changed once kept. tests/test_native_places.py holds it to the plain list.
 *
 * places(texts, search, known): known, a dict or None, holds search's answers (True or
 * False) by text for the texts the screen let through: a text found there is not asked
 * again, and one asked is added. A Cleaner keeps one per shape across documents
 * (paragraphs.KnownShapes): a site's repeated lines, "Tin tức" or "Thể thao" that pass
 * the label screen by their first letter, cost a lookup on its next page, not a search.
 */
#include "_ctext.h"

#define SCREEN_CHARS 0x10000
#define SCREEN_UNASKED 0
#define SCREEN_MAY 1
#define SCREEN_CANNOT 2

typedef struct {
    PyObject_HEAD
    PyObject *ask;  /* ask(c): a text that starts with c may match (truthy) */
    uint8_t *known; /* SCREEN_* for each BMP code point, or NULL before the first */
} FirstScreen;

static PyObject *
screen_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *ask;
    static char *names[] = {"ask", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:FirstScreen", names, &ask)) {
        return NULL;
    }
    if (!PyCallable_Check(ask)) {
        PyErr_SetString(PyExc_TypeError, "FirstScreen(ask): ask must be callable");
        return NULL;
    }
    FirstScreen *self = (FirstScreen *)type->tp_alloc(type, 0);
    if (self != NULL) {
        self->ask = Py_NewRef(ask);
        self->known = NULL;
    }
    return (PyObject *)self;
}

static void
screen_dealloc(FirstScreen *self)
{
    Py_XDECREF(self->ask);
    PyMem_Free(self->known);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Whether a text starting with c may match: 1 or 0, or -1 with an exception set. */
static int
screen_may(FirstScreen *self, Py_UCS4 c)
{
    if (c >= SCREEN_CHARS) {
        return 1;
    }
    if (self->known == NULL) {
        self->known = PyMem_Calloc(SCREEN_CHARS, 1);
        if (self->known == NULL) {
            PyErr_NoMemory();
            return -1;
        }
    }
    if (self->known[c] == SCREEN_UNASKED) {
        PyObject *one = PyUnicode_FromOrdinal((int)c);
        PyObject *answer = one != NULL ? PyObject_CallOneArg(self->ask, one) : NULL;
        Py_XDECREF(one);
        int may = answer != NULL ? PyObject_IsTrue(answer) : -1;
        Py_XDECREF(answer);
        if (may < 0) {
            return -1;
        }
        self->known[c] = may ? SCREEN_MAY : SCREEN_CANNOT;
    }
    return self->known[c] == SCREEN_MAY;
}

static PyObject *
screen_places(FirstScreen *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs < 2 || nargs > 3 || !PyList_Check(args[0]) || !PyCallable_Check(args[1]) ||
        (nargs == 3 && args[2] != Py_None && !PyDict_CheckExact(args[2]))) {
        PyErr_SetString(PyExc_TypeError,
                        "places(texts, search, known=None): a list, a callable, a dict or None");
        return NULL;
    }
    PyObject *texts = args[0], *search = args[1];
    PyObject *known = nargs == 3 && args[2] != Py_None ? args[2] : NULL;
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 0; out != NULL && i < PyList_GET_SIZE(texts); i++) {
        PyObject *text = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "places: texts must be str");
            Py_CLEAR(out);
            break;
        }
        int may = PyUnicode_GET_LENGTH(text) == 0 ? 1 : screen_may(self, PyUnicode_READ_CHAR(text, 0));
        if (may == 0) {
            continue;
        }
        Py_INCREF(text); /* the list may change under search */
        int status = may > 0 ? 0 : -1, hit = 0;
        if (status == 0 && known != NULL) {
            PyObject *answer = PyDict_GetItemWithError(known, text); /* borrowed */
            if (answer != NULL) {
                hit = answer == Py_True ? 1 : -1;
            } else if (PyErr_Occurred()) {
                status = -1;
            }
        }
        if (status == 0 && hit == 0) {
            PyObject *found = ctext_search(search, text, NULL);
            if (found == NULL) {
                status = -1;
            } else {
                hit = found != Py_None ? 1 : -1;
                Py_DECREF(found);
                if (known != NULL) {
                    status = PyDict_SetItem(known, text, hit > 0 ? Py_True : Py_False);
                }
            }
        }
        Py_DECREF(text);
        if (status == 0 && hit > 0) {
            PyObject *index = PyLong_FromSsize_t(i);
            status = index == NULL ? -1 : PyList_Append(out, index);
            Py_XDECREF(index);
        }
        if (status < 0) {
            Py_CLEAR(out);
        }
    }
    return out;
}

static PyMethodDef screen_methods[] = {
    {"places", (PyCFunction)(void (*)(void))screen_places, METH_FASTCALL,
     "places(texts, search, known=None): the indices of the texts search finds something "
     "in, search asked only of those whose first character may begin a match and known "
     "(a dict of its answers by text, kept up to date) lacks."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject FirstScreenType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "cleaner._ctext.FirstScreen",
    .tp_doc = PyDoc_STR("FirstScreen(ask): a shape's answers by a text's first character."),
    .tp_basicsize = sizeof(FirstScreen),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = screen_new,
    .tp_dealloc = (destructor)screen_dealloc,
    .tp_methods = screen_methods,
};

int
ctext_places_init(PyObject *module)
{
    if (PyType_Ready(&FirstScreenType) < 0) {
        return -1;
    }
    Py_INCREF(&FirstScreenType);
    if (PyModule_AddObject(module, "FirstScreen", (PyObject *)&FirstScreenType) < 0) {
        Py_DECREF(&FirstScreenType);
        return -1;
    }
    return 0;
}
