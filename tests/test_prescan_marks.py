"""``prescan.marks_native`` (``cleaner/_ctext_marks.c``) against ``marks_python`` on every
golden page, the corpus pages where /work/shared/corpus is present (skipped where not),
and made-up text of each character width, at the size ``check_page`` asks and at sizes
around the C's block of 64 characters. Skipped where ``_ctext`` is not built."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import native, prescan

pytestmark = pytest.mark.skipif(native.compiled is None, reason="cleaner._ctext is not built")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CORPUS = Path("/work/shared/corpus")
SIZES = (1, 2, 3, 63, 64, 65, 100, 128, 2 * prescan.MAX_ATTRIBUTES)


def _same(html: str, sizes: tuple[int, ...] = SIZES) -> None:
    for size in sizes:
        assert prescan.marks_native(html, size) == prescan.marks_python(html, size), size


def _corpus_pages() -> Iterator[str]:
    for path in sorted((CORPUS / "vi").glob("*/*.html")):
        yield path.read_text(encoding="utf-8", errors="replace")
    for path in sorted((CORPUS / "en-wcxb-dev" / "html").glob("*.html.gz")):
        yield gzip.decompress(path.read_bytes()).decode("utf-8", "replace")


def test_marks_are_the_pythons_on_the_golden_pages() -> None:
    pages = sorted(FIXTURES.glob("*/*.html"))
    assert len(pages) >= 20
    for page in pages:
        _same(page.read_text(encoding="utf-8"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="no corpus here")
def test_marks_are_the_pythons_on_the_corpus_pages() -> None:
    count = 0
    for html in _corpus_pages():
        _same(html, (64, 2 * prescan.MAX_ATTRIBUTES))
        count += 1
    assert count > 100


# Marks, filler of each width (ASCII, Latin-1, the BMP, past it), and long runs of filler
# so that runs of 64 and more characters start and end anywhere in a block.
PIECES = ["<", ">", "</", "a", " ", "é", "ạ", "\u3000", "😀", "x" * 63, "y" * 64, "z" * 70]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60), st.sampled_from(SIZES[:-1]))
def test_marks_are_the_pythons_on_any_text(pieces: list[str], size: int) -> None:
    text = "".join(pieces)
    assert prescan.marks_native(text, size) == prescan.marks_python(text, size)


@pytest.mark.parametrize("filler", ["a", "é", "ạ", "😀"])
def test_marks_of_long_pages_of_each_width(filler: str) -> None:
    """Runs at the page's start and end, a mark on each side of a block's edge, and pages
    of whole blocks and of a block and a character."""
    for length in (0, 1, 63, 64, 65, 127, 128, 129, 5000):
        _same(filler * length)
        _same("<" + filler * length + ">")
        _same(filler * length + "<" + filler * 64 + ">" + filler * 2000)


def test_marks_refuse_a_size_under_one() -> None:
    assert native.compiled is not None
    with pytest.raises(ValueError):
        native.compiled.marks("<p>", 0)
