"""Cleaners of the built-in rule files share one rule book (``api.shared_book``): what the
book works out on first use (line-rule plans, the start table) depends on the rules alone
and serves every later Cleaner; what depends on pages (chrome categories of class names,
the decision memo) stays in each Cleaner."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from cleaner import Cleaner, Options, rulebook
from cleaner.rulebook import RuleBook, RuleSet

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(ROOT.glob("fixtures/*/*.html"))
TEXTS = sorted(ROOT.glob("seeds/*.txt"))


def _result(cleaner: Cleaner, path: Path) -> dict[str, object]:
    return cleaner.clean(path.read_text("utf-8")).to_dict(blocks=True)


def test_cleaners_of_the_same_files_share_one_book(tmp_path: Path) -> None:
    assert Cleaner().book is Cleaner(Options(fallback=False, memo_blocks=0)).book
    assert Cleaner(disabled_sources={"plo.vn"}).book is Cleaner(disabled_sources={"PLO.vn"}).book
    assert Cleaner(disabled_sources={"plo.vn"}).book is not Cleaner().book
    assert "plo.vn" not in Cleaner(disabled_sources={"plo.vn"}).book.sets
    no_sources = Cleaner(source_rules=False).book
    assert list(no_sources.sets) == [""] and no_sources is not Cleaner().book
    user = tmp_path / "mine.toml"
    user.write_text('version = "1"\n', "utf-8")
    assert Cleaner(rule_files=[user]).book is not Cleaner(rule_files=[user]).book


def test_plans_made_for_one_cleaner_serve_the_next(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A plan for a pair of first characters is made at its PAIR_PLAN_AFTER-th text (each
    # Cleaner asks once a text: its memo answers the rest). The Cleaners disable a source
    # no file has, so they share a book of their own: the default book's plans are emptied
    # when PLAN_MEMO_SIZE fills, which earlier tests in the process may bring about here.
    own = {"no-such-source.invalid"}
    for _ in range(rulebook.PAIR_PLAN_AFTER):
        first = Cleaner(disabled_sources=own)
        for path in TEXTS:
            first.clean(path.read_text("utf-8"))
    made: list[tuple[str, bool]] = []
    plan = RuleSet._plan

    def counted(self: RuleSet, key: tuple[str, bool]) -> tuple[object, ...]:
        made.append(key)
        return plan(self, key)

    monkeypatch.setattr(RuleSet, "_plan", counted)
    second = Cleaner(disabled_sources=own)
    assert second.book is first.book and second.book is not Cleaner().book
    for path in TEXTS:
        second.clean(path.read_text("utf-8"))
    assert not made  # every plan the texts need was made for the first Cleaner
    user = tmp_path / "mine.toml"
    user.write_text('version = "1"\n', "utf-8")
    fresh = Cleaner(rule_files=[user])
    assert fresh.book is not second.book
    fresh.clean(TEXTS[0].read_text("utf-8"))
    assert made  # a book of its own makes its plans again


def test_a_new_cleaner_knows_no_page_of_another() -> None:
    """The shared book holds nothing keyed by a page: after one Cleaner has cleaned every
    fixture page and seed, a new one starts with no chrome answer and an empty memo, and
    cleans each of them as a Cleaner with a book of its own does."""
    first = Cleaner()
    for path in [*PAGES, *TEXTS]:
        first.clean(path.read_text("utf-8"))
    assert first.chrome._known and any(len(m.facts) for m in first._memos.values())
    second = Cleaner()
    assert second.book is first.book and second.chrome is not first.chrome
    assert not second.chrome._known
    assert not any(len(t) for m in second._memos.values() for t in (m.facts, m.pinned, m.score))
    assert not hasattr(second.book.chrome, "_known")  # the shared table remembers nothing
    own = Cleaner(Options(memo_blocks=0))
    own.book = RuleBook.build(own.book.general + own.book.sources)
    own.chrome = own.book.chrome.remembering()
    for path in [*PAGES, *TEXTS]:
        assert _result(second, path) == _result(own, path), path.name


def test_cleaners_in_threads_share_the_book(monkeypatch: pytest.MonkeyPatch) -> None:
    """Threads filling the shared plans at once, with a plan table small enough to be
    emptied while they run, clean as one thread does."""
    monkeypatch.setattr(rulebook, "PLAN_MEMO_SIZE", 3)
    paths = [*TEXTS, *PAGES[:20]]
    expected = [_result(Cleaner(Options(memo_blocks=0)), p) for p in paths]
    failures: list[str] = []

    def run(offset: int) -> None:
        cleaner = Cleaner()
        order = paths[offset:] + paths[:offset]
        for path in order:
            if _result(cleaner, path) != expected[paths.index(path)]:
                failures.append(path.name)

    threads = [threading.Thread(target=run, args=(k * 7,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
