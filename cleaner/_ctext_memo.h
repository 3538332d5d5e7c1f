/* cleaner._ctext, the decision memo's methods (MemoMethod): what _ctext_memo.c (the
 * facts: line rule, cut rule, words), _ctext_memo_read.c (readings, detection's count,
 * points) and _ctext_memo_method.c (the descriptor) share. See _ctext_memo.c for the whole. */
#ifndef CLEANER_CTEXT_MEMO_H
#define CLEANER_CTEXT_MEMO_H

#include "_ctext.h"

enum { M_LINE_RULE, M_CUT_RULE, M_READ, M_WORDS, M_TEXT_HITS, M_SCORED, N_METHODS };

/* The objects a MemoMethod is made with (memo._compiled_methods), in this order. */
enum {
    C_MEMO_TYPE,        /* memo.DocumentMemo */
    C_RULESET_TYPE,     /* rulebook.RuleSet */
    C_MISSING,          /* memo._MISSING */
    C_BLANK,            /* memo._BLANK */
    C_MEMO_MODULE,      /* memo (READ_CACHE_UNITS) */
    C_LANGUAGE,         /* language (read, text_hits, stoplists, the *_python ones) */
    C_FEATURES,         /* features (score) */
    C_READ_NATIVE,      /* language.read_native */
    C_TEXT_HITS_NATIVE, /* language.text_hits_native */
    C_TOKEN_READ,       /* native.tokenizer().read */
    C_READING,          /* language.Reading */
    C_COUNTER,          /* collections.Counter */
    C_OTHER_FIELDS,     /* memo._OTHER_FIELDS */
    C_BARE,             /* memo._BARE */
    C_HITS_LIMIT,       /* text_hits_native's default limit (DETECT_MAX_UNITS at import) */
    C_PYTHON,           /* the six *_python methods, in the order of M_* */
    C_SEGMENT_TYPE,     /* model.Segment */
    C_OTHER_NAMES,      /* the names _OTHER_FIELDS reads, in its order */
    N_C
};

/* A DocumentMemo's fields the chains read (slots: read at their offsets in an object of
 * the exact type, as their member descriptors read them). */

enum { O_FACTS, O_PINNED, O_SCORE, O_READINGS, O_READ_UNITS, O_GET_FACTS, O_GET_PINNED,
       O_GET_SCORE, N_OFF };

typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    int which;
    PyObject *k[N_C];
    Py_ssize_t off[N_OFF]; /* each field's offset, from DocumentMemo's member descriptors */
    PyObject *globals[3];  /* the __dict__ of memo, language and features (G_*) */
    Py_ssize_t n_other;    /* Segment's fields but its text (_OTHER_FIELDS): how many, */
    Py_ssize_t seg_off[MAX_OTHER]; /* and each one's offset in a Segment */
    Py_ssize_t at[4]; /* memo.LINE, CUT, WORDS, HITS: each fact's place in a Facts tuple */
    Py_ssize_t unit_chunk; /* units.UNIT_CHUNK */
} MemoMethod;

enum { F_LINE, F_CUT, F_WORDS, F_HITS };
enum { G_MEMO, G_LANGUAGE, G_FEATURES };

/* The field names, in the order of O_* (interned by ctext_memo_init). */
extern PyObject *mm_fields[N_OFF];

/* memo.<field> for a DocumentMemo (the exact type: the callers checked), a new
 * reference; AttributeError where it is not set, as the descriptor raises it. */
static inline PyObject *
memo_field(MemoMethod *self, PyObject *memo, int o)
{
    PyObject *v = *(PyObject **)((char *)memo + self->off[o]);
    return v != NULL ? Py_NewRef(v) : PyObject_GetAttr(memo, mm_fields[o]);
}

/* memo.<field> = value (a new reference taken). */
static inline void
memo_set_field(MemoMethod *self, PyObject *memo, int o, PyObject *value)
{
    Py_XSETREF(*(PyObject **)((char *)memo + self->off[o]), Py_NewRef(value));
}

/* <module>.<name> as the module's code reads its global: its dict's entry (else the
 * attribute, which raises as Python does). A new reference. */
static inline PyObject *
memo_global(MemoMethod *self, int g, PyObject *name)
{
    PyObject *found = PyDict_GetItemWithError(self->globals[g], name);
    if (found != NULL) {
        return Py_NewRef(found);
    }
    if (PyErr_Occurred()) {
        return NULL;
    }
    static const int module_of[3] = {C_MEMO_MODULE, C_LANGUAGE, C_FEATURES};
    return PyObject_GetAttr(self->k[module_of[g]], name);
}

/* The names read, interned once (ctext_memo_init). */
extern PyObject *mm_facts, *mm_pinned, *mm_score, *mm_readings, *mm_read_units, *mm_get_facts,
    *mm_get_pinned, *mm_get_score, *mm_plans, *mm_plan, *mm_cut_steps, *mm_read, *mm_text_hits,
    *mm_stoplists, *mm_alone, *mm_longer, *mm_read_python, *mm_text_hits_python, *mm_text,
    *mm_tokens, *mm_words, *mm_read_cache_units;

/* _ctext_memo.c: a DocumentMemo's dict and its facts (see there); the chains. */
PyObject *memo_python(MemoMethod *self, PyObject *const *args, size_t nargsf, PyObject *kwnames);
PyObject *memo_dict(MemoMethod *self, PyObject *memo, int o);
PyObject *memo_facts_of(MemoMethod *self, PyObject *memo, PyObject *table, PyObject *text);
PyObject *memo_fact(PyObject *facts, Py_ssize_t at);
typedef PyObject *(*FactMaker)(MemoMethod *self, PyObject *memo, PyObject *arg,
                               PyObject *text);
PyObject *memo_fact_or(MemoMethod *self, PyObject *memo, PyObject *text, int which,
                       FactMaker make, PyObject *arg);
PyObject *memo_line_rule(MemoMethod *self, PyObject *memo, PyObject *rules, PyObject *text,
                         int pinned);
PyObject *memo_cut_rule(MemoMethod *self, PyObject *memo, PyObject *rules, PyObject *text);
PyObject *memo_words(MemoMethod *self, PyObject *memo, PyObject *text);

/* _ctext_memo_read.c */
PyObject *memo_read(MemoMethod *self, PyObject *memo, PyObject *text);
PyObject *memo_text_hits(MemoMethod *self, PyObject *memo, PyObject *text);
PyObject *memo_scored(MemoMethod *self, PyObject *memo, PyObject *const *args);

#endif
