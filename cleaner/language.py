"""A block's words and the document's stoplist.

Two facts about a block's text feed the scorer, whatever the language:

* its **length in words** (:func:`measure`), counted on its units (``units.py``: a spaced
  word, or a letter of a script written without spaces, worth a fraction of a word);
* its **stopword density**: the share of its words that the document's stoplist holds.
  Stoplists are the stopwords-iso collection (``data/stopwords.tsv``, 58 languages). The
  document's language is the one whose single-word entries its text hits most often
  (:func:`detect`); a document in a language without a list gets no stopword feature.

Matching works on *units*: a spaced word, or one letter (with its combining marks) of an
unspaced script. An entry is a sequence of units (``bao giờ`` is two, ``一个`` two, ``ที่``
one); a block's units are matched greedily, longest entry first. A match counts as the words
it spans, and at least one.
"""

from __future__ import annotations

import importlib.resources
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import compress, count, pairwise
from typing import NamedTuple

from . import native
from .units import UNIT_CHUNK, unit_chunks, units, word_count

DETECT_MAX_UNITS = 20_000
"""Language detection reads at most this many units of a document: enough for any page,
and it keeps the cost bounded on huge inputs."""
DETECT_MIN_UNITS = 200
"""Detection reads only the blocks the scorer can still score (undecided after the rules,
and a pinned title) when they hold this many units or more, else every block: the
stoplist changes nothing else, and an HTML page's blocks outside the article container
(whole subtrees, read for detection alone) are a quarter of the units it read on the vi
corpus. On the 2,849 documents of every evaluation set no detected language changes at
30-1,000; with no minimum, 8 pages (0-15 units of scorable text each) change."""
DETECT_MIN_SHARE = 0.03
"""A language is chosen only when its entries start at this share of the document's units
or more. Measured (multilang-dev and the Vietnamese corpus): a page's own language scores
0.10-0.45; the best wrong list on a Burmese page (no Burmese list exists), 0.005."""

MATCH_MARK = 0xFF
"""In ``Stoplists.alone``, after a unit's languages: the unit also starts an entry of
another list that must be matched at its position. Not a language index (the lists are
fewer: ``stoplists`` checks), and never left in a text's hits. An ``int``: ``in`` on
bytes looks for one in C (26 ns), where a ``bytes`` operand first fails as a number."""
_MARK = bytes([MATCH_MARK])

_DATA = importlib.resources.files("cleaner") / "data"


class Reading(NamedTuple):
    """A block's text tokenised once, for its length, detection's count and the stopword
    density alike: its lower-cased units and their weights. ``tokens`` is ``None`` for a
    text over UNIT_CHUNK characters, which each use reads in chunks (bounded memory).
    A named tuple, not a frozen dataclass: one is made per distinct text of a document,
    and a frozen dataclass's ``__init__`` (one ``object.__setattr__`` a field) cost
    0.7 against 0.2 µs."""

    text: str
    words: float
    """Length in words. Lower-casing changes no unit boundary and no weight (checked for
    every code point: only U+0130 grows, into i and a combining dot, one unit still)."""
    tokens: list[str] | None = None
    weights: list[float] | None = None
    alone: bytes | None = None
    """Each unit's languages that have it as a one-unit entry (``Stoplists.alone``),
    joined: detection's count and the stopword cover both start from it."""


def read_python(text: str) -> Reading:
    """``text`` tokenised once (see :class:`Reading`)."""
    if len(text) > UNIT_CHUNK:
        return Reading(text, word_count(text))
    tokens, weights = units(text.lower())
    return Reading(text, sum(weights), tokens, weights, _alone(tokens))


def read_native(text: str) -> Reading:
    """``read_python(text)``, its fields after the text computed in C (``native.py``)."""
    if len(text) > UNIT_CHUNK:
        return read_python(text)  # read in chunks there
    return native.tokenizer().read(text, stoplists().alone, Reading)


read = read_native if native.ENABLED else read_python


def _alone(tokens: list[str]) -> bytes:
    """The units' ``Stoplists.alone`` bytes, joined in one pass in C."""
    return b"".join(filter(None, map(stoplists().alone.get, tokens)))


def _reading(text: str | Reading) -> Reading:
    return text if isinstance(text, Reading) else read(text)


@dataclass(frozen=True, slots=True, eq=False)
class Stoplist:
    """One language's stopwords as unit sequences, for greedy longest matching."""

    lang: str
    entries: frozenset[tuple[str, ...]]
    longest: dict[str, int]
    """First unit → the most units of any entry starting with it."""
    index: int
    """The language's index in ``Stoplists.langs`` (its byte in ``Reading.alone``)."""
    pairs: frozenset[tuple[str, str]] = frozenset()
    """The first two units of every entry longer than one unit."""
    single: frozenset[str] = frozenset()
    """The one-unit entries' units."""

    def match_at(self, tokens: list[str], i: int) -> int:
        """Units of the longest entry that starts at ``tokens[i]`` (0: none)."""
        most = self.longest.get(tokens[i], 0)
        if most <= 1:  # no entry starts here, or only the unit itself (most units)
            return most
        # Most units that start a longer entry are not followed by its second unit: then
        # only the unit alone can match (5% of detection's tries match a longer entry).
        if tuple(tokens[i : i + 2]) in self.pairs:
            for size in range(min(most, len(tokens) - i), 1, -1):
                if tuple(tokens[i : i + size]) in self.entries:
                    return size
        return 1 if (tokens[i],) in self.entries else 0

    def cover(
        self, tokens: list[str], weights: list[float], *, final: bool, singles: int = -1
    ) -> tuple[float, int]:
        """Words covered by greedy longest matches from the start, and where matching
        stopped: at the end when ``final``, else where an entry could run past the end
        (the caller carries the rest over to the next chunk). ``singles``, when known:
        how many of ``tokens`` are one-unit entries (``Reading.alone`` counts them)."""
        n = len(tokens)
        stop = n if final else n - max(self.longest.values(), default=1)
        if weights.count(1.0) != n:  # unspaced script: the plain loop (float order)
            return self._cover_each(tokens, weights, stop)
        # Only a unit followed by the second unit of a longer entry (a pair in ``pairs``)
        # can start a match longer than one unit. Elsewhere greedy matching covers exactly
        # the units that are one-unit entries (``single``), one word each: those are
        # counted in C (or known), and only the pair positions (found in C) are matched
        # one by one; a match covers the words it spans instead of its one-unit entries.
        extra, i = 0, 0
        is_single = self.single.__contains__
        for at in compress(count(), map(self.pairs.__contains__, pairwise(tokens))):
            if at >= stop:
                break
            if at < i:  # inside the previous match
                continue
            step = self.match_at(tokens, at)
            if step > 1:  # every weight is 1: the words spanned
                extra += step - sum(map(is_single, tokens[at : at + step]))
                i = at + step
        end = max(i, stop)
        if singles < 0 or end != n:
            singles = sum(map(is_single, tokens[:end] if end != n else tokens))
        return float(singles + extra), end

    def _cover_each(self, tokens: list[str], weights: list[float], stop: int) -> tuple[float, int]:
        """``cover`` one position at a time (texts with letters of unspaced scripts, whose
        fractional weights must be added in this order)."""
        covered = 0.0
        i = 0
        while i < stop:
            step = self.match_at(tokens, i)
            if step:
                covered += max(1.0, sum(weights[i : i + step]))
                i += step
            else:
                i += 1
        return covered, i


@dataclass(frozen=True, slots=True)
class Stoplists:
    by_lang: dict[str, Stoplist]
    langs: tuple[str, ...] = ()
    """Every language with a list, sorted: detection names a language by its index here
    (one byte: there are fewer than 256)."""
    alone: dict[str, bytes] = field(default_factory=dict)
    """Detection's shortcut: a unit → the languages (indices into ``langs``) that have it as
    a one-unit entry (an entry surely starts there, nothing longer need be tried), then
    MATCH_MARK when ``longer`` holds the unit..."""
    longer: dict[str, tuple[tuple[Stoplist, bytes], ...]] = field(default_factory=dict)
    """...a unit → the other stoplists with an entry starting with it, with their index,
    whose entries need matching there.

    (No table of every stoplist by first unit is kept: one tuple of stoplists for each of
    17,848 units was the largest set of objects the cyclic garbage collector walked in a
    full collection, a quarter of the process's tracked objects, and only tests read it;
    they rebuild it from ``by_lang``.)"""


@cache
def stoplists() -> Stoplists:
    """Every language's stoplist from ``data/stopwords.tsv``, loaded once."""
    entries: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for line in (_DATA / "stopwords.tsv").read_text("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        lang, _, entry = line.partition("\t")
        tokens = tuple(units(entry)[0])
        if tokens:
            entries[lang].add(tokens)
    by_lang: dict[str, Stoplist] = {}
    starts: dict[str, list[Stoplist]] = defaultdict(list)
    for at, (lang, found) in enumerate(sorted(entries.items())):
        longest: dict[str, int] = {}
        for tokens in found:
            longest[tokens[0]] = max(longest.get(tokens[0], 0), len(tokens))
        stoplist = by_lang[lang] = Stoplist(
            lang,
            frozenset(found),
            longest,
            at,
            pairs=frozenset((e[0], e[1]) for e in found if len(e) > 1),
            single=frozenset(e[0] for e in found if len(e) == 1),
        )
        for first in longest:
            starts[first].append(stoplist)
    langs = tuple(by_lang)  # sorted above
    if len(langs) > MATCH_MARK:  # indices 0 .. len - 1 stay under the mark
        raise ValueError(f"{len(langs)} stoplists: a language index must fit under MATCH_MARK")
    index = {lang: bytes([i]) for i, lang in enumerate(langs)}
    longer = {
        k: tuple((sl, index[sl.lang]) for sl in v if (k,) not in sl.entries)
        for k, v in starts.items()
    }
    alone = {
        k: b"".join(index[sl.lang] for sl in v if (k,) in sl.entries)
        + (_MARK if longer[k] else b"")
        for k, v in starts.items()
    }
    return Stoplists(
        by_lang,
        langs=langs,
        alone=alone,  # never empty: every unit in ``starts`` is alone or longer
        longer={k: v for k, v in longer.items() if v},
    )


def stoplist(lang: str) -> Stoplist | None:
    """The stoplist of an ISO 639-1 language code, or ``None`` when there is none."""
    return stoplists().by_lang.get(lang)


TextHits = tuple[int, bytes]
"""Units read from one text, and one byte per hit: for each unit, the index (in
``Stoplists.langs``) of each language with an entry starting there. A text's hits are a
few bytes (0.1-0.3 a character on news pages), added up for the whole document in one
count (:func:`detect`)."""


def text_hits_python(text: str | Reading, limit: int = DETECT_MAX_UNITS) -> TextHits:
    """Detection's count for one text, reading at most ``limit`` units of it."""
    lists = stoplists()
    reading = text if isinstance(text, Reading) else read(text)
    tokens = reading.tokens
    if tokens is not None and len(tokens) <= limit and reading.alone is not None:
        hits = reading.alone
    else:
        if tokens is not None:
            tokens = tokens[:limit]
        else:
            tokens = []
            for chunk, _ in unit_chunks(reading.text.lower()):
                tokens.extend(chunk[: limit - len(tokens)])
                if len(tokens) >= limit:
                    break
        hits = _alone(tokens)
    # Every stoplist with an entry starting at a unit counts one hit there; where the unit
    # alone is an entry that is certain (the same count as trying every list's longest
    # entry first, and much faster). Those are joined in one pass in C (each unit's
    # languages, as bytes); only units that start longer entries alone need matching at
    # their positions, and the same pass marks whether there are any (MATCH_MARK).
    if MATCH_MARK in hits:
        longer = lists.longer
        more = [
            lang
            for i in compress(count(), map(longer.__contains__, tokens))
            for stoplist, lang in longer[tokens[i]]
            if stoplist.match_at(tokens, i)
        ]
        hits = hits.replace(_MARK, b"") + b"".join(more)
    return len(tokens), hits


def text_hits_native(text: str | Reading, limit: int = DETECT_MAX_UNITS) -> TextHits:
    """``text_hits_python(text, limit)``; for a Reading of at most ``limit`` units,
    computed in C (``native.py``)."""
    found = native.compiled.text_hits(text, limit, stoplists().longer, Reading)
    return text_hits_python(text, limit) if found is None else found


text_hits = text_hits_native if native.ENABLED else text_hits_python


def _count(texts: Iterable[str], count: Callable[[str], TextHits]) -> tuple[int, bytes]:
    """The texts' hits, in order, up to DETECT_MAX_UNITS units (the last text read in part)."""
    found: list[bytes] = []
    seen = 0
    for text in texts:
        counted = count(text)
        if seen + counted[0] > DETECT_MAX_UNITS:  # the last text is read only in part
            counted = text_hits(text, DETECT_MAX_UNITS - seen)
        seen += counted[0]
        found.append(counted[1])
        if seen >= DETECT_MAX_UNITS:
            break
    return seen, b"".join(found)


def byte_counts_python(hits: bytes) -> dict[int, int]:
    """How many times each byte occurs in ``hits`` (detection's count by language)."""
    return Counter(hits)


def byte_counts_native(hits: bytes) -> dict[int, int]:
    """``byte_counts_python(hits)`` counted in C (``Counter``: 0.16 ms a WCXB page)."""
    return native.compiled.byte_counts(hits)


byte_counts = byte_counts_native if native.ENABLED else byte_counts_python


def detect(
    texts: Iterable[str],
    count: Callable[[str], TextHits] = text_hits,
    *,
    scored: Iterable[str] | None = None,
) -> Stoplist | None:
    """The stoplist of the language whose entries start at the most of the texts' units
    (the first DETECT_MAX_UNITS units are read); ``None`` when even the best one starts at
    under DETECT_MIN_SHARE of them. ``count`` makes (or remembers: a document's passes and
    a site's pages repeat most of their texts) one text's ``text_hits``; the document's
    hits are counted once, in C.

    ``scored``: the texts the stoplist can matter for (those the scorer may score). When
    they hold DETECT_MIN_UNITS units or more only they are read, else all of ``texts``."""
    lists = stoplists()
    seen, hits = _count(scored, count) if scored is not None else (0, b"")
    if scored is None or seen < DETECT_MIN_UNITS:
        seen, hits = _count(texts, count)
    if not hits:
        return None
    by_lang = {lists.langs[i]: n for i, n in byte_counts(hits).items()}
    best = max(sorted(by_lang), key=by_lang.__getitem__)
    return lists.by_lang[best] if by_lang[best] >= DETECT_MIN_SHARE * seen else None


class Measure(NamedTuple):
    """What the scorer needs to know about a block's words (a named tuple, as Reading)."""

    words: float
    """Length in words (word-equivalents in unspaced scripts)."""
    stopword_density: float | None
    """Share of stopwords; ``None`` when the document's language has no stoplist. Asked
    with ``high`` (``measure``), a share of ``high`` or more may be a lower bound."""


def measure_python(
    text: str | Reading, stoplist: Stoplist | None, high: float | None = None
) -> Measure:
    """A block's length in words and its stopword density, in one pass over its units.

    ``high``: a density known to be at least this need not be exact (the scorer only
    asks whether it is): when the one-unit entries alone make that share of the words
    (72-91% of the blocks the scorer measures), their share is returned and the cover is
    not worked out. Where every unit weighs one word each of them is covered, alone or
    inside a longer match that covers every word it spans, so the exact density is at
    least theirs (``tests/test_fast_features.py``)."""
    reading = _reading(text)
    if reading.tokens is not None and reading.weights is not None:  # the common case
        words = reading.words  # ``sum(weights)``
        if stoplist is None:
            return Measure(words, None)
        if words <= 0:
            return Measure(words, 0.0)
        singles = -1 if reading.alone is None else reading.alone.count(stoplist.index)
        if high is not None and singles >= 0:
            least = min(1.0, singles / words)
            if least >= high and reading.weights.count(1.0) == len(reading.weights):
                return Measure(words, least)
        covered = stoplist.cover(reading.tokens, reading.weights, final=True, singles=singles)[0]
        return Measure(words, min(1.0, covered / words))
    words = covered = 0.0
    tokens: list[str] = []
    weights: list[float] = []
    for new_tokens, new_weights in unit_chunks(reading.text.lower()):
        words += sum(new_weights)
        if stoplist is None:
            continue
        tokens, weights = tokens + new_tokens, weights + new_weights
        done, at = stoplist.cover(tokens, weights, final=False)
        covered += done
        tokens, weights = tokens[at:], weights[at:]
    if stoplist is None:
        return Measure(words, None)
    covered += stoplist.cover(tokens, weights, final=True)[0]
    return Measure(words, min(1.0, covered / words) if words > 0 else 0.0)


def measure_native(
    text: str | Reading, stoplist: Stoplist | None, high: float | None = None
) -> Measure:
    """``measure_python(text, stoplist, high)``; for a Reading with tokens whose every
    weight is 1.0, computed in C (``native.py``)."""
    found = native.compiled.measure(text, stoplist, high, Reading, Measure)
    return measure_python(text, stoplist, high) if found is None else found


measure = measure_native if native.ENABLED else measure_python
