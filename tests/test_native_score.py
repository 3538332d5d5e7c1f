"""The compiled scorer (``cleaner/_ctext_score.c``) against ``features.score_python``: the
same points (the same double, bit for bit), the same Feature objects in the same order,
and the same errors, on every block the pipeline scores on the golden pages and on the
corpus pages where /work/shared/corpus is present (skipped where not), on made-up blocks,
and under other thresholds (``dataclasses.replace``), including the ones it hands back to
the Python (numbers a double does not hold). Skipped where ``_ctext`` is not built."""

from __future__ import annotations

import dataclasses
import gzip
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, features, language, native
from cleaner.language import Reading, Stoplist
from cleaner.model import Feature, Segment
from cleaner.thresholds import DEFAULT_THRESHOLDS, Thresholds

from .util import fixture_pages

pytestmark = pytest.mark.skipif(native.compiled is None, reason="cleaner._ctext is not built")

CORPUS = Path("/work/shared/corpus")
STOPLISTS = [language.stoplist(lang) for lang in ("vi", "en", "th", "ja", "de")]

Args = tuple[Segment, Counter[str], Thresholds, Stoplist | None, Reading | None]


def _same(args: Args, same_objects: bool = True) -> None:
    """Both scorers give the same answer (or raise the same error) for ``args``."""
    try:
        plain = features.score_python(*args)
    except Exception as error:  # the compiled one must raise the same
        with pytest.raises(type(error)):
            features.score_native(*args)
        return
    compiled = features.score_native(*args)
    assert type(compiled) is tuple and type(compiled[1]) is list
    assert type(compiled[0]) is float and compiled[0].hex() == plain[0].hex(), args
    assert compiled[1] == plain[1], args
    if same_objects:  # not only equal: the very Feature objects feature() gives
        assert all(c is p for c, p in zip(compiled[1], plain[1], strict=True)), args


def _scored_blocks(pages: Iterator[tuple[str, str | None]]) -> list[Args]:
    """The arguments of every ``features.score`` call the pipeline makes on ``pages``
    (content, url)."""
    calls: list[Args] = []
    real = features.score

    def spy(*args: object) -> tuple[float, list[Feature]]:
        calls.append(args)  # type: ignore[arg-type]
        return real(*args)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(features, "score", spy)
        for content, url in pages:
            Cleaner().clean(content, url=url)
    return calls


def test_every_block_of_the_golden_pages_scores_the_same() -> None:
    calls = _scored_blocks(fixture_pages())
    assert len(calls) > 500
    for args in calls:
        _same(args)


@pytest.mark.skipif(not (CORPUS / "vi").is_dir(), reason="no vi corpus here")
def test_every_block_of_the_vi_pages_scores_the_same() -> None:
    paths = sorted((CORPUS / "vi").glob("*/*.html"))
    calls = _scored_blocks((p.read_text(encoding="utf-8", errors="replace"), None) for p in paths)
    texts = CORPUS / "vi-text" / "multisite_clean.jsonl"
    if texts.is_file():
        lines = texts.read_text(encoding="utf-8").splitlines()[:200]
        calls += _scored_blocks((json.loads(line)["maintext"], None) for line in lines)
    assert len(calls) > 300
    for args in calls:
        _same(args)


@pytest.mark.skipif(not (CORPUS / "en-wcxb-dev").is_dir(), reason="no WCXB corpus here")
def test_every_block_of_the_wcxb_pages_scores_the_same() -> None:
    from benchmarks.naive import decode_html

    paths = sorted((CORPUS / "en-wcxb-dev" / "html").glob("*.html.gz"))[:300]
    pages = ((decode_html(gzip.decompress(p.read_bytes())), None) for p in paths)
    calls = _scored_blocks(pages)
    assert len(calls) > 10_000
    for args in calls:
        _same(args)


# Pieces of block text: prose and its endings, teasers cut short, times, dates, bylines,
# captions, capitals, digits, Thai (no sentence end), CJK, stopwords of several languages.
PIECES = [
    "Ông Biden gặp ông Zelensky tại Kiev", "và", "của", "là", "the", "of", "and", "it is",
    "der", "die", "und", ".", "!", "?", "…", "...", '."', "16:27", "Thứ Hai, 12/3/2024",
    "12/03/2024 10:20 GMT+7", "March 3, 2024", "By John Smith", "Theo VnExpress",
    "Ảnh:", "Photo: AP", "(Ảnh: Reuters)", "BREAKING NEWS", "TRANG CHỦ", "2024", "1234567",
    "ภาษาไทยที่ดีมากสำหรับการอ่าน", "ครับ", "日本語の文章です。", "中文", "a", "A", "9", " ",
    "İSTANBUL", "ΟΔΟΣ", "\u00a0", "x" * 70,
]  # fmt: skip
block_text = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=12).map("".join),
    st.text(max_size=3),
    st.text(st.characters(codec=None, categories=None), max_size=120),
)
TAGS = ["", "p", "div", "h1", "h2", "h3", "h4", "li", "td", "span", "blockquote"]
densities = st.one_of(
    st.sampled_from([0.0, 0.25, 0.2499999999999, 0.5, 0.4999999999999, 0.75, 1.0]),
    st.floats(0.0, 1.0),
)


@st.composite
def blocks(draw: st.DrawFn) -> Args:
    text = draw(block_text)
    segment = Segment(
        text=text,
        tag=draw(st.sampled_from(TAGS)),
        link_density=draw(densities),
        bold=draw(st.booleans()),
        in_body=draw(st.sampled_from([True, False, None])),
    )
    counts = Counter({text: draw(st.integers(0, 3))})
    counts.update(draw(st.lists(block_text, max_size=2)))
    reading = language.read(text) if draw(st.booleans()) else None
    return segment, counts, DEFAULT_THRESHOLDS, draw(st.sampled_from([None, *STOPLISTS])), reading


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks())
@example((Segment(""), Counter(), DEFAULT_THRESHOLDS, None, None))
@example((Segment("…"), Counter({"…": 2}), DEFAULT_THRESHOLDS, None, None))
@example((Segment("ภาษาไทยที่ดีมากสำหรับการอ่านบทความนี้ " * 3, in_body=False), Counter(),
          DEFAULT_THRESHOLDS, STOPLISTS[2], None))  # fmt: skip
def test_made_up_blocks_score_the_same(args: Args) -> None:
    _same(args)


LIMIT_FIELDS = [name for name in features._LIMITS if name.endswith(("_words", "_letters"))]
SHARE_FIELDS = [name for name in features._LIMITS if name not in LIMIT_FIELDS]
POINT_FIELDS = sorted({field for _, field in features._FEATURES})


@st.composite
def thresholds(draw: st.DrawFn) -> Thresholds:
    """Other numbers for some of the scorer's fields; now and then an int for points, a
    bool, a huge int or a float for a word limit (the compiled scorer hands those back)."""
    changes: dict[str, object] = {}
    for name in draw(st.lists(st.sampled_from(LIMIT_FIELDS), max_size=6)):
        changes[name] = draw(st.one_of(st.integers(0, 60), st.floats(-1, 70),
                                       st.sampled_from([2**60, True, 2**53 + 1])))  # fmt: skip
    for name in draw(st.lists(st.sampled_from(SHARE_FIELDS), max_size=4)):
        changes[name] = draw(st.one_of(st.floats(-0.5, 1.5), st.sampled_from([0, 1])))
    for name in draw(st.lists(st.sampled_from(POINT_FIELDS), max_size=6)):
        changes[name] = draw(st.one_of(st.floats(-5, 5), st.just(-0.0), st.integers(-3, 3)))
    return dataclasses.replace(DEFAULT_THRESHOLDS, **changes)  # type: ignore[arg-type]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks(), thresholds())
def test_other_thresholds_score_the_same(args: Args, t: Thresholds) -> None:
    segment, counts, _, stoplist, reading = args
    _same((segment, counts, t, stoplist, reading), same_objects=False)


def test_thresholds_are_planned_once_and_the_plan_follows_them() -> None:
    """Alternating thresholds objects give each one's answer (the plan kept is the last
    one's), and numbers a double does not hold make no plan (the Python scores)."""
    text = "Một câu văn xuôi đủ dài để được tính là một đoạn văn của bài báo này."
    segment = Segment(text, tag="p", in_body=True)
    other = dataclasses.replace(DEFAULT_THRESHOLDS, in_body_points=7.25, medium_words=30)
    huge = dataclasses.replace(DEFAULT_THRESHOLDS, medium_words=2**60)
    assert features._plan(huge) is None
    assert features._plan(dataclasses.replace(DEFAULT_THRESHOLDS, long_points=3)) is None
    answers = set()
    for t in (DEFAULT_THRESHOLDS, other, huge, DEFAULT_THRESHOLDS, other):
        _same((segment, Counter(), t, STOPLISTS[0], None))
        answers.add(features.score_native(segment, Counter(), t, STOPLISTS[0])[0])
    assert len(answers) == 3


def test_mappings_other_than_a_counter_are_read_by_their_own_lookup() -> None:
    class Twice(Counter[str]):
        def __missing__(self, key: str) -> int:
            return 2

    text = "Trang chủ của báo điện tử"
    for counts in (Counter(), {text: 2}, Twice(), Counter({text: 5})):
        _same((Segment(text), counts, DEFAULT_THRESHOLDS, None, None))  # type: ignore[arg-type]


def test_the_same_errors() -> None:
    """No letter and no minimum: the Python divides by zero, so does the compiled one."""
    zero = dataclasses.replace(DEFAULT_THRESHOLDS, upper_min_letters=0)
    with pytest.raises(ZeroDivisionError):
        features.score_native(Segment("1234"), Counter(), zero, None)
    with pytest.raises(AttributeError):
        features.score_native(object(), Counter(), DEFAULT_THRESHOLDS, None)  # type: ignore[arg-type]
