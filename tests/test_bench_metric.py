"""The benchmark metric (benchmarks/metric.py) on small hand-computed cases."""

from __future__ import annotations

import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.metric import aggregate, harmonic, score_page, shingles, tokens


def test_tokens_are_unicode_words_without_punctuation() -> None:
    assert tokens("Xin chào, thế giới!\n(Hà Nội) 7/3") == [
        "Xin", "chào", "thế", "giới", "Hà", "Nội", "7", "3",
    ]  # fmt: skip


def test_shingles_are_4_grams_counted_as_a_multiset() -> None:
    assert shingles("a b c d e") == Counter({"a b c d": 1, "b c d e": 1})
    assert shingles("a b c d a b c d")["a b c d"] == 2


def test_short_text_is_one_shingle_and_empty_text_none() -> None:
    assert shingles("x y") == Counter({"x y": 1})
    assert shingles("") == Counter()
    assert shingles(" .,; -- ") == Counter()


def test_identical_texts_score_one() -> None:
    s = score_page("a b c d e", "a b c d e")
    assert (s.tp, s.fp, s.fn) == (1.0, 0.0, 0.0)
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)


def test_missing_tail_costs_recall_only() -> None:
    # truth {abcd, bcde}, prediction {abcd}: tp 1, fn 1 -> normalised 0.5 / 0.5.
    s = score_page("a b c d e", "a b c d")
    assert (s.tp, s.fp, s.fn) == (0.5, 0.0, 0.5)
    assert s.precision == 1.0
    assert s.recall == 0.5
    assert s.f1 == pytest.approx(2 / 3)


def test_repeated_text_costs_precision() -> None:
    # prediction shingles: abcd x2, bcda, cdab, dabc; truth: abcd -> tp 1, fp 4, fn 0.
    s = score_page("a b c d", "a b c d a b c d")
    assert (s.tp, s.fp, s.fn) == pytest.approx((0.2, 0.8, 0.0))
    assert s.precision == pytest.approx(0.2)
    assert s.recall == 1.0


def test_short_texts_must_match_whole() -> None:
    s = score_page("x y", "x y z")
    assert (s.tp, s.fp, s.fn) == (0.0, 0.5, 0.5)
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)


def test_empty_cases() -> None:
    both = score_page("", "  ")
    assert (both.tp, both.fp, both.fn) == (0.0, 0.0, 0.0)
    assert (both.precision, both.recall) == (1.0, 1.0)
    no_pred = score_page("a b c d", "")
    assert (no_pred.tp, no_pred.fp, no_pred.fn) == (0.0, 0.0, 1.0)
    assert (no_pred.precision, no_pred.recall) == (0.0, 0.0)
    no_truth = score_page("", "a b c d")
    assert (no_truth.tp, no_truth.fp, no_truth.fn) == (0.0, 1.0, 0.0)
    assert (no_truth.precision, no_truth.recall) == (0.0, 0.0)


def test_layout_and_unicode_form_do_not_matter() -> None:
    truth = "Việt Nam mở lại đường bay quốc tế"
    pred = unicodedata.normalize("NFD", "Việt Nam mở lại\n\nđường bay, quốc tế.")
    assert score_page(truth, pred).f1 == 1.0


def test_aggregate_averages_p_and_r_then_takes_f1() -> None:
    a = score_page("a b c d e", "a b c d")  # P 1.0, R 0.5
    b = score_page("a b c d", "a b c d a b c d")  # P 0.2, R 1.0
    summary = aggregate([a, b])
    assert summary.pages == 2
    assert summary.precision == pytest.approx(0.6)
    assert summary.recall == pytest.approx(0.75)
    assert summary.f1 == pytest.approx(2 * 0.6 * 0.75 / 1.35)  # = 2/3
    # ScrapingHub's pooled figures: tp 0.7, fp 0.8, fn 0.5.
    assert summary.pooled_precision == pytest.approx(0.7 / 1.5)
    assert summary.pooled_recall == pytest.approx(0.7 / 1.2)


def test_aggregate_edge_cases() -> None:
    empty = aggregate([])
    assert (empty.pages, empty.precision, empty.recall, empty.f1) == (0, 0.0, 0.0, 0.0)
    both_empty = aggregate([score_page("", "")])
    assert (both_empty.f1, both_empty.pooled_f1) == (1.0, 1.0)
    mixed = aggregate([score_page("", ""), score_page("a b c d", "")])
    assert (mixed.precision, mixed.recall) == (0.5, 0.5)
    assert (mixed.pooled_precision, mixed.pooled_recall) == (0.0, 0.0)


def test_harmonic() -> None:
    assert harmonic(0.0, 0.0) == 0.0
    assert harmonic(1.0, 0.5) == pytest.approx(2 / 3)


def test_unspaced_scripts_are_tokenised_per_character() -> None:
    assert tokens("香港行政长官qq空间2012年") == [
        "香", "港", "行", "政", "长", "官", "qq", "空", "间", "2012", "年",
    ]  # fmt: skip
    assert tokens("日本の") == ["日", "本", "の"]
    # Thai: one token per letter; the vowel and tone marks \w does not match are dropped.
    assert tokens("ที่หายไป") == ["ท", "ห", "า", "ย", "ไ", "ป"]


def test_one_wrong_character_costs_a_few_shingles_not_the_sentence() -> None:
    truth = "梁振英强调承诺将在两周内解决其住宅的违建问题。"
    s = score_page(truth, truth.replace("两周", "三周"))
    assert 0.5 < s.f1 < 1.0


def test_text_without_unspaced_scripts_tokenises_as_plain_word_runs() -> None:
    import re

    text = "Xin chào, thế giới! The Ảnh: Reuters 7/3 — Hà Nội. Привет мир, مرحبا 안녕하세요"
    assert tokens(text) == re.findall(r"\w+", unicodedata.normalize("NFC", text))
