/* cleaner._ctext, the decision's rules (DecideSteps' line_rules and cut): the twins of
 * decide._apply_line_rules_python and decide._apply_cut_python. See _ctext_decide.c for
 * the whole. */
#include "_ctext_decide.h"

/* memo.line_rule(rules, text, pinned), read from the memo's table on a hit. */
static PyObject *
line_rule(Steps *self, PyObject *const *args, PyObject *text, PyObject *pinned,
          PyObject **facts, PyObject **pins)
{
    int is_pinned = PyObject_IsTrue(pinned);
    if (is_pinned < 0) {
        return NULL;
    }
    PyObject *found = is_pinned
                          ? decide_memo_hit(args[2], N_PINNED, pins, text, -1, self->k[K_MISSING])
                          : decide_memo_hit(args[2], N_FACTS, facts, text, self->line_at,
                                            self->k[K_MISSING]);
    if (found != NULL || PyErr_Occurred()) {
        return found;
    }
    PyObject *call[4] = {args[2], args[1], text, pinned};
    return PyObject_VectorcallMethod(NAME(N_LINE_RULE), call,
                                     4 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}

/* One undecided slot through the line rules; -1 with an exception set, else 0. */
static int
line_rule_slot(Steps *self, PyObject *const *args, PyObject *slot, PyObject **facts,
               PyObject **pins)
{
    PyObject *const *k = self->k;
    PyObject *seg = decide_get(self, slot, N_SEGMENT);
    if (seg == NULL) {
        return -1;
    }
    PyObject *text = decide_get(self, seg, N_TEXT);
    PyObject *pinned = text == NULL ? NULL : decide_get(self, seg, N_PINNED);
    Py_DECREF(seg);
    PyObject *rule = pinned == NULL ? NULL : line_rule(self, args, text, pinned, facts, pins);
    int done = rule == NULL ? -1 : 0;
    if (rule != NULL && rule != Py_None) {
        int keep = decide_is(self, rule, N_KIND, k[K_RULE_KEEP]);
        PyObject *id = keep < 0 ? NULL : decide_get(self, rule, N_ID);
        PyObject *ends = NULL, *edges = NULL;
        if (id == NULL ||
            decide_set(slot, keep ? k[K_KEEP] : k[K_DROP], k[K_RULE], id, keep) < 0 ||
            (ends = decide_get(self, rule, N_ENDS_BODY)) == NULL ||
            (edges = decide_get(self, rule, N_EDGES_ONLY)) == NULL ||
            decide_put(slot, N_ENDS_BODY, ends) < 0 ||
            decide_put(slot, N_EDGES_ONLY, edges) < 0) {
            done = -1;
        }
        Py_XDECREF(id);
        Py_XDECREF(ends);
        Py_XDECREF(edges);
    } else if (rule != NULL) {
        int pin = PyObject_IsTrue(pinned);
        if (pin < 0 || (pin && decide_set(slot, k[K_KEEP], k[K_SITE_KEEP], Py_None, 1) < 0)) {
            done = -1;
        }
    }
    Py_XDECREF(rule);
    Py_XDECREF(pinned);
    Py_XDECREF(text);
    return done;
}

/* The byline pass after the line rules: an undecided block whose text is a byline, just
 * before a block kept by a rule of rules.spare, is kept by that rule. */
static int
bylines(Steps *self, PyObject *const *args, PyObject *seq)
{
    PyObject *spare = PySet_New(NULL), *shapes = NULL, *byline = NULL;
    PyObject *spare_rules = spare == NULL ? NULL : PyObject_GetAttr(args[1], NAME(N_SPARE));
    PyObject *it = spare_rules == NULL ? NULL : PyObject_GetIter(spare_rules);
    int done = it == NULL ? -1 : 0;
    PyObject *r;
    while (done == 0 && (r = PyIter_Next(it)) != NULL) {
        PyObject *id = decide_get(self, r, N_ID);
        done = id == NULL ? -1 : PySet_Add(spare, id);
        Py_XDECREF(id);
        Py_DECREF(r);
    }
    if (done == 0 && PyErr_Occurred()) {
        done = -1;
    }
    Py_XDECREF(it);
    Py_XDECREF(spare_rules);
    if (done == 0 && (shapes = PyObject_CallNoArgs(self->k[K_SHAPES])) != NULL) {
        byline = PyObject_GetAttr(shapes, NAME(N_BYLINE));
    }
    if (byline == NULL) {
        done = -1;
    }
    PyObject *const *k = self->k;
    for (Py_ssize_t i = 1; done == 0 && i < PySequence_Fast_GET_SIZE(seq); i++) {
        PyObject *before = Py_NewRef(PySequence_Fast_GET_ITEM(seq, i - 1));
        PyObject *slot = Py_NewRef(PySequence_Fast_GET_ITEM(seq, i));
        PyObject *rule = decide_get(self, slot, N_RULE);
        int hit = rule == NULL ? -1 : PySet_Contains(spare, rule);
        if (hit > 0) {
            hit = decide_is(self, slot, N_VERDICT, k[K_KEEP]);
        }
        if (hit > 0) {
            hit = decide_is(self, before, N_VERDICT, k[K_UNDECIDED]);
        }
        if (hit > 0) {
            PyObject *text = decide_segment_get(self, before, N_TEXT);
            PyObject *m = text == NULL ? NULL
                                       : PyObject_CallMethodOneArg(byline, NAME(N_FULLMATCH), text);
            hit = m == NULL ? -1 : PyObject_IsTrue(m);
            Py_XDECREF(m);
            Py_XDECREF(text);
        }
        if (hit < 0 || (hit && decide_set(before, k[K_KEEP], k[K_RULE], rule, 1) < 0)) {
            done = -1;
        }
        Py_XDECREF(rule);
        Py_DECREF(slot);
        Py_DECREF(before);
    }
    Py_XDECREF(byline);
    Py_XDECREF(shapes);
    Py_XDECREF(spare);
    return done;
}

/* line_rules(slots, rules, memo): the first line rule of each undecided block, then the
 * byline pass. */
PyObject *
decide_line_rules(Steps *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "line_rules(slots, rules, memo)");
        return NULL;
    }
    PyObject *seq = PySequence_Fast(args[0], "line_rules: slots must be a sequence");
    if (seq == NULL) {
        return NULL;
    }
    PyObject *facts = NULL, *pins = NULL; /* the memo's tables, read on first use */
    int done = 0;
    for (Py_ssize_t i = 0; done == 0 && i < PySequence_Fast_GET_SIZE(seq); i++) {
        PyObject *slot = Py_NewRef(PySequence_Fast_GET_ITEM(seq, i));
        int open = decide_is(self, slot, N_VERDICT, self->k[K_UNDECIDED]);
        done = open < 0 ? -1 : open ? line_rule_slot(self, args, slot, &facts, &pins) : 0;
        Py_DECREF(slot);
    }
    Py_XDECREF(facts);
    Py_XDECREF(pins);
    if (done == 0) {
        done = bylines(self, args, seq);
    }
    Py_DECREF(seq);
    return done < 0 ? NULL : Py_NewRef(Py_None);
}

/* Everything after the cut marker at `index` dropped by `rule` (its id `id`), but the
 * first block left, which rules.spares when it is a closing attribution. */
static int
after_cut(Steps *self, PyObject *rules, PyObject *seq, Py_ssize_t index, PyObject *id)
{
    PyObject *const *k = self->k;
    int first = 1, done = 0;
    /* slots[index + 1:]: the length read once, as the slice is */
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    for (Py_ssize_t i = index + 1; done == 0 && i < n && i < PySequence_Fast_GET_SIZE(seq);
         i++) {
        PyObject *later = Py_NewRef(PySequence_Fast_GET_ITEM(seq, i));
        int dropped = decide_is(self, later, N_VERDICT, k[K_DROP]);
        int spared = 0;
        if (dropped == 0 && first) {
            PyObject *text = decide_segment_get(self, later, N_TEXT);
            PyObject *got =
                text == NULL ? NULL : PyObject_CallMethodOneArg(rules, NAME(N_SPARES), text);
            spared = got == NULL ? -1 : PyObject_IsTrue(got);
            Py_XDECREF(got);
            Py_XDECREF(text);
        }
        if (dropped < 0 || spared < 0) {
            done = -1;
        } else if (!dropped) {
            done = spared ? decide_set(later, k[K_KEEP], k[K_SPARED], Py_None, 1)
                          : decide_set(later, k[K_DROP], k[K_AFTER_CUT], id, 0);
            first = 0;
        }
        Py_DECREF(later);
    }
    return done;
}

/* memo.cut_rule(rules, text), read from the memo's facts on a hit. */
static PyObject *
cut_rule(Steps *self, PyObject *const *args, PyObject *text, PyObject **facts)
{
    PyObject *found =
        decide_memo_hit(args[2], N_FACTS, facts, text, self->cut_at, self->k[K_MISSING]);
    if (found != NULL || PyErr_Occurred()) {
        return found;
    }
    PyObject *call[3] = {args[2], args[1], text};
    return PyObject_VectorcallMethod(NAME(N_CUT_RULE), call,
                                     3 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}

/* cut(slots, rules, memo): the first block a cut rule matches ends the article. */
PyObject *
decide_cut(Steps *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "cut(slots, rules, memo)");
        return NULL;
    }
    PyObject *const *k = self->k;
    int any = decide_true(self, args[1], N_CUT);
    if (any <= 0) {
        return any < 0 ? NULL : Py_NewRef(Py_None);
    }
    PyObject *seq = PySequence_Fast(args[0], "cut: slots must be a sequence");
    if (seq == NULL) {
        return NULL;
    }
    PyObject *facts = NULL; /* the memo's table, read on first use */
    int done = 0, found = 0;
    for (Py_ssize_t i = 0; done == 0 && !found && i < PySequence_Fast_GET_SIZE(seq); i++) {
        PyObject *slot = Py_NewRef(PySequence_Fast_GET_ITEM(seq, i));
        int dropped = decide_is(self, slot, N_VERDICT, k[K_DROP]);
        PyObject *text = dropped != 0 ? NULL : decide_segment_get(self, slot, N_TEXT);
        PyObject *rule = text == NULL ? NULL : cut_rule(self, args, text, &facts);
        if (dropped < 0 || (dropped == 0 && rule == NULL)) {
            done = -1;
        } else if (rule != NULL && rule != Py_None) {
            found = 1;
            int marker = decide_true(self, rule, N_KEEP_MARKER);
            PyObject *id = marker < 0 ? NULL : decide_get(self, rule, N_ID);
            int open = id == NULL || !marker ? 0 : decide_is(self, slot, N_VERDICT, k[K_UNDECIDED]);
            if (id == NULL || open < 0 ||
                (!marker && decide_set(slot, k[K_DROP], k[K_CUT], id, 0) < 0) ||
                (open && decide_set(slot, k[K_KEEP], k[K_CUT], id, 0) < 0) ||
                after_cut(self, args[1], seq, i, id) < 0) {
                done = -1;
            }
            Py_XDECREF(id);
        }
        Py_XDECREF(rule);
        Py_XDECREF(text);
        Py_DECREF(slot);
    }
    Py_XDECREF(facts);
    Py_DECREF(seq);
    return done < 0 ? NULL : Py_NewRef(Py_None);
}
