"""Text front end: a document's plain text becomes one segment per non-empty line."""

from __future__ import annotations

import re

from .errors import LimitExceeded
from .model import Segment, make_segment
from .normalize import collapse_spaces, normalize_breaks, normalize_spaces

MAX_TEXT_LINES = 50_000
"""Text with more non-empty lines than this is refused: no article has them. Counted
before any segment is built, so the refusal costs no more memory than the text."""
_LINE = re.compile("[^\n]+")


def segment_text(text: str) -> list[Segment]:
    """Split normalised text into line segments; blank lines separate nothing else."""
    text = normalize_breaks(text)
    if text.count("\n") >= MAX_TEXT_LINES:
        lines = _LINE.subn("", normalize_spaces(text))[1]  # counted in C, no list of lines
        if lines > MAX_TEXT_LINES:
            raise LimitExceeded(
                "text",
                limit="MAX_TEXT_LINES",
                maximum=MAX_TEXT_LINES,
                actual=lines,
                unit="non-blank lines",
            )
    return [make_segment(line) for line in map(collapse_spaces, text.split("\n")) if line]
