"""The WCXB benchmark's own figures (benchmarks/wcxb.py) on hand-computed cases."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.wcxb import load_pages, snippet_hits, word_bag


def test_word_bag_is_a_case_folded_multiset() -> None:
    # truth: the(2) cat sat ; prediction: The cat cat → common = the(1) + cat(1) = 2
    p, r, f1 = word_bag("the cat sat the", "The cat cat")
    assert p == pytest.approx(2 / 3)
    assert r == pytest.approx(2 / 4)
    assert f1 == pytest.approx(2 * (2 / 3) * (1 / 2) / (2 / 3 + 1 / 2))


def test_word_bag_empty_sides() -> None:
    assert word_bag("", "") == (1.0, 1.0, 1.0)
    assert word_bag("a b", "") == (0.0, 0.0, 0.0)
    assert word_bag("", "a b") == (0.0, 0.0, 0.0)


def test_snippets_match_whole_words_case_folded_and_space_collapsed() -> None:
    text = "Welcome home.\nThe  Quick brown fox"
    assert snippet_hits(["Home", "the quick brown", "Login"], text) == (2, 3)
    # "Home" inside "Homework" is not the menu item "Home"
    assert snippet_hits(["Home"], "Homework is due") == (0, 1)
    assert snippet_hits(["", "  "], "anything") == (0, 0)


def test_pages_load_with_held_out_every_fifth(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "ground-truth").mkdir()
    for n in (4, 5):
        pid = f"{n:04d}"
        (tmp_path / "html" / f"{pid}.html.gz").write_bytes(gzip.compress(b"<p>x</p>"))
        gt = {"url": "u", "ground_truth": {"main_content": "body", "with": ["b"], "without": []}}
        (tmp_path / "ground-truth" / f"{pid}.json").write_text(json.dumps(gt))
    pages = load_pages(tmp_path)
    assert [(p.id, p.held_out, p.html, p.truth) for p in pages] == [
        ("0004", False, "<p>x</p>", "body"),
        ("0005", True, "<p>x</p>", "body"),
    ]
    assert len(load_pages(tmp_path, limit=1)) == 1


def test_report_gives_per_page_figures_for_every_system_post_rows_too(tmp_path: Path) -> None:
    from benchmarks.wcxb import Run, WPage
    from benchmarks.wcxb_report import report

    truth = "one two three four five six"
    pages = [WPage("0001", "u", "<p>x</p>", truth, (), ()), WPage("0002", "u", "", truth, (), ())]
    peer = Run("readability", outputs={"0001": truth, "0002": "seven eight nine ten"})
    post = Run("readability+cleaner", outputs={"0001": "", "0002": truth})
    _, data = report(pages, [peer, post], {}, out=tmp_path)
    per_page = data["per_page"]
    assert isinstance(per_page, dict)
    assert per_page["readability"] == {"0001": [1.0, 1.0, 1.0], "0002": [0.0, 0.0, 0.0]}
    assert per_page["readability+cleaner"] == {"0001": [0.0, 0.0, 0.0], "0002": [1.0, 1.0, 1.0]}
