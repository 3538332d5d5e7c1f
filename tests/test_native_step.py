"""The compiled scoring step (``cleaner/_ctext_step.c``, ``_ctext_step_document.c``)
against ``decide._score_python``: run on copies of the same slots with copies of the same
document memo, every slot field and every memo table come out the same (the score's
float bit for bit, the very Feature objects), or both raise the same error. On the slots
the pipeline hands the step for every golden page and text fixture, the corpus pages
where /work/shared/corpus is present (skipped where not), each both cold (the memo as the
pipeline had it) and warm (the memo the Python's run filled: the C's hit paths), and on
hypothesis-made slot lists. Skipped where ``_ctext`` is not built."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, decide, language, native
from cleaner.memo import DecisionMemo, DocumentMemo
from cleaner.model import Feature, Origin, Segment
from cleaner.slot import DROP, KEEP, UNDECIDED, Slot, new_slot
from cleaner.thresholds import DEFAULT_THRESHOLDS, Thresholds

from .util import CORPUS, fixture_documents, memo_copy, vi_documents, wcxb_pages

pytestmark = pytest.mark.skipif(native.compiled is None, reason="cleaner._ctext is not built")


FIELDS = (
    "verdict", "origin", "rule", "score", "features", "protected", "ends_body",
    "edges_only", "neighbours", "settled",
)  # fmt: skip
"""A Slot's fields besides its segment, read and written through their attributes (the
Slot may be a dataclass or a compiled type)."""

Step = Callable[[list[Slot], DocumentMemo, Thresholds], None]
Call = tuple[list[Slot], DocumentMemo, Thresholds]


def _compiled() -> Step:
    return decide._score_step().run


def _clone_slot(slot: Slot) -> Slot:
    """A copy of the same kind (the dataclass, or the compiled twin ``new_slot`` makes)."""
    copy = Slot(slot.segment) if type(slot) is Slot else new_slot(slot.segment)
    for name in FIELDS:
        setattr(copy, name, getattr(slot, name))
    return copy


def _state(slots: list[Slot], memo: DocumentMemo) -> tuple[object, ...]:
    fields = [tuple(getattr(s, name) for name in FIELDS) for s in slots]
    scores = [s.score.hex() if type(s.score) is float else s.score for s in slots]
    tables = (memo.facts, memo.pinned, memo.score, sorted(memo.readings), memo.read_units)
    return fields, scores, [type(s.score) for s in slots], tables


def _run(step: Step, call: Call) -> tuple[tuple[object, ...], type[BaseException] | None]:
    slots, memo, t = call
    slots, memo = [_clone_slot(s) for s in slots], memo_copy(memo)
    error: type[BaseException] | None = None
    try:
        step(slots, memo, t)
    except Exception as exc:  # the other twin must raise the same
        error = type(exc)
    return _state(slots, memo), error


def _same(call: Call) -> DocumentMemo:
    """The two steps agree on ``call``; returns the memo as the Python's run left it."""
    plain = _run(decide._score_python, call)
    compiled = _run(_compiled(), call)
    assert compiled == plain, [s.segment.text for s in call[0]]
    at = FIELDS.index("features")  # not only equal: the very Feature objects
    for p, c in zip(plain[0][0], compiled[0][0], strict=True):  # type: ignore[call-overload]
        assert all(a is b for a, b in zip(p[at], c[at], strict=True))
    warm = memo_copy(call[1])
    decide._score_python([_clone_slot(s) for s in call[0]], warm, call[2])
    return warm


def _calls(pages: Iterator[tuple[str, str | None, str]]) -> list[Call]:
    """The step's arguments at each call the pipeline makes on ``pages`` (content, url,
    kind), copied before the call (one Cleaner for the pages: its memo is shared)."""
    calls: list[Call] = []
    real = decide._score

    def spy(slots: list[Slot], memo: DocumentMemo, t: Thresholds) -> None:
        calls.append(([_clone_slot(s) for s in slots], memo_copy(memo), t))
        real(slots, memo, t)

    cleaner = Cleaner()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(decide, "_score", spy)
        for content, url, kind in pages:
            cleaner.clean(content, url=url, kind=kind)  # type: ignore[arg-type]
    return calls


def _check(calls: list[Call], least: int) -> None:
    assert len(calls) >= least
    undecided = 0
    for call in calls:
        warm = _same(call)
        _same((call[0], warm, call[2]))  # the memo's hit paths
        undecided += sum(s.verdict is UNDECIDED for s in call[0])
    assert undecided > least  # the steps scored something


def test_every_step_of_the_golden_pages_and_text_fixtures_is_the_same() -> None:
    _check(_calls(fixture_documents()), 80)


@pytest.mark.skipif(not (CORPUS / "vi").is_dir(), reason="no vi corpus here")
def test_every_step_of_the_vi_pages_and_their_texts_is_the_same() -> None:
    _check(_calls(iter(vi_documents())), 100)


@pytest.mark.skipif(not (CORPUS / "en-wcxb-dev").is_dir(), reason="no WCXB corpus here")
def test_every_step_of_the_wcxb_pages_is_the_same() -> None:
    _check(_calls((page, None, "html") for page in wcxb_pages(150)), 300)


# Made-up documents: texts from a small pool (so that they repeat), in several languages
# and in none with a stoplist (Burmese, digits: detection finds no language), any mix of
# verdicts and origins, scores and features already set.
TEXTS = [
    "Ông Biden gặp ông Zelensky tại Kiev và nói rằng đây là một ngày quan trọng.",
    "Theo VnExpress", "Đọc thêm", "của và là những",
    "The president said on Monday that the talks would go on for as long as it takes.",
    "Read more", "By John Smith", "it is the of and",
    "Der Präsident sagte, dass die Gespräche noch lange dauern würden und nicht enden.",
    "日本語の文章です。これは長い段落の一部です。", "ภาษาไทยที่ดีมากสำหรับการอ่าน",
    "မြန်မာဘာသာစကား စာပိုဒ်", "2024 16:27 12/03", "", "…", "BREAKING NEWS",
]  # fmt: skip
VERDICTS = [UNDECIDED, UNDECIDED, KEEP, DROP]
ORIGINS = [Origin.SCORER, Origin.RULE, Origin.BLOCK_RULE, Origin.HEADLINE, Origin.CHROME]
SOME_FEATURES = [(), (Feature("short", -1.0),), (Feature("long", 2.0), Feature("x", 0.5))]


@st.composite
def documents(draw: st.DrawFn) -> list[Slot]:
    pool = draw(st.lists(st.sampled_from(TEXTS), min_size=1, max_size=6))
    slots = []
    for _ in range(draw(st.integers(0, 14))):
        text = draw(st.sampled_from(pool)) * draw(st.sampled_from([1, 1, 1, 3, 12]))
        html = draw(st.booleans())
        segment = Segment(
            text,
            tag=draw(st.sampled_from(["p", "h2", "li"])) if html else "",
            link_density=draw(st.sampled_from([0.0, 0.5])) if html else 0.0,
            in_body=draw(st.sampled_from([None, True, False])),
            is_title=draw(st.booleans()) if html else False,
        )
        slot = draw(st.sampled_from([Slot, new_slot]))(segment)
        slot.verdict = draw(st.sampled_from(VERDICTS))
        slot.origin = draw(st.sampled_from(ORIGINS))
        slot.score = draw(st.sampled_from([0.0, -2.5, 3.0]))
        slot.features = draw(st.sampled_from(SOME_FEATURES))
        slot.protected = draw(st.booleans())
        slots.append(slot)
    return slots


@st.composite
def thresholds(draw: st.DrawFn) -> Thresholds:
    """The two numbers the step reads itself, now and then an int or a bound nothing
    reaches (0: every document's blocks count as repeated; 2: none)."""
    share = draw(st.sampled_from([0.75, 0.5, 0.0, 2.0, 1, 0]))
    follows = draw(st.sampled_from([-5.0, -0.5, 0.0, -3, 1e300]))
    return dataclasses.replace(
        DEFAULT_THRESHOLDS,
        duplicate_max_share=share,  # type: ignore[arg-type]
        follows_teaser_points=follows,  # type: ignore[arg-type]
    )


@st.composite
def memos(draw: st.DrawFn, slots: list[Slot]) -> DocumentMemo:
    """A fresh memo, or one (with or without a Cleaner's tables) that earlier passes over
    some of the document's slots filled."""
    shared = DecisionMemo() if draw(st.booleans()) else None
    memo = DocumentMemo(shared=shared)
    for _ in range(draw(st.integers(0, 2))):
        some = [_clone_slot(s) for s in slots if draw(st.booleans())]
        decide._score_python(some, memo, DEFAULT_THRESHOLDS)
        if shared is not None and draw(st.booleans()):
            memo.commit()
            memo = DocumentMemo(shared=shared)
    return memo


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), documents(), thresholds(), st.sampled_from([None, 200, 3, 0]),
       st.sampled_from([None, 20_000, 7, 1]), st.sampled_from([None, 0.03, 0.5, 1]))  # fmt: skip
def test_made_up_documents_score_the_same(
    data: st.DataObject,
    slots: list[Slot],
    t: Thresholds,
    min_units: int | None,
    max_units: int | None,
    min_share: float | None,
) -> None:
    """Every mix, also under other detection limits (the step reads them from the
    module at each run, as the Python does)."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in (("DETECT_MIN_UNITS", min_units), ("DETECT_MAX_UNITS", max_units),
                            ("DETECT_MIN_SHARE", min_share)):  # fmt: skip
            if value is not None:
                patch.setattr(language, name, value)
        memo = data.draw(memos(slots))
        warm = _same((slots, memo, t))
        _same((slots, warm, t))


def test_a_tie_goes_to_the_first_language_by_name() -> None:
    """Two languages with as many hits: the one whose name sorts first, as
    ``max(sorted(by_lang), key=...)`` chooses (en before vi), whichever comes first; and
    one more hit for the other decides."""
    for texts in (["the", "của"], ["của", "the"]):
        slots = [Slot(Segment(text)) for text in texts]
        memo = DocumentMemo()
        _same((slots, memo, DEFAULT_THRESHOLDS))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(language, "DETECT_MIN_UNITS", 0)
            assert language.detect(texts) is language.stoplist("en")
    slots = [Slot(Segment(text)) for text in ("the", "của", "và")]
    _same((slots, DocumentMemo(), DEFAULT_THRESHOLDS))


class _Refusing(DocumentMemo):
    """A memo whose ``scored`` fails on one text (after scoring the blocks before it)."""

    def scored(self, segment: Segment, *args: Any) -> tuple[float, tuple[Feature, ...]]:
        if segment.text == "Read more":
            raise LookupError(segment.text)
        return super().scored(segment, *args)  # type: ignore[arg-type]


def test_an_error_in_the_memo_is_raised_after_the_same_blocks() -> None:
    texts = [TEXTS[0], TEXTS[4], "Read more", TEXTS[8]]
    slots = [Slot(Segment(text)) for text in texts]
    memo = _Refusing()
    plain = _run(decide._score_python, (slots, memo, DEFAULT_THRESHOLDS))
    compiled = _run(_compiled(), (slots, memo, DEFAULT_THRESHOLDS))
    assert plain[1] is LookupError and compiled == plain


def test_slots_that_are_not_a_list_go_to_the_python() -> None:
    slots = [Slot(Segment(TEXTS[0])), Slot(Segment("Read more"))]
    plain = [_clone_slot(s) for s in slots]
    decide._score_python(plain, DocumentMemo(), DEFAULT_THRESHOLDS)
    _compiled()(tuple(slots), DocumentMemo(), DEFAULT_THRESHOLDS)  # type: ignore[arg-type]
    assert [s.score for s in slots] == [s.score for s in plain]
    assert not math.isnan(slots[0].score)
