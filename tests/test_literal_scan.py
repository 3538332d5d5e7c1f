"""The signature literals' one-pass scan (``literal_scan``, ``_ctext.LiteralScan``): it
never says "absent" where ``Literal.occurs_in`` finds a literal, so the source chosen is
the one the substring tests and their guards choose. Skipped where the compiled module is
not in use (the guards then run, ``test_literals.py``)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st

from cleaner import Cleaner, Options, native
from cleaner.literal_scan import ASCII_CASE_EXTRAS, LiteralScan, anchor, positions
from cleaner.literals import Literal
from cleaner.rulebook import SIGNATURE_SCAN_CHARS

from .util import write_rules

pytestmark = pytest.mark.skipif(not native.ENABLED, reason="cleaner._ctext is not in use")

ROOT = Path(__file__).resolve().parent.parent
BOOK = Cleaner().book
GUARDED = dataclasses.replace(BOOK, signature_scan=None)
"""The same book choosing with the substring tests and their guards."""


def test_the_case_extras_hold_every_character_regex_takes_for_an_ascii_one() -> None:
    """What the scan's superset rests on: ignoring case, ``regex`` matches an ASCII
    character only to itself, its other case and ``ASCII_CASE_EXTRAS``, over every code
    point."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for code in range(128):
        char = chr(code)
        matched = set(regex.findall(f"(?i){regex.escape(char)}", every))
        accepted = positions(Literal.of(char, True))[0]
        assert accepted is not None
        assert matched <= set(map(chr, accepted)), (char, matched)
    assert set(ASCII_CASE_EXTRAS) <= set("abcdefghijklmnopqrstuvwxyz")


# Letters with case extras, Vietnamese letters in both cases, German sharp s, punctuation.
ALPHABET = 'kK\u212asS\u017fiI\u0130\u0131aAbB.vn/ "=Dâ\u00e2\u00c2ấẤđĐßẞ-'
_literal = st.tuples(st.text(ALPHABET, min_size=1, max_size=8), st.booleans())


def _variants(text: str) -> list[str]:
    """``text`` as written, in other cases, with the characters ``regex`` also takes for
    some ASCII letters ignoring case."""
    odd = text.replace("k", "\u212a").replace("s", "\u017f").replace("i", "\u0130")
    return [text, text.swapcase(), text.upper(), text.lower(), odd, odd.replace("I", "\u0131")]


@given(st.lists(_literal, min_size=1, max_size=6), st.text(ALPHABET, max_size=30))
@example([("Dân trí", True), ("kenh14", True), ("ab", False)], "xx")
def test_a_literal_that_occurs_is_never_reported_absent(
    made: list[tuple[str, bool]], noise: str
) -> None:
    literals = [Literal.of(text, blind) for text, blind in made]
    scan = LiteralScan.of(literals)
    assert scan is not None
    subjects = [noise, *(noise + v + noise for lit in literals for v in _variants(lit.text))]
    for subject in subjects:
        found = scan.find(subject)
        for lit in literals:
            if lit.occurs_in(subject):
                assert scan.candidates([lit], found) == [0], (lit, subject)


def test_literals_that_cannot_be_anchored_are_always_candidates() -> None:
    """Shorter than three, or case-blind with no three ASCII characters side by side: no
    anchor, so the signature's own search always runs."""
    short, blind = Literal.of("ab", False), Literal.of("Đà Nẵng", True)
    scan = LiteralScan.of([short, blind, Literal.of("kenh14", False)])
    assert scan is not None
    assert scan.slots[short] == scan.slots[blind] == -1
    assert scan.candidates([short, blind, None], scan.find("")) == [0, 1, 2]
    assert anchor(positions(Literal.of("x.vn/", True))) is not None


def test_bad_literal_specs_are_refused() -> None:
    assert native.compiled is not None
    make = native.compiled.LiteralScan
    for bad in (
        [((None, (97,), (98,)), 0)],  # the anchor is a wildcard
        [(((97,), (98,)), 0)],  # shorter than three
        [(((97,), (98,), (99,)), 1)],  # no three positions from the anchor
        [(((97,), (98,), (99, 1, 2, 3, 4)), 0)],  # five code points at a position
        [(((97,), (98,), (-1,)), 0)],  # not a code point
    ):
        with pytest.raises(ValueError):
            make(bad)
    with pytest.raises(TypeError):
        make([(((97,), (98,), (99,)), 0)]).find(b"abc")  # type: ignore[arg-type]


def _texts() -> list[str]:
    paths = [*ROOT.glob("fixtures/*/*.html"), *ROOT.glob("fixtures/*/*.txt"), *ROOT.glob("seeds/*")]
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def test_the_source_chosen_is_the_one_the_guards_choose() -> None:
    """On every fixture and seed, and on made-up texts holding each signature literal in
    other cases: the scan and the substring tests choose the same source."""
    assert BOOK.signature_scan is not None
    keys = {k for ks in BOOK.signature_keys for k in ks if k is not None}
    texts = _texts()
    texts.append("x" * SIGNATURE_SCAN_CHARS + texts[0])  # its signature past the scanned head
    made = [f"<p>{v}</p>" for k in sorted(keys, key=str) for v in _variants(k.text)]
    chosen = 0
    for text in [*texts, *made]:
        source = BOOK.select(url=None, source=None, text=text)
        assert source is GUARDED.select(url=None, source=None, text=text)
        chosen += source is not None
    assert 0 < chosen < len(texts) + len(made)  # both answers were compared


def test_a_signature_without_a_literal_is_still_searched(tmp_path: Path) -> None:
    """A user source whose signature has no literal the scan can look for (``\\d{5}\\p{Lu}{2}``):
    the scan finds nothing in the text, and the source must still be chosen where its
    signature matches (``RuleBook.signature_anywhere``), and not where it does not."""
    mine = write_rules(
        tmp_path,
        'version = "1"\n[source]\nname = "digits.example"\nhosts = ["digits.example"]\n'
        "signatures = ['''\\d{5}\\p{Lu}{2}''']\n",
    )
    book = Cleaner(Options(rule_files=[mine])).book
    assert book.signature_scan is not None and book.signature_anywhere
    guarded = dataclasses.replace(book, signature_scan=None)
    for text, name in (("Mã 12345VN ở đây.", "digits.example"), ("Không có mã.", None)):
        assert not any(book.signature_scan.find(text))
        chosen = book.select(url=None, source=None, text=text)
        assert (chosen.name if chosen else None) == name
        assert chosen is guarded.select(url=None, source=None, text=text)


def test_the_shipped_signatures_all_have_a_literal() -> None:
    """Every shipped signature has a literal the scan looks for, so a text in which it
    finds none skips the sources (``select``'s early return is taken for the built-ins)."""
    assert not BOOK.signature_anywhere
    assert BOOK.select(url=None, source=None, text="Một dòng ngắn.") is None
