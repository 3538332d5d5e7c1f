/* cleaner._ctext, step 5 of the decision: the steps of context.py over a document read
 * once (_ctext_context.c). Each function below is the Python function of the same name
 * without its leading underscore, written in the same order: the same slots read, the
 * same memo calls in the same order (a slot's words and headline shape asked once per
 * step where the memo is a DocumentMemo, whose answers do not change within it), the same
 * float comparisons and additions, the same slots set. */
#include "_ctext_context.h"
#include "_ctext_slot.h"

#define KEEP (d->k[K_KEEP])
#define DROP (d->k[K_DROP])
#define UNDECIDED (d->k[K_UNDECIDED])

/* s.verdict is DROP and s.origin in _RULE_DROPS */
static int
rule_drop(Doc *d, Py_ssize_t i)
{
    Item *it = &d->items[i];
    return it->verdict == DROP && cx_among(d->k[K_RULE_DROPS], it->origin);
}

/* Each of these returns 1 (true), 0 (false) or -1 (an exception set). */
static int
is_prose_slot(Doc *d, Py_ssize_t i)
{
    Item *it = &d->items[i];
    if (it->verdict != UNDECIDED) {
        return 0;
    }
    int prose = it->score >= d->x[X_GOOD];
    if (!prose) {
        prose = cx_body_sized(d, i);
        if (prose <= 0) {
            return prose;
        }
    }
    int headline = cx_headline(d, i);
    return headline < 0 ? -1 : !headline;
}

static int
opens_body(Doc *d, Py_ssize_t i)
{
    int prose = is_prose_slot(d, i);
    if (prose != 0) {
        return prose;
    }
    Item *it = &d->items[i];
    if (it->verdict != UNDECIDED || !(it->score >= d->x[X_GOOD])) {
        return 0;
    }
    return cx_body_sized(d, i);
}

static int
starts_with_body(Doc *d)
{
    Py_ssize_t n = d->n, lead = cx_stop(d->count[C_LEAD], n);
    for (Py_ssize_t i = 0; i < lead; i++) {
        int opens = opens_body(d, i);
        if (opens != 0) {
            return opens;
        }
    }
    Py_ssize_t unruled = cx_stop(d->count[C_UNRULED], n), first = -1;
    for (Py_ssize_t i = 0; i < unruled && first < 0; i++) {
        int opens = opens_body(d, i);
        if (opens < 0) {
            return -1;
        }
        first = opens ? i : -1;
    }
    if (first >= 0) {
        Py_ssize_t j = 0;
        while (j < first && !rule_drop(d, j)) {
            j++;
        }
        if (j == first) {
            return 1;
        }
    }
    if (!(n > d->count[C_LEAD])) {
        return 0;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        int prose = is_prose_slot(d, i);
        if (prose != 0) {
            return prose < 0 ? -1 : 0;
        }
        if (rule_drop(d, i)) {
            return 0;
        }
    }
    return 1;
}

/* The contiguous run with the highest total (Kadane): the same doubles added in the same
 * order as the Python's floats. 0, or -1 with an exception set. */
static int
body_region(Doc *d, Py_ssize_t *begin, Py_ssize_t *end)
{
    double best = -Py_HUGE_VAL, total = 0.0;
    Py_ssize_t start = 0;
    *begin = 0;
    *end = -1;
    for (Py_ssize_t i = 0; i < d->n; i++) {
        Item *it = &d->items[i];
        double value;
        if (it->verdict == DROP) {
            if (it->origin == d->k[K_RULE]) {
                int ends = cx_flag(d, i, S_ENDS_BODY, cx_str_ends_body);
                if (ends < 0) {
                    return -1;
                }
                value = ends ? d->x[X_FOOTER_WEIGHT] : d->x[X_LINE_WEIGHT];
            } else if (it->origin == d->k[K_BLOCK_RULE]) {
                value = d->x[X_BLOCK_WEIGHT];
            } else {
                value = 0.0;
            }
        } else if (it->protect) {
            value = 0.0 > it->score ? 0.0 : it->score; /* max(score, 0.0) */
        } else {
            value = it->score;
        }
        if (total <= 0) {
            total = value;
            start = i;
        } else {
            total += value;
        }
        if (total > best) {
            best = total;
            *begin = start;
            *end = i;
        }
    }
    return 0;
}

/* slot.score - sum(f.points for f in slot.features if f.name == "duplicate") > bad_score,
 * as *above; the sum is asked of Python's sum() where a feature is a duplicate (it starts
 * from the int 0, as the Python's). 0, or -1 with an exception set. */
static int
headline_score(Doc *d, Py_ssize_t i, int *above)
{
    Item *it = &d->items[i];
    PyObject *feats = PyObject_GetAttr(it->slot, cx_str_features);
    PyObject *iter = feats == NULL ? NULL : PyObject_GetIter(feats);
    Py_XDECREF(feats);
    if (iter == NULL) {
        return -1;
    }
    PyObject *points = NULL, *f;
    while ((f = PyIter_Next(iter)) != NULL) {
        PyObject *name = PyObject_GetAttr(f, cx_str_name);
        int dup = name == NULL ? -1 : PyObject_RichCompareBool(name, d->k[K_DUPLICATE], Py_EQ);
        Py_XDECREF(name);
        PyObject *p = dup > 0 ? PyObject_GetAttr(f, cx_str_points) : NULL;
        Py_DECREF(f);
        if (dup > 0 && p != NULL && points == NULL) {
            points = PyList_New(0);
        }
        if (dup < 0 || (dup > 0 && (p == NULL || points == NULL || PyList_Append(points, p) < 0))) {
            Py_XDECREF(p);
            Py_XDECREF(points);
            Py_DECREF(iter);
            return -1;
        }
        Py_XDECREF(p);
    }
    Py_DECREF(iter);
    if (PyErr_Occurred()) {
        Py_XDECREF(points);
        return -1;
    }
    if (points == NULL) { /* score - 0: the score itself */
        *above = it->score > d->x[X_BAD];
        return 0;
    }
    PyObject *total = PyObject_CallOneArg(d->k[K_SUM], points);
    Py_DECREF(points);
    PyObject *score = total == NULL ? NULL : PyFloat_FromDouble(it->score);
    PyObject *diff = score == NULL ? NULL : PyNumber_Subtract(score, total);
    PyObject *bad = diff == NULL ? NULL : PyFloat_FromDouble(d->x[X_BAD]);
    *above = bad == NULL ? -1 : PyObject_RichCompareBool(diff, bad, Py_GT);
    Py_XDECREF(bad);
    Py_XDECREF(diff);
    Py_XDECREF(score);
    Py_XDECREF(total);
    return *above < 0 ? -1 : 0;
}

/* The candidates for the headline, in the Python's order, into `cand` (room for n). */
static int
candidates(Doc *d, Py_ssize_t *cand, Py_ssize_t *count)
{
    Py_ssize_t n = d->n, nc = 0;
    int extract = starts_with_body(d);
    if (extract < 0) {
        return -1;
    }
    if (extract) {
        Py_ssize_t first = 0;
        for (Py_ssize_t i = 0; i < n; i++) {
            int opens = opens_body(d, i);
            if (opens < 0) {
                return -1;
            }
            if (opens) {
                first = i;
                break;
            }
        }
        for (Py_ssize_t i = 0; i < first; i++) {
            if (d->items[i].verdict == UNDECIDED) {
                cand[nc++] = i;
            }
        }
        *count = nc;
        return 0;
    }
    Py_ssize_t begin, end, ahead = 0, behind = 0;
    if (body_region(d, &begin, &end) < 0) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        ahead += i >= begin && d->items[i].verdict == UNDECIDED;
        behind += i < begin && d->items[i].verdict == UNDECIDED;
    }
    Py_ssize_t take = cx_stop(d->count[C_LOOKAHEAD], ahead);
    for (Py_ssize_t i = begin, taken = 0; i < n && taken < take; i++) {
        if (d->items[i].verdict != UNDECIDED) {
            continue;
        }
        cand[nc++] = i;
        taken++;
        int prose = is_prose_slot(d, i);
        if (prose < 0) {
            return -1;
        }
        if (prose) {
            break; /* prose: a headline would stand before it */
        }
    }
    take = cx_stop(d->count[C_LOOKBACK], behind);
    for (Py_ssize_t i = begin - 1, taken = 0; i >= 0 && taken < take; i--) {
        if (d->items[i].verdict == UNDECIDED) {
            cand[nc++] = i;
            taken++;
        }
    }
    *count = nc;
    return 0;
}

int
cx_choose_headline(Doc *d)
{
    Py_ssize_t *cand = PyMem_Malloc((size_t)(d->n + 1) * sizeof(Py_ssize_t)), count = 0;
    if (cand == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    int failed = candidates(d, cand, &count) < 0;
    for (Py_ssize_t c = 0; c < count && !failed; c++) {
        Py_ssize_t i = cand[c];
        int above = 0, headline = -1;
        failed = headline_score(d, i, &above) < 0 || (headline = cx_headline(d, i)) < 0;
        if (failed || !headline || !above) {
            continue;
        }
        for (Py_ssize_t j = 0; j < i && !failed; j++) {
            if (d->items[j].verdict != UNDECIDED) {
                continue;
            }
            int sized = cx_body_sized(d, j);
            failed = sized < 0 || (!sized && cx_set(d, j, DROP, d->k[K_BEFORE_HEADLINE], 0) < 0);
        }
        failed = failed || cx_set(d, i, KEEP, d->k[K_HEADLINE], 1) < 0;
        break;
    }
    PyMem_Free(cand);
    return failed ? -1 : 0;
}

int
cx_apply_context(Doc *d, int html)
{
    Py_ssize_t n = d->n, begin = 0, end = n - 1, lo = 0, hi = 0;
    int extracted = html ? 0 : starts_with_body(d);
    if (extracted < 0 || (!extracted && body_region(d, &begin, &end) < 0)) {
        return -1;
    }
    if (extracted) { /* _between_prose */
        Py_ssize_t first = -1, last = -1;
        for (Py_ssize_t i = 0; i < n; i++) {
            int prose = is_prose_slot(d, i);
            if (prose < 0) {
                return -1;
            }
            if (prose) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first >= 0) {
            lo = first + 1;
            hi = last;
        }
    }
    for (Py_ssize_t i = lo; i < hi; i++) {
        Item *it = &d->items[i];
        if (it->verdict == DROP && it->origin == d->k[K_RULE]) {
            int edges = cx_flag(d, i, S_EDGES_ONLY, cx_str_edges_only);
            if (edges < 0 || (edges && cx_set(d, i, UNDECIDED, d->k[K_SCORER], 0) < 0)) {
                return -1;
            }
        }
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Item *it = &d->items[i];
        if (it->verdict != UNDECIDED) {
            continue;
        }
        if (lo <= i && i < hi && d->x[X_EXTRACTED_BAD] < it->score && it->score <= d->x[X_BAD]) {
            continue; /* weak evidence between paragraphs */
        }
        int failed = 0;
        if (!(begin <= i && i <= end) && !it->in_body) {
            failed = cx_set(d, i, DROP, d->k[K_OUTSIDE_REGION], 0);
        } else if (it->score >= d->x[X_GOOD]) {
            failed = cx_set(d, i, KEEP, d->k[K_SCORER], 0);
        } else if (it->score <= d->x[X_BAD]) {
            failed = cx_set(d, i, DROP, d->k[K_SCORER], 0);
        }
        if (failed < 0) {
            return -1;
        }
    }
    return cx_follow_neighbours(d, extracted);
}
