"""What the compiled path makes untracked by the cyclic garbage collector
(``_ctext.h``'s ``ctext_untracked``): objects no cycle can pass through, which a text
document makes by the line and a Cleaner's tables keep. A young collection walks every
tracked object made since the last one, and each older collection walks them again while
they live; untracked, they cost it nothing. The twins make the same objects tracked (only
tuples are untracked by the collector itself, and only once it has walked them): the
objects stay equal, only their tracking differs. Skipped where ``_ctext`` is not built."""

from __future__ import annotations

import dataclasses
import gc
from collections import Counter

import pytest

from cleaner import Cleaner, features, language, memo, native
from cleaner import segment_text as seg
from cleaner.memo import DocumentMemo
from cleaner.model import Chrome, Segment, make_segment
from cleaner.thresholds import DEFAULT_THRESHOLDS

pytestmark = pytest.mark.skipif(native.compiled is None, reason="cleaner._ctext is not built")

TEXT = (
    "Trang chủ\nThời sự\nĐà Nẵng: mưa lớn kéo dài, nhiều tuyến đường ngập sâu trong nước\n"
    "Theo dự báo, mưa còn kéo dài đến hết tuần; người dân được khuyến cáo hạn chế ra đường.\n"
    "Home\nThe council met on Tuesday and agreed the budget for the coming year in full.\n"
)
METHODS = memo._compiled_methods() if native.compiled is not None else {}


def _untracked_deep(obj: object) -> None:
    """``obj`` and every container in it (tuples, lists) untracked."""
    assert not gc.is_tracked(obj), repr(obj)[:80]
    if isinstance(obj, tuple | list):
        for item in obj:
            if isinstance(item, tuple | list):
                _untracked_deep(item)


def test_text_segments_are_untracked() -> None:
    """A text line's segment holds only str, numbers, bools and None, and is frozen."""
    assert native.compiled is not None
    made, _ = native.compiled.text_segments(TEXT, None, seg._PLAN)
    assert made and all(type(s) is Segment for s in made)
    assert not any(gc.is_tracked(s) for s in made)
    twins = [make_segment(s.text) for s in made]
    assert made == twins
    assert all(gc.is_tracked(s) for s in twins)  # the reference: a Python object, tracked


def test_a_segment_holding_a_tracked_default_stays_tracked() -> None:
    """Made with a default the collector tracks, a segment may reach a cycle: kept tracked."""
    assert native.compiled is not None
    held: list[object] = []
    chrome = seg._FIELDS.index(next(f for f in seg._FIELDS if f.name == "chrome"))
    defaults = list(seg._PLAN[2])
    defaults[chrome] = held
    plan = (seg._PLAN[0], seg._PLAN[1], tuple(defaults), seg._PLAN[3])
    made, _ = native.compiled.text_segments("one line\nanother", None, plan)
    assert [s.chrome for s in made] == [held, held]
    assert all(gc.is_tracked(s) for s in made)


def test_the_pipelines_segments_are_untracked_in_text_mode() -> None:
    """What a Cleaner keeps of a text's lines (``KnownLines``) and hands the decision."""
    cleaner = Cleaner()
    for _ in range(2):  # the second time every line is known
        result = cleaner.clean(TEXT, kind="text")
        assert result.blocks
    if native.ENABLED:
        assert not any(gc.is_tracked(s) for s in seg.segment_text(TEXT))


def test_reading_and_text_hits_are_untracked() -> None:
    """A Reading (a NamedTuple: the collector never untracks a tuple subclass) and
    detection's (units, hits) pair; equal to the Python twins'."""
    for line in filter(None, TEXT.split("\n")):
        reading = language.read_native(line)
        assert reading == language.read_python(line)
        _untracked_deep(reading)
        hits = language.text_hits_native(reading)
        assert hits is not None and hits == language.text_hits(reading)
        _untracked_deep(hits)
    # A hit on a longer entry (MATCH_MARK in the alone bytes): the pair made afresh.
    longer = language.read_native("theo dự báo của trung tâm khí tượng thủy văn quốc gia")
    hits = language.text_hits_native(longer)
    assert hits is not None and hits == language.text_hits(longer)
    _untracked_deep(hits)


def _score_tables(pure: bool) -> tuple[DocumentMemo, list[Segment]]:
    """A memo asked each line's points, through the compiled chain or the Python one."""
    segments = [make_segment(line) for line in filter(None, TEXT.split("\n"))]
    segments.append(dataclasses.replace(segments[0], tag="li", chrome=Chrome("menu", "nav")))
    t = DEFAULT_THRESHOLDS
    counts = features.duplicates(segments, t)
    stoplist = language.detect([s.text for s in segments])
    m = DocumentMemo()
    scored = DocumentMemo.scored_python if pure else METHODS["scored"]
    for s in segments:
        scored(m, s, counts, t, stoplist)
        scored(m, s, Counter(), t, None)
    return m, segments


def test_score_entries_are_untracked() -> None:
    """The score table's keys (the text, repeated, the Stoplist, and the other fields) and
    values (points and the tuple of fired Features), as the compiled ``scored`` makes
    them: equal to the Python chain's, which the collector tracks."""
    compiled, _ = _score_tables(pure=False)
    plain, _ = _score_tables(pure=True)
    assert compiled.score == plain.score
    assert len(compiled.score) >= 10
    assert any(len(k) == 4 for k in compiled.score)  # a key with the other fields
    assert any(v[1] for v in compiled.score.values())  # some features fired
    for key, value in compiled.score.items():
        assert not gc.is_tracked(key), key
        _untracked_deep(value)
    assert any(gc.is_tracked(k) for k in plain.score)


def test_facts_are_untracked() -> None:
    """A text's Facts as the compiled line rule, cut rule, detection's count and words
    store them: equal to the Python chain's."""
    rules = Cleaner().book.rules_for(None)
    lines = [line for line in TEXT.split("\n") if line]
    made: dict[bool, dict[str, object]] = {}
    for pure in (False, True):
        m = DocumentMemo()
        for name in ("line_rule", "cut_rule", "text_hits", "words"):
            method = getattr(DocumentMemo, f"{name}_python") if pure else METHODS[name]
            for line in lines:
                if name == "line_rule":
                    method(m, rules, line, False)
                elif name == "cut_rule":
                    method(m, rules, line)
                else:
                    method(m, line)
        made[pure] = m.facts
    assert made[False] == made[True] and len(made[False]) == len(lines)
    for facts in made[False].values():
        if native.ENABLED:
            _untracked_deep(facts)
        else:  # the compiled store, but its parts made by the Python twins (tracked)
            assert not gc.is_tracked(facts)
    assert any(gc.is_tracked(f) for f in made[True].values())


def test_untracked_entries_survive_collections() -> None:
    """Untracked objects are kept alive by their references alone: a full collection
    between documents leaves the tables whole and the results the same."""
    first = Cleaner().clean(TEXT, kind="text")
    cleaner = Cleaner()
    cleaner.clean(TEXT, kind="text")
    gc.collect()
    again = cleaner.clean(TEXT, kind="text")
    gc.collect()
    assert again.blocks == first.blocks
