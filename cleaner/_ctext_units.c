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

/* The code points a text is split from: a str's (`text`), or a buffer of Py_UCS4
 * (`text` NULL: read's lower-cased copy of a str). */
typedef struct {
    PyObject *text;
    int kind;
    const void *data;
    Py_ssize_t n;
} Chars;

/* The unit text[i:end] (a new reference), from the Tokenizer's cache where the same code
 * points were a unit before (`hash` is theirs, FNV-1a), else made and kept there. With
 * `alone` (Stoplists.alone, for read; the caller has made it t->units_alone),
 * `*languages` is set to alone.get(unit) as a borrowed reference (NULL where absent),
 * asked once per unit the cache holds. Returns NULL with an exception set on failure. */
static PyObject *
cached_unit(Tokenizer *t, const Chars *text, Py_ssize_t i, Py_ssize_t end, uint32_t hash,
            PyObject *alone, PyObject **languages)
{
    UnitSlot *slot = NULL;
    Py_ssize_t length = end - i;
    if (length <= UNIT_CACHE_CHARS) {
        if (t->units == NULL) {
            t->units = PyMem_Calloc(UNIT_CACHE_SLOTS, sizeof(UnitSlot));
            if (t->units == NULL) {
                PyErr_NoMemory();
                return NULL;
            }
        }
        slot = &t->units[hash % UNIT_CACHE_SLOTS];
        PyObject *held = slot->unit;
        if (held != NULL && slot->hash == hash && PyUnicode_GET_LENGTH(held) == length) {
            int kind = text->kind, held_kind = PyUnicode_KIND(held);
            const void *data = text->data, *held_data = PyUnicode_DATA(held);
            Py_ssize_t k = 0;
            while (k < length && PyUnicode_READ(kind, data, i + k) ==
                                     PyUnicode_READ(held_kind, held_data, k)) {
                k++;
            }
            if (k == length) {
                if (alone != NULL && slot->alone == NULL) {
                    PyObject *found = PyDict_GetItemWithError(alone, held);
                    if (found == NULL && PyErr_Occurred()) {
                        return NULL;
                    }
                    slot->alone = Py_NewRef(found != NULL ? found : Py_None);
                }
                if (alone != NULL) {
                    *languages = slot->alone == Py_None ? NULL : slot->alone;
                }
                return Py_NewRef(held);
            }
        }
    }
    PyObject *unit = text->text != NULL
                         ? PyUnicode_Substring(text->text, i, end)
                         : PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND,
                                                     (const Py_UCS4 *)text->data + i, length);
    if (unit == NULL) {
        return NULL;
    }
    PyObject *found = NULL;
    if (alone != NULL) {
        found = PyDict_GetItemWithError(alone, unit);
        if (found == NULL && PyErr_Occurred()) {
            Py_DECREF(unit);
            return NULL;
        }
        *languages = found;
    }
    if (slot != NULL) {
        Py_XSETREF(slot->unit, Py_NewRef(unit));
        Py_XSETREF(slot->alone, alone != NULL ? Py_NewRef(found != NULL ? found : Py_None) : NULL);
        slot->hash = hash;
    }
    return unit;
}

#define UNITS_ON_STACK 256 /* units gathered on the stack before the heap is asked */
#define FNV_BASIS 2166136261u
#define FNV_PRIME 16777619u

/* The units of `text` into two new lists, as units.units(text) gives them: at each
 * position, a letter of unspaced script i with the marks that follow it (weight
 * 1 / letters_per_word of script i), else a run of spaced-word characters (weight 1.0),
 * else nothing (the position is skipped). That is the `unit` pattern's alternation, tried
 * at each position as `finditer` does; texts with no unspaced letter take the same runs
 * as `\w+` there, which units.units' fast paths find. `*uniform` is set when every
 * weight is 1.0. With `alone` (read), the units' alone.get values are appended to
 * `*langs` (a growing buffer of `*langs_size` bytes, capacity `*langs_cap`), as
 * language._alone joins them. Returns 0, or -1 with an exception set. */
static int
split_units(Tokenizer *t, const Chars *text, PyObject **tokens_out, PyObject **weights_out,
            int *uniform, PyObject *alone, char **langs, Py_ssize_t *langs_size,
            Py_ssize_t *langs_cap)
{
    int kind = text->kind;
    const void *data = text->data;
    Py_ssize_t n = text->n;
    /* The units (new references) and their weights (borrowed: the Tokenizer's floats),
     * gathered here and made into the two lists at their final size: a list grown one
     * append at a time is reallocated about log2(n) times. */
    PyObject *on_stack[2 * UNITS_ON_STACK];
    PyObject **units = on_stack, **unit_weights = on_stack + UNITS_ON_STACK;
    Py_ssize_t count = 0, room = UNITS_ON_STACK;
    PyObject *tokens = NULL, *weights = NULL;
    *uniform = 1;
    Py_ssize_t i = 0;
    while (i < n) {
        uint16_t f, next;
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (flags_of(t, c, &f) < 0) {
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
        uint32_t hash = (FNV_BASIS ^ c) * FNV_PRIME;
        Py_ssize_t end = i + 1;
        for (; end < n; end++) {
            c = PyUnicode_READ(kind, data, end);
            if (flags_of(t, c, &next) < 0) {
                goto fail;
            }
            if (!(next & joins)) {
                break;
            }
            hash = (hash ^ c) * FNV_PRIME;
        }
        PyObject *languages = NULL;
        PyObject *unit = cached_unit(t, text, i, end, hash, alone, &languages);
        if (unit == NULL) {
            goto fail;
        }
        if (languages != NULL) {
            if (!PyBytes_Check(languages)) {
                Py_DECREF(unit);
                PyErr_SetString(PyExc_TypeError, "Stoplists.alone must map units to bytes");
                goto fail;
            }
            if (ctext_append(langs, langs_size, langs_cap, PyBytes_AS_STRING(languages),
                             PyBytes_GET_SIZE(languages)) < 0) {
                Py_DECREF(unit);
                goto fail;
            }
        }
        if (count == room) { /* twice the room, off the stack */
            PyObject **grown = PyMem_Malloc(sizeof(PyObject *) * (size_t)(4 * room));
            if (grown == NULL) {
                Py_DECREF(unit);
                PyErr_NoMemory();
                goto fail;
            }
            memcpy(grown, units, sizeof(PyObject *) * (size_t)count);
            memcpy(grown + 2 * room, unit_weights, sizeof(PyObject *) * (size_t)count);
            if (units != on_stack) {
                PyMem_Free(units);
            }
            units = grown;
            unit_weights = grown + 2 * room;
            room *= 2;
        }
        units[count] = unit; /* the reference moves to the buffer */
        unit_weights[count++] = weight;
        i = end;
    }
    tokens = PyList_New(count);
    weights = PyList_New(count);
    if (tokens == NULL || weights == NULL) {
        goto fail;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        PyList_SET_ITEM(tokens, k, units[k]);
        PyList_SET_ITEM(weights, k, Py_NewRef(unit_weights[k]));
    }
    if (units != on_stack) {
        PyMem_Free(units);
    }
    *tokens_out = tokens;
    *weights_out = weights;
    return 0;

fail:
    Py_XDECREF(tokens);
    Py_XDECREF(weights);
    for (Py_ssize_t k = 0; k < count; k++) {
        Py_DECREF(units[k]);
    }
    if (units != on_stack) {
        PyMem_Free(units);
    }
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
    Chars chars = {text, PyUnicode_KIND(text), PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text)};
    if (split_units(self, &chars, &tokens, &weights, &uniform, NULL, NULL, NULL, NULL) < 0) {
        return NULL;
    }
    PyObject *pair = PyTuple_Pack(2, tokens, weights);
    Py_DECREF(tokens);
    Py_DECREF(weights);
    return pair;
}

/* ---- read ------------------------------------------------------------------------- */

#define LOWER_ON_STACK 512 /* characters lower-cased on the stack before the heap is asked */

/* text.lower()'s code points into a buffer (`on_stack`, or one allocated for a longer
 * text), set in `*copy`: 1, or 0 (nothing allocated) where the text holds a code point
 * with no lower case of its own (Tokenizer.lowers: the caller calls text.lower()), or -1
 * with an exception set. An ASCII text is left to text.lower() as well (CPython lowers it
 * by table, faster than this), and so is a str subclass (its own lower() is called). For
 * other texts this is a lookup a character, where str.lower asks Unicode's full case
 * mapping of each (into a buffer of three code points a character) and then scans the
 * result for its widest character: with the lists made at their size (split_units),
 * read went from 93 to 63 µs a document of the text set. */
static int
lower_copy(Tokenizer *t, PyObject *text, Py_UCS4 *on_stack, Py_UCS4 **copy)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (PyUnicode_IS_ASCII(text) || !PyUnicode_CheckExact(text)) {
        return 0;
    }
    Py_UCS4 *into = on_stack;
    if (n > LOWER_ON_STACK) {
        into = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)n);
        if (into == NULL) {
            PyErr_NoMemory();
            return -1;
        }
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 lower;
        int failed = lower_of(t, PyUnicode_READ(kind, data, i), &lower);
        if (failed || lower == NO_LOWER) {
            if (into != on_stack) {
                PyMem_Free(into);
            }
            return failed ? -1 : 0;
        }
        into[i] = lower;
    }
    *copy = into;
    return 1;
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
    Chars chars;
    Py_UCS4 *buffer = NULL, on_stack[LOWER_ON_STACK];
    PyObject *lowered = NULL;
    int copied = lower_copy(self, args[0], on_stack, &buffer);
    if (copied < 0) {
        return NULL;
    }
    if (copied) {
        chars = (Chars){NULL, PyUnicode_4BYTE_KIND, buffer, PyUnicode_GET_LENGTH(args[0])};
    }
    else { /* text.lower() itself */
        lowered = PyObject_CallMethodNoArgs(args[0], str_lower);
        if (lowered == NULL) {
            return NULL;
        }
        if (!PyUnicode_Check(lowered)) {
            Py_DECREF(lowered);
            PyErr_SetString(PyExc_TypeError, "lower() must give a str");
            return NULL;
        }
        chars = (Chars){lowered, PyUnicode_KIND(lowered), PyUnicode_DATA(lowered),
                        PyUnicode_GET_LENGTH(lowered)};
    }
    PyObject *tokens, *weights, *words = NULL, *alone = NULL, *result = NULL;
    int uniform;
    /* The units' languages: b"".join(filter(None, map(alone.get, tokens))), as
     * language._alone computes it (a unit missing from `alone` adds nothing). The cache's
     * answers are of one mapping: asked with another, they are forgotten. */
    if (self->units_alone != args[1]) {
        for (Py_ssize_t k = 0; self->units != NULL && k < UNIT_CACHE_SLOTS; k++) {
            Py_CLEAR(self->units[k].alone);
        }
        Py_XSETREF(self->units_alone, Py_NewRef(args[1]));
    }
    Py_ssize_t langs_size = 0, langs_cap = 64;
    char *langs = PyMem_Malloc((size_t)langs_cap);
    int failed = langs == NULL ? (PyErr_NoMemory(), 1)
                               : split_units(self, &chars, &tokens, &weights, &uniform,
                                             args[1], &langs, &langs_size, &langs_cap);
    Py_XDECREF(lowered);
    if (buffer != on_stack) {
        PyMem_Free(buffer);
    }
    if (failed) {
        PyMem_Free(langs);
        return NULL;
    }
    /* The Reading's two lists hold str and float alone, and nothing changes them: they
     * cannot be part of a reference cycle, so the cyclic garbage collector need not walk
     * them (each new line's lists were most of what a young-generation collection
     * visited, about 8 µs of a text-mode document). */
    PyObject_GC_UnTrack(tokens);
    PyObject_GC_UnTrack(weights);
    alone = PyBytes_FromStringAndSize(langs, langs_size);
    PyMem_Free(langs);
    Py_ssize_t n = PyList_GET_SIZE(tokens);
    if (alone == NULL) {
        /* an error is set: nothing more is made */
    }
    else if (n == 0) {
        words = PyLong_FromLong(0);
    }
    else if (uniform) {
        words = PyFloat_FromDouble((double)n);
    }
    else {
        words = PyObject_CallOneArg(builtin_sum, weights);
    }
    if (words != NULL) {
        PyObject *items = PyTuple_Pack(5, args[0], words, tokens, weights, alone);
        if (items != NULL) {
            /* str, float, the two untracked lists and bytes: no cycle can pass through
             * it, and the collector never untracks a tuple subclass itself. */
            result = ctext_untracked(ctext_named(args[2], items));
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
