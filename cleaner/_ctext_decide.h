/* cleaner._ctext, the decision's steps (DecideSteps): what _ctext_decide.c,
 * _ctext_decide_rules.c and _ctext_decide_end.c share. See _ctext_decide.c for the whole. */
#ifndef CLEANER_CTEXT_DECIDE_H
#define CLEANER_CTEXT_DECIDE_H

#include "_ctext.h"
#include "_ctext_slot.h"

/* The objects DecideSteps is made with (decide._steps), in this order. */
enum {
    K_SLOT,           /* slot.new_slot (the compiled Slot's kind, or slot.Slot) */
    K_KEEP,           /* Verdict.KEEP */
    K_DROP,           /* Verdict.DROP */
    K_UNDECIDED,      /* Verdict.NONE */
    K_RULE,           /* Origin.RULE */
    K_SITE_KEEP,      /* Origin.SITE_KEEP */
    K_CHROME,         /* Origin.CHROME */
    K_OUTSIDE_BODY,   /* Origin.OUTSIDE_BODY */
    K_HEADLINE,       /* Origin.HEADLINE */
    K_CUT,            /* Origin.CUT */
    K_AFTER_CUT,      /* Origin.AFTER_CUT */
    K_SPARED,         /* Origin.SPARED_AFTER_CUT */
    K_RULE_KEEP,      /* RuleKind.KEEP */
    K_MISSING,        /* memo._MISSING */
    K_SHAPES,         /* features.shapes */
    K_SEGMENT_TYPE,   /* model.Segment */
    K_RULE_TYPE,      /* rules.Rule */
    N_K
};
#define N_READ_TYPES 2 /* Segment and Rule: their fields read through their descriptors */

/* The attribute and method names the steps read, interned once (ctext_decide_init). */
enum {
    N_SEGMENT, N_VERDICT, N_ORIGIN, N_RULE, N_PROTECTED, N_ENDS_BODY, N_EDGES_ONLY,
    N_SETTLED, N_TEXT, N_PINNED, N_CHROME, N_IN_BODY, N_IS_TITLE, N_AFTER_BODY,
    N_KIND, N_ID, N_KEEP_MARKER, N_FACTS, N_LINE_RULE, N_CUT_RULE, N_SPARE, N_CUT,
    N_SPARES, N_BYLINE, N_FULLMATCH, N_BLOCK, N_GET_FACTS, N_GET_PINNED, N_NAMES
};
extern PyObject *decide_names[N_NAMES];
#define NAME(n) (decide_names[(n)])

typedef struct {
    PyObject_HEAD
    PyObject *k[N_K];
    /* For Segment and Rule (K_SEGMENT_TYPE + t): the member descriptor of each name its
     * class has one for (a slots dataclass's field), NULL for the others. */
    PyObject *fields[N_READ_TYPES][N_NAMES];
    Py_ssize_t line_at; /* memo.LINE: where a Facts tuple holds the first line rule */
    Py_ssize_t cut_at;  /* memo.CUT: where it holds the first cut rule */
} Steps;

/* The compiled Slot's field (_ctext_slot.h) of each name, plus one; 0 for none. */
extern const int decide_slot_field[N_NAMES];

/* obj.<name>, a new reference (or NULL with an exception set). A compiled Slot's field
 * is read from its struct; a Segment's or a Rule's (the exact types) through its class's
 * member descriptor, as `obj.name` reads it without the type's attribute lookup; any other
 * object, or a field not set, by name. */
static inline PyObject *
decide_get(Steps *self, PyObject *obj, int name)
{
    PyTypeObject *type = Py_TYPE(obj);
    if (type == &SlotType) {
        int f = decide_slot_field[name] - 1;
        if (f >= 0 && ((Slot *)obj)->f[f] != NULL) {
            return Py_NewRef(((Slot *)obj)->f[f]);
        }
    } else {
        for (int t = 0; t < N_READ_TYPES; t++) {
            PyObject *descr = self->fields[t][name];
            if ((PyObject *)type == self->k[K_SEGMENT_TYPE + t] && descr != NULL) {
                return Py_TYPE(descr)->tp_descr_get(descr, obj, (PyObject *)type);
            }
        }
    }
    return PyObject_GetAttr(obj, NAME(name));
}

/* Whether obj.<name> is `value`: 1 or 0, or -1 with an exception set (so are the helpers
 * below but where said). */
static inline int
decide_is(Steps *self, PyObject *obj, int name, PyObject *value)
{
    if (Py_IS_TYPE(obj, &SlotType) && decide_slot_field[name] > 0 &&
        ((Slot *)obj)->f[decide_slot_field[name] - 1] != NULL) {
        return ((Slot *)obj)->f[decide_slot_field[name] - 1] == value;
    }
    PyObject *got = decide_get(self, obj, name);
    if (got == NULL) {
        return -1;
    }
    int same = got == value;
    Py_DECREF(got);
    return same;
}

/* obj.<name> = value: a compiled Slot's field in its struct, else by name. */
static inline int
decide_put(PyObject *obj, int name, PyObject *value)
{
    if (Py_IS_TYPE(obj, &SlotType) && decide_slot_field[name] > 0) {
        slot_put((Slot *)obj, decide_slot_field[name] - 1, value);
        return 0;
    }
    return PyObject_SetAttr(obj, NAME(name), value);
}

/* slot.set(verdict, origin, rule, protected=...): the four fields, in set()'s order. */
int decide_set(PyObject *slot, PyObject *verdict, PyObject *origin, PyObject *rule,
               int protected);
/* The truth of obj.<name> (1 or 0). */
int decide_true(Steps *self, PyObject *obj, int name);
/* slot.segment.<name> (a new reference, or NULL). */
PyObject *decide_segment_get(Steps *self, PyObject *slot, int name);
/* The memo's remembered answer for `text` in its dict `table` (N_FACTS: the Facts
 * field at `at`; N_PINNED, at -1: the value), the dict read into *held on first use; a
 * text the document has not asked yet is looked up in the Cleaner's table and copied
 * into the document's, as the memo's methods do. A new reference on a hit; NULL on a
 * miss (no exception: the caller asks the memo's method) or with an exception set. */
PyObject *decide_memo_hit(PyObject *memo, int table, PyObject **held, PyObject *text,
                          Py_ssize_t at, PyObject *missing);

/* _ctext_decide_rules.c */
PyObject *decide_line_rules(Steps *self, PyObject *const *args, Py_ssize_t nargs);
PyObject *decide_cut(Steps *self, PyObject *const *args, Py_ssize_t nargs);

/* _ctext_decide_end.c */
PyObject *decide_settle(Steps *self, PyObject *const *args, Py_ssize_t nargs);
PyObject *decide_blocks(Steps *self, PyObject *const *args, Py_ssize_t nargs);

#endif
