"""The decision memo: a Cleaner that has cleaned other pages returns exactly what a fresh
one returns, and it really does reuse per-block results."""

from __future__ import annotations

import functools
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cleaner import Cleaner, Options, api, features
from cleaner.memo import BoundedLRU, DecisionMemo, DocumentMemo
from cleaner.model import Segment
from cleaner.segment_text import KnownLines, segment_text
from cleaner.thresholds import DEFAULT_THRESHOLDS

ROOT = Path(__file__).resolve().parent.parent


def _stream() -> list[tuple[str, str, str | None]]:
    """Every fixture page and seed, (name, content, url): several sites, HTML and text."""
    docs: list[tuple[str, str, str | None]] = []
    for path in sorted([*ROOT.glob("fixtures/*/*.html"), *ROOT.glob("fixtures/*/*.txt")]):
        if path.name.endswith(".expected.txt"):
            continue
        meta = path.with_suffix(".toml")
        url = tomllib.loads(meta.read_text("utf-8")).get("url") if meta.is_file() else None
        docs.append((str(path.relative_to(ROOT)), path.read_text("utf-8"), url))
    docs += [(p.name, p.read_text("utf-8"), None) for p in sorted(ROOT.glob("seeds/*.txt"))]
    return docs


STREAM = _stream()


def _snapshot(cleaner: Cleaner, content: str, url: str | None) -> dict[str, object]:
    result = cleaner.clean(content, url=url)
    return result.to_dict(blocks=True, meta=False) | {"explain": result.explain()}


@pytest.mark.parametrize("memo_blocks", [4_000, 7])
def test_warm_cleaner_matches_fresh_cleaners(memo_blocks: int) -> None:
    """The whole stream twice through one Cleaner (the second time every block is in the
    memo, or, with a tiny memo, constantly evicted) against a fresh Cleaner per page."""
    warm = Cleaner(Options(memo_blocks=memo_blocks))
    for name, content, url in STREAM * 2:
        fresh = Cleaner(Options(memo_blocks=0))
        assert _snapshot(warm, content, url) == _snapshot(fresh, content, url), name


def test_memo_is_bounded() -> None:
    cleaner = Cleaner(Options(memo_blocks=7))
    for _, content, url in STREAM:
        cleaner.clean(content, url=url)
    for memo in cleaner._memos.values():
        tables = (memo.facts, memo.pinned, memo.score)
        assert all(len(table) <= 7 for table in tables)
    assert any(len(memo.facts) == 7 for memo in cleaner._memos.values())


def test_memo_reuses_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    """A text cleaned a second time by the same Cleaner scores no block again."""
    name, content, url = next(d for d in STREAM if d[0].endswith(".txt"))
    cleaner = Cleaner()
    cleaner.clean(content, url=url)
    calls = []
    real = features.score
    monkeypatch.setattr(features, "score", lambda *a: calls.append(1) or real(*a))
    cleaner.clean(content, url=url)
    assert not calls, name
    Cleaner(Options(memo_blocks=0)).clean(content, url=url)
    assert calls  # without the memo the scorer runs


def test_html_pages_keep_their_results_for_themselves(monkeypatch: pytest.MonkeyPatch) -> None:
    """An HTML page's per-block results are not kept across documents (``memo.py``): the
    Cleaner's tables stay empty after HTML pages, and the same page cleaned again is
    scored again; text documents fill them."""
    pages = [d for d in STREAM if d[0].endswith(".html")]
    cleaner = Cleaner()
    for _, content, url in pages:
        cleaner.clean(content, url=url)
    tables = [t for m in cleaner._memos.values() for t in (m.facts, m.pinned, m.score)]
    assert not any(len(t) for t in tables)
    calls = []
    real = features.score
    monkeypatch.setattr(features, "score", lambda *a: calls.append(1) or real(*a))
    cleaner.clean(pages[0][1], url=pages[0][2])
    assert calls
    cleaner.clean(next(c for n, c, _ in STREAM if n.endswith(".txt")), kind="text")
    assert any(len(t) for t in tables)


def test_memo_is_bounded_by_characters() -> None:
    table: BoundedLRU[str, int] = BoundedLRU(100, len, max_chars=60)
    table.merge({f"text {c}": i for i, c in enumerate("abcdefghijkl")})  # 6 characters each
    assert [*table._table] == [f"text {c}" for c in "cdefghijkl"]  # 60 characters
    assert table.chars == 60
    table.merge({"text c": 2, "text m": 12})  # one used again, then one new one
    # c, at the front, is marked: it moves to the end (its second chance) and d goes
    assert [*table._table] == [f"text {c}" for c in "efghijklmc"]
    assert table.chars == 60 and not table._used


def test_a_long_text_is_not_kept_and_evicts_nothing() -> None:
    table: BoundedLRU[str, int] = BoundedLRU(100, len, max_chars=100)
    table.merge({"short": 1, "y" * 10: 2})  # a tenth of the budget is kept
    table.merge({"z" * 11: 3})  # more is not
    assert [*table._table] == ["short", "y" * 10]
    assert table.chars == 15


def test_score_keys_count_the_class_string_too() -> None:
    """A page chooses its class strings' length: the score table's character bound counts
    them with the text (it counted the text alone, and long distinct classes filled it)."""
    text = "A paragraph of the article, long enough to be scored as one."
    for classes, kept in (("c" * 200, True), ("c" * 2_000, False)):  # a tenth of 10,000
        memo = DecisionMemo(max_chars=10_000)
        local = DocumentMemo(shared=memo)
        local.scored(Segment(text, tag="p", classes=classes), Counter(), DEFAULT_THRESHOLDS, None)
        local.commit()
        assert len(memo.score) == int(kept)
        assert memo.score.chars == (len(text) + len("p") + len(classes) if kept else 0)


def test_a_char_bounded_memo_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stream twice through a Cleaner whose tables hold 300 characters each (evicting
    on almost every document) against fresh memo-off Cleaners."""
    monkeypatch.setattr(api, "DecisionMemo", functools.partial(DecisionMemo, max_chars=300))
    warm = Cleaner()
    assert all(m.score.max_chars == 300 for m in warm._memos.values())
    for name, content, url in STREAM * 2:
        fresh = Cleaner(Options(memo_blocks=0))
        assert _snapshot(warm, content, url) == _snapshot(fresh, content, url), name
    assert all(m.facts.chars <= 300 for m in warm._memos.values())


_LINES = ["Trang chủ", "  Thể thao  ", "", " ", "\t", "Tin liên quan", "a  b", "x" * 40, "Theo"]


@given(st.lists(st.lists(st.sampled_from(_LINES), max_size=8), max_size=6), st.integers(1, 9))
@example([["Trang chủ", " ", "x" * 40], ["Trang chủ", " ", "Theo"], ["Trang chủ"]], 3)
def test_known_lines_give_the_segments_of_the_plain_split(
    documents: list[list[str]], size: int
) -> None:
    """Documents that share lines (known, new, blank, white space only, one over a tenth
    of the character budget) through one table, small enough to be emptied: each gives
    the segments ``segment_text`` makes without it."""
    known = KnownLines(size, max_chars=300)
    for lines in documents:
        text = "\n".join(lines)
        assert segment_text(text, known) == segment_text(text)
        assert len(known) <= size and known.chars <= 300
        assert "x" * 40 not in known._table  # 40 characters: over a tenth of 300


def test_known_lines_are_reused_and_bounded() -> None:
    """A line seen in an earlier document is the same segment, not a new one; and a text
    Cleaner's table stays within its entries."""
    known = KnownLines(100, max_chars=10_000)
    first = segment_text("Trang chủ\nA first article's paragraph.", known)
    again = segment_text("Trang chủ\nAnother article's paragraph.", known)
    assert again[0] is first[0]
    assert again[1] is not first[1]
    cleaner = Cleaner(Options(memo_blocks=7))
    assert cleaner._lines is not None
    for _, content, url in STREAM:
        cleaner.clean(content, url=url, kind="text")
        assert len(cleaner._lines) <= 7  # a document of more new lines leaves it empty
    cleaner.clean("Trang chủ\nA short text of three lines.\nTheo", kind="text")
    assert len(cleaner._lines) == 3
    assert Cleaner(Options(memo_blocks=0))._lines is None
