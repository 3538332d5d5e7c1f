/* cleaner._ctext, the block scorer: what _ctext_score.c (its steps) and _ctext_scorer.c
 * (the Scorer type and its plan) share. */
#ifndef CLEANER_CTEXT_SCORE_H
#define CLEANER_CTEXT_SCORE_H

#include "_ctext.h"

/* The limits, in the order features._LIMITS names them. */
enum {
    L_LONG, L_MEDIUM, L_SHORT, L_UNTERM_MIN, L_UNTERM_MAX, L_STOP_HIGH, L_STOP_LOW,
    L_STOP_LOW_MIN, L_DUP_MIN, L_CAPTION_MAX, L_DATE_MAX, L_UPPER_MIN, L_UPPER_SHARE,
    L_DIGIT_SHARE, L_LINK_HIGH, L_LINK_MID, L_BOLD_MAX, N_LIMITS
};
/* The features, in the order features._FEATURES names them. */
enum {
    FT_LONG, FT_MEDIUM, FT_SHORT, FT_ELLIPSIS, FT_TERMINAL, FT_UNTERMINATED, FT_TIME,
    FT_STOP_HIGH, FT_STOP_LOW, FT_DUPLICATE, FT_CAPTION, FT_BYLINE, FT_DATE, FT_UPPER,
    FT_DIGITS, FT_LINK_HIGH, FT_LINK_MID, FT_IN_BODY, FT_HEADING, FT_BOLD_SUBTITLE, N_FEATURES
};
/* The plan tuple's items (features._plan). */
enum {
    P_LIMITS, P_FEATURES, P_HIGH, P_ELLIPSIS, P_TERMINAL, P_TIME, P_BYLINE, P_DATE,
    P_CAPTION, P_CAPTION_NEEDS, P_ENDS_ALNUM, P_DATE_NEEDS_DIGIT, P_END_CHARS, P_HEADING_TAGS,
    P_PARAGRAPH_TAGS, P_NO_SENTENCE_END, P_CHAR_COUNTS, P_READ, P_MEASURE, P_READING,
    P_MEASURE_TYPE, P_COUNTER, P_SUM, P_POINTS, P_TIME_STARTS_DIGIT, P_BYLINE_SEPARATORS,
    P_ELLIPSIS_NEEDS, N_PLAN
};

/* The features that fired, and their points added as they fire. */
typedef struct {
    PyObject *list;          /* the Feature objects, in the order they fired */
    PyObject *const *feats;  /* the plan's Feature of each FT_* */
    const double *points;    /* their points */
    double total;            /* 0.0 plus each one's points, left to right */
} Fired;

/* The steps (ctext_score_steps) return 0 or one of these. */
#define FAILED (-1)
#define FALL_BACK (-2)

/* _ctext_score.c: the Python's steps, from its measure to its DOM features, appending to
 * `out`: 0, FAILED (an exception set) or FALL_BACK. `plan` is checked (plan_ok),
 * `text` a str, `reading` the block's Reading. */
int ctext_score_steps(PyObject *plan, PyObject *segment, PyObject *text, PyObject *counts,
                      PyObject *stoplist, PyObject *reading, Fired *out);
int ctext_score_steps_init(void);

#endif
