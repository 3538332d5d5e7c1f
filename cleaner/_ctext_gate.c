/* cleaner._ctext: block rules' gates (gate.lines_python, gate.endings_python).
 *
 * Both walk the document's lines (split at "\n" as str.split("\n") splits it) in its own
 * buffer, without making a str of each line: a line's length and its ending are read in
 * place, and only a line short enough for a LineGate is cut out and handed to the rule's
 * search. The Python twins stay the reference (tests/test_rule_gates.py).
 */
#include "_ctext.h"

/* The end of the line that starts at `start`: the next "\n" or `n` (one loop a kind: a
 * read that switches on the kind at each character cost about 1 ns a character, 5 µs
 * over a text document). */
static Py_ssize_t
line_end(int kind, const void *data, Py_ssize_t start, Py_ssize_t n)
{
    Py_ssize_t i = start;
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *found = memchr((const Py_UCS1 *)data + start, '\n', (size_t)(n - start));
        return found == NULL ? n : (Py_ssize_t)(found - (const Py_UCS1 *)data);
    }
    if (kind == PyUnicode_2BYTE_KIND) {
        const Py_UCS2 *chars = data;
        while (i < n && chars[i] != '\n') {
            i++;
        }
        return i;
    }
    const Py_UCS4 *chars = data;
    while (i < n && chars[i] != '\n') {
        i++;
    }
    return i;
}

/* The lines a LineGate reads, joined: where each starts in the joined text (starts[lines]:
 * its length + 1) and its index among the document's lines. */
typedef struct {
    Py_ssize_t *starts;
    Py_ssize_t *index;
    Py_ssize_t lines;
} Joined;

/* Whether the line [start, end) holds a character that may be a decimal digit (gate.py's
 * _DIGIT): 0-9, or any at U+0660 (ARABIC-INDIC DIGIT ZERO) or above outside U+1E00-U+2BFF
 * (Vietnamese letters, punctuation, symbols: no digits there). Not Python's table: the
 * `regex` module's Unicode is newer and reads more characters as \d (U+10D40 ...). */
static int
has_digit(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 0x660 ? c - '0' <= 9 : c < 0x1E00 || c > 0x2BFF) {
            return 1;
        }
    }
    return 0;
}

/* Room for `need` entries in each of `into`'s arrays, `*cap` now; -1 with an exception. */
static int
joined_room(Joined *into, Py_ssize_t need, Py_ssize_t *cap)
{
    if (need <= *cap) {
        return 0;
    }
    Py_ssize_t wanted = *cap * 2 > need ? *cap * 2 : need;
    Py_ssize_t *starts = PyMem_Realloc(into->starts, (size_t)wanted * sizeof(Py_ssize_t));
    if (starts != NULL) {
        into->starts = starts;
    }
    Py_ssize_t *index = PyMem_Realloc(into->index, (size_t)wanted * sizeof(Py_ssize_t));
    if (index != NULL) {
        into->index = index;
    }
    if (starts == NULL || index == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *cap = wanted;
    return 0;
}

/* The lines of `document` of at most `max_chars` characters (with a digit, where
 * `digit`) joined by "\n", with `into` filled; NULL with an exception set. */
static PyObject *
short_lines(PyObject *document, Py_ssize_t max_chars, int digit, Joined *into)
{
    int kind = PyUnicode_KIND(document);
    const void *data = PyUnicode_DATA(document);
    Py_ssize_t n = PyUnicode_GET_LENGTH(document);
    PyObject *parts = PyList_New(0);
    PyObject *joined = NULL;
    Py_ssize_t at = 0, cap = 0, k = 0;
    if (parts == NULL || joined_room(into, 16, &cap) < 0) {
        goto done;
    }
    for (Py_ssize_t start = 0; start <= n; start++, k++) {
        Py_ssize_t end = line_end(kind, data, start, n);
        if (end - start <= max_chars && (!digit || has_digit(kind, data, start, end))) {
            PyObject *line = PyUnicode_Substring(document, start, end);
            if (line == NULL || PyList_Append(parts, line) < 0 ||
                joined_room(into, into->lines + 2, &cap) < 0) {
                Py_XDECREF(line);
                goto done;
            }
            Py_DECREF(line);
            into->index[into->lines] = k;
            into->starts[into->lines++] = at;
            at += end - start + 1;
        }
        start = end;
    }
    into->starts[into->lines] = at;
    PyObject *newline = PyUnicode_FromOrdinal('\n');
    if (newline != NULL) {
        joined = PyUnicode_Join(newline, parts);
        Py_DECREF(newline);
    }
done:
    Py_XDECREF(parts);
    return joined;
}

/* The number of found lines, `step` apart, that end at kept line `at` (found now), from
 * those of the kept lines before it (`chain`, 0 where none was found). */
static Py_ssize_t
chain_at(const Joined *lines, const Py_ssize_t *chain, Py_ssize_t at, Py_ssize_t step,
         Py_ssize_t found)
{
    if (step == 0) {
        return found;
    }
    Py_ssize_t want = lines->index[at] - step, lo = 0, hi = at;
    while (lo < hi) { /* the kept line with index `want`, if there is one */
        Py_ssize_t mid = (lo + hi) / 2;
        if (lines->index[mid] < want) {
            lo = mid + 1;
        }
        else {
            hi = mid;
        }
    }
    return (lo < at && lines->index[lo] == want ? chain[lo] : 0) + 1;
}

/* gate_lines(document, count, max_chars, step, digit, search): lines_python.
 * `search(text, pos)` is the gate's pattern's search. */
PyObject *
ctext_gate_lines(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 6 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError,
                        "gate_lines(document, count, max_chars, step, digit, search)");
        return NULL;
    }
    Py_ssize_t count = PyLong_AsSsize_t(args[1]);
    Py_ssize_t max_chars = PyLong_AsSsize_t(args[2]);
    Py_ssize_t step = PyLong_AsSsize_t(args[3]);
    int digit = PyObject_IsTrue(args[4]);
    if (((count == -1 || max_chars == -1 || step == -1) && PyErr_Occurred()) || digit < 0) {
        return NULL;
    }
    Joined lines = {NULL, NULL, 0};
    PyObject *joined = short_lines(args[0], max_chars, digit, &lines);
    Py_ssize_t *chain = joined == NULL ? NULL : PyMem_Calloc(lines.lines + 1, sizeof(Py_ssize_t));
    PyObject *result = NULL;
    Py_ssize_t found = 0, at = 0, pos = 0;
    if (chain != NULL && lines.lines == 0) {
        result = Py_False;
    }
    while (chain != NULL && result == NULL) {
        PyObject *call[2] = {joined, PyLong_FromSsize_t(pos)};
        if (call[1] == NULL) {
            break;
        }
        PyObject *match = PyObject_Vectorcall(args[5], call, 2, NULL);
        Py_DECREF(call[1]);
        if (match == NULL || match == Py_None) {
            result = match == NULL ? NULL : Py_False;
            Py_XDECREF(match);
            break;
        }
        PyObject *where = PyObject_CallMethod(match, "start", NULL);
        Py_DECREF(match);
        Py_ssize_t begin = where == NULL ? -1 : PyLong_AsSsize_t(where);
        Py_XDECREF(where);
        if (begin == -1 && PyErr_Occurred()) {
            break;
        }
        while (at + 1 < lines.lines && lines.starts[at + 1] <= begin) {
            at++; /* the kept line the match starts in: starts[at] <= begin < starts[at + 1] */
        }
        chain[at] = chain_at(&lines, chain, at, step, ++found);
        if (chain[at] >= count) {
            result = Py_True;
            break;
        }
        if (++at >= lines.lines) {
            result = Py_False; /* no line after it */
            break;
        }
        pos = lines.starts[at];
    }
    if (joined != NULL && chain == NULL && !PyErr_Occurred()) {
        PyErr_NoMemory();
    }
    Py_XINCREF(result);
    PyMem_Free(chain);
    PyMem_Free(lines.starts);
    PyMem_Free(lines.index);
    Py_XDECREF(joined);
    return result;
}

/* Whether the line [start, end) holds more than `gap` characters other than white space
 * (str.isspace). */
static int
wide_line(int kind, const void *data, Py_ssize_t start, Py_ssize_t end, Py_ssize_t gap)
{
    if (end - start <= gap) {
        return 0;
    }
    Py_ssize_t solid = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        solid += !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i));
        if (solid > gap) {
            return 1;
        }
    }
    return 0;
}

/* gate_endings(document, chars, gap): whether a line ends with the last `chars`
 * characters of an earlier line with every line between them at most `gap` characters
 * other than white space (endings_python). The ending to compare is that of the last
 * line holding more (`last`, compared in the buffer) and those of the short lines after
 * it (`more`, a set of str made only when such a line is long enough to have an ending:
 * a line of white space). */
PyObject *
ctext_gate_endings(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "gate_endings(document, chars, gap)");
        return NULL;
    }
    PyObject *document = args[0];
    Py_ssize_t chars = PyLong_AsSsize_t(args[1]);
    Py_ssize_t gap = PyLong_AsSsize_t(args[2]);
    if ((chars == -1 || gap == -1) && PyErr_Occurred()) {
        return NULL;
    }
    if (chars <= 0) {
        PyErr_SetString(PyExc_ValueError, "gate_endings: chars must be positive");
        return NULL;
    }
    int kind = PyUnicode_KIND(document);
    const char *data = PyUnicode_DATA(document);
    Py_ssize_t n = PyUnicode_GET_LENGTH(document);
    size_t width = (size_t)chars * (size_t)kind;
    Py_ssize_t last = -1; /* where the wide line's ending starts, or -1 */
    PyObject *more = NULL;
    PyObject *result = Py_False;
    for (Py_ssize_t start = 0; start <= n; start++) {
        Py_ssize_t end = line_end(kind, data, start, n);
        Py_ssize_t ending = end - start >= chars ? end - chars : -1;
        PyObject *text = NULL; /* the ending as a str, where `more` needs it */
        if (ending >= 0) {
            if (last >= 0 && memcmp(data + last * kind, data + ending * kind, width) == 0) {
                result = Py_True;
                break;
            }
            if (more != NULL && PySet_GET_SIZE(more) > 0) {
                text = PyUnicode_Substring(document, ending, end);
                int in = text == NULL ? -1 : PySet_Contains(more, text);
                if (in != 0) {
                    Py_XDECREF(text);
                    result = in < 0 ? NULL : Py_True;
                    break;
                }
            }
        }
        if (wide_line(kind, data, start, end, gap)) {
            last = ending;
            if (more != NULL) {
                PySet_Clear(more);
            }
        }
        else if (ending >= 0) {
            if (more == NULL) {
                more = PySet_New(NULL);
            }
            if (text == NULL && more != NULL) {
                text = PyUnicode_Substring(document, ending, end);
            }
            if (more == NULL || text == NULL || PySet_Add(more, text) < 0) {
                Py_XDECREF(text);
                result = NULL;
                break;
            }
        }
        Py_XDECREF(text);
        start = end;
    }
    Py_XDECREF(more);
    Py_XINCREF(result);
    return result;
}
