"""The heuristic scorer: per-block features, each worth a named number of points.

A block's score is the sum of its features' points. Positive means "reads like article
prose", negative "reads like chrome". ``docs/algorithm.md`` explains every threshold.
The lexical shapes the features look for (caption credits, bylines, dates…) are data in
``data/shapes.toml``; the stoplists are ``data/stopwords-*.txt``.
"""

from __future__ import annotations

import importlib.resources
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache

import regex

from .model import Segment

# --- length -----------------------------------------------------------------------------
LONG_WORDS = 25
"""A block of at least this many words is prose-length (a typical paragraph is 40-80)."""
LONG_POINTS = 3.0
MEDIUM_WORDS = 10
MEDIUM_POINTS = 1.0
SHORT_WORDS = 5
"""Under this many words a block is short: menu items, labels, names."""
SHORT_POINTS = -1.0
# --- punctuation and language -----------------------------------------------------------
TERMINAL_POINTS = 1.0
"""Ends like a sentence (``.``, ``!``, ``?``, a closing quote after one)."""
UNTERMINATED_MIN_WORDS = 10
UNTERMINATED_MAX_WORDS = 50
"""...and under 50: longer blocks are prose whatever their ending (a whole article scraped
as one line often ends in a byline)."""
UNTERMINATED_POINTS = -1.0
"""10+ words with no sentence end reads like a title: a teaser in a list, or a heading.
Alone it makes such a line neutral, so it follows its neighbours."""
TIME_PREFIX_POINTS = -2.0
"""Starts with a clock time ("16:27 Sự thật…"): a news ticker entry."""
STOPWORD_HIGH = 0.20
"""Share of stopwords above which a block of SHORT_WORDS+ words reads like running text."""
STOPWORD_HIGH_POINTS = 1.0
STOPWORD_LOW = 0.08
STOPWORD_LOW_MIN_WORDS = 15
"""Headings have few function words; only prose-length blocks are judged on a low share."""
STOPWORD_LOW_POINTS = -1.0
# --- chrome shapes ----------------------------------------------------------------------
ELLIPSIS_POINTS = -1.5
"""Ends in ``…``/``...``: a teaser lead cut short (prose sometimes trails off too)."""
DUPLICATE_MIN_WORDS = 3
DUPLICATE_POINTS = -3.0
"""The same text appears elsewhere in the document: teaser titles, repeated menus."""
CAPTION_POINTS = -4.0
CAPTION_MAX_WORDS = 60
"""A caption is short. A whole article scraped as one line often ends in its last photo's
credit; that must not make it a caption (6% of the clean news-please texts were lost)."""
BYLINE_POINTS = -2.5
DATE_POINTS = -3.0
DATE_MAX_WORDS = 14
UPPER_SHARE = 0.6
UPPER_MIN_LETTERS = 4
UPPER_POINTS = -1.0
DIGIT_SHARE = 0.5
DIGIT_POINTS = -1.0
# --- DOM (HTML mode) --------------------------------------------------------------------
LINK_HIGH = 0.5
LINK_HIGH_POINTS = -4.0
LINK_MID = 0.25
LINK_MID_POINTS = -1.0
IN_BODY_POINTS = 1.5
HEADING_POINTS = 1.0
HEADING_TAGS = frozenset({"h2", "h3", "h4"})
PARAGRAPH_TAGS = frozenset({"p", "div"})
BOLD_SUBTITLE_MAX_WORDS = 20
"""A bold paragraph shorter than this is a sub-title; longer, it is emphasised prose."""
"""An ``h2``-``h4`` inside the body container, or a short paragraph set wholly in bold,
is an in-body heading."""

_WORD = regex.compile(r"\w+")
_CLOSERS = "\"'”’»)] "
_UPPER = regex.compile(r"\p{Lu}")
_LETTER = regex.compile(r"\p{L}")
_DIGIT = regex.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Shapes:
    """Compiled lexical shapes from ``data/shapes.toml``."""

    caption: regex.Pattern[str]
    byline: regex.Pattern[str]
    date: regex.Pattern[str]
    terminal: regex.Pattern[str]
    ellipsis: regex.Pattern[str]
    time_prefix: regex.Pattern[str]
    headline_max_chars: int
    headline_min_words: int


@cache
def shapes() -> Shapes:
    raw = tomllib.loads(
        (importlib.resources.files("cleaner") / "data" / "shapes.toml").read_text("utf-8")
    )
    return Shapes(
        caption=regex.compile(raw["caption"]["pattern"]),
        byline=regex.compile(raw["byline"]["pattern"]),
        date=regex.compile(raw["date"]["pattern"], regex.IGNORECASE),
        terminal=regex.compile(raw["terminal"]["pattern"]),
        ellipsis=regex.compile(raw["ellipsis"]["pattern"]),
        time_prefix=regex.compile(raw["time_prefix"]["pattern"]),
        headline_max_chars=int(raw["headline"]["max_chars"]),
        headline_min_words=int(raw["headline"]["min_words"]),
    )


@cache
def stopwords() -> frozenset[str]:
    """Vietnamese and English stopwords (lower-case syllables/words)."""
    words: set[str] = set()
    for name in ("stopwords-vi.txt", "stopwords-en.txt"):
        text = (importlib.resources.files("cleaner") / "data" / name).read_text("utf-8")
        for raw in text.splitlines():
            line = raw.strip()
            if line and not line.startswith("#"):
                words.update(line.lower().split())
    return frozenset(words)


def words(text: str) -> list[str]:
    found: list[str] = _WORD.findall(text)
    return found


def duplicates(segments: list[Segment]) -> Counter[str]:
    """How often each block text occurs in the document."""
    return Counter(s.text for s in segments)


def score(segment: Segment, counts: Counter[str]) -> tuple[float, list[str]]:
    """Score one block. Returns the points and the names of the features that fired."""
    text = segment.text
    tokens = words(text.lower())
    n = len(tokens)
    fired: list[str] = []
    points = 0.0

    def add(name: str, value: float) -> None:
        nonlocal points
        points += value
        fired.append(name)

    if n >= LONG_WORDS:
        add("long", LONG_POINTS)
    elif n >= MEDIUM_WORDS:
        add("medium", MEDIUM_POINTS)
    elif n < SHORT_WORDS:
        add("short", SHORT_POINTS)
    shape = shapes()
    if shape.ellipsis.search(text):
        add("ellipsis", ELLIPSIS_POINTS)
    elif shape.terminal.search(text):
        add("terminal-punct", TERMINAL_POINTS)
    elif UNTERMINATED_MIN_WORDS <= n < UNTERMINATED_MAX_WORDS and segment.in_body is not True:
        add("unterminated", UNTERMINATED_POINTS)  # in a container, headings are expected
    if shape.time_prefix.match(text):
        add("time-prefix", TIME_PREFIX_POINTS)
    if n >= SHORT_WORDS:
        density = sum(map(stopwords().__contains__, tokens)) / n
        if density >= STOPWORD_HIGH:
            add("stopwords-high", STOPWORD_HIGH_POINTS)
        elif density < STOPWORD_LOW and n >= STOPWORD_LOW_MIN_WORDS:
            add("stopwords-low", STOPWORD_LOW_POINTS)
    if n >= DUPLICATE_MIN_WORDS and counts[text] > 1:
        add("duplicate", DUPLICATE_POINTS)
    if n <= CAPTION_MAX_WORDS and shape.caption.search(text):
        add("caption-shape", CAPTION_POINTS)
    if shape.byline.fullmatch(text):
        add("byline-shape", BYLINE_POINTS)
    if n <= DATE_MAX_WORDS and shape.date.search(text):
        add("date-shape", DATE_POINTS)
    if n < LONG_WORDS:  # shouting labels and number rows are short
        letters = len(_LETTER.findall(text))
        if letters >= UPPER_MIN_LETTERS and len(_UPPER.findall(text)) / letters > UPPER_SHARE:
            add("upper-case", UPPER_POINTS)
        if text and len(_DIGIT.findall(text)) / len(text) > DIGIT_SHARE:
            add("digits", DIGIT_POINTS)
    if segment.tag:
        if segment.link_density >= LINK_HIGH:
            add("links-high", LINK_HIGH_POINTS)
        elif segment.link_density >= LINK_MID:
            add("links-mid", LINK_MID_POINTS)
        if segment.in_body:
            add("in-body", IN_BODY_POINTS)
            if segment.tag in HEADING_TAGS:
                add("heading", HEADING_POINTS)
            elif segment.bold and segment.tag in PARAGRAPH_TAGS and n < BOLD_SUBTITLE_MAX_WORDS:
                add("bold-subtitle", HEADING_POINTS)
    return points, fired


def is_prose(text: str) -> bool:
    """Prose-length and ending like a sentence: a paragraph, not a title or label."""
    return bool(shapes().terminal.search(text)) and len(words(text)) >= LONG_WORDS


def looks_like_headline(text: str) -> bool:
    """Short enough, long enough, and not ending like a sentence (closing quotes and
    brackets looked past: a quoted sentence is no headline)."""
    shape = shapes()
    if len(text) > shape.headline_max_chars or len(words(text)) < shape.headline_min_words:
        return False
    if text.rstrip(_CLOSERS).endswith((".", ":", ",", ";", "…")):
        return False
    return not shape.caption.search(text)
