/* cleaner._ctext, the decision memo's merge: lru_merge(lru, entries), the twin of
 * memo.merge_python (BoundedLRU.merge's loop, the caller holding the table's lock).
 *
 * At the end of each document the Cleaner's three tables take the document's entries
 * (DocumentMemo.commit): on a site's page N most are entries the document read from the
 * table itself, each marked used after a lookup (the second chance the eviction gives),
 * and the Python loop around those two calls cost about 120-160 ns an entry (about 220
 * entries a dantri page). Here the same calls in the same order over the same objects:
 * the table's lookup (the OrderedDict's own dict, as its `get` reads it), `combine(held,
 * value)` stored through the OrderedDict's `__setitem__` where a record was filled in
 * further, the mark (`set.add`), `chars_of(key)` and the insert for a new key, then
 * `popitem(last=False)` until the table is within its bounds, a marked entry unmarked and
 * stored again (at the end) rather than evicted. `lru.chars` is written back also when a
 * call raises, as the Python's running `self.chars += ...` leaves it. */
#include "_ctext.h"

static PyObject *str_table, *str_chars_of, *str_combine, *str_size, *str_max_chars,
    *str_chars, *str_used, *str_popitem, *str_last, *kw_last;

/* An attribute of `lru` as a Py_ssize_t: 0, or -1 with an exception. */
static int
ssize_attr(PyObject *lru, PyObject *name, Py_ssize_t *out)
{
    PyObject *v = PyObject_GetAttr(lru, name);
    if (v == NULL) {
        return -1;
    }
    *out = PyLong_AsSsize_t(v);
    Py_DECREF(v);
    return *out == -1 && PyErr_Occurred() ? -1 : 0;
}

/* chars_of(key) as a Py_ssize_t: 0, or -1 with an exception. */
static int
chars_of_key(PyObject *chars_of, PyObject *key, Py_ssize_t *out)
{
    PyObject *v = PyObject_CallOneArg(chars_of, key);
    if (v == NULL) {
        return -1;
    }
    *out = PyLong_AsSsize_t(v);
    Py_DECREF(v);
    return *out == -1 && PyErr_Occurred() ? -1 : 0;
}

/* The entries' loop; `*chars` kept running as the Python's self.chars. 0, or -1. */
static int
merge_entries(PyObject *table, PyObject *entries, PyObject *chars_of, PyObject *combine,
              PyObject *used, Py_ssize_t max_chars, Py_ssize_t *chars)
{
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(entries, &pos, &key, &value)) {
        Py_INCREF(key);
        Py_INCREF(value);
        int failed = 0;
        PyObject *held = PyDict_GetItemWithError(table, key); /* table.get(key, _MISSING) */
        if (held != NULL) {
            if (combine != Py_None && value != held) { /* a record filled in further */
                Py_INCREF(held);
                PyObject *both = PyObject_CallFunctionObjArgs(combine, held, value, NULL);
                Py_DECREF(held);
                failed = both == NULL || PyObject_SetItem(table, key, both) < 0;
                Py_XDECREF(both);
            }
            if (!failed) { /* used.add(key): otherwise it holds this value already */
                failed = PySet_Add(used, key) < 0;
            }
        }
        else if (PyErr_Occurred()) {
            failed = 1;
        }
        else {
            Py_ssize_t size;
            failed = chars_of_key(chars_of, key, &size) < 0;
            /* `if chars * 10 > self.max_chars: continue` (a text's length is far under
             * PY_SSIZE_T_MAX / 10; one over it is over any max_chars too) */
            if (!failed && !(size > PY_SSIZE_T_MAX / 10 || size * 10 > max_chars)) {
                *chars += size;
                failed = PyObject_SetItem(table, key, value) < 0;
            }
        }
        Py_DECREF(key);
        Py_DECREF(value);
        if (failed) {
            return -1;
        }
    }
    return 0;
}

/* lru_merge(lru, entries) -> None: memo.merge_python(lru, entries). */
PyObject *
ctext_lru_merge(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyDict_CheckExact(args[1])) {
        PyErr_SetString(PyExc_TypeError, "lru_merge(lru, entries): entries a dict");
        return NULL;
    }
    PyObject *lru = args[0], *entries = args[1];
    PyObject *table = NULL, *chars_of = NULL, *combine = NULL, *used = NULL, *pop = NULL;
    Py_ssize_t size, max_chars, chars;
    table = PyObject_GetAttr(lru, str_table);
    if (table != NULL && !PyDict_Check(table)) {
        PyErr_SetString(PyExc_TypeError, "lru_merge: the table is not a dict");
        Py_CLEAR(table);
    }
    chars_of = table == NULL ? NULL : PyObject_GetAttr(lru, str_chars_of);
    combine = chars_of == NULL ? NULL : PyObject_GetAttr(lru, str_combine);
    used = combine == NULL ? NULL : PyObject_GetAttr(lru, str_used);
    if (used != NULL && !PySet_CheckExact(used)) {
        PyErr_SetString(PyExc_TypeError, "lru_merge: the used keys are not a set");
        Py_CLEAR(used);
    }
    pop = used == NULL ? NULL : PyObject_GetAttr(table, str_popitem);
    if (pop == NULL || ssize_attr(lru, str_size, &size) < 0 ||
        ssize_attr(lru, str_max_chars, &max_chars) < 0 || ssize_attr(lru, str_chars, &chars) < 0) {
        goto fail;
    }
    int failed = merge_entries(table, entries, chars_of, combine, used, max_chars, &chars) < 0;
    /* while table and (len(table) > self.size or self.chars > self.max_chars) */
    while (!failed && PyDict_GET_SIZE(table) > 0 &&
           (PyDict_GET_SIZE(table) > size || chars > max_chars)) {
        PyObject *call[2] = {NULL, Py_False}; /* table.popitem(last=False) */
        PyObject *item = PyObject_Vectorcall(pop, call + 1, 0 | PY_VECTORCALL_ARGUMENTS_OFFSET,
                                             kw_last);
        Py_ssize_t gone = 0;
        int marked = 0;
        failed = item == NULL || !PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2;
        if (!failed) { /* if key in used: used.remove(key); table[key] = value */
            PyObject *key = PyTuple_GET_ITEM(item, 0);
            marked = PySet_Discard(used, key);
            failed = marked < 0 ||
                     (marked ? PyObject_SetItem(table, key, PyTuple_GET_ITEM(item, 1)) < 0
                             : chars_of_key(chars_of, key, &gone) < 0);
        }
        if (!failed) {
            chars -= gone;
        }
        else if (item != NULL && !PyErr_Occurred()) {
            PyErr_SetString(PyExc_TypeError, "lru_merge: popitem() is not a pair");
        }
        Py_XDECREF(item);
    }
    PyObject *now = PyLong_FromSsize_t(chars); /* self.chars, also after a failure */
    if (now == NULL) {
        goto fail;
    }
    PyObject *type, *exc, *tb;
    PyErr_Fetch(&type, &exc, &tb);
    int set = PyObject_SetAttr(lru, str_chars, now);
    Py_DECREF(now);
    if (set < 0) {
        Py_XDECREF(type);
        Py_XDECREF(exc);
        Py_XDECREF(tb);
        goto fail;
    }
    PyErr_Restore(type, exc, tb);
    if (failed) {
        goto fail;
    }
    Py_DECREF(table);
    Py_DECREF(chars_of);
    Py_DECREF(combine);
    Py_DECREF(used);
    Py_DECREF(pop);
    Py_RETURN_NONE;
fail:
    Py_XDECREF(table);
    Py_XDECREF(chars_of);
    Py_XDECREF(combine);
    Py_XDECREF(used);
    Py_XDECREF(pop);
    return NULL;
}

int
ctext_lru_init(void)
{
    struct {
        PyObject **name;
        const char *text;
    } names[] = {
        {&str_table, "_table"},       {&str_chars_of, "_chars_of"},
        {&str_combine, "_combine"},   {&str_size, "size"},
        {&str_max_chars, "max_chars"}, {&str_chars, "chars"},
        {&str_used, "_used"}, {&str_popitem, "popitem"},
        {&str_last, "last"},
    };
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
        if (*names[k].name == NULL) {
            *names[k].name = PyUnicode_InternFromString(names[k].text);
            if (*names[k].name == NULL) {
                return -1;
            }
        }
    }
    if (kw_last == NULL) {
        kw_last = PyTuple_Pack(1, str_last);
    }
    return kw_last == NULL ? -1 : 0;
}
