"""Line rules tried by first character (``RuleSet.first_line_rule``, ``Rule.branches``):
a fast path, held here to the plain definition it replaces, the first rule in order whose
whole pattern has a match (docs/speed.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import CleanerError
from cleaner.patterns import (
    anchored,
    first_chars,
    prefix_askable,
    split_branches,
    structural_chars,
)
from cleaner.rule_loader import builtin_rule_files, parse_rule_file
from cleaner.rulebook import PAIR_PLAN_AFTER, RuleBook, RuleSet
from cleaner.rules import Rule

ROOT = Path(__file__).resolve().parent.parent
BOOK = RuleBook.build(builtin_rule_files())
LINE_RULES = [r for f in builtin_rule_files() for r in f.rules if r.branches]


def _plain(rules: tuple[Rule, ...], text: str) -> Rule | None:
    """The definition: each rule's whole pattern, in order, on its subject."""
    for rule in rules:
        subject = rule.subject(text)
        if subject is None:
            continue
        if rule.needs is not None and not rule.needs.search("\n" + subject):
            continue
        if rule.pattern.search(subject) is not None:
            return rule
    return None


def _same_everywhere(text: str) -> None:
    for name, rules in BOOK.sets.items():
        for pinned in (False, True):
            plain = _plain(rules.own if pinned else rules.line, text)
            # Twice: the second text with a pair of first characters gets the pair's plan.
            for _ in range(PAIR_PLAN_AFTER):
                got = rules.first_line_rule(text, pinned=pinned)
                assert got is plain, (name, pinned, text)


def _pieces() -> list[str]:
    """Literal fragments of every line rule's pattern, in three cases, and the characters
    that fold oddly."""
    found: list[str] = []
    for rule in LINE_RULES:
        words = rule.pattern.pattern
        for ch in "\\()[]|?*+{}^$:":
            words = words.replace(ch, " ")
        found += [w for w in words.split() if w]
    found += [w.upper() for w in found] + [w.lower() for w in found]
    return sorted({*found, " ", ":", "-", "|", "•", "(", ")", ".", "ſ", "K", "İ", "ß", "12"})


PIECES = _pieces()


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=8).map("".join))
def test_first_line_rule_is_the_plain_loop_on_generated_text(text: str) -> None:
    _same_everywhere(text)


def test_first_line_rule_is_the_plain_loop_on_fixture_and_seed_lines() -> None:
    paths = sorted((ROOT / "fixtures").rglob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    lines = {line.strip() for p in paths for line in p.read_text(encoding="utf-8").splitlines()}
    matched = 0
    for line in lines:
        _same_everywhere(line)
        matched += _plain(BOOK.sets[""].line, line) is not None
    assert matched >= 20  # the lines exercise the rules, not only their misses


def test_a_rule_matches_exactly_when_one_of_its_branches_does() -> None:
    paths = sorted((ROOT / "seeds").glob("*.txt"))
    lines = {line.strip() for p in paths for line in p.read_text(encoding="utf-8").splitlines()}
    for rule in LINE_RULES:
        for line in [*lines, *PIECES]:
            whole = rule.pattern.search(line) is not None
            assert whole == any(b.search(line) is not None for b, _ in rule.branches), rule.id


# Every code point below U+3000 (Latin, Vietnamese, Greek, Cyrillic, symbols, the long s
# and the Kelvin sign), and every character the rule files hold.
_PROBES = sorted(
    {chr(c) for c in range(1, 0x3000) if not 0xD800 <= c < 0xE000}
    | {c for f in builtin_rule_files() for r in f.rules for c in r.pattern.pattern}
)


@pytest.mark.parametrize("rule", [r for r in LINE_RULES if any(s for _, s in r.branches)])
def test_a_first_character_class_holds_every_start_the_engine_allows(rule: Rule) -> None:
    """Where the engine says a one-character text could begin a match (a partial match),
    the class must hold that character; the class skips an alternative only outside it."""
    for branch, starts in rule.branches:
        if starts is None:
            continue
        for c in _PROBES:
            if branch.match(c, partial=True) is not None:
                assert starts.match(c) is not None, (rule.id, branch.pattern, c)


def test_branches_split_only_at_the_top_level() -> None:
    assert split_branches(r"a|b(c|d)|[|]|\|") == ("a", "b(c|d)", "[|]", r"\|")
    assert split_branches(r"(?i:a|b)|(?-i:[|])x") == ("(?i:a|b)", "(?-i:[|])x")
    assert split_branches("^a") == ("^a",)


@pytest.mark.parametrize(
    "pattern",
    [
        r"(a)|\1",  # a back-reference: a branch alone numbers its groups differently
        r"(?P<x>a)|(?P=x)",
        r"(a)|(?1)",
        r"(?i)a|b",  # a global flag applies to every branch
        r"a(*SKIP)(*FAIL)|ab",  # a verb changes where the other branch is tried
        r"\Qa|b\E",  # quoted: the "|" is text
        r"(?x) a | b ",
        r"(?#a|b)c",
        r"(a|b",
        r"a)|(b",
        r"[a|b",
    ],
)
def test_what_cannot_be_split_safely_is_not(pattern: str) -> None:
    assert split_branches(pattern) is None


def test_anchored() -> None:
    assert anchored("^ab", 0) and anchored(r"\Aab", 0)
    assert not anchored("^ab", regex.MULTILINE)
    assert not anchored("^?ab", 0) and not anchored("a^b", 0)


@pytest.mark.parametrize(
    ("branch", "starts"),
    [
        ("^(?:Tin|Bài|\\(c)", "TB("),
        ("^(?:Tin|Bài)?x", "TBx"),  # optional: what follows may come first
        ("^a?b", "ab"),
        ("^a*?b", "ab"),
        ("^a{0,2}b", "ab"),
        ("^a{1,2}b", "a"),
        ("^a+b", "a"),
        ("^(?:(?:ab|c)+|d)e", "acd"),
        (r"^\d+x", "0123456789٣"),
        ("^[ab]c", "ab"),
        (r"^[(\[]?\s*(?:ab)", "([ \ta"),
        (r"^\p{Lu}\w", "AÉĐ"),
    ],
)
def test_first_characters_are_the_branch_own_matchers(branch: str, starts: str) -> None:
    found = first_chars(branch)
    assert found is not None
    one = regex.compile(found)
    probes = {chr(c) for c in range(1, 0x2000) if not 0xD800 <= c < 0xE000} | set(starts)
    held = {c for c in probes if one.fullmatch(c)}
    assert set(starts) <= held
    assert all(regex.match(branch, c, partial=True) for c in held)


@pytest.mark.parametrize(
    "branch",
    ["^(?:a|)b", "^a?", "^(?=a)a", "^(?i:a)", r"^\bx", "^.x", r"^\1", "^a{x}"],
)
def test_what_is_not_read_gives_no_first_characters(branch: str) -> None:
    assert first_chars(branch) is None


def test_a_case_blind_rule_starts_with_any_case() -> None:
    text = 'version = "1"\n[[rule]]\nid = "x"\nkind = "drop"\nreason = "r"\npattern = "^(?:kelvin|sun)$"\n'
    blind = parse_rule_file(text + 'flags = ["IGNORECASE"]\n', "x.toml")
    plain = parse_rule_file(text, "x.toml")
    for rule_file, hits in ((blind, {"KELVIN", "\u212aelvin", "ſun", "Sun"}), (plain, set())):
        rules = RuleSet.build(rule_file.rules)
        for text_ in ("KELVIN", "\u212aelvin", "ſun", "Sun", "kelvin", "sun"):
            expected = text_ in hits or text_ in ("kelvin", "sun")
            assert (rules.first_line_rule(text_) is not None) == expected, text_


def test_plans_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from cleaner import rulebook

    monkeypatch.setattr(rulebook, "PLAN_MEMO_SIZE", 3)
    rules = RuleSet.build(tuple(LINE_RULES[:5]))
    for c in "abcdefgh":
        rules.first_line_rule(c + " text")
    assert len(rules._plans) <= 3


_TOKENS = [
    "a",
    "b",
    "B",
    "k",
    "s",
    " ",
    "|",
    "(",
    ")",
    "(?:",
    "(?>",
    "(?P<n>",
    "[ab]",
    "[^a]",
    "?",
    "*",
    "+",
    "??",
    "{0,2}",
    "{1,2}",
    "{2}",
    "^",
    "$",
    r"\d",
    r"\w",
    r"\s",
    r"\p{Lu}",
    r"\(",
    r"\|",
    ".",
    r"\b",
    "(?=a)",
    "(?!b)",
    "(?<=a)",
    "(?i:",
    "(?-i:",
    r"\1",
    "(?P=n)",
]


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=9).map("".join),
    st.booleans(),
    st.lists(st.text(alphabet="abBkKsſ (|1Aé\u212a", max_size=6), min_size=1, max_size=6),
)
def test_any_pattern_is_tried_by_first_character_as_it_matches(
    pattern: str, blind: bool, texts: list[str]
) -> None:
    """Generated patterns, most of them odd (quantified anchors, empty alternatives,
    references, scoped flags): where one compiles, the rule loads (or fails with a
    CleanerError) and the first-character plan gives the whole pattern's answer."""
    try:
        regex.compile(pattern, regex.V0)
    except (regex.error, OverflowError, RecursionError):
        return
    flags = 'flags = ["IGNORECASE"]\n' if blind else ""
    escaped = pattern.replace("\\", "\\\\").replace('"', '\\"')
    text = f'version = "1"\n[[rule]]\nid = "x"\nkind = "drop"\nreason = "r"\npattern = "{escaped}"\n{flags}'
    try:
        rule_file = parse_rule_file(text, "x.toml")
    except CleanerError:
        return
    rules = RuleSet.build(rule_file.rules)
    for sample in texts:
        expected = _plain(rules.line, sample)
        for _ in range(PAIR_PLAN_AFTER):  # the first character's plan, then the pair's
            assert rules.first_line_rule(sample) is expected, (pattern, blind, sample)


def test_a_piece_the_engine_refuses_leaves_the_rule_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cleaner import rule_loader

    monkeypatch.setattr(rule_loader, "split_branches", lambda source: ("(a", "b)"))
    text = 'version = "1"\n[[rule]]\nid = "x"\nkind = "drop"\nreason = "r"\npattern = "(a|b)"\n'
    (rule,) = parse_rule_file(text, "x.toml").rules
    assert rule.branches == ((rule.pattern, None),)
    assert RuleSet.build((rule,)).first_line_rule("b") is rule


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"a(b|c)", [(0, "a"), (1, "("), (2, "b"), (3, "|"), (4, "c"), (5, ")")]),
        (r"\(x\|[|(]y", [(2, "x"), (9, "y")]),  # escapes and a class hide their syntax
        (r"[]|][^]()]z", [(10, "z")]),  # a leading "]" is a literal in the class
        (r"[[:alpha:]]|", [(11, "|")]),  # a POSIX class inside a class
        (r"a[bc", [(0, "a"), (-1, "")]),  # a class that never closes ends the walk
    ],
)
def test_structural_chars_skip_escapes_and_classes(
    pattern: str, expected: list[tuple[int, str]]
) -> None:
    assert list(structural_chars(pattern)) == expected


ASKED = [
    part
    for rules in BOOK.sets.values()
    for part in dict.fromkeys(p for p in rules._line_asks if p is not None)
]


def test_most_shipped_alternatives_are_asked_by_their_first_two_characters() -> None:
    assert len(ASKED) >= 20


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=8).map("".join))
def test_an_asked_alternative_has_a_partial_match_in_every_start_of_a_match(text: str) -> None:
    """``prefix_askable``'s claim, for every shipped alternative it holds for: a text
    with a match has a match, complete or partial, of its first two characters."""
    for part in ASKED:
        if part.match(text) is not None:
            assert part.match(text[:2], partial=True) is not None, (part.pattern, text)


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"^ab\B", "abc"),  # no word edge after "ab" in "abc", one at the end of "ab"
        (r"^a \b", "a b"),
        (r"^a \m", "a b"),
        (r"^ab(?!$)", "abc"),  # "ab" ends there, "abc" does not
        (r"^ab(?<!b$)", "abc"),
    ],
)
def test_assertions_about_the_end_are_not_asked(pattern: str, text: str) -> None:
    """The engine answers these at the end of the asked start without looking past it:
    a partial match of the start finds nothing though the text matches. Refused, the
    rule is tried as before."""
    compiled = regex.compile(pattern, regex.V0)
    assert compiled.match(text) is not None
    assert compiled.match(text[:2], partial=True) is None
    assert not prefix_askable(compiled)
    escaped = pattern.replace("\\", "\\\\")
    source = (
        f'version = "1"\n[[rule]]\nid = "x"\nkind = "drop"\nreason = "r"\npattern = "{escaped}"\n'
    )
    rules = RuleSet.build(parse_rule_file(source, "x.toml").rules)
    for _ in range(PAIR_PLAN_AFTER):
        assert rules.first_line_rule(text) is rules.line[0]


def test_a_pair_plan_is_made_at_the_pairs_second_text() -> None:
    rules = RuleSet.build(tuple(LINE_RULES))
    rules.first_line_rule("Xem thêm: một bài")
    assert ("Xe", False, False) not in rules._plans
    assert ("X", False, False) in rules._plans
    rules.first_line_rule("Xem tiếp")
    assert ("Xe", False, False) in rules._plans
