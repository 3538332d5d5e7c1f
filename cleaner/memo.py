"""The decision memo: per-block results remembered across the documents one ``Cleaner``
cleans, so that a site's repeated blocks (menus, prompts, related boxes, footers) are
matched and scored once.

What is remembered is only what depends on the block alone: the first line rule that
matches a block's text (for one rule set), and the scorer's points for a block (its text
and every DOM feature, plus whether the text repeats in its document and the stoplist of
its document's language), and language detection's count of a block's text. Keys are the block's
content, never its position; the document-level steps (block rules, the cut, the body
region, neighbours) always run. So a warm ``Cleaner`` returns exactly what a fresh one does
(``tests/test_memo.py`` checks this over streams of pages).
"""

from __future__ import annotations

import dataclasses
import operator
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from . import features, language
from .language import Reading, Stoplist, TextHits
from .model import Feature, Segment
from .rulebook import RuleSet
from .rules import Rule
from .thresholds import Thresholds

K = TypeVar("K")
V = TypeVar("V")

READ_CACHE_UNITS = 200_000
"""A document's tokenised texts are kept for its other uses up to this many units in all
(a news page has 1,000-10,000); past it texts are tokenised at each use, so a huge input
does not hold a token list per word at once."""
MEMO_BLOCKS = 4_000
"""Entries kept per table and rule set (the least recently used go first): a site's
chrome is a few hundred distinct blocks, a news page 30-300 blocks."""
MEMO_CHARS = 1_000_000
"""Characters of the blocks' texts (with, in the score table, their tag and class/id
strings) kept per table and rule set (1-4 MB; the least recently used go first). Entries
alone bound the count, not the size: a stream of pages whose menus or comment threads are
long distinct texts held 36 MB more after 1,000 pages with
two 20,000-character outside blocks each, and would hold 4,000 such texts a table. A
news site's blocks average 100-300 characters, so this rarely binds before MEMO_BLOCKS.
A text over a tenth of it is not kept at all (it would push out a tenth of the table)."""


class BoundedLRU(Generic[K, V]):
    """A least-recently-used table of at most ``size`` entries whose keys hold at most
    ``max_chars`` characters of text (``chars`` reads them from a key). Reads need no lock
    (one dict lookup); a document's entries are merged in one locked step at its end."""

    def __init__(self, size: int, chars: Callable[[K], int], max_chars: int = MEMO_CHARS) -> None:
        self.size, self.max_chars = size, max_chars
        self.chars = 0
        self._chars_of = chars
        self._table: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        self.get = self._table.get
        """``get(key, default)``: the dict's own, one C call (a miss raises nothing)."""

    def __getitem__(self, key: K) -> V:
        return self._table[key]

    def __len__(self) -> int:
        return len(self._table)

    def merge(self, entries: Mapping[K, V]) -> None:
        """Insert or refresh ``entries`` (most recently used last), then evict."""
        with self._lock:
            table, chars_of = self._table, self._chars_of
            move = table.move_to_end
            for key, value in entries.items():
                if key in table:
                    move(key)  # it holds this value already: a key's value never changes
                    continue
                chars = chars_of(key)
                if chars * 10 > self.max_chars:
                    continue
                self.chars += chars
                table[key] = value
            while table and (len(table) > self.size or self.chars > self.max_chars):
                key, _ = table.popitem(last=False)
                self.chars -= chars_of(key)


LineKey = tuple[str, bool]
"""A block's text and whether it is pinned (only the source's own rules apply then)."""
ScoreKey = tuple[tuple[object, ...], bool, Stoplist | None]
"""A block's every field (its text and all its features), whether its text repeats in
its document, and the stoplist chosen for its document."""

_FIELDS = operator.attrgetter(*(f.name for f in dataclasses.fields(Segment)))
"""A Segment's fields as a plain tuple, read in C: hashing and comparing that is about
3x cheaper than the dataclass's generated ``__hash__``/``__eq__`` (Python code), which
were the largest single cost of a warm text-mode page."""


def _first_chars(key: tuple[str, bool]) -> int:
    return len(key[0])


def _segment_chars(key: ScoreKey) -> int:
    """Characters of every text field of the Segment in ``key``: its text, and its tag and
    class/id string, which a page may make as long as it likes (600 pages whose paragraphs
    had distinct 20,000-character classes held 86 MB when only the text was counted)."""
    return sum(len(f) for f in key[0] if isinstance(f, str))


class DecisionMemo:
    """The tables for one rule set."""

    def __init__(self, size: int = MEMO_BLOCKS, max_chars: int = MEMO_CHARS) -> None:
        self.line: BoundedLRU[LineKey, Rule | None] = BoundedLRU(size, _first_chars, max_chars)
        self.score: BoundedLRU[ScoreKey, tuple[float, tuple[Feature, ...]]] = BoundedLRU(
            size, _segment_chars, max_chars
        )
        self.hits: BoundedLRU[str, TextHits] = BoundedLRU(size, len, max_chars)
        """Language detection's count for a text (``language.text_hits``: a byte per hit,
        0.1-0.3 a character on news pages)."""
        self.cut: BoundedLRU[str, Rule | None] = BoundedLRU(size, len, max_chars)
        """The first cut rule that matches a text."""
        self.words: BoundedLRU[str, float] = BoundedLRU(size, len, max_chars)
        """A text's length in words (the headline, prose and teaser checks read it)."""


_MISSING = object()
"""What a table's ``get`` returns for a key it does not hold (a remembered value may be
``None``: no rule matched)."""

_NOWHERE: Mapping[object, object] = MappingProxyType({})
"""The shared tables of a DocumentMemo without a Cleaner memo: always a miss."""


@dataclass(slots=True)
class DocumentMemo:
    """Per-block results of one document (they do not change between its passes), read
    from and then merged into the Cleaner's memo across documents when there is one."""

    shared: DecisionMemo | None = None
    line: dict[LineKey, Rule | None] = field(default_factory=dict)
    score: dict[ScoreKey, tuple[float, tuple[Feature, ...]]] = field(default_factory=dict)
    hits: dict[str, TextHits] = field(default_factory=dict)
    words_of: dict[str, float] = field(default_factory=dict)
    cut: dict[str, Rule | None] = field(default_factory=dict)
    readings: dict[str, Reading] = field(default_factory=dict)
    """Each text tokenised once per document, for every use (``language.read``), up to
    READ_CACHE_UNITS; not kept across documents (what they give is kept above)."""
    read_units: int = 0
    _get_line: Callable[[LineKey, Any], Any] = field(init=False)
    _get_score: Callable[[ScoreKey, Any], Any] = field(init=False)
    _get_words: Callable[[str, Any], Any] = field(init=False)
    _get_cut: Callable[[str, Any], Any] = field(init=False)
    _get_hits: Callable[[str, Any], Any] = field(init=False)

    def __post_init__(self) -> None:
        # The Cleaner's tables' ``get``, looked up once per document, not per block.
        shared = self.shared
        self._get_line = _NOWHERE.get if shared is None else shared.line.get
        self._get_score = _NOWHERE.get if shared is None else shared.score.get
        self._get_words = _NOWHERE.get if shared is None else shared.words.get
        self._get_cut = _NOWHERE.get if shared is None else shared.cut.get
        self._get_hits = _NOWHERE.get if shared is None else shared.hits.get

    # Each lookup below: the document's table, then the Cleaner's, then the computation,
    # written out (no callback: a closure and a call per block and table cost 0.4 µs more).

    def read(self, text: str) -> Reading:
        found = self.readings.get(text)
        if found is None:
            found = language.read(text)
            size = len(found.tokens) if found.tokens is not None else 0
            if self.read_units + size <= READ_CACHE_UNITS:
                self.readings[text] = found
                self.read_units += size
        return found

    def words(self, text: str) -> float:
        found = self.words_of.get(text)
        if found is None:
            found = self._get_words(text, None)
            if found is None:
                found = self.read(text).words
            self.words_of[text] = found
        return found

    def is_prose(self, text: str, t: Thresholds) -> bool:
        return features.is_prose(text, t, self.words(text))

    def looks_like_headline(self, text: str) -> bool:
        return features.looks_like_headline(text, self.words(text))

    def line_rule(self, rules: RuleSet, text: str, pinned: bool) -> Rule | None:
        key = (text, pinned)
        found = self.line.get(key, _MISSING)
        if found is _MISSING:
            found = self._get_line(key, _MISSING)
            if found is _MISSING:
                found = rules.first_line_rule(text, pinned=pinned)
            self.line[key] = found
        return found  # type: ignore[return-value]

    def cut_rule(self, rules: RuleSet, text: str) -> Rule | None:
        found = self.cut.get(text, _MISSING)
        if found is _MISSING:
            found = self._get_cut(text, _MISSING)
            if found is _MISSING:
                found = next((r for r in rules.cut if r.matches(text)), None)
            self.cut[text] = found
        return found  # type: ignore[return-value]

    def scored(
        self, segment: Segment, counts: Counter[str], t: Thresholds, stoplist: Stoplist | None
    ) -> tuple[float, tuple[Feature, ...]]:
        key = (_FIELDS(segment), counts[segment.text] > 1, stoplist)
        found = self.score.get(key)
        if found is None:
            found = self._get_score(key, None)
            if found is None:
                text = segment.text
                points, fired = features.score(segment, counts, t, stoplist, self.read(text))
                found = points, tuple(fired)
            self.score[key] = found
        return found

    def text_hits(self, text: str) -> TextHits:
        found = self.hits.get(text)
        if found is None:
            found = self._get_hits(text, None)
            if found is None:
                found = language.text_hits(self.read(text))
            self.hits[text] = found
        return found

    def commit(self) -> None:
        if self.shared is not None:
            self.shared.line.merge(self.line)
            self.shared.score.merge(self.score)
            self.shared.hits.merge(self.hits)
            self.shared.words.merge(self.words_of)
            self.shared.cut.merge(self.cut)
