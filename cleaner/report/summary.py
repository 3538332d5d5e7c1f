"""The figures a report states about one document, computed once for its page and its row
in the index, so that the two always agree."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Result
from ..removal import RemovalKey
from .verdict import View, views


@dataclass(frozen=True, slots=True)
class ReasonCount:
    """How many blocks one reason removed, and where the first of them is."""

    key: RemovalKey
    blocks: int
    chars: int
    first: int
    """Index of the first block it removed (the anchor ``#b<first>`` on the page)."""


@dataclass(frozen=True, slots=True)
class Summary:
    kept_blocks: int
    removed_blocks: int
    kept_chars: int
    removed_chars: int
    reasons: tuple[ReasonCount, ...]
    """Removals by reason, most blocks first (ties: the earlier first block first)."""

    @property
    def share_removed(self) -> float:
        """Removed characters over all characters (0.0 for an empty document)."""
        total = self.kept_chars + self.removed_chars
        return self.removed_chars / total if total else 0.0


def summarize(result: Result, seen: list[View] | None = None) -> Summary:
    """One pass over the blocks: counts and characters, kept and removed, by reason."""
    if seen is None:
        seen = views(result)
    kept_blocks = kept_chars = removed_chars = 0
    counts: dict[RemovalKey, list[int]] = {}
    for index, (block, one) in enumerate(zip(result.blocks, seen, strict=True)):
        size = len(block.text)
        if block.kept:
            kept_blocks += 1
            kept_chars += size
            continue
        removed_chars += size
        entry = counts.setdefault(one.key, [0, 0, index])
        entry[0] += 1
        entry[1] += size
    reasons = sorted(
        (ReasonCount(key, n, chars, first) for key, (n, chars, first) in counts.items()),
        key=lambda r: (-r.blocks, r.first),
    )
    return Summary(
        kept_blocks=kept_blocks,
        removed_blocks=len(result.blocks) - kept_blocks,
        kept_chars=kept_chars,
        removed_chars=removed_chars,
        reasons=tuple(reasons),
    )
