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

/* Whether the line [start, end) holds a character that may be a decimal digit (gate.py's
 * _DIGIT): 0-9, or any at U+0660 (ARABIC-INDIC DIGIT ZERO) or above outside U+1E00-U+2BFF
 * (Vietnamese letters, punctuation, symbols: no digits there). Not Python's table: the
 * `regex` module's Unicode is newer and reads more characters as \d (U+10D40 ...). */
int
ctext_has_digit(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 0x660 ? c - '0' <= 9 : c < 0x1E00 || c > 0x2BFF) {
            return 1;
        }
    }
    return 0;
}

/* gate_lines(document, count, max_chars, step, digit, search): lines_python. Each line
 * of at most `max_chars` characters (with a digit, where `digit`) is cut out and handed
 * to `search(line, 0)`, the gate's pattern's search (line_fits); the lines found are
 * counted as gate.chained counts them. */
PyObject *
ctext_gate_lines(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 6 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError,
                        "gate_lines(document, count, max_chars, step, digit, search)");
        return NULL;
    }
    PyObject *document = args[0];
    Py_ssize_t count = PyLong_AsSsize_t(args[1]);
    Py_ssize_t max_chars = PyLong_AsSsize_t(args[2]);
    Py_ssize_t step = PyLong_AsSsize_t(args[3]);
    int digit = PyObject_IsTrue(args[4]);
    if (((count == -1 || max_chars == -1 || step == -1) && PyErr_Occurred()) || digit < 0) {
        return NULL;
    }
    int kind = PyUnicode_KIND(document);
    const void *data = PyUnicode_DATA(document);
    Py_ssize_t n = PyUnicode_GET_LENGTH(document);
    Py_ssize_t lines = 1;
    for (Py_ssize_t start = 0; (start = line_end(kind, data, start, n)) < n; start++) {
        lines++;
    }
    Py_ssize_t *chain = PyMem_Calloc((size_t)lines, sizeof(Py_ssize_t));
    if (chain == NULL) {
        return PyErr_NoMemory();
    }
    PyObject *result = Py_False;
    Py_ssize_t seen = 0, k = 0;
    for (Py_ssize_t start = 0; start <= n; start++, k++) {
        Py_ssize_t end = line_end(kind, data, start, n);
        if (end - start <= max_chars && (!digit || ctext_has_digit(kind, data, start, end))) {
            PyObject *line = PyUnicode_Substring(document, start, end);
            PyObject *call[2] = {line, NULL};
            call[1] = line == NULL ? NULL : PyLong_FromLong(0);
            int hit = call[1] == NULL ? -1 : 0;
            if (hit == 0) {
                PyObject *match = ctext_search(args[5], call[0], call[1]);
                hit = match == NULL ? -1 : match != Py_None;
                Py_XDECREF(match);
            }
            Py_XDECREF(call[1]);
            Py_XDECREF(line);
            if (hit < 0) {
                result = NULL;
                break;
            }
            if (hit) {
                seen++;
                chain[k] = step ? (k >= step ? chain[k - step] : 0) + 1 : seen;
                if (chain[k] >= count) {
                    result = Py_True;
                    break;
                }
            }
        }
        start = end;
    }
    PyMem_Free(chain);
    Py_XINCREF(result);
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

/* The characters other than white space (str.isspace) in [start, end). */
static Py_ssize_t
solid_in(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    Py_ssize_t solid = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        solid += !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i));
    }
    return solid;
}

/* gate.heads_fit for the lines [a, a_end) and [b, b_end) of one buffer: each holds at
 * most `head` characters other than white space before the longest ending they share. */
static int
heads_fit(int kind, const void *data, Py_ssize_t a, Py_ssize_t a_end, Py_ssize_t b,
          Py_ssize_t b_end, Py_ssize_t head)
{
    Py_ssize_t shared = 0, most = a_end - a < b_end - b ? a_end - a : b_end - b;
    while (shared < most && PyUnicode_READ(kind, data, a_end - 1 - shared) ==
                                PyUnicode_READ(kind, data, b_end - 1 - shared)) {
        shared++;
    }
    return solid_in(kind, data, a, a_end - shared) <= head &&
           solid_in(kind, data, b, b_end - shared) <= head;
}

/* Whether one of the lines starting at `starts` (a list of int, the earlier lines with
 * this line's ending) and this line [start, end) fit `head` (heads_fit): 1, 0, or -1
 * with an exception set. */
static int
fits_one(int kind, const void *data, Py_ssize_t n, PyObject *starts, Py_ssize_t start,
         Py_ssize_t end, Py_ssize_t head)
{
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(starts); i++) {
        Py_ssize_t at = PyLong_AsSsize_t(PyList_GET_ITEM(starts, i));
        if (at == -1 && PyErr_Occurred()) {
            return -1;
        }
        if (heads_fit(kind, data, at, line_end(kind, data, at, n), start, end, head)) {
            return 1;
        }
    }
    return 0;
}

/* gate_endings(document, chars, gap, head): whether a line ends with the last `chars`
 * characters of an earlier line with every line between them at most `gap` characters
 * other than white space, and, where `head` is not -1, the two fitting it (heads_fit)
 * (endings_python). The lines compared are the last line holding more (`last`, its
 * ending compared in the buffer) and the short lines after it (`more`, a dict from
 * their endings as str to the list of where they start, made only when such a line is
 * long enough to have an ending: a line of white space). */
PyObject *
ctext_gate_endings(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "gate_endings(document, chars, gap, head)");
        return NULL;
    }
    PyObject *document = args[0];
    Py_ssize_t chars = PyLong_AsSsize_t(args[1]);
    Py_ssize_t gap = PyLong_AsSsize_t(args[2]);
    Py_ssize_t head = PyLong_AsSsize_t(args[3]);
    if ((chars == -1 || gap == -1 || head == -1) && PyErr_Occurred()) {
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
    Py_ssize_t last = -1, last_start = 0, last_end = 0; /* the wide line's ending, line */
    PyObject *more = NULL;
    PyObject *result = Py_False;
    for (Py_ssize_t start = 0; start <= n; start++) {
        Py_ssize_t end = line_end(kind, data, start, n);
        Py_ssize_t ending = end - start >= chars ? end - chars : -1;
        PyObject *text = NULL; /* the ending as a str, where `more` needs it */
        if (ending >= 0) {
            if (last >= 0 && memcmp(data + last * kind, data + ending * kind, width) == 0 &&
                (head < 0 || heads_fit(kind, data, last_start, last_end, start, end, head))) {
                result = Py_True;
                break;
            }
            if (more != NULL && PyDict_GET_SIZE(more) > 0) {
                text = PyUnicode_Substring(document, ending, end);
                PyObject *starts = text == NULL ? NULL : PyDict_GetItemWithError(more, text);
                int in = starts != NULL ? (head < 0 ? 1
                                                    : fits_one(kind, data, n, starts, start,
                                                               end, head))
                                        : PyErr_Occurred() ? -1 : 0;
                if (in != 0) {
                    Py_XDECREF(text);
                    result = in < 0 ? NULL : Py_True;
                    break;
                }
            }
        }
        if (wide_line(kind, data, start, end, gap)) {
            last = ending;
            last_start = start;
            last_end = end;
            if (more != NULL) {
                PyDict_Clear(more);
            }
        }
        else if (ending >= 0) {
            if (more == NULL) {
                more = PyDict_New();
            }
            if (text == NULL && more != NULL) {
                text = PyUnicode_Substring(document, ending, end);
            }
            PyObject *starts = text == NULL ? NULL : PyDict_GetItemWithError(more, text);
            PyObject *at = starts == NULL && PyErr_Occurred() ? NULL : PyLong_FromSsize_t(start);
            int added = -1;
            if (at != NULL && starts != NULL) {
                added = PyList_Append(starts, at);
            }
            else if (at != NULL) {
                PyObject *fresh = PyList_New(1);
                if (fresh != NULL) {
                    PyList_SET_ITEM(fresh, 0, Py_NewRef(at));
                    added = PyDict_SetItem(more, text, fresh);
                    Py_DECREF(fresh);
                }
            }
            Py_XDECREF(at);
            if (added < 0) {
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
