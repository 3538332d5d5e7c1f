"""``--stats``: what removed how much over a run, by rule id (or stage) and reason: what a
rule author needs to see which rules earn their keep and which fire too often."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

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


def removal_key(block: Block) -> str:
    """What removed a block: the rule id, or the stage (``chrome:related``,
    ``scorer:short``, ``outside-body``…)."""
    match block.origin:
        case Origin.RULE | Origin.BLOCK_RULE | Origin.CUT:
            key = block.rule or block.origin.value
        case Origin.AFTER_CUT:
            key = f"after:{block.rule}"
        case Origin.CHROME:
            key = f"chrome:{block.chrome.split(':', 1)[0]}"
        case Origin.SCORER if block.features:
            key = f"scorer:{min(block.features, key=lambda f: f.points).name}"
        case _:
            key = block.origin.value
    return f"settle:{key}" if block.settled else key


def count_removals(result: Result) -> dict[str, tuple[int, int]]:
    """Removed blocks and characters of one result, by :func:`removal_key` (small, so
    that a worker process can send it back beside the output)."""
    counts: dict[str, tuple[int, int]] = {}
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

    blocks: Counter[str] = field(default_factory=Counter)
    chars: Counter[str] = field(default_factory=Counter)
    documents: int = 0

    def add(self, counts: Mapping[str, tuple[int, int]]) -> None:
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
        for key, count in sorted(self.blocks.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(
                f"{count:>8} {self.chars[key]:>10}  {key:<40} {_reason(key, notes)}".rstrip()
            )
        if len(lines) == 2:
            lines.append("       0          0  (nothing removed)")
        return "\n".join(lines)


def _reason(key: str, notes: Mapping[str, str]) -> str:
    bare = key.removeprefix("settle:")
    if bare in notes:
        return notes[bare]
    stage = bare.split(":", 1)[0]
    if stage == "after":
        stage = Origin.AFTER_CUT.value
    for origin, reason in STAGE_REASONS.items():
        if origin.value == stage:
            return reason
    return ""
