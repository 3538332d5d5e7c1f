/* cleaner._ctext.marks: the page-wide counts prescan.check_page starts from, in one pass
 * over the page (prescan.marks_native; the reference is prescan.marks_python).
 *
 *   marks(html, size) -> (tags, stretches)
 *
 * `tags` is html.count("<"); `stretches` lists every run of `size` or more characters
 * holding no "<", then every such run holding no ">" (each list in page order), a run
 * being as long as it goes (from the start or just after the character, to it or the
 * end), as (max(start - 2, 0), stop).
 *
 * The page is read in blocks of MARK_BLOCK (64) characters, where `size` is at least
 * that (below, one character at a time). A block's "<" and ">" become two 64-bit masks
 * (SSE2 compares, 16 characters at a time, where the compiler has SSE2, as every x86-64
 * does; else a plain loop), from which the count is a popcount and the first and last
 * of each character are a count of zero bits, which is all a run needs: a run of `size`
 * (at least MARK_BLOCK) characters or more ends at the first of its character in a block
 * (or at the page's end) and begins after the last one of an earlier block (or at the
 * page's start).
 */
#include "_ctext.h"

#define MARK_BLOCK 64

/* One of the two characters: where its last one was, and its runs found so far. */
typedef struct {
    Py_ssize_t last; /* its last position read, or -1 */
    PyObject *runs;  /* list of (start, stop) */
} Runs;

/* Record the run from just after `r->last` to `stop` when it is `size` long or more. */
static int
run_to(Runs *r, Py_ssize_t stop, Py_ssize_t size)
{
    Py_ssize_t start = r->last + 1;
    if (stop - start < size) {
        return 0;
    }
    PyObject *run = Py_BuildValue("(nn)", start >= 2 ? start - 2 : 0, stop);
    if (run == NULL) {
        return -1;
    }
    int failed = PyList_Append(r->runs, run);
    Py_DECREF(run);
    return failed;
}

/* Bit i of *lt (*gt) set where block[i] is "<" (">"), for the n (at most MARK_BLOCK)
 * characters of a block: the plain loop, for a page's last block and where SSE2 is not. */
#define MASKS_PLAIN(NAME, CHAR)                                                           \
    static void NAME(const CHAR *block, Py_ssize_t n, uint64_t *lt, uint64_t *gt)         \
    {                                                                                     \
        uint64_t opens = 0, closes = 0;                                                   \
        for (Py_ssize_t i = 0; i < n; i++) {                                              \
            opens |= (uint64_t)(block[i] == '<') << i;                                    \
            closes |= (uint64_t)(block[i] == '>') << i;                                   \
        }                                                                                 \
        *lt = opens;                                                                      \
        *gt = closes;                                                                     \
    }

MASKS_PLAIN(plain_1, Py_UCS1)
MASKS_PLAIN(plain_2, Py_UCS2)
MASKS_PLAIN(plain_4, Py_UCS4)

#ifdef __SSE2__
#include <emmintrin.h>

/* The same bits for a whole block, 16 characters a compare: each width's compares packed
 * to one byte a character, whose top bits movemask gathers. */
static void
masks_1(const Py_UCS1 *block, uint64_t *lt, uint64_t *gt)
{
    const __m128i open = _mm_set1_epi8('<'), close = _mm_set1_epi8('>');
    uint64_t opens = 0, closes = 0;
    for (int part = 0; part < MARK_BLOCK / 16; part++) {
        __m128i chars = _mm_loadu_si128((const __m128i *)(block + 16 * part));
        opens |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(chars, open)) << (16 * part);
        closes |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(chars, close))
                  << (16 * part);
    }
    *lt = opens;
    *gt = closes;
}

static void
masks_2(const Py_UCS2 *block, uint64_t *lt, uint64_t *gt)
{
    const __m128i open = _mm_set1_epi16('<'), close = _mm_set1_epi16('>');
    uint64_t opens = 0, closes = 0;
    for (int part = 0; part < MARK_BLOCK / 16; part++) {
        __m128i low = _mm_loadu_si128((const __m128i *)(block + 16 * part));
        __m128i high = _mm_loadu_si128((const __m128i *)(block + 16 * part + 8));
        __m128i o = _mm_packs_epi16(_mm_cmpeq_epi16(low, open), _mm_cmpeq_epi16(high, open));
        __m128i c = _mm_packs_epi16(_mm_cmpeq_epi16(low, close), _mm_cmpeq_epi16(high, close));
        opens |= (uint64_t)(uint16_t)_mm_movemask_epi8(o) << (16 * part);
        closes |= (uint64_t)(uint16_t)_mm_movemask_epi8(c) << (16 * part);
    }
    *lt = opens;
    *gt = closes;
}

static void
masks_4(const Py_UCS4 *block, uint64_t *lt, uint64_t *gt)
{
    const __m128i open = _mm_set1_epi32('<'), close = _mm_set1_epi32('>');
    uint64_t opens = 0, closes = 0;
    for (int part = 0; part < MARK_BLOCK / 16; part++) {
        const Py_UCS4 *at = block + 16 * part;
        __m128i q0 = _mm_loadu_si128((const __m128i *)at);
        __m128i q1 = _mm_loadu_si128((const __m128i *)(at + 4));
        __m128i q2 = _mm_loadu_si128((const __m128i *)(at + 8));
        __m128i q3 = _mm_loadu_si128((const __m128i *)(at + 12));
        __m128i o = _mm_packs_epi16(
            _mm_packs_epi32(_mm_cmpeq_epi32(q0, open), _mm_cmpeq_epi32(q1, open)),
            _mm_packs_epi32(_mm_cmpeq_epi32(q2, open), _mm_cmpeq_epi32(q3, open)));
        __m128i c = _mm_packs_epi16(
            _mm_packs_epi32(_mm_cmpeq_epi32(q0, close), _mm_cmpeq_epi32(q1, close)),
            _mm_packs_epi32(_mm_cmpeq_epi32(q2, close), _mm_cmpeq_epi32(q3, close)));
        opens |= (uint64_t)(uint16_t)_mm_movemask_epi8(o) << (16 * part);
        closes |= (uint64_t)(uint16_t)_mm_movemask_epi8(c) << (16 * part);
    }
    *lt = opens;
    *gt = closes;
}
#else
#define masks_1(block, lt, gt) plain_1((block), MARK_BLOCK, (lt), (gt))
#define masks_2(block, lt, gt) plain_2((block), MARK_BLOCK, (lt), (gt))
#define masks_4(block, lt, gt) plain_4((block), MARK_BLOCK, (lt), (gt))
#endif

/* A block's marks of one character (`mask`, bit i: position at + i): the run that ends
 * at its first one, and its last one. */
static int
block_runs(Runs *r, uint64_t mask, Py_ssize_t at, Py_ssize_t size)
{
    if (mask == 0) {
        return 0;
    }
    if (run_to(r, at + __builtin_ctzll(mask), size) < 0) {
        return -1;
    }
    r->last = at + 63 - __builtin_clzll(mask);
    return 0;
}

/* The pass over a page of one width of character (1, 2 or 4 bytes). Returns the number
 * of "<", or -1 with an error set. */
#define MARKS_OF(NAME, CHAR, MASKS, PLAIN)                                                \
    static Py_ssize_t NAME(const CHAR *text, Py_ssize_t length, Py_ssize_t size, Runs *lt, \
                           Runs *gt)                                                      \
    {                                                                                     \
        Py_ssize_t tags = 0;                                                              \
        if (size < MARK_BLOCK) { /* a run may lie inside a block: read each character */  \
            for (Py_ssize_t at = 0; at < length; at++) {                                  \
                Runs *r = text[at] == '<' ? lt : text[at] == '>' ? gt : NULL;             \
                if (r != NULL) {                                                          \
                    tags += r == lt;                                                      \
                    if (run_to(r, at, size) < 0) {                                        \
                        return -1;                                                        \
                    }                                                                     \
                    r->last = at;                                                         \
                }                                                                         \
            }                                                                             \
            return tags;                                                                  \
        }                                                                                 \
        for (Py_ssize_t at = 0; at < length; at += MARK_BLOCK) {                          \
            uint64_t opens, closes;                                                       \
            if (length - at >= MARK_BLOCK) {                                              \
                MASKS(text + at, &opens, &closes);                                        \
            }                                                                             \
            else {                                                                        \
                PLAIN(text + at, length - at, &opens, &closes);                           \
            }                                                                             \
            tags += __builtin_popcountll(opens);                                          \
            if (block_runs(lt, opens, at, size) < 0 || block_runs(gt, closes, at, size) < 0) { \
                return -1;                                                                \
            }                                                                             \
        }                                                                                 \
        return tags;                                                                      \
    }

MARKS_OF(marks_of_1, Py_UCS1, masks_1, plain_1)
MARKS_OF(marks_of_2, Py_UCS2, masks_2, plain_2)
MARKS_OF(marks_of_4, Py_UCS4, masks_4, plain_4)

PyObject *
ctext_marks(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "marks(html: str, size: int)");
        return NULL;
    }
    Py_ssize_t size = PyLong_AsSsize_t(args[1]);
    if (size == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (size < 1) {
        PyErr_SetString(PyExc_ValueError, "marks: size must be at least 1");
        return NULL;
    }
    PyObject *html = args[0];
    Py_ssize_t length = PyUnicode_GET_LENGTH(html);
    const void *data = PyUnicode_DATA(html);
    Runs lt = {-1, PyList_New(0)}, gt = {-1, PyList_New(0)};
    PyObject *found = NULL;
    if (lt.runs == NULL || gt.runs == NULL) {
        goto done;
    }
    Py_ssize_t tags;
    switch (PyUnicode_KIND(html)) {
    case PyUnicode_1BYTE_KIND:
        tags = marks_of_1((const Py_UCS1 *)data, length, size, &lt, &gt);
        break;
    case PyUnicode_2BYTE_KIND:
        tags = marks_of_2((const Py_UCS2 *)data, length, size, &lt, &gt);
        break;
    default:
        tags = marks_of_4((const Py_UCS4 *)data, length, size, &lt, &gt);
        break;
    }
    if (tags < 0 || run_to(&lt, length, size) < 0 || run_to(&gt, length, size) < 0) {
        goto done;
    }
    /* "<" runs, then ">" runs: the reference's order. */
    if (PyList_SetSlice(lt.runs, PyList_GET_SIZE(lt.runs), PyList_GET_SIZE(lt.runs),
                        gt.runs) < 0) {
        goto done;
    }
    found = Py_BuildValue("(nO)", tags, lt.runs);
done:
    Py_XDECREF(lt.runs);
    Py_XDECREF(gt.runs);
    return found;
}
