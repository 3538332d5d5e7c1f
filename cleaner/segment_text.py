"""Text front end: a document's plain text becomes one segment per non-empty line."""

from __future__ import annotations

from .model import Segment
from .normalize import normalize_text


def segment_text(text: str) -> list[Segment]:
    """Split normalised text into line segments; blank lines separate nothing else."""
    return [Segment(text=line) for line in normalize_text(text).split("\n") if line]
