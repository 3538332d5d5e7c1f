/* cleaner._ctext: what its source files share (see _ctext.c for the whole). */
#ifndef CLEANER_CTEXT_H
#define CLEANER_CTEXT_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
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

/* A unit made before (Tokenizer.units): its str and, for read, its Stoplists.alone value. */
#define UNIT_CACHE_SLOTS 8192 /* direct-mapped by a hash of the unit's code points */
#define UNIT_CACHE_CHARS 24   /* longer units are made anew each time */

typedef struct {
    PyObject *unit;  /* the unit's str, or NULL for an empty slot */
    PyObject *alone; /* units_alone.get(unit) (Py_None where absent), or NULL: not asked */
    uint32_t hash;
} UnitSlot;

typedef struct {
    PyObject_HEAD
    /* blocks[cp / 256][cp % 256]: the classes of code point cp; NULL for a block not
     * classified yet. Filled as texts need them, never changed once filled. */
    uint16_t *blocks[BLOCKS];
    /* lowers[cp / 256][cp % 256]: chr(cp).lower() where that is one code point, else
     * NO_LOWER (and for U+03A3, whose lower case str.lower picks by its neighbours); NULL
     * for a block not asked yet. Filled as read() needs them, never changed once filled. */
    Py_UCS4 *lowers[BLOCKS];
    /* Units made before, so a repeated word is not made (nor looked up in Stoplists.alone)
     * again: UNIT_CACHE_SLOTS slots, allocated on first use; a new unit replaces the one
     * in its slot. At most UNIT_CACHE_SLOTS strings of UNIT_CACHE_CHARS characters. */
    UnitSlot *units;
    PyObject *units_alone; /* the Stoplists.alone the slots' `alone` were asked of */
    PyObject *classify; /* classify(start, stop): the classes of those code points */
    Py_ssize_t n_scripts;
    PyObject *weights[MAX_SCRIPTS]; /* float: the words a letter of script i is worth */
    PyObject *one;                  /* float 1.0: a spaced word's weight */
} Tokenizer;

#define NO_LOWER 0xFFFFFFFFu /* lowers[]: no one-code-point lower case of its own */

/* _ctext_table.c: the table of classes, and of lower cases. */
int ctext_fill_block(Tokenizer *t, Py_ssize_t b);
int ctext_fill_lowers(Tokenizer *t, Py_ssize_t b);
PyObject *ctext_tokenizer_new(PyTypeObject *type, PyObject *args, PyObject *kwds);
void ctext_tokenizer_dealloc(Tokenizer *self);

/* The classes of code point `cp` into `*f`, classifying its block first if needed.
 * Returns 0, or -1 with an exception set. */
static inline int
flags_of(Tokenizer *t, Py_UCS4 cp, uint16_t *f)
{
    uint16_t *block = t->blocks[cp / BLOCK];
    if (block == NULL) {
        if (ctext_fill_block(t, cp / BLOCK) < 0) {
            return -1;
        }
        block = t->blocks[cp / BLOCK];
    }
    *f = block[cp % BLOCK];
    return 0;
}

/* chr(cp).lower() as one code point into `*lower`, or NO_LOWER (see Tokenizer.lowers),
 * filling its block first if needed. Returns 0, or -1 with an exception set. */
static inline int
lower_of(Tokenizer *t, Py_UCS4 cp, Py_UCS4 *lower)
{
    Py_UCS4 *block = t->lowers[cp / BLOCK];
    if (block == NULL) {
        if (ctext_fill_lowers(t, cp / BLOCK) < 0) {
            return -1;
        }
        block = t->lowers[cp / BLOCK];
    }
    *lower = block[cp % BLOCK];
    return 0;
}

/* _ctext_units.c: units, read, char_counts (the Tokenizer's methods). */
extern PyMethodDef ctext_tokenizer_methods[];
int ctext_units_init(void);

/* _ctext_stoplists.c: text_hits, measure and byte_counts (module functions). */
PyObject *ctext_text_hits(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
PyObject *ctext_measure(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
PyObject *ctext_byte_counts(PyObject *module, PyObject *data);
int ctext_stoplists_init(void);

/* _ctext_scan.c: LiteralScan (a type). */
extern PyTypeObject LiteralScanType;

/* _ctext_known.c: LineTable (a type), KnownLines' table read in place. */
extern PyTypeObject LineTableType;
int ctext_known_init(PyObject *module);
/* The segment `table` (a LineTable) holds for the line text[start:stop] (borrowed), or
 * NULL (no exception) where it holds none. */
PyObject *ctext_known_find(PyObject *table, PyObject *text, Py_ssize_t start, Py_ssize_t stop);

/* _ctext_marks.c: marks (a module function). */
PyObject *ctext_marks(PyObject *module, PyObject *const *args, Py_ssize_t nargs);

/* _ctext_score.c: Scorer (a type). */
extern PyTypeObject ScorerType;
int ctext_score_init(void);

/* _ctext_slot.c: Slot and SlotKind (slot.Slot's twin), added to the module. */
int ctext_slot_init(PyObject *module);

/* _ctext.c: `f(arg)` is not None: 1, 0, or -1 with an exception set. */
int ctext_matches(PyObject *f, PyObject *arg);
/* _ctext.c: f(text), or f(text, start) where start is not NULL, a `regex` pattern's bound
 * search/match/fullmatch called with concurrent=False (a new reference, or NULL). */
PyObject *ctext_search(PyObject *f, PyObject *text, PyObject *start);

/* _ctext.c: a DocumentMemo's entry for a text, from its dict or its Cleaner's table
 * (see there). */
PyObject *ctext_memo_lookup(PyObject *memo, PyObject *table, PyObject *getter, PyObject *text,
                            Py_ssize_t at, PyObject *missing);
/* _ctext_decide*.c: DecideSteps (a type). */
extern PyTypeObject DecideStepsType;
int ctext_decide_init(void);

/* _ctext_first.c: first_line_rule, RuleSet.first_line_rule's loop. */
PyObject *ctext_first_line_rule(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
/* The rule of the first step of `plan` that matches `text`, or None (a new reference). */
PyObject *ctext_first_of(PyObject *plan, PyObject *text);
PyObject *ctext_first_planned(PyObject *plans, PyObject *text, PyObject *pinned, PyObject *owner,
                              PyObject *name);
int ctext_first_init(void);

/* _ctext_context.c: Context (context.py's steps), added to the module. */
int ctext_context_init(PyObject *module);

/* _ctext_step.c: ScoreStep (decide._score's twin, with _ctext_step_document.c), added to
 * the module. */
int ctext_score_step_init(PyObject *module);

/* _ctext_memo.c: MemoMethod (DocumentMemo's methods' twins), added to the module. */
int ctext_memo_init(PyObject *module);

/* _ctext.c: helpers. */
int ctext_append(char **buf, Py_ssize_t *size, Py_ssize_t *cap, const char *from,
                 Py_ssize_t add);
PyObject *ctext_named(PyObject *type, PyObject *items);

/* Take `made` (a new object, or NULL) off the cyclic garbage collector's lists, and return
 * it. Only for an object no cycle can pass through: immutable (a tuple, a frozen record)
 * and holding only objects that cannot reach it (str, numbers, bytes, None, untracked
 * lists, and long-lived records of such values: a Stoplist, the scorer's Features). A
 * young collection then no longer walks it, nor each older collection while it lives in a
 * Cleaner's tables (tests/test_native_gc.py). */
static inline PyObject *
ctext_untracked(PyObject *made)
{
    if (made != NULL && PyObject_GC_IsTracked(made)) {
        PyObject_GC_UnTrack(made);
    }
    return made;
}
PyObject *ctext_named_pair(PyObject *type, PyObject *first, PyObject *second);

/* _ctext_gate.c: block rules' gates (module functions). */
PyObject *ctext_gate_lines(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
PyObject *ctext_gate_endings(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
/* Whether [start, end) of a str's data holds a character that may be a digit (gate._DIGIT). */
int ctext_has_digit(int kind, const void *data, Py_ssize_t start, Py_ssize_t end);

/* _ctext_sieve.c: the block rules' sieve (module functions). */
PyObject *ctext_sieve_line(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
PyObject *ctext_sieve_run(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
PyObject *ctext_sieve_lines(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
PyObject *ctext_sieve_live(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
int ctext_sieve_init(void);

/* _ctext_breaks.c: normalize_breaks' two searches in one pass. */
PyObject *ctext_break_marks(PyObject *module, PyObject *text);

/* _ctext_lines.c: segment_text's lines made into segments. */
PyObject *ctext_text_segments(PyObject *module, PyObject *const *args, Py_ssize_t nargs);

/* _ctext_places.c: FirstScreen (paragraphs.line_places). */
int ctext_places_init(PyObject *module);

/* _ctext_lru.c: memo.merge_python (BoundedLRU.merge's loop). */
PyObject *ctext_lru_merge(PyObject *module, PyObject *const *args, Py_ssize_t nargs);
int ctext_lru_init(void);

#define MAX_OTHER 32 /* Segment's fields but its text: read by offset up to this many */

/* A Segment's fields but its text, read at their slots' offsets (_ctext_memo_read.c):
 * where each is (ctext_segment_offsets: how many, 0 where one is not an object slot or
 * there are over MAX_OTHER), and whether all are at _BARE's values (ctext_bare_fields: 1,
 * 0, -1 with an exception, -2 for an object of another type or a field not set: the
 * caller asks _OTHER_FIELDS). Shared by MemoMethod's score key and ScoreStep's. */
Py_ssize_t ctext_segment_offsets(PyObject *type, PyObject *names, Py_ssize_t *off);
int ctext_bare_fields(PyObject *segment, PyObject *type, Py_ssize_t n, const Py_ssize_t *off,
                      PyObject *bare);

#endif
