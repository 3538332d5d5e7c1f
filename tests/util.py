"""Small helpers shared by test modules."""

from __future__ import annotations

from pathlib import Path

from cleaner.language import Stoplist


def write_rules(tmp_path: Path, body: str) -> Path:
    """Write a user rule file with ``body`` and return its path."""
    path = tmp_path / "mine.toml"
    path.write_text(body, encoding="utf-8")
    return path


def plain_cover(stoplist: Stoplist, tokens: list[str], weights: list[float]) -> float:
    """Words a stoplist covers: greedy longest match at every position, one position at
    a time (the plain definition ``Stoplist.cover`` and ``language.measure`` are held to)."""
    covered, i = 0.0, 0
    while i < len(tokens):
        step = stoplist.match_at(tokens, i)
        if step:
            covered += max(1.0, sum(weights[i : i + step]))
            i += step
        else:
            i += 1
    return covered
