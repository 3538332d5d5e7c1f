"""The container guess's compiled walk (``cleaner/_cdom_tree.c``, ``NativeTree``) against
its Python reference (``PythonTree``): the same figures (prose, text, links, parents, tags,
paragraphs, barriers, categories, chrome-tag ancestry) in the same order, the chrome table
asked the same strings in the same order, and the same ``ContainerGuess`` (nodes by
``mem_id``, candidates, overruled) from every golden page, the corpus pages where they are,
made-up markup and 100,000 nested elements. Skipped where ``_cdom`` is not in use."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaner import Cleaner, container, native
from cleaner.container_tree import CHROME_TAGS, NativeTree, PythonTree, Tree
from cleaner.model import Chrome
from cleaner.taxonomy import ChromeTable
from cleaner.thresholds import DEFAULT_THRESHOLDS, Thresholds

pytestmark = pytest.mark.skipif(native.dom is None, reason="cleaner._cdom is not in use")

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "fixtures").glob("*/*.html"))
CORPUS = Path("/work/shared/corpus")
CHROME = Cleaner().book.chrome


class Asked:
    """A chrome table that remembers every string it was asked about, in order."""

    def __init__(self, table: ChromeTable) -> None:
        self.table = table
        self.asked: list[str] = []

    def category(self, named: str) -> Chrome | None:
        self.asked.append(named)
        return self.table.category(named)


def _figures(tree: Tree) -> tuple[Any, ...]:
    return (
        list(tree.prose.items()),
        list(tree.text.items()),
        list(tree.links.items()),
        list(tree.parent.items()),
        list(tree.tag.items()),
        tree.paragraphs,
        tree.barrier,
        tree.categories,
        _under_chrome(tree),
    )


def _under_chrome(tree: Tree) -> list[int]:
    """The records under a chrome tag: ``NativeTree``'s from its walk, ``PythonTree``'s
    by going up (each ancestor's answer kept: a deep page stays linear)."""
    if isinstance(tree, NativeTree):
        return [mem for mem in tree.prose if tree.under_chrome_tag(mem)]
    known: dict[int | None, bool] = {None: False}  # it or an ancestor has a chrome tag
    for mem in tree.prose:
        chain: list[int] = []
        current = tree.up(mem)
        while current not in known:
            assert current is not None
            chain.append(current)
            current = tree.up(current)
        for node in reversed(chain):
            known[node] = known[current] or tree.tag_of(node) in CHROME_TAGS
            current = node
    return [mem for mem in tree.prose if known[tree.up(mem)]]


def _same_figures(root: LexborNode, t: Thresholds = DEFAULT_THRESHOLDS) -> int:
    """Both walks over ``root``: the same figures, the same asks; how many records."""
    python, compiled = Asked(CHROME), Asked(CHROME)
    plain = PythonTree(root, cast(ChromeTable, python), t)
    fast = NativeTree(root, cast(ChromeTable, compiled), t)
    assert compiled.asked == python.asked
    assert _figures(fast) == _figures(plain)
    return len(plain.prose)


def _outcome(found: container.ContainerGuess) -> tuple[Any, ...]:
    return tuple(n.mem_id for n in found.nodes), found.candidates, found.overruled


def _same_guess(root: LexborNode, t: Thresholds = DEFAULT_THRESHOLDS) -> container.ContainerGuess:
    """``guess`` with each walk: the same container, candidates and overruled elements."""
    trees: dict[str, Callable[[LexborNode, ChromeTable, Thresholds], Tree]] = {
        "python": PythonTree,
        "native": NativeTree,
    }
    found = {}
    for name, make in trees.items():
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(container, "tree", make)
            found[name] = container.guess(root, CHROME, t)
    assert _outcome(found["native"]) == _outcome(found["python"])
    return found["native"]


def _bodies(htmls: Iterator[str]) -> Iterator[LexborNode]:
    """The ``<body>`` the pipeline guesses in (parsed and stripped as ``parse_page`` does),
    through a patched ``guess``."""
    seen: list[LexborNode] = []

    def keep(root: LexborNode, chrome: ChromeTable, t: Thresholds) -> container.ContainerGuess:
        seen.append(root)
        return _same_guess(root, t)

    cleaner = Cleaner(fallback=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("cleaner.segment_html.guess", keep)
        for html in htmls:
            cleaner.clean(html, kind="html")
            yield from seen
            seen.clear()


def test_the_golden_pages_give_the_same_figures_and_guess() -> None:
    assert len(PAGES) >= 20
    records = 0
    for page in PAGES:
        html = page.read_text(encoding="utf-8")
        body = LexborHTMLParser(html).body
        assert body is not None
        records += _same_figures(body)
        _same_guess(body)
    assert records > 1_000


def test_the_golden_pages_as_the_pipeline_guesses_them() -> None:
    pages = (page.read_text(encoding="utf-8") for page in PAGES)
    assert sum(_same_figures(body) for body in _bodies(pages)) > 300


@pytest.mark.skipif(not (CORPUS / "en-wcxb-dev").is_dir(), reason="no WCXB corpus here")
def test_the_wcxb_pages_give_the_same_figures_and_guess() -> None:
    from benchmarks.naive import decode_html

    paths = sorted((CORPUS / "en-wcxb-dev" / "html").glob("*.html.gz"))
    assert len(paths) > 100
    pages = (decode_html(gzip.decompress(path.read_bytes())) for path in paths)
    assert sum(_same_figures(body) for body in _bodies(pages)) > 10_000


@pytest.mark.skipif(not (CORPUS / "vi").is_dir(), reason="no vi corpus here")
def test_the_vi_pages_give_the_same_figures_and_guess() -> None:
    paths = sorted((CORPUS / "vi").glob("*/*.html"))
    assert len(paths) > 20
    records = 0
    for path in paths:  # (their rule files name their containers: guessed here anyway)
        body = LexborHTMLParser(path.read_text(encoding="utf-8", errors="replace")).body
        assert body is not None
        records += _same_figures(body)
        _same_guess(body)
    assert records > 1_000


# Markup pieces: units in units, links in units and units in links, chrome classes and
# tags (barriers), page wrappers, made-up and foreign tags, comments, processing
# instructions, templates, tables (foster parenting), entities, and text with Unicode
# white space (no-break, ideographic, line separator, next line, the ASCII separators
# str.isspace() counts) and bad code points.
PIECES = [
    "<p>", "</p>", "<li>", "</li>", "<div>", "</div>", "<section>", "</section>",
    "<article>", "</article>", "<h2>", "</h2>", "<td>", "<blockquote>", "</blockquote>",
    "<a href=x>", "</a>", "<span>", "</span>", "<br>", "<main>", "</main>", "<nav>",
    "</nav>", "<aside>", "</aside>", "<footer>", "</footer>", "<form>", "</form>",
    "<figure>", "</figure>", "<div class='comments'>", "<div class='related-posts'>",
    "<section id=newsletter>", "<div class='author-bio byline'>", "<ul class='menu'>",
    "</ul>", "<div class='' id=''>", "<div class='elementor-widget-text-editor'>",
    "<my-widget class='promo'>", "</my-widget>", "<svg><a>svg link</a><text>t</text></svg>",
    "<table><tr><td>", "x</table>", "<template><p>hidden words</template>", "<!-- c -->",
    "<?pi x?>", "&nbsp;", "&#0;", "\u00a0", "\u3000", "\u2028", "\x85", "\x1c", "\x1f",
    "\v", " ", "\n\t",
    "Words of a sentence long enough to count as a paragraph of prose here, and more. ",
    "Short label", "ạ tiếng Việt có dấu, đủ dài để thành một đoạn văn xuôi thật sự. ",
    "\ud800",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60))
@example(["<div class='comments'>", "<article>", "<p>", PIECES[-4], "</p>"] * 3)
@example(["<main>", "<section>", "<a href=x>", "<p>", PIECES[-4], "</a>", "\u2028"] * 2)
def test_made_up_markup_gives_the_same_figures_and_guess(pieces: list[str]) -> None:
    html = "".join(pieces).encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    for root in (LexborHTMLParser(html).body, LexborHTMLParser(html).root):
        assert root is not None
        _same_figures(root)
        _same_guess(root)
        # Small thresholds: every unit and text block is prose.
        small = replace(DEFAULT_THRESHOLDS, min_paragraph_chars=1, text_block_min_chars=1)
        _same_figures(root, small)
        _same_guess(root, small)


def _nested(depth: int) -> LexborNode:
    """A <body> holding ``depth`` elements each in the one before (units in units: a
    ``<blockquote>`` in a ``<div>`` in a ``<blockquote>``...), then a paragraph. Built
    node by node: Lexbor's parser takes time quadratic in the depth (prescan.MAX_DEPTH)."""
    tree = LexborHTMLParser("<body></body>")
    body = current = tree.body
    assert body is not None
    for level in range(depth):
        current.insert_child(tree.create_node("div" if level % 2 else "blockquote"))
        current = current.child  # (insert_child inserts a copy)
        assert current is not None
    current.insert_child(tree.create_node("p"))
    assert current.child is not None
    current.child.insert_child("Words of a sentence long enough to count as prose. " * 4)
    return body


def test_100000_nested_elements_are_read_without_recursion() -> None:
    # The walks go through any depth; the guess's own steps go up from each candidate
    # (here every element holds all the prose), so it is compared where that is quick.
    body = _nested(100_000)
    assert _same_figures(body) == 100_002
    assert _same_guess(_nested(1_000)).nodes
