"""``Rule.needs`` compiled by the standard ``re`` when it is case-sensitive: the same
answer as the ``regex`` alternation it replaces (docs/speed.md, sixth round)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import regex
from hypothesis import given
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.rule_loader import _needs

ROOT = Path(__file__).resolve().parent.parent
BOOK = Cleaner().book
RULES = {r.id: r for s in BOOK.sets.values() for r in (*s.line, *s.block, *s.cut)}
PIECES = ["Ảnh", "ảnh", "ẢNH", "\nTag", "(", "Đồ h", "a", " ", "\n", "ß", "ſ", "K", "İ", "."]


def _plain(needs: list[str], flags: int) -> regex.Pattern[str]:
    """The definition: one ``regex`` alternation of the escaped literals, the rule's flags."""
    return regex.compile("|".join(map(regex.escape, needs)), flags)


@given(
    st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=3).map("".join), min_size=1),
    st.lists(st.sampled_from(PIECES), max_size=12).map("".join),
    st.sampled_from([0, regex.MULTILINE, regex.DOTALL, regex.IGNORECASE]),
)
def test_needs_find_a_literal_exactly_where_the_regex_alternation_does(
    needs: list[str], text: str, flags: int
) -> None:
    fast = _needs(needs, flags)
    assert fast is not None
    assert (fast.search(text) is None) is (_plain(needs, flags).search(text) is None)
    assert isinstance(fast, re.Pattern) is (not flags & regex.IGNORECASE)


def test_shipped_needs_answer_as_before_on_every_line_and_file() -> None:
    raw = [
        r
        for path in sorted((ROOT / "cleaner" / "rules").glob("*.toml"))
        for r in tomllib.loads(path.read_text("utf-8")).get("rule", [])
        if r.get("needs")
    ]
    assert raw
    paths = [*ROOT.glob("seeds/*.txt"), *ROOT.glob("fixtures/*/*.txt")]
    texts = [p.read_text("utf-8") for p in paths]
    subjects = ["\n" + s for t in texts for s in (t, *t.split("\n"))]
    for entry in raw:
        rule = RULES[entry["id"]]
        assert rule.needs is not None
        flags = rule.pattern.flags & (regex.IGNORECASE | regex.MULTILINE | regex.DOTALL)
        plain = _plain(entry["needs"], flags)
        for subject in subjects:
            assert (rule.needs.search(subject) is None) is (plain.search(subject) is None)
