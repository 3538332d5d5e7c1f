"""Negative set: clean article text must come back unchanged.

Every golden's expected file is a clean article written by hand, so cleaning it as text
must change nothing. Known failures are listed with the reason and run as strict xfail:
when one starts passing, the list must be updated.
"""

from __future__ import annotations

import pytest

from cleaner import clean

from .golden import discover

KNOWN_FAILURES: dict[str, str] = {}
CASES = [c for c in discover() if c.expected.exists()]


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            c,
            id=c.id,
            marks=[pytest.mark.xfail(reason=KNOWN_FAILURES[c.id], strict=True)]
            if c.id in KNOWN_FAILURES
            else [],
        )
        for c in CASES
    ],
)
def test_clean_article_text_is_unchanged(case: object) -> None:
    expected = case.expected.read_text(encoding="utf-8").rstrip("\n")  # type: ignore[attr-defined]
    result = clean(expected, kind="text", url=case.url)  # type: ignore[attr-defined]
    dropped = [(b.text, b.reason) for b in result.blocks if not b.kept]
    assert not dropped
    assert result.text == expected
