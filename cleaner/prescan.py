"""What a page may hold before it is parsed: element count, nesting depth, attributes and
tag names, each checked in a scan that costs less than the parse it saves.

Lexbor (the HTML parser) is fast on real pages but not on every page. Measured here:
its time grows with the square of the nesting depth (100,000 levels: 10 s), of the
attributes of one element (60,000: 5 s) and of the number of distinct tag names (80,000:
12 s); its memory with the element count (20 MB of ``<br>``: 1.7 GB). Each of those is
refused with a :class:`LimitExceeded` before the parser sees the page.

The scans read the page as the parser would in the ways that matter: comments and the text
of ``<script>``, ``<style>`` and the other raw-text elements hold no elements (a script
full of ``"<div class=row>"`` strings is no deep page), and an attribute value in quotes
may hold ``>``. Ordinary pages pay one read of the page for its ``<`` and its long runs
(:func:`marks`, in C where the compiled module is built) and one search: the full scan
runs only on pages with many ``<``, or with a tag that really has too many attributes to
count without it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import islice
from operator import itemgetter

from . import native
from .errors import LimitExceeded

MAX_ELEMENTS = 200_000
"""Most elements (start tags) a page may have. Real pages have 1,000-20,000; 20 MB of
``<br>`` (5 million elements) took 1.7 GB."""
MAX_DEPTH = 5_000
"""Deepest nesting of elements a page may have (real pages: under 100)."""
MAX_ATTRIBUTES = 1_000
"""Most attributes one element may have (real pages: under 50)."""
MAX_TAG_NAMES = 5_000
"""Most distinct tag names a page may use (real pages: under 100; HTML has 110)."""
SCAN_TAGS = 20_000
"""Pages with fewer ``<`` than this are not scanned for tag names (nor for depth, below
``SCAN_OPENING``): they cannot have MAX_ELEMENTS elements, and names within that many tags
parse in under 0.01 s."""
SCAN_OPENING = 2 * MAX_DEPTH
"""...but one with more opening ``<`` (not before ``/``) than this is scanned for depth.
Lexbor's start tags look down the open elements (a ``<p>`` in button scope), so ``N``
unclosed ``<div>`` parse in time ``N²``: 10,000 in 0.12 s, 19,990 in 0.47 s (measured on
2026-12-01; up to then such a page, under SCAN_TAGS, was parsed unchecked). No corpus page
(27 Vietnamese, 711 WCXB) has 10,000 ``<``."""

# The scans use ``re``, not ``regex``: the same matches on these ASCII patterns, and
# ``regex`` raises MemoryError on a tag with about two million attributes (the repeated
# attribute group), where ``re`` reads it in 0.06 s.
_RAW_TEXT = "script|style|textarea|title|xmp|iframe|noembed|noframes"
_SEP = r"[\t\n\f\r /]"
# One attribute as the HTML tokenizer reads it: a name (any characters but whitespace,
# "/", ">" and "="), then optionally "=" and a value, quoted or not.
_ATTR = (
    r"""(?:[^\t\n\f\r />][^\t\n\f\r />=]*+"""
    r"""(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:"[^"]*+"?|'[^']*+'?|[^\t\n\f\r >]*+))?+)"""
)
# What holds no elements: a comment, or a raw-text element with its text (group 1: its name).
_SKIP = (
    rf"""<!--.*?(?:-->|\Z)"""
    rf"""|<((?i:{_RAW_TEXT}))(?=[\t\n\f\r />])(?:{_SEP}*+{_ATTR})*+{_SEP}*+>?"""
    rf""".*?(?:</(?i:\1)[\t\n\f\r /]*+>|\Z)"""
)
# Tokens in document order: what _SKIP reads, or a tag (groups 2-4: "/", name,
# attributes). Everything else is skipped.
_TOKEN = re.compile(
    rf"""{_SKIP}|<(/?)([A-Za-z][^\t\n\f\r />]*+)((?:{_SEP}*+{_ATTR})*+){_SEP}*+>?""",
    re.DOTALL,
)
_ATTR_RE = re.compile(_ATTR)
_SKIPPED = re.compile(_SKIP, re.DOTALL)
"""Comments, and raw-text elements with their text."""
# A tag start followed by 2 * MAX_ATTRIBUTES characters with no "<" or no ">" (either can
# sit inside an attribute, not both without quotes and spaces): the only pages whose
# attributes are counted one by one.
_LONG_TAG = re.compile(rf"<[A-Za-z](?:[^<]{{{2 * MAX_ATTRIBUTES}}}|[^>]{{{2 * MAX_ATTRIBUTES}}})")
"""(``re``, not ``regex``: same matches, four times faster on these plain counted classes.)"""
_NOT_NESTING = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody",
    "tfoot",
})  # fmt: skip
"""Void elements, and elements a parser closes by itself when the next one opens."""


_TAG = re.compile(rf"""<[A-Za-z][^\t\n\f\r />]*+((?:{_SEP}*+{_ATTR})*+)""")
"""A tag read from where it starts, as ``_TOKEN`` reads one (group 1: its attributes)."""


def check_page(html: str) -> None:
    """Raise :class:`LimitExceeded` when parsing ``html`` would be slow or huge."""
    tags, stretches = marks(html, 2 * MAX_ATTRIBUTES)
    if tags >= SCAN_TAGS or (tags > SCAN_OPENING and tags - html.count("</") > SCAN_OPENING):
        _scan(html, tags)
    elif (first := _long_run(html, spans := _joined(stretches), 0)) is not None:
        # Only a "<" not before "/" can open an element: with at most MAX_DEPTH of them,
        # depth and distinct names cannot be over their limits, only attributes can.
        opening = tags if tags <= MAX_DEPTH else tags - html.count("</")
        if opening > MAX_DEPTH or _many_attributes(html, first, spans):
            _scan(html, tags)


def _many_attributes(
    html: str, first: re.Match[str] | None = None, spans: list[tuple[int, int]] | None = None
) -> bool:
    """Whether a tag that runs ``2 * MAX_ATTRIBUTES`` characters without ``<`` or without
    ``>`` has more than ``MAX_ATTRIBUTES`` attributes, read from where it starts.

    The full scan is what decides, reading comments and scripts as the parser does; on
    pages with at most ``MAX_DEPTH`` opening ``<`` only attributes can be over a limit
    (depth and distinct names cannot exceed the number of start tags), and most pages have
    a long run (a script, an SVG path, a long paragraph) but no tag with thousands of
    attributes: they skip the scan, 2.5-6 ms a page (two thirds of pages, measured on the
    corpus and WCXB). ``first`` is the first long run and ``spans`` the page's
    :func:`_clear_spans` when the caller already has them (not worked out twice).
    """
    spans = _clear_spans(html) if spans is None else spans
    long_run = first if first is not None else _long_run(html, spans, 0)
    while long_run is not None:
        tag = _TAG.match(html, long_run.start())
        attrs = tag.group(1) if tag is not None else ""
        if len(attrs) >= 2 * MAX_ATTRIBUTES and _ATTR_RE.subn("", attrs)[1] > MAX_ATTRIBUTES:
            return True
        # Past this run and the tag read from it: each character is read once.
        pos = max(long_run.end(), tag.end() if tag is not None else 0)
        long_run = _long_run(html, spans, pos)
    return False


def marks_python(html: str, size: int) -> tuple[int, list[tuple[int, int]]]:
    """The number of ``<`` in ``html``, and its stretches of ``size`` or more characters
    without ``<``, then those without ``>`` (each in page order): from two characters
    before the stretch (the ``<`` and the letter of a tag whose attributes it may be) to
    its end, the first character after it or the page's end. The reference of
    :func:`marks_native`.

    Found with one ``rfind`` per window: the window ending ``size`` characters on holds
    the character (the usual case) or starts a stretch; either way the search goes on
    past what it read, so each character is read about once.
    """
    end = len(html)
    stretches: list[tuple[int, int]] = []
    for char in "<>":
        start = 0
        while start + size <= end:
            last = html.rfind(char, start, start + size)
            if last >= 0:
                start = last + 1
                continue
            stop = html.find(char, start + size)
            stop = end if stop < 0 else stop
            stretches.append((max(start - 2, 0), stop))
            start = stop + 1
    return html.count("<"), stretches


def marks_native(html: str, size: int) -> tuple[int, list[tuple[int, int]]]:
    """``marks_python(html, size)``, in one pass in C (``_ctext_marks.c``): the page read
    once for both characters instead of three times (0.06 against 0.02 ms a vi page)."""
    return native.compiled.marks(html, size)


marks = marks_native if native.ENABLED else marks_python


def _joined(stretches: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans :func:`_long_run` searches: ``stretches`` (:func:`marks`) in page order,
    overlapping and touching ones joined."""
    spans: list[tuple[int, int]] = []
    for lo, hi in sorted(stretches):
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], hi))
        else:
            spans.append((lo, hi))
    return spans


def _clear_spans(html: str) -> list[tuple[int, int]]:
    """Where ``_LONG_TAG`` can match: for every stretch of ``2 * MAX_ATTRIBUTES`` or more
    characters without ``<`` (or without ``>``), from two characters before it (the
    ``<`` and the letter) to its end, overlapping ones joined, in page order. A match's
    counted run lies in such a stretch, so the match lies in its span."""
    return _joined(marks(html, 2 * MAX_ATTRIBUTES)[1])


def _long_run(html: str, spans: list[tuple[int, int]], pos: int) -> re.Match[str] | None:
    """``_LONG_TAG.search(html, pos)``, searched only inside ``spans`` (the page's
    :func:`_clear_spans`): the same match, without reading the rest of the page."""
    length = 2 * MAX_ATTRIBUTES + 2  # "<", a letter and the run
    # Spans are apart and in order: the first that can end a match at or after pos, on.
    for lo, hi in islice(spans, bisect_left(spans, pos + length, key=itemgetter(1)), None):
        # The search starts at the span's first "<" (found by str.find, faster than the
        # regex engine's own look for it: a script's text holds none).
        start = html.find("<", max(lo, pos), hi - length + 1)
        if start >= 0 and (found := _LONG_TAG.search(html, start, hi)) is not None:
            return found
    return None


def _scan(html: str, tags: int) -> None:
    if tags > MAX_ELEMENTS:
        # Counted with str.count first: the per-tag loop below would itself be slow on
        # 20 million tags. "<" not before a letter, and tags in comments and scripts, are
        # taken out only when the first count is over the limit.
        elements = _starts(html)
        if elements > MAX_ELEMENTS:
            elements = _starts(_SKIPPED.sub(_keep_raw_start, html))
        if elements > MAX_ELEMENTS:
            raise LimitExceeded(
                "page", limit="MAX_ELEMENTS", maximum=MAX_ELEMENTS, actual=elements,
                unit="elements",
            )  # fmt: skip
    depth = deepest = 0
    names: set[str] = set()
    for match in _TOKEN.finditer(html):
        closing, name, attrs = match.group(2, 3, 4)
        if name is None:
            continue  # a comment or a raw-text element: nothing nests inside
        name = name.lower()
        names.add(name)
        if attrs and len(attrs) >= 2 * MAX_ATTRIBUTES:
            count = _ATTR_RE.subn("", attrs)[1]
            if count > MAX_ATTRIBUTES:
                raise LimitExceeded(
                    f"element <{name[:40]}>", limit="MAX_ATTRIBUTES", maximum=MAX_ATTRIBUTES,
                    actual=count, unit="attributes",
                )  # fmt: skip
        if name in _NOT_NESTING or match.group(0).endswith("/>"):
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise LimitExceeded(
            "page", limit="MAX_DEPTH", maximum=MAX_DEPTH, actual=deepest,
            unit="levels of nested elements",
        )  # fmt: skip
    if len(names) > MAX_TAG_NAMES:
        raise LimitExceeded(
            "page", limit="MAX_TAG_NAMES", maximum=MAX_TAG_NAMES, actual=len(names),
            unit="distinct tag names",
        )  # fmt: skip


def _starts(html: str) -> int:
    """``<`` that can open an element: all but ``</``, ``<!``, ``<?`` and ``<`` + space."""
    return html.count("<") - sum(html.count(f"<{c}") for c in "/!? \n\t")


def _keep_raw_start(match: re.Match[str]) -> str:
    return "<r>" if match.group(1) else ""  # a raw-text element is one element
