/* cleaner._ctext, the decision memo's methods: MemoMethod(which, constants, fields,
 * unit_chunk), the compiled twin of one of memo.DocumentMemo's *_python methods,
 * installed on the class in their place where the compiled module is in use (memo.py):
 *
 *   line_rule(rules, text, pinned)   DocumentMemo.line_rule_python
 *   cut_rule(rules, text)            DocumentMemo.cut_rule_python
 *   read(text)                       DocumentMemo.read_python
 *   words(text)                      DocumentMemo.words_python
 *   text_hits(text)                  DocumentMemo.text_hits_python
 *   scored(segment, counts, t, stoplist)   DocumentMemo.scored_python
 *
 * Each runs the whole chain the Python method runs, in its order: the document's dict,
 * then the Cleaner's table through the memo's `_get_*` (the answer stored in the
 * document's dict), then the computation, by the C leaves the Python reaches
 * (first_line_rule with the rule set's plans; the cut rules' steps, RuleSet._cut_steps,
 * through the same loop; Tokenizer.read; text_hits; the compiled scorer), and the same
 * tuple stored in the same dict, with the readings' bookkeeping (read_units,
 * READ_CACHE_UNITS read from memo.py at each tokenising). The fallbacks are the Python
 * ones: a text over UNIT_CHUNK characters read by language.read_python, a Reading
 * text_hits cannot count in C counted by language.text_hits_python, a time-limited user
 * rule (a step without a search) asked through Rule.matches. language.read,
 * language.text_hits and features.score are read from their modules at each call, as the
 * Python reads them: where one is no longer the function handed over (a test's spy), it
 * is called. Anything else (a subclass of DocumentMemo, a text that is not a str, a rule
 * set that is not a RuleSet, keywords) runs the Python method itself.
 *
 * A MemoMethod is a method descriptor: `memo.line_rule(...)` from Python binds it, and a
 * C step's PyObject_VectorcallMethod calls it with the memo first, with no bound method
 * made. So the C steps (DecideSteps, ScoreStep, Context) reach these twins on a miss
 * through the very call they made to the Python method. */
#include "_ctext_memo.h"

/* The Python method with the same arguments. */
PyObject *
memo_python(MemoMethod *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    PyObject *f = PyTuple_GET_ITEM(self->k[C_PYTHON], self->which);
    return PyObject_Vectorcall(f, args, nargsf, kwnames);
}

/* memo.<name>, a dict (a DocumentMemo's tables are): a new reference, or NULL with an
 * exception. */
PyObject *
memo_dict(MemoMethod *self, PyObject *memo, int o)
{
    PyObject *table = memo_field(self, memo, o);
    if (table != NULL && !PyDict_CheckExact(table)) {
        PyErr_Format(PyExc_TypeError, "DocumentMemo.%U must be a dict", mm_fields[o]);
        Py_CLEAR(table);
    }
    return table;
}

/* self.facts.get(text) or self._facts(text): a new reference. */
PyObject *
memo_facts_of(MemoMethod *self, PyObject *memo, PyObject *table, PyObject *text)
{
    PyObject *found = PyDict_GetItemWithError(table, text); /* borrowed */
    if (found == NULL && PyErr_Occurred()) {
        return NULL;
    }
    int truth = found == NULL ? 0 : PyObject_IsTrue(found);
    if (truth != 0) {
        return truth < 0 ? NULL : Py_NewRef(found);
    }
    PyObject *get = memo_field(self, memo, O_GET_FACTS);
    PyObject *call[2] = {text, self->k[C_BLANK]};
    PyObject *shared = get == NULL ? NULL : PyObject_Vectorcall(get, call, 2, NULL);
    Py_XDECREF(get);
    if (shared != NULL && PyDict_SetItem(table, text, shared) < 0) {
        Py_CLEAR(shared);
    }
    return shared;
}

/* facts[at], a new reference. */
PyObject *
memo_fact(PyObject *facts, Py_ssize_t at)
{
    if (PyTuple_CheckExact(facts) && at < PyTuple_GET_SIZE(facts)) {
        return Py_NewRef(PyTuple_GET_ITEM(facts, at));
    }
    return PySequence_GetItem(facts, at);
}

/* table[text] = facts with `value` in place of the one at `which` (F_*): a tuple as long
 * as `facts` (memo.Facts: the fields after these four, which the methods here do not
 * read, are carried over). 0, or -1 with an exception. */
static int
store_fact(MemoMethod *self, PyObject *table, PyObject *text, PyObject *facts, int which,
           PyObject *value)
{
    Py_ssize_t size = PySequence_Size(facts);
    PyObject *made = size < 0 ? NULL : PyTuple_New(size);
    if (made == NULL) {
        return -1;
    }
    /* A Facts tuple holds a text's Rules (frozen, or None), numbers and a TextHits pair:
     * nothing that can reach the tables keeping it (ctext_untracked). Untracked at once,
     * no collection walks its places while they are filled. */
    ctext_untracked(made);
    for (Py_ssize_t i = 0; i < size; i++) {
        PyObject *item = i == self->at[which] ? Py_NewRef(value) : memo_fact(facts, i);
        if (item == NULL) {
            Py_DECREF(made);
            return -1;
        }
        PyTuple_SET_ITEM(made, i, item);
    }
    int done = PyDict_SetItem(table, text, made);
    Py_DECREF(made);
    return done;
}

/* The text's fact at `which` (F_*), as each DocumentMemo method reads it: its facts
 * (memo_facts_of); where that fact is _MISSING, make(self, memo, arg, text), stored in
 * the document's dict with the other three facts. A new reference, or NULL with an
 * exception. */
PyObject *
memo_fact_or(MemoMethod *self, PyObject *memo, PyObject *text, int which, FactMaker make,
             PyObject *arg)
{
    PyObject *table = memo_dict(self, memo, O_FACTS);
    PyObject *facts = table == NULL ? NULL : memo_facts_of(self, memo, table, text);
    PyObject *found = facts == NULL ? NULL : memo_fact(facts, self->at[which]);
    if (found == self->k[C_MISSING]) {
        Py_SETREF(found, make(self, memo, arg, text));
        if (found != NULL && store_fact(self, table, text, facts, which, found) < 0) {
            Py_CLEAR(found);
        }
    }
    Py_XDECREF(facts);
    Py_XDECREF(table);
    return found;
}

/* rules.first_line_rule(text, pinned=pinned) for a RuleSet (first_line_rule_native):
 * the plan for (text[:2], pinned, text.isascii()) from the set's `_plans`, made by its
 * `_plan` where missing, tried by the steps' loop (_ctext_first.c). */
static PyObject *
first_line_rule(PyObject *rules, PyObject *text, PyObject *pinned)
{
    PyObject *plans = PyObject_GetAttr(rules, mm_plans);
    PyObject *found = NULL;
    if (plans != NULL && !PyDict_CheckExact(plans)) {
        PyErr_SetString(PyExc_TypeError, "RuleSet._plans must be a dict");
    }
    else if (plans != NULL) {
        found = ctext_first_planned(plans, text, pinned, rules, mm_plan);
    }
    Py_XDECREF(plans);
    return found;
}

/* The makers of memo_fact_or: the first line rule (not pinned), the first cut rule, the
 * words. `arg` is the rule set for the first two. */
static PyObject *
line_fact(MemoMethod *Py_UNUSED(self), PyObject *Py_UNUSED(memo), PyObject *rules,
          PyObject *text)
{
    return first_line_rule(rules, text, Py_False);
}

static PyObject *
cut_fact(MemoMethod *Py_UNUSED(self), PyObject *Py_UNUSED(memo), PyObject *rules,
         PyObject *text)
{
    PyObject *steps = PyObject_GetAttr(rules, mm_cut_steps);
    PyObject *found = steps == NULL ? NULL : ctext_first_of(steps, text);
    Py_XDECREF(steps);
    return found;
}

static PyObject *
words_fact(MemoMethod *self, PyObject *memo, PyObject *Py_UNUSED(arg), PyObject *text)
{
    PyObject *reading = memo_read(self, memo, text);
    PyObject *found = reading == NULL ? NULL : PyObject_GetAttr(reading, mm_words);
    Py_XDECREF(reading);
    return found;
}

/* line_rule(memo, rules, text, pinned) */
PyObject *
memo_line_rule(MemoMethod *self, PyObject *memo, PyObject *rules, PyObject *text, int pinned)
{
    PyObject *missing = self->k[C_MISSING];
    if (pinned) { /* only the source's own rules: kept apart */
        PyObject *table = memo_dict(self, memo, O_PINNED);
        if (table == NULL) {
            return NULL;
        }
        PyObject *found = PyDict_GetItemWithError(table, text);
        if (found == NULL && PyErr_Occurred()) {
            Py_DECREF(table);
            return NULL;
        }
        found = Py_NewRef(found == NULL ? missing : found);
        if (found == missing) {
            PyObject *get = memo_field(self, memo, O_GET_PINNED);
            PyObject *call[2] = {text, missing};
            Py_SETREF(found, get == NULL ? NULL : PyObject_Vectorcall(get, call, 2, NULL));
            Py_XDECREF(get);
            if (found == missing) {
                Py_SETREF(found, first_line_rule(rules, text, Py_True));
            }
            if (found != NULL && PyDict_SetItem(table, text, found) < 0) {
                Py_CLEAR(found);
            }
        }
        Py_DECREF(table);
        return found;
    }
    return memo_fact_or(self, memo, text, F_LINE, line_fact, rules);
}

/* cut_rule(memo, rules, text): the first cut rule matching, each rule's step (its
 * Rule.matches: the limit, the tail, the `needs`, the search) tried by the line rules'
 * loop. */
PyObject *
memo_cut_rule(MemoMethod *self, PyObject *memo, PyObject *rules, PyObject *text)
{
    return memo_fact_or(self, memo, text, F_CUT, cut_fact, rules);
}

/* words(memo, text): the text's length in words, from its facts or its reading. */
PyObject *
memo_words(MemoMethod *self, PyObject *memo, PyObject *text)
{
    return memo_fact_or(self, memo, text, F_WORDS, words_fact, NULL);
}
