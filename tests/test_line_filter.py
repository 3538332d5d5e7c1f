"""What a line-rule step requires (``cleaner/line_filter.py``, read by
``cleaner/_ctext_first.c``), never trusted: every text a step's search matches (fixture,
seed and corpus lines, the rule files' own tests, generated texts and their other cases)
holds each of its clauses and passes its encoded requirement; the engine's case table is
the one its matching uses; and the compiled summary reads as the Python one does."""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import line_filter, native
from cleaner.rule_loader import builtin_rule_files
from cleaner.rules import Rule

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path("/work/shared/corpus/vi-text")
FILES = builtin_rule_files()
RULES = [r for f in FILES for r in f.rules if r.wants]


def _steps() -> list[tuple[Rule, regex.Pattern[str], bytes | None]]:
    found = []
    for rule in RULES:
        parts = [p for p, _ in rule.branches] or [rule.pattern]
        found += [(rule, p, w) for p, w in zip(parts, rule.wants, strict=True)]
    return found


STEPS = _steps()


def _lines() -> list[str]:
    paths = [*sorted((ROOT / "fixtures").rglob("*.txt")), *sorted((ROOT / "seeds").glob("*"))]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    texts += [t.input for f in FILES for t in f.tests]
    if CORPUS.is_dir():
        for path in sorted(CORPUS.glob("*.jsonl")):
            for record in map(json.loads, path.read_text(encoding="utf-8").splitlines()[:40]):
                texts += [v for v in record.values() if isinstance(v, str) and "\n" in v]
    return sorted({line.strip() for text in texts for line in text.splitlines()})


def _subject_matches(rule: Rule, part: regex.Pattern[str], text: str) -> str | None:
    subject = rule.subject(text)
    if subject is None or part.search(subject) is None:
        return None
    if rule.needs is not None and rule.needs.search("\n" + subject) is None:
        return None
    return subject


def _check(text: str) -> int:
    """Every step matching ``text`` meets its requirement; how many matched."""
    hits = 0
    for rule, part, wants in STEPS:
        subject = _subject_matches(rule, part, text)
        if subject is None:
            continue
        hits += 1
        assert line_filter.passes(wants, line_filter.summary(subject)), (rule.id, text)
        blind = bool(part.flags & regex.IGNORECASE)
        for clause in line_filter.clauses(part.pattern, blind):
            assert any(
                regex.search(regex.escape(t), subject, regex.I if b else 0) for t, b in clause
            ), (rule.id, clause, text)
    return hits


def test_every_match_meets_its_requirement_on_real_lines() -> None:
    lines = _lines()
    assert sum(map(_check, lines)) >= 100


def _other_cases(text: str, rng: random.Random) -> str:
    """``text`` with some characters in another case the engine matches ignoring case."""
    out = []
    for c in text:
        found = line_filter.cases(c, True) or (ord(c),)
        out.append(chr(rng.choice(found)) if rng.random() < 0.5 else c)
    return "".join(out)


def _pieces() -> list[str]:
    """Each step's literals (as the reader found them) and some separators."""
    found = {" ", ":", "-", "|", "•", "(", ")", ".", "@", "+", "\n", "12", "Ctrl + Enter"}
    for _, part, _ in STEPS:
        for clause in line_filter.clauses(part.pattern, True):
            found.update(t for t, _ in clause)
    return sorted(found)


PIECES = _pieces()


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=10).map("".join),
    st.integers(0, 2**32),
)
def test_every_match_meets_its_requirement_on_generated_text(text: str, seed: int) -> None:
    _check(text)
    _check(_other_cases(text, random.Random(seed)))


def test_real_matching_lines_in_other_cases() -> None:
    rng = random.Random(7)
    matched = [line for line in _lines() if _check(line)]
    for line in matched:
        for _ in range(3):
            _check(_other_cases(line, rng))


def _pattern_chars() -> Iterator[str]:
    for _, part, _ in STEPS:
        for clause in line_filter.clauses(part.pattern, True):
            for text, _ in clause:
                yield from text


def test_cases_are_the_engines_own() -> None:
    """For every character of the shipped requirements (and ASCII, and the odd folders),
    ``cases`` is every code point ``regex`` matches it to ignoring case, found by scanning
    all of Unicode."""
    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    chars = {*_pattern_chars(), *map(chr, range(32, 127)), "ſ", "K", "İ", "ı", "ß", "Ω", "ẞ"}
    for c in sorted(chars):
        found = {ord(m) for m in regex.findall(regex.escape(c), every, regex.I | regex.V0)}
        assert line_filter.cases(c, True) == tuple(sorted(found)), c
        assert line_filter.cases(c, False) == (ord(c),)


def test_what_the_reader_proves() -> None:
    def words(pattern: str, blind: bool = False) -> list[list[str]]:
        return [[t for t, _ in c] for c in line_filter.clauses(pattern, blind)]

    assert words(r"Ctrl\s*\+\s*Enter") == [["Ctrl"], ["+"], ["Enter"]]
    assert words(r"(?-i:[|•·-])\s*(?:ab|cd\s*:)") == [["|", "•", "·", "-"], ["ab", "cd"]]
    assert words(r"^(?:a|b)?x") == [["x"]]  # an optional group proves nothing
    assert words(r"ab?c") == [["a"], ["c"]]
    assert words(r"(?:ab|\d)c") == [["c"]]  # an alternative without a literal
    assert words(r"ab|c") == [["ab", "c"]]
    assert words(r"a+b{2}") == [["a"], ["b"]]
    assert words(r"(?:abc){e<=1}") == []  # fuzzy: nothing
    assert words(r"(?x)a b") == [] and words(r"(?i)ab") == [] and words(r"(?#c)ab") == []
    assert words(r"ab\x41cd") == [["ab"]]  # what came before an escape it does not read
    assert words(r"(?=abc)d") == [["d"]]  # a lookahead proves nothing here
    assert words(r"[a-z]x[^q]") == [["x"]]
    assert line_filter.clauses(r"(?i:ab)", False) == ((("ab", True),),)


@pytest.mark.skipif(native.compiled is None, reason="cleaner._ctext is not built")
@settings(max_examples=1500, deadline=None)
@given(
    st.text(max_size=40) | st.sampled_from(["Ảnh: x", "Ctrl + Enter", "a@b.c", ""]),
    st.lists(
        st.lists(st.tuples(st.sampled_from([*PIECES, "A", "ả", "K"]), st.booleans()), max_size=3),
        max_size=3,
    ),
    st.integers(1, 50),
)
def test_the_compiled_summary_is_the_pythons(
    text: str, clauses: list[list[tuple[str, bool]]], tail: int
) -> None:
    """A step whose search matches anything, with a made-up requirement: the compiled loop
    returns its rule exactly where the Python summary of the searched part meets it."""
    wants = line_filter.encode([tuple(c) for c in clauses if c])
    rule = RULES[0]
    anything = regex.compile("").search
    for limit_tail in (sys.maxsize, tail):
        step = (sys.maxsize, limit_tail, None, anything, rule, wants)
        got = native.compiled.first_line_rule({}, lambda _, s=step: (s,), text, False)  # type: ignore[union-attr]
        # The C covers at least the searched part: the summary of the whole text, for a
        # cut tail, may only say "yes" more often; the searched part's own never less.
        subject = text[-limit_tail:] if len(text) > limit_tail else text
        if line_filter.passes(wants, line_filter.summary(subject)):
            assert got is rule, (text, clauses)
        if not line_filter.passes(wants, line_filter.summary(text)):
            assert got is None, (text, clauses)
        if limit_tail == sys.maxsize:
            assert (got is rule) == line_filter.passes(wants, line_filter.summary(text))


@pytest.mark.skipif(native.compiled is None, reason="cleaner._ctext is not built")
def test_a_bad_requirement_is_refused() -> None:
    anything = regex.compile("").search
    for wants, error in ((b"\x01", TypeError), ("x", TypeError), (b"\x02\x00\x01\x00", ValueError)):
        step = (sys.maxsize, sys.maxsize, None, anything, RULES[0], wants)
        with pytest.raises(error):
            native.compiled.first_line_rule({}, lambda _, s=step: (s,), "text", False)  # type: ignore[union-attr]
