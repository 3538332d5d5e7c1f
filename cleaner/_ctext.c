/* cleaner._ctext: compiled twins of the text analysis every block pays for.
 *
 * Each function here computes exactly what a Python function of the package computes;
 * the Python stays the reference and the fallback (CLEANER_PURE=1, or no compiler at
 * install time), and tests/test_native.py holds the two to the same results:
 *
 *   Tokenizer.units(text)        units.units(text)
 *   Tokenizer.read(text, alone)  language.read(text)'s fields after the text: the words,
 *                                the units of text.lower(), their weights and their
 *                                Stoplists.alone bytes (language._alone)
 *   Tokenizer.char_counts(text)  features.char_counts(text)
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
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

/* One code point's classes, as bits of a 16-bit entry. */
#define F_WORD 0x01   /* a spaced word's character: [\w--[every unspaced letter]] */
#define F_MARK 0x02   /* \p{M}: carried by an unspaced letter it follows */
#define F_LETTER 0x04 /* \p{L} (features._LETTER) */
#define F_UPPER 0x08  /* \p{Lu} (features._UPPER) */
#define F_DIGIT 0x10  /* \d (features._DIGIT) */
#define SCRIPT_SHIFT 5 /* bits 5-8: 1 + the index of the unspaced script, 0 for none */
#define SCRIPT_MASK 0x0F
#define MAX_SCRIPTS 15

#define CODE_POINTS 0x110000
#define BLOCK 256
#define BLOCKS (CODE_POINTS / BLOCK)

typedef struct {
    PyObject_HEAD
    /* blocks[cp / 256][cp % 256]: the classes of code point cp; NULL for a block not
     * classified yet. Filled as texts need them, never changed once filled. */
    uint16_t *blocks[BLOCKS];
    PyObject *classify; /* classify(start, stop): the classes of those code points */
    Py_ssize_t n_scripts;
    PyObject *weights[MAX_SCRIPTS]; /* float: the words a letter of script i is worth */
    PyObject *one;                  /* float 1.0: a spaced word's weight */
} Tokenizer;

/* Names looked up once, at import: immutable after that. */
static PyObject *str_lower; /* "lower" */
static PyObject *builtin_sum;

static int
script_of(uint16_t f)
{
    return (f >> SCRIPT_SHIFT) & SCRIPT_MASK; /* 0: none, else 1 + the script's index */
}

/* ---- classifying a block ------------------------------------------------------------ */

/* Set `bits` in `flags` (the block starting at code point `start`) on every code point of
 * `spans`, a sequence of (start, stop) pairs inside the block. When `field` is set, the
 * script bits are replaced rather than added to. */
static int
mark_spans(uint16_t *flags, Py_ssize_t start, PyObject *spans, uint16_t bits, int field)
{
    PyObject *seq = PySequence_Fast(spans, "spans must be a sequence of (start, stop)");
    if (seq == NULL) {
        return -1;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t from, to;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, i), "nn", &from, &to)) {
            Py_DECREF(seq);
            return -1;
        }
        if (from < start || to > start + BLOCK || from > to) {
            PyErr_Format(PyExc_ValueError, "span (%zd, %zd) outside the block at %zd", from,
                         to, start);
            Py_DECREF(seq);
            return -1;
        }
        for (Py_ssize_t cp = from; cp < to; cp++) {
            uint16_t *f = &flags[cp - start];
            *f = field ? (uint16_t)((*f & ~(SCRIPT_MASK << SCRIPT_SHIFT)) | bits) : *f | bits;
        }
    }
    Py_DECREF(seq);
    return 0;
}

/* Classify block `b`: call classify(start, stop), which gives (word, mark, scripts,
 * letter, upper, digit), each the (start, stop) spans of the code points a class matches
 * (scripts: one list of spans per unspaced script, in units.scripts()'s order; a letter
 * belongs to the first script that holds it, as in the `unit` pattern's alternation). */
static int
fill_block(Tokenizer *t, Py_ssize_t b)
{
    Py_ssize_t start = b * BLOCK;
    PyObject *classes = PyObject_CallFunction(t->classify, "nn", start, start + BLOCK);
    if (classes == NULL) {
        return -1;
    }
    uint16_t *flags = NULL;
    PyObject *word, *mark, *scripts, *letter, *upper, *digit, *seq = NULL;
    if (!PyArg_ParseTuple(classes, "OOOOOO;classify() must give six classes", &word, &mark,
                          &scripts, &letter, &upper, &digit)) {
        goto fail;
    }
    flags = PyMem_Calloc(BLOCK, sizeof(uint16_t));
    if (flags == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    if (mark_spans(flags, start, word, F_WORD, 0) < 0 ||
        mark_spans(flags, start, mark, F_MARK, 0) < 0 ||
        mark_spans(flags, start, letter, F_LETTER, 0) < 0 ||
        mark_spans(flags, start, upper, F_UPPER, 0) < 0 ||
        mark_spans(flags, start, digit, F_DIGIT, 0) < 0) {
        goto fail;
    }
    seq = PySequence_Fast(scripts, "scripts must be a sequence of spans");
    if (seq == NULL) {
        goto fail;
    }
    if (PySequence_Fast_GET_SIZE(seq) != t->n_scripts) {
        PyErr_SetString(PyExc_ValueError, "classify() must give one class a script");
        goto fail;
    }
    /* Later scripts first, so that an earlier one overwrites them. */
    for (Py_ssize_t i = t->n_scripts - 1; i >= 0; i--) {
        uint16_t bits = (uint16_t)((i + 1) << SCRIPT_SHIFT);
        if (mark_spans(flags, start, PySequence_Fast_GET_ITEM(seq, i), bits, 1) < 0) {
            goto fail;
        }
    }
    Py_DECREF(seq);
    Py_DECREF(classes);
    if (t->blocks[b] != NULL) { /* filled meanwhile (classify ran Python code): the same */
        PyMem_Free(flags);
    }
    else {
        t->blocks[b] = flags;
    }
    return 0;

fail:
    Py_XDECREF(seq);
    Py_DECREF(classes);
    PyMem_Free(flags);
    return -1;
}

/* The classes of code point `cp` into `*f`, classifying its block first if needed.
 * Returns 0, or -1 with an exception set. */
static inline int
flags_of(Tokenizer *t, Py_UCS4 cp, uint16_t *f)
{
    uint16_t *block = t->blocks[cp / BLOCK];
    if (block == NULL) {
        if (fill_block(t, cp / BLOCK) < 0) {
            return -1;
        }
        block = t->blocks[cp / BLOCK];
    }
    *f = block[cp % BLOCK];
    return 0;
}

/* Tokenizer(classify, weights): `classify(start, stop)` gives the classes of a block of
 * code points (see fill_block); weights[i] is the words a letter of unspaced script i is
 * worth (1 / letters_per_word). */
static PyObject *
Tokenizer_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"classify", "weights", NULL};
    PyObject *classify, *weights;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO:Tokenizer", kwlist, &classify,
                                     &weights)) {
        return NULL;
    }
    if (!PyCallable_Check(classify)) {
        PyErr_SetString(PyExc_TypeError, "classify must be callable");
        return NULL;
    }
    PyObject *seq = PySequence_Fast(weights, "weights must be a sequence of floats");
    if (seq == NULL) {
        return NULL;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    if (n > MAX_SCRIPTS) {
        PyErr_Format(PyExc_ValueError, "at most %d unspaced scripts", MAX_SCRIPTS);
        Py_DECREF(seq);
        return NULL;
    }
    Tokenizer *self = (Tokenizer *)type->tp_alloc(type, 0); /* zeroed: no block yet */
    if (self == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *weight = PySequence_Fast_GET_ITEM(seq, i);
        if (!PyFloat_CheckExact(weight)) {
            PyErr_SetString(PyExc_TypeError, "weights must be floats");
            Py_DECREF(seq);
            Py_DECREF(self);
            return NULL;
        }
        Py_INCREF(weight);
        self->weights[i] = weight;
    }
    Py_DECREF(seq);
    self->n_scripts = n;
    Py_INCREF(classify);
    self->classify = classify;
    self->one = PyFloat_FromDouble(1.0);
    if (self->one == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static void
Tokenizer_dealloc(Tokenizer *self)
{
    for (Py_ssize_t i = 0; i < MAX_SCRIPTS; i++) {
        Py_CLEAR(self->weights[i]);
    }
    for (Py_ssize_t b = 0; b < BLOCKS; b++) {
        PyMem_Free(self->blocks[b]);
    }
    Py_CLEAR(self->classify);
    Py_CLEAR(self->one);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* ---- units ------------------------------------------------------------------------ */

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

/* Append `add` bytes at `from` to the growing buffer `*buf` (size `*size`, capacity
 * `*cap`). Returns 0, or -1 with MemoryError set. */
static int
append(char **buf, Py_ssize_t *size, Py_ssize_t *cap, const char *from, Py_ssize_t add)
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
        if (append(&buf, &size, &cap, PyBytes_AS_STRING(found), PyBytes_GET_SIZE(found)) < 0) {
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

/* A `type` (a NamedTuple) holding `items`, made as its own __new__ makes it:
 * tuple.__new__(type, items). */
static PyObject *
named(PyObject *type, PyObject *items)
{
    PyObject *args = PyTuple_Pack(1, items);
    if (args == NULL) {
        return NULL;
    }
    PyObject *made = PyTuple_Type.tp_new((PyTypeObject *)type, args, NULL);
    Py_DECREF(args);
    return made;
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
            result = named(args[2], items);
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

/* ---- stoplist matching -------------------------------------------------------------- */

/* A tuple of tokens[start:stop] (a new reference). */
static PyObject *
token_tuple(PyObject *tokens, Py_ssize_t start, Py_ssize_t stop)
{
    PyObject *tuple = PyTuple_New(stop - start);
    if (tuple == NULL) {
        return NULL;
    }
    for (Py_ssize_t k = start; k < stop; k++) {
        PyObject *token = PyList_GET_ITEM(tokens, k);
        Py_INCREF(token);
        PyTuple_SET_ITEM(tuple, k - start, token);
    }
    return tuple;
}

/* `tuple(tokens[start:stop]) in set`: 1, 0, or -1 with an exception set. */
static int
holds(PyObject *set, PyObject *tokens, Py_ssize_t start, Py_ssize_t stop)
{
    PyObject *key = token_tuple(tokens, start, stop);
    if (key == NULL) {
        return -1;
    }
    int found = PySet_Contains(set, key);
    Py_DECREF(key);
    return found;
}

/* The three tables of a language.Stoplist that matching reads (borrowed after the call:
 * the stoplist holds them). */
typedef struct {
    PyObject *longest; /* dict: first unit -> the most units of an entry starting with it */
    PyObject *pairs;   /* frozenset of the first two units of every longer entry */
    PyObject *entries; /* frozenset of every entry, a tuple of units */
    PyObject *single;  /* frozenset of the one-unit entries' units */
} Tables;

static PyObject *str_longest, *str_pairs, *str_entries, *str_single, *str_index;

static int
tables_of(PyObject *stoplist, Tables *t)
{
    PyObject *names[4] = {str_longest, str_pairs, str_entries, str_single};
    PyObject **slots[4] = {&t->longest, &t->pairs, &t->entries, &t->single};
    for (int k = 0; k < 4; k++) {
        PyObject *value = PyObject_GetAttr(stoplist, names[k]);
        if (value == NULL) {
            return -1;
        }
        int ok = k == 0 ? PyDict_Check(value) : PyAnySet_Check(value);
        Py_DECREF(value); /* the stoplist keeps it alive */
        if (!ok) {
            PyErr_SetString(PyExc_TypeError, "not a language.Stoplist");
            return -1;
        }
        *slots[k] = value;
    }
    return 0;
}

/* Stoplist.match_at(tokens, i): the units of the longest entry starting at tokens[i]
 * (0: none), or -1 with an exception set. */
static Py_ssize_t
match_at(const Tables *t, PyObject *tokens, Py_ssize_t i)
{
    Py_ssize_t n = PyList_GET_SIZE(tokens);
    PyObject *most_obj = PyDict_GetItemWithError(t->longest, PyList_GET_ITEM(tokens, i));
    if (most_obj == NULL) {
        return PyErr_Occurred() ? -1 : 0;
    }
    Py_ssize_t most = PyLong_AsSsize_t(most_obj);
    if (most == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (most <= 1) {
        return most;
    }
    /* tuple(tokens[i:i + 2]) in pairs: a pair only where a second unit follows */
    int pair = holds(t->pairs, tokens, i, i + 2 < n ? i + 2 : n);
    if (pair < 0) {
        return -1;
    }
    if (pair) {
        for (Py_ssize_t size = most < n - i ? most : n - i; size > 1; size--) {
            int found = holds(t->entries, tokens, i, i + size);
            if (found != 0) {
                return found < 0 ? -1 : size;
            }
        }
    }
    int alone = holds(t->entries, tokens, i, i + 1);
    return alone < 0 ? -1 : alone;
}

/* The languages of the longer entries starting in `tokens`: the bytes of
 *   [lang for i in range(len(tokens)) if tokens[i] in longer
 *         for stoplist, lang in longer[tokens[i]] if stoplist.match_at(tokens, i)]
 * joined, as language.text_hits finds them (`longer` is Stoplists.longer). Appended to
 * the buffer `*buf` of `*size` bytes and capacity `*cap`. */
static int
longer_hits(PyObject *tokens, PyObject *longer, char **buf, Py_ssize_t *size,
            Py_ssize_t *cap)
{
    Py_ssize_t n = PyList_GET_SIZE(tokens);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *starting = PyDict_GetItemWithError(longer, PyList_GET_ITEM(tokens, i));
        if (starting == NULL) {
            if (PyErr_Occurred()) {
                return -1;
            }
            continue;
        }
        if (!PyTuple_Check(starting)) {
            PyErr_SetString(PyExc_TypeError, "Stoplists.longer must map units to tuples");
            return -1;
        }
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(starting); k++) {
            PyObject *pair = PyTuple_GET_ITEM(starting, k);
            if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 ||
                !PyBytes_Check(PyTuple_GET_ITEM(pair, 1))) {
                PyErr_SetString(PyExc_TypeError, "Stoplists.longer: (Stoplist, bytes) pairs");
                return -1;
            }
            Tables t;
            if (tables_of(PyTuple_GET_ITEM(pair, 0), &t) < 0) {
                return -1;
            }
            Py_ssize_t found = match_at(&t, tokens, i);
            if (found < 0) {
                return -1;
            }
            if (found) {
                PyObject *lang = PyTuple_GET_ITEM(pair, 1);
                if (append(buf, size, cap, PyBytes_AS_STRING(lang), PyBytes_GET_SIZE(lang)) < 0) {
                    return -1;
                }
            }
        }
    }
    return 0;
}

#define MATCH_MARK 0xFF /* language.MATCH_MARK */

/* text_hits(reading, limit, longer, reading_type) -> (units, hits) or None:
 * language.text_hits(reading, limit) where `reading` is a `reading_type` (a Reading)
 * with its tokens and alone bytes, and at most `limit` tokens; None in every other case
 * (the caller runs the Python). The hits are the alone bytes; where they hold MATCH_MARK,
 * the bytes without it followed by the longer entries' languages. */
static PyObject *
ctext_text_hits(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 || !PyDict_Check(args[2]) || !PyType_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError, "text_hits(reading, limit, longer, reading_type)");
        return NULL;
    }
    Py_ssize_t limit = PyLong_AsSsize_t(args[1]);
    if (limit == -1 && PyErr_Occurred()) {
        return NULL;
    }
    PyObject *reading = args[0];
    if (!PyObject_TypeCheck(reading, (PyTypeObject *)args[3]) || !PyTuple_Check(reading) ||
        PyTuple_GET_SIZE(reading) != 5) {
        Py_RETURN_NONE;
    }
    PyObject *tokens = PyTuple_GET_ITEM(reading, 2);
    PyObject *alone = PyTuple_GET_ITEM(reading, 4);
    if (!PyList_CheckExact(tokens) || !PyBytes_CheckExact(alone) ||
        PyList_GET_SIZE(tokens) > limit) {
        Py_RETURN_NONE;
    }
    Py_ssize_t n = PyList_GET_SIZE(tokens);
    const char *raw = PyBytes_AS_STRING(alone);
    Py_ssize_t raw_size = PyBytes_GET_SIZE(alone);
    if (memchr(raw, MATCH_MARK, (size_t)raw_size) == NULL) {
        return Py_BuildValue("(nO)", n, alone);
    }
    Py_ssize_t size = 0, cap = raw_size + 16;
    char *buf = PyMem_Malloc((size_t)cap);
    if (buf == NULL) {
        return PyErr_NoMemory();
    }
    for (Py_ssize_t k = 0; k < raw_size; k++) { /* hits.replace(_MARK, b"") */
        if ((unsigned char)raw[k] != MATCH_MARK) {
            buf[size++] = raw[k];
        }
    }
    PyObject *result = NULL;
    if (longer_hits(tokens, args[2], &buf, &size, &cap) == 0) {
        PyObject *hits = PyBytes_FromStringAndSize(buf, size);
        if (hits != NULL) {
            result = Py_BuildValue("(nN)", n, hits);
        }
    }
    PyMem_Free(buf);
    return result;
}

/* ---- measure ---------------------------------------------------------------------------- */

/* The words a uniform text's greedy cover spans: Stoplist.cover(tokens, weights,
 * final=True, singles=singles)[0] where every weight is 1.0. Only positions followed by
 * the second unit of a longer entry can start a match of more than one unit; elsewhere the
 * one-unit entries are covered, one word each. Returns the count, or -1 on error. */
static Py_ssize_t
cover_uniform(const Tables *t, PyObject *tokens, Py_ssize_t singles)
{
    Py_ssize_t n = PyList_GET_SIZE(tokens), extra = 0, i = 0;
    for (Py_ssize_t at = 0; at + 1 < n; at++) {
        if (at < i) { /* inside the previous match */
            continue;
        }
        int pair = holds(t->pairs, tokens, at, at + 2);
        if (pair <= 0) {
            if (pair < 0) {
                return -1;
            }
            continue;
        }
        Py_ssize_t step = match_at(t, tokens, at);
        if (step < 0) {
            return -1;
        }
        if (step > 1) { /* the words spanned, instead of its one-unit entries */
            extra += step;
            for (Py_ssize_t k = at; k < at + step; k++) {
                int one = PySet_Contains(t->single, PyList_GET_ITEM(tokens, k));
                if (one < 0) {
                    return -1;
                }
                extra -= one;
            }
            i = at + step;
        }
    }
    if (singles < 0) {
        singles = 0;
        for (Py_ssize_t k = 0; k < n; k++) {
            int one = PySet_Contains(t->single, PyList_GET_ITEM(tokens, k));
            if (one < 0) {
                return -1;
            }
            singles += one;
        }
    }
    return singles + extra;
}

/* A `type` (a NamedTuple) holding `first` and `second` (see named()). */
static PyObject *
named_pair(PyObject *type, PyObject *first, PyObject *second)
{
    PyObject *items = PyTuple_Pack(2, first, second);
    if (items == NULL) {
        return NULL;
    }
    PyObject *made = named(type, items);
    Py_DECREF(items);
    return made;
}

/* measure(reading, stoplist, high, reading_type, measure_type) -> Measure or None:
 * language.measure(reading, stoplist, high) for a Reading with tokens, weights and alone
 * bytes whose weights are all 1.0 (or with no stoplist, or no words); None in every other
 * case (the caller runs the Python). Same steps as the Python: the words; no stoplist: no
 * density; no words: 0.0; a known lower bound of `high` or more (the one-unit entries'
 * share) returned as it is; else the greedy cover's share, at most 1.0. */
static PyObject *
ctext_measure(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 5 || !PyType_Check(args[3]) || !PyType_Check(args[4])) {
        PyErr_SetString(PyExc_TypeError,
                        "measure(reading, stoplist, high, reading_type, measure_type)");
        return NULL;
    }
    PyObject *reading = args[0], *stoplist = args[1], *high = args[2];
    if (!PyObject_TypeCheck(reading, (PyTypeObject *)args[3]) || !PyTuple_Check(reading) ||
        PyTuple_GET_SIZE(reading) != 5) {
        Py_RETURN_NONE;
    }
    PyObject *words = PyTuple_GET_ITEM(reading, 1);
    PyObject *tokens = PyTuple_GET_ITEM(reading, 2);
    PyObject *weights = PyTuple_GET_ITEM(reading, 3);
    PyObject *alone = PyTuple_GET_ITEM(reading, 4);
    if (!PyList_CheckExact(tokens) || !PyList_CheckExact(weights) ||
        !PyBytes_CheckExact(alone) || (high != Py_None && !PyFloat_CheckExact(high))) {
        Py_RETURN_NONE;
    }
    if (stoplist == Py_None) {
        return named_pair(args[4], words, Py_None);
    }
    double w;
    if (PyFloat_CheckExact(words)) {
        w = PyFloat_AS_DOUBLE(words);
    }
    else if (PyLong_CheckExact(words)) {
        w = PyLong_AsDouble(words);
        if (w == -1.0 && PyErr_Occurred()) {
            return NULL;
        }
    }
    else {
        Py_RETURN_NONE;
    }
    if (w <= 0) {
        PyObject *zero = PyFloat_FromDouble(0.0);
        PyObject *made = zero == NULL ? NULL : named_pair(args[4], words, zero);
        Py_XDECREF(zero);
        return made;
    }
    Py_ssize_t n = PyList_GET_SIZE(tokens);
    for (Py_ssize_t k = 0; k < n; k++) { /* weights.count(1.0) == len(weights) */
        PyObject *weight = PyList_GET_ITEM(weights, k);
        if (!PyFloat_CheckExact(weight) || PyFloat_AS_DOUBLE(weight) != 1.0) {
            Py_RETURN_NONE; /* an unspaced script: the Python's plain loop */
        }
    }
    PyObject *index_obj = PyObject_GetAttr(stoplist, str_index);
    if (index_obj == NULL) {
        return NULL;
    }
    long index = PyLong_AsLong(index_obj);
    Py_DECREF(index_obj);
    if (index == -1 && PyErr_Occurred()) {
        return NULL;
    }
    /* singles = reading.alone.count(stoplist.index) */
    Py_ssize_t singles = 0;
    const unsigned char *raw = (const unsigned char *)PyBytes_AS_STRING(alone);
    for (Py_ssize_t k = 0; k < PyBytes_GET_SIZE(alone); k++) {
        singles += raw[k] == index;
    }
    double density;
    double least = (double)singles / w;
    if (least > 1.0) {
        least = 1.0;
    }
    if (high != Py_None && least >= PyFloat_AS_DOUBLE(high)) {
        density = least;
    }
    else {
        Tables t;
        if (tables_of(stoplist, &t) < 0) {
            return NULL;
        }
        Py_ssize_t covered = cover_uniform(&t, tokens, singles);
        if (covered < 0) {
            return NULL;
        }
        density = (double)covered / w;
        if (density > 1.0) {
            density = 1.0;
        }
    }
    PyObject *share = PyFloat_FromDouble(density);
    PyObject *made = share == NULL ? NULL : named_pair(args[4], words, share);
    Py_XDECREF(share);
    return made;
}

/* ---- the type and the module ------------------------------------------------------ */

static PyMethodDef Tokenizer_methods[] = {
    {"units", (PyCFunction)Tokenizer_units, METH_O,
     "units(text) -> (tokens, weights): units.units(text)."},
    {"read", (PyCFunction)(void (*)(void))Tokenizer_read, METH_FASTCALL,
     "read(text, alone, reading_type) -> Reading: language.read(text)."},
    {"char_counts", (PyCFunction)Tokenizer_char_counts, METH_O,
     "char_counts(text) -> (letters, capitals, digits): features.char_counts(text)."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject TokenizerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "cleaner._ctext.Tokenizer",
    .tp_doc = PyDoc_STR("Unit and character-class lookups over a table of code points."),
    .tp_basicsize = sizeof(Tokenizer),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Tokenizer_new,
    .tp_dealloc = (destructor)Tokenizer_dealloc,
    .tp_methods = Tokenizer_methods,
};

static PyMethodDef module_methods[] = {
    {"text_hits", (PyCFunction)(void (*)(void))ctext_text_hits, METH_FASTCALL,
     "text_hits(reading, limit, longer, reading_type): language.text_hits, or None."},
    {"measure", (PyCFunction)(void (*)(void))ctext_measure, METH_FASTCALL,
     "measure(reading, stoplist, high, reading_type, measure_type): language.measure, or None."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef ctext_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "cleaner._ctext",
    .m_doc = "Compiled twins of units.units, language.read and features.char_counts.",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC
PyInit__ctext(void)
{
    if (PyType_Ready(&TokenizerType) < 0) {
        return NULL;
    }
    if (str_lower == NULL) {
        str_lower = PyUnicode_InternFromString("lower");
        str_longest = PyUnicode_InternFromString("longest");
        str_pairs = PyUnicode_InternFromString("pairs");
        str_entries = PyUnicode_InternFromString("entries");
        str_single = PyUnicode_InternFromString("single");
        str_index = PyUnicode_InternFromString("index");
        if (str_lower == NULL || str_longest == NULL || str_pairs == NULL ||
            str_entries == NULL || str_single == NULL || str_index == NULL) {
            return NULL;
        }
    }
    if (builtin_sum == NULL) {
        PyObject *builtins = PyEval_GetBuiltins(); /* borrowed */
        builtin_sum = builtins == NULL ? NULL : PyDict_GetItemString(builtins, "sum");
        if (builtin_sum == NULL) {
            PyErr_SetString(PyExc_ImportError, "no builtin sum");
            return NULL;
        }
        Py_INCREF(builtin_sum);
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
    return module;
}
