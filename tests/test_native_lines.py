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

from .util import interleaved_threads, text_samples

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


def _held(known: seg.KnownLines) -> dict[str, Segment]:
    return dict(known._table.items())


def _through_tables(documents: list[str], size: int, max_chars: int) -> None:
    """Each document through a table of each twin (the compiled pass with the in-place
    ``LineTable`` and with a dict, the Python with a dict): the same segments each time,
    the same lines held (the dicts' entries in order), the same characters after each."""
    compiled = seg.KnownLines(size, max_chars)
    assert native.compiled is not None
    if native.ENABLED:
        assert isinstance(compiled._table, native.compiled.LineTable)
    compiled._table = native.compiled.LineTable()  # also under CLEANER_PURE=1 (a dict then)
    by_dict = seg.KnownLines(size, max_chars, in_place=False)
    python = seg.KnownLines(size, max_chars, in_place=False)
    for text in documents:
        made = seg.segment_text_native(text, compiled)
        _same(made, seg.segment_text_python(text, python))
        _same(seg.segment_text_native(text, by_dict), made)
        assert _held(compiled) == python._table and len(compiled) == len(python)
        assert list(by_dict._table.items()) == list(python._table.items())
        assert compiled.chars == python.chars == by_dict.chars
        # Again: each line the table now holds is the very segment it holds.
        held = {id(s) for s in _held(compiled).values()}
        raws = [raw for raw in seg.normalize_breaks(text).split("\n") if raw.strip()]
        expected = [raw in compiled._table for raw in raws]
        assert expected == [raw in python._table for raw in raws]
        again = seg.segment_text_native(text, compiled)
        _same(again, seg.segment_text_python(text, python))  # and the tables kept in step
        seg.segment_text_native(text, by_dict)
        assert [id(s) in held for s in again] == expected
        assert _held(compiled) == python._table
        assert list(by_dict._table.items()) == list(python._table.items())


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


def _found(table: object, text: str) -> list[Segment]:
    assert native.compiled is not None
    return native.compiled.text_segments(text, table, seg._PLAN)[0]  # type: ignore[arg-type]


def test_a_line_table_finds_a_line_whatever_the_width_of_the_text() -> None:
    """A str is stored at the narrowest width its characters allow: a line held from a
    one-byte text is found in a text two or four bytes a character wide, and one held
    from those in a narrower text (the code points are hashed and compared, not the
    bytes). Fails with the hash or the comparison made of the bytes."""
    assert native.compiled is not None
    for line in ("Trang chủ", "Home", "x" * 80, "Trang chủ 😀", "ệ" * 70 + "a"):
        table = native.compiled.LineTable()
        segment = make_segment(line)
        table.update({line: segment})
        assert line in table and table.get(line) is segment and len(table) == 1
        for other in ("a", "ệ", "😀"):
            found = _found(table, f"{other}\n{line}\n{line}{other}\n{line}")
            assert [s is segment for s in found] == [False, True, False, True], (line, other)


@given(st.text("ab", min_size=50, max_size=60), st.sampled_from(["x", "y", "ệ", "😀"]))
def test_lines_alike_at_both_ends_are_told_apart(edges: str, middle: str) -> None:
    """The hash reads a long line's two ends alone: lines of one length with the same ends
    and another middle share it, and are told apart by their code points. Fails with
    the comparison left out."""
    table = native.compiled.LineTable()
    held = edges[:25] + "x" + edges[25:]
    segment = make_segment(held)
    table.update({held: segment})
    probe = edges[:25] + middle + edges[25:]
    (found,) = _found(table, probe)
    assert (found is segment) == (probe == held)
    assert found.text == probe
    assert (probe in table) == (probe == held)


def test_lines_alike_at_both_ends_probe_a_bounded_run() -> None:
    """Thousands of lines of one length alike at both ends share one hash (it reads a
    long line's ends alone, and is not keyed): the table keeps only those within its
    probe bound of that hash's place, so a lookup compares a bounded number of them,
    not every one (time growing with the table for each line of a hostile document).
    Each line is still found as the segment held, or made anew. Fails with the bound
    left out (all 3,000 kept, each lookup reading the whole cluster)."""
    table = native.compiled.LineTable()
    edge = "a" * 30
    lines = [f"{edge}{i:06d}{edge}" for i in range(3000)]
    made = {line: make_segment(line) for line in lines}
    table.update(made)
    held = dict(table.items())
    assert 0 < len(table) == len(held) <= 32
    assert all(made[line] is segment for line, segment in held.items())
    found = _found(table, "\n".join(lines))
    assert [s.text for s in found] == lines
    assert [s is made[line] for s, line in zip(found, lines, strict=True)] == [
        line in held for line in lines
    ]
    assert [table.get(line) is made[line] for line in lines] == [line in held for line in lines]
    table.update({f"line {i}": make_segment(f"line {i}") for i in range(5000)})  # grows
    assert len(table) == len(table.items()) and table.get("line 4999") is not None
    assert all(table.get(line) in (made[line], None) for line in lines)


def test_a_line_table_grows_and_empties() -> None:
    """Thousands of lines (the table grows many times): each found, the very segment
    kept; after ``clear`` none. ``update`` of a held line replaces its segment."""
    table = native.compiled.LineTable()
    lines = {
        f"line {i} ệ" if i % 2 else f"line {i}": make_segment(f"line {i}") for i in range(5000)
    }
    for start in range(0, 5000, 700):
        table.update(dict(list(lines.items())[start : start + 700]))
    assert len(table) == 5000
    found = _found(table, "\n".join(lines))
    assert all(a is b for a, b in zip(found, lines.values(), strict=True))
    other = make_segment("line 0")
    table.update({"line 0": other})
    assert len(table) == 5000 and table.get("line 0") is other
    table.clear()
    assert len(table) == 0 and table.get("line 0") is None and not table.items()
    assert [s.text for s in _found(table, "line 0")] == ["line 0"]
    with pytest.raises(TypeError):
        table.update({b"x": other})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        native.compiled.LineTable(1)  # type: ignore[call-arg]


def test_known_lines_shared_by_threads() -> None:
    """Threads sharing one small ``KnownLines`` (emptied often, as a Cleaner's is shared by
    its threads): every document's segments are those made without it, no call raises,
    and the table holds what its count says."""
    import random

    known = seg.KnownLines(60, 10**9)

    def work(n: int) -> None:
        rng = random.Random(n)
        for _ in range(400):
            lines = [f"menu {rng.randrange(90)}" for _ in range(15)]
            lines += [f"  bài {rng.random()}  " for _ in range(5)]
            text = "\n".join(lines)
            assert seg.segment_text_native(text, known) == seg.segment_text_native(text)

    errors = interleaved_threads(work)
    assert not errors, errors[0]
    assert len(known._table.items()) == len(known) <= 60
