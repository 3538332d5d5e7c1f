"""Text mode: lines that a hard wrap cut out of one paragraph are decided together.

jusText keeps the page source's line breaks inside a paragraph, and e-mail or PDF text
wraps at a fixed width: one paragraph arrives as several lines, each too short to read
as prose. A line that starts like the middle of a sentence (the ``continuation`` shape in
``data/shapes.toml``, a lower-case letter) after a line that does not end like one is the
same paragraph, unless a line rule decides either line alone. Each paragraph is scored
and decided as one block (its lines joined by a space), and every line of it gets that
verdict: the output is still the input's lines.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from functools import cache, partial
from itertools import compress, count, islice
from typing import TYPE_CHECKING

import regex

from . import decide as _decide
from . import native
from .features import shapes, words
from .memo import DecisionMemo
from .model import Block, Segment, make_segment
from .patterns import prefix_askable
from .rulebook import RuleSet
from .slot import restated
from .thresholds import Thresholds

if TYPE_CHECKING:
    from . import _ctext

MAX_REGROUP_PASSES = 8
"""Deleting a paragraph can make two others adjacent and join them; the decision runs
again on what it kept until nothing more goes (bounded, as in ``decide``)."""


Places = tuple[list[int], list[int]]
"""The lines of a document that are an attribution label, and those that start like a
continuation (``line_places``), by index."""


class KnownShapes:
    """A Cleaner's answers of the two shapes ``line_places`` asks (by line text, one table
    a shape), for the lines the first-character screen lets through: dantri's "Tin tức"
    or "Thể thao" may begin "Theo", so about 48 of a page's 158 lines are asked the label
    shape (0.2 µs a search, 10 µs a page); a site's next page repeats most of them and
    pays a lookup each. A shape's answer is a function of the line alone, so the tables
    are never wrong, only full: at most ``size`` lines of at most ``max_chars`` characters
    in all, both emptied when a document's new lines take them past either. A Cleaner is
    shared by threads: ``places`` holds a lock from the lengths it reads to the counting
    of what it added (without it, a table emptied by another thread in between made the
    count of new entries negative and ``places`` raise, and ``chars`` drift from what the
    tables hold)."""

    def __init__(self, size: int, max_chars: int) -> None:
        self.size, self.max_chars = size, max_chars
        self.labels: dict[str, bool] = {}
        self.continues: dict[str, bool] = {}
        self.chars = 0
        self._lock = threading.Lock()

    def places(self, texts: list[str]) -> Places:
        """``line_places`` of ``texts``, with the answers these tables hold and adding the
        ones asked (compiled screen only; the Python twin asks every line)."""
        if not native.ENABLED:
            return line_places_python(texts)
        with self._lock:
            labels, continues = len(self.labels), len(self.continues)
            out = line_places_native(texts, self)
            if len(self.labels) > labels or len(self.continues) > continues:
                self._account(len(self.labels) - labels, len(self.continues) - continues)
        return out

    def _account(self, labels: int, continues: int) -> None:
        """Count the characters of the newest entries (the last ``labels`` and
        ``continues`` of each dict); empty both tables when they hold too much."""
        self.chars += sum(map(len, islice(reversed(self.labels), labels)))
        self.chars += sum(map(len, islice(reversed(self.continues), continues)))
        if self.chars > self.max_chars or max(len(self.labels), len(self.continues)) > self.size:
            self.labels.clear()
            self.continues.clear()
            self.chars = 0


def line_places_python(texts: list[str]) -> Places:
    """``groups``' two shapes asked of every line (one ``map`` of each)."""
    shape = shapes()
    return (
        list(compress(count(), map(shape.attribution_label.fullmatch, texts))),
        list(compress(count(), map(shape.continuation.match, texts))),
    )


def line_places_native(texts: list[str], known: KnownShapes | None = None) -> Places:
    """:func:`line_places_python`, each shape asked only of the lines whose first
    character may begin a match of it (``_ctext.FirstScreen``): a label starts with one
    of three letters, a continuation with a lower-case one, so of a corpus text's 145
    lines about 45 are asked instead of 290. ``known``: a Cleaner's answers by line
    (:class:`KnownShapes`), read and added to."""
    shape = shapes()
    label, continuation = _screens()
    if known is None:
        return (
            label.places(texts, shape.attribution_label.fullmatch),
            continuation.places(texts, shape.continuation.match),
        )
    return (
        label.places(texts, shape.attribution_label.fullmatch, known.labels),
        continuation.places(texts, shape.continuation.match, known.continues),
    )


@cache
def _screens() -> tuple[_ctext.FirstScreen, _ctext.FirstScreen]:
    """The two shapes' screens by first character (:func:`screen`), kept for the process
    (each keeps its answers as the texts' first characters come, the tokenizer's way)."""
    shape = shapes()
    return screen(shape.attribution_label), screen(shape.continuation)


def _may(_: str) -> bool:
    return True


def screen(pattern: regex.Pattern[str]) -> _ctext.FirstScreen:
    """A screen of the texts ``pattern`` may match (``match`` or ``fullmatch``) by their
    first character: ``regex``'s partial matching asked of the one character (a match
    the end of the string cut short counts), where that finds nothing, no text starting
    with the character has a match. That holds only for a pattern
    :func:`~cleaner.patterns.prefix_askable` accepts (``a\\B`` finds nothing in "a" and
    matches "ab"): any other is asked of every text. ``shapes.toml`` is data, so the guard
    is the code's, not an assumption about today's two shapes."""
    assert native.compiled is not None
    if prefix_askable(pattern):
        return native.compiled.FirstScreen(partial(pattern.match, partial=True))
    return native.compiled.FirstScreen(_may)


line_places = line_places_native if native.ENABLED else line_places_python
"""The lines of ``texts`` that are an attribution label, and those that start like a
continuation (the compiled screen where it is in use)."""


def places_of(places: Places, kept: list[int]) -> Places:
    """``line_places`` of the lines ``kept`` (ascending indices) of the document whose
    ``places`` these are, without asking the shapes again: each is a question about one
    line's text alone. The places are few (a label, a wrapped line), so each is looked up
    in ``kept`` (bisection) rather than ``kept`` walked."""

    def within(lines: list[int]) -> list[int]:
        found = [bisect_left(kept, i) for i in lines]
        return [j for i, j in zip(lines, found, strict=True) if j < len(kept) and kept[j] == i]

    return within(places[0]), within(places[1])


def alone(places: Places) -> bool:
    """Whether no line can join the one before, by the document's ``line_places``:
    ``groups`` joins a line only after an attribution label or where it starts like a
    continuation, so with neither every line is a run of its own and the runs need not be
    made (most text documents: a page's menus and paragraphs each on a line).
    ``tests/test_fast_paths.py`` holds ``groups`` to that."""
    return not places[0] and not places[1]


def groups(
    segments: list[Segment], rules: RuleSet, t: Thresholds, places: Places | None = None
) -> list[range]:
    """Consecutive runs of lines that form one paragraph (one line each, mostly). A line
    that a line rule decides on its own (``img`` after a headline) is its own block, unless
    it has two words or more after a full line (``t.wrap_min_chars``): "tiêu dùng" is a
    section name alone and the end of a sentence after a wrapped line.

    A line can join the run before it only where that line is an attribution label or
    this one starts like a continuation: those places are found over all lines at once
    (``line_places``), every other line is a run of its own, and the loop visits the
    places alone (``tests/test_fast_paths.py`` holds this to the line-by-line loop).
    ``places``: ``line_places`` of these lines where the caller has them."""
    shape = shapes()
    texts = [s.text for s in segments]
    n = len(texts)
    labels, starts = line_places(texts) if places is None else places
    after_label = {i + 1 for i in labels}
    continues = set(starts)
    out: list[range] = []
    start = last = 0  # the open run: lines start to last
    for i in sorted((after_label | continues) - {0, n}):
        if last + 1 < i:  # the lines between close the open run, each then a run alone
            out.append(range(start, last + 1))
            out.extend(map(range, range(last + 1, i - 1), range(last + 2, i)))
            start = last = i - 1
        prev, line = texts[i - 1], texts[i]
        if i - 1 == start and i in after_label:
            last = i
            continue  # "Theo" / "VnExpress": one attribution over two lines
        if (
            i in continues
            and not prev.endswith(":")
            and not (shape.terminal.search(prev) or shape.ellipsis.search(prev))
            and (
                (len(prev) >= t.wrap_min_chars and words(line) >= 2)
                or (rules.first_line_rule(line) is None and rules.first_line_rule(prev) is None)
            )
        ):
            last = i
            continue
        out.append(range(start, i))
        start = last = i
    if n:
        out.append(range(start, last + 1))
        out.extend(map(range, range(last + 1, n), range(last + 2, n + 1)))
    return out


def _decide_once(
    segments: list[Segment],
    rules: RuleSet,
    t: Thresholds,
    memo: DecisionMemo | None,
    places: Places | None = None,
) -> tuple[list[Block], bool]:
    """The blocks, and whether any paragraph spanned several lines."""
    if places is not None and alone(places):  # one run a line: what ``groups`` would say
        return _decide.decide(segments, rules, thresholds=t, memo=memo), False
    runs = groups(segments, rules, t, places)
    if len(runs) == len(segments):
        return _decide.decide(segments, rules, thresholds=t, memo=memo), False
    # A run of one line is decided as its own segment: a text-mode segment is its text
    # alone, so it is the segment the join would make (a new one cost 0.28 µs a line).
    joined = [
        segments[run.start]
        if len(run) == 1
        else make_segment(" ".join(segments[i].text for i in run))
        for run in runs
    ]
    decided = _decide.decide(joined, rules, thresholds=t, memo=memo)
    blocks: list[Block] = []
    for run, block in zip(runs, decided, strict=True):
        if len(run) == 1:  # its own text already: a copy per line cost 3.6 µs each
            blocks.append(block)
        else:
            blocks.extend(restated(block, segments[i].text, block.settled) for i in run)
    return blocks, True


def decide_text(
    segments: list[Segment],
    rules: RuleSet,
    t: Thresholds,
    memo: DecisionMemo | None = None,
    shapes_known: KnownShapes | None = None,
) -> list[Block]:
    """``decide`` for text mode, with hard-wrapped paragraphs decided as one block.
    ``segments``: text mode's, each its text alone (``segment_text``). The lines' shapes
    are asked once (``line_places``, or a Cleaner's ``shapes_known`` where it has one); a
    regroup pass reads them for the lines it keeps."""
    texts = [s.text for s in segments]
    places = line_places(texts) if shapes_known is None else shapes_known.places(texts)
    blocks, wrapped = _decide_once(segments, rules, t, memo, places)
    if alone(places):
        # No line can join another, nor can one among any lines kept (``places_of``
        # gives sublists of empty lists): the loop below would stop at once, after a
        # pass over every block for the kept ones (a page's 150: 4-5 µs).
        return blocks
    for _ in range(MAX_REGROUP_PASSES):
        kept = [i for i, b in enumerate(blocks) if b.kept]
        if len(kept) == len(segments):
            break  # nothing dropped: the same input again, the same answer
        rest = [segments[i] for i in kept]
        kept_places = places_of(places, kept)
        if not wrapped and (
            alone(kept_places) or len(groups(rest, rules, t, kept_places)) == len(rest)
        ):
            break  # line by line both times: decide's own settling already holds
        again, wrapped = _decide_once(rest, rules, t, memo, kept_places)
        gone = [(i, b) for i, b in zip(kept, again, strict=True) if not b.kept]
        if not gone:
            break
        for i, b in gone:
            blocks[i] = restated(b, b.text, True)
    return blocks
