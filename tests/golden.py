"""Discovery of golden cases: fixtures/<source>/<case>.{txt,html} + <case>.expected.txt."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
INPUT_SUFFIXES = (".html", ".txt")


@dataclass(frozen=True)
class Case:
    source: str
    name: str
    input: Path
    expected: Path
    url: str | None = None
    source_hint: str | None = None
    kind: str = "auto"
    must_contain: tuple[str, ...] = ()
    must_not_contain: tuple[str, ...] = ()
    unchanged: bool = False
    xfail: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.source}/{self.name}"


def discover(root: Path = FIXTURES) -> list[Case]:
    cases = []
    for path in sorted(root.glob("*/*")):
        if path.suffix not in INPUT_SUFFIXES or path.name.endswith(".expected.txt"):
            continue
        stem = path.name[: -len(path.suffix)]
        meta_path = path.with_name(stem + ".toml")
        meta = tomllib.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
        cases.append(
            Case(
                source=path.parent.name,
                name=stem,
                input=path,
                expected=path.with_name(stem + ".expected.txt"),
                url=meta.get("url"),
                source_hint=meta.get("source"),
                kind=meta.get("kind", "auto"),
                must_contain=tuple(meta.get("must_contain", ())),
                must_not_contain=tuple(meta.get("must_not_contain", ())),
                unchanged=bool(meta.get("unchanged", False)),
                xfail=meta.get("xfail"),
            )
        )
    return cases
