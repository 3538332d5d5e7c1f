/* cleaner._ctext, step 5 of the decision: the neutral slots that follow their decided
 * neighbours (the end of apply_context, with _neighbours) and drop_repeats. */
#include "_ctext_context.h"
#include "_ctext_slot.h"

#define KEEP (d->k[K_KEEP])
#define DROP (d->k[K_DROP])
#define UNDECIDED (d->k[K_UNDECIDED])

/* _neighbours: for every undecided slot, the nearest decided verdict one way into
 * found[i] (a strong reference; NULL for None). */
static void
neighbours(Doc *d, int step, double max_gap, int skip_scorer, PyObject **found)
{
    PyObject *decided = NULL;
    Py_ssize_t run = 0, first_outside = -1;
    for (Py_ssize_t c = 0; c < d->n; c++) {
        Py_ssize_t i = step < 0 ? c : d->n - 1 - c;
        Item *it = &d->items[i];
        if (it->verdict == DROP && (cx_among(d->k[K_INLINE_CHROME], it->origin) ||
                                    (skip_scorer && it->origin == d->k[K_SCORER]))) {
            continue; /* captions and placeholders sit between paragraphs */
        }
        if (it->verdict != UNDECIDED) {
            decided = it->verdict;
            run = 0;
            first_outside = -1;
            continue;
        }
        if (first_outside >= 0 && (double)(run - first_outside) > max_gap) {
            found[i] = DROP;
        } else {
            found[i] = decided;
        }
        Py_XINCREF(found[i]);
        if (first_outside < 0 && !it->in_body) {
            first_outside = run;
        }
        run++;
    }
}

/* _name(v): "edge" for None, else v.value (a new reference). */
static PyObject *
name_of(Doc *d, PyObject *v)
{
    PyObject *name = v == NULL ? d->k[K_EDGE]
                     : v == KEEP ? d->k[K_KEEP_NAME]
                     : v == DROP ? d->k[K_DROP_NAME]
                                 : NULL;
    if (name == NULL) {
        return PyObject_GetAttr(v, cx_str_value);
    }
    Py_INCREF(name);
    return name;
}

/* The neutral slots follow their neighbours (the end of apply_context). */
int
cx_follow_neighbours(Doc *d, int extracted)
{
    Py_ssize_t n = d->n;
    PyObject **left = PyMem_Calloc((size_t)(2 * n + 1), sizeof(PyObject *));
    if (left == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    PyObject **right = left + n;
    double gap = extracted ? (double)n : d->x[X_MAX_GAP];
    neighbours(d, -1, gap, extracted, left);
    neighbours(d, +1, gap, extracted, right);
    int failed = 0;
    for (Py_ssize_t i = 0; i < n && !failed; i++) {
        if (d->items[i].verdict != UNDECIDED) {
            continue;
        }
        PyObject *before = left[i], *after = right[i];
        int keep = (before == KEEP && (after == KEEP || after == NULL)) ||
                   (before == NULL && after == KEEP);
        if (extracted) {
            keep = after == KEEP || (after == NULL && before != DROP);
        }
        failed = cx_set(d, i, keep ? KEEP : DROP, d->k[K_NEIGHBOURS], 0) < 0;
        PyObject *first = failed ? NULL : name_of(d, before);
        PyObject *second = first == NULL ? NULL : name_of(d, after);
        PyObject *pair = second == NULL ? NULL : PyTuple_Pack(2, first, second);
        PyObject *slot = d->items[i].slot;
        if (pair != NULL && Py_IS_TYPE(slot, &SlotType)) {
            slot_put((Slot *)slot, S_NEIGHBOURS, pair);
        }
        failed = pair == NULL || (!Py_IS_TYPE(slot, &SlotType) &&
                                  PyObject_SetAttr(slot, cx_str_neighbours, pair) < 0);
        Py_XDECREF(pair);
        Py_XDECREF(second);
        Py_XDECREF(first);
    }
    for (Py_ssize_t i = 0; i < 2 * n; i++) {
        Py_XDECREF(left[i]);
    }
    PyMem_Free(left);
    return failed ? -1 : 0;
}

/* drop_repeats: one pass over the slots as they are (no array needed): a compiled Slot
 * read and set by its fields, another slot through its attributes. */
int
cx_drop_repeats(Doc *d, PyObject *slots)
{
    PyObject *seen = NULL;
    int failed = 0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(slots) && !failed; i++) {
        PyObject *slot = PyList_GET_ITEM(slots, i);
        int compiled = Py_IS_TYPE(slot, &SlotType);
        PyObject *verdict = compiled ? Py_NewRef(((Slot *)slot)->f[S_VERDICT])
                                     : PyObject_GetAttr(slot, cx_str_verdict);
        if (verdict == NULL) {
            break;
        }
        Py_DECREF(verdict); /* the slot holds it: only its identity is asked */
        if (verdict != d->k[K_KEEP]) {
            continue;
        }
        PyObject *segment = compiled ? Py_NewRef(((Slot *)slot)->f[S_SEGMENT])
                                     : PyObject_GetAttr(slot, cx_str_segment);
        PyObject *text = segment == NULL ? NULL : PyObject_GetAttr(segment, cx_str_text);
        Py_XDECREF(segment);
        Py_ssize_t len = text == NULL ? -1 : PyObject_Length(text);
        failed = len < 0;
        if (!failed && !((double)len < d->x[X_REPEAT_MIN])) {
            seen = seen != NULL ? seen : PySet_New(NULL);
            int held = seen == NULL ? -1 : PySet_Contains(seen, text);
            int protect = 0;
            if (held > 0) {
                PyObject *value = compiled ? Py_NewRef(((Slot *)slot)->f[S_PROTECTED])
                                           : PyObject_GetAttr(slot, cx_str_protected);
                protect = value == NULL ? -1 : PyObject_IsTrue(value);
                Py_XDECREF(value);
            }
            if (held < 0 || protect < 0) {
                failed = 1;
            } else if (held && !protect && compiled) {
                slot_set4((Slot *)slot, d->k[K_DROP], d->k[K_REPEAT], Py_None, Py_False);
            } else if (held && !protect) {
                failed = PyObject_SetAttr(slot, cx_str_verdict, d->k[K_DROP]) < 0 ||
                         PyObject_SetAttr(slot, cx_str_origin, d->k[K_REPEAT]) < 0 ||
                         PyObject_SetAttr(slot, cx_str_rule, Py_None) < 0 ||
                         PyObject_SetAttr(slot, cx_str_protected, Py_False) < 0;
            } else {
                failed = PySet_Add(seen, text) < 0;
            }
        }
        Py_XDECREF(text);
    }
    Py_XDECREF(seen);
    return failed || PyErr_Occurred() ? -1 : 0;
}
