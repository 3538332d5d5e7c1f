/* cleaner._ctext: compiled twins of the text analysis every block pays for.
 *
 * Each function here computes exactly what a Python function of the package computes;
 * the Python stays the reference and the fallback (CLEANER_PURE=1, or no compiler at
 * install time), and tests/test_native.py holds the two to the same results:
 *
 *   Tokenizer.units(text)                   units.units(text)
 *   Tokenizer.read(text, alone, Reading)    language.read(text), texts of at most
 *                                           UNIT_CHUNK characters
 *   Tokenizer.char_counts(text)             features.char_counts(text)
 *   text_hits(reading, limit, longer, ...)  language.text_hits(reading, limit)
 *   measure(reading, stoplist, high, ...)   language.measure(reading, stoplist, high)
 *   byte_counts(data)                       language.byte_counts(data)
 *   LiteralScan(specs).find(text)           which literals may occur (a prefilter that is
 *                                           never "no" where Literal.occurs_in is True)
 *   marks(html, size)                       prescan.marks(html, size)
 *   Scorer(plan, fallback).score(...)       features.score(segment, counts, t, stoplist,
 *                                           reading)
 *   SlotKind(...)(segment), Slot            slot.Slot(segment), its set() and block()
 *   DecideSteps(constants, line_at, cut_at) the per-block bookkeeping of decide.py's steps
 *                                           (structure, line rules, cut, settle, blocks)
 *   first_line_rule(plans, make_plan, ...)  RuleSet.first_line_rule(text, pinned=...)
 *   Context(...).choose_headline(...),      context.choose_headline, apply_context and
 *     .apply_context(...), .drop_repeats()  drop_repeats (step 5 of the decision)
 *   break_marks(text)                       normalize._ANY_BREAK.search(text),
 *                                           normalize._REMOVABLE.search(text) as two bits
 *   gate_lines(document, ...), gate_endings gate.lines_python, gate.endings_python (a
 *                                           block rule's gate: tests/test_rule_gates.py)
 *   ScoreStep(...).run(slots, memo, t)      decide._score_python(slots, memo, t)
 *   text_segments(text, table, plan)        segment_text_python's lines made into segments
 *                                           (KnownLines.segments but its table update)
 *   FirstScreen(ask).places(texts, search)  [i for i, x in enumerate(texts) if search(x)],
 *                                           search skipped by the first character
 *                                           (paragraphs.line_places)
 *   lru_merge(lru, entries)                 memo.merge_python (BoundedLRU.merge's loop)
 *   search(f, text)                         f(text): how every compiled step calls a
 *                                           pattern's bound method (a `regex` pattern's
 *                                           with concurrent=False; tests/test_native_search)
 *
 * text_hits and measure give None where the Python must run (see their comments). The files:
 * _ctext_table.c (the classes of each code point), _ctext_units.c (units, read,
 * char_counts), _ctext_stoplists.c (text_hits, measure, byte_counts), _ctext_scan.c
 * (LiteralScan), _ctext_marks.c (marks), _ctext_score.c and _ctext_scorer.c (Scorer, with
 * _ctext_score.h), _ctext_slot.c (Slot, SlotKind), _ctext_decide.c, _ctext_decide_rules.c
 * and _ctext_decide_end.c (DecideSteps, with _ctext_decide.h), _ctext_first.c
 * (first_line_rule), _ctext_gate.c (block rules' gates), _ctext_breaks.c (break_marks),
 * _ctext_step.c and _ctext_step_document.c (ScoreStep, with _ctext_step.h), _ctext_lines.c
 * (text_segments), _ctext_places.c (FirstScreen), _ctext_lru.c (lru_merge), this one
 * (shared helpers, the type and the module), _ctext.h (what they share).
 *
 * No character class is written here. The first time a text holds a code point of a block
 * of 256, the tokenizer asks the Python side (cleaner/native.py) for that block's classes:
 * it runs the very `regex` patterns the Python twins use over the block's code points and
 * hands back the ranges they match, which the tokenizer keeps as one 16-bit entry a code
 * point. So both twins read the same Unicode tables (those of the installed `regex`), and
 * a process classifies only the blocks its texts use (a few for a Vietnamese page).
 *
 * Written for the CPython C API alone (3.11+); it keeps no state outside its objects.
 */
#include "_ctext.h"

/* ---- helpers the other files share ------------------------------------------------- */

/* Append `add` bytes at `from` to the growing buffer `*buf` (size `*size`, capacity
 * `*cap`). Returns 0, or -1 with MemoryError set. */
int
ctext_append(char **buf, Py_ssize_t *size, Py_ssize_t *cap, const char *from, Py_ssize_t add)
{
    if (*size + add > *cap) {
        Py_ssize_t grown_cap = *cap;
        while (*size + add > grown_cap) {
            grown_cap *= 2;
        }
        char *grown = PyMem_Realloc(*buf, (size_t)grown_cap);
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        *buf = grown;
        *cap = grown_cap;
    }
    memcpy(*buf + *size, from, (size_t)add);
    *size += add;
    return 0;
}

/* The `regex` package's compiled pattern type and its search, match and fullmatch
 * methods, found at import (ctext_regex_init) and never changed after: NULL where
 * `regex` did not import (then every pattern is called as it is given). */
static PyTypeObject *regex_pattern;
static PyMethodDef *regex_methods[3];

/* Whether `f` is a `regex` pattern's bound search, match or fullmatch. */
static int
regex_method(PyObject *f)
{
    if (regex_pattern == NULL || !PyCFunction_Check(f)) {
        return 0;
    }
    PyObject *self = PyCFunction_GET_SELF(f);
    if (self == NULL || !Py_IS_TYPE(self, regex_pattern)) {
        return 0;
    }
    PyMethodDef *def = ((PyCFunctionObject *)f)->m_ml;
    return def == regex_methods[0] || def == regex_methods[1] || def == regex_methods[2];
}

/* f(text) where `start` is NULL, else f(text, start): what the pattern's bound method
 * `f` finds (a new reference). A `regex` pattern's search, match or fullmatch is called
 * as f(text, start or None, None, False), its `concurrent` argument False: the same
 * match, without the GIL released and taken back around the match (and each allocation
 * in it), which `regex` otherwise does for every str (about 60 ns a call, on the 20-30
 * patterns a new line is searched with). Any other callable is called as it is. */
PyObject *
ctext_search(PyObject *f, PyObject *text, PyObject *start)
{
    if (regex_method(f)) {
        PyObject *call[4] = {text, start == NULL ? Py_None : start, Py_None, Py_False};
        return PyObject_Vectorcall(f, call, 4, NULL);
    }
    PyObject *call[2] = {text, start};
    return PyObject_Vectorcall(f, call, start == NULL ? 1 : 2, NULL);
}

/* search(f, text) -> f(text), as the compiled steps call a pattern's bound method
 * (ctext_search); uncontended(f) -> whether `f` is called with concurrent=False there.
 * For tests. */
static PyObject *
module_search(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyCallable_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "search(f, text)");
        return NULL;
    }
    return ctext_search(args[0], args[1], NULL);
}

static PyObject *
module_uncontended(PyObject *Py_UNUSED(module), PyObject *f)
{
    return PyBool_FromLong(regex_method(f));
}

/* Find the `regex` pattern type and its three methods (see regex_method). A `regex`
 * that does not import leaves them NULL (the error is cleared). Returns 0, or -1. */
static int
ctext_regex_init(void)
{
    if (regex_pattern != NULL) {
        return 0;
    }
    PyObject *module = PyImport_ImportModule("regex");
    PyObject *pattern = module == NULL ? NULL : PyObject_CallMethod(module, "compile", "s", "");
    Py_XDECREF(module);
    if (pattern == NULL) {
        PyErr_Clear();
        return 0;
    }
    const char *names[3] = {"search", "match", "fullmatch"};
    PyMethodDef *found[3] = {NULL, NULL, NULL};
    for (int k = 0; k < 3; k++) {
        PyObject *bound = PyObject_GetAttrString(pattern, names[k]);
        if (bound != NULL && PyCFunction_Check(bound)) {
            found[k] = ((PyCFunctionObject *)bound)->m_ml;
        }
        Py_XDECREF(bound);
        if (found[k] == NULL) {
            PyErr_Clear();
            Py_DECREF(pattern);
            return 0; /* not the methods this file knows: called as they are */
        }
    }
    for (int k = 0; k < 3; k++) {
        regex_methods[k] = found[k];
    }
    regex_pattern = Py_TYPE(pattern);
    Py_INCREF(regex_pattern);
    Py_DECREF(pattern);
    return 0;
}

/* `f(arg)` gives something other than None (a pattern's bound search or match finds
 * it; called by ctext_search): 1, 0, or -1 with an exception set. */
int
ctext_matches(PyObject *f, PyObject *arg)
{
    PyObject *found = ctext_search(f, arg, NULL);
    if (found == NULL) {
        return -1;
    }
    int hit = found != Py_None;
    Py_DECREF(found);
    return hit;
}

/* What a DocumentMemo knows of `text` in its dict `table` (`facts` or `pinned`), read as
 * its methods read it: the document's own entry; for a text the document has not asked
 * yet, the Cleaner's table through the memo's `getter` (`_get_facts` / `_get_pinned`,
 * called with `missing` as the default), whose answer is copied into the document's dict
 * (DocumentMemo._facts). Returns the entry's field `at` (the entry itself when `at` is
 * -1) as a new reference; NULL without an exception where neither holds it, or the field
 * is `missing` (the caller runs the memo's method); NULL with an exception set. */
PyObject *
ctext_memo_lookup(PyObject *memo, PyObject *table, PyObject *getter, PyObject *text,
                  Py_ssize_t at, PyObject *missing)
{
    PyObject *found = PyDict_GetItemWithError(table, text);
    if (found == NULL) {
        if (PyErr_Occurred()) {
            return NULL;
        }
        PyObject *get = PyObject_GetAttr(memo, getter);
        PyObject *call[2] = {text, missing};
        PyObject *shared = get == NULL ? NULL : PyObject_Vectorcall(get, call, 2, NULL);
        Py_XDECREF(get);
        if (shared == NULL || shared == missing || PyDict_SetItem(table, text, shared) < 0) {
            Py_XDECREF(shared);
            return NULL;
        }
        Py_DECREF(shared); /* the dict holds it now */
        found = shared;
    }
    if (at >= 0) { /* a Facts tuple: the field at `at`, where known */
        if (!PyTuple_CheckExact(found) || PyTuple_GET_SIZE(found) <= at) {
            return NULL;
        }
        found = PyTuple_GET_ITEM(found, at);
    }
    return found == missing ? NULL : Py_NewRef(found);
}

/* A `type` (a NamedTuple) holding `items`, made as its own __new__ makes it:
 * tuple.__new__(type, items). */
PyObject *
ctext_named(PyObject *type, PyObject *items)
{
    PyObject *args = PyTuple_Pack(1, items);
    if (args == NULL) {
        return NULL;
    }
    PyObject *made = PyTuple_Type.tp_new((PyTypeObject *)type, args, NULL);
    Py_DECREF(args);
    return made;
}

/* A `type` (a NamedTuple) holding `first` and `second` (see ctext_named()). */
PyObject *
ctext_named_pair(PyObject *type, PyObject *first, PyObject *second)
{
    PyObject *items = PyTuple_Pack(2, first, second);
    if (items == NULL) {
        return NULL;
    }
    PyObject *made = ctext_named(type, items);
    Py_DECREF(items);
    return made;
}

/* ---- the type and the module ------------------------------------------------------ */

static PyTypeObject TokenizerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "cleaner._ctext.Tokenizer",
    .tp_doc = PyDoc_STR("Unit and character-class lookups over a table of code points."),
    .tp_basicsize = sizeof(Tokenizer),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = ctext_tokenizer_new,
    .tp_dealloc = (destructor)ctext_tokenizer_dealloc,
    .tp_methods = ctext_tokenizer_methods,
};

static PyMethodDef module_methods[] = {
    {"text_hits", (PyCFunction)(void (*)(void))ctext_text_hits, METH_FASTCALL,
     "text_hits(reading, limit, longer, reading_type): language.text_hits, or None."},
    {"measure", (PyCFunction)(void (*)(void))ctext_measure, METH_FASTCALL,
     "measure(reading, stoplist, high, reading_type, measure_type): language.measure, or None."},
    {"byte_counts", (PyCFunction)ctext_byte_counts, METH_O,
     "byte_counts(data): language.byte_counts, dict(Counter(data)) for bytes."},
    {"first_line_rule", (PyCFunction)(void (*)(void))ctext_first_line_rule, METH_FASTCALL,
     "first_line_rule(plans, make_plan, text, pinned): RuleSet.first_line_rule."},
    {"marks", (PyCFunction)(void (*)(void))ctext_marks, METH_FASTCALL,
     "marks(html, size): prescan.marks, the page's '<' count and its long runs."},
    {"break_marks", (PyCFunction)ctext_break_marks, METH_O,
     "break_marks(text): which of normalize_breaks' two searches would find something."},
    {"gate_lines", (PyCFunction)(void (*)(void))ctext_gate_lines, METH_FASTCALL,
     "gate_lines(document, count, max_chars, step, digit, search): gate.lines_python."},
    {"gate_endings", (PyCFunction)(void (*)(void))ctext_gate_endings, METH_FASTCALL,
     "gate_endings(document, chars, gap, head): gate.endings_python (head -1: none)."},
    {"sieve_line", (PyCFunction)(void (*)(void))ctext_sieve_line, METH_FASTCALL,
     "sieve_line(plan, text): sieve.Sieve.line."},
    {"sieve_run", (PyCFunction)(void (*)(void))ctext_sieve_run, METH_FASTCALL,
     "sieve_run(plan, memo, slots): sieve.Sieve.run_python."},
    {"sieve_lines", (PyCFunction)(void (*)(void))ctext_sieve_lines, METH_FASTCALL,
     "sieve_lines(plan, memo, texts, bit): sieve.Sieve.lines_python."},
    {"sieve_live", (PyCFunction)(void (*)(void))ctext_sieve_live, METH_FASTCALL,
     "sieve_live(plan, slots): sieve.Sieve.live_python."},
    {"text_segments", (PyCFunction)(void (*)(void))ctext_text_segments, METH_FASTCALL,
     "text_segments(text, table, plan): segment_text's segments and the table's new lines."},
    {"lru_merge", (PyCFunction)(void (*)(void))ctext_lru_merge, METH_FASTCALL,
     "lru_merge(lru, entries): memo.merge_python, BoundedLRU.merge's loop."},
    {"search", (PyCFunction)(void (*)(void))module_search, METH_FASTCALL,
     "search(f, text): f(text), as the compiled steps call a pattern's bound method."},
    {"uncontended", (PyCFunction)module_uncontended, METH_O,
     "uncontended(f): whether f is called with concurrent=False (a regex pattern's"
     " search, match or fullmatch)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef ctext_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "cleaner._ctext",
    .m_doc = "Compiled twins of units.units, language.read, text_hits, measure, byte_counts,"
             " features.char_counts, features.score and decide._score.",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC
PyInit__ctext(void)
{
    if (PyType_Ready(&TokenizerType) < 0 || PyType_Ready(&LiteralScanType) < 0 ||
        PyType_Ready(&ScorerType) < 0 || PyType_Ready(&DecideStepsType) < 0) {
        return NULL;
    }
    if (ctext_units_init() < 0 || ctext_stoplists_init() < 0 || ctext_score_init() < 0 ||
        ctext_decide_init() < 0 || ctext_first_init() < 0 || ctext_sieve_init() < 0 ||
        ctext_lru_init() < 0 || ctext_regex_init() < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&ctext_module);
    if (module == NULL) {
        return NULL;
    }
    Py_INCREF(&TokenizerType);
    if (PyModule_AddObject(module, "Tokenizer", (PyObject *)&TokenizerType) < 0) {
        Py_DECREF(&TokenizerType);
        Py_DECREF(module);
        return NULL;
    }
    Py_INCREF(&LiteralScanType);
    if (PyModule_AddObject(module, "LiteralScan", (PyObject *)&LiteralScanType) < 0) {
        Py_DECREF(&LiteralScanType);
        Py_DECREF(module);
        return NULL;
    }
    Py_INCREF(&ScorerType);
    if (PyModule_AddObject(module, "Scorer", (PyObject *)&ScorerType) < 0) {
        Py_DECREF(&ScorerType);
        Py_DECREF(module);
        return NULL;
    }
    Py_INCREF(&DecideStepsType);
    if (PyModule_AddObject(module, "DecideSteps", (PyObject *)&DecideStepsType) < 0) {
        Py_DECREF(&DecideStepsType);
        Py_DECREF(module);
        return NULL;
    }
    if (ctext_slot_init(module) < 0 || ctext_context_init(module) < 0 ||
        ctext_score_step_init(module) < 0 || ctext_memo_init(module) < 0 ||
        ctext_places_init(module) < 0 || ctext_known_init(module) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
