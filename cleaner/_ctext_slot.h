/* cleaner._ctext: the compiled Slot (_ctext_slot.c), for the decision's steps written in C.
 *
 * Where _ctext is in use the decision's slots are these (slot.new_slot). A step in C reads
 * and writes their fields here, by index, after checking the type once per list
 * (slot_list_ok): any other object in the list (a slot.Slot dataclass a test made) and
 * the step hands back to its Python twin. A field always holds a reference (never NULL
 * once made); writing one is Py_SETREF(s->f[S_X], Py_NewRef(value)), or slot_put. */
#ifndef CLEANER_CTEXT_SLOT_H
#define CLEANER_CTEXT_SLOT_H

#include "_ctext.h"

/* slot.Slot's fields, in its order. */
enum {
    S_SEGMENT, S_VERDICT, S_ORIGIN, S_RULE, S_SCORE, S_FEATURES, S_PROTECTED, S_ENDS_BODY,
    S_EDGES_ONLY, S_NEIGHBOURS, S_SETTLED, N_FIELDS
};

typedef struct SlotKind SlotKind;

typedef struct {
    PyObject_HEAD
    SlotKind *kind;
    PyObject *f[N_FIELDS];
} Slot;

extern PyTypeObject SlotType;

/* Whether every item of the list `slots` is a compiled Slot. */
static inline int
slot_list_ok(PyObject *slots)
{
    if (!PyList_CheckExact(slots)) {
        return 0;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(slots); i++) {
        if (!Py_IS_TYPE(PyList_GET_ITEM(slots, i), &SlotType)) {
            return 0;
        }
    }
    return 1;
}

/* Store `value` (borrowed) in field `k` of `s`. */
static inline void
slot_put(Slot *s, int k, PyObject *value)
{
    Py_SETREF(s->f[k], Py_NewRef(value));
}

/* s.set(verdict, origin, rule, protected=protected), all borrowed. */
static inline void
slot_set4(Slot *s, PyObject *verdict, PyObject *origin, PyObject *rule, PyObject *protected)
{
    slot_put(s, S_VERDICT, verdict);
    slot_put(s, S_ORIGIN, origin);
    slot_put(s, S_RULE, rule);
    slot_put(s, S_PROTECTED, protected);
}

#endif
