"""The HTML front end's compiled passes (``cleaner/_cdom_strip.c``) against their Python
references, on every golden page, the corpus pages where /work/shared/corpus is present
(skipped where not), and made-up markup. Skipped where ``_cdom`` is not in use."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaner import html_tags, native

pytestmark = pytest.mark.skipif(native.dom is None, reason="cleaner._cdom is not in use")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GOLDEN = sorted(FIXTURES.glob("*/*.html"))
CORPUS = Path("/work/shared/corpus")


def _corpus_pages() -> Iterator[str]:
    for path in sorted((CORPUS / "vi").glob("*/*.html")):
        yield path.read_text(encoding="utf-8", errors="replace")
    for path in sorted((CORPUS / "en-wcxb-dev" / "html").glob("*.html.gz")):
        yield gzip.decompress(path.read_bytes()).decode("utf-8", "replace")


def _all_nodes(tree: LexborHTMLParser) -> list[LexborNode]:
    """Every node of the document (the document node first), in document order."""
    assert tree.root is not None
    document = tree.root.parent
    assert document is not None
    found, stack = [], [document]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(reversed(list(node.iter(include_text=True))))
    return found


def _stripped(html: str, strip: Callable[[LexborHTMLParser], None]) -> list[object]:
    """What a strip leaves: each node of the parsed page (by its place before) with its
    parent and neighbours after (by their place before, -1 for none), the page, and the
    head and body selectolax reports."""
    tree = LexborHTMLParser(html)
    nodes = _all_nodes(tree)
    place = {node.mem_id: i for i, node in enumerate(nodes)}

    def at(node: LexborNode | None) -> int:
        return -1 if node is None else place[node.mem_id]

    strip(tree)
    links = [(at(n.parent), at(n.prev), at(n.next), at(n.child), at(n.last_child)) for n in nodes]
    head, body = tree.head, tree.body
    return [links, tree.html, at(head), at(body)]


def _same(html: str) -> None:
    assert _stripped(html, html_tags.strip_native) == _stripped(html, html_tags.strip_python)


def test_strip_is_selectolaxs_on_the_golden_pages() -> None:
    assert len(GOLDEN) >= 20
    for page in GOLDEN:
        _same(page.read_text(encoding="utf-8"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="no corpus here")
def test_strip_is_selectolaxs_on_the_corpus_pages() -> None:
    count = 0
    for html in _corpus_pages():
        _same(html)
        count += 1
    assert count > 100


# Every removed name, nested in each other and in what they are not (an <option> in and
# out of a <select>, a <script> in an <svg> and in the <head>, <template> content), text,
# comments, tables (foster parenting moves elements out of them), a second <head>.
PIECES = [
    "<p>", "</p>", "<div class=a>", "</div>", " ", "text", "<!-- c -->", "<br>",
    "<table><tr><td>", "</table>", "<template>", "</template>", "<b>", "</b>",
    "&amp;", "<head>", "</head>", "<body>", "<html>", "<frameset>", "<svg:script>",
    *(f"<{name}>" for name in html_tags.REMOVE_TAGS),
    *(f"</{name}>" for name in html_tags.REMOVE_TAGS),
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=50))
def test_strip_is_selectolaxs_on_any_markup(pieces: list[str]) -> None:
    _same("".join(pieces))


def test_strip_walks_deep_pages_without_recursion() -> None:
    """Nesting as deep as the parser builds in reasonable time, every other level a name
    taken out (each a subtree of the one above)."""
    depth = 20_000
    html = "<div><object>" * (depth // 2) + "x" + "</object></div>" * (depth // 2)
    _same(html)
    tree = LexborHTMLParser(html)
    html_tags.strip_native(tree)
    assert tree.body is not None and tree.body.html == "<body><div></div></body>"


def test_strip_refuses_what_is_no_node_of_a_document() -> None:
    assert native.dom is not None
    with pytest.raises(ValueError):
        native.dom.strip(0, html_tags.remove_tag_ids())
    with pytest.raises(TypeError):
        native.dom.strip(1, [1, 2])  # type: ignore[arg-type]
    tree = LexborHTMLParser("<p>x</p>")
    assert tree.root is not None
    with pytest.raises(ValueError):
        native.dom.strip(tree.root.mem_id, tuple(range(100)))
