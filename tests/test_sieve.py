"""The block rules' sieve (``cleaner/sieve.py``, ``cleaner/_ctext_sieve.c``): asked of a
document's lines, it answers what the rules' own prefilters answer on the joined document
(``Rule.spans``), so a rule it holds back finds nothing and one it lets through finds
what ``spans`` finds; its compiled twin gives the same answers and leaves the memo as the
Python does (the same Facts tuples in the document's dict), cold and warm. Checked on
every fixture and seed document as the engine asks it (and the vi corpus pages' naive
text where the corpus is present), on made-up documents built from the rules' literals,
digits, dates and repeated lines, and on rule sets made for it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, decide, native, sieve
from cleaner import memo as memo_tables
from cleaner import slot as slot_module
from cleaner.gate import endings_of
from cleaner.memo import DecisionMemo, DocumentMemo
from cleaner.model import Origin, Segment
from cleaner.rule_loader import builtin_rule_files, parse_rule_file
from cleaner.rulebook import RuleSet
from cleaner.slot import Slot

from .util import CORPUS, ENDING_LINES, fixture_documents, memo_copy, vi_page_inputs

ROOT = Path(__file__).resolve().parent.parent
GLOBAL = RuleSet.build(builtin_rule_files()[0].rules)
compiled = pytest.mark.skipif(native.compiled is None, reason="cleaner._ctext is not built")
KINDS = [Slot] + ([slot_module._native_kind()] if native.compiled is not None else [])


def _slots(texts: list[str], kind: Any = Slot) -> list[Slot]:
    return [kind(Segment(text)) for text in texts]


def _check(rules: RuleSet, texts: list[str], shared: DecisionMemo | None = None) -> None:
    """The sieve's answer for ``texts`` against every block rule's own search, and the
    compiled run against the Python one (answers and memo), cold then warm."""
    document = "\n".join(texts)
    memo = DocumentMemo(shared=shared)
    may = rules.sieve.run_python(memo, _slots(texts))
    for i, rule in enumerate(rules.block):
        if may is None:
            break
        found = rule.spans(document)
        if not may >> i & 1:
            assert found == [], (rule.id, document)
            continue
        assert rule.sifted_spans(document) == found, (rule.id, document)
        bit = rules.sieve.opened[i]
        if bit:
            lines = rules.sieve.lines_python(memo, texts, bit)
            assert lines == [k for k, x in enumerate(texts) if x.startswith(rule.heads or ())]
            if native.compiled is not None:
                assert rules.sieve.lines_native(memo_copy(memo), texts, bit) == lines
            live, joined, offsets = rules.sieve.live_python(_slots(texts))
            assert (live, joined) == (list(range(len(texts))), texts)
            starts = [offsets[k] for k in lines]
            assert rule.opened_spans(document, starts) == found, (rule.id, document)
    if any("\n" in text for text in texts):
        assert may is None
    if native.compiled is None:
        return
    for kind in KINDS:
        for warm in ("cold", "words", "sieve"):  # what the memo knows of the texts before
            start = DocumentMemo(shared=shared)
            if warm == "words":
                for text in texts[::2]:
                    start.words(text)
            if warm == "sieve":
                rules.sieve.run_python(start, _slots(texts))
            python, native_memo = memo_copy(start), memo_copy(start)
            expected = rules.sieve.run_python(python, _slots(texts, kind))
            assert rules.sieve.run_native(native_memo, _slots(texts, kind)) == expected == may
            assert native_memo.facts == python.facts
    for text in texts:
        assert native.compiled.sieve_line(rules.sieve.plan, text) == rules.sieve.line(text)
    for kind in KINDS:
        slots = _slots(texts, kind)
        if slots:
            slots[0].origin = Origin.OUTSIDE_BODY
        assert rules.sieve.live_native(slots) == rules.sieve.live_python(slots)


# ---- the documents the engine asks ---------------------------------------------------------


def _asked(inputs: list[tuple[str, str, str | None]], monkeypatch: Any) -> list[list[str]]:
    """The live texts of every document the engine asks the sieve about."""
    asked: list[list[str]] = []
    apply = decide._apply_block_rules

    def spy(slots: list[Slot], rules: RuleSet, t: Any, memo: DocumentMemo) -> None:
        asked.append([s.segment.text for s in slots if s.origin not in sieve.STRUCTURAL])
        apply(slots, rules, t, memo)

    monkeypatch.setattr(decide, "_apply_block_rules", spy)
    cleaner = Cleaner()
    for content, kind, url in inputs:
        cleaner.clean(content, kind=kind, url=url)
    return asked


def test_the_sieve_answers_as_the_rules_do_on_fixtures_and_seeds(monkeypatch: Any) -> None:
    inputs = [(content, kind, url) for content, url, kind in fixture_documents()]
    inputs += [(p.read_text("utf-8"), "text", None) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    asked = _asked(inputs, monkeypatch)
    assert len(asked) > 100
    shared = DecisionMemo()
    held = 0
    for texts in asked:
        _check(GLOBAL, texts, shared)
        memo = DocumentMemo(shared=shared)
        held += GLOBAL.sieve.run_python(memo, _slots(texts)) != (1 << len(GLOBAL.block)) - 1
        memo.commit()
    assert held > len(asked) / 2  # it holds rules back: not a sieve that lets all through


@pytest.mark.skipif(not (CORPUS / "vi").is_dir(), reason="the shared corpus is not here")
def test_the_sieve_answers_as_the_rules_do_on_the_corpus(monkeypatch: Any) -> None:
    inputs = vi_page_inputs()
    shared = DecisionMemo()
    for texts in _asked(inputs, monkeypatch):
        _check(GLOBAL, texts, shared)


# ---- made-up documents -----------------------------------------------------------------------

_HEADS = [x for rule in GLOBAL.block if rule.heads for x in rule.heads]
_LINES = st.one_of(
    st.tuples(st.sampled_from(_HEADS), st.sampled_from(["", ":", " x", "s"])).map("".join),
    st.sampled_from(
        [
            "",
            " ",
            "12/10/2024",
            "Cập nhật 10:30 hôm nay",
            "3 giờ trước",
            "NÓNG!",
            "Tin liên quan:",
            "Từ khóa:",
            "Bạn không thể gửi bình luận liên tục. Xin hãy đợi",
            "60 giây nữa.",
            "Giá vàng hôm nay tăng mạnh trên thị trường",
            "Một đoạn văn dài của bài báo, kể lại sự việc đã xảy ra hôm qua ở Hà Nội, đủ dài "
            "để là một đoạn dẫn của bài viết liên quan.",
            "a\nb",
        ]
    ),
    st.text(max_size=30),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_LINES, max_size=14), st.booleans())
@example(["Tin liên quan", "Giá vàng hôm nay tăng mạnh", "x" * 70], False)
@example(["NÓNG! Giá vàng hôm nay tăng mạnh", "Giá vàng hôm nay tăng mạnh"], True)
def test_the_sieve_answers_as_the_rules_do_on_made_up_documents(
    texts: list[str], repeat: bool
) -> None:
    if repeat and texts:  # a line printed again (teaser-repeat's shape)
        texts = [*texts, texts[0]]
    _check(GLOBAL, texts)


@settings(max_examples=1500, deadline=None)
@given(
    ENDING_LINES,
    st.integers(1, 4),
    st.integers(0, 4),
    st.none() | st.integers(0, 4),
)
@example(["c ab", "ab", "xyab"], 2, 0, 1)
@example(["ab", "  ", "c ab"], 2, 0, 0)
def test_the_compiled_endings_agree(
    texts: list[str], chars: int, gap: int, head: int | None
) -> None:
    """The EndingGate as the sieve asks it (the texts' endings compared in place, whether
    a line is wide from its answers), on lines made of few characters."""
    gate = f"ending = {chars}, gap = {gap}" + ("" if head is None else f", head = {gap + head}")
    rules = _rules("pattern = '^(?!)'\ngate = { " + gate + " }")
    _check(rules, texts)
    may = rules.sieve.run_python(DocumentMemo(), _slots(texts))
    assert may == endings_of(texts, chars, gap, None if head is None else gap + head)


# ---- rule sets made for it -----------------------------------------------------------------


def _needs(*literals: str) -> str:
    return f"needs = {json.dumps(list(literals))}"


def _rules(*bodies: str, user: bool = False) -> RuleSet:
    text = 'version = "1"\n' + "".join(
        f'[[rule]]\nid = "r{i}"\nkind = "block"\nreason = "r"\n{body}\n'
        for i, body in enumerate(bodies)
    )
    return RuleSet.build(parse_rule_file(text, "x.toml", user=user).rules)


def test_only_line_start_needs_are_asked_of_the_lines() -> None:
    rules = _rules(
        "pattern = '^Tags:$'\n" + _needs("\nTags"),
        "pattern = '^Tags:$'\n" + _needs("\nTags") + "\nflags = ['IGNORECASE']",
        "pattern = 'Tags:$'\nneeds = ['Tags']",
        "pattern = '^Tags:\\nx$'\n" + _needs("\nTags:\nx"),
        "pattern = '^Tags:$'\n" + _needs("\nTags", "Tags"),
    )
    assert [r.heads for r in rules.block] == [("Tags",), None, None, None, None]
    for texts in (["a", "Tags:"], ["a", "tags:"], ["a Tags:", "b"], ["Tags:", "x"], ["b"]):
        _check(rules, texts)


def test_a_text_with_a_line_break_is_asked_of_the_document() -> None:
    rules = _rules("pattern = '^Tags:$'\n" + _needs("\nTags"))
    memo = DocumentMemo()
    assert rules.sieve.run_python(memo, _slots(["a", "b\nTags:"])) is None
    _check(rules, ["a", "b\nTags:"])


def test_structural_blocks_are_not_lines_of_the_document() -> None:
    rules = _rules("pattern = '^Tags:$'\n" + _needs("\nTags"))
    for kind in KINDS:
        slots = _slots(["a", "Tags:"], kind)
        slots[1].origin = Origin.CHROME
        assert rules.sieve.run_python(DocumentMemo(), slots) == 0
        if native.compiled is not None:
            assert rules.sieve.run_native(DocumentMemo(), slots) == 0


def test_user_rules_with_a_time_limit_are_not_sifted() -> None:
    rules = _rules("pattern = '^Tags:$'\n" + _needs("\nTags"), user=True)
    assert rules.sieve.rules == (None,)
    assert rules.sieve.run_python(DocumentMemo(), _slots(["a"])) == 1


def test_rules_past_the_questions_a_line_holds_are_not_sifted() -> None:
    count = sieve.ANSWER_BITS + 3
    rules = _rules(*[f"pattern = '^T{i}$'\n" + _needs(f"\nT{i}") for i in range(count)])
    plan = rules.sieve.rules
    assert plan[: sieve.ANSWER_BITS - 1] == tuple(
        (1 << (i + 1), 0, 0, 0, 0, 0) for i in range(sieve.ANSWER_BITS - 1)
    )
    assert all(entry is None for entry in plan[sieve.ANSWER_BITS - 1 :])
    texts = ["x", "T0", f"T{count - 1}"]
    may = rules.sieve.run_python(DocumentMemo(), _slots(texts))
    assert may is not None and may & 1 and not may & 2 and may >> (count - 1) & 1
    _check(rules, texts)


def test_a_line_s_answers_are_kept_with_its_facts() -> None:
    """The memo keeps each line's answers (``memo.BLOCK``), merged for the next
    document; a warm memo asks no line again."""
    shared = DecisionMemo()
    first = DocumentMemo(shared=shared)
    texts = ["Tin liên quan", "12/10/2024", "Một dòng"]
    run = GLOBAL.sieve.run_native if native.compiled is not None else GLOBAL.sieve.run_python
    run(first, _slots(texts, KINDS[-1]))
    first.commit()
    for text in texts:
        held = shared.facts.get(text, None)
        assert held is not None and held[memo_tables.BLOCK] == GLOBAL.sieve.line(text)
    asked: list[str] = []

    class Spy(sieve.Sieve):
        def line(self, text: str) -> int:
            asked.append(text)
            return super().line(text)

    spy = Spy(GLOBAL.sieve.heads, GLOBAL.sieve.lines, GLOBAL.sieve.wides, GLOBAL.sieve.rules)
    spy.run_python(DocumentMemo(shared=shared), _slots(texts))
    assert asked == []
    spy.run_python(DocumentMemo(shared=shared), _slots(["Dòng mới"]))
    assert asked == ["Dòng mới"]
