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

from itertools import compress, count

from . import decide as _decide
from .features import shapes, words
from .memo import DecisionMemo
from .model import Block, Segment, make_segment
from .rulebook import RuleSet
from .slot import restated
from .thresholds import Thresholds

MAX_REGROUP_PASSES = 8
"""Deleting a paragraph can make two others adjacent and join them; the decision runs
again on what it kept until nothing more goes (bounded, as in ``decide``)."""


def groups(segments: list[Segment], rules: RuleSet, t: Thresholds) -> list[range]:
    """Consecutive runs of lines that form one paragraph (one line each, mostly). A line
    that a line rule decides on its own (``img`` after a headline) is its own block, unless
    it has two words or more after a full line (``t.wrap_min_chars``): "tiêu dùng" is a
    section name alone and the end of a sentence after a wrapped line.

    A line can join the run before it only where that line is an attribution label or
    this one starts like a continuation: those places are found in C over all lines (one
    ``map`` of each shape), every other line is a run of its own, and the loop visits the
    places alone (``tests/test_fast_paths.py`` holds this to the line-by-line loop)."""
    shape = shapes()
    texts = [s.text for s in segments]
    n = len(texts)
    after_label = set(compress(count(1), map(shape.attribution_label.fullmatch, texts)))
    continues = set(compress(count(), map(shape.continuation.match, texts)))
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
    segments: list[Segment], rules: RuleSet, t: Thresholds, memo: DecisionMemo | None
) -> tuple[list[Block], bool]:
    """The blocks, and whether any paragraph spanned several lines."""
    runs = groups(segments, rules, t)
    if len(runs) == len(segments):
        return _decide.decide(segments, rules, thresholds=t, memo=memo), False
    joined = [make_segment(" ".join(segments[i].text for i in run)) for run in runs]
    decided = _decide.decide(joined, rules, thresholds=t, memo=memo)
    blocks: list[Block] = []
    for run, block in zip(runs, decided, strict=True):
        if len(run) == 1:  # its own text already: a copy per line cost 3.6 µs each
            blocks.append(block)
        else:
            blocks.extend(restated(block, segments[i].text, block.settled) for i in run)
    return blocks, True


def decide_text(
    segments: list[Segment], rules: RuleSet, t: Thresholds, memo: DecisionMemo | None = None
) -> list[Block]:
    """``decide`` for text mode, with hard-wrapped paragraphs decided as one block."""
    blocks, wrapped = _decide_once(segments, rules, t, memo)
    for _ in range(MAX_REGROUP_PASSES):
        kept = [i for i, b in enumerate(blocks) if b.kept]
        if len(kept) == len(segments):
            break  # nothing dropped: the same input again, the same answer
        rest = [segments[i] for i in kept]
        if not wrapped and len(groups(rest, rules, t)) == len(rest):
            break  # line by line both times: decide's own settling already holds
        again, wrapped = _decide_once(rest, rules, t, memo)
        gone = [(i, b) for i, b in zip(kept, again, strict=True) if not b.kept]
        if not gone:
            break
        for i, b in gone:
            blocks[i] = restated(b, b.text, True)
    return blocks
