"""Golden files: each fixture case's output must equal its hand-written expected file.

`pytest tests/test_golden.py --regen-goldens` rewrites the expected files from the current
output instead; review the change with `git diff fixtures/` against docs/conventions.md.
"""

from __future__ import annotations

import difflib

import pytest

from cleaner import Cleaner, Options, clean
from cleaner.normalize import normalize_text

from .golden import Case, discover

CASES = discover()
SEED_CASES = [c for c in CASES if c.name.startswith("seed-")]


def _params(cases: list[Case]) -> list[object]:
    return [
        pytest.param(
            c, id=c.id, marks=[pytest.mark.xfail(reason=c.xfail, strict=True)] if c.xfail else []
        )
        for c in cases
    ]


def _run(case: Case, cleaner: Cleaner | None = None) -> str:
    data = case.input.read_bytes()
    if cleaner is None:
        return clean(data, url=case.url, source=case.source_hint, kind=case.kind).text  # type: ignore[arg-type]
    return cleaner.clean(data, url=case.url, source=case.source_hint, kind=case.kind).text  # type: ignore[arg-type]


@pytest.mark.parametrize("case", _params(CASES))
def test_golden(case: Case, request: pytest.FixtureRequest) -> None:
    got = _run(case)
    if request.config.getoption("--regen-goldens"):
        case.expected.write_text(got + "\n", encoding="utf-8")
        pytest.skip("golden regenerated; review git diff fixtures/")
    assert case.expected.exists(), f"missing {case.expected}"
    want = case.expected.read_text(encoding="utf-8").rstrip("\n")
    if got != want:
        diff = "\n".join(
            difflib.unified_diff(
                want.splitlines(), got.splitlines(), "expected", "got", lineterm=""
            )
        )
        pytest.fail(f"{case.id} differs from its golden:\n{diff}")
    for snippet in case.must_contain:
        assert snippet in got, f"must_contain missing: {snippet!r}"
    for snippet in case.must_not_contain:
        assert snippet not in got, f"must_not_contain present: {snippet!r}"
    if case.unchanged:
        text = normalize_text(case.input.read_text(encoding="utf-8"))
        assert got == "\n".join(line for line in text.split("\n") if line)


@pytest.mark.parametrize("case", _params(SEED_CASES))
def test_seed_generic_layer_alone(case: Case) -> None:
    """Global rules + scorer only (no per-source rules) already give the golden output."""
    generic = Cleaner(Options(source_rules=False))
    got = _run(case, generic)
    want = case.expected.read_text(encoding="utf-8").rstrip("\n")
    assert got == want


def test_every_seed_has_a_golden() -> None:
    from pathlib import Path

    seeds = sorted(p.stem for p in (Path(__file__).parent.parent / "seeds").glob("*.txt"))
    covered = sorted(c.name.removeprefix("seed-") for c in SEED_CASES)
    assert seeds == covered
    assert len(seeds) == 5
