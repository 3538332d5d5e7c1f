/* cleaner._ctext, the block scorer's steps: ctext_score_steps does what
 * features.score_python does after its reading, in the same order. The lexical shapes
 * stay the Python `regex` objects: their bound search/match/fullmatch are called here
 * where the Python calls them, as are units.marks_no_sentence_end and the tokenizer's
 * char_counts; the density is ctext_measure (measure_python where that gives None, as
 * language.measure_native does). The limits, Features and callables come from the plan
 * (_ctext_scorer.c). An input that is not what the front ends make (a word count,
 * density or link density that is neither a float nor an int a double holds; letters
 * the Python would divide by zero) asks for the fallback: score_python gives the same
 * answer or raises the same error. */
#include "_ctext_score.h"

static PyObject *str_tag, *str_link_density, *str_bold, *str_in_body;

/* A word count, density or share as a double that holds it exactly: 1, or 0 when it is
 * neither a float nor an int of at most 2**53 (the fallback runs). */
static int
exact_double(PyObject *value, double *out)
{
    if (PyFloat_CheckExact(value)) {
        *out = PyFloat_AS_DOUBLE(value);
        return 1;
    }
    if (PyLong_CheckExact(value)) {
        int overflow;
        long long v = PyLong_AsLongLongAndOverflow(value, &overflow);
        if (overflow || v > (1LL << 53) || v < -(1LL << 53)) {
            return 0;
        }
        *out = (double)v;
        return 1;
    }
    return 0;
}

/* `f(text)` is true: 1, 0, or -1 with an exception set. */
static int
holds_for(PyObject *f, PyObject *text)
{
    PyObject *found = PyObject_CallOneArg(f, text);
    if (found == NULL) {
        return -1;
    }
    int hit = PyObject_IsTrue(found);
    Py_DECREF(found);
    return hit;
}

/* `counts[text] > 1`: 1, 0, or -1 with an exception set. A Counter (or dict) is read as
 * a dict (a missing text counts 0); any other mapping through its __getitem__. */
static int
repeats(PyObject *counts, PyObject *text, PyObject *counter_type)
{
    PyObject *seen;
    if (PyDict_CheckExact(counts) || Py_TYPE(counts) == (PyTypeObject *)counter_type) {
        seen = PyDict_GetItemWithError(counts, text);
        if (seen == NULL) {
            return PyErr_Occurred() ? -1 : 0;
        }
        Py_INCREF(seen);
    } else {
        seen = PyObject_GetItem(counts, text);
        if (seen == NULL) {
            return -1;
        }
    }
    PyObject *one = PyLong_FromLong(1);
    int more = one == NULL ? -1 : PyObject_RichCompareBool(seen, one, Py_GT);
    Py_XDECREF(one);
    Py_DECREF(seen);
    return more;
}

/* The shape `shape` (a bound search) finds a match in `text`, where every match holds
 * one of the strings of the tuple `needs` (none: no bound known): 1, 0 or -1. A text
 * with none of them is not searched. */
static int
shape_matches(PyObject *shape, PyObject *needs, PyObject *text)
{
    Py_ssize_t n = PyTuple_GET_SIZE(needs);
    if (n > 0) {
        int any = 0;
        for (Py_ssize_t k = 0; k < n && !any; k++) {
            any = PyUnicode_Contains(text, PyTuple_GET_ITEM(needs, k));
            if (any < 0) {
                return -1;
            }
        }
        if (!any) {
            return 0;
        }
    }
    return ctext_matches(shape, text);
}

/* The caption shape occurs in `text` (features.has_caption): 1, 0 or -1. */
static int
has_caption(PyObject *plan, PyObject *text)
{
    return shape_matches(PyTuple_GET_ITEM(plan, P_CAPTION), PyTuple_GET_ITEM(plan, P_CAPTION_NEEDS),
                         text);
}

/* Whether `text` holds more than `most` spaces and hyphens (U+0020, U+002D). */
static int
more_separators(PyObject *text, Py_ssize_t most)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), seen = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if ((c == ' ' || c == '-') && ++seen > most) {
            return 1;
        }
    }
    return 0;
}

static int
add(Fired *out, int which)
{
    out->total += out->points[which];
    return PyList_Append(out->list, out->feats[which]);
}

#define CHECK(call)                                                                        \
    do {                                                                                   \
        int got_ = (call);                                                                 \
        if (got_ < 0) {                                                                    \
            return got_;                                                                   \
        }                                                                                  \
    } while (0)

/* The truth of a segment's attribute: 1, 0 or -1. */
static int
flag_of(PyObject *segment, PyObject *name)
{
    PyObject *value = PyObject_GetAttr(segment, name);
    if (value == NULL) {
        return -1;
    }
    int truth = PyObject_IsTrue(value);
    Py_DECREF(value);
    return truth;
}

/* The DOM features (the Python's `if segment.tag:` part); `n` is the block's words. */
static int
dom_features(PyObject *plan, const double *lim, PyObject *segment, double n, Fired *out)
{
    PyObject *tag = PyObject_GetAttr(segment, str_tag);
    if (tag == NULL) {
        return FAILED;
    }
    int got = PyObject_IsTrue(tag);
    if (got > 0) {
        got = FALL_BACK;
        double density;
        PyObject *value = PyObject_GetAttr(segment, str_link_density);
        if (value != NULL && exact_double(value, &density)) {
            got = 0;
            if (density >= lim[L_LINK_HIGH]) {
                got = add(out, FT_LINK_HIGH);
            } else if (density >= lim[L_LINK_MID]) {
                got = add(out, FT_LINK_MID);
            }
        }
        Py_XDECREF(value);
        if (value == NULL) {
            got = FAILED;
        }
        PyObject *headings = PyTuple_GET_ITEM(plan, P_HEADING_TAGS);
        PyObject *paragraphs = PyTuple_GET_ITEM(plan, P_PARAGRAPH_TAGS);
        int in_body = got < 0 ? 0 : flag_of(segment, str_in_body);
        if (in_body != 0) {
            got = in_body < 0 ? FAILED : add(out, FT_IN_BODY);
            int heading = got < 0 ? 0 : PySet_Contains(headings, tag);
            if (heading != 0) {
                got = heading < 0 ? FAILED : add(out, FT_HEADING);
            } else if (got >= 0) {
                int bold = flag_of(segment, str_bold);
                int par = bold > 0 ? PySet_Contains(paragraphs, tag) : bold;
                if (par < 0) {
                    got = FAILED;
                } else if (par > 0 && n < lim[L_BOLD_MAX]) {
                    got = add(out, FT_BOLD_SUBTITLE);
                }
            }
        }
    }
    Py_DECREF(tag);
    return got < 0 ? got : 0;
}

int
ctext_score_steps(PyObject *plan, PyObject *segment, PyObject *text, PyObject *counts,
                  PyObject *stoplist, PyObject *reading, Fired *out)
{
    double lim[N_LIMITS];
    PyObject *limits = PyTuple_GET_ITEM(plan, P_LIMITS);
    for (Py_ssize_t k = 0; k < N_LIMITS; k++) {
        lim[k] = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(limits, k));
    }
    PyObject *reading_type = PyTuple_GET_ITEM(plan, P_READING);
    if (Py_TYPE(reading) != (PyTypeObject *)reading_type) {
        return FALL_BACK;
    }
    /* short = reading.tokens is not None and reading.words < t.short_words */
    double words;
    if (!exact_double(PyTuple_GET_ITEM(reading, 1), &words)) {
        return FALL_BACK;
    }
    int is_short = PyTuple_GET_ITEM(reading, 2) != Py_None && words < lim[L_SHORT];
    PyObject *args[5] = {reading, is_short ? Py_None : stoplist, PyTuple_GET_ITEM(plan, P_HIGH),
                         reading_type, PyTuple_GET_ITEM(plan, P_MEASURE_TYPE)};
    PyObject *measured = ctext_measure(NULL, args, 5);
    if (measured == Py_None) {
        Py_DECREF(measured);
        measured = PyObject_Vectorcall(PyTuple_GET_ITEM(plan, P_MEASURE), args, 3, NULL);
    }
    if (measured == NULL) {
        return FAILED;
    }
    double n, density = 0.0;
    int has_density = 0, usable = PyTuple_Check(measured) && PyTuple_GET_SIZE(measured) == 2 &&
                                  exact_double(PyTuple_GET_ITEM(measured, 0), &n);
    if (usable && PyTuple_GET_ITEM(measured, 1) != Py_None) {
        has_density = 1;
        usable = exact_double(PyTuple_GET_ITEM(measured, 1), &density);
    }
    Py_DECREF(measured);
    if (!usable) {
        return FALL_BACK;
    }
    if (n >= lim[L_LONG]) {
        CHECK(add(out, FT_LONG));
    } else if (n >= lim[L_MEDIUM]) {
        CHECK(add(out, FT_MEDIUM));
    } else if (n < lim[L_SHORT]) {
        CHECK(add(out, FT_SHORT));
    }
    /* The end shapes, over the last END_SHAPE_CHARS characters. */
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    Py_ssize_t end_chars = PyLong_AsSsize_t(PyTuple_GET_ITEM(plan, P_END_CHARS));
    if (end_chars < 0) {
        return PyErr_Occurred() ? FAILED : FALL_BACK;
    }
    int searched = PyTuple_GET_ITEM(plan, P_ENDS_ALNUM) == Py_True || len == 0 ||
                   !Py_UNICODE_ISALNUM(PyUnicode_READ_CHAR(text, len - 1));
    int ends = 0; /* 1: ellipsis, 2: terminal */
    if (searched) {
        PyObject *end = PyUnicode_Substring(text, len > end_chars ? len - end_chars : 0, len);
        if (end == NULL) {
            return FAILED;
        }
        ends = shape_matches(PyTuple_GET_ITEM(plan, P_ELLIPSIS),
                             PyTuple_GET_ITEM(plan, P_ELLIPSIS_NEEDS), end);
        if (ends == 0) {
            ends = ctext_matches(PyTuple_GET_ITEM(plan, P_TERMINAL), end);
            ends = ends > 0 ? 2 : ends;
        }
        Py_DECREF(end);
        CHECK(ends);
    }
    if (ends == 1) {
        CHECK(add(out, FT_ELLIPSIS));
    } else if (ends == 2) {
        CHECK(add(out, FT_TERMINAL));
    } else if (lim[L_UNTERM_MIN] <= n && n < lim[L_UNTERM_MAX]) {
        PyObject *in_body = PyObject_GetAttr(segment, str_in_body);
        if (in_body == NULL) {
            return FAILED;
        }
        Py_DECREF(in_body); /* only compared with True */
        if (in_body != Py_True) {
            int marks = holds_for(PyTuple_GET_ITEM(plan, P_NO_SENTENCE_END), text);
            CHECK(marks);
            if (!marks) {
                CHECK(add(out, FT_UNTERMINATED));
            }
        }
    }
    /* time_prefix.match: only where the first character may be a digit, when every
     * match starts with one (Shapes.time_starts_digit) */
    int hit = 0;
    if (PyTuple_GET_ITEM(plan, P_TIME_STARTS_DIGIT) != Py_True ||
        (len > 0 && ctext_has_digit(PyUnicode_KIND(text), PyUnicode_DATA(text), 0, 1))) {
        hit = ctext_matches(PyTuple_GET_ITEM(plan, P_TIME), text);
    }
    CHECK(hit);
    if (hit) {
        CHECK(add(out, FT_TIME));
    }
    if (has_density && n >= lim[L_SHORT]) {
        if (density >= lim[L_STOP_HIGH]) {
            CHECK(add(out, FT_STOP_HIGH));
        } else if (density < lim[L_STOP_LOW] && n >= lim[L_STOP_LOW_MIN]) {
            CHECK(add(out, FT_STOP_LOW));
        }
    }
    if (n >= lim[L_DUP_MIN]) {
        hit = repeats(counts, text, PyTuple_GET_ITEM(plan, P_COUNTER));
        CHECK(hit);
        if (hit) {
            CHECK(add(out, FT_DUPLICATE));
        }
    }
    if (n <= lim[L_CAPTION_MAX]) {
        hit = has_caption(plan, text);
        CHECK(hit);
        if (hit) {
            CHECK(add(out, FT_CAPTION));
        }
    }
    /* byline.fullmatch: only where the text holds no more spaces and hyphens than a
     * match can (Shapes.byline_max_separators; -1: no bound) */
    Py_ssize_t most = PyLong_AsSsize_t(PyTuple_GET_ITEM(plan, P_BYLINE_SEPARATORS));
    if (most == -1 && PyErr_Occurred()) {
        return FAILED;
    }
    hit = most < 0 || !more_separators(text, most)
              ? ctext_matches(PyTuple_GET_ITEM(plan, P_BYLINE), text)
              : 0;
    CHECK(hit);
    if (hit) {
        CHECK(add(out, FT_BYLINE));
    }
    /* Shouting labels and number rows are short: a long block's characters are not
     * counted. */
    int counted = n < lim[L_LONG];
    long long letters = 0, upper = 0, digits = 0;
    if (counted) {
        PyObject *three = PyObject_CallOneArg(PyTuple_GET_ITEM(plan, P_CHAR_COUNTS), text);
        if (three == NULL) {
            return FAILED;
        }
        int ok = PyTuple_Check(three) && PyTuple_GET_SIZE(three) == 3;
        long long *into[3] = {&letters, &upper, &digits};
        for (int k = 0; ok && k < 3; k++) {
            *into[k] = PyLong_AsLongLong(PyTuple_GET_ITEM(three, k));
            ok = !(*into[k] == -1 && PyErr_Occurred());
        }
        Py_DECREF(three);
        if (!ok) {
            return PyErr_Occurred() ? FAILED : FALL_BACK;
        }
    }
    if (n <= lim[L_DATE_MAX] &&
        (!counted || digits || PyTuple_GET_ITEM(plan, P_DATE_NEEDS_DIGIT) != Py_True)) {
        hit = ctext_matches(PyTuple_GET_ITEM(plan, P_DATE), text);
        CHECK(hit);
        if (hit) {
            CHECK(add(out, FT_DATE));
        }
    }
    if (counted) {
        if ((double)letters >= lim[L_UPPER_MIN]) {
            if (letters == 0) {
                return FALL_BACK; /* the Python divides by zero */
            }
            if ((double)upper / (double)letters > lim[L_UPPER_SHARE]) {
                CHECK(add(out, FT_UPPER));
            }
        }
        if (len && (double)digits / (double)len > lim[L_DIGIT_SHARE]) {
            CHECK(add(out, FT_DIGITS));
        }
    }
    return dom_features(plan, lim, segment, n, out);
}

int
ctext_score_steps_init(void)
{
    if (str_tag == NULL) {
        str_tag = PyUnicode_InternFromString("tag");
        str_link_density = PyUnicode_InternFromString("link_density");
        str_bold = PyUnicode_InternFromString("bold");
        str_in_body = PyUnicode_InternFromString("in_body");
        if (str_tag == NULL || str_link_density == NULL || str_bold == NULL ||
            str_in_body == NULL) {
            return -1;
        }
    }
    return 0;
}
