/* cleaner._ctext: what normalize.normalize_breaks looks for in a whole text, in one pass.
 *
 * break_marks(text) is bit 1 where the text holds a character of normalize._ANY_BREAK
 * (\r, U+0085, U+2028, U+2029: a line ending to rewrite) and bit 2 where it holds one of
 * normalize._REMOVABLE (a control but \t \n \r, U+007F, a zero-width character or the
 * soft hyphen, a surrogate). The two `re` searches it replaces scan about 4 ns a
 * character and find nothing in most texts (20 µs each over a corpus page's naive text);
 * this reads the code points once. tests/test_native_breaks.py compares it with the two
 * classes on every code point.
 */
#include "_ctext.h"

/* The marks of one code point. */
static inline int
break_mark(Py_UCS4 c)
{
    if (c < 0x20) {
        return c == '\r' ? 1 : (c == '\t' || c == '\n') ? 0 : 2;
    }
    if (c < 0x7F) {
        return 0;
    }
    if (c == 0x7F || c == 0xAD) {
        return 2;
    }
    if (c == 0x85) {
        return 1;
    }
    if (c < 0x200B) {
        return 0;
    }
    if (c <= 0x200D || c == 0x2060 || c == 0xFEFF || (c >= 0xD800 && c <= 0xDFFF)) {
        return 2;
    }
    return c == 0x2028 || c == 0x2029 ? 1 : 0;
}

PyObject *
ctext_break_marks(PyObject *module, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "break_marks(text): text must be a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int marks = 0;
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *chars = data;
        for (Py_ssize_t i = 0; i < n && marks != 3; i++) {
            if (chars[i] < 0x20 || chars[i] >= 0x7F) {
                marks |= break_mark(chars[i]);
            }
        }
    }
    else if (kind == PyUnicode_2BYTE_KIND) {
        const Py_UCS2 *chars = data;
        /* Printable ASCII, the tab, the line feed and U+00AE-U+200A (Latin, Vietnamese
         * letters) hold none: a run of 64 such characters is passed over with one test
         * (no branch a character), the rest asked one by one. */
        Py_ssize_t i = 0;
        while (i < n && marks != 3) {
            unsigned odd = 0;
            Py_ssize_t stop = i + 64 < n ? i + 64 : n;
            for (Py_ssize_t j = i; j < stop; j++) {
                unsigned c = chars[j];
                odd |= ((c - 0x20u >= 0x5Fu) & (c - 0xAEu >= 0x1F5Du) & (c != 0x0Au) &
                        (c != 0x09u));
            }
            for (Py_ssize_t j = i; odd && j < stop; j++) {
                Py_UCS2 c = chars[j];
                if ((c < 0x20 || c >= 0x7F) && (c < 0xAE || c >= 0x200B)) {
                    marks |= break_mark(c);
                }
            }
            i = stop;
        }
    }
    else {
        const Py_UCS4 *chars = data;
        for (Py_ssize_t i = 0; i < n && marks != 3; i++) {
            marks |= break_mark(chars[i]);
        }
    }
    return PyLong_FromLong(marks);
}
