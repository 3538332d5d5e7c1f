"""The decision memo's compiled methods (``cleaner/_ctext_memo.c``) against its Python
ones (``DocumentMemo.*_python``): two copies of the same memo, one asked through the
Python chain and one through the C chain, the same questions in the pipeline's order
(each block's line rule, pinned and not, cut rule, detection's count, points, words,
reading), give the same answers (the very Rule and Feature objects) and leave every
table the same (facts, pinned, score, readings, read_units), or both raise the same
error. On the blocks the decision sees for every golden page and text fixture and the
corpus pages where /work/shared/corpus is present (skipped where not), each with the
Cleaner's tables as the pipeline left them and with none (every answer computed); on
hypothesis-made texts, with a user rule file's time-limited rules and a small
READ_CACHE_UNITS. Skipped where ``_ctext`` is not built."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, Options, decide, features, language, memo, native
from cleaner.memo import DecisionMemo, DocumentMemo
from cleaner.model import Segment
from cleaner.rulebook import RuleSet
from cleaner.slot import Slot
from cleaner.thresholds import DEFAULT_THRESHOLDS, Thresholds

from .util import CORPUS, fixture_documents, vi_documents, write_rules

pytestmark = pytest.mark.skipif(native.compiled is None, reason="cleaner._ctext is not built")


class _Python(DocumentMemo):
    """A memo whose methods are the Python ones (the reference chain), wherever the
    compiled ones are in use."""

    __slots__ = ()
    read = DocumentMemo.read_python
    words = DocumentMemo.words_python
    line_rule = DocumentMemo.line_rule_python
    cut_rule = DocumentMemo.cut_rule_python
    scored = DocumentMemo.scored_python
    text_hits = DocumentMemo.text_hits_python


METHODS: dict[str, Any] = memo._compiled_methods() if native.compiled is not None else {}

"""The compiled twins, made here whether or not the class uses them (CLEANER_PURE=1)."""


def _pair(shared: DecisionMemo | None) -> tuple[DocumentMemo, DocumentMemo]:
    return _Python(shared=shared), DocumentMemo(shared=shared)


def _tables(m: DocumentMemo) -> tuple[object, ...]:
    return m.facts, m.pinned, m.score, m.readings, m.read_units


def _ask(m: DocumentMemo, python: bool, question: tuple[object, ...]) -> object:
    """One question, through the chain named; the answer or the error's type."""
    name, *args = question
    method = getattr(DocumentMemo, f"{name}_python") if python else METHODS[name]
    try:
        return method(m, *args)
    except Exception as exc:  # the other chain must raise the same
        return type(exc)


def _questions(
    segments: list[Segment], rules: RuleSet, t: Thresholds
) -> Iterator[tuple[object, ...]]:
    """What the decision asks the memo of a document's blocks, in its order, and more."""
    counts = features.duplicates(segments, t)
    for s in segments:
        yield ("line_rule", rules, s.text, s.pinned)
        yield ("line_rule", rules, s.text, not s.pinned)
    for s in segments:
        yield ("cut_rule", rules, s.text)
    for s in segments:
        yield ("text_hits", s.text)
    stoplist = language.detect([s.text for s in segments])
    for s in segments:
        yield ("scored", s, counts, t, stoplist)
        yield ("scored", s, Counter(), t, None)
    for s in segments:
        yield ("words", s.text)
        yield ("read", s.text)


def _same(
    segments: list[Segment], rules: RuleSet, shared: DecisionMemo | None, t: Thresholds
) -> int:
    """The two chains agree on every question and every table; the questions asked."""
    plain, compiled = _pair(shared)
    asked = 0
    for question in _questions(segments, rules, t):
        want, got = _ask(plain, True, question), _ask(compiled, False, question)
        assert got == want, question
        if question[0] in ("line_rule", "cut_rule"):
            assert got is want, question  # the very Rule
        if question[0] == "scored" and isinstance(want, tuple):
            assert all(a is b for a, b in zip(want[1], got[1], strict=True))  # type: ignore[index]
        asked += 1
    assert _tables(compiled) == _tables(plain)
    assert [type(v) for v in compiled.facts.values()] == [type(v) for v in plain.facts.values()]
    return asked


def _documents(
    pages: Iterable[tuple[str, str | None, str]], options: Options | None = None
) -> list[tuple[list[Segment], RuleSet, DecisionMemo | None]]:
    """The blocks each line-rule step of the pipeline gets, with its rules and the
    Cleaner's tables (one Cleaner for the pages)."""
    seen: list[tuple[list[Segment], RuleSet, DecisionMemo | None]] = []
    real = decide._apply_line_rules

    def spy(slots: list[Slot], rules: RuleSet, m: DocumentMemo) -> None:
        seen.append(([s.segment for s in slots], rules, m.shared))
        real(slots, rules, m)

    cleaner = Cleaner(options) if options is not None else Cleaner()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(decide, "_apply_line_rules", spy)
        for content, url, kind in pages:
            cleaner.clean(content, url=url, kind=kind)  # type: ignore[arg-type]
    return seen


def _check(documents: list[tuple[list[Segment], RuleSet, DecisionMemo | None]], least: int) -> None:
    asked = 0
    for segments, rules, shared in documents:
        asked += _same(segments, rules, shared, DEFAULT_THRESHOLDS)  # the Cleaner's tables
        asked += _same(segments, rules, None, DEFAULT_THRESHOLDS)  # every answer computed
    assert asked >= least


def test_the_golden_pages_and_text_fixtures_ask_the_same() -> None:
    _check(_documents(fixture_documents()), 5_000)


@pytest.mark.skipif(not (CORPUS / "vi").is_dir(), reason="no vi corpus here")
def test_the_vi_pages_and_their_texts_ask_the_same() -> None:
    _check(_documents(vi_documents()), 20_000)


USER_RULES = """version = "1"
[[rule]]
id = "mine.cut"
kind = "cut"
reason = "test"
pattern = '^(?:Bình luận|Comments)'

[[rule]]
id = "mine.drop"
kind = "drop"
reason = "test"
pattern = 'Đọc thêm|Read more'
max_chars = 40
"""

TEXTS = [
    "Ông Biden gặp ông Zelensky tại Kiev và nói rằng đây là một ngày quan trọng.",
    "Theo VnExpress", "Đọc thêm", "Read more", "Bình luận (3)", "Comments", "By John Smith",
    "日本語の文章です。", "ภาษาไทยที่ดีมาก", "2024 16:27 12/03", "", "…", "Ảnh: Reuters",
    "© 2024 Báo điện tử. Ghi rõ nguồn khi phát hành lại.", "Chia sẻ Facebook Twitter",
]  # fmt: skip


@st.composite
def segments(draw: st.DrawFn) -> list[Segment]:
    made = []
    for _ in range(draw(st.integers(0, 12))):
        text = draw(st.one_of(st.sampled_from(TEXTS), st.text(max_size=60)))
        text *= draw(st.sampled_from([1, 1, 1, 3, 40]))
        html = draw(st.booleans())
        made.append(
            Segment(
                text,
                tag=draw(st.sampled_from(["p", "h2", "li"])) if html else "",
                link_density=draw(st.sampled_from([0.0, 0.5])) if html else 0.0,
                pinned=draw(st.booleans()),
            )
        )
    return made


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(segments(), st.booleans(), st.booleans(), st.sampled_from([None, 0, 5, 200_000]))
def test_made_up_blocks_ask_the_same(
    tmp_path_factory: pytest.TempPathFactory,
    made: list[Segment],
    user: bool,
    shared: bool,
    cache_units: int | None,
) -> None:
    """Any texts (a long one read in chunks, repeated ones, none), with the user rules
    (time-limited: asked through Rule.matches) or not, with a Cleaner's tables an earlier
    document filled or none, and with a reading cache that fills at once."""
    options = Options(rule_files=(write_rules(tmp_path_factory.mktemp("r"), USER_RULES),))
    cleaner = Cleaner(options) if user else Cleaner()
    rules = cleaner.book.rules_for(None)
    tables = None
    if shared:
        tables = DecisionMemo()
        earlier = DocumentMemo(shared=tables)
        for s in made[::2]:
            earlier.line_rule(rules, s.text, s.pinned)
            earlier.text_hits(s.text)
        earlier.commit()
    with pytest.MonkeyPatch.context() as patch:
        if cache_units is not None:
            patch.setattr(memo, "READ_CACHE_UNITS", cache_units)
        _same(made, rules, tables, DEFAULT_THRESHOLDS)


def test_a_text_over_the_chunk_is_read_by_the_python() -> None:
    text = "một hai ba " * 2_000  # over UNIT_CHUNK characters
    plain, compiled = _pair(None)
    want = DocumentMemo.read_python(plain, text)
    got = METHODS["read"](compiled, text)
    assert got == want and got.tokens is None and _tables(compiled) == _tables(plain)


def test_the_twins_are_the_class_methods_where_in_use() -> None:
    for name in memo._METHODS:
        found = getattr(DocumentMemo, name)
        if native.ENABLED:
            assert type(found) is native.compiled.MemoMethod  # type: ignore[union-attr]
        else:
            assert found is getattr(DocumentMemo, f"{name}_python")


def test_a_spy_on_the_scorer_or_the_reader_is_called() -> None:
    """The twins read features.score and language.read at each call, as the Python does."""
    calls: list[str] = []
    real_score, real_read = features.score, language.read
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(features, "score", lambda *a: calls.append("score") or real_score(*a))
        patch.setattr(language, "read", lambda text: calls.append("read") or real_read(text))
        m = DocumentMemo()
        METHODS["scored"](m, Segment("Một câu."), Counter(), DEFAULT_THRESHOLDS, None)
    assert calls == ["read", "score"]


def test_other_memos_and_arguments_go_to_the_python() -> None:
    """A subclass, keywords, a text that is not a str: the Python method runs."""
    rules = Cleaner().book.rules_for(None)
    want = DocumentMemo.line_rule_python(DocumentMemo(), rules, "Đọc thêm", False)
    assert want is not None
    assert METHODS["line_rule"](_Python(), rules, "Đọc thêm", False) is want
    assert METHODS["line_rule"](DocumentMemo(), rules, "Đọc thêm", pinned=False) is want
    with pytest.raises(TypeError):
        METHODS["read"](DocumentMemo(), None)
