"""``--stats``: what removed how much over a run, by rule id (or stage) and reason: what a
rule author needs to see which rules earn their keep and which fire too often."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model import Result
from ..removal import RemovalKey, removal_key


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
