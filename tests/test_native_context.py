"""The compiled context step (``cleaner/_ctext_context*.c``) against ``context.py``'s
``*_python`` functions: run on copies of the same slots (and of the same document memo),
every field of every slot the same afterwards (the same objects where the Python sets
objects: verdicts, origins, neighbour names), the memo asked the same texts in the same
order, and the same errors. On the slots the pipeline makes for every golden page and
text fixture, the corpus pages where /work/shared/corpus is present (skipped where not),
and on made-up slot lists under other thresholds (``dataclasses.replace``), including
those the compiled steps hand back to the Python. Skipped where ``_ctext`` is not built."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, context, decide, features, native, slot
from cleaner.memo import _BLANK, _MISSING, HEAD, DecisionMemo, DocumentMemo
from cleaner.model import Feature, Origin, Segment
from cleaner.slot import Slot, Verdict
from cleaner.thresholds import DEFAULT_THRESHOLDS, Thresholds

from .util import CORPUS, fixture_documents, memo_copy, vi_documents, wcxb_pages

pytestmark = pytest.mark.skipif(native.compiled is None, reason="cleaner._ctext is not built")

FIELDS = [f.name for f in dataclasses.fields(Slot)]
STEPS = ("choose_headline", "apply_context", "drop_repeats")


def _state(slots: list[Slot]) -> list[list[object]]:
    return [[getattr(s, name) for name in FIELDS] for s in slots]


def _same(step: str, slots: list[Slot], t: Thresholds, *rest: object) -> None:
    """The step's two twins, on copies of ``slots`` (and of the memo, the last of
    ``rest``), leave the same fields, the same memo, or raise the same error."""
    plain_slots = [copy.copy(s) for s in slots]
    made_slots = [copy.copy(s) for s in slots]
    plain_rest, made_rest = list(rest), list(rest)
    if rest and isinstance(rest[-1], DocumentMemo):
        plain_rest[-1], made_rest[-1] = memo_copy(rest[-1]), memo_copy(rest[-1])
    python: Callable[..., None] = getattr(context, f"{step}_python")
    compiled: Callable[..., None] = getattr(context, f"{step}_native")
    try:
        python(plain_slots, t, *plain_rest)
    except Exception as error:
        with pytest.raises(type(error)):
            compiled(made_slots, t, *made_rest)
        return
    compiled(made_slots, t, *made_rest)
    plain, made = _state(plain_slots), _state(made_slots)
    assert made == plain, step
    for before, after in zip(plain, made, strict=True):  # verdicts, origins: the very objects
        assert all(a is b for a, b in zip(before[1:3], after[1:3], strict=True))
        assert type(after[FIELDS.index("protected")]) is type(before[FIELDS.index("protected")])
    if plain_rest and isinstance(plain_rest[-1], DocumentMemo):
        memo_a, memo_b = plain_rest[-1], made_rest[-1]
        assert list(memo_b.facts.items()) == list(memo_a.facts.items())  # same texts, order
        assert list(memo_b.readings) == list(memo_a.readings)


def _checked_pipeline(pages: Iterator[tuple[str, str | None, str]]) -> int:
    """Cleans ``pages`` (content, url, kind) with each context step checked against its
    twin on the slots and memo the pipeline hands it; how many calls were checked."""
    checked = 0

    def spy(step: str) -> Callable[..., None]:
        real = getattr(decide, step)

        def run(slots: list[Slot], t: Thresholds, *rest: object) -> None:
            nonlocal checked
            _same(step, slots, t, *rest)
            checked += 1
            real(slots, t, *rest)

        return run

    with pytest.MonkeyPatch.context() as patch:
        for step in STEPS:
            patch.setattr(decide, step, spy(step))
        for content, url, kind in pages:
            Cleaner().clean(content, url=url, kind=kind)
    return checked


def test_the_golden_pages_and_text_fixtures_decide_the_same() -> None:
    assert _checked_pipeline(fixture_documents()) > 150


@pytest.mark.skipif(not (CORPUS / "vi").is_dir(), reason="no vi corpus here")
def test_the_vi_pages_and_their_text_decide_the_same() -> None:
    assert _checked_pipeline(iter(vi_documents())) > 300


@pytest.mark.skipif(not (CORPUS / "en-wcxb-dev").is_dir(), reason="no WCXB corpus here")
def test_the_wcxb_pages_decide_the_same() -> None:
    from benchmarks.naive import naive_text

    pages = wcxb_pages(150)
    checked = _checked_pipeline((page, None, "html") for page in pages)
    checked += _checked_pipeline((naive_text(page), None, "text") for page in pages[:60])
    assert checked > 300


# --- made-up slot lists -----------------------------------------------------------------

PROSE = (
    "Bộ trưởng Quốc phòng Nga điện đàm liên tục với các nước NATO trong ngày hôm nay, "
    "theo thông báo của văn phòng chính phủ được công bố vào chiều tối."
)
TEXTS = [
    PROSE, PROSE + " Thêm một câu nữa.", "Ông Biden gặp ông Zelensky tại Kiev",
    "Tin mới nhất hôm nay về kinh tế thế giới", "Trang chủ", "Ảnh: Reuters", "16:27",
    "A headline of five words", "x" * 70, "", "the " * 30, "日本語の文章です。" * 5,
    "Short one.", "Đọc thêm:",
]  # fmt: skip
features_drawn = st.lists(
    st.builds(
        Feature,
        st.sampled_from(["duplicate", "long", "terminal", "short"]),
        st.one_of(st.floats(-4, 4), st.sampled_from([0.0, -0.0, -2.5]), st.integers(-2, 2)),
    ),
    max_size=3,
).map(tuple)
near = st.sampled_from([2.0, -1.5, -5.0, 0.0, -0.0, 3.0, -3.0, 1.0, 1.9999999999999998])
scores = st.one_of(  # mostly at and around the thresholds, where the steps' tests turn
    near,
    near,
    near,
    st.floats(-8, 8),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-3, 3),  # not a float: the Python decides
)
verdicts = st.sampled_from([Verdict.NONE, Verdict.NONE, Verdict.KEEP, Verdict.DROP])
ORIGINS = [Origin.SCORER, Origin.RULE, Origin.BLOCK_RULE, Origin.CHROME, *Origin]


@st.composite
def slot_lists(draw: st.DrawFn) -> list[Slot]:
    make = draw(st.sampled_from([Slot, slot.new_slot, slot._native_kind()]))
    slots = []
    for _ in range(draw(st.integers(0, 30))):
        segment = Segment(
            text=draw(st.sampled_from(TEXTS)), in_body=draw(st.sampled_from([None, True, False]))
        )
        s = make(segment)
        s.verdict = draw(verdicts)
        s.origin = draw(st.sampled_from(ORIGINS))
        s.score = draw(scores)
        s.features = draw(features_drawn)
        s.protected = draw(st.sampled_from([False, False, True]))
        s.ends_body = draw(st.booleans())
        s.edges_only = draw(st.booleans())
        slots.append(s)
    if slots and draw(st.booleans()) and draw(st.booleans()):
        slots.insert(draw(st.integers(0, len(slots))), draw(st.sampled_from(slots)))  # twice
    return slots


COUNT_FIELDS = [
    "headline_lookahead", "headline_lookback", "extracted_lead_blocks",
    "extracted_unruled_lead_blocks",
]  # fmt: skip
LIMIT_FIELDS = [
    "good_score", "bad_score", "extracted_bad_score", "long_words", "repeat_min_chars",
    "neutral_max_gap",
]  # fmt: skip
WEIGHT_FIELDS = ["footer_rule_weight", "line_rule_weight", "block_rule_weight"]


@st.composite
def thresholds(draw: st.DrawFn) -> Thresholds:
    """Other numbers for some of the fields the step reads; now and then one the compiled
    steps hand back to the Python (a huge or float count, an int weight, a huge limit)."""
    changes: dict[str, object] = {}
    for name in draw(st.lists(st.sampled_from(COUNT_FIELDS), max_size=3)):
        changes[name] = draw(st.one_of(st.integers(-4, 14), st.sampled_from([2**70, True])))
    for name in draw(st.lists(st.sampled_from(LIMIT_FIELDS), max_size=4)):
        changes[name] = draw(st.one_of(st.floats(-6, 60), st.integers(-2, 40),
                                       st.sampled_from([2**53 + 1])))  # fmt: skip
    for name in draw(st.lists(st.sampled_from(WEIGHT_FIELDS), max_size=2)):
        changes[name] = draw(st.one_of(st.floats(-6, 2), st.integers(-3, 0)))
    return dataclasses.replace(DEFAULT_THRESHOLDS, **changes)  # type: ignore[arg-type]


def _memo(draw: st.DrawFn) -> DocumentMemo:
    """A document memo, with or without a Cleaner's tables, some texts' words known."""
    memo = DocumentMemo(shared=DecisionMemo() if draw(st.booleans()) else None)
    for text in draw(st.lists(st.sampled_from(TEXTS), max_size=4)):
        memo.words(text)
    return memo


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(slot_lists(), thresholds(), st.booleans(), st.data())
def test_made_up_slots_decide_the_same(
    slots: list[Slot], t: Thresholds, html: bool, data: st.DataObject
) -> None:
    memo = _memo(data.draw)
    _same("choose_headline", slots, t, memo)
    _same("apply_context", slots, t, html, memo)
    _same("drop_repeats", slots, t)


@settings(max_examples=300, deadline=None)
@given(slot_lists(), st.booleans())
def test_made_up_slots_decide_the_same_under_the_defaults(slots: list[Slot], html: bool) -> None:
    for memo in (DocumentMemo(), DocumentMemo(shared=DecisionMemo())):
        _same("choose_headline", slots, DEFAULT_THRESHOLDS, memo)
        _same("apply_context", slots, DEFAULT_THRESHOLDS, html, memo)
    _same("drop_repeats", slots, DEFAULT_THRESHOLDS)


def test_empty_lists_and_plans() -> None:
    for step, rest in zip(STEPS, ((DocumentMemo(),), (False, DocumentMemo()), ()), strict=True):
        _same(step, [], DEFAULT_THRESHOLDS, *rest)
    assert context._plan(DEFAULT_THRESHOLDS) is not None
    assert context._plan(dataclasses.replace(DEFAULT_THRESHOLDS, headline_lookahead=2.0)) is None  # type: ignore[arg-type]
    assert context._plan(dataclasses.replace(DEFAULT_THRESHOLDS, line_rule_weight=-1)) is None
    assert context._plan(dataclasses.replace(DEFAULT_THRESHOLDS, good_score=2**60)) is None


class _Counting(DocumentMemo):
    """A memo of another type: the compiled steps call its methods at every ask."""

    __slots__ = ("asked",)

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def words(self, text: str) -> float:
        self.asked.append(text)
        return DocumentMemo.words(self, text)

    def looks_like_headline(self, text: str) -> bool:
        self.asked.append("headline? " + text)
        return DocumentMemo.looks_like_headline(self, text)


def test_another_memo_is_asked_as_the_python_asks_it() -> None:
    texts = ["Trang chủ", "Tin mới nhất hôm nay về kinh tế", PROSE, "Ảnh: Reuters", PROSE]
    asked = []
    for run in (context.choose_headline_python, context.choose_headline_native):
        memo = _Counting()
        run([Slot(Segment(text)) for text in texts], DEFAULT_THRESHOLDS, memo)
        asked.append(memo.asked)
    assert asked[0] and asked[1] == asked[0]


def test_errors_are_the_python_s() -> None:
    """Objects that are not slots raise what the Python raises. (The compiled steps read
    every slot's fields first: an object lacking a field the Python would not have reached
    raises AttributeError there, where the Python may not; a Slot has them all.)"""

    class NoVerdict:
        segment = Segment(PROSE)

    for step, rest in zip(STEPS, ((DocumentMemo(),), (False, DocumentMemo()), ()), strict=True):
        _same(step, [NoVerdict(), Slot(Segment("x"))], DEFAULT_THRESHOLDS, *rest)  # type: ignore[list-item]
    kept = Slot(Segment(5), verdict=Verdict.KEEP)  # type: ignore[arg-type]
    _same("drop_repeats", [kept], DEFAULT_THRESHOLDS)  # len(5): TypeError
    with pytest.raises(TypeError):
        context._compiled().apply_context([], DEFAULT_THRESHOLDS, False)  # type: ignore[call-arg]


@pytest.mark.parametrize("held", [True, False])
def test_a_held_headline_shape_is_read_not_asked_again(held: bool) -> None:
    """The text's facts hold its headline shape (``memo.HEAD``): both twins read it from
    there, the document's or the Cleaner's, and store what they compute; a held answer
    (here made to say the opposite of the features) decides, not a new call."""
    title = "Ông Biden gặp ông Zelensky tại Kiev"
    texts = ["Trang chủ", title, PROSE, "Tin mới nhất hôm nay về kinh tế", PROSE + " Thêm."]
    honest = features.looks_like_headline(title)
    outcomes = []
    for run in (context.choose_headline_python, context.choose_headline_native):
        shared = DecisionMemo()
        shared.facts.merge({title: (*_BLANK[:HEAD], not honest)} if held else {})
        local = DocumentMemo(shared=shared)
        slots = [Slot(Segment(text)) for text in texts]
        run(slots, DEFAULT_THRESHOLDS, local)
        outcomes.append(_state(slots))
        assert local.facts[title][HEAD] is (not honest if held else honest)
        if not held:  # what was computed is stored for every text asked
            for text, facts in local.facts.items():
                if facts[HEAD] is not _MISSING:
                    assert facts[HEAD] is features.looks_like_headline(text)
    assert outcomes[0] == outcomes[1]
    chosen = [s[FIELDS.index("origin")] is Origin.HEADLINE for s in outcomes[0]]
    assert chosen == [False, not honest if held else honest, False, False, False]
