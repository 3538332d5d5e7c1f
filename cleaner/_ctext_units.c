/* cleaner._ctext, the tokenizer's methods: units, read and char_counts, each the twin of
 * the Python function named in its comment. */
#include "_ctext.h"

/* Names looked up once, at import (ctext_units_init): immutable after that. */
static PyObject *str_lower; /* "lower" */
static PyObject *builtin_sum;

static int
script_of(uint16_t f)
{
    return (f >> SCRIPT_SHIFT) & SCRIPT_MASK; /* 0: none, else 1 + the script's index */
}

/* The units of `text` into two new lists, as units.units(text) gives them: at each
 * position, a letter of unspaced script i with the marks that follow it (weight
 * 1 / letters_per_word of script i), else a run of spaced-word characters (weight 1.0),
 * else nothing (the position is skipped). That is the `unit` pattern's alternation, tried
 * at each position as `finditer` does; texts with no unspaced letter take the same runs
 * as `\w+` there, which units.units' fast paths find. `*uniform` is set when every
 * weight is 1.0. Returns 0, or -1 with an exception set. */
static int
split_units(Tokenizer *t, PyObject *text, PyObject **tokens_out, PyObject **weights_out,
            int *uniform)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *tokens = PyList_New(0);
    PyObject *weights = PyList_New(0);
    if (tokens == NULL || weights == NULL) {
        goto fail;
    }
    *uniform = 1;
    Py_ssize_t i = 0;
    while (i < n) {
        uint16_t f, next;
        if (flags_of(t, PyUnicode_READ(kind, data, i), &f) < 0) {
            goto fail;
        }
        int script = script_of(f);
        uint16_t joins; /* what the rest of the unit is made of */
        PyObject *weight;
        if (script) { /* an unspaced letter and the marks that follow it */
            joins = F_MARK;
            weight = t->weights[script - 1];
            *uniform = 0;
        }
        else if (f & F_WORD) { /* a spaced word: the longest run */
            joins = F_WORD;
            weight = t->one;
        }
        else {
            i++;
            continue;
        }
        Py_ssize_t end = i + 1;
        for (; end < n; end++) {
            if (flags_of(t, PyUnicode_READ(kind, data, end), &next) < 0) {
                goto fail;
            }
            if (!(next & joins)) {
                break;
            }
        }
        PyObject *unit = PyUnicode_Substring(text, i, end);
        if (unit == NULL) {
            goto fail;
        }
        int failed = PyList_Append(tokens, unit) < 0 || PyList_Append(weights, weight) < 0;
        Py_DECREF(unit);
        if (failed) {
            goto fail;
        }
        i = end;
    }
    *tokens_out = tokens;
    *weights_out = weights;
    return 0;

fail:
    Py_XDECREF(tokens);
    Py_XDECREF(weights);
    return -1;
}

static PyObject *
Tokenizer_units(Tokenizer *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "units() needs a str");
        return NULL;
    }
    PyObject *tokens, *weights;
    int uniform;
    if (split_units(self, text, &tokens, &weights, &uniform) < 0) {
        return NULL;
    }
    PyObject *pair = PyTuple_Pack(2, tokens, weights);
    Py_DECREF(tokens);
    Py_DECREF(weights);
    return pair;
}

/* ---- read ------------------------------------------------------------------------- */

/* The units' languages: b"".join(filter(None, map(alone.get, tokens))), as
 * language._alone computes it (a unit missing from `alone` adds nothing). */
static PyObject *
join_alone(PyObject *alone, PyObject *tokens)
{
    Py_ssize_t n = PyList_GET_SIZE(tokens);
    Py_ssize_t size = 0, cap = 64;
    char *buf = PyMem_Malloc((size_t)cap);
    if (buf == NULL) {
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *found = PyDict_GetItemWithError(alone, PyList_GET_ITEM(tokens, i));
        if (found == NULL) {
            if (PyErr_Occurred()) {
                goto fail;
            }
            continue;
        }
        if (!PyBytes_Check(found)) {
            PyErr_SetString(PyExc_TypeError, "Stoplists.alone must map units to bytes");
            goto fail;
        }
        if (ctext_append(&buf, &size, &cap, PyBytes_AS_STRING(found), PyBytes_GET_SIZE(found)) < 0) {
            goto fail;
        }
    }
    PyObject *joined = PyBytes_FromStringAndSize(buf, size);
    PyMem_Free(buf);
    return joined;

fail:
    PyMem_Free(buf);
    return NULL;
}

/* read(text, alone, reading_type) -> Reading: language.read(text) for a text of at most
 * UNIT_CHUNK characters (the caller checks): reading_type(text, words, tokens, weights,
 * alone_bytes) with the units of text.lower() and their weights, words = sum(weights)
 * (the builtin sum itself where a weight is not 1.0, so the float additions are Python's,
 * in the same order; n weights of 1.0 sum to n, and no weight to the int 0 as sum([])
 * does), and the units' Stoplists.alone bytes (`alone` is Stoplists.alone). */
static PyObject *
Tokenizer_read(Tokenizer *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3 || !PyUnicode_Check(args[0]) || !PyDict_Check(args[1]) ||
        !PyType_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "read(text, alone, reading_type)");
        return NULL;
    }
    PyObject *lowered = PyObject_CallMethodNoArgs(args[0], str_lower);
    if (lowered == NULL) {
        return NULL;
    }
    if (!PyUnicode_Check(lowered)) {
        Py_DECREF(lowered);
        PyErr_SetString(PyExc_TypeError, "lower() must give a str");
        return NULL;
    }
    PyObject *tokens, *weights, *words = NULL, *alone = NULL, *result = NULL;
    int uniform;
    int failed = split_units(self, lowered, &tokens, &weights, &uniform);
    Py_DECREF(lowered);
    if (failed) {
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(tokens);
    if (n == 0) {
        words = PyLong_FromLong(0);
    }
    else if (uniform) {
        words = PyFloat_FromDouble((double)n);
    }
    else {
        words = PyObject_CallOneArg(builtin_sum, weights);
    }
    if (words != NULL) {
        alone = join_alone(args[1], tokens);
    }
    if (alone != NULL) {
        PyObject *items = PyTuple_Pack(5, args[0], words, tokens, weights, alone);
        if (items != NULL) {
            result = ctext_named(args[2], items);
            Py_DECREF(items);
        }
    }
    Py_XDECREF(words);
    Py_XDECREF(alone);
    Py_DECREF(tokens);
    Py_DECREF(weights);
    return result;
}

/* ---- char_counts ------------------------------------------------------------------ */

/* char_counts(text) -> (letters, capitals, digits): features.char_counts(text), how many
 * characters match \p{L}, how many of those match \p{Lu}, how many match \d. */
static PyObject *
Tokenizer_char_counts(Tokenizer *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "char_counts() needs a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t letters = 0, upper = 0, digits = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint16_t f;
        if (flags_of(self, PyUnicode_READ(kind, data, i), &f) < 0) {
            return NULL;
        }
        if (f & F_LETTER) {
            letters++;
            upper += (f & F_UPPER) != 0;
        }
        digits += (f & F_DIGIT) != 0;
    }
    return Py_BuildValue("(nnn)", letters, upper, digits);
}

PyMethodDef ctext_tokenizer_methods[] = {
    {"units", (PyCFunction)Tokenizer_units, METH_O,
     "units(text) -> (tokens, weights): units.units(text)."},
    {"read", (PyCFunction)(void (*)(void))Tokenizer_read, METH_FASTCALL,
     "read(text, alone, reading_type) -> Reading: language.read(text)."},
    {"char_counts", (PyCFunction)Tokenizer_char_counts, METH_O,
     "char_counts(text) -> (letters, capitals, digits): features.char_counts(text)."},
    {NULL, NULL, 0, NULL},
};

int
ctext_units_init(void)
{
    if (str_lower == NULL) {
        str_lower = PyUnicode_InternFromString("lower");
        if (str_lower == NULL) {
            return -1;
        }
    }
    if (builtin_sum == NULL) {
        PyObject *builtins = PyEval_GetBuiltins(); /* borrowed */
        builtin_sum = builtins == NULL ? NULL : PyDict_GetItemString(builtins, "sum");
        if (builtin_sum == NULL) {
            PyErr_SetString(PyExc_ImportError, "no builtin sum");
            return -1;
        }
        Py_INCREF(builtin_sum);
    }
    return 0;
}
