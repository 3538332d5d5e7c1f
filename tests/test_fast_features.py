"""The scorer's fast paths against the plain definitions they replace (docs/speed.md):
the character counts, and the date shape searched only in a block with a digit."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import regex
from hypothesis import example, given
from hypothesis import strategies as st

from cleaner import features, language, units
from cleaner.language import Stoplist
from cleaner.model import Segment
from cleaner.thresholds import DEFAULT_THRESHOLDS

from .util import plain_cover, text_samples

ROOT = Path(__file__).resolve().parent.parent
EVERY_CODE_POINT = "".join(map(chr, range(sys.maxunicode + 1)))


def _plain_counts(text: str) -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        len(p.findall(text)) for p in (features._LETTER, features._UPPER, features._DIGIT)
    )


@given(st.one_of(st.text(), st.text(st.characters(max_codepoint=127))))
@example("ÀB c1 ٣ Ǆǅ ᾈ ⅰⅠ")
def test_character_counts_are_the_classes_matches(text: str) -> None:
    assert features.char_counts(text) == _plain_counts(text)


def test_complement_runs_leave_exactly_each_class_s_characters() -> None:
    """Over every code point: removing the complement's runs leaves the class's matches
    (so the counts agree on any text), and every capital is a letter (capitals are
    counted among the letters)."""
    text = EVERY_CODE_POINT
    letters = features._NOT_LETTER.sub("", text)
    assert letters == "".join(features._LETTER.findall(text))
    assert features._NOT_UPPER.sub("", letters) == "".join(features._UPPER.findall(text))
    assert features._NOT_DIGIT.sub("", text) == "".join(features._DIGIT.findall(text))
    assert features.char_counts(text) == _plain_counts(text)


def test_ascii_tables_are_the_ascii_letters_capitals_and_digits() -> None:
    """What ``regex``'s classes match below 128: an ASCII text's counts come from them."""
    upper, lower = bytes(range(65, 91)), bytes(range(97, 123))
    assert upper + lower == features._ASCII_LETTER
    assert upper == features._ASCII_UPPER
    assert features._ASCII_DIGIT == b"0123456789"


# Text built from the date pattern's own pieces, digits (ASCII and others) and other
# characters: where the pattern matches, a digit must be there.
DATE_PIECES = [
    *"0123456789٣৪",
    *"/.-:+,",
    " ", "\t", "\n", "GMT", "gmt", "Thứ", "THỨ", "thứ", "hai", "ba", "tư", "năm", "sáu",
    "bảy", "Chủ", "nhật", "CHỦ NHẬT", "x", "é",
]  # fmt: skip
date_text = st.lists(st.sampled_from(DATE_PIECES), max_size=14).map("".join)


def _digitless_match(pattern: regex.Pattern[str], text: str) -> bool:
    """``pattern`` matches somewhere in ``text`` without a digit in the match."""
    return any(not features._DIGIT.search(m.group()) for m in pattern.finditer(text))


@given(date_text)
@example("Thứ bảy, 7/3/2026, 08:00")
@example("Chủ nhật 8")
@example("GMT+7")
def test_every_date_match_holds_a_digit(text: str) -> None:
    shape = features.shapes()
    assert shape.date_needs_digit
    assert not _digitless_match(shape.date, text)
    if not features._DIGIT.search(text):  # what the scorer's guard relies on
        assert not shape.date.search(text)


@given(date_text)
@example("7/3/2026 08:00")  # no capital, no letter: only the digit count may guard it
@example("thứ hai, 5/3/2026")
@example("Thứ bảy")  # no digit: not searched, and no match either
def test_the_scorer_s_date_feature_is_the_plain_search(text: str) -> None:
    """``score`` fires ``date-shape`` exactly where the plain definition does (short
    enough, and the pattern matches): the digit guard in front of the search skips only
    blocks the pattern cannot match."""
    t = DEFAULT_THRESHOLDS
    fired = {f.name for f in features.score(Segment(text), Counter(), t, None)[1]}
    words = language.measure(text, None).words
    plain = words <= t.date_max_words and features.shapes().date.search(text) is not None
    assert ("date-shape" in fired) == plain


def test_the_date_check_fails_a_branch_without_a_digit() -> None:
    """The check above finds a pattern whose branch needs no digit."""
    loose = regex.compile(features.shapes().date.pattern + r"|Thứ\s+hai", regex.IGNORECASE)
    assert _digitless_match(loose, "Hôm nay Thứ hai rồi")


def test_every_date_match_in_real_lines_holds_a_digit() -> None:
    shape = features.shapes()
    paths = sorted(ROOT.glob("seeds/*.txt")) + sorted(ROOT.glob("fixtures/*/*.txt"))
    lines = [line for p in paths for line in p.read_text("utf-8").splitlines()]
    assert len(lines) > 1000
    assert sum(bool(shape.date.search(line)) for line in lines) > 10  # the test sees matches
    for line in lines:
        assert not _digitless_match(shape.date, line), line


def _plain_density(stoplist: Stoplist, text: str) -> float:
    """Greedy longest matching at every position, the words each match spans."""
    tokens, weights = units.units(text.lower())
    covered = plain_cover(stoplist, tokens, weights)
    words = sum(weights)
    return min(1.0, covered / words) if words > 0 else 0.0


def _words_of(lang: str) -> list[str]:
    stoplist = language.stoplist(lang)
    assert stoplist is not None
    longer = sorted({u for entry in stoplist.entries if len(entry) > 1 for u in entry})
    return [*longer[:200], *sorted(stoplist.single)[:80], "nhà", "xe", "house", "ngày", "中文"]


stopword_text = st.sampled_from(["vi", "en"]).flatmap(
    lambda lang: st.lists(st.sampled_from(_words_of(lang)), max_size=30).map(" ".join)
)


@given(stopword_text, st.sampled_from([0.0, 0.05, 0.2, 0.35, 0.5, 0.8, 1.0]))
@example("bao giờ bao giờ nhà", 0.35)  # two-unit entries: the exact density is higher
@example("中文 中文 的 是", 0.2)  # unspaced units: no lower bound from the one-unit entries
def test_density_is_exact_below_high_and_over_it_either_way(text: str, high: float) -> None:
    """``measure(…, high)``: whether the density reaches ``high`` is the plain answer,
    and below ``high`` the density is the plain one (all the scorer reads)."""
    for lang in ("vi", "en", "zh"):
        stoplist = language.stoplist(lang)
        assert stoplist is not None
        plain = _plain_density(stoplist, text)
        assert language.measure(text, stoplist).stopword_density == plain
        got = language.measure(language.read(text), stoplist, high).stopword_density
        assert got is not None
        assert (got >= high) == (plain >= high)
        if got < high:
            assert got == plain


def test_density_shortcut_on_texts_where_the_bound_is_not_the_density() -> None:
    """Texts built so that the one-unit entries' share is not the density: a two-unit
    vi entry of units that are no entries alone (the density is higher), and a zh entry
    of two one-unit entries (unspaced: the pair covers fewer words than its units)."""
    vi, zh = language.stoplist("vi"), language.stoplist("zh")
    assert vi is not None and zh is not None
    pair = next(e for e in sorted(vi.entries) if len(e) == 2 and not set(e) & vi.single)
    single = sorted(vi.single)[0]
    other = next(w for w in ("nhà", "xe", "cây") if (w,) not in vi.entries)
    # singles 4 of 10 words, the density 6 of 10
    vi_text = " ".join([*pair, *[single] * 4, *[other] * 4])
    first = next(e for e in sorted(zh.entries) if len(e) == 2 and set(e) <= zh.single)
    zh_text = "".join(first) + "城市"  # a share of 0.85 from its one-unit entries, density 0.5
    assert {"城", "市"}.isdisjoint(zh.longest)  # no entry starts at either
    for text, stoplist, highs in ((vi_text, vi, (0.45, 0.5, 0.6)), (zh_text, zh, (0.6, 0.8))):
        plain = _plain_density(stoplist, text)
        for high in highs:
            got = language.measure(language.read(text), stoplist, high).stopword_density
            assert got is not None
            assert (got >= high) == (plain >= high), (text, high, got, plain)
            if got < high:
                assert got == plain


# The end shapes (terminal, ellipsis) and the scorer's guard in front of them: a block
# whose last character is a letter or digit (``str.isalnum``) is searched with neither.
END_PREFIXES = ("x", "x.", "x..", "x…")
"""Texts after which any character either shape can end with completes a match: a
sentence mark or ``…`` after ``x``, a closer or ``/`` after ``x.``, the third dot after
``x..``, a space or closer after ``x…``."""


def _alnum_enders(pattern: regex.Pattern[str]) -> list[str]:
    """The letters and digits (every code point) that end a match after a prefix."""
    search = pattern.search
    return [
        chr(c)
        for c in range(0x110000)
        if chr(c).isalnum() and any(search(p + chr(c)) for p in END_PREFIXES)
    ]


def test_no_end_shape_match_ends_in_a_letter_or_digit() -> None:
    shape = features.shapes()
    assert not shape.ends_alnum  # the data's claim, which the scorer's guard relies on
    assert _alnum_enders(shape.terminal) == []
    assert _alnum_enders(shape.ellipsis) == []


def test_the_end_check_finds_a_shape_that_ends_in_a_letter() -> None:
    """The check above fails a shape whose match may end in a letter or digit."""
    loose = regex.compile(features.shapes().terminal.pattern + r"|\.\p{Nd}$")
    assert "7" in _alnum_enders(loose)
    assert _alnum_enders(regex.compile(r"\.\s*\w$")) != []


END_PIECES = [*".…!?;。/", "./", *"\"'”’»)]」", " ", "\n", "\t", "x", "é", "7", "٣", "Ω"]
end_text = st.lists(st.sampled_from(END_PIECES), max_size=12).map("".join)


@given(end_text)
@example("Done.")
@example("Wait...")
@example("The end…)")
@example("Wait... x")
@example("Version 2.0")
@example("trích dẫn ./")
@example("...\n")
def test_the_scorer_s_end_features_are_the_plain_searches(text: str) -> None:
    """``score`` fires ``ellipsis`` and ``terminal-punct`` exactly where the plain searches
    of the block's end do (``ellipsis`` first): the guard skips only blocks neither
    shape can match."""
    shape = features.shapes()
    end = text[-features.END_SHAPE_CHARS :]
    fired = {f.name for f in features.score(Segment(text), Counter(), DEFAULT_THRESHOLDS, None)[1]}
    ellipsis = shape.ellipsis.search(end) is not None
    assert ("ellipsis" in fired) == ellipsis
    assert ("terminal-punct" in fired) == (not ellipsis and shape.terminal.search(end) is not None)


def _needless_match(pattern: regex.Pattern[str], needs: tuple[str, ...], text: str) -> bool:
    """``pattern`` matches somewhere in ``text`` with none of ``needs`` in the match."""
    return any(not any(n in m.group() for n in needs) for m in pattern.finditer(text))


@given(end_text)
@example("Wait...")
@example("Wait....”)")
@example("x… ”")
def test_every_ellipsis_match_holds_one_of_its_needs(text: str) -> None:
    """The data's ``needs`` for the ellipsis shape, which the compiled scorer's guard in
    front of the search relies on (the test above checks the guard itself)."""
    shape = features.shapes()
    assert shape.ellipsis_needs
    assert not _needless_match(shape.ellipsis, shape.ellipsis_needs, text)


def test_the_ellipsis_needs_check_fails_a_need_that_is_not_held() -> None:
    shape = features.shapes()
    assert _needless_match(shape.ellipsis, ("…", "...."), "Wait...")
    assert _needless_match(shape.ellipsis, ("...",), "Wait…")


def test_every_ellipsis_match_in_real_lines_holds_one_of_its_needs() -> None:
    shape = features.shapes()
    lines = {line for text in text_samples() for line in text.splitlines()}
    assert sum(bool(shape.ellipsis.search(line)) for line in lines) > 10  # it sees matches
    for line in lines:
        assert not _needless_match(shape.ellipsis, shape.ellipsis_needs, line), line


def test_no_real_line_ending_in_a_letter_or_digit_matches_an_end_shape() -> None:
    shape = features.shapes()
    paths = sorted(ROOT.glob("seeds/*.txt")) + sorted(ROOT.glob("fixtures/*/*.txt"))
    lines = [line for p in paths for line in p.read_text("utf-8").splitlines()]
    assert sum(line[-1:].isalnum() for line in lines) > 200  # the test sees such lines
    for line in lines:
        if line[-1:].isalnum():
            assert shape.terminal.search(line) is None, line
            assert shape.ellipsis.search(line) is None, line


# The byline and time-prefix shapes: the compiled scorer tries them only where the data's
# bounds allow (Shapes.byline_max_separators, Shapes.time_starts_digit).
BYLINE_PIECES = [*"AĐÉZ", "Nguyễn", "Văn", "Thị", "An", "Lê", "hà", *"a\u0301.", " ", "-", "  "]
byline_text = st.lists(st.sampled_from(BYLINE_PIECES), max_size=16).map("".join)
TIME_PIECES = [*"0123456789٣৪", ":", " ", "\t", "a", "Sự", "x", "é", "-", "\u2007"]
time_text = st.lists(st.sampled_from(TIME_PIECES), max_size=10).map("".join)


@given(byline_text)
@example("Nguyễn Văn-An Lê Thị")  # five words, four separators: the most a match holds
@example("Nguyễn Văn-An Lê Thị-Hà")  # six words: none
def test_no_byline_match_holds_more_separators_than_the_data_says(text: str) -> None:
    shape = features.shapes()
    assert shape.byline_max_separators == 4  # the data's claim, which the C relies on
    if shape.byline.fullmatch(text):
        assert text.count(" ") + text.count("-") <= shape.byline_max_separators


@given(time_text)
@example("16:27 Sự thật")
@example("٣:45 a")
def test_every_time_prefix_match_starts_with_a_digit(text: str) -> None:
    shape = features.shapes()
    assert shape.time_starts_digit
    if shape.time_prefix.match(text):
        assert features._DIGIT.match(text)


def test_no_time_prefix_match_starts_with_another_character() -> None:
    """Every code point before a clock time: only the digits (``\\d``) start a match."""
    pattern = features.shapes().time_prefix
    starts = [c for c in EVERY_CODE_POINT if pattern.match(c + "1:23 a")]
    assert starts == features._DIGIT.findall(EVERY_CODE_POINT)


@given(st.one_of(byline_text, time_text))
@example("Nguyễn Văn-An Lê Thị")
@example("Nguyễn Văn An")
@example("16:27 Sự thật")
@example("٣:45 a")
@example("x16:27 Sự")
def test_the_scorer_s_byline_and_time_features_are_the_plain_searches(text: str) -> None:
    """``score`` fires ``byline-shape`` and ``time-prefix`` exactly where the plain
    definitions do: the bounds in front of the compiled scorer's calls skip only blocks
    the patterns cannot match."""
    shape = features.shapes()
    fired = {f.name for f in features.score(Segment(text), Counter(), DEFAULT_THRESHOLDS, None)[1]}
    assert ("byline-shape" in fired) == (shape.byline.fullmatch(text) is not None)
    assert ("time-prefix" in fired) == (shape.time_prefix.match(text) is not None)


def _forward(pattern: regex.Pattern[str]) -> regex.Pattern[str]:
    """``pattern`` searched from the start (its ``(?r)`` taken off)."""
    assert pattern.pattern.startswith("(?r)")
    return regex.compile(pattern.pattern.removeprefix("(?r)"), pattern.flags & ~regex.REVERSE)


@given(end_text)
@example("Done.")
@example("x./")
@example("a.\n")
@example("end.”)\n\n")
def test_the_terminal_shape_finds_what_a_forward_search_finds(text: str) -> None:
    """The terminal shape is searched from the end (``(?r)`` in the data): it finds a
    match in a text exactly where the forward search of the same pattern does."""
    terminal = features.shapes().terminal
    assert terminal.flags & regex.REVERSE
    assert bool(terminal.search(text)) == bool(_forward(terminal).search(text))


def test_the_terminal_shape_finds_what_a_forward_search_finds_on_real_lines() -> None:
    terminal = features.shapes().terminal
    forward = _forward(terminal)
    lines = {line for text in text_samples() for line in text.splitlines()}
    assert len(lines) > 1_000
    for line in lines:
        for subject in (line, line[-features.END_SHAPE_CHARS :], line + "\n"):
            assert bool(terminal.search(subject)) == bool(forward.search(subject)), subject
