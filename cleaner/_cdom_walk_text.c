/* cleaner._cdom: the compiled HTML walk's work on a text's characters (UTF-8, as Lexbor
 * holds them): the visible characters a link, bold or italic text adds to its line, and
 * the collapse of a line that normalize_line would only collapse. See _cdom_walk.c. */
#include "_cdom_walk.h"

/* The character of 2 to 4 bytes that starts at s[i] (its lead byte `c` is 0x80 or more),
 * checked as strict UTF-8 (shortest form, at most U+10FFFF; a surrogate is returned, the
 * callers decide): its code point into *out and its size in bytes, or 0 where the bytes are
 * not such a character. */
static size_t
utf8_wide(const cdom_char *s, size_t n, size_t i, Py_UCS4 *out)
{
    Py_UCS4 c = s[i];
    size_t need;
    Py_UCS4 least;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1, least = 0x80, c &= 0x1F;
    }
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 2, least = 0x800, c &= 0x0F;
    }
    else if (c >= 0xF0 && c <= 0xF4) {
        need = 3, least = 0x10000, c &= 0x07;
    }
    else {
        return 0;
    }
    if (n - i <= need) {
        return 0;
    }
    for (size_t k = 1; k <= need; k++) {
        if ((s[i + k] & 0xC0) != 0x80) {
            return 0;
        }
        c = (c << 6) | (s[i + k] & 0x3F);
    }
    if (c < least || c > 0x10FFFF) {
        return 0;
    }
    *out = c;
    return need + 1;
}

/* sum(map(len, text.split())): the characters that are not white space (str.isspace), of
 * well-formed UTF-8; -2 where it is not (the caller decodes it as Python would). */
static Py_ssize_t
visible_utf8(const cdom_char *s, size_t n)
{
    Py_ssize_t count = 0;
    size_t i = 0;
    while (i < n) {
        Py_UCS4 c = s[i];
        if (c < 0x80) {
            count += !Py_UNICODE_ISSPACE(c);
            i++;
            continue;
        }
        size_t size = utf8_wide(s, n, i, &c);
        if (size == 0 || (c >= 0xD800 && c <= 0xDFFF)) {
            return -2;
        }
        count += !Py_UNICODE_ISSPACE(c);
        i += size;
    }
    return count;
}

Py_ssize_t
walk_visible(const cdom_char *s, size_t n)
{
    Py_ssize_t count = visible_utf8(s, n);
    if (count != -2) {
        return count;
    }
    PyObject *text = cdom_decode(s, n);
    if (text == NULL) {
        return -1;
    }
    count = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0, len = PyUnicode_GET_LENGTH(text); i < len; i++) {
        count += !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i));
    }
    Py_DECREF(text);
    return count;
}

/* normalize_line of the UTF-8 text s where that is " ".join(text.split()), written to out
 * (n bytes at least) and made a str; else NULL, with no error set unless is_nfc failed:
 * the caller asks normalize_line. It is that where the text holds no character of
 * normalize.FINISH_CHANGES and no surrogate (so _finish does nothing but NFC) and the
 * collapsed text is NFC: each of its characters in normalize.NFC_STABLE_RANGES, or
 * is_nfc says so. (NFC of the collapsed text answers for the text's own: every white
 * space character is a starter that no canonical composition takes, and no canonical
 * decomposition holds white space, so NFC works word by word; U+2000 and U+2001, which
 * NFC maps to other spaces, collapse to " " either way.) Text that is not well-formed
 * UTF-8 is declined. */
PyObject *
walk_collapse(const WalkTables *t, const cdom_char *s, size_t n, char *out)
{
    size_t at = 0, i = 0;
    bool space = false, composable = false;
    while (i < n) {
        Py_UCS4 c = s[i];
        size_t size = 1;
        if (c >= 0x80) { /* a character of 2 to 4 bytes: decoded, checked */
            size = utf8_wide(s, n, i, &c);
            if (size == 0) {
                return NULL;
            }
        }
        unsigned bits = c < 0x10000 ? t->bmp[c] : 0;
        for (size_t k = 0; c >= 0x10000 && k < t->n_changes_astral; k++) {
            bits |= c == t->changes_astral[k] ? CHAR_CHANGES : 0;
        }
        if (bits & CHAR_CHANGES) {
            return NULL;
        }
        if (bits & CHAR_SPACE) {
            space = true;
            i += size;
            continue;
        }
        if (space && at > 0) {
            out[at++] = ' ';
        }
        space = false;
        composable |= !(bits & CHAR_NFC_STABLE);
        for (size_t k = 0; k < size; k++) {
            out[at++] = (char)s[i++];
        }
    }
    PyObject *text = PyUnicode_DecodeUTF8(out, (Py_ssize_t)at, NULL);
    if (text == NULL || !composable) {
        return text;
    }
    PyObject *nfc = PyObject_CallOneArg(t->is_nfc, text);
    bool yes = nfc == Py_True;
    Py_XDECREF(nfc);
    if (!yes) {
        Py_CLEAR(text);
    }
    return text;
}

