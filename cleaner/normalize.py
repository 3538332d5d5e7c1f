"""Text normalisation: the only change the cleaner ever makes to a block's text.

NFC, one kind of line ending, no zero-width characters, every Unicode space as a plain
space, runs of spaces collapsed, HTML entities unescaped.
"""

from __future__ import annotations

import re
import unicodedata

from . import native
from .entities import unescape_fixpoint

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_CONTROLS = "".join(chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F))
FINISH_CHANGES = "&" + _ZERO_WIDTH + _CONTROLS
"""The characters (with the surrogates) that make ``normalize_line`` more than NFC and
``" ".join(text.split())``: an entity's ``&``, the zero-width characters and the controls
it removes or replaces. The compiled walk collapses a line holding none of them itself
(``_cdom_lines.c``)."""
NFC_STABLE_RANGES = ((0x0000, 0x02FF), (0x1E00, 0x1EFF), (0x2010, 0x2027), (0x2030, 0x205E))
"""Runs of code points NFC leaves as they are wherever they stand: each is a starter
(combining class 0) that is its own NFC, and neither it nor the first character of its
decomposition is the second character of a canonical composition. A text of these alone
is NFC without asking ``unicodedata`` (the compiled walk's collapse; the Latin letters
Vietnamese is written in are U+1E00-U+1EFF; tests/test_cdom_walk.py checks every one)."""
_ZERO_WIDTH_RE = re.compile(f"[{_ZERO_WIDTH}]")
_CONTROLS_RE = re.compile(f"[{re.escape(_CONTROLS)}]")
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029\x85]")
_ANY_BREAK = re.compile("[\r\u2028\u2029\x85]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_REMOVABLE = re.compile(f"[\ud800-\udfff{_ZERO_WIDTH}{re.escape(_CONTROLS)}]")
"""Any character the three substitutions below change: one search finds that most texts
have none (0.04 against 0.15 ms for the three passes over a Vietnamese page's text)."""
# ``re``'s \s is str.isspace(), the set str.split() splits on.
_INLINE_SPACES = re.compile(r"[^\S\n]+")
_LINE_EDGE_SPACE = re.compile("^ | $", re.MULTILINE)


def normalize_line(text: str) -> str:
    """Normalise one block's text (no newlines survive)."""
    return collapse_spaces(_finish(text))


def normalize_text(text: str) -> str:
    """Normalise a whole document, keeping its line structure."""
    return normalize_spaces(normalize_breaks(text))


def normalize_breaks_python(text: str) -> str:
    """Everything ``normalize_text`` does but the spaces: line endings, entities, control
    and zero-width characters, NFC."""
    if _ANY_BREAK.search(text):  # a class scans faster than the alternation finds nothing
        text = _LINE_BREAKS.sub("\n", text)
    return _finish(text)


def normalize_breaks_native(text: str) -> str:
    """:func:`normalize_breaks_python`, with its two searches over the whole text
    (``_ANY_BREAK`` and ``_REMOVABLE``, about 20 µs each over a corpus page's naive text,
    finding nothing in most) made in one pass by ``_ctext.break_marks`` (about 3 µs). The
    line endings rewritten are no removable character and leave none, so the second mark
    holds after the rewrite; unescaping entities may make one, so it holds only where
    ``unescape_fixpoint`` left the text as it was (``_finish``); so does the third mark,
    every character in ``NFC_STABLE_RANGES`` (the line endings become ``"\\n"``, in them),
    with which NFC needs no ``unicodedata.is_normalized`` (about 6 µs of a dantri page's
    text, which holds none of its decomposed forms)."""
    assert _BREAK_MARKS is not None
    marks = _BREAK_MARKS(text)
    if marks & 1:
        text = _LINE_BREAKS.sub("\n", text)
    return _finish(text, removable=bool(marks & 2), stable=bool(marks & 4))


def normalize_spaces(text: str) -> str:
    """The spaces of a whole text whose breaks are normalised, lines kept."""
    # Whole-text substitutions, not a list of lines: 64 MB of short lines would otherwise
    # hold millions of strings at once.
    return _LINE_EDGE_SPACE.sub("", _INLINE_SPACES.sub(" ", text))


def collapse_spaces(line: str) -> str:
    """``normalize_spaces`` of one line: ``re``'s ``\\s`` and ``str.split()`` are the same
    set (``str.isspace``), so runs become one space and the ends go. Twice as fast as the
    two substitutions over the whole text (190 against 400 µs a corpus page's text)."""
    # The only white space a printable text can hold is " " (every other white space
    # character is a control or a separator: checked for every code point), so a line
    # whose inside is printable with no double space is collapsed once its edges are
    # stripped: no split into words (0.19 against 0.64 µs a seed or corpus text line).
    # Most lines: printable already, or printable inside an indentation and a line break.
    inner = line.strip()
    if inner.isprintable() and "  " not in inner:
        return inner
    return " ".join(line.split())


def _finish(text: str, removable: bool | None = None, stable: bool = False) -> str:
    """``removable``: whether ``text`` holds a character of ``_REMOVABLE``, where the
    caller knows (else searched). ``stable``: every character of ``text`` is in
    ``NFC_STABLE_RANGES`` (the caller found it so), so ``text`` is NFC, and stays NFC when
    the substitutions below remove characters or put a space in their place."""
    # Unescape to a fixpoint, so that cleaning cleaned text changes nothing ("&amp;lt;").
    unescaped = unescape_fixpoint(text)
    if unescaped is not text:
        removable = None  # an entity may have been a removable character
        stable = False  # or one outside the ranges
    text = unescaped
    # Every character the substitutions change is a control, format or surrogate code
    # point, none printable: a printable text (most lines) needs no search.
    if not text.isprintable() and (
        _REMOVABLE.search(text) is not None if removable is None else removable
    ):
        # A str may hold surrogate code points (json.loads("\"\\ud800\"") does): they are
        # no text and cannot be written as UTF-8. The HTML parser replaces them; so does this.
        text = _SURROGATES.sub("\ufffd", text)
        # (str.translate with a dict table was measured: 0.25 ms on an 8 kB page, 50x this.)
        text = _CONTROLS_RE.sub(" ", _ZERO_WIDTH_RE.sub("", text))
    # NFC last: unescaping and cp1258's combining marks both need it.
    if not stable and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


_BREAK_MARKS = native.compiled.break_marks if native.compiled is not None else None
normalize_breaks = normalize_breaks_native if native.ENABLED else normalize_breaks_python
"""Everything ``normalize_text`` does but the spaces: line endings, entities, control and
zero-width characters, NFC (the compiled scan where it is in use)."""
