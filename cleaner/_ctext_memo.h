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
    N_C
};

typedef struct {
    PyObject_HEAD
    vectorcallfunc vectorcall;
    int which;
    PyObject *k[N_C];
    Py_ssize_t at[4]; /* memo.LINE, CUT, WORDS, HITS: each fact's place in a Facts tuple */
    Py_ssize_t unit_chunk; /* units.UNIT_CHUNK */
} MemoMethod;

enum { F_LINE, F_CUT, F_WORDS, F_HITS };

/* The names read, interned once (ctext_memo_init). */
extern PyObject *mm_facts, *mm_pinned, *mm_score, *mm_readings, *mm_read_units, *mm_get_facts,
    *mm_get_pinned, *mm_get_score, *mm_plans, *mm_plan, *mm_cut_steps, *mm_read, *mm_text_hits,
    *mm_stoplists, *mm_alone, *mm_longer, *mm_read_python, *mm_text_hits_python, *mm_text,
    *mm_tokens, *mm_words, *mm_read_cache_units;

/* _ctext_memo.c: a DocumentMemo's dict and its facts (see there); the chains. */
PyObject *memo_python(MemoMethod *self, PyObject *const *args, size_t nargsf, PyObject *kwnames);
PyObject *memo_dict(PyObject *memo, PyObject *name);
PyObject *memo_facts_of(MemoMethod *self, PyObject *memo, PyObject *table, PyObject *text);
PyObject *memo_fact(PyObject *facts, Py_ssize_t at);
int memo_store_fact(MemoMethod *self, PyObject *table, PyObject *text, PyObject *facts,
                    int which, PyObject *value);
PyObject *memo_line_rule(MemoMethod *self, PyObject *memo, PyObject *rules, PyObject *text,
                         int pinned);
PyObject *memo_cut_rule(MemoMethod *self, PyObject *memo, PyObject *rules, PyObject *text);
PyObject *memo_words(MemoMethod *self, PyObject *memo, PyObject *text);

/* _ctext_memo_read.c */
PyObject *memo_read(MemoMethod *self, PyObject *memo, PyObject *text);
PyObject *memo_text_hits(MemoMethod *self, PyObject *memo, PyObject *text);
PyObject *memo_scored(MemoMethod *self, PyObject *memo, PyObject *const *args);

#endif
