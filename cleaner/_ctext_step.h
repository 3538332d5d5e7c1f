/* cleaner._ctext, the decision's scoring step: what _ctext_step.c (the ScoreStep type,
 * its run and the per-slot loop) and _ctext_step_document.c (the document's counts and
 * its stoplist) share. */
#ifndef CLEANER_CTEXT_STEP_H
#define CLEANER_CTEXT_STEP_H

#include "_ctext.h"

typedef struct {
    PyObject_HEAD
    PyObject *undecided;    /* slot.Verdict.NONE */
    PyObject *headline;     /* model.Origin.HEADLINE */
    PyObject *block_rule;   /* model.Origin.BLOCK_RULE */
    PyObject *missing;      /* memo._MISSING */
    Py_ssize_t hits_at;     /* memo.HITS: the hits' place in a text's facts */
    PyObject *counter;      /* collections.Counter */
    PyObject *feature;      /* features.feature */
    PyObject *language;     /* the language module */
    PyObject *other_fields; /* memo._OTHER_FIELDS */
    PyObject *bare;         /* memo._BARE */
    PyObject *fallback;     /* decide._score_python: for slots that are not a list */
    PyObject *segment;      /* model.Segment */
    Py_ssize_t n_other;     /* its fields but the text (_OTHER_FIELDS' names): how many read */
    Py_ssize_t seg_off[MAX_OTHER]; /* by offset (0: none, _OTHER_FIELDS asked), and where */
    Py_ssize_t text_off;    /* where a Segment keeps its text (0: read by name) */
} ScoreStep;

/* One run's view of the slots, read once (the step sets only score and features, which
 * nothing below reads). */
typedef struct {
    Py_ssize_t n;
    PyObject **slots, **segs, **texts; /* new references */
    char *flags;
} Slots;

#define UNDECIDED 0x1  /* verdict is Verdict.NONE */
#define SCORABLE 0x2   /* undecided, or the headline: detection reads it first */
#define BLOCK_RULE 0x4 /* origin is Origin.BLOCK_RULE */

/* _ctext_step_document.c: features.duplicates and language.detect over a run's slots:
 * new references, or NULL with an exception. */
PyObject *ctext_step_counts(ScoreStep *self, Slots *v, PyObject *t);
PyObject *ctext_step_detect(ScoreStep *self, Slots *v, PyObject *memo);
int ctext_step_document_init(void);

#endif
