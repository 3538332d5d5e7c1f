"""A block's working state while the decision runs: its verdict so far, which stage gave
it, the rule or the scorer's points, and whether context may still change it."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .model import Block, Feature, Origin, Segment


class Verdict(enum.Enum):
    KEEP = "keep"
    DROP = "drop"
    NONE = "undecided"


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
        seg = self.segment
        return Block(
            text=seg.text,
            kept=self.verdict is Verdict.KEEP,
            origin=self.origin,
            rule=self.rule,
            features=self.features,
            score=self.score,
            chrome=seg.chrome if self.origin is Origin.CHROME else None,
            neighbours=self.neighbours,
            settled=self.settled,
            tag=seg.tag,
            classes=seg.classes,
        )
