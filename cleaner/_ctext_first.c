/* cleaner._ctext: first_line_rule(plans, make_plan, text, pinned), the twin of
 * rulebook.RuleSet.first_line_rule_python (the reference): the first DROP/KEEP rule whose
 * step matches `text`, or None.
 *
 * The plans are the rule set's own (its `_plans` dict and its `_plan` method, which makes
 * and stores a missing one): the key is (text[:2], pinned, text.isascii()), and a plan is
 * a tuple of steps (limit, tail, needs, search, rule, wants) (rulebook._Step). For each
 * step, in order: a text longer than `limit` skips it; with no `search` (a time-limited
 * user pattern) `rule.matches(text)` decides; else the subject is the text's last `tail`
 * characters (all of it when shorter), `needs("\n" + subject)` must find something when
 * there is a `needs`, and `search(subject)` must match. The regular expressions run as
 * they do from Python (their bound `search` methods are called); what this saves is the
 * Python loop around them, on every new block.
 *
 * `wants` (bytes, or None) is what every match of the step contains (line_filter.encode):
 * where the text's summary (line_filter.summary: a bitmap of the hashes of its characters
 * and adjacent pairs, made once a text over the part the steps search, grown when a step
 * searches more) lacks it, the step cannot match and no pattern is called. The Python
 * twin does not read it: it only saves calls whose answer is "no match". */
#include "_ctext.h"

static PyObject *str_matches;

#define SUMMARY_WORDS 64 /* 4096 bits: line_filter.BITS */
#define SINGLE 0x110000u /* line_filter.SINGLE */

typedef struct {
    int ready;       /* the bits are set for text[from:] */
    Py_ssize_t from;
    uint64_t bits[SUMMARY_WORDS];
} Summary;

/* line_filter.pair_bit */
static inline uint32_t
pair_bit(Py_UCS4 a, Py_UCS4 b)
{
    return ((uint32_t)(a * 0x9E3779B1u) ^ (uint32_t)(b * 0x85EBCA77u)) >> 20;
}

/* Grow the summary of `text` (length n) to cover text[from:]. */
static void
cover(Summary *sum, PyObject *text, Py_ssize_t n, Py_ssize_t from)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    if (!sum->ready) {
        memset(sum->bits, 0, sizeof sum->bits);
        sum->ready = 1;
        sum->from = n;
    }
    Py_UCS4 next = sum->from < n ? PyUnicode_READ(kind, data, sum->from) : SINGLE;
    for (Py_ssize_t j = sum->from - 1; j >= from; j--) {
        Py_UCS4 c = PyUnicode_READ(kind, data, j);
        uint32_t one = pair_bit(c, SINGLE);
        sum->bits[one >> 6] |= (uint64_t)1 << (one & 63);
        if (next != SINGLE) {
            uint32_t two = pair_bit(c, next);
            sum->bits[two >> 6] |= (uint64_t)1 << (two & 63);
        }
        next = c;
    }
    sum->from = from;
}

/* Whether the summary meets `wants` (line_filter.passes, which reads line_filter.encode's
 * layout): 1, 0, or -1 with an exception set for bytes encode did not write. */
static int
meets(const Summary *sum, PyObject *wants)
{
    if (!PyBytes_CheckExact(wants) || PyBytes_GET_SIZE(wants) % 2) {
        PyErr_SetString(PyExc_TypeError, "first_line_rule: wants is line_filter.encode's bytes");
        return -1;
    }
    const uint16_t *w = (const uint16_t *)PyBytes_AS_STRING(wants);
    Py_ssize_t size = PyBytes_GET_SIZE(wants) / 2, k = 1;
    if (size < 1) {
        goto bad;
    }
    for (unsigned clauses = w[0]; clauses > 0; clauses--) {
        if (k + 2 > size || k + 2 + w[k + 1] > size) {
            goto bad;
        }
        unsigned literals = w[k];
        Py_ssize_t clause_end = k + 2 + w[k + 1];
        int found = 0;
        for (k += 2; literals > 0 && !found; literals--) {
            if (k + 2 > clause_end || k + 2 + w[k + 1] > clause_end) {
                goto bad;
            }
            unsigned groups = w[k];
            Py_ssize_t literal_end = k + 2 + w[k + 1];
            int present = 1;
            for (k += 2; groups > 0 && present; groups--) {
                if (k + 1 > literal_end || k + 1 + w[k] > literal_end) {
                    goto bad;
                }
                const uint16_t *bit = w + k + 1, *last = bit + w[k];
                present = 0;
                for (; bit < last && !present; bit++) {
                    unsigned b = *bit & (SUMMARY_WORDS * 64 - 1);
                    present = (int)((sum->bits[b >> 6] >> (b & 63)) & 1);
                }
                k = last - w;
            }
            found = present;
            k = literal_end;
        }
        if (!found) {
            return 0;
        }
        k = clause_end;
    }
    return 1;
bad:
    PyErr_SetString(PyExc_ValueError, "first_line_rule: wants is cut short");
    return -1;
}

/* Whether n > limit (an int): 1, 0, or -1 with an exception set. */
static int
longer_than(Py_ssize_t n, PyObject *limit)
{
    Py_ssize_t value = PyLong_AsSsize_t(limit);
    if (value != -1 || !PyErr_Occurred()) {
        return n > value;
    }
    if (!PyErr_ExceptionMatches(PyExc_OverflowError)) {
        return -1;
    }
    PyErr_Clear(); /* an int past Py_ssize_t: compared as Python compares them */
    PyObject *length = PyLong_FromSsize_t(n);
    if (length == NULL) {
        return -1;
    }
    int yes = PyObject_RichCompareBool(length, limit, Py_GT);
    Py_DECREF(length);
    return yes;
}

/* One step tried on `text` (length `n`, its summary `sum`): 1 (it matches), 0, or -1
 * with an exception set. */
static int
step_matches(PyObject *step, PyObject *text, Py_ssize_t n, Summary *sum)
{
    if (!PyTuple_CheckExact(step) || PyTuple_GET_SIZE(step) != 6) {
        PyErr_SetString(PyExc_TypeError,
                        "first_line_rule: a step is (limit, tail, needs, search, rule, wants)");
        return -1;
    }
    int over = longer_than(n, PyTuple_GET_ITEM(step, 0));
    if (over != 0) {
        return over < 0 ? -1 : 0;
    }
    PyObject *needs = PyTuple_GET_ITEM(step, 2), *search = PyTuple_GET_ITEM(step, 3);
    if (search == Py_None) {
        PyObject *got = PyObject_CallMethodOneArg(PyTuple_GET_ITEM(step, 4), str_matches, text);
        if (got == NULL) {
            return -1;
        }
        int yes = PyObject_IsTrue(got);
        Py_DECREF(got);
        return yes;
    }
    /* text[-tail:] if n > tail else text, as Python slices */
    PyObject *tail = PyTuple_GET_ITEM(step, 1);
    int cut = longer_than(n, tail);
    if (cut < 0) {
        return -1;
    }
    PyObject *subject;
    Py_ssize_t keep = cut ? PyLong_AsSsize_t(tail) : 0;
    if (keep == -1 && PyErr_Occurred()) {
        PyErr_Clear(); /* a negative tail past Py_ssize_t: Python's slice, below */
    }
    PyObject *wants = PyTuple_GET_ITEM(step, 5);
    if (wants != Py_None) {
        Py_ssize_t from = cut && keep > 0 ? n - keep : 0; /* else Python's slice: all */
        if (!sum->ready || from < sum->from) {
            cover(sum, text, n, from);
        }
        int may = meets(sum, wants);
        if (may <= 0) {
            return may;
        }
    }
    if (cut && keep > 0) { /* the common cut: the last `keep` characters */
        subject = PyUnicode_Substring(text, n - keep, n);
    }
    else if (cut) { /* 0, negative or huge: Python's slice */
        PyObject *from = PyNumber_Negative(tail);
        PyObject *slice = from == NULL ? NULL : PySlice_New(from, NULL, NULL);
        Py_XDECREF(from);
        subject = slice == NULL ? NULL : PyObject_GetItem(text, slice);
        Py_XDECREF(slice);
    }
    else {
        subject = Py_NewRef(text);
    }
    if (subject == NULL) {
        return -1;
    }
    int yes = 1;
    if (needs != Py_None) {
        PyObject *lined = PyUnicode_FromOrdinal('\n');
        if (lined != NULL) {
            PyUnicode_Append(&lined, subject);
        }
        yes = lined == NULL ? -1 : ctext_matches(needs, lined);
        Py_XDECREF(lined);
    }
    if (yes == 1) {
        yes = ctext_matches(search, subject);
    }
    Py_DECREF(subject);
    return yes;
}

/* first_line_rule(plans, make_plan, text, pinned) */
PyObject *
ctext_first_line_rule(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 || !PyDict_CheckExact(args[0]) || !PyUnicode_Check(args[2]) ||
        !PyBool_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError,
                        "first_line_rule(plans: dict, make_plan, text: str, pinned: bool)");
        return NULL;
    }
    return ctext_first_planned(args[0], args[2], args[3], args[1], NULL);
}

/* The rule of the first matching step of the plan `plans` holds for `text`, or None: the
 * key is (text[:2], pinned, text.isascii()), and a missing plan is made by
 * `owner.<name>(key)` (`owner(key)` where `name` is NULL), which stores it. `plans` is a
 * dict. A new reference, or NULL with an exception set. */
PyObject *
ctext_first_planned(PyObject *plans, PyObject *text, PyObject *pinned, PyObject *owner,
                    PyObject *name)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *start = PyUnicode_Substring(text, 0, n < 2 ? n : 2);
    if (start == NULL) {
        return NULL;
    }
    PyObject *key = PyTuple_Pack(3, start, pinned, PyUnicode_IS_ASCII(text) ? Py_True : Py_False);
    Py_DECREF(start);
    if (key == NULL) {
        return NULL;
    }
    PyObject *plan = PyDict_GetItemWithError(plans, key); /* borrowed */
    if (plan != NULL) {
        Py_INCREF(plan);
    }
    else if (!PyErr_Occurred()) {
        plan = name == NULL ? PyObject_CallOneArg(owner, key)
                            : PyObject_CallMethodOneArg(owner, name, key);
    }
    Py_DECREF(key);
    if (plan == NULL) {
        return NULL;
    }
    PyObject *rule = ctext_first_of(plan, text);
    Py_DECREF(plan);
    return rule;
}

/* The rule of the first step of `plan` (a tuple of steps) that matches `text`, or None: a
 * new reference, or NULL with an exception set. */
PyObject *
ctext_first_of(PyObject *plan, PyObject *text)
{
    if (!PyTuple_CheckExact(plan) || !PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "first_line_rule: a plan is a tuple of steps");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Summary sum;
    sum.ready = 0;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(plan); k++) {
        PyObject *step = PyTuple_GET_ITEM(plan, k);
        int yes = step_matches(step, text, n, &sum);
        if (yes < 0) {
            return NULL;
        }
        if (yes) {
            return Py_NewRef(PyTuple_GET_ITEM(step, 4));
        }
    }
    Py_RETURN_NONE;
}

int
ctext_first_init(void)
{
    if (str_matches == NULL) {
        str_matches = PyUnicode_InternFromString("matches");
    }
    return str_matches == NULL ? -1 : 0;
}
