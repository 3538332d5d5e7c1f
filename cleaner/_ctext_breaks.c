/* cleaner._ctext: what normalize.normalize_breaks looks for in a whole text, in one pass.
 *
 * break_marks(text) is bit 1 where the text holds a character of normalize._ANY_BREAK
 * (\r, U+0085, U+2028, U+2029: a line ending to rewrite) and bit 2 where it holds one of
 * normalize._REMOVABLE (a control but \t \n \r, U+007F, a zero-width character or the
 * soft hyphen, a surrogate). The two `re` searches it replaces scan about 4 ns a
 * character and find nothing in most texts (20 µs each over a corpus page's naive text);
 * this reads the code points once. Bit 4 is set where every character is in
 * normalize.NFC_STABLE_RANGES: such a text is NFC (and stays NFC when characters are
 * removed or replaced by a space), so normalize_breaks need not ask unicodedata (about
 * 1 ns a character of a Vietnamese text). tests/test_native_breaks.py compares the three
 * with the classes and the ranges on every code point.
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

/* Whether a code point is in normalize.NFC_STABLE_RANGES (U+0000-U+02FF, U+1E00-U+1EFF,
 * U+2010-U+2027, U+2030-U+205E), without a branch. */
static inline unsigned
nfc_stable(unsigned c)
{
    return (c <= 0x2FFu) | (c - 0x1E00u < 0x100u) | (c - 0x2010u < 0x18u) |
           (c - 0x2030u < 0x2Fu);
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
    unsigned unstable = 0; /* a character outside NFC_STABLE_RANGES seen (none in one byte) */
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
        while (i < n && (marks != 3 || !unstable)) {
            unsigned odd = 0;
            Py_ssize_t stop = i + 64 < n ? i + 64 : n;
            for (Py_ssize_t j = i; j < stop; j++) {
                unsigned c = chars[j];
                odd |= ((c - 0x20u >= 0x5Fu) & (c - 0xAEu >= 0x1F5Du) & (c != 0x0Au) &
                        (c != 0x09u));
                unstable |= nfc_stable(c) ^ 1u;
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
        for (Py_ssize_t i = 0; i < n && (marks != 3 || !unstable); i++) {
            marks |= break_mark(chars[i]);
            unstable |= nfc_stable(chars[i]) ^ 1u;
        }
    }
    return PyLong_FromLong(marks | (unstable ? 0 : 4));
}
