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
    section name alone and the end of a sentence after a wrapped line."""
    shape = shapes()
    out: list[range] = []
    start = 0
    for i in range(1, len(segments) + 1):
        if i < len(segments):
            prev, line = segments[i - 1].text, segments[i].text
            if i - 1 == start and shape.attribution_label.fullmatch(prev):
                continue  # "Theo" / "VnExpress": one attribution over two lines
            if (
                shape.continuation.match(line)  # the cheapest test first: most lines fail it
                and not prev.endswith(":")
                and not (shape.terminal.search(prev) or shape.ellipsis.search(prev))
                and (
                    (len(prev) >= t.wrap_min_chars and words(line) >= 2)
                    or (rules.first_line_rule(line) is None and rules.first_line_rule(prev) is None)
                )
            ):
                continue
        out.append(range(start, i))
        start = i
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
