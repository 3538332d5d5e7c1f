/* cleaner._ctext, step 5 of the decision (document context): what _ctext_context.c (the
 * Context type, its plan and a document's slots read once) and _ctext_context_steps.c
 * (the steps) share. */
#ifndef CLEANER_CTEXT_CONTEXT_H
#define CLEANER_CTEXT_CONTEXT_H

#include "_ctext.h"

/* The constants (context._CONSTANTS), handed over once when the Context is made. */
enum {
    K_KEEP, K_DROP, K_UNDECIDED,               /* slot.Verdict's members */
    K_KEEP_NAME, K_DROP_NAME, K_EDGE,          /* their .value, and context._EDGE */
    K_RULE, K_BLOCK_RULE, K_SCORER, K_OUTSIDE_REGION, K_NEIGHBOURS, K_BEFORE_HEADLINE,
    K_HEADLINE, K_REPEAT,                      /* model.Origin's members */
    K_INLINE_CHROME, K_RULE_DROPS,             /* context's tuples of Origin members */
    K_MISSING, K_WORDS, K_MEMO_TYPE,           /* memo._MISSING, memo.WORDS, DocumentMemo */
    K_LOOKS_LIKE_HEADLINE, K_DUPLICATE, K_SUM, /* features.looks_like_headline, "duplicate",
                                                  sum */
    K_SEGMENT_TYPE,                            /* model.Segment */
    K_HEAD,                                    /* memo.HEAD */
    N_CONSTANTS
};

/* The plan of one Thresholds object (context._plan): a tuple of two tuples, the limits
 * (floats, compared or added as the Python compares or adds the fields) and the counts
 * (ints, the slices' stops). */
enum {
    X_GOOD, X_BAD, X_EXTRACTED_BAD, X_LONG_WORDS, X_REPEAT_MIN, X_MAX_GAP, X_FOOTER_WEIGHT,
    X_LINE_WEIGHT, X_BLOCK_WEIGHT, N_X_LIMITS
};
enum { C_LOOKAHEAD, C_LOOKBACK, C_LEAD, C_UNRULED, N_X_COUNTS };

/* One slot as the steps see it: read once, then kept as the steps set it. */
typedef struct {
    PyObject *slot;    /* the Slot (a strong reference, as every pointer here) */
    PyObject *text;    /* slot.segment.text */
    PyObject *verdict; /* slot.verdict, as last read or set */
    PyObject *origin;  /* slot.origin, likewise */
    PyObject *words;   /* memo.words(text), NULL until asked */
    double score;      /* slot.score (a float) */
    char protect;      /* slot.protected is true, likewise */
    char in_body;      /* slot.segment.in_body is True */
    signed char headline; /* memo.looks_like_headline(text) is true; -1: not asked */
} Item;

/* One call's state: the slots, the thresholds' numbers and the memo. */
typedef struct {
    PyObject *const *k; /* the constants, K_* */
    double x[N_X_LIMITS];
    Py_ssize_t count[N_X_COUNTS];
    PyObject *memo;
    PyObject *facts; /* memo.facts where memo is a DocumentMemo (read on the hit path) */
    Py_ssize_t words_at; /* memo.WORDS: where a text's facts hold its words */
    Py_ssize_t head_at;  /* memo.HEAD: where they hold its headline shape */
    Item *items;
    Py_ssize_t n;
    Py_ssize_t seg_off[2]; /* where a Segment keeps its text and in_body (0: by name) */
} Doc;

/* `origin` is one of the tuple's members (an Origin: compared by identity, as `in`
 * compares Enum members). */
static inline int
cx_among(PyObject *tuple, PyObject *origin)
{
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(tuple); k++) {
        if (PyTuple_GET_ITEM(tuple, k) == origin) {
            return 1;
        }
    }
    return 0;
}

#define CX_FAILED (-1)
#define CX_FALL_BACK (-2)

/* _ctext_context_doc.c: the attribute names, a document read once, its slots' words and
 * headline shape, a slot set. The ints are 1, 0 or -1 (an exception set) unless said. */
extern PyObject *cx_str_segment, *cx_str_text, *cx_str_in_body, *cx_str_verdict,
    *cx_str_origin, *cx_str_rule, *cx_str_score, *cx_str_features, *cx_str_protected,
    *cx_str_ends_body, *cx_str_edges_only, *cx_str_neighbours, *cx_str_name, *cx_str_points,
    *cx_str_value, *cx_str_facts, *cx_str_words, *cx_str_looks_like_headline,
    *cx_str_get_facts;
int cx_load(Doc *d, PyObject *slots, PyObject *memo); /* 0, CX_FAILED or CX_FALL_BACK */
void cx_unload(Doc *d);
int cx_set(Doc *d, Py_ssize_t i, PyObject *verdict, PyObject *origin, int protect); /* 0/-1 */
int cx_flag(Doc *d, Py_ssize_t i, int field, PyObject *name); /* bool(slot.<name>) */
int cx_body_sized(Doc *d, Py_ssize_t i);
int cx_headline(Doc *d, Py_ssize_t i);
Py_ssize_t cx_stop(Py_ssize_t stop, Py_ssize_t len);

/* _ctext_context_steps.c: the steps over a loaded document; 0 or -1. */
int cx_choose_headline(Doc *d);
int cx_apply_context(Doc *d, int html);

/* _ctext_context_neighbours.c: the end of apply_context, and drop_repeats (over the list
 * as it is); 0 or -1. */
int cx_follow_neighbours(Doc *d, int extracted);
int cx_drop_repeats(Doc *d, PyObject *slots);

#endif
