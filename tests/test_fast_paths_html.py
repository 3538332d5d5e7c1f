"""The HTML front end's speed-ups against the plain definitions they replace, on generated
pages: the same figures, in the same order (docs/speed.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaner import Cleaner, segment_html
from cleaner.container_tree import PythonTree
from cleaner.html_tags import (
    BLOCK_HOLDERS,
    BLOCK_TAGS,
    BOLD_TAGS,
    HOLDER,
    ITALIC_TAGS,
    TEXT_BLOCKS,
    UNIT_TAGS,
    name_flags,
    tag_table,
)
from cleaner.locate import _lengths, children
from cleaner.metadata import DECLARED_SELECTOR, declared_nodes
from cleaner.model import Chrome
from cleaner.normalize import normalize_line
from cleaner.segment_html import _walk
from cleaner.taxonomy import ChromeTable
from cleaner.thresholds import DEFAULT_THRESHOLDS, Thresholds

from .plain_walk import plain_walk
from .util import markup_pages, walk_args

TAGS = ["div", "p", "li", "a", "span", "h2", "td", "aside", "nav", "section", "blockquote"]
TAGS += ["article", "my-widget", "B"]
CLASSES = ["", "content", "comments", "related-posts", "menu", "entry"]
TEXTS = [
    "",
    " ",
    "\n  ",
    "\xa0",
    "x",
    "Short text.",
    "A sentence of some length. " * 4,
    "Loose text. " * 30,
    "<br>",
    "<?pi x?>",
]


def _element(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, cls, parts: f'<{tag} class="{cls}">{"".join(parts)}</{tag}>',
        st.sampled_from(TAGS),
        st.sampled_from(CLASSES),
        st.lists(inner, max_size=4),
    )


_node = st.recursive(
    st.one_of(st.sampled_from(TEXTS), st.just("<!-- note -->")), _element, max_leaves=40
)
pages = st.lists(_node, min_size=1, max_size=5).map(lambda parts: "<body>" + "".join(parts))


def _plain_tree(
    root: LexborNode, barrier: Callable[[LexborNode], bool], th: Thresholds
) -> tuple[dict[int, tuple[int, ...]], set[int]]:
    """Each element's (prose, text, links), recursively, in the order elements are left;
    and the text blocks that are paragraphs."""
    out: dict[int, tuple[int, ...]] = {}
    paragraphs: set[int] = set()

    def visit(node: LexborNode, in_link: bool) -> tuple[int, int, int, int, int]:
        text = links = unit_text = unit_links = prose = 0
        for child in children(node):
            tag = child.tag or ""
            if tag == "-text":
                text += len((child.text_content or "").strip())
            elif not tag.startswith("-") and tag != "!--":
                t, li, ut, ul, p = visit(child, in_link or tag == "a")
                text, links, unit_text, unit_links = (
                    text + t,
                    links + li,
                    unit_text + ut,
                    unit_links + ul,
                )
                if p and not barrier(child):
                    prose += p
        if node.mem_id == root.mem_id:
            if prose:
                out[node.mem_id] = (prose, text, links)
            return text, links, unit_text, unit_links, prose
        if in_link:
            links = text
        if node.tag in UNIT_TAGS or node.tag in TEXT_BLOCKS:
            own = (text - unit_text) - (links - unit_links)
            if own >= (
                th.min_paragraph_chars if node.tag in UNIT_TAGS else th.text_block_min_chars
            ):
                if not prose and node.tag in TEXT_BLOCKS:
                    paragraphs.add(node.mem_id)
                prose += own
            unit_text, unit_links = text, links
        if prose:
            out[node.mem_id] = (prose, text, links)
        return text, links, unit_text, unit_links, prose

    visit(root, False)
    return out, paragraphs


@settings(max_examples=200, deadline=None)
@given(pages)
@example(  # a link's text is read in one call: comments, units and no-break spaces in it
    '<body><div class="entry"><p><a class="x"><!-- a long note, not text at all -->'
    "<li>\xa0Linked words, enough of them to be prose. </li><?pi x?><span> tail\n</span>"
    "</a> and the paragraph's own words after the link.</p></div>"
)
def test_container_figures_are_the_plain_recursive_ones(html: str) -> None:
    chrome = Cleaner().book.chrome
    t = DEFAULT_THRESHOLDS
    body = LexborHTMLParser(html).body
    assert body is not None
    tree = PythonTree(body, chrome, t)
    fast = [(mem, (tree.prose[mem], tree.text[mem], tree.links[mem])) for mem in tree.prose]
    plain, paragraphs = _plain_tree(body, lambda node: tree.is_barrier(node.mem_id), t)
    assert fast == list(plain.items())
    assert tree.paragraphs == paragraphs


def _plain_category(table: ChromeTable, attrs: str) -> Chrome | None:
    """``ChromeTable.category`` as the sixth round wrote it: the splits by ``regex``
    patterns (white space, then ``-``/``_`` runs), the finder asked of every token."""
    for named in regex.split(r"\s+", attrs.lower()):
        token = table._builder_part(named) if table.builder_prefixes else named
        if not token:
            continue
        hit = table.exact.get(token)
        if hit:
            return Chrome(hit, named)
        for part in regex.split(r"[-_]+", token):
            hit = table.exact.get(part)
            if hit:
                return Chrome(hit, named)
        found = table.finder.search(token) if table.finder is not None else None
        if found is not None:
            return Chrome(table.exact[found.group(0)], named)
    return None


_SHIPPED_CHROME = Cleaner().book.chrome
_MADE_UP_CHROME = ChromeTable.build(
    {"ad": "ads", "x-y": "menu", "longtoken": "related", "Kk": "share", "_": "site"},
    ["el-", "w_"],
)
_chrome_piece = st.one_of(
    st.sampled_from(sorted(_SHIPPED_CHROME.exact)[::7]),
    st.sampled_from(_SHIPPED_CHROME.builder_prefixes),
    st.sampled_from(["ad", "x", "y", "longtoken", "kk", "el-", "w_", "ÀD", "İ", "K"]),
    st.sampled_from(["-", "_", "--", "-_", " ", "  ", "\t", "\n", "\xa0", "\x1c", "\u2028"]),
    st.text(max_size=3),
)


@settings(max_examples=500)
@given(st.lists(_chrome_piece, max_size=8).map("".join))
@example("related-posts")
@example("-ad box__x")
@example("a\x1cb related")
def test_chrome_category_is_the_split_patterns_one(attrs: str) -> None:
    # Printable or not (tabs, no-break and other spaces, separators str.split() knows and
    # \s does not), upper case, leading, trailing and doubled separators, builder
    # prefixes, tokens shorter and longer than SHORT_TOKEN; the shipped table and one
    # with a one-character prefix, a "-" token and an empty token (which names nothing).
    for table in (_SHIPPED_CHROME, _MADE_UP_CHROME):
        assert table.category(attrs) == _plain_category(table, attrs), table
    assert "" not in ChromeTable.build({"": "site", "ad": "ads"}).exact


@settings(max_examples=300)
@given(st.lists(st.lists(_chrome_piece, max_size=8).map("".join), min_size=1, max_size=6))
@example(["col-md-8 related", "col-md-4 related", "related col-md-4"])
@example(["x-y ad", "ad x-y", "AD"])
def test_remembered_chrome_tokens_give_the_plain_categories(names: list[str]) -> None:
    # A Cleaner's table remembers each token's answer: later strings that repeat a token
    # (in another place, case or company) must get what the plain table gives them.
    for table in (_SHIPPED_CHROME, _MADE_UP_CHROME):
        remembering = table.remembering()
        for attrs in [*names, *names, *(n.upper() for n in names)]:
            assert remembering.category(attrs) == table.category(attrs), (table, attrs)


def test_chrome_categories_are_remembered_only_up_to_the_limits() -> None:
    cleaner = Cleaner()
    chrome, table = cleaner.chrome, cleaner.book.chrome  # remembering, and the plain table
    plain = table.category("box related-posts")
    assert plain is not None and plain.category == "related"
    assert chrome.category("box related-posts") == plain == chrome.category("box related-posts")
    assert "box related-posts" in chrome._known
    long_name = "related " + "x" * 300
    assert chrome.category(long_name) == table.category(long_name)
    assert long_name not in chrome._known  # longer than CHROME_MEMO_CHARS
    assert chrome.category("plain words") is None is table.category("plain words")
    assert chrome._known["plain words"] is None  # a remembered "not chrome"


_h1 = st.lists(_node, max_size=3).map(lambda parts: "<h1>" + "".join(parts) + "</h1>")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(_h1, _node), min_size=2, max_size=6))
def test_headline_sizes_read_in_one_call_are_the_walked_ones(parts: list[str]) -> None:
    # title_node reads each <h1>'s size with text(strip=True) when none holds another.
    body = LexborHTMLParser("<body>" + "".join(parts)).body
    assert body is not None
    walked = {n.mem_id: size for n, size, _ in _lengths(body, frozenset({"h1"}))}
    for h in body.css("h1"):
        if body.css_first("h1 h1") is None:
            assert len(h.text(deep=True, strip=True)) == walked[h.mem_id]


SPACED = ["", " ", "\n\t  ", "\r\n", "\x0c", "\xa0", " \u2003 ", "\u200b", "\u0301", "a\u0301"]
SPACED += ["&amp;amp;", "&amp;", "&am", "p;", "x", "Một câu. ", "<br>", "<!-- c -->", "\x0b"]
_spaced_node = st.recursive(st.sampled_from(SPACED), _element, max_leaves=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(_spaced_node, min_size=1, max_size=5).map("".join))
def test_outside_text_without_blank_nodes_normalises_alike(html: str) -> None:
    # add_outside reads a subtree with skip_empty=True: text nodes of ASCII white space
    # alone are left out in C.
    body = LexborHTMLParser("<body>" + html).body
    assert body is not None
    for node in [body, *body.css("*")]:
        plain = normalize_line(node.text(deep=True, separator=" "))
        assert normalize_line(node.text(deep=True, separator=" ", skip_empty=True)) == plain


# The declared-metadata query asked of head and body apart: elements and attributes that
# each selector does or does not match, in the head, the body, on <html> or a frameset.
_DECLARED_ATTRS = [
    "", "itemprop=author", "itemprop=Author", "itemprop=datePublished", "itemprop=name",
    "itemprop", 'itemprop=" author"', "rel=author", "rel=AUTHOR", "rel=nofollow",
    'type="application/ld+json"', "type=APPLICATION/LD+JSON", "property=og:title",
    "rel=canonical", "itemprop=url rel=author",
]  # fmt: skip
_DECLARED_TAGS = ["meta", "title", "link", "script", "time", "span", "a", "div", "svg"]
_declared_element = st.builds(
    lambda tag, attrs, inner: f"<{tag} {' '.join(attrs)}>{inner}</{tag}>",
    st.sampled_from(_DECLARED_TAGS),
    st.lists(st.sampled_from(_DECLARED_ATTRS), max_size=2),
    st.sampled_from(["", "x", "<time>1</time>", "<span itemprop=author>a</span>"]),
)
declared_pages = st.builds(
    lambda html_attrs, head, body, tail: (
        f"<html {html_attrs}><head>{''.join(head)}</head><body>{''.join(body)}</body>{tail}"
    ),
    st.sampled_from(["", "lang=vi", "itemprop=author", "rel=author", "itemprop=x"]),
    st.lists(_declared_element, max_size=4),
    st.lists(_declared_element, max_size=5),
    st.sampled_from(["", "</html>", "<frameset></frameset>", "<p itemprop=author>x</p>"]),
)


def _declared_fixture_pages() -> list[str]:
    root = Path(__file__).parent.parent / "fixtures"
    return [p.read_text("utf-8", errors="replace") for p in sorted(root.glob("*/*.html"))]


@given(declared_pages)
@example('<html><frameset><time itemprop="x">1</time></frameset></html>')
@example("<math></frameset><div itemprop=author><frameset>")  # tree.body: a body left out
@example("<body><meta itemprop=name><script itemprop=x type=application/ld+json></script>")
@example("<body><a itemprop=url rel=Author>x</a><time itemprop=x>1</time>")
def test_declared_nodes_are_the_one_query_s(html: str) -> None:
    tree = LexborHTMLParser(html)
    mine = [n.mem_id for n in declared_nodes(tree)]
    assert mine == [n.mem_id for n in tree.css(DECLARED_SELECTOR)]


def test_declared_nodes_of_the_fixture_pages_are_the_one_query_s() -> None:
    pages = _declared_fixture_pages()
    assert len(pages) > 30
    for html in pages:
        tree = LexborHTMLParser(html)
        mine = [n.mem_id for n in declared_nodes(tree)]
        assert mine == [n.mem_id for n in tree.css(DECLARED_SELECTOR)]


# The tag table (html_tags.tag_table): a node's flags from Lexbor's tag id, where the id is
# one the table knows, are its flags by name; made-up names are read by name.
WALK_TAGS = [
    "div", "p", "li", "a", "span", "h1", "h2", "td", "aside", "nav", "section", "main",
    "figure", "form", "b", "strong", "i", "em", "u", "font", "my-widget", "x", "P", "Strong",
    "ul", "tr", "Div",
]  # fmt: skip
WALK_ATTRS = [
    "", 'class="content"', 'class="comments"', 'id="related"', 'class="menu" id="m"',
    'style="display: none"', 'style="font-style:italic"', "hidden", 'aria-hidden="true"',
]  # fmt: skip
WALK_TEXTS = [
    "", " ", "\n  ", "\xa0", "x", "Short text.", "A sentence of some length. " * 4,
    "<br>", "<img src=a.png>", "<!-- c -->", "<?pi x?>", "Một câu. ", "\r\n\x0c\t",
    "<script>s</script>",  # stripped below, as parse_page does: two texts side by side
]  # fmt: skip
walk_pages = markup_pages(WALK_TAGS, WALK_ATTRS, WALK_TEXTS, max_leaves=40, max_parts=5)


@settings(max_examples=200, deadline=None)
@given(walk_pages, walk_pages)
def test_tag_flags_from_ids_are_the_flags_by_name(html: str, other: str) -> None:
    table = tag_table()
    for name in BLOCK_TAGS | BOLD_TAGS | ITALIC_TAGS | UNIT_TAGS | TEXT_BLOCKS | {"a", "br"}:
        assert name in {known for _, known in table.values()}  # answered without the name
    one, two = LexborHTMLParser(html), LexborHTMLParser(other)  # two documents alive at once
    for tree in (one, two):
        assert tree.root is not None
        for node in tree.root.traverse(include_text=True):
            name = node.tag or ""
            role = table.get(node.tag_id)
            assert role is None or role == (name_flags(name), name)


def _walks_alike(html: str, data: st.DataObject) -> None:
    body, args = walk_args(LexborHTMLParser(html), data, most=2, vary_container=False)
    assert _walk(body, **args) == plain_walk(body, **args)


@settings(max_examples=300, deadline=None)
@given(walk_pages, st.data())
def test_the_walk_gives_the_plain_walk_s_segments(html: str, data: st.DataObject) -> None:
    _walks_alike(html, data)


def test_block_holders_are_blocks() -> None:
    # The walk reads a holder's children without their blank text: a blank text after its
    # last child is dropped unread, which only leaving a block (it ends the line) allows.
    assert BLOCK_HOLDERS <= BLOCK_TAGS
    assert all(name_flags(name) & HOLDER for name in BLOCK_HOLDERS)


def test_the_walk_gives_the_plain_walk_s_segments_on_every_fixture_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pages = _declared_fixture_pages()
    cleaner = Cleaner()
    fast = [cleaner.clean(html, kind="html").to_dict(blocks=True) for html in pages]
    monkeypatch.setattr(segment_html, "_walk", plain_walk)
    assert fast == [cleaner.clean(html, kind="html").to_dict(blocks=True) for html in pages]
