"""``--stats``: what removed how much over a run, by rule id (or stage) and reason: what a
rule author needs to see which rules earn their keep and which fire too often."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from ..model import Block, Origin, Result

STAGE_REASONS: Mapping[Origin, str] = {
    Origin.AFTER_CUT: "below the end-of-article marker",
    Origin.CHROME: "inside an element whose class or id names site chrome",
    Origin.OUTSIDE_BODY: "outside the article container",
    Origin.BEFORE_HEADLINE: "before the headline",
    Origin.SCORER: "the scorer's points; the id names the most negative feature",
    Origin.OUTSIDE_REGION: "outside the best-scoring body region",
    Origin.NEIGHBOURS: "followed its dropped neighbours",
}
"""The reason column for removals no single rule made."""


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
        """The rule file's reason for a rule, else the stage's."""
        if self.origin in RULE_ORIGINS and self.rule in notes:
            return notes[self.rule]
        return STAGE_REASONS.get(self.origin, "")


def removal_key(block: Block) -> RemovalKey:
    """What removed a block; its ``str`` is the id in the table (``chrome:related``,
    ``scorer:short``, ``outside-body``, a rule id…)."""
    detail = ""
    if block.origin is Origin.CHROME and block.chrome is not None:
        detail = block.chrome.category
    elif block.origin is Origin.SCORER and block.features:
        detail = min(block.features, key=lambda f: f.points).name
    return RemovalKey(block.origin, block.rule or "", detail, block.settled)


def count_removals(result: Result) -> dict[RemovalKey, tuple[int, int]]:
    """Removed blocks and characters of one result, by :func:`removal_key` (small, so
    that a worker process can send it back beside the output)."""
    counts: dict[RemovalKey, tuple[int, int]] = {}
    for block in result.blocks:
        if block.kept:
            continue
        key = removal_key(block)
        blocks, chars = counts.get(key, (0, 0))
        counts[key] = (blocks + 1, chars + len(block.text))
    return counts


@dataclass
class RemovalStats:
    """Sums over a run. One per run: nothing outlives it."""

    blocks: Counter[RemovalKey] = field(default_factory=Counter)
    chars: Counter[RemovalKey] = field(default_factory=Counter)
    documents: int = 0

    def add(self, counts: Mapping[RemovalKey, tuple[int, int]]) -> None:
        self.documents += 1
        for key, (blocks, chars) in counts.items():
            self.blocks[key] += blocks
            self.chars[key] += chars

    def table(self, notes: Mapping[str, str]) -> str:
        """One line per rule id or stage, most blocks first: blocks, characters, id and
        reason. ``notes``: each rule's reason by id (``rule_notes``)."""
        lines = [
            f"cleaner: removals in {self.documents} document(s), by rule or stage",
            f"{'blocks':>8} {'chars':>10}  {'rule or stage':<40} reason",
        ]
        for key, count in sorted(self.blocks.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            name = str(key)
            lines.append(
                f"{count:>8} {self.chars[key]:>10}  {name:<40} {key.reason(notes)}".rstrip()
            )
        if len(lines) == 2:
            lines.append("       0          0  (nothing removed)")
        return "\n".join(lines)
