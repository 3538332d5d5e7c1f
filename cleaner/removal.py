"""What removed a block, as data: one key type that ``--stats`` and the review report
both count removals by, so that neither re-reads a printed reason."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from .model import Block, Origin

STAGE_REASONS: Mapping[Origin, str] = {
    Origin.AFTER_CUT: "below the end-of-article marker",
    Origin.CHROME: "inside an element whose class or id names site chrome",
    Origin.OUTSIDE_BODY: "outside the article container",
    Origin.BEFORE_HEADLINE: "before the headline",
    Origin.SCORER: "the scorer's points; the id names the most negative feature",
    Origin.OUTSIDE_REGION: "outside the best-scoring body region",
    Origin.NEIGHBOURS: "followed its dropped neighbours",
    Origin.REPEAT: "a repeat of a block kept earlier in the document",
}
"""The reason for removals no single rule made."""

RULE_ORIGINS = frozenset({Origin.RULE, Origin.BLOCK_RULE, Origin.CUT})
"""Origins where a rule id decides, and the rule file's reason explains it."""


class RemovalKey(NamedTuple):
    """What removed a block: a rule, or a stage with what drove it (the chrome category,
    the scorer's most negative feature)."""

    origin: Origin
    rule: str = ""
    detail: str = ""
    settled: bool = False

    def __str__(self) -> str:
        if self.origin in RULE_ORIGINS:
            key = self.rule or self.origin.value
        elif self.origin is Origin.AFTER_CUT:
            key = f"after:{self.rule}"
        elif self.detail:
            key = f"{self.origin.value}:{self.detail}"
        else:
            key = self.origin.value
        return f"settle:{key}" if self.settled else key

    def reason(self, notes: Mapping[str, str]) -> str:
        """The rule file's reason where a rule decided, else the stage's. ``notes``: each
        rule's reason by id."""
        if self.origin in RULE_ORIGINS and self.rule in notes:
            return notes[self.rule]
        return STAGE_REASONS.get(self.origin, "")


def removal_key(block: Block, *, by_feature: bool = True, by_settle: bool = True) -> RemovalKey:
    """What removed ``block``; its ``str`` is the id shown (``chrome:related``,
    ``scorer:short``, ``outside-body``, a rule id…). ``by_feature``: scorer drops are told
    apart by their most negative feature; ``by_settle``: drops made while settling the
    document are told apart from first verdicts."""
    detail = ""
    if block.origin is Origin.CHROME and block.chrome is not None:
        detail = block.chrome.category
    elif by_feature and block.origin is Origin.SCORER and block.features:
        detail = min(block.features, key=lambda f: f.points).name
    return RemovalKey(block.origin, block.rule or "", detail, by_settle and block.settled)
