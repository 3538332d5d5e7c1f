"""``segment_text.segment_text_native`` (``_ctext.text_segments``: the lines split,
collapsed, looked up in the Cleaner's ``KnownLines`` and made into segments in one pass)
gives what ``segment_text_python`` gives: the same segments, the same table after."""

from __future__ import annotations

import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import native
from cleaner import segment_text as seg
from cleaner.errors import LimitExceeded
from cleaner.model import Segment, make_segment
from cleaner.normalize import collapse_spaces

from .util import text_samples

pytestmark = pytest.mark.skipif(native.compiled is None, reason="cleaner._ctext is not built")


def _python_lines(text: str) -> list[Segment]:
    return [make_segment(line) for line in map(collapse_spaces, text.split("\n")) if line]


def _same(made: list[Segment], expected: list[Segment]) -> None:
    assert made == expected
    assert all(type(s) is Segment for s in made)


def test_every_code_point_in_a_line() -> None:
    """Each code point inside, before and after a line's text (the printable ranges the C
    knows without the Unicode table, the spaces it strips, the rest it hands to
    ``collapse_spaces``), and doubled after a space."""
    assert native.compiled is not None
    every = [chr(c) for c in range(sys.maxunicode + 1) if c != 0x0A]
    for form in ("ệ{}b", "{}a{}", "a {}{}b"):
        text = "\n".join(form.format(c, c) for c in every)
        made, new = native.compiled.text_segments(text, None, seg._PLAN)
        assert new is None
        assert [s.text for s in made] == list(filter(None, map(collapse_spaces, text.split("\n"))))
        assert set(map(type, made)) == {Segment}
        assert made[0] == make_segment(made[0].text)


PIECES = [
    "a", "b", "ệ", "Đ", "😀", " ", "  ", "\t", "\n", "\n\n", " \n ", "\x0b", "\x0c", "\x1c",
    "\x85", "\u2028", "\xa0", "\u2000", "\u3000", "\u200b", "\xad", "\x00", "\x7f", "\ud800",
    "&amp;", "&nbsp;", "e\u0301", "\u200e", "\ue000", "\U000e0001", "x" * 300,
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
@example("a  b\n\n \t\nc")
@example("\n\n\n")
@example("")
def test_the_twins_agree_without_a_table(text: str) -> None:
    normal = seg.normalize_breaks(text)
    _same(native.compiled.text_segments(normal, None, seg._PLAN)[0], _python_lines(normal))
    _same(seg.segment_text_native(text), seg.segment_text_python(text))


def _through_tables(documents: list[str], size: int, max_chars: int) -> None:
    """Each document through a table of each twin: the same segments each time, the same
    tables (entries in order, characters) after each."""
    compiled, python = seg.KnownLines(size, max_chars), seg.KnownLines(size, max_chars)
    for text in documents:
        made = seg.segment_text_native(text, compiled)
        _same(made, seg.segment_text_python(text, python))
        assert list(compiled._table.items()) == list(python._table.items())
        assert compiled.chars == python.chars
        # Again: each line the table now holds is the very segment it holds.
        held = {id(s) for s in compiled._table.values()}
        raws = [raw for raw in seg.normalize_breaks(text).split("\n") if raw.strip()]
        expected = [raw in compiled._table for raw in raws]
        again = seg.segment_text_native(text, compiled)
        _same(again, seg.segment_text_python(text, python))  # and the tables kept in step
        assert [id(s) in held for s in again] == expected
        assert list(compiled._table.items()) == list(python._table.items())


@settings(max_examples=400, deadline=None)
@given(st.lists(TEXTS, max_size=6), st.integers(1, 12), st.sampled_from([40, 300, 10_000]))
@example(["Trang chủ\n \nx", "Trang chủ\nnew\nnew", "Trang chủ"], 3, 300)
def test_the_twins_agree_through_a_table(documents: list[str], size: int, chars: int) -> None:
    _through_tables(documents, size, chars)


def test_the_twins_agree_on_fixtures_seeds_and_corpora() -> None:
    texts = text_samples()
    assert len(texts) > 50
    for text in texts:
        _same(seg.segment_text_native(text), seg.segment_text_python(text))
    _through_tables(texts, 1_000, 200_000)
    _through_tables(texts, 100, 5_000)  # emptied often


@pytest.mark.parametrize("blank", ["", " ", "\t \u3000"])
def test_the_line_limit_is_the_same(monkeypatch: pytest.MonkeyPatch, blank: str) -> None:
    """At and past MAX_TEXT_LINES (made small), with blank lines that count as breaks but
    not as lines: both twins refuse the same texts with the same error."""
    monkeypatch.setattr(seg, "MAX_TEXT_LINES", 5)
    for lines in (4, 5, 6, 9):
        text = f"\n{blank}\n".join(f"line {i}" for i in range(lines))
        for twin in (seg.segment_text_native, seg.segment_text_python):
            for known in (None, seg.KnownLines(100, 10_000)):
                if lines > 5:
                    with pytest.raises(LimitExceeded) as refused:
                        twin(text, known)
                    assert refused.value.actual == lines
                else:
                    assert len(twin(text, known)) == lines


def test_a_bad_plan_or_table_is_refused() -> None:
    assert native.compiled is not None
    text_segments = native.compiled.text_segments
    with pytest.raises(TypeError):
        text_segments("a", None, seg._PLAN[:3])
    with pytest.raises(TypeError):
        text_segments("a", [], seg._PLAN)
    with pytest.raises(TypeError):
        text_segments(b"a", None, seg._PLAN)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        text_segments("a", None, (Segment, (1,), (None,), collapse_spaces))
