"""Each speed-up against the plain definition it replaces, on generated input: the fast
path must give exactly the same value (docs/speed.md)."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st

from cleaner import charclass, language, normalize, prescan, units
from cleaner.api import shared_book
from cleaner.entities import unescape_fixpoint
from cleaner.features import shapes, words
from cleaner.language import Stoplist
from cleaner.model import Segment
from cleaner.normalize import normalize_text
from cleaner.paragraphs import alone, groups, line_places, places_of
from cleaner.patterns import literal_trie
from cleaner.rulebook import RuleSet
from cleaner.segment_text import segment_text
from cleaner.taxonomy import SHORT_TOKEN, ChromeTable
from cleaner.thresholds import DEFAULT_THRESHOLDS, Thresholds

from .util import plain_cover

SPACES = [" ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u2003", "\u3000", "\x1c", "\u2028", "\x85"]
spaced_text = st.lists(st.one_of(st.sampled_from(SPACES), st.text(max_size=6))).map("".join)


@given(spaced_text)
def test_segment_lines_are_the_normalised_text_lines(text: str) -> None:
    lines = [line for line in normalize_text(text).split("\n") if line]
    assert [s.text for s in segment_text(text)] == lines


ODD = ["\r\n", "\r", "\u2028", "\x85", "\u200b", "\u00ad", "\x00", "\x1f", "\x7f", "\ud800"]
odd_text = st.lists(
    st.one_of(
        st.sampled_from(ODD), st.sampled_from(["&#13;", "&#x200b;", "&amp;"]), st.text(max_size=6)
    )
).map("".join)


def _plain_finish(text: str) -> str:
    """``normalize._finish`` with every substitution run, whatever the text holds."""
    text = normalize._SURROGATES.sub("\ufffd", unescape_fixpoint(text))
    text = normalize._CONTROLS_RE.sub(" ", normalize._ZERO_WIDTH_RE.sub("", text))
    return unicodedata.normalize("NFC", text)


@given(odd_text)
def test_normalising_skips_substitutions_only_where_they_change_nothing(text: str) -> None:
    breaks = _plain_finish(normalize._LINE_BREAKS.sub("\n", text))
    assert normalize.normalize_breaks(text) == breaks
    assert normalize.normalize_line(text) == " ".join(_plain_finish(text).split())


def _vocabulary(lang: str) -> list[str]:
    """The units of a stoplist's entries (multi-unit ones included) and a few others."""
    stoplist = language.stoplist(lang)
    assert stoplist is not None
    found = sorted({u for entry in stoplist.entries if len(entry) > 1 for u in entry})[:300]
    return [*found, *sorted(stoplist.single)[:100], "nhà", "xe", "house", "ngày"]


VI, EN = _vocabulary("vi"), _vocabulary("en")
tokens_of = st.sampled_from(["vi", "en"]).flatmap(
    lambda lang: st.tuples(st.just(lang), st.lists(st.sampled_from(VI if lang == "vi" else EN)))
)


def _plain_match_at(stoplist: Stoplist, tokens: list[str], i: int) -> int:
    """The longest entry starting at ``tokens[i]``, every length tried."""
    for size in range(len(tokens) - i, 0, -1):
        if tuple(tokens[i : i + size]) in stoplist.entries:
            return size
    return 0


def _long_entry(lang: str) -> list[str]:
    stoplist = language.stoplist(lang)
    assert stoplist is not None
    return list(min(e for e in stoplist.entries if len(e) == max(map(len, stoplist.entries))))


@given(tokens_of)
@example(("vi", _long_entry("vi")))
@example(("vi", [*_long_entry("vi")[:2], "nhà"]))
def test_match_at_is_the_longest_entry_starting_there(case: tuple[str, list[str]]) -> None:
    lang, tokens = case
    stoplist = language.stoplist(lang)
    assert stoplist is not None
    for i in range(len(tokens)):
        assert stoplist.match_at(tokens, i) == _plain_match_at(stoplist, tokens, i)


def _entry_of(lang: str, size: int) -> list[str]:
    """An entry of ``size`` units not all of which are one-unit entries themselves."""
    stoplist = language.stoplist(lang)
    assert stoplist is not None
    sized = (e for e in stoplist.entries if len(e) == size)
    return list(min(e for e in sized if not set(e) <= stoplist.single))


@given(tokens_of, st.booleans())
@example(("vi", ["nhà", *_entry_of("vi", 2), "xe", *_entry_of("vi", 3)]), True)
@example(("en", [*_entry_of("en", 2), "house"]), True)
def test_stopword_cover_matches_greedy_matching_at_every_position(
    case: tuple[str, list[str]], final: bool
) -> None:
    lang, tokens = case
    stoplist = language.stoplist(lang)
    assert stoplist is not None
    weights = [1.0] * len(tokens)
    covered, stop = stoplist.cover(tokens, weights, final=final)
    if final:
        assert covered == plain_cover(stoplist, tokens, weights)
        assert stop >= len(tokens)
    # Carrying the rest over from where matching stopped gives the same total.
    rest = stoplist.cover(tokens[stop:], weights[stop:], final=True)[0]
    assert covered + rest == plain_cover(stoplist, tokens, weights)
    # Told how many units are one-unit entries (as detection counted them), the same.
    singles = sum(token in stoplist.single for token in tokens)
    assert stoplist.cover(tokens, weights, final=final, singles=singles) == (covered, stop)


@given(tokens_of)
@example(("vi", ["nhà", *_entry_of("vi", 2), "xe", *_entry_of("vi", 3)]))
@example(("en", [*_entry_of("en", 2), "house"]))
def test_measure_starts_from_detection_s_one_unit_entries(case: tuple[str, list[str]]) -> None:
    """``measure`` counts a text's one-unit entries from the bytes detection joined
    (``Reading.alone``): the density of the plain greedy cover, for every list."""
    _, tokens = case
    text = " ".join(tokens)
    reading = language.read(text)
    assert reading.tokens is not None
    weights = [1.0] * len(reading.tokens)
    words = float(len(reading.tokens))
    for other in ("vi", "en"):
        stoplist = language.stoplist(other)
        assert stoplist is not None
        plain = plain_cover(stoplist, reading.tokens, weights)
        want = min(1.0, plain / words) if words else 0.0
        assert language.measure(reading, stoplist) == (words, want)
        assert language.measure(text, stoplist) == (words, want)


def _entry_needing_a_match() -> list[str]:
    """An entry of a list that does not have its first unit alone as an entry (so
    detection must match it at its position)."""
    lists = language.stoplists()
    return list(
        min(
            e
            for first, found in lists.longer.items()
            for stoplist, _ in found
            for e in stoplist.entries
            if e[0] == first and len(e) > 1
        )
    )


def _starting(lists: language.Stoplists, unit: str) -> list[Stoplist]:
    """The stoplists with an entry starting with ``unit`` (detection's definition)."""
    return [sl for sl in lists.by_lang.values() if unit in sl.longest]


@given(tokens_of)
@example(("vi", ["nhà", *_entry_needing_a_match(), "xe"]))
def test_detection_counts_every_list_with_an_entry_starting_at_each_unit(
    case: tuple[str, list[str]],
) -> None:
    _, tokens = case
    lists = language.stoplists()
    want: Counter[str] = Counter()
    for i, token in enumerate(tokens):
        for stoplist in _starting(lists, token):
            if stoplist.match_at(tokens, i):
                want[stoplist.lang] += 1
    text = " ".join(tokens)
    seen, hits = language.text_hits(text)
    assert seen == len(units.units(text)[0])
    assert language.MATCH_MARK not in hits  # the shortcut's mark never reaches a count
    assert Counter(lists.langs[i] for i in hits) == want
    reading = language.read(text)
    assert language.text_hits(reading) == language.text_hits(text)
    assert reading.words == units.word_count(text)


def _plain_detect(texts: list[str], limit: int) -> Stoplist | None:
    """Detection by its definition: every list with an entry starting at each unit, text
    by text, the first ``limit`` units of the document (an entry never crosses texts)."""
    lists = language.stoplists()
    want: Counter[str] = Counter()
    seen = 0
    for text in texts:
        tokens = units.units(text.lower())[0][: limit - seen]
        seen += len(tokens)
        for i, token in enumerate(tokens):
            for stoplist in _starting(lists, token):
                if stoplist.match_at(tokens, i):
                    want[stoplist.lang] += 1
        if seen >= limit:
            break
    if not want:
        return None
    best = max(sorted(want), key=want.__getitem__)
    return lists.by_lang[best] if want[best] >= language.DETECT_MIN_SHARE * seen else None


@given(st.lists(tokens_of.map(lambda case: " ".join(case[1]))), st.integers(1, 60))
def test_detection_sums_its_texts_up_to_the_unit_limit(texts: list[str], limit: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(language, "DETECT_MAX_UNITS", limit)
        assert language.detect(texts) is _plain_detect(texts, limit)


def test_listed_word_class_is_regexs_below_the_bound() -> None:
    listed = units.scripts().word_listed
    for cp in range(charclass.LISTED_BELOW):
        c = chr(cp)
        assert bool(listed.fullmatch(c)) == bool(units.WORD_CHAR.fullmatch(c)), hex(cp)


def _plain_units(text: str) -> list[str]:
    """Units by their definition: ``regex``'s ``\\w+`` runs, or the unit pattern's matches
    when the text holds a letter of an unspaced script."""
    sc = units.scripts()
    if sc.any_unspaced.search(text):
        return [m.group() for m in sc.unit.finditer(text)]
    return list(units.WORD.findall(text))


word_text = st.lists(
    st.one_of(
        st.text(max_size=8),
        st.sampled_from(["Đà Nẵng", "e\u0301", "_", "٣", "ǅ", "\u2e80", "新闻", "ไทย", "🙂", " "]),
    )
).map("".join)


ascii_text = st.text(st.characters(max_codepoint=0x7F), max_size=40)


@given(st.one_of(word_text, ascii_text))
@example("Don't stop: 3.5% of e-mail_addresses, (really)!")
def test_units_are_the_plain_tokeniser_s(text: str) -> None:
    assert units.units(text)[0] == _plain_units(text)


REMOVABLE = ["\u200b", "\u00ad", "\ufeff", "\x00", "\x07", "\x0b", "\x1f", "\x7f", "\ud800"]
mixed_text = st.lists(
    st.one_of(st.sampled_from([*REMOVABLE, *SPACES, "&amp;", "e\u0301"]), st.text(max_size=6))
).map("".join)


@given(mixed_text)
def test_normalisation_skips_only_substitutions_that_change_nothing(text: str) -> None:
    # The three substitutions run only where the one search finds a character they change.
    assert normalize._finish(text) == _plain_finish(text)


SCRIPT_CHARS = "กข่ำ๛ກຂ໌ကျ៉កា\u0e00\u0e5c\u2e80\u3005\u30fc一丁あア\u0301ếưĐ .!?" + chr(0x20000)
script_text = st.lists(st.one_of(st.sampled_from(SCRIPT_CHARS), st.text(max_size=4))).map("".join)


@given(script_text)
def test_listed_script_classes_answer_as_the_regex_classes(text: str) -> None:
    sc = units.scripts()
    assert sc.has_unspaced(text) == (sc.any_unspaced.search(text) is not None)
    assert units.marks_no_sentence_end(text) == bool(sc.no_punctuation.search(text))


def test_listed_classes_hold_every_code_point_below_the_bound() -> None:
    every = "".join(map(chr, range(charclass.LISTED_BELOW)))
    sc = units.scripts()
    bare = regex.compile(sc.no_punctuation.pattern.split("]")[0] + "]")
    for fast, slow in ((sc.unspaced_listed, sc.any_unspaced), (sc.bare_listed, bare)):
        assert [m.start() for m in fast.finditer(every)] == [
            m.start() for m in slow.finditer(every)
        ]


def test_no_white_space_but_the_plain_space_is_printable() -> None:
    # normalize_line's shortcut: a printable text's only white space is " " (the line
    # itself is held to the words joined by one space above).
    printable = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c.isprintable()]
    assert printable == [" "]


def test_no_character_the_substitutions_change_is_printable() -> None:
    # _finish searches for them only in a text that is not printable.
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert not any(m.group().isprintable() for m in normalize._REMOVABLE.finditer(every))


@given(mixed_text, st.sampled_from(["", " ", "\n\t  ", "\xa0", "\r\n"]))
def test_a_line_is_its_words_joined_by_one_space(text: str, edge: str) -> None:
    # normalize_line's shortcut (a printable inside with no double space is stripped, not
    # split into words) and unescape's "&" test, against the plain definition.
    for line in (text, edge + text + edge, edge + text.strip() + edge):
        assert normalize.normalize_line(line) == " ".join(_plain_finish(line).split())


@given(spaced_text, st.sampled_from(["", " ", "\t  ", "\xa0", "\u3000", "\x1c"]))
def test_collapse_spaces_is_the_words_joined_by_one_space(text: str, edge: str) -> None:
    # segment_text's per-line collapse: the printable shortcut against its definition.
    for line in (text, edge + text + edge, edge + " ".join(text.split()) + edge):
        assert normalize.collapse_spaces(line) == " ".join(line.split())


def _chrome_tables() -> tuple[ChromeTable, list[str]]:
    from cleaner import Cleaner

    chrome = Cleaner().book.chrome
    return chrome, [t for t in chrome.exact if len(t) >= SHORT_TOKEN]


_CHROME, _LONG_TOKENS = _chrome_tables()
# The definition the trie replaced: the long tokens listed longest first, in the engine
# the taxonomy used before either.
_PLAIN_FINDER = regex.compile(
    "|".join(map(regex.escape, sorted(_LONG_TOKENS, key=len, reverse=True)))
)


@given(
    st.lists(
        st.one_of(
            st.sampled_from(_LONG_TOKENS),
            st.sampled_from(_LONG_TOKENS).map(lambda t: t[: len(t) // 2 + 1]),
            st.sampled_from(["-", "_", "x", "é", "2", "s", "ed"]),
            st.text(max_size=3),
        ),
        max_size=6,
    ).map("".join)
)
def test_chrome_token_finder_matches_as_the_longest_first_alternation(token: str) -> None:
    assert _CHROME.finder is not None
    mine, theirs = _CHROME.finder.search(token), _PLAIN_FINDER.search(token)
    assert (mine and (mine.span(), mine.group(0))) == (theirs and (theirs.span(), theirs.group(0)))


# The pre-parse scan's long runs: pieces that make and break runs of 2,000 characters.
_RUN_PIECES = ["<", ">", "<a", "<b ", "</", "<!--", "a", " ", "'", '"', "=", "\n", "é"]
_RUN_LENGTHS = [1, 2, 3, 700, 1_998, 1_999, 2_000, 2_001, 2_002, 2_003, 4_100]
long_run_pages = st.lists(
    st.tuples(st.sampled_from(_RUN_PIECES), st.sampled_from(_RUN_LENGTHS)), max_size=12
).map(lambda parts: "".join(piece * (n // len(piece) or 1) for piece, n in parts))


def _long_runs(html: str, *, fast: bool) -> list[tuple[int, int]]:
    """The long runs that ``prescan._many_attributes`` visits, in order: found inside the
    page's clear spans (``fast``) or by the plain search."""
    spans = prescan._clear_spans(html)

    def search(at: int) -> re.Match[str] | None:
        return prescan._long_run(html, spans, at) if fast else prescan._LONG_TAG.search(html, at)

    found, run = [], search(0)
    while run is not None:
        tag = prescan._TAG.match(html, run.start())
        found.append(run.span())
        run = search(max(run.end(), tag.end() if tag is not None else 0))
    return found


def _fixture_pages() -> list[str]:
    root = Path(__file__).parent.parent / "fixtures"
    return [p.read_text("utf-8", errors="replace") for p in sorted(root.glob("*/*.html"))]


@given(long_run_pages, st.integers(min_value=0, max_value=30_000))
@example("<a" + "x" * 2_000, 0)
@example("</p>" + "x" * 3_000 + "<b " + "y" * 2_001, 1)
def test_long_runs_are_searched_only_where_they_can_be(html: str, pos: int) -> None:
    mine = prescan._long_run(html, prescan._clear_spans(html), pos)
    plain = prescan._LONG_TAG.search(html, pos)
    assert (mine and mine.span()) == (plain and plain.span())
    assert _long_runs(html, fast=True) == _long_runs(html, fast=False)


def test_long_runs_of_the_fixture_pages_are_the_plain_search_s() -> None:
    pages = _fixture_pages()
    assert len(pages) > 30
    for html in pages:
        assert _long_runs(html, fast=True) == _long_runs(html, fast=False)


@given(
    st.lists(st.text("ab-c", min_size=1, max_size=5), min_size=1, max_size=8, unique=True),
    st.text("ab-cx", max_size=12),
)
def test_a_literal_trie_matches_as_the_alternation_longest_first(
    words: list[str], text: str
) -> None:
    # Words that are prefixes of others, shared stems and a regex metacharacter ("-").
    trie = re.compile(literal_trie(words))
    plain = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
    for at in range(len(text) + 1):
        mine, theirs = trie.match(text, at), plain.match(text, at)
        assert (mine and mine.group(0)) == (theirs and theirs.group(0))
    mine, theirs = trie.search(text), plain.search(text)
    assert (mine and mine.span()) == (theirs and theirs.span())


def test_the_chrome_finder_is_written_once_for_the_same_rule_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every rule book of the built-in files asks for the same long tokens: their trie is
    # written out once a process, not once a book (re's own cache would hand back the
    # same compiled pattern either way; writing the trie is what cost 0.35 ms). Cleaners
    # of the built-in files share one book (api.shared_book); one with user rule files, or
    # other disabled sources, builds its own.
    from cleaner import patterns
    from cleaner.rule_loader import builtin_rule_files
    from cleaner.rulebook import RuleBook

    written: list[tuple[str, ...]] = []
    plain = patterns.literal_trie

    def counted(words: tuple[str, ...]) -> str:
        written.append(words)
        return plain(words)

    monkeypatch.setattr(patterns, "literal_trie", counted)
    patterns.trie_pattern.cache_clear()
    books = [RuleBook.build(builtin_rule_files(), disabled=d) for d in ((), ("plo.vn",))]
    first, second = (book.chrome.finder for book in books)
    assert first is not None and first is second
    assert written == [tuple(_LONG_TOKENS)]
    assert first.pattern == plain(_LONG_TOKENS)


def _plain_builder_part(prefixes: tuple[str, ...], token: str) -> str:
    for prefix in prefixes:
        if token.startswith(prefix):
            return token[len(prefix) :]
        if token == prefix.rstrip("-_"):
            return ""
    return token


_builder_token = st.one_of(
    st.sampled_from(_CHROME.builder_prefixes).flatmap(
        lambda p: st.sampled_from([p, p[:1], p[:2], p.rstrip("-_"), p[:-1] + "x"])
    ),
    st.text("efw-_ab", max_size=3),
).flatmap(lambda head: st.text("ew-_bx", max_size=4).map(lambda tail: head + tail))


@given(_builder_token, st.lists(st.text("ab-_", max_size=3), max_size=3))
def test_builder_part_with_its_head_test_is_the_prefix_loop(token: str, others: list[str]) -> None:
    # The shipped prefixes, and made-up ones as short as one character or empty (the
    # head test then looks at fewer characters, or none).
    assert _CHROME._builder_part(token) == _plain_builder_part(_CHROME.builder_prefixes, token)
    table = ChromeTable.build({}, [*others, *_CHROME.builder_prefixes[:3]])
    assert table._builder_part(token) == _plain_builder_part(table.builder_prefixes, token)


def _plain_groups(segments: list[Segment], rules: RuleSet, t: Thresholds) -> list[range]:
    """``paragraphs.groups`` as it was: every line visited, its two opening tests asked."""
    shape = shapes()
    out: list[range] = []
    start = 0
    for i in range(1, len(segments) + 1):
        if i < len(segments):
            prev, line = segments[i - 1].text, segments[i].text
            if i - 1 == start and shape.attribution_label.fullmatch(prev):
                continue
            if (
                shape.continuation.match(line)
                and not prev.endswith(":")
                and not (shape.terminal.search(prev) or shape.ellipsis.search(prev))
                and (
                    (len(prev) >= t.wrap_min_chars and words(line) >= 2)
                    or (rules.first_line_rule(line) is None and rules.first_line_rule(prev) is None)
                )
            ):
                continue
        out.append(range(start, i))
        start = i
    return out


# Lines that open or continue runs: labels (a run of them too), lower-case starts after a
# full line or a short one, sentence ends, colons, a line a rule decides ("img"), blanks.
_GROUP_LINES = [
    "Theo",
    "Nguồn:",
    "VnExpress",
    "img",
    "tiêu dùng",
    "Kinh doanh",
    "and its members agreed that the plan needed more work before it",
    "The committee met on Tuesday to review the proposal, and",
    "could go to a vote.",
    "Xem thêm:",
    "còn tiếp…",
    "x",
]


@given(st.lists(st.sampled_from(_GROUP_LINES), max_size=14), st.booleans())
@example(["Theo", "Theo", "Theo", "và"], True)
@example(["A long enough first line of the paragraph", "và tiếp", "và nữa", "Theo"], True)
def test_groups_visits_only_where_a_line_can_join_the_one_before(
    lines: list[str], global_rules: bool
) -> None:
    rules = shared_book(frozenset()).rules_for(None) if global_rules else RuleSet.build([])
    segments = [Segment(text=x) for x in lines]
    assert groups(segments, rules, DEFAULT_THRESHOLDS) == _plain_groups(
        segments, rules, DEFAULT_THRESHOLDS
    )


def test_groups_of_the_seeds_and_fixture_texts_are_the_plain_loop_s() -> None:
    rules = shared_book(frozenset()).rules_for(None)
    root = Path(__file__).resolve().parent.parent
    paths = [*root.glob("seeds/*.txt"), *root.glob("fixtures/*/*.txt")]
    for text in (p.read_text("utf-8") for p in sorted(paths)):
        segments = segment_text(text)
        assert groups(segments, rules, DEFAULT_THRESHOLDS) == _plain_groups(
            segments, rules, DEFAULT_THRESHOLDS
        )


@given(st.lists(st.sampled_from(_GROUP_LINES), max_size=14), st.data())
@example(["Theo", "VnExpress", "và", "Theo"], None)
def test_the_places_of_kept_lines_are_those_asked_of_them(
    lines: list[str], data: st.DataObject | None
) -> None:
    """``places_of`` (a regroup pass reading the shapes ``decide_text`` asked of the whole
    document) gives ``line_places`` of the lines kept, and ``groups`` the same runs."""
    rules = shared_book(frozenset()).rules_for(None)
    every = list(range(len(lines)))
    keeps = [every, [], every[::2], every[1:], every[:-1]]
    if data is not None:
        keeps.append(sorted(data.draw(st.sets(st.sampled_from(every))) if lines else []))
    places = line_places(lines)
    for kept in keeps:
        rest = [lines[i] for i in kept]
        assert places_of(places, kept) == line_places(rest)
        segments = [Segment(text=x) for x in rest]
        assert groups(segments, rules, DEFAULT_THRESHOLDS, places_of(places, kept)) == (
            _plain_groups(segments, rules, DEFAULT_THRESHOLDS)
        )


@given(st.lists(st.sampled_from([*_GROUP_LINES, "và", "tiếp theo", "Theo", "Nguồn"]), max_size=14))
@example(["The committee met on Tuesday to review the proposal, and", "could go to a vote."])
@example(["Theo", "VnExpress"])
def test_lines_with_no_places_are_each_a_run_alone(lines: list[str]) -> None:
    """``alone`` (``decide_text`` and its regroup pass skip ``groups`` by it) says "every
    line its own run" only where ``groups`` and the plain loop make one run a line."""
    rules = shared_book(frozenset()).rules_for(None)
    segments = [Segment(text=x) for x in lines]
    places = line_places(lines)
    if alone(places):
        singles = [range(i, i + 1) for i in range(len(lines))]
        assert groups(segments, rules, DEFAULT_THRESHOLDS, places) == singles
        assert _plain_groups(segments, rules, DEFAULT_THRESHOLDS) == singles
