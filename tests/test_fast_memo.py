"""The decision memo's fast paths against the plain definitions they replace: one record of
facts per text, the score table's short keys, and the scorer's density measured only where
it is read (docs/speed.md, sixth round)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner import Cleaner, features, language, memo
from cleaner.memo import CUT, HITS, LINE, WORDS, DecisionMemo, DocumentMemo, score_key
from cleaner.model import Chrome, Segment
from cleaner.thresholds import DEFAULT_THRESHOLDS

ROOT = Path(__file__).resolve().parent.parent
BOOK = Cleaner().book
RULES = BOOK.rules_for(None)

# Few values per field, so that generated Segments often share some fields and not others.
segments = st.builds(
    Segment,
    text=st.sampled_from(["", "a", "Xem thêm", "Một đoạn văn."]),
    tag=st.sampled_from(["", "p", "h2"]),
    depth=st.sampled_from([0, 1]),
    classes=st.sampled_from(["", "box", "p"]),
    link_density=st.sampled_from([0.0, 0.5, -0.0]),
    bold=st.booleans(),
    chrome=st.sampled_from([None, Chrome("related", "box")]),
    in_body=st.sampled_from([None, True, False]),
    is_title=st.booleans(),
    pinned=st.booleans(),
    after_body=st.booleans(),
)
STOPLIST = language.stoplists().by_lang["vi"]


def _fields(segment: Segment) -> tuple[object, ...]:
    return tuple(getattr(segment, f.name) for f in dataclasses.fields(Segment))


@given(segments, segments, st.booleans(), st.booleans(), st.sampled_from([None, STOPLIST]))
def test_score_keys_are_equal_exactly_when_the_segments_fields_are(
    a: Segment, b: Segment, rep_a: bool, rep_b: bool, stoplist: object
) -> None:
    same = _fields(a) == _fields(b) and rep_a == rep_b
    key_a = score_key(a, rep_a, stoplist)  # type: ignore[arg-type]
    key_b = score_key(b, rep_b, stoplist)  # type: ignore[arg-type]
    assert (key_a == key_b) is same
    if same:
        assert hash(key_a) == hash(key_b)


@given(segments, st.booleans())
def test_score_key_characters_are_the_segments_text_fields(segment: Segment, rep: bool) -> None:
    plain = sum(len(f) for f in _fields(segment) if isinstance(f, str))
    assert memo._segment_chars(score_key(segment, rep, None)) == plain


def test_a_text_segments_key_is_short() -> None:
    assert score_key(Segment("Một đoạn văn."), False, None) == ("Một đoạn văn.", False, None)
    assert len(score_key(Segment("Một đoạn văn.", tag="p"), False, None)) == 4


missing = st.just(memo._MISSING)
facts = st.tuples(
    st.one_of(missing, st.none()),
    st.one_of(missing, st.none()),
    st.one_of(missing, st.floats(0, 50)),
    st.one_of(missing, st.tuples(st.integers(0, 9), st.binary(max_size=3))),
    st.one_of(missing, st.integers(0, 2**62)),
    st.one_of(missing, st.booleans()),
)


@given(facts, facts)
def test_merged_facts_keep_every_field_either_side_knows(held: memo.Facts, new: memo.Facts) -> None:
    merged = memo._fuller(held, new)
    for h, n, m in zip(held, new, merged, strict=True):
        assert m is (n if n is not memo._MISSING else h)


M = memo._MISSING


def test_facts_filled_by_one_document_are_merged_for_the_next() -> None:
    """A document that asks a text's words, then one that asks its line rule, then one that
    asks neither: the Cleaner's record ends with both, and nothing is computed twice."""
    text = "Một đoạn văn bình thường của bài viết."
    shared = DecisionMemo()
    first = DocumentMemo(shared=shared)
    words = first.words(text)
    first.commit()
    assert shared.facts.get(text, None) == (M, M, words, M, M, M)
    second = DocumentMemo(shared=shared)
    assert second.line_rule(RULES, text, False) is None
    assert second.words(text) == words
    second.commit()
    held = shared.facts.get(text, None)
    assert held is not None and held[LINE] is None and held[WORDS] == words
    assert held[CUT] is memo._MISSING and held[HITS] is memo._MISSING
    third = DocumentMemo(shared=shared)
    assert third.words(text) == words
    third.commit()
    assert shared.facts.get(text, None) is held  # nothing new: the same record, refreshed


def test_pinned_line_rules_are_kept_apart() -> None:
    """A pinned block is tried against the source's own rules only: its answer must not be
    the unpinned one of the same text."""
    text = "Theo VnExpress"
    source = BOOK.find("dantri.com.vn")
    rules = BOOK.rules_for(source)
    local = DocumentMemo(shared=DecisionMemo())
    unpinned = local.line_rule(rules, text, False)
    pinned = local.line_rule(rules, text, True)
    assert unpinned is rules.first_line_rule(text)
    assert pinned is rules.first_line_rule(text, pinned=True)
    local.commit()
    again = DocumentMemo(shared=local.shared)
    assert again.line_rule(rules, text, True) is pinned
    assert again.line_rule(rules, text, False) is unpinned


def _lines() -> list[str]:
    paths = sorted(ROOT.glob("seeds/*.txt")) + sorted(ROOT.glob("fixtures/*/*.txt"))
    return sorted({line for p in paths for line in p.read_text("utf-8").split("\n") if line})


LINES = _lines()


def _both_scores(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[tuple[float, list[object]], tuple[float, list[object]]]:
    counts = Counter([text])
    segment = Segment(text)
    fast = features.score(segment, counts, DEFAULT_THRESHOLDS, STOPLIST, language.read(text))
    real = language.measure
    with monkeypatch.context() as m:  # the plain definition: the density always measured,
        # exactly (without the lower bound ``high`` allows)
        m.setattr(language, "measure", lambda reading, _stoplist, *_: real(reading, STOPLIST))
        plain = features.score(segment, counts, DEFAULT_THRESHOLDS, STOPLIST, language.read(text))
    return fast, plain  # type: ignore[return-value]


def test_scores_measure_the_density_only_where_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(LINES) > 500
    for text in LINES:
        fast, plain = _both_scores(text, monkeypatch)
        assert fast == plain, text


@given(st.text(max_size=80))
def test_scores_measure_the_density_only_where_it_is_read_on_generated_text(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, plain = _both_scores(text, monkeypatch)
    assert fast == plain
