/* cleaner._ctext, the decision's end (DecideSteps' settle and blocks): the twins of
 * decide._settle_python and decide._blocks_python. See _ctext_decide.c for the whole. */
#include "_ctext_decide.h"

/* The positions of the kept slots among `indices` (all of slots' when NULL), into `alive`;
 * their count, or -1 with an exception set. */
static Py_ssize_t
kept(Steps *self, PyObject *slots, const Py_ssize_t *indices, Py_ssize_t n, Py_ssize_t *alive)
{
    Py_ssize_t count = 0;
    for (Py_ssize_t j = 0; j < n; j++) {
        Py_ssize_t i = indices == NULL ? j : indices[j];
        if (i >= PyList_GET_SIZE(slots)) { /* once(...) shortened the list */
            PyErr_SetString(PyExc_IndexError, "list index out of range");
            return -1;
        }
        int keep = decide_is(self, PyList_GET_ITEM(slots, i), N_VERDICT, self->k[K_KEEP]);
        if (keep < 0) {
            return -1;
        }
        if (keep) {
            alive[count++] = i;
        }
    }
    return count;
}

/* One settle pass: the kept slots' segments decided again by once(...); the slots it no
 * longer keeps replace theirs, settled. Returns how many it dropped, or -1. */
static Py_ssize_t
settle_pass(Steps *self, PyObject *const *args, Py_ssize_t *alive, Py_ssize_t n)
{
    PyObject *slots = args[0], *segments = PyList_New(n), *again = NULL;
    for (Py_ssize_t j = 0; segments != NULL && j < n; j++) {
        PyObject *slot = PyList_GetItem(slots, alive[j]); /* borrowed; bounds checked */
        PyObject *seg = slot == NULL ? NULL : decide_get(self, slot, N_SEGMENT);
        if (seg == NULL) {
            Py_CLEAR(segments);
            break;
        }
        PyList_SET_ITEM(segments, j, seg);
    }
    if (segments != NULL) {
        PyObject *call[5] = {segments, args[2], args[3], args[4], args[5]};
        PyObject *made = PyObject_Vectorcall(args[1], call, 5, NULL);
        again = made == NULL ? NULL : PySequence_List(made);
        Py_XDECREF(made);
        Py_DECREF(segments);
    }
    if (again == NULL) {
        return -1;
    }
    Py_ssize_t m = PyList_GET_SIZE(again), gone = 0;
    if (m != n) { /* zip(alive, again, strict=True) */
        PyErr_Format(PyExc_ValueError, "zip() argument 2 is %s than argument 1",
                     m < n ? "shorter" : "longer");
        gone = -1;
    }
    Py_ssize_t *drop = gone < 0 ? NULL : PyMem_New(Py_ssize_t, n + 1);
    if (drop == NULL && gone == 0) {
        PyErr_NoMemory();
        gone = -1;
    }
    for (Py_ssize_t j = 0; gone >= 0 && j < n; j++) { /* the gone list, then its writes */
        int keep = decide_is(self, PyList_GET_ITEM(again, j), N_VERDICT, self->k[K_KEEP]);
        if (keep < 0) {
            gone = -1;
        } else if (!keep) {
            drop[gone++] = j;
        }
    }
    for (Py_ssize_t g = 0; gone > 0 && g < gone; g++) {
        PyObject *s = PyList_GET_ITEM(again, drop[g]);
        if (decide_put(s, N_SETTLED, Py_True) < 0 ||
            PyList_SetItem(slots, alive[drop[g]], Py_NewRef(s)) < 0) {
            gone = -1;
        }
    }
    PyMem_Free(drop);
    Py_DECREF(again);
    return gone;
}

/* settle(slots, once, rules, html, memo, t, passes): decide.decide's settle loop. */
PyObject *
decide_settle(Steps *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 7 || !PyList_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "settle(slots: list, once, rules, html, memo, t, passes)");
        return NULL;
    }
    Py_ssize_t passes = PyLong_AsSsize_t(args[6]);
    if (passes == -1 && PyErr_Occurred()) {
        return NULL;
    }
    PyObject *slots = args[0];
    Py_ssize_t n = PyList_GET_SIZE(slots);
    Py_ssize_t *alive = PyMem_New(Py_ssize_t, n + 1);
    if (alive == NULL) {
        return PyErr_NoMemory();
    }
    Py_ssize_t live = kept(self, slots, NULL, n, alive);
    for (Py_ssize_t p = 0; live >= 0 && live < n && p < passes; p++) {
        Py_ssize_t gone = settle_pass(self, args, alive, live);
        if (gone <= 0) {
            live = gone < 0 ? -1 : live;
            break;
        }
        live = kept(self, slots, alive, live, alive);
    }
    PyMem_Free(alive);
    return live < 0 ? NULL : Py_NewRef(Py_None);
}

/* blocks(slots): [s.block() for s in slots]. */
PyObject *
decide_blocks(Steps *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 1) {
        PyErr_SetString(PyExc_TypeError, "blocks(slots)");
        return NULL;
    }
    PyObject *out = PySequence_List(args[0]);
    for (Py_ssize_t i = 0; out != NULL && i < PyList_GET_SIZE(out); i++) {
        PyObject *block = PyObject_CallMethodNoArgs(PyList_GET_ITEM(out, i), NAME(N_BLOCK));
        if (block == NULL) {
            Py_CLEAR(out);
        } else {
            PyObject *slot = PyList_GET_ITEM(out, i);
            PyList_SET_ITEM(out, i, block);
            Py_DECREF(slot);
        }
    }
    return out;
}
