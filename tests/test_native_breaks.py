"""``normalize.normalize_breaks_native`` (``_ctext.break_marks``: the two searches of
``normalize_breaks`` made in one pass) gives what ``normalize_breaks_python`` gives."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import native, normalize

pytestmark = pytest.mark.skipif(native.compiled is None, reason="cleaner._ctext is not built")
ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path("/work/shared/corpus")


def _stable(text: str) -> bool:
    return all(any(a <= ord(c) <= b for a, b in normalize.NFC_STABLE_RANGES) for c in text)


def test_the_marks_of_every_code_point() -> None:
    """Each code point's marks: a line ending, a removable character, and (bit 4) in
    ``NFC_STABLE_RANGES``; so each range's first and last code point and the ones around
    them. Fails with a range's bound off by one in the C."""
    assert native.compiled is not None
    marks = native.compiled.break_marks
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    breaks = set(normalize._ANY_BREAK.findall(everything))
    removable = set(normalize._REMOVABLE.findall(everything))
    assert breaks and removable
    for c in everything:
        expected = (c in breaks) | (c in removable) << 1 | _stable(c) << 2
        assert marks(c) == expected, hex(ord(c))
        # and in a text of each width, after characters with no mark
        if c in breaks or c in removable:
            for before in ("a b", "ệ\u2000", "😀"):
                got = marks(before + c)
                assert got & 3 == marks(c) & 3, (hex(ord(c)), before)
                assert bool(got & 4) == _stable(before + c), (hex(ord(c)), before)


PIECES = [
    "a", " ", "ệ", "😀", "\n", "\r", "\r\n", "\x85", "\u2028", "\u2029", "\t", "\x00", "\x1f",
    "\x7f", "\xad", "\u200b", "\u200d", "\u2060", "\ufeff", "\ud800", "\udfff", "&", "&amp;",
    "&#173;", "&#x200b;", "&#13;", "&#x2028;", "&shy;", "&nbsp;", "e\u0301", "\u2000", "Ω",
]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20).map("".join))
@example("&#173;\n")
@example("x&#x200b;\r\n")
def test_the_twins_agree_on_made_up_text(text: str) -> None:
    assert normalize.normalize_breaks_native(text) == normalize.normalize_breaks_python(text)


def test_the_twins_agree_on_fixtures_seeds_and_corpus_texts() -> None:
    paths = sorted((ROOT / "fixtures").rglob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    texts = [p.read_text("utf-8") for p in paths]
    texts += [
        p.read_text("utf-8", errors="replace") for p in sorted(ROOT.glob("fixtures/*/*.html"))
    ]
    for name in ("vfnd_articles.jsonl", "multisite_clean.jsonl"):
        path = CORPUS / "vi-text" / name
        if path.is_file():
            texts += [
                json.loads(line).get("maintext") or "" for line in path.open(encoding="utf-8")
            ]
    assert len(texts) > 100
    for text in texts:
        assert normalize.normalize_breaks_native(text) == normalize.normalize_breaks_python(text)


def test_the_marks_anywhere_in_a_long_text() -> None:
    """A mark at each place around the compiled scan's runs of 64 characters (a text of
    two-byte characters, where the runs are), alone and after the other mark."""
    assert native.compiled is not None
    marks = native.compiled.break_marks
    samples = {"\r": 1, "\x85": 1, "\u2029": 1, "\x00": 2, "\xad": 2, "\u200b": 2, "\ufeff": 2}
    for at in (0, 1, 62, 63, 64, 65, 127, 128, 129, 300):
        for c, mark in samples.items():
            for after in (0, 1, 70):
                text = "ệ" * at + c + "a\n\t" * after
                assert marks(text) & 3 == mark, (at, hex(ord(c)), after)
                assert marks(text + "ệ" * 64 + "\r\x00") & 3 == 3


def test_the_stable_mark_anywhere_in_a_long_text() -> None:
    """One character outside ``NFC_STABLE_RANGES`` at each place around the compiled
    scan's runs of 64 characters, in texts of two and four bytes a character, and after
    both other marks (the scan goes on past them for this one). Fails with the scan
    stopping once the two others are found."""
    assert native.compiled is not None
    marks = native.compiled.break_marks
    for at in (0, 1, 62, 63, 64, 65, 127, 128, 129, 300):
        for c in ("\u0301", "\u2000", "\u3000", "Ω", "\U0001d400"):
            for head in ("", "\r\x00"):
                text = head + "ệ" * at + c + "a\n\t" * 3
                assert marks(text) & 4 == 0, (at, hex(ord(c)), head)
                assert marks(text.replace(c, "ự")) & 4 == 4, (at, hex(ord(c)), head)
        assert marks("😀" + "a" * at) & 4 == 0


PIECES_NFC = ["a", "ệ", "e", "\u0301", "\u0323", "Å", "\u212b", "\u2000", "\u2010", "&#769;", "\r"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(PIECES_NFC), max_size=20).map("".join))
@example("e\u0301")
@example("e&#769;")
def test_the_twins_agree_on_composable_text(text: str) -> None:
    """Combining marks after letters the stable ranges hold, a singleton (U+212B), and an
    entity for a combining mark: NFC is asked wherever a character is outside the
    ranges or an entity was unescaped. Fails with the third mark trusted after an
    unescape."""
    assert normalize.normalize_breaks_native(text) == normalize.normalize_breaks_python(text)
