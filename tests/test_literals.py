"""Required literals: what a pattern cannot match without, and the source choice that uses
them to skip signature searches."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.literals import _ALIKE, Literal, guards, key_literal, required_literals
from cleaner.rule_loader import builtin_rule_files
from cleaner.rulebook import SIGNATURE_SCAN_CHARS, host_index, host_of

ROOT = Path(__file__).resolve().parent.parent
BOOK = Cleaner().book


@pytest.mark.parametrize(
    ("pattern", "runs"),
    [
        ("https?://example", ["http", "://example"]),
        ("Copyright 2007 - \\d{4} - CafeF\\.vn", ["Copyright 2007 - ", " - CafeF.vn"]),
        ("ab+cdef", ["cdef"]),  # "b" is repeated: "ab" is not a run
        ("abcd{2}efgh", ["efgh"]),
        ("\\p{Lu}abcd\\.e", ["abcd.e"]),
        ("[abc]defg(hijk)lmno", ["defg", "lmno"]),
        ("(?m)^\\(Dân trí\\)\\s*-\\s", ["(Dân trí)"]),
        ("abc", ["abc"]),  # no run of MIN_LITERAL: the longest one
        ("[[:alpha:]]wxyz", ["wxyz"]),  # a POSIX class ends at its own "]"
    ],
)
def test_runs(pattern: str, runs: list[str]) -> None:
    assert [lit.text for lit in required_literals(pattern)] == runs


@pytest.mark.parametrize(
    "pattern",
    [
        "abcd|efgh",
        "(?x)abcd efgh",
        "\\1abcd",
        "\\N{BULLET}abcd",
        "abcd)",
        "abcd\\",
        "00{|",
        "abcd{x|y}",
    ],
)
def test_unproved_patterns_have_no_literal(pattern: str) -> None:
    assert required_literals(pattern) == ()
    assert key_literal(pattern) is None


def test_case_flags() -> None:
    lit = key_literal("(?i)copyright\\s+VnExpress\\.net")
    assert lit is not None and lit.ignore_case
    assert lit.occurs_in("COPYRIGHT VNEXPRESS.NET") and not lit.occurs_in("VnExpress-net")
    scoped = key_literal("xyzw(?i:abc)qrst")
    assert scoped is not None and scoped.ignore_case  # conservative: case-blind
    assert key_literal("kelvin", ignore_case=True).occurs_in("\u212aELVIN")  # type: ignore[union-attr]


def _shipped_patterns() -> list[regex.Pattern[str]]:
    patterns: list[regex.Pattern[str]] = []
    for f in builtin_rule_files():
        patterns.extend(f.signatures)
        patterns.extend(r.pattern for r in f.rules)
    return patterns


def _texts() -> list[str]:
    paths = [*ROOT.glob("fixtures/*/*.html"), *ROOT.glob("fixtures/*/*.txt"), *ROOT.glob("seeds/*")]
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def test_every_match_of_a_shipped_pattern_holds_its_literals() -> None:
    """On every fixture and seed, each match of each shipped pattern (signatures and
    rules) contains every literal claimed for it: a wrong literal would hide a match."""
    texts = _texts()
    checked = 0
    for pattern in _shipped_patterns():
        lits = required_literals(pattern.pattern, ignore_case=bool(pattern.flags & regex.I))
        for text in texts:
            for match in pattern.finditer(text):
                for lit in lits:
                    assert lit.occurs_in(match.group(0)), (pattern.pattern, lit, match.group(0))
                checked += 1
    assert checked > 100  # the fixtures do exercise the patterns


_ALPHABET = st.sampled_from(list("abcAB.-(){}[]|?*+^$\\dwsp<>=\"' 0123"))


@given(st.text(_ALPHABET, max_size=16), st.text("abcAB .-", max_size=30))
def test_literals_hold_for_any_pattern(pattern: str, text: str) -> None:
    try:
        compiled = regex.compile(pattern, regex.V0)
    except (regex.error, ValueError, RecursionError):  # ValueError: regex on "{0d<"
        return
    match = compiled.search(text)
    if match is None:
        return
    for lit in required_literals(pattern):
        assert lit.occurs_in(match.group(0)), (pattern, lit, match.group(0))


def test_source_choice_unchanged_by_the_prefilter() -> None:
    """``select`` with literals first gives the source that searching every signature
    over every text gives."""
    for text in _texts():
        head = text[:SIGNATURE_SCAN_CHARS]
        expected = next((f for f in BOOK.sources if f.signed(head)), None)
        assert BOOK.select(url=None, source=None, text=text) is expected


def test_guards_are_held_by_their_literals() -> None:
    found = BOOK.signature_guards
    assert found  # the shipped signatures do have guards
    for lit, guard in found.items():
        assert len(guard.text) < len(lit.text)
        assert guard.text in lit.text or (
            guard.ignore_case and lit.text.isascii() and guard.text.lower() in lit.text.lower()
        )
        assert guard.ignore_case or not lit.ignore_case
    # A shorter literal held by another guards it, in another case when case-blind.
    express = Literal.of("VnExpress.net", True)
    assert found[Literal.of("vnexpress.net/", True)] == express
    assert found[Literal.of('content="vnexpress.net"', False)] == express
    assert guards([Literal.of("vnexpress.net/", True), Literal.of("vnexpress", False)]) == {}
    assert Literal.of(".vn/", True) in found.values()  # "plo.vn/" and "tuoitre.vn/" share it
    shared = guards([Literal.of("abc.vn/", False), Literal.of("xyz.vn/", False)])
    assert set(shared.values()) == {Literal.of(".vn/", False)}
    blind = guards([Literal.of("abc.vn/", False), Literal.of("xyz.vn/", True)])
    assert set(blind.values()) == {Literal.of(".vn/", True)}  # one case-blind: both
    assert guards([Literal.of("abc.vn/", False), Literal.of("abc.vn/", False)]) == {}
    assert guards([Literal.of("Dân trí", True)]) == {}  # case-blind outside ASCII: none
    assert guards([Literal.of("(Dân trí)", False)]) == {
        Literal.of("(Dân trí)", False): Literal.of("í", False)
    }


def test_an_ascii_letter_and_its_capital_match_alike_ignoring_case() -> None:
    """What ``literals._holds`` rests on (``_ALIKE``): ignoring case, a lower-case ASCII
    letter matches the very characters its capital matches (the Kelvin sign and the long
    s included), except ``i`` (``İ``) and ``I`` (``ı``)."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    differ = set()
    for letter in "abcdefghijklmnopqrstuvwxyz":
        if regex.findall(f"(?i){letter}", every) != regex.findall(f"(?i){letter.upper()}", every):
            differ.add(letter)
    assert differ == {"i"}
    assert {c for c in map(chr, range(65, 91)) if c.translate(_ALIKE) == c} == {"I"}
    # A case-blind literal with an "i" is not guarded by one with an "I" there.
    assert guards([Literal.of("tin.vn", True), Literal.of("TIN", True)]) == {}
    assert guards([Literal.of("tin.vn", True), Literal.of("TiN", True)]) != {}


_GUARDED = st.text("abAB.k\u212aiI/-", min_size=5, max_size=8)


@given(
    st.lists(st.tuples(_GUARDED, st.booleans()), min_size=2, max_size=5),
    st.lists(
        st.one_of(_GUARDED, st.text("abAB.kK\u212aiI\u0130\u0131/- ", max_size=6)), max_size=6
    ),
)
def test_where_a_guard_is_absent_so_is_its_literal(
    made: list[tuple[str, bool]], parts: list[str]
) -> None:
    # Literals sharing suffixes, some case-blind (the Kelvin sign is a "k" to them), and
    # texts holding them in other cases: a literal found means its guard is found.
    literals = [Literal.of(text, blind) for text, blind in made]
    for tail in ("", "xyz/"):
        literals = [
            *literals,
            *(Literal.of(lit.text[:3] + tail, lit.ignore_case) for lit in literals),
        ]
    # Shorter ones held in another case, case-blind (``_holds``).
    literals += [Literal.of(lit.text[1:4].swapcase(), True) for lit in literals]
    text = "".join(parts)
    for lit, guard in guards(literals).items():
        dotted = lit.text.replace("i", "\u0130").replace("I", "\u0131")
        for subject in (
            text,
            text.swapcase(),
            text + lit.text,
            text + lit.text.swapcase(),
            text + dotted,
        ):
            if lit.occurs_in(subject):
                assert guard.occurs_in(subject), (lit, guard, subject)


def _plain_select(url: str | None, source: str | None, text: str) -> object:
    """``RuleBook.select`` as written before ``by_name``/``by_text``, every signature
    searched."""
    if source:
        return BOOK.find(source.lower())
    host = host_of(url)
    if host and BOOK.find(host) is not None:
        return BOOK.find(host)
    head = text[:SIGNATURE_SCAN_CHARS]
    return next((f for f in BOOK.sources if f.signed(head)), None)


@pytest.mark.parametrize(
    ("url", "source"),
    [
        (None, None),
        ("", ""),
        ("https://example.com/a.html", None),
        ("not a url", None),
        ("https://dantri.com.vn/x.htm", None),
        ("http://m.giadinh.net.vn/a", None),
        ("https://EXAMPLE.dantri.com.vn.example.org/", None),
        (None, "vnexpress.net"),
        (None, "VnExpress.net"),
        (None, "nosuch.site"),
        ("https://example.com/", "dantri.com.vn"),
    ],
)
def test_a_source_named_by_source_or_host_is_chosen_whatever_the_text(
    url: str | None, source: str | None
) -> None:
    """``Cleaner._clean_text`` skips settling the source on the kept text where
    ``by_name`` says the name decides: the plain selection must then give that file
    whatever the text (else the skip would keep a file the kept text changes), and where
    it says not, a text's signature must choose as before. Fails with ``by_name`` claiming
    a host no source serves (a signed text then chooses another file)."""
    named, found = BOOK.by_name(url=url, source=source)
    texts = _texts()
    signed = [t for t in texts if _plain_select(None, None, t) is not None]
    assert signed
    for text in texts:
        chosen = _plain_select(url, source, text)
        assert BOOK.select(url=url, source=source, text=text) is chosen
        if named:
            assert chosen is found
        else:
            assert found is None
            assert chosen is BOOK.by_text(text)
    if not named:
        assert any(_plain_select(url, source, t) is not None for t in signed)


_HOST_PARTS = st.sampled_from(["a", "b", "A", "vn", "com", "", "x.y", ".a"])


@given(
    st.lists(
        st.tuples(st.text("abAB.", max_size=4), st.lists(st.text("abAB.", max_size=5), max_size=3)),
        max_size=5,
    ),
    st.lists(st.lists(_HOST_PARTS, max_size=4).map(".".join), max_size=6),
)
def test_find_by_the_host_index_is_find_in_turn(
    files: list[tuple[str, list[str]]], names: list[str]
) -> None:
    """``RuleBook.find`` by its index gives the source that trying each in turn gives
    (the first whose name is the name or whose host is it or a part of it after a dot),
    for names, hosts and parts that are empty, start with a dot, differ in case or are
    shared by several sources. Fails with the index keeping a later source's host over an
    earlier one's, or with the parts after a dot not looked up."""
    sources = tuple(
        dataclasses.replace(BOOK.sources[0], name=name, hosts=tuple(hosts)) for name, hosts in files
    )
    book = dataclasses.replace(BOOK, sources=sources, host_index=host_index(sources))
    for f in sources:
        for name in (f.name, *f.hosts, *(f"m.{h}" for h in f.hosts), *names):
            assert book.find(name) is book.find_in_turn(name), name


def test_find_by_the_host_index_on_the_shipped_sources() -> None:
    """The shipped book's index answers as the sources tried in turn do."""
    assert BOOK.host_index is not None
    hosts = [h for f in BOOK.sources for h in f.hosts]
    for name in [*hosts, *(f"m.{h}" for h in hosts), *(h.upper() for h in hosts), "x.vn", ""]:
        assert BOOK.find(name) is BOOK.find_in_turn(name), name
    assert BOOK.find("m.dantri.com.vn") is not None
