"""Small helpers shared by test modules."""

from __future__ import annotations

from pathlib import Path


def write_rules(tmp_path: Path, body: str) -> Path:
    """Write a user rule file with ``body`` and return its path."""
    path = tmp_path / "mine.toml"
    path.write_text(body, encoding="utf-8")
    return path
