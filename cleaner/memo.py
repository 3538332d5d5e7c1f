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

import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Generic, TypeVar

from .language import Stoplist, TextHits
from .model import Feature, Segment
from .rules import Rule

K = TypeVar("K")
V = TypeVar("V")

MEMO_BLOCKS = 4_000
"""Entries kept per table and rule set (the least recently used go first): a site's
chrome is a few hundred distinct blocks, a news page 30-300 blocks."""


class BoundedLRU(Generic[K, V]):
    """A least-recently-used table of at most ``size`` entries. Reads need no lock (one
    dict lookup); a document's entries are merged in one locked step at its end."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._table: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def __getitem__(self, key: K) -> V:
        return self._table[key]

    def __len__(self) -> int:
        return len(self._table)

    def merge(self, entries: Mapping[K, V]) -> None:
        """Insert or refresh ``entries`` (most recently used last), then evict."""
        with self._lock:
            table = self._table
            for key, value in entries.items():
                table[key] = value
                table.move_to_end(key)
            while len(table) > self.size:
                table.popitem(last=False)


LineKey = tuple[str, bool]
"""A block's text and whether it is pinned (only the source's own rules apply then)."""
ScoreKey = tuple[Segment, bool, Stoplist | None]
"""A block with all its features, whether its text repeats in its document, and the
stoplist chosen for its document."""


class DecisionMemo:
    """The two tables for one rule set."""

    def __init__(self, size: int = MEMO_BLOCKS) -> None:
        self.line: BoundedLRU[LineKey, Rule | None] = BoundedLRU(size)
        self.score: BoundedLRU[ScoreKey, tuple[float, tuple[Feature, ...]]] = BoundedLRU(size)
        self.hits: BoundedLRU[str, TextHits] = BoundedLRU(size)
        """Language detection's count for a text (``language.text_hits``)."""
