"""The compiled decision steps (``cleaner/_ctext_decide*.c``, ``DecideSteps``) against
their Python twins in ``decide.py``: the same fields set on the same slots (every field,
its type and, for the objects handed over, their identity), the same memo tables
afterwards, the same errors. On the steps' own arguments as the pipeline makes them for
every golden page and text fixture (and, where /work/shared/corpus is present, the vi
pages as HTML and as naive text, 150 extracted vi article texts and 60 WCXB pages), each
step run both ways on copies of the same slots and memo, the compiled one twice (a cold
memo, then the warm one it filled: its hit path); on hypothesis-made slot lists (the
dataclass, the compiled Slot, both mixed); and on documents shaped around the cut and the
byline pass. Skipped where ``_ctext`` is not built."""

from __future__ import annotations

import gzip
import itertools
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, api, decide, native
from cleaner import slot as slot_module
from cleaner.memo import DecisionMemo, DocumentMemo
from cleaner.model import Chrome, Origin, Segment
from cleaner.rulebook import RuleSet
from cleaner.slot import Slot, Verdict
from cleaner.thresholds import DEFAULT_THRESHOLDS

from .util import fixture_pages, memo_copy

pytestmark = pytest.mark.skipif(native.compiled is None, reason="cleaner._ctext is not built")

CORPUS = Path("/work/shared/corpus")
COMPILED_SLOT = slot_module._native_kind() if native.compiled is not None else Slot
KINDS = [Slot, COMPILED_SLOT]
"""The two kinds of slot the steps meet: the dataclass (``CLEANER_PURE=1``, a caller's)
and the compiled Slot (``slot.new_slot`` where ``_ctext`` is in use), whose fields the
steps read in its struct."""
FIELDS = (
    "segment", "verdict", "origin", "rule", "score", "features", "protected", "ends_body",
    "edges_only", "neighbours", "settled",
)  # fmt: skip


def _copy(slot: Slot) -> Slot:
    """A slot of the same kind (the dataclass or the compiled Slot) with the same fields."""
    made = (Slot if type(slot) is Slot else COMPILED_SLOT)(slot.segment)
    for name in FIELDS[1:]:
        setattr(made, name, getattr(slot, name))
    return made


def _state(slots: list[Slot]) -> list[tuple[Any, ...]]:
    """Every field of every slot: its type and value (a ``True`` is not a ``1``)."""
    return [tuple((type(v), v) for v in (getattr(s, n) for n in FIELDS)) for s in slots]


def _memo_state(memo: DocumentMemo) -> tuple[Any, ...]:
    return dict(memo.facts), dict(memo.pinned), dict(memo.score), memo.read_units


def _both(
    python: Callable[..., Any],
    compiled: Callable[..., Any],
    slots: list[Slot],
    memo: DocumentMemo | None,
    *rest: object,
) -> None:
    """``python`` and ``compiled`` on copies of ``slots`` (and of ``memo``): the same slots,
    the same memo after, or the same error; the compiled step again on the memo it filled."""
    memos = [None if memo is None else memo_copy(memo) for _ in range(2)]
    plain, made = [_copy(s) for s in slots], [_copy(s) for s in slots]
    try:
        python(plain, *rest) if memos[0] is None else python(plain, *rest, memos[0])
    except Exception as error:  # the compiled step must raise the same
        with pytest.raises(type(error)):
            compiled(made, *rest) if memos[1] is None else compiled(made, *rest, memos[1])
        return
    compiled(made, *rest) if memos[1] is None else compiled(made, *rest, memos[1])
    assert _state(made) == _state(plain)
    for m, p in zip(made, plain, strict=True):  # the very objects, not equal copies
        assert m.rule is p.rule and m.verdict is p.verdict and m.origin is p.origin
    if memos[0] is not None and memos[1] is not None:
        assert _memo_state(memos[1]) == _memo_state(memos[0])
        again = [_copy(s) for s in slots]
        compiled(again, *rest, memos[1])  # warm: the memo's hit path
        assert _state(again) == _state(plain)
        assert _memo_state(memos[1]) == _memo_state(memos[0])


def _check_structure(segments: list[Segment], rules: RuleSet, html: bool) -> None:
    plain = decide._structure_python(segments, rules, html)
    made = decide._steps().structure(segments, rules, html)
    assert type(made) is list and _state(made) == _state(plain)
    assert all(m.segment is s for m, s in zip(made, segments, strict=True))


class Spies:
    """The pipeline run through the Python steps, each call checked against the compiled
    step on copies of its arguments first; counts the calls checked."""

    def __init__(self, patch: pytest.MonkeyPatch) -> None:
        self.calls = dict.fromkeys(("structure", "line", "cut", "settle", "blocks"), 0)
        self.kinds: set[type] = set()
        steps = decide._steps()
        patch.setattr(decide, "_structure", self.structure)
        patch.setattr(decide, "_apply_line_rules", self.spy("line", steps.line_rules))
        patch.setattr(decide, "_apply_cut", self.spy("cut", steps.cut))
        patch.setattr(decide, "_settle", self.settle)
        patch.setattr(decide, "_blocks", self.blocks)

    def structure(self, segments: list[Segment], rules: RuleSet, html: bool) -> list[Slot]:
        self.calls["structure"] += 1
        _check_structure(segments, rules, html)
        return decide._structure_python(segments, rules, html)

    def spy(self, name: str, compiled: Callable[..., None]) -> Callable[..., None]:
        python = getattr(
            decide, {"line": "_apply_line_rules", "cut": "_apply_cut"}[name] + "_python"
        )

        def step(slots: list[Slot], rules: RuleSet, memo: DocumentMemo) -> None:
            self.calls[name] += 1
            self.kinds.update(map(type, slots))
            _both(python, compiled, slots, memo, rules)
            python(slots, rules, memo)

        return step

    def settle(self, slots: list[Slot], once: Any, rules: RuleSet, html: bool,
               memo: DocumentMemo, t: Any, passes: int) -> None:  # fmt: skip
        self.calls["settle"] += 1
        plain, made = [_copy(s) for s in slots], [_copy(s) for s in slots]
        memos = [memo_copy(memo), memo_copy(memo)]
        decide._settle_python(plain, once, rules, html, memos[0], t, passes)
        decide._steps().settle(made, once, rules, html, memos[1], t, passes)
        assert _state(made) == _state(plain)
        assert _memo_state(memos[1]) == _memo_state(memos[0])
        decide._settle_python(slots, once, rules, html, memo, t, passes)

    def blocks(self, slots: list[Slot]) -> list[Any]:
        self.calls["blocks"] += 1
        plain = decide._blocks_python(slots)
        assert decide._steps().blocks(slots) == plain
        return plain


def _run(pages: Iterator[tuple[str, str | None, str]]) -> dict[str, int]:
    with pytest.MonkeyPatch.context() as patch:
        spies = Spies(patch)
        for content, url, kind in pages:
            Cleaner().clean(content, url=url, kind=kind)  # type: ignore[arg-type]
    # The pipeline's own slots: the compiled Slot where _ctext is in use.
    assert spies.kinds == {type(slot_module.new_slot(Segment("")))}
    return spies.calls


def test_every_step_of_the_golden_pages_runs_the_same() -> None:
    calls = _run((content, url, "auto") for content, url in fixture_pages())
    assert min(calls.values()) > 40, calls


@pytest.mark.skipif(not (CORPUS / "vi").is_dir(), reason="no vi corpus here")
def test_every_step_of_the_vi_corpus_runs_the_same() -> None:
    from benchmarks.naive import load_corpus, naive_text

    pages = list(load_corpus())
    html = _run((p.html, p.url, "html") for p in pages)
    text = _run((naive_text(p.html), p.url, "text") for p in pages)
    assert min(html.values()) > 20 and min(text.values()) > 20, (html, text)
    extracts = CORPUS / "vi-text" / "multisite_clean.jsonl"  # extracted article texts
    if extracts.is_file():
        lines = extracts.read_text(encoding="utf-8").splitlines()[:150]
        calls = _run((json.loads(line)["maintext"], None, "text") for line in lines)
        assert min(calls.values()) > 100, calls


@pytest.mark.skipif(not (CORPUS / "en-wcxb-dev").is_dir(), reason="no WCXB corpus here")
def test_every_step_of_the_wcxb_pages_runs_the_same() -> None:
    from benchmarks.naive import decode_html

    paths = sorted((CORPUS / "en-wcxb-dev" / "html").glob("*.html.gz"))[:60]
    pages = ((decode_html(gzip.decompress(p.read_bytes())), None, "html") for p in paths)
    calls = _run(pages)
    assert min(calls.values()) >= 60, calls


# ---- hypothesis-made slot lists -------------------------------------------------------

BOOK = api.shared_book(frozenset())
RULE_SETS = [BOOK.rules_for(None), *(BOOK.rules_for(s) for s in BOOK.sources)]
RULES = [r for rs in RULE_SETS for r in (*rs.line, *rs.cut)]
TEXTS = [
    "Theo VnExpress", "Nguyễn Văn An", "TIN LIÊN QUAN", "Chia sẻ", "Bình luận", "", " ",
    "Ông Biden gặp ông Zelensky tại Kiev hôm thứ Hai để bàn về viện trợ quân sự.",
    "Ảnh: Reuters", "Đọc thêm", "Xem thêm:", "Quảng cáo", "Tags: kinh tế", "By John Smith",
    "Copyright 2024", "Thứ Hai, 12/3/2024", "(Dân trí) -", "Tin khác", "a", "x" * 300,
    "Minh An /.", "Bài viết cùng chủ đề", "Theo Reuters", "TTXVN", "Nguồn: Tuổi Trẻ",
]  # fmt: skip
"""Texts the rules match (the cut markers, the attributions the spare rules keep, drop and
keep rules) and texts none does."""
texts = st.one_of(st.sampled_from(TEXTS), st.text(max_size=20))
segments = st.builds(
    Segment,
    text=texts,
    chrome=st.sampled_from([None, Chrome("related", "x")]),
    in_body=st.sampled_from([None, True, False]),
    is_title=st.booleans(),
    pinned=st.booleans(),
    after_body=st.booleans(),
)
rule_ids = st.one_of(st.none(), st.sampled_from([r.id for r in RULES]), st.text(max_size=3))


@st.composite
def slot_lists(draw: st.DrawFn) -> list[Slot]:
    slots = []
    kinds = draw(st.sampled_from([[Slot], [COMPILED_SLOT], KINDS]))  # or mixed
    for segment in draw(st.lists(segments, max_size=12)):
        slot = draw(st.sampled_from(kinds))(segment)
        slot.verdict = draw(st.sampled_from(list(Verdict)))
        slot.origin = draw(st.sampled_from(list(Origin)))
        slot.rule = draw(rule_ids)
        slot.score = draw(st.sampled_from([0.0, -1.5, 2.0]))
        slot.protected = draw(st.booleans())
        slot.ends_body, slot.edges_only = draw(st.booleans()), draw(st.booleans())
        slots.append(slot)
    if slots and draw(st.booleans()):  # a repeated text
        slots.append(_copy(slots[draw(st.integers(0, len(slots) - 1))]))
    return slots


@st.composite
def memos(draw: st.DrawFn, rules: RuleSet) -> DocumentMemo:
    """A memo that already knows some texts' rules (its own or its Cleaner's tables)."""
    shared = draw(st.sampled_from([None, DecisionMemo()]))
    memo = DocumentMemo(shared=shared)
    for text in draw(st.lists(texts, max_size=6)):
        target = memo if shared is None or draw(st.booleans()) else DocumentMemo(shared=shared)
        target.line_rule(rules, text, draw(st.booleans()))
        if draw(st.booleans()):
            target.cut_rule(rules, text)
        if target is not memo:
            target.commit()
    return memo


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), slot_lists(), st.integers(0, len(RULE_SETS) - 1))
def test_hypothesis_slots_run_the_same(data: st.DataObject, slots: list[Slot], which: int) -> None:
    rules = RULE_SETS[which]  # drawn by index: a RuleSet's repr is a megabyte
    memo = data.draw(memos(rules))
    steps = decide._steps()
    _both(decide._apply_line_rules_python, steps.line_rules, slots, memo, rules)
    _both(decide._apply_cut_python, steps.cut, slots, memo, rules)
    segs = [s.segment for s in slots]
    _check_structure(segs, rules, True)
    _check_structure(segs, rules, False)
    assert steps.blocks(slots) == decide._blocks_python(slots)
    for html in (False, True):
        plain, made = [_copy(s) for s in slots], [_copy(s) for s in slots]
        memos_ = [memo_copy(memo), memo_copy(memo)]
        once = decide._decide_once
        decide._settle_python(plain, once, rules, html, memos_[0], DEFAULT_THRESHOLDS, 8)
        steps.settle(made, once, rules, html, memos_[1], DEFAULT_THRESHOLDS, 8)
        assert _state(made) == _state(plain)


def test_a_settle_pass_of_another_length_raises_as_zip_does() -> None:
    slots = [COMPILED_SLOT(Segment("a")), Slot(Segment("b"))]
    slots[0].verdict = Verdict.KEEP
    for size in (0, 2):

        def once(*_: object, size: int = size) -> list[Slot]:
            return [Slot(Segment("c")) for _ in range(size)]

        with pytest.raises(ValueError) as plain:
            decide._settle_python(slots, once, RULE_SETS[0], False, DocumentMemo(), None, 3)  # type: ignore[arg-type]
        with pytest.raises(ValueError) as made:
            decide._steps().settle(slots, once, RULE_SETS[0], False, DocumentMemo(), None, 3)
        assert str(made.value) == str(plain.value)


@pytest.mark.parametrize(
    ("step", "args"),
    [
        ("_apply_line_rules", ([object()], RULE_SETS[0], DocumentMemo())),  # no verdict
        ("_apply_line_rules", ([Slot(Segment("x"))], RULE_SETS[0], object())),  # no tables
        ("_apply_line_rules", ([Slot(Segment(None))], RULE_SETS[0], DocumentMemo())),  # type: ignore[arg-type]
        ("_apply_cut", ([Slot(Segment("x"))], RULE_SETS[0], object())),
        ("_apply_cut", ([Slot(Segment("x"))], object(), DocumentMemo())),  # no rules.cut
        ("_structure", (3, RULE_SETS[0], False)),  # not iterable
        ("_structure", ([Segment("x", in_body=False, after_body=True)], object(), False)),
        ("_blocks", ([object()],)),
    ],
)
def test_errors_come_back_the_same(step: str, args: tuple[object, ...]) -> None:
    """Bad arguments: the compiled step raises what the Python one raises."""
    with pytest.raises(Exception) as plain:
        getattr(decide, step + "_python")(*args)
    compiled = getattr(decide._steps(), COMPILED[step])
    with pytest.raises(type(plain.value)):
        compiled(*args)


COMPILED = {
    "_apply_line_rules": "line_rules",
    "_apply_cut": "cut",
    "_structure": "structure",
    "_blocks": "blocks",
}


SHAPED = [
    ["a b c", "Minh An /.", "Tin khác", "Theo Reuters"],  # the cut, then a spare not first
    ["Minh An /.", "Theo Reuters", "Tin khác"],  # the cut, then its closing attribution
    ["Nguyễn Văn An", "Theo Reuters", "Bình luận"],  # a byline split over two lines
    ["Bài viết cùng chủ đề", "TTXVN", "Minh An /."],  # a cut rule that drops its marker
]


@pytest.mark.parametrize("texts", SHAPED)
def test_shaped_documents_run_the_same(texts: list[str]) -> None:
    """Every start of verdicts (keep, drop, undecided) on documents shaped around the cut
    and the byline pass, pinned and not, both kinds of slot, under every rule set."""
    for verdicts in itertools.product(list(Verdict), repeat=len(texts)):
        for pinned, kind in itertools.product((False, True), KINDS):
            slots = [kind(Segment(t, pinned=pinned)) for t in texts]
            for slot, verdict in zip(slots, verdicts, strict=True):
                slot.verdict = verdict
            for rules in RULE_SETS:
                memo = DocumentMemo()
                _both(
                    decide._apply_line_rules_python, decide._steps().line_rules, slots, memo, rules
                )
                _both(decide._apply_cut_python, decide._steps().cut, slots, memo, rules)
