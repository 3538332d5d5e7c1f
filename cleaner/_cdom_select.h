/* cleaner._cdom: what _cdom_select.c and _cdom_select_join.c share. */
#ifndef CLEANER_CDOM_SELECT_H
#define CLEANER_CDOM_SELECT_H

#include "_cdom.h"

#define CDOM_MATCH_ROOT 2  /* LXB_SELECTORS_OPT_MATCH_ROOT */
#define CDOM_MATCH_FIRST 4 /* LXB_SELECTORS_OPT_MATCH_FIRST */

/* A Selectors object (_cdom_select.c): the texts parsed once. */
typedef struct {
    PyObject_HEAD
    PyObject *module; /* holds the bound functions */
    const CdomLexbor *lx;
    void *parser;
    void *css_selectors;
    void *engine;
    Py_ssize_t count;
    void **lists;  /* NULL where the text did not parse */
    void *joined;  /* the texts that parse as one list, or NULL */
} SelectorsObject;

/* Lexbor's CSS parser and selector engine made for `self` (0), or -1. */
int cdom_select_engine(SelectorsObject *self);

/* self->joined made where the texts that parse can be joined (0), or -1 with an error. */
int cdom_select_join(SelectorsObject *self, PyObject *texts);

#endif
