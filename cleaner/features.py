"""The heuristic scorer: per-block features, each worth a named number of points.

A block's score is the sum of its features' points. Positive means "reads like article
prose", negative "reads like chrome". The points and limits are fields of
:class:`~cleaner.thresholds.Thresholds`; ``docs/algorithm.md`` explains every one.
The lexical shapes the features look for (caption credits, bylines, dates…) are data in
``data/shapes.toml``. Lengths are in words, counted by ``language.measure`` in any script
(letters stand for words where a script has no spaces), and the stopword share uses the
document's stoplist (``language.detect``).
"""

from __future__ import annotations

import importlib.resources
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import regex

from . import language, native, units
from .language import Reading, Stoplist
from .model import Feature, Segment
from .thresholds import Thresholds

if TYPE_CHECKING:
    from . import _ctext

HEADING_TAGS = frozenset({"h2", "h3", "h4"})
PARAGRAPH_TAGS = frozenset({"p", "div"})

END_SHAPE_CHARS = 64
"""The ellipsis and terminal shapes are anchored at the end of a block: only its last this
many characters are searched (on a 20,000-dot run the ellipsis shape backtracked for 10 s)."""

_UPPER = regex.compile(r"\p{Lu}")
_LETTER = regex.compile(r"\p{L}")
_DIGIT = regex.compile(r"\d")
_NOT_UPPER = regex.compile(r"\P{Lu}+")
_NOT_LETTER = regex.compile(r"\P{L}+")
_NOT_DIGIT = regex.compile(r"\D+")
"""The three classes' complements, in runs: removing them leaves the class's characters,
one match a gap instead of one a character (``char_counts``)."""
_ASCII_UPPER, _ASCII_LETTER, _ASCII_DIGIT = (
    bytes(c for c in range(128) if p.match(chr(c))) for p in (_UPPER, _LETTER, _DIGIT)
)
"""The ASCII characters each class matches (read from the classes themselves)."""


@dataclass(frozen=True, slots=True)
class Shapes:
    """Compiled lexical shapes from ``data/shapes.toml``."""

    caption: regex.Pattern[str]
    caption_needs: tuple[str, ...]
    """Strings one of which every caption match holds (``needs`` in the data): a block
    with none of them is not searched."""
    byline: regex.Pattern[str]
    byline_max_separators: int | None
    """A ``byline`` match holds at most this many spaces and hyphens (``max_separators``
    in the data; ``None``: no bound known): the compiled scorer does not try a block
    with more. (Only the C reads these two: the Python twin is the plain definition.)"""
    date: regex.Pattern[str]
    date_needs_digit: bool
    """Every date match holds a ``\\d`` (``needs_digit`` in the data): a block with no
    digit is not searched."""
    terminal: regex.Pattern[str]
    ellipsis: regex.Pattern[str]
    ellipsis_needs: tuple[str, ...]
    """Strings one of which every ellipsis match holds (``needs`` in the data): the
    compiled scorer does not search a block end with none of them (the C alone reads it)."""
    ends_alnum: bool
    """A match of ``terminal`` or ``ellipsis`` may end in a letter or digit
    (``ends_alnum`` in the data): when neither's does, a block ending in one (45% of a
    WCXB page's scored blocks) is searched with neither."""
    time_prefix: regex.Pattern[str]
    time_starts_digit: bool
    """Every ``time_prefix`` match starts with a ``\\d`` (``starts_digit`` in the data):
    the compiled scorer does not try a block whose first character cannot be one."""
    continuation: regex.Pattern[str]
    attribution_label: regex.Pattern[str]
    headline_max_chars: int
    headline_min_words: int
    headline_not_final: tuple[str, ...]
    closers: str


@cache
def shapes() -> Shapes:
    raw = tomllib.loads(
        (importlib.resources.files("cleaner") / "data" / "shapes.toml").read_text("utf-8")
    )
    return Shapes(
        caption=regex.compile(raw["caption"]["pattern"]),
        caption_needs=tuple(raw["caption"].get("needs", ())),
        byline=regex.compile(raw["byline"]["pattern"]),
        byline_max_separators=raw["byline"].get("max_separators"),
        date=regex.compile(raw["date"]["pattern"], regex.IGNORECASE),
        date_needs_digit=bool(raw["date"].get("needs_digit", False)),
        terminal=regex.compile(raw["terminal"]["pattern"]),
        ellipsis=regex.compile(raw["ellipsis"]["pattern"]),
        ellipsis_needs=tuple(raw["ellipsis"].get("needs", ())),
        ends_alnum=bool(raw["terminal"]["ends_alnum"] or raw["ellipsis"]["ends_alnum"]),
        time_prefix=regex.compile(raw["time_prefix"]["pattern"]),
        time_starts_digit=bool(raw["time_prefix"].get("starts_digit", False)),
        continuation=regex.compile(raw["continuation"]["pattern"]),
        attribution_label=regex.compile(raw["attribution_label"]["pattern"]),
        headline_max_chars=int(raw["headline"]["max_chars"]),
        headline_min_words=int(raw["headline"]["min_words"]),
        headline_not_final=tuple(raw["headline"]["not_final"]),
        closers=str(raw["headline"]["closers"]),
    )


def has_caption(text: str) -> bool:
    """The caption shape occurs in ``text`` (searched only when a string it needs does)."""
    shape = shapes()
    needs = shape.caption_needs
    if needs and not any(map(text.__contains__, needs)):
        return False
    return shape.caption.search(text) is not None


def words(text: str) -> float:
    """Length of ``text`` in words (word-equivalents where the script has no spaces)."""
    return units.word_count(text)


def char_counts_python(text: str) -> tuple[int, int, int]:
    """How many of ``text``'s characters are letters (``\\p{L}``), capitals (``\\p{Lu}``)
    and digits (``\\d``), counted in C: an ASCII text's bytes with the class's bytes
    deleted (``bytes.translate``, 0.3 against 2.5 µs a WCXB block for the three), any
    other text by removing the runs of the complement (one match a gap, not one a
    character: 0.8 against 1.2-1.8 µs for the letters). Capitals are letters, so they are
    counted among the letters alone. No list of matches is made (a 20-million-letter
    word made 20 million one-letter strings: 1.8 GB). ``tests/test_fast_features.py``
    holds it to counting the classes' matches."""
    if text.isascii():
        raw = text.encode("ascii")
        n = len(raw)
        return (
            n - len(raw.translate(None, _ASCII_LETTER)),
            n - len(raw.translate(None, _ASCII_UPPER)),
            n - len(raw.translate(None, _ASCII_DIGIT)),
        )
    letters = _NOT_LETTER.sub("", text)
    return len(letters), len(_NOT_UPPER.sub("", letters)), len(_NOT_DIGIT.sub("", text))


def char_counts_native(text: str) -> tuple[int, int, int]:
    """``char_counts_python(text)``, counted in C (``native.py``)."""
    return native.tokenizer().char_counts(text)


char_counts = char_counts_native if native.ENABLED else char_counts_python


@lru_cache(maxsize=1024)
def feature(name: str, points: float) -> Feature:
    """``Feature(name, points)``, one object per pair (a Feature is immutable): a block's
    features are a few of about 20 names at the thresholds' points, built once."""
    return Feature(name, points)


def duplicates(segments: list[Segment], t: Thresholds) -> Counter[str]:
    """How often each block text occurs in the document; nothing counts as repeated when
    ``duplicate_max_share`` of the blocks or more repeat (the whole text printed twice:
    repetition then tells chrome from article no more)."""
    counts = Counter(s.text for s in segments)
    repeated = sum(1 for s in segments if counts[s.text] > 1)
    if segments and repeated >= t.duplicate_max_share * len(segments):
        return Counter()
    return counts


def score_python(
    segment: Segment,
    counts: Counter[str],
    t: Thresholds,
    stoplist: Stoplist | None,
    reading: Reading | None = None,
) -> tuple[float, list[Feature]]:
    """Score one block. Returns the points and the features that fired, with their points.
    ``stoplist`` is the document's (``language.detect``); ``None``: no stopword feature.
    ``reading``: the block's text already tokenised (``language.read``), if it was."""
    text = segment.text
    reading = reading or language.read(text)
    # The stopword density is read only for blocks of ``short_words`` or more: a shorter
    # one's is not measured (a reading with tokens has its words counted already; a text
    # read in chunks is measured as it is, its words counted there). A density over
    # ``stopword_high`` may be a lower bound: only the comparison below reads it.
    short = reading.tokens is not None and reading.words < t.short_words
    measured = language.measure(reading, None if short else stoplist, t.stopword_high)
    n = measured.words
    fired: list[Feature] = []
    add = fired.append
    # Each feature that fires is noted (one shared Feature per name and points); the points
    # are their sum, added in the order they fired.
    if n >= t.long_words:
        add(feature("long", t.long_points))
    elif n >= t.medium_words:
        add(feature("medium", t.medium_points))
    elif n < t.short_words:
        add(feature("short", t.short_points))
    shape = shapes()
    end = text[-END_SHAPE_CHARS:]
    searched = shape.ends_alnum or not end[-1:].isalnum()  # else neither end shape matches
    if searched and shape.ellipsis.search(end):
        add(feature("ellipsis", t.ellipsis_points))
    elif searched and shape.terminal.search(end):
        add(feature("terminal-punct", t.terminal_points))
    elif (
        t.unterminated_min_words <= n < t.unterminated_max_words
        and segment.in_body is not True  # in a container, headings are expected
        and not units.marks_no_sentence_end(text)  # Thai prose has no full stop
    ):
        add(feature("unterminated", t.unterminated_points))
    if shape.time_prefix.match(text):
        add(feature("time-prefix", t.time_prefix_points))
    density = measured.stopword_density
    if density is not None and n >= t.short_words:
        if density >= t.stopword_high:
            add(feature("stopwords-high", t.stopword_high_points))
        elif density < t.stopword_low and n >= t.stopword_low_min_words:
            add(feature("stopwords-low", t.stopword_low_points))
    if n >= t.duplicate_min_words and counts[text] > 1:
        add(feature("duplicate", t.duplicate_points))
    if n <= t.caption_max_words and has_caption(text):
        add(feature("caption-shape", t.caption_points))
    if shape.byline.fullmatch(text):
        add(feature("byline-shape", t.byline_points))
    # Shouting labels and number rows are short: a long block's characters are not counted.
    counted = char_counts(text) if n < t.long_words else None
    if (
        n <= t.date_max_words
        and (counted is None or counted[2] or not shape.date_needs_digit)
        and shape.date.search(text)
    ):
        add(feature("date-shape", t.date_points))
    if counted is not None:
        letters, upper, digits = counted
        if letters >= t.upper_min_letters and upper / letters > t.upper_share:
            add(feature("upper-case", t.upper_points))
        if text and digits / len(text) > t.digit_share:
            add(feature("digits", t.digit_points))
    if segment.tag:
        if segment.link_density >= t.link_high:
            add(feature("links-high", t.link_high_points))
        elif segment.link_density >= t.link_mid:
            add(feature("links-mid", t.link_mid_points))
        if segment.in_body:
            add(feature("in-body", t.in_body_points))
            if segment.tag in HEADING_TAGS:
                add(feature("heading", t.heading_points))
            elif segment.bold and segment.tag in PARAGRAPH_TAGS and n < t.bold_subtitle_max_words:
                add(feature("bold-subtitle", t.heading_points))
    return sum((f.points for f in fired), 0.0), fired


_LIMITS = (
    "long_words", "medium_words", "short_words", "unterminated_min_words",
    "unterminated_max_words", "stopword_high", "stopword_low", "stopword_low_min_words",
    "duplicate_min_words", "caption_max_words", "date_max_words", "upper_min_letters",
    "upper_share", "digit_share", "link_high", "link_mid", "bold_subtitle_max_words",
)  # fmt: skip
"""The limits ``score_python`` compares with, in the order ``_ctext_score.c`` reads them."""
_FEATURES = (
    ("long", "long_points"), ("medium", "medium_points"), ("short", "short_points"),
    ("ellipsis", "ellipsis_points"), ("terminal-punct", "terminal_points"),
    ("unterminated", "unterminated_points"), ("time-prefix", "time_prefix_points"),
    ("stopwords-high", "stopword_high_points"), ("stopwords-low", "stopword_low_points"),
    ("duplicate", "duplicate_points"), ("caption-shape", "caption_points"),
    ("byline-shape", "byline_points"), ("date-shape", "date_points"),
    ("upper-case", "upper_points"), ("digits", "digit_points"),
    ("links-high", "link_high_points"), ("links-mid", "link_mid_points"),
    ("in-body", "in_body_points"), ("heading", "heading_points"),
    ("bold-subtitle", "heading_points"),
)  # fmt: skip
"""The features ``score_python`` adds (name, the points' field), in the C's order."""
_EXACT = 2**53
"""Integers up to this size are exact as doubles: the C compares the limits as doubles."""


def _exact(value: object) -> bool:
    return type(value) is float or (type(value) is int and abs(value) <= _EXACT)


def _plan(t: Thresholds) -> tuple[object, ...] | None:
    """What the compiled scorer reads of ``t``, once per Thresholds object: the limits as
    floats, the Feature of each name at its points, the shapes' bound methods and the
    functions ``score_python`` calls. ``None`` (the compiled scorer runs ``score_python``)
    when a limit is not a float or an int a double holds, or a points field not a float."""
    limits = [getattr(t, name) for name in _LIMITS]
    points = [getattr(t, field) for _, field in _FEATURES]
    if not all(map(_exact, limits)) or any(type(p) is not float for p in points):
        return None
    shape = shapes()
    return (
        tuple(map(float, limits)),
        tuple(feature(name, p) for (name, _), p in zip(_FEATURES, points, strict=True)),
        t.stopword_high,
        shape.ellipsis.search,
        shape.terminal.search,
        shape.time_prefix.match,
        shape.byline.fullmatch,
        shape.date.search,
        shape.caption.search,
        shape.caption_needs,
        shape.ends_alnum,
        shape.date_needs_digit,
        END_SHAPE_CHARS,
        HEADING_TAGS,
        PARAGRAPH_TAGS,
        units.marks_no_sentence_end,
        native.tokenizer().char_counts,
        language.read,
        language.measure_python,
        language.Reading,
        language.Measure,
        Counter,
        sum,
        tuple(points),
        shape.time_starts_digit,
        -1 if shape.byline_max_separators is None else int(shape.byline_max_separators),
        shape.ellipsis_needs,
    )


@cache
def _scorer() -> _ctext.Scorer:
    """The compiled scorer; it keeps the plan of the last Thresholds object it scored with
    (a cache, as ``shapes()`` is: the same object, the same plan)."""
    if native.compiled is None:
        raise RuntimeError("cleaner._ctext is not built")
    return native.compiled.Scorer(_plan, score_python)


def score_native(
    segment: Segment,
    counts: Counter[str],
    t: Thresholds,
    stoplist: Stoplist | None,
    reading: Reading | None = None,
) -> tuple[float, list[Feature]]:
    """``score_python(segment, counts, t, stoplist, reading)``, in C (``_ctext_score.c``)."""
    return _scorer().score(segment, counts, t, stoplist, reading)


score = _scorer().score if native.ENABLED else score_python
"""Score one block (``score_python``'s documentation); the compiled scorer's own method
where it is in use, so that no Python frame stands between the memo and the C."""


def is_prose(text: str, t: Thresholds, n: float | None = None) -> bool:
    """Prose-length and ending like a sentence (or written in a script that marks no
    sentence end): a paragraph, not a title or label. ``n``: its words, if counted."""
    if (words(text) if n is None else n) < t.long_words:
        return False  # the cheap test first: 87% of corpus lines are short (0.24 µs, not 0.93)
    return bool(shapes().terminal.search(text[-END_SHAPE_CHARS:])) or (
        units.marks_no_sentence_end(text)
    )


def looks_like_headline(text: str, n: float | None = None) -> bool:
    """Short enough, long enough, and not ending like a sentence (closing quotes and
    brackets looked past: a quoted sentence is no headline). ``n``: its words, if counted."""
    shape = shapes()
    if len(text) > shape.headline_max_chars:
        return False
    if (words(text) if n is None else n) < shape.headline_min_words:
        return False
    if text.rstrip(shape.closers).endswith(shape.headline_not_final):
        return False
    return not has_caption(text)
