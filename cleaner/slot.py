"""A block's working state while the decision runs: its verdict so far, which stage gave
it, the rule or the scorer's points, and whether context may still change it."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .model import Block, Feature, Origin, Segment, make_block


class Verdict(enum.Enum):
    KEEP = "keep"
    DROP = "drop"
    NONE = "undecided"


KEEP, DROP, UNDECIDED = Verdict.KEEP, Verdict.DROP, Verdict.NONE
"""The verdicts as module constants for the pipeline's loops: on Python 3.11 every
``Verdict.KEEP`` read goes through ``EnumType.__getattr__`` (about 100 ns, a global 20), and
the steps read them a few dozen times a block."""

_CHROME = Origin.CHROME


@dataclass(slots=True)
class Slot:
    """Working state of one block while the pipeline runs."""

    segment: Segment
    verdict: Verdict = Verdict.NONE
    origin: Origin = Origin.SCORER
    rule: str | None = None
    score: float = 0.0
    features: tuple[Feature, ...] = ()
    """The scorer features that fired, with their points."""
    protected: bool = False
    """Kept by a KEEP rule: context cannot drop it."""
    ends_body: bool = False
    """Dropped by a footer's line rule (``Rule.ends_body``)."""
    edges_only: bool = False
    """Dropped by a line rule that, in an extracted text, drops only outside the prose
    (``Rule.edges_only``)."""
    neighbours: tuple[str, str] | None = None
    settled: bool = False

    def set(
        self, verdict: Verdict, origin: Origin, rule: str | None = None, *, protected: bool = False
    ) -> None:
        self.verdict, self.origin, self.rule, self.protected = verdict, origin, rule, protected

    def block(self) -> Block:
        """The block's public record, by position in ``Block``'s field order through
        ``make_block`` (0.7 µs; ``Block(...)`` by keyword 2.3: ``tests/test_fast_objects.py``
        holds the two equal)."""
        seg = self.segment
        origin = self.origin
        return make_block(
            seg.text,
            self.verdict is KEEP,
            origin,
            self.rule,
            self.features,
            self.score,
            seg.chrome if origin is _CHROME else None,
            self.neighbours,
            self.settled,
            seg.tag,
            seg.classes,
        )


def restated(block: Block, text: str, settled: bool) -> Block:
    """``dataclasses.replace(block, text=text, settled=settled)`` by position (0.7 against
    4.5 µs): a wrapped paragraph's verdict on each of its lines, a settle pass's drop."""
    b = block
    return make_block(
        text,
        b.kept,
        b.origin,
        b.rule,
        b.features,
        b.score,
        b.chrome,
        b.neighbours,
        settled,
        b.tag,
        b.classes,
    )
