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

Only text documents (and the text of an HTML page's trafilatura fallback) share a Cleaner's
memo (``Cleaner._decide``); an HTML page keeps its results for its own passes. In HTML the
repeated chrome is outside the article container, one block per subtree, dropped by its
place before any rule or score; what reaches the line rules and the scorer is the article,
new on each page. Counted over one crawl round (a new Cleaner, every page once), the
Cleaner's tables answered 2 of 509 lookups of a text's facts and 0 of 400 scores on the vi
corpus, 70 of 6,831 and 2 of 6,931 on 60 WCXB pages, 2 of 310 and 0 of 230 on dantri's 15
pages, 3 of 1,227 and 0 of 1,076 on 120 baomoi fragments, while keeping the entries made a
WCXB page 4% slower than the memo off: merging and evicting about 230 entries a page (the
score keys are eleven fields, hashed at each step), and thousands of live tuples holding
tracked objects (``Feature``, ``Stoplist``, ``Rule``) for the garbage collector to count
and walk.
"""

from __future__ import annotations

import dataclasses
import operator
import sys
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from . import features, language, native
from .language import Reading, Stoplist, TextHits
from .model import Feature, Segment
from .rulebook import RuleSet
from .rules import Rule
from .sieve import Sieve
from .thresholds import Thresholds
from .units import UNIT_CHUNK

_MISSING = object()
"""What a table's ``get`` returns for a key it does not hold (a remembered value may be
``None``: no rule matched), and a field of ``Facts`` not worked out yet."""

K = TypeVar("K")
V = TypeVar("V")

READ_CACHE_UNITS = 200_000
"""A document's tokenised texts are kept for its other uses up to this many units in all
(a news page has 1,000-10,000); past it texts are tokenised at each use, so a huge input
does not hold a token list per word at once."""
MEMO_BLOCKS = 4_000
"""Entries kept per table and rule set (the least recently used go first, by second
chance: ``BoundedLRU``): a site's chrome is a few hundred distinct blocks, a news page
30-300 blocks."""
MEMO_CHARS = 1_000_000
"""Characters of the blocks' texts (with, in the score table, their tag and class/id
strings) kept per table and rule set (1-4 MB; the least recently used go first). Entries
alone bound the count, not the size: a stream of pages whose menus or comment threads are
long distinct texts held 36 MB more after 1,000 pages with
two 20,000-character outside blocks each, and would hold 4,000 such texts a table. A
news site's blocks average 100-300 characters, so this rarely binds before MEMO_BLOCKS.
A text over a tenth of it is not kept at all (it would push out a tenth of the table)."""


class BoundedLRU(Generic[K, V]):
    """A table of at most ``size`` entries whose keys hold at most ``max_chars``
    characters of text (``chars`` reads them from a key), the least recently used going
    first, by second chance: a held entry a document used again is marked (``_used``), not
    moved, and the eviction moves a marked entry from the front to the end, unmarked,
    instead of evicting it. On a site's page N most of a document's entries are held ones,
    and a mark (a set's add) cost less than the OrderedDict's ``move_to_end`` (a method
    call and a second lookup) at each; the reorder is paid once per pass of the eviction
    over the table. Reads need no lock (one dict lookup); a document's entries are merged
    in one locked step at its end."""

    def __init__(
        self,
        size: int,
        chars: Callable[[K], int],
        max_chars: int = MEMO_CHARS,
        combine: Callable[[V, V], V] | None = None,
    ) -> None:
        self.size, self.max_chars = size, max_chars
        self.chars = 0
        self._chars_of = chars
        self._combine = combine
        """For a table whose values are records filled in part (``Facts``): the held value
        and a document's, made one. Without it a key's value never changes."""
        self._table: OrderedDict[K, V] = OrderedDict()
        self._used: set[K] = set()
        """Held keys a document used again since the eviction last passed them (a subset
        of the table's keys)."""
        self._lock = threading.Lock()
        self.get = self._table.get
        """``get(key, default)``: the dict's own, one C call (a miss raises nothing)."""

    def __getitem__(self, key: K) -> V:
        return self._table[key]

    def __len__(self) -> int:
        return len(self._table)

    def merge(self, entries: Mapping[K, V]) -> None:
        """Insert ``entries`` (new ones last) or mark the held ones used, then evict."""
        with self._lock:
            if _MERGE is not None and type(entries) is dict:
                _MERGE(self, entries)
            else:
                merge_python(self, entries)


def merge_python(lru: BoundedLRU[K, V], entries: Mapping[K, V]) -> None:
    """``BoundedLRU.merge``'s loop (the caller holds the lock): each held entry marked
    used (and combined with the held record where the document filled it in further), each
    new one inserted when not over a tenth of the characters; then, until the table is
    within its bounds, the entry at the front evicted, or, where it is marked, moved to the
    end unmarked (its second chance: each pass ends, as each move unmarks one). The
    reference for its compiled twin (``_ctext.lru_merge``)."""
    table, chars_of, combine, used = lru._table, lru._chars_of, lru._combine, lru._used
    for key, value in entries.items():
        held = table.get(key, _MISSING)
        if held is not _MISSING:
            if combine is not None and value is not held:  # a record filled in further
                table[key] = combine(held, value)  # type: ignore[arg-type]
            used.add(key)  # otherwise it holds this value already
            continue
        chars = chars_of(key)
        if chars * 10 > lru.max_chars:
            continue
        lru.chars += chars
        table[key] = value
    while table and (len(table) > lru.size or lru.chars > lru.max_chars):
        key, value = table.popitem(last=False)
        if key in used:
            used.remove(key)
            table[key] = value
            continue
        lru.chars -= chars_of(key)


_MERGE: Callable[[BoundedLRU[Any, Any], dict[Any, Any]], None] | None = (
    native.compiled.lru_merge if native.ENABLED and native.compiled is not None else None
)
"""``merge_python`` in C (``_ctext_lru.c``: the same calls, in the same order, on the same
objects, about a third of the time an entry) where it is in use, for a document's dicts."""


Facts = tuple[object, object, object, object, object, object]
"""What is remembered of one text (for one rule set): its first line rule (``Rule`` or
``None``; unpinned), its first cut rule, its length in words (``float``), detection's
count (``TextHits``), the answers the block rules' sieve asks of a line (``int``,
``sieve.Sieve.line``) and whether it looks like a headline (``bool``,
``features.looks_like_headline``); ``_MISSING`` for each one not yet asked for. A document fills in
what it asks; merging keeps every field either side knows (``_fuller``): each is a
function of the text and the rule set alone, so both sides agree where both know."""
LINE, CUT, WORDS, HITS, BLOCK, HEAD = range(6)
_BLANK: Facts = (_MISSING, _MISSING, _MISSING, _MISSING, _MISSING, _MISSING)


def _with(facts: Facts, at: int, value: object) -> Facts:
    """``facts`` with ``value`` in the field at ``at``."""
    return (*facts[:at], value, *facts[at + 1 :])  # type: ignore[return-value]


def _fuller(held: Facts, new: Facts) -> Facts:
    return tuple(h if n is _MISSING else n for h, n in zip(held, new, strict=True))  # type: ignore[return-value]


ScoreKey = tuple[object, ...]
"""A block's text, whether it repeats in its document and the stoplist chosen for its
document, then its other fields (every DOM feature) unless all are at their defaults
(``score_key``)."""

_OTHER_NAMES = tuple(f.name for f in dataclasses.fields(Segment) if f.name != "text")
_OTHER_FIELDS = operator.attrgetter(*_OTHER_NAMES)
"""A Segment's fields but its text, as a plain tuple read in C: hashing and comparing that
is about 3x cheaper than the dataclass's generated ``__hash__``/``__eq__`` (Python code),
and a field added to ``Segment`` later is in the key by construction."""
_BARE = _OTHER_FIELDS(Segment(""))
"""The other fields of a text-mode block: every one at its default."""
_OTHER_TEXTS = operator.itemgetter(
    *(i for i, f in enumerate(dataclasses.fields(Segment)[1:]) if f.type in ("str", str))
)
"""The ``str`` fields among those: the tag and the class/id string."""


def score_key(segment: Segment, repeated: bool, stoplist: Stoplist | None) -> ScoreKey:
    """The score table's key: the text, ``repeated``, the stoplist, and the other fields
    when any is not at its default. A text-mode key is three items whose hash is cached or
    cheap, not a tuple of eleven hashed anew at each of its five lookups; keys of the two
    lengths never compare equal, so each key still names one Segment's fields."""
    rest = _OTHER_FIELDS(segment)
    if rest == _BARE:
        return (segment.text, repeated, stoplist)
    return (segment.text, repeated, stoplist, rest)


def _segment_chars(key: ScoreKey) -> int:
    """Characters of every text field of the Segment in ``key``: its text, and its tag and
    class/id string, which a page may make as long as it likes (600 pages whose paragraphs
    had distinct 20,000-character classes held 86 MB when only the text was counted)."""
    text: str = key[0]  # type: ignore[assignment]
    if len(key) == 3:
        return len(text)
    other: tuple[str, ...] = _OTHER_TEXTS(key[3])  # type: ignore[arg-type]
    return len(text) + sum(map(len, other))


class DecisionMemo:
    """The tables for one rule set."""

    def __init__(self, size: int = MEMO_BLOCKS, max_chars: int = MEMO_CHARS) -> None:
        self.facts: BoundedLRU[str, Facts] = BoundedLRU(size, len, max_chars, _fuller)
        """What is known of a text (``Facts``): its first line rule, its first cut rule, its
        words, detection's count, the block sieve's answers, its headline shape; one
        lookup for all six."""
        self.pinned: BoundedLRU[str, Rule | None] = BoundedLRU(size, len, max_chars)
        """The first of the source's own line rules that matches a pinned block's text."""
        self.score: BoundedLRU[ScoreKey, tuple[float, tuple[Feature, ...]]] = BoundedLRU(
            size, _segment_chars, max_chars
        )


_NOWHERE: Mapping[object, object] = MappingProxyType({})
"""The shared tables of a DocumentMemo without a Cleaner memo: always a miss."""


@dataclass(slots=True)
class DocumentMemo:
    """Per-block results of one document (they do not change between its passes), read
    from and then merged into the Cleaner's memo across documents when there is one."""

    shared: DecisionMemo | None = None
    facts: dict[str, Facts] = field(default_factory=dict)
    pinned: dict[str, Rule | None] = field(default_factory=dict)
    score: dict[ScoreKey, tuple[float, tuple[Feature, ...]]] = field(default_factory=dict)
    readings: dict[str, Reading] = field(default_factory=dict)
    """Each text tokenised once per document, for every use (``language.read``), up to
    READ_CACHE_UNITS; not kept across documents (what they give is kept above)."""
    read_units: int = 0
    _get_facts: Callable[[str, Any], Any] = field(init=False)
    _get_pinned: Callable[[str, Any], Any] = field(init=False)
    _get_score: Callable[[ScoreKey, Any], Any] = field(init=False)

    def __post_init__(self) -> None:
        # The Cleaner's tables' ``get``, looked up once per document, not per block.
        shared = self.shared
        self._get_facts = _NOWHERE.get if shared is None else shared.facts.get
        self._get_pinned = _NOWHERE.get if shared is None else shared.pinned.get
        self._get_score = _NOWHERE.get if shared is None else shared.score.get

    # Each lookup below: the document's table, then the Cleaner's, then the computation,
    # written out (no callback: a closure and a call per block and table cost 0.4 µs more).
    # A text's six facts are one entry of each: one lookup of the Cleaner's table a text.

    def _facts(self, text: str) -> Facts:
        """The text's facts as far as known (the Cleaner's, on the document's first ask)."""
        found: Facts = self._get_facts(text, _BLANK)
        self.facts[text] = found
        return found

    def read_python(self, text: str) -> Reading:
        found = self.readings.get(text)
        if found is None:
            found = language.read(text)
            size = len(found.tokens) if found.tokens is not None else 0
            if self.read_units + size <= READ_CACHE_UNITS:
                self.readings[text] = found
                self.read_units += size
        return found

    def words_python(self, text: str) -> float:
        facts = self.facts.get(text) or self._facts(text)
        found = facts[WORDS]
        if found is _MISSING:
            found = self.read(text).words
            self.facts[text] = _with(facts, WORDS, found)
        return found  # type: ignore[return-value]

    def is_prose(self, text: str, t: Thresholds) -> bool:
        return features.is_prose(text, t, self.words(text))

    def looks_like_headline(self, text: str) -> bool:
        """``features.looks_like_headline`` of ``text``, kept with its other facts (a
        function of the text alone): a line the Cleaner has seen costs a lookup, not a
        call into the features' Python. The compiled context steps read and fill the
        same field (``_ctext_context_doc.c``)."""
        facts = self.facts.get(text) or self._facts(text)
        found = facts[HEAD]
        if found is _MISSING:
            found = features.looks_like_headline(text, self.words(text))
            facts = self.facts[text]  # the words may have been filled in meanwhile
            self.facts[text] = _with(facts, HEAD, found)
        return found  # type: ignore[return-value]

    def line_rule_python(self, rules: RuleSet, text: str, pinned: bool) -> Rule | None:
        if pinned:  # only the source's own rules: kept apart
            found = self.pinned.get(text, _MISSING)
            if found is _MISSING:
                found = self._get_pinned(text, _MISSING)
                if found is _MISSING:
                    found = rules.first_line_rule(text, pinned=True)
                self.pinned[text] = found
            return found  # type: ignore[return-value]
        facts = self.facts.get(text) or self._facts(text)
        found = facts[LINE]
        if found is _MISSING:
            found = rules.first_line_rule(text)
            self.facts[text] = _with(facts, LINE, found)
        return found  # type: ignore[return-value]

    def cut_rule_python(self, rules: RuleSet, text: str) -> Rule | None:
        facts = self.facts.get(text) or self._facts(text)
        found = facts[CUT]
        if found is _MISSING:
            found = next((r for r in rules.cut if r.matches(text)), None)
            self.facts[text] = _with(facts, CUT, found)
        return found  # type: ignore[return-value]

    def scored_python(
        self, segment: Segment, counts: Counter[str], t: Thresholds, stoplist: Stoplist | None
    ) -> tuple[float, tuple[Feature, ...]]:
        key = score_key(segment, counts[segment.text] > 1, stoplist)
        found = self.score.get(key)
        if found is None:
            found = self._get_score(key, None)
            if found is None:
                text = segment.text
                points, fired = features.score(segment, counts, t, stoplist, self.read(text))
                found = points, tuple(fired)
            self.score[key] = found
        return found

    def text_hits_python(self, text: str) -> TextHits:
        facts = self.facts.get(text) or self._facts(text)
        found = facts[HITS]
        if found is _MISSING:
            found = language.text_hits(self.read(text))
            self.facts[text] = _with(facts, HITS, found)
        return found  # type: ignore[return-value]

    def block(self, sieve: Sieve, text: str) -> int:
        """The answers of the rule set's block sieve for ``text`` (``Sieve.line``); the
        compiled sieve reads and fills the same field itself (``_ctext_sieve.c``)."""
        facts = self.facts.get(text) or self._facts(text)
        found = facts[BLOCK]
        if found is _MISSING:
            found = sieve.line(text)
            self.facts[text] = _with(facts, BLOCK, found)
        return found  # type: ignore[return-value]

    # The methods the decision calls: these Python ones (the reference), or their compiled
    # twins set on the class in their place at import (``_compiled_methods``).
    read = read_python
    words = words_python
    line_rule = line_rule_python
    cut_rule = cut_rule_python
    scored = scored_python
    text_hits = text_hits_python

    def commit(self) -> None:
        if self.shared is not None:
            self.shared.facts.merge(self.facts)
            self.shared.score.merge(self.score)
            if self.pinned:
                self.shared.pinned.merge(self.pinned)


_METHODS = ("line_rule", "cut_rule", "read", "words", "text_hits", "scored")
"""DocumentMemo's methods that have a compiled twin, in the order ``_ctext_memo.c`` numbers
them."""


def _compiled_methods() -> dict[str, object]:
    """The compiled twins of DocumentMemo's ``*_python`` methods (``_ctext_memo.c``): each
    runs its method's whole chain (the document's dict, the Cleaner's table, the C leaves,
    the same tuple stored), and the Python method itself for what it does not handle."""
    if native.compiled is None:
        raise RuntimeError("cleaner._ctext is not built")
    constants = (
        DocumentMemo,
        RuleSet,
        _MISSING,
        _BLANK,
        sys.modules[__name__],
        language,
        features,
        language.read_native,
        language.text_hits_native,
        native.tokenizer().read,
        Reading,
        Counter,
        _OTHER_FIELDS,
        _BARE,
        language.DETECT_MAX_UNITS,  # text_hits_native's default limit
        tuple(getattr(DocumentMemo, f"{name}_python") for name in _METHODS),
        Segment,
        _OTHER_NAMES,
    )
    fields = (LINE, CUT, WORDS, HITS)
    return {
        name: native.compiled.MemoMethod(i, constants, fields, UNIT_CHUNK)
        for i, name in enumerate(_METHODS)
    }


if native.ENABLED:  # the compiled twins in the Python methods' place, for every caller
    for _name, _method in _compiled_methods().items():
        setattr(DocumentMemo, _name, _method)
