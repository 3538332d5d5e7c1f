"""``paragraphs.line_places_native`` (``_ctext.FirstScreen``: a shape asked only of the
lines whose first character may begin a match, by ``regex``'s partial matching) gives
what ``line_places_python`` gives, and the screen holds for patterns of every kind."""

from __future__ import annotations

import sys
from functools import partial

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import native, paragraphs
from cleaner.features import shapes
from cleaner.segment_text import segment_text

from .util import interleaved_threads, text_samples

pytestmark = pytest.mark.skipif(native.compiled is None, reason="cleaner._ctext is not built")
BMP = [chr(c) for c in range(0x10000)]
ASTRAL = [chr(c) for c in range(0x10000, sys.maxunicode + 1, 97)] + ["𝐚", "𝑥", "😀", "𞤢"]
SUFFIXES = ["", "heo", "HEO :", "guồn:", "GUỒN", "ource:", "ab", " x", "\u0301b"]


def _plain(search: object, texts: list[str]) -> list[int]:
    return [i for i, text in enumerate(texts) if search(text) is not None]  # type: ignore[operator]


def _fresh_places(texts: list[str]) -> paragraphs.Places:
    """``line_places_native`` with screens that have asked nothing yet."""
    assert native.compiled is not None
    shape = shapes()
    label, continuation = shape.attribution_label, shape.continuation
    return (
        native.compiled.FirstScreen(partial(label.fullmatch, partial=True)).places(
            texts, label.fullmatch
        ),
        native.compiled.FirstScreen(partial(continuation.match, partial=True)).places(
            texts, continuation.match
        ),
    )


def test_every_first_character() -> None:
    """Each code point of the BMP (and every 97th beyond it, which are always asked)
    before each suffix: the shapes' lines, with fresh screens and the process's."""
    for suffix in SUFFIXES:
        texts = [c + suffix for c in BMP + ASTRAL]
        expected = paragraphs.line_places_python(texts)
        assert _fresh_places(texts) == expected
        assert paragraphs.line_places_native(texts) == expected
    assert paragraphs.line_places_python(["𝐚b"]) == ([], [0])  # astral lower case


# Patterns of other kinds than the shipped shapes' (lookarounds, word boundaries, case
# folding, a pattern that matches the empty string, classes, repeats): regex's partial
# matching finds no match only where no text starting with the character has one.
PATTERNS = [
    (r"\p{Ll}", 0),
    (r"(?:Theo|THEO|Nguồn|NGUỒN|Source|SOURCE)\s*:?", 0),
    (r"theo\b", regex.IGNORECASE),
    (r"x*", 0),
    (r"\d{1,2}:\d{2}\s+\p{L}", 0),
    (r"(?=[a-c])\w+", 0),
    (r"\bAb", 0),
    (r"(?<!x)b", 0),
    (r"[^\p{L}]+\.", 0),
    (r"ss", regex.IGNORECASE | regex.FULLCASE),
    (r"(?:ǆ|\u0301)b", regex.IGNORECASE),
    (r"\X\p{M}", 0),
    (r"a\B", 0),
    (r"(?:x|a\B)b?", 0),
]


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
@pytest.mark.parametrize("method", ["match", "fullmatch"])
def test_the_screen_holds_for_patterns_of_every_kind(pattern: str, flags: int, method: str) -> None:
    assert native.compiled is not None
    compiled = regex.compile(pattern, flags)
    search = getattr(compiled, method)
    texts = [c + suffix for suffix in SUFFIXES for c in BMP[:0x3000] + ASTRAL]
    texts += ["", "ß", "ẞx", "SS", "ǅb", "\u0301b", "a\u0301\u0302"]
    screen = paragraphs.screen(compiled)
    assert screen.places(texts, search) == _plain(search, texts)
    assert screen.places(texts, search) == _plain(search, texts)  # its answers kept


def test_partial_matching_alone_does_not_prove_a_screen() -> None:
    # Why paragraphs.screen asks patterns.prefix_askable first: "a" has no partial match
    # of a\B (the end of the string is a word boundary there), "ab" has a match.
    assert native.compiled is not None
    compiled = regex.compile(r"a\B")
    unguarded = native.compiled.FirstScreen(partial(compiled.match, partial=True))
    assert unguarded.places(["ab"], compiled.match) == []
    assert paragraphs.screen(compiled).places(["ab"], compiled.match) == [0]


LINES = [
    "Theo", "THEO:", "Nguồn :", "Source", "Theo VnExpress", "và tiếp", "tiêu dùng", "x",
    "Kinh doanh", "", " ", "𝐚 toán", "😀", "\u0301a", "ß", "ǆ", "1:20 sáng", "Thé",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=20))
@example(["Theo", "", "và", "𝐚"])
def test_the_twins_agree_on_made_up_lines(lines: list[str]) -> None:
    expected = paragraphs.line_places_python(lines)
    assert paragraphs.line_places_native(lines) == expected
    assert _fresh_places(lines) == expected


def test_the_twins_agree_on_fixtures_seeds_and_corpora() -> None:
    texts = text_samples()
    assert len(texts) > 50
    for text in texts:
        lines = [s.text for s in segment_text(text)]
        expected = paragraphs.line_places_python(lines)
        assert paragraphs.line_places_native(lines) == expected
        assert _fresh_places(lines) == expected


def test_errors_are_the_callers() -> None:
    assert native.compiled is not None
    screen = native.compiled.FirstScreen(partial(regex.compile("a").match, partial=True))
    with pytest.raises(TypeError):
        screen.places(("a",), str.upper)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        screen.places(["a", 1], str.upper)  # type: ignore[list-item]
    with pytest.raises(TypeError):
        native.compiled.FirstScreen(1)  # type: ignore[arg-type]

    def refuse(text: str) -> None:
        raise ValueError(text)

    with pytest.raises(ValueError, match="b"):
        native.compiled.FirstScreen(refuse).places(["b"], str.upper)
    with pytest.raises(ValueError, match="ab"):
        screen.places(["x", "ab"], refuse)


# --- a Cleaner's answers by line (paragraphs.KnownShapes; FirstScreen.places' known) ---


def test_known_answers_are_read_and_added() -> None:
    """An answer ``known`` holds is used as given (a wrong one proves it is read, not asked
    again); one asked is added, and only for the texts the screen let through."""
    assert native.compiled is not None
    shape = shapes()
    screen = paragraphs.screen(shape.attribution_label)
    known: dict[str, bool] = {}
    lines = ["Theo", "Tin tức", "Kinh doanh", "Nguồn:", "xyz"]
    assert screen.places(lines, shape.attribution_label.fullmatch, known) == [0, 3]
    assert known == {"Theo": True, "Tin tức": False, "Nguồn:": True}
    known["Tin tức"], known["Theo"] = True, False
    assert screen.places(lines, shape.attribution_label.fullmatch, known) == [1, 3]
    assert screen.places(lines, shape.attribution_label.fullmatch, None) == [0, 3]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(LINES), max_size=12), max_size=6), st.integers(1, 8))
def test_known_shapes_across_documents_agree_with_the_twin(
    documents: list[list[str]], size: int
) -> None:
    """One ``KnownShapes`` across documents (small, so that it is emptied on the way) gives
    each document what ``line_places_python`` gives, and stays within its bounds."""
    known = paragraphs.KnownShapes(size, 4 * size)
    for lines in documents:
        assert known.places(lines) == paragraphs.line_places_python(lines)
        assert max(len(known.labels), len(known.continues)) <= size
        assert known.chars <= 4 * size
        assert known.chars == sum(map(len, known.labels)) + sum(map(len, known.continues))


def test_known_shapes_on_fixtures_seeds_and_corpora() -> None:
    """Each sample twice through one ``KnownShapes``: the second time from its answers."""
    known = paragraphs.KnownShapes(4_000, 1_000_000)
    for text in text_samples():
        lines = [s.text for s in segment_text(text)]
        expected = paragraphs.line_places_python(lines)
        assert known.places(lines) == expected
        assert known.places(lines) == expected


def test_known_shapes_bad_known_is_refused() -> None:
    assert native.compiled is not None
    screen = paragraphs.screen(shapes().continuation)
    with pytest.raises(TypeError):
        screen.places(["a"], str.upper, [])  # type: ignore[arg-type]


def test_known_shapes_shared_by_threads() -> None:
    """Threads sharing one small ``KnownShapes`` (as threads share a Cleaner's): every
    answer is the twin's, no call raises, and ``chars`` is what the tables hold. Without
    the lock, a table emptied by one thread between another's reading of its length and
    its counting of what it added made that count negative (``islice`` raised)."""
    import random

    known = paragraphs.KnownShapes(200, 10**9)

    def work(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(1_500):
            lines = [f"Theo {rng.random()}" for _ in range(20)]
            lines += [f"và {rng.random()}" for _ in range(20)]
            assert known.places(lines) == paragraphs.line_places_python(lines)

    assert interleaved_threads(work) == []
    assert known.chars == sum(map(len, known.labels)) + sum(map(len, known.continues))
