/* cleaner._ctext: the block rules' sieve (sieve.Sieve.line, sieve.Sieve.run_python).
 *
 *   sieve_line(plan, text)               Sieve.line: one line's answers, an int
 *   sieve_run(plan, memo, slots)         Sieve.run_python: which block rules to search, or None
 *   sieve_lines(plan, memo, texts, bit)  Sieve.lines_python: the lines whose answers hold bit
 *   sieve_live(plan, slots)              Sieve.live_python: the document's slots, texts, starts
 *
 * `plan` is Sieve.plan (see there for its items). A line's
 * answers are read from the memo's facts as DocumentMemo.block reads them (the document's
 * dict, then the Cleaner's table through `_get_facts`, copied into the document's dict),
 * made here where missing and stored with the text's other facts, in the same tuple the
 * Python stores. Then the rules' answers are put together from the lines' (the EndingGate
 * compares the texts' endings in their buffers, as gate.endings_of does).
 */
#include "_ctext.h"
#include "_ctext_slot.h"

static PyObject *str_facts, *str_get_facts, *str_origin, *str_segment, *str_text;

/* Sieve.plan's items. */
enum {
    P_HEADS, P_FIRSTS, P_LINES, P_WIDES, P_RULES, P_AT, P_BLANK, P_STRUCTURAL, P_SEGMENT, P_TEXT,
    N_P
};

/* gate.wide: len(text) > gap and gate._solid(text) > gap. */
static int
wide(PyObject *text, Py_ssize_t gap)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n <= gap) {
        return 0;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t solid = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        solid += !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i));
        if (solid > gap) {
            return 1;
        }
    }
    return 0;
}

/* Sieve.line: BROKEN (1) where `text` holds a line break, each head's bit where it
 * starts with one of the head's literals, each line gate's bit where gate.line_fits.
 * 0 or more, or -1 with an exception set. */
static int64_t
line_answers(PyObject *plan, PyObject *text)
{
    PyObject *heads = PyTuple_GET_ITEM(plan, P_HEADS), *lines = PyTuple_GET_ITEM(plan, P_LINES);
    PyObject *wides = PyTuple_GET_ITEM(plan, P_WIDES);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t at = PyUnicode_FindChar(text, '\n', 0, n, 1);
    if (at == -2) {
        return -1;
    }
    int64_t found = at >= 0;
    Py_UCS4 first = n > 0 ? PyUnicode_READ(kind, data, 0) : 0;
    /* The literals' first characters (None where one is empty): most lines start with
     * none of them, and are past the heads at one scan of a short str. */
    PyObject *firsts = PyTuple_GET_ITEM(plan, P_FIRSTS);
    Py_ssize_t starts_one = 1;
    if (firsts != Py_None) {
        starts_one = n > 0 ? PyUnicode_FindChar(firsts, first, 0, PyUnicode_GET_LENGTH(firsts), 1)
                           : -1;
        if (starts_one == -2) {
            return -1;
        }
    }
    for (Py_ssize_t h = 0; starts_one >= 0 && h < PyTuple_GET_SIZE(heads); h++) {
        PyObject *entry = PyTuple_GET_ITEM(heads, h);
        int64_t bit = PyLong_AsLongLong(PyTuple_GET_ITEM(entry, 0));
        PyObject *literals = PyTuple_GET_ITEM(entry, 1);
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(literals); i++) {
            PyObject *literal = PyTuple_GET_ITEM(literals, i);
            Py_ssize_t m = PyUnicode_GET_LENGTH(literal);
            if (m > n || (m > 0 && PyUnicode_READ_CHAR(literal, 0) != first)) {
                continue;
            }
            Py_ssize_t starts = PyUnicode_Tailmatch(text, literal, 0, n, -1);
            if (starts < 0) {
                return -1;
            }
            if (starts) {
                found |= bit;
                break;
            }
        }
    }
    for (Py_ssize_t g = 0; g < PyTuple_GET_SIZE(lines); g++) {
        PyObject *entry = PyTuple_GET_ITEM(lines, g); /* (bit, max_chars, digit, search) */
        int64_t bit = PyLong_AsLongLong(PyTuple_GET_ITEM(entry, 0));
        Py_ssize_t max_chars = PyLong_AsSsize_t(PyTuple_GET_ITEM(entry, 1));
        if (n > max_chars) {
            continue;
        }
        if (PyTuple_GET_ITEM(entry, 2) == Py_True && !ctext_has_digit(kind, data, 0, n)) {
            continue;
        }
        PyObject *zero = PyLong_FromLong(0);
        PyObject *match = zero == NULL ? NULL
                                       : ctext_search(PyTuple_GET_ITEM(entry, 3), text, zero);
        Py_XDECREF(zero);
        if (match == NULL) {
            return -1;
        }
        if (match != Py_None) {
            found |= bit;
        }
        Py_DECREF(match);
    }
    for (Py_ssize_t w = 0; w < PyTuple_GET_SIZE(wides); w++) {
        PyObject *entry = PyTuple_GET_ITEM(wides, w); /* (bit, gap) */
        int64_t bit = PyLong_AsLongLong(PyTuple_GET_ITEM(entry, 0));
        if (wide(text, PyLong_AsSsize_t(PyTuple_GET_ITEM(entry, 1)))) {
            found |= bit;
        }
    }
    return PyErr_Occurred() ? -1 : found;
}

static int
check_plan(PyObject *plan)
{
    if (!PyTuple_CheckExact(plan) || PyTuple_GET_SIZE(plan) != N_P ||
        (PyTuple_GET_ITEM(plan, P_FIRSTS) != Py_None &&
         !PyUnicode_Check(PyTuple_GET_ITEM(plan, P_FIRSTS)))) {
        PyErr_SetString(PyExc_TypeError, "a sieve's plan: sieve.Sieve.plan");
        return -1;
    }
    int tuples[] = {P_HEADS, P_LINES, P_WIDES, P_RULES, P_BLANK, P_STRUCTURAL};
    for (size_t i = 0; i < sizeof(tuples) / sizeof(tuples[0]); i++) {
        if (!PyTuple_CheckExact(PyTuple_GET_ITEM(plan, tuples[i]))) {
            PyErr_SetString(PyExc_TypeError, "a sieve's plan: sieve.Sieve.plan");
            return -1;
        }
    }
    return 0;
}

/* sieve_line(plan, text): Sieve.line. */
PyObject *
ctext_sieve_line(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || check_plan(args[0]) < 0 || !PyUnicode_Check(args[1])) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_TypeError, "sieve_line(plan, text)");
        }
        return NULL;
    }
    int64_t found = line_answers(args[0], args[1]);
    return found < 0 ? NULL : PyLong_FromLongLong(found);
}

/* The line's answers as the memo holds them (DocumentMemo.block): its facts from the
 * document's dict `facts` or the Cleaner's table; where their BLOCK field is missing,
 * made (line_answers) and stored in a copy of them. -1 with an exception set. */
static int64_t
line_of(PyObject *plan, PyObject *memo, PyObject *facts, PyObject *text)
{
    Py_ssize_t at = PyLong_AsSsize_t(PyTuple_GET_ITEM(plan, P_AT));
    PyObject *blank = PyTuple_GET_ITEM(plan, P_BLANK);
    if (at < 0 || at >= PyTuple_GET_SIZE(blank)) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_ValueError, "sieve: memo.BLOCK outside memo._BLANK");
        }
        return -1;
    }
    PyObject *missing = PyTuple_GET_ITEM(blank, at);
    PyObject *held = ctext_memo_lookup(memo, facts, str_get_facts, text, -1, blank);
    if (held == NULL && PyErr_Occurred()) {
        return -1;
    }
    if (held == NULL) {
        held = Py_NewRef(blank);
    }
    if (!PyTuple_CheckExact(held) || PyTuple_GET_SIZE(held) <= at) {
        Py_DECREF(held);
        PyErr_SetString(PyExc_TypeError, "sieve: a text's facts must be a memo.Facts tuple");
        return -1;
    }
    PyObject *value = PyTuple_GET_ITEM(held, at);
    if (value != missing) {
        int64_t found = PyLong_AsLongLong(value);
        Py_DECREF(held);
        return found == -1 && PyErr_Occurred() ? -1 : found;
    }
    int64_t found = line_answers(plan, text);
    /* memo.Facts: untracked as _ctext_memo.c's store_fact makes them (ctext_untracked). */
    PyObject *made = found < 0 ? NULL : ctext_untracked(PyTuple_New(PyTuple_GET_SIZE(held)));
    PyObject *answer = made == NULL ? NULL : PyLong_FromLongLong(found);
    if (answer == NULL) {
        Py_XDECREF(made);
        Py_DECREF(held);
        return -1;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(held); i++) {
        PyTuple_SET_ITEM(made, i, i == at ? answer : Py_NewRef(PyTuple_GET_ITEM(held, i)));
    }
    Py_DECREF(held);
    int stored = PyDict_SetItem(facts, text, made);
    Py_DECREF(made);
    return stored < 0 ? -1 : found;
}

/* Whether the last `chars` characters of `a` and `b` (both at least that long) are the
 * same. */
static int
same_ending(PyObject *a, PyObject *b, Py_ssize_t chars)
{
    int ka = PyUnicode_KIND(a), kb = PyUnicode_KIND(b);
    const char *da = PyUnicode_DATA(a), *db = PyUnicode_DATA(b);
    Py_ssize_t ea = PyUnicode_GET_LENGTH(a) - chars, eb = PyUnicode_GET_LENGTH(b) - chars;
    if (ka == kb) {
        return memcmp(da + ea * ka, db + eb * kb, (size_t)(chars * ka)) == 0;
    }
    for (Py_ssize_t i = 0; i < chars; i++) {
        if (PyUnicode_READ(ka, da, ea + i) != PyUnicode_READ(kb, db, eb + i)) {
            return 0;
        }
    }
    return 1;
}

/* The characters other than white space (str.isspace) in `text`'s first `end`. */
static Py_ssize_t
solid_upto(PyObject *text, Py_ssize_t end)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t solid = 0;
    for (Py_ssize_t i = 0; i < end; i++) {
        solid += !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i));
    }
    return solid;
}

/* gate.heads_fit. */
static int
heads_fit(PyObject *a, PyObject *b, Py_ssize_t head)
{
    int ka = PyUnicode_KIND(a), kb = PyUnicode_KIND(b);
    const void *da = PyUnicode_DATA(a), *db = PyUnicode_DATA(b);
    Py_ssize_t na = PyUnicode_GET_LENGTH(a), nb = PyUnicode_GET_LENGTH(b);
    Py_ssize_t shared = 0, most = na < nb ? na : nb;
    while (shared < most &&
           PyUnicode_READ(ka, da, na - 1 - shared) == PyUnicode_READ(kb, db, nb - 1 - shared)) {
        shared++;
    }
    return solid_upto(a, na - shared) <= head && solid_upto(b, nb - shared) <= head;
}

/* gate.endings_of(texts, chars, gap, head) (head -1: None), with whether each line is
 * wide (gate.wide(text, gap)) read from its answers' `wide_bit`: 1, 0, or -1 with an
 * exception set. The wide line's ending is compared in place; the short lines after it
 * are kept in `more`, from their endings (str) to the list of their indices. */
static int
endings_of(PyObject *texts, const int64_t *bits, Py_ssize_t chars, Py_ssize_t head,
           int64_t wide_bit)
{
    Py_ssize_t last = -1;
    PyObject *more = NULL;
    int result = 0;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(texts) && result == 0; k++) {
        PyObject *text = PyList_GET_ITEM(texts, k);
        Py_ssize_t n = PyUnicode_GET_LENGTH(text);
        PyObject *ending = NULL; /* made where `more` needs it */
        if (n >= chars) {
            PyObject *before = last >= 0 ? PyList_GET_ITEM(texts, last) : NULL;
            if (before != NULL && same_ending(before, text, chars) &&
                (head < 0 || heads_fit(before, text, head))) {
                result = 1;
                break;
            }
            if (more != NULL && PyDict_GET_SIZE(more) > 0) {
                ending = PyUnicode_Substring(text, n - chars, n);
                PyObject *found = ending == NULL ? NULL : PyDict_GetItemWithError(more, ending);
                if (found == NULL && PyErr_Occurred()) {
                    result = -1;
                }
                for (Py_ssize_t i = 0; found != NULL && i < PyList_GET_SIZE(found); i++) {
                    Py_ssize_t j = PyLong_AsSsize_t(PyList_GET_ITEM(found, i));
                    if (head < 0 || heads_fit(PyList_GET_ITEM(texts, j), text, head)) {
                        result = 1;
                        break;
                    }
                }
                if (result != 0) {
                    Py_XDECREF(ending);
                    break;
                }
            }
        }
        if (bits[k] & wide_bit) {
            last = n >= chars ? k : -1;
            if (more != NULL) {
                PyDict_Clear(more);
            }
        }
        else if (n >= chars) {
            if (more == NULL) {
                more = PyDict_New();
            }
            if (ending == NULL && more != NULL) {
                ending = PyUnicode_Substring(text, n - chars, n);
            }
            PyObject *found = ending == NULL ? NULL : PyDict_GetItemWithError(more, ending);
            PyObject *index = found == NULL && PyErr_Occurred() ? NULL : PyLong_FromSsize_t(k);
            int added = -1;
            if (index != NULL && found != NULL) {
                added = PyList_Append(found, index);
            }
            else if (index != NULL) {
                PyObject *fresh = PyList_New(1);
                if (fresh != NULL) {
                    PyList_SET_ITEM(fresh, 0, Py_NewRef(index));
                    added = PyDict_SetItem(more, ending, fresh);
                    Py_DECREF(fresh);
                }
            }
            Py_XDECREF(index);
            if (added < 0) {
                result = -1;
            }
        }
        Py_XDECREF(ending);
    }
    Py_XDECREF(more);
    return result;
}

/* Whether `count` of the lines whose answers hold `bit` follow each other `step` lines
 * apart (gate.chained): 1, 0, or -1 with an exception set. */
static int
chained(const int64_t *bits, Py_ssize_t n, int64_t bit, Py_ssize_t count, Py_ssize_t step)
{
    Py_ssize_t *chain = PyMem_Calloc((size_t)n + 1, sizeof(Py_ssize_t));
    if (chain == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t seen = 0;
    int result = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        if (!(bits[k] & bit)) {
            continue;
        }
        seen++;
        chain[k] = step ? (k >= step ? chain[k - step] : 0) + 1 : seen;
        if (chain[k] >= count) {
            result = 1;
            break;
        }
    }
    PyMem_Free(chain);
    return result;
}

/* Whether the rule whose plan entry is `entry` is to be searched: 1, 0, or -1 with an
 * exception set. */
static int
rule_may(PyObject *entry, const int64_t *bits, Py_ssize_t n, int64_t every, PyObject *texts)
{
    if (entry == Py_None) {
        return 1;
    }
    if (!PyTuple_CheckExact(entry) || PyTuple_GET_SIZE(entry) != 6) {
        PyErr_SetString(PyExc_TypeError, "sieve: a rule's entry is six ints or None");
        return -1;
    }
    int64_t v[6];
    for (int i = 0; i < 6; i++) {
        v[i] = PyLong_AsLongLong(PyTuple_GET_ITEM(entry, i));
        if (v[i] == -1 && PyErr_Occurred()) {
            return -1;
        }
    }
    if (v[0] && !(every & v[0])) {
        return 0;
    }
    if (v[1] == 1) { /* a LineGate: its bit, count, step */
        return (every & v[2]) ? chained(bits, n, v[2], (Py_ssize_t)v[3], (Py_ssize_t)v[4]) : 0;
    }
    if (v[1] == 2) { /* an EndingGate: chars, gap, head, its wide bit */
        if (v[2] <= 0) {
            PyErr_SetString(PyExc_ValueError, "sieve: an ending's chars must be positive");
            return -1;
        }
        return endings_of(texts, bits, (Py_ssize_t)v[2], (Py_ssize_t)v[4], v[5]);
    }
    return 1;
}

/* slot.origin is one of `structural` (a tuple): 1, 0, or -1 with an exception set. An
 * origin whose type compares by identity (an Enum: Origin) is compared so here. */
static int
structural_origin(PyObject *structural, PyObject *slot)
{
    PyObject *origin = Py_IS_TYPE(slot, &SlotType) ? Py_NewRef(((Slot *)slot)->f[S_ORIGIN])
                                                   : PyObject_GetAttr(slot, str_origin);
    if (origin == NULL) {
        return -1;
    }
    int in = 0;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(structural) && !in; i++) {
        in = PyTuple_GET_ITEM(structural, i) == origin;
    }
    if (!in && Py_TYPE(origin)->tp_richcompare != PyBaseObject_Type.tp_richcompare) {
        in = PySequence_Contains(structural, origin);
    }
    Py_DECREF(origin);
    return in;
}

/* slot.segment.text, a new reference (NULL with an exception set): a compiled Slot's
 * segment from its struct, a Segment's text through the member descriptor `descr`. */
static PyObject *
slot_text(PyObject *slot, PyObject *segment_type, PyObject *descr)
{
    PyObject *segment = Py_IS_TYPE(slot, &SlotType) ? Py_NewRef(((Slot *)slot)->f[S_SEGMENT])
                                                    : PyObject_GetAttr(slot, str_segment);
    if (segment == NULL) {
        return NULL;
    }
    PyObject *text = (PyObject *)Py_TYPE(segment) == segment_type && Py_TYPE(descr)->tp_descr_get
                         ? Py_TYPE(descr)->tp_descr_get(descr, segment, segment_type)
                         : PyObject_GetAttr(segment, str_text);
    Py_DECREF(segment);
    if (text != NULL && !PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "sieve_run: a segment's text must be a str");
        Py_CLEAR(text);
    }
    return text;
}

/* The rules' answers from the lines' (`bits`, `every` their union): None where a text
 * holds a line break, else an int with bit i for rule i to be searched. */
static PyObject *
rules_may(PyObject *plan, const int64_t *bits, Py_ssize_t n, int64_t every, PyObject *texts)
{
    if (every & 1) {
        Py_RETURN_NONE;
    }
    PyObject *rules = PyTuple_GET_ITEM(plan, P_RULES);
    uint64_t low = 0; /* the rules' bits below 63; a Python int holds any after */
    PyObject *high = PyLong_FromLong(0);
    for (Py_ssize_t i = 0; high != NULL && i < PyTuple_GET_SIZE(rules); i++) {
        int may = rule_may(PyTuple_GET_ITEM(rules, i), bits, n, every, texts);
        if (may < 0) {
            Py_CLEAR(high);
        }
        else if (may && i < 63) {
            low |= (uint64_t)1 << i;
        }
        else if (may) {
            PyObject *index = PyLong_FromSsize_t(i);
            PyObject *one = PyLong_FromLong(1);
            PyObject *bit = index == NULL || one == NULL ? NULL : PyNumber_Lshift(one, index);
            Py_XDECREF(index);
            Py_XDECREF(one);
            Py_SETREF(high, bit == NULL ? NULL : PyNumber_Or(high, bit));
            Py_XDECREF(bit);
        }
    }
    PyObject *part = high == NULL ? NULL : PyLong_FromUnsignedLongLong(low);
    PyObject *result = part == NULL ? NULL : PyNumber_Or(high, part);
    Py_XDECREF(part);
    Py_XDECREF(high);
    return result;
}

/* The document memo's own facts dict (DocumentMemo.facts), a new reference; NULL with an
   error set where it is missing or not exactly a dict. */
static PyObject *
document_facts(PyObject *memo)
{
    PyObject *facts = PyObject_GetAttr(memo, str_facts);
    if (facts != NULL && !PyDict_CheckExact(facts)) {
        PyErr_SetString(PyExc_TypeError, "DocumentMemo.facts must be a dict");
        Py_CLEAR(facts);
    }
    return facts;
}

/* sieve_run(plan, memo, slots): Sieve.run_python. */
PyObject *
ctext_sieve_run(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3 || check_plan(args[0]) < 0 || !PyList_CheckExact(args[2])) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_TypeError, "sieve_run(plan, memo, slots)");
        }
        return NULL;
    }
    PyObject *plan = args[0], *memo = args[1];
    PyObject *slots = PyList_GetSlice(args[2], 0, PyList_GET_SIZE(args[2])); /* held */
    PyObject *texts = slots == NULL ? NULL : PyList_New(0);
    PyObject *facts = texts == NULL ? NULL : document_facts(memo);
    Py_ssize_t n = slots == NULL ? 0 : PyList_GET_SIZE(slots);
    int64_t *bits = facts == NULL ? NULL : PyMem_Malloc(((size_t)n + 1) * sizeof(int64_t));
    if (facts != NULL && bits == NULL) {
        PyErr_NoMemory();
    }
    PyObject *structural = PyTuple_GET_ITEM(plan, P_STRUCTURAL);
    PyObject *segment_type = PyTuple_GET_ITEM(plan, P_SEGMENT);
    PyObject *descr = PyTuple_GET_ITEM(plan, P_TEXT);
    int64_t every = 0;
    int failed = bits == NULL;
    for (Py_ssize_t i = 0; !failed && i < n; i++) {
        PyObject *slot = PyList_GET_ITEM(slots, i);
        int in = structural_origin(structural, slot);
        if (in != 0) {
            failed = in < 0;
            continue;
        }
        PyObject *text = slot_text(slot, segment_type, descr);
        Py_ssize_t k = PyList_GET_SIZE(texts);
        if (text == NULL || PyList_Append(texts, text) < 0) {
            Py_XDECREF(text);
            failed = 1;
            break;
        }
        Py_DECREF(text);
        bits[k] = line_of(plan, memo, facts, text);
        failed = bits[k] < 0;
        every |= bits[k];
    }
    PyObject *result = failed ? NULL : rules_may(plan, bits, PyList_GET_SIZE(texts), every, texts);
    PyMem_Free(bits);
    Py_XDECREF(facts);
    Py_XDECREF(texts);
    Py_XDECREF(slots);
    return result;
}

/* sieve_lines(plan, memo, texts, bit): Sieve.lines_python. */
PyObject *
ctext_sieve_lines(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 || check_plan(args[0]) < 0 || !PyList_CheckExact(args[2])) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_TypeError, "sieve_lines(plan, memo, texts, bit)");
        }
        return NULL;
    }
    PyObject *plan = args[0], *memo = args[1];
    int64_t bit = PyLong_AsLongLong(args[3]);
    if (bit == -1 && PyErr_Occurred()) {
        return NULL;
    }
    PyObject *texts = PyList_GetSlice(args[2], 0, PyList_GET_SIZE(args[2])); /* held */
    PyObject *found = texts == NULL ? NULL : PyList_New(0);
    PyObject *facts = found == NULL ? NULL : document_facts(memo);
    int failed = facts == NULL;
    for (Py_ssize_t k = 0; !failed && k < PyList_GET_SIZE(texts); k++) {
        PyObject *text = PyList_GET_ITEM(texts, k);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "sieve_lines: texts must be str");
            failed = 1;
            break;
        }
        int64_t answers = line_of(plan, memo, facts, text);
        if (answers < 0) {
            failed = 1;
        }
        else if (answers & bit) {
            PyObject *index = PyLong_FromSsize_t(k);
            failed = index == NULL || PyList_Append(found, index) < 0;
            Py_XDECREF(index);
        }
    }
    Py_XDECREF(facts);
    Py_XDECREF(texts);
    if (failed) {
        Py_CLEAR(found);
    }
    return found;
}

/* sieve_live(plan, slots): Sieve.live_python, (live, texts, starts). */
PyObject *
ctext_sieve_live(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || check_plan(args[0]) < 0 || !PyList_CheckExact(args[1])) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_TypeError, "sieve_live(plan, slots)");
        }
        return NULL;
    }
    PyObject *plan = args[0];
    PyObject *slots = PyList_GetSlice(args[1], 0, PyList_GET_SIZE(args[1])); /* held */
    PyObject *live = slots == NULL ? NULL : PyList_New(0);
    PyObject *texts = live == NULL ? NULL : PyList_New(0);
    PyObject *starts = texts == NULL ? NULL : PyList_New(0);
    PyObject *structural = PyTuple_GET_ITEM(plan, P_STRUCTURAL);
    PyObject *segment_type = PyTuple_GET_ITEM(plan, P_SEGMENT);
    PyObject *descr = PyTuple_GET_ITEM(plan, P_TEXT);
    int failed = starts == NULL;
    Py_ssize_t at = 0; /* where the next text starts in the texts joined by "\n" */
    for (Py_ssize_t i = 0; !failed && i < PyList_GET_SIZE(slots); i++) {
        PyObject *slot = PyList_GET_ITEM(slots, i);
        int in = structural_origin(structural, slot);
        if (in != 0) {
            failed = in < 0;
            continue;
        }
        PyObject *text = slot_text(slot, segment_type, descr);
        PyObject *index = text == NULL ? NULL : PyLong_FromSsize_t(i);
        PyObject *start = index == NULL ? NULL : PyLong_FromSsize_t(at);
        failed = start == NULL || PyList_Append(live, index) < 0 ||
                 PyList_Append(texts, text) < 0 || PyList_Append(starts, start) < 0;
        if (text != NULL) {
            at += PyUnicode_GET_LENGTH(text) + 1;
        }
        Py_XDECREF(start);
        Py_XDECREF(index);
        Py_XDECREF(text);
    }
    PyObject *result = failed ? NULL : PyTuple_Pack(3, live, texts, starts);
    Py_XDECREF(starts);
    Py_XDECREF(texts);
    Py_XDECREF(live);
    Py_XDECREF(slots);
    return result;
}

int
ctext_sieve_init(void)
{
    str_facts = PyUnicode_InternFromString("facts");
    str_get_facts = PyUnicode_InternFromString("_get_facts");
    str_origin = PyUnicode_InternFromString("origin");
    str_segment = PyUnicode_InternFromString("segment");
    str_text = PyUnicode_InternFromString("text");
    return str_facts == NULL || str_get_facts == NULL || str_origin == NULL ||
                   str_segment == NULL || str_text == NULL
               ? -1
               : 0;
}
