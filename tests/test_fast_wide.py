"""Line-rule alternatives left out on ASCII text (``literals.needs_wide``, ``Rule.wide``,
``RuleSet._plan``): a fast path held to its definition, that an alternative is skipped
only where it cannot match (docs/speed.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.literals import needs_wide, wide_only
from cleaner.rule_loader import builtin_rule_files
from cleaner.rulebook import RuleBook

ROOT = Path(__file__).resolve().parent.parent
BOOK = RuleBook.build(builtin_rule_files())
WIDE_BRANCHES = [
    (rule, branch)
    for f in builtin_rule_files()
    for rule in f.rules
    for (branch, _), wide in zip(rule.branches, rule.wide, strict=True)
    if wide
]


@pytest.mark.parametrize(
    "pattern",
    [
        "Ghi rõ nguồn .{0,40}khi phát hành lại",
        "x(?:ấ|ế)",
        "(?:a|b)(?:ơ|đ)",
        "ấ+",
        "ấ{1,2}",
        "ấ{2}",
        "(?P<t>ấ)",
        "(?i:Ấ)",
        "(?-i:[|•])\\s*(?:Tòa|Toà)",
        "\\p{Lu}[^.]{1,5} và \\d+",
        "ấ\\1",  # the character comes before what the reader stops at
    ],
)
def test_wide_is_proved(pattern: str) -> None:
    assert needs_wide(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        "a|ấ",
        "ấ?",
        "ấ*",
        "ấ{0,2}",
        "ấ{,2}",
        "(?:ấ)?x",
        "(?:ấ){0}x",
        "x(?:ấ|e)",
        "[ấ]",
        "(?=ấ)a",
        "(?<=ấ)a",
        "(?!ấ)a",
        "\u212a",  # the Kelvin sign is a "k" ignoring case
        "\u017f",  # the long s is an "s"
        "\u0130",  # the dotted capital I is an "i"
        "\u0131",  # the dotless i is an "I"
        "(?f)ß",  # full case folding: "ß" matches "ss"
        "(?V1)(?i)ß",
        "(?#(ấ)x",
        "(?x)ấ",
        "\\1ấ",
        "(?:ấ){e<=1}",
        "ấ{e<=1}",
        "\\x{1ea5}",
        "ấ|",
    ],
)
def test_wide_is_not_claimed_without_proof(pattern: str) -> None:
    assert not needs_wide(pattern)


def test_flags_that_fold_fully_prove_nothing() -> None:
    assert needs_wide("ß")
    assert not needs_wide("ß", regex.FULLCASE | regex.IGNORECASE)
    assert not needs_wide("ß", regex.V1 | regex.IGNORECASE)


def test_wide_only_is_the_engines_case_table() -> None:
    """Every code point below U+3000 outside ASCII: wide_only holds exactly when no ASCII
    character matches it ignoring case."""
    ascii_text = "".join(map(chr, range(128)))
    odd = []
    for c in range(128, 0x3000):
        if 0xD800 <= c < 0xE000:
            continue
        char = chr(c)
        plain = regex.compile(regex.escape(char), regex.I | regex.V0).search(ascii_text) is None
        assert wide_only(char) == plain
        odd += [] if plain else [char]
    # The dotless i matches "I" though "i" does not match it: the table is not symmetric.
    assert set(odd) == {"\u0130", "\u0131", "\u017f", "\u212a"}
    assert not any(map(wide_only, ascii_text))


_PATTERN = st.text(st.sampled_from(list("aAbkKs()?*+|{}0,1:ấẤſ\u212aİß\\[]^$.")), max_size=14)
_ASCII = st.text(st.sampled_from(list("aAbkKsS:1 ")), max_size=12)


@settings(max_examples=3000, deadline=None)
@given(_PATTERN, _ASCII, st.booleans())
def test_a_wide_pattern_never_matches_ascii_text(pattern: str, text: str, case: bool) -> None:
    flags = regex.IGNORECASE if case else 0
    try:
        compiled = regex.compile(pattern, flags | regex.V0)
    except (regex.error, ValueError, RecursionError, OverflowError):
        return
    if needs_wide(pattern, flags):
        assert compiled.search(text) is None, (pattern, text)


def _ascii_lines() -> set[str]:
    paths = [
        *(p for p in ROOT.glob("fixtures/**/*") if p.suffix in (".txt", ".html", ".json")),
        *ROOT.glob("seeds/*"),
    ]
    lines = {line.strip() for p in paths for line in p.read_text("utf-8", "replace").splitlines()}
    return {line for line in lines if line.isascii()}


def test_shipped_wide_branches_match_no_ascii_line() -> None:
    assert {r.id for r, _ in WIDE_BRANCHES} >= {"global.copyright", "global.author-label"}
    lines = _ascii_lines()
    assert len(lines) > 5_000
    for rule, branch in WIDE_BRANCHES:
        for line in lines:
            assert branch.search(line) is None, (rule.id, branch.pattern, line)


def test_ascii_lines_get_the_plain_first_rule() -> None:
    """The plans for ASCII text against every rule's whole pattern, in order, in every set."""
    lines = _ascii_lines()
    for rules in BOOK.sets.values():
        for line in lines:
            for pinned in (False, True):
                plain = next(
                    (
                        r
                        for r in (rules.own if pinned else rules.line)
                        if r.subject(line) is not None
                        and (r.needs is None or r.needs.search("\n" + r.subject(line)))
                        and r.pattern.search(r.subject(line))
                    ),
                    None,
                )
                assert rules.first_line_rule(line, pinned=pinned) is plain, line
