"""What the HTML front end knows about tags: the sets it tests, and a table that answers
them from Lexbor's numeric tag id.

``node.tag`` makes a Python string of the element's name (about 80 ns); ``node.tag_id`` is
a number (about 20 ns). Lexbor gives every name it knows a fixed id, the same in every
document of one build; a name it does not know (``<my-widget>``) gets an id made for that
document. So the walk and the container guess look a node's id up in a table of the fixed
ids of the names below, and read the name only for an id the table lacks; either way the
answer is ``name_flags(name)`` (tests/test_fast_paths_html.py holds the two together).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from selectolax.lexbor import LexborHTMLParser

from . import native

REMOVE_TAGS = (
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "video", "audio", "source", "track", "map", "input", "select", "textarea",
    "button", "option", "head", "link", "meta",
)  # fmt: skip
"""Elements that never hold content: removed with their subtrees before anything is read."""
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
    "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
})  # fmt: skip
"""Elements that end a line before and after them."""
PAGE_WRAPPERS = frozenset({"html", "body", "main"})
"""Blocks that wrap the whole page: never chrome by their class."""
BOLD_TAGS = frozenset({"b", "strong"})
ITALIC_TAGS = frozenset({"i", "em"})
UNITS = "p, pre, blockquote, li, dd, dt, td, th, h1, h2, h3, h4, h5, h6"
"""Elements whose own text the container guess measures."""
UNIT_TAGS = frozenset(u.strip() for u in UNITS.split(","))
TEXT_BLOCKS = frozenset({"div", "section", "article"})
"""Blocks whose own text (outside the units and blocks nested in them) the container guess
measures too, and is prose from ``text_block_min_chars``: pages that write the article as
text and ``<br>`` right inside a ``<div>``, with no ``<p>``."""
BLOCK_HOLDERS = frozenset({
    "article", "aside", "blockquote", "body", "center", "details", "div", "dl", "footer",
    "form", "header", "html", "main", "nav", "ol", "section", "table", "tbody", "tfoot",
    "thead", "tr", "ul",
})  # fmt: skip
"""Blocks whose children are mostly blocks, with blank text between them (over the vi
corpus and 100 WCXB pages: a ``<div>`` 34,500 blank text children, 32,700 blocks, 13,700
texts and inline elements; a ``<ul>`` 9,000, 12,300 and 150). The walk reads their
children without the blank text, and reads a blank text back only before a child where it
can matter (``segment_html._walk``)."""
COMMON_INLINE = frozenset({
    "span", "u", "s", "small", "sup", "sub", "font", "label", "time", "abbr", "cite", "code",
    "mark", "q", "del", "ins", "picture", "wbr", "bdi", "bdo", "data", "kbd", "samp", "var",
    "dfn", "nobr", "big", "tt", "strike", "colgroup", "col", "output", "meter", "progress",
})  # fmt: skip
"""Names in the table only so that their id is answered without reading the name (the
names of the sets above, and ``a``, ``br`` and ``img``, are in it anyway)."""

TEXT, SKIP, BLOCK, LINK, BOLD, ITALIC, BREAK, IMAGE, WRAPPER, UNIT, TEXT_BLOCK, HOLDER = (
    1 << bit for bit in range(12)
)
"""A node's flags: a text node; a node that is neither text nor element (a comment); the
sets above (``LINK``: ``<a>``; ``BREAK``: ``<br>``; ``IMAGE``: ``<img>``; ``HOLDER``:
``BLOCK_HOLDERS``)."""


def name_flags(name: str) -> int:
    """The flags of a node by its name (``node.tag``): the plain definition."""
    if name == "-text":
        return TEXT
    if name.startswith("-") or name == "!--":
        return SKIP
    return (
        (BLOCK if name in BLOCK_TAGS else 0)
        | (LINK if name == "a" else 0)
        | (BOLD if name in BOLD_TAGS else 0)
        | (ITALIC if name in ITALIC_TAGS else 0)
        | (BREAK if name == "br" else 0)
        | (IMAGE if name == "img" else 0)
        | (WRAPPER if name in PAGE_WRAPPERS else 0)
        | (UNIT if name in UNIT_TAGS else 0)
        | (TEXT_BLOCK if name in TEXT_BLOCKS else 0)
        | (HOLDER if name in BLOCK_HOLDERS else 0)
    )


@cache
def tag_table() -> Mapping[int, tuple[int, str]]:
    """``tag_id`` → (flags, name) for every name above whose id is fixed, and for text and
    comment nodes. An id counts as fixed when two documents alive at once give the name
    the same one (a made-up name's id differs between documents)."""
    names = sorted(
        BLOCK_TAGS | BOLD_TAGS | ITALIC_TAGS | PAGE_WRAPPERS | UNIT_TAGS | TEXT_BLOCKS
        | COMMON_INLINE | {"a", "br", "img"}
    )  # fmt: skip
    one, two = LexborHTMLParser("x<!--c-->"), LexborHTMLParser("y<!--d-->")
    # The second document makes up a name of its own first, and asks in the other order:
    # were a made-up name's id a per-document counter, the same name would still get
    # different ids in the two, and only fixed ids pass (today's Lexbor makes such ids
    # unique anyway).
    two.create_node("cleaner-made-up")
    second = {name: two.create_node(name).tag_id for name in reversed(names)}
    table: dict[int, tuple[int, str]] = {}
    for name in names:
        tag_id = one.create_node(name).tag_id
        if tag_id == second[name]:
            table[tag_id] = (name_flags(name), name)
    assert one.root is not None and two.root is not None  # (a parsed page has <html>)
    nodes = zip(
        one.root.traverse(include_text=True), two.root.traverse(include_text=True), strict=True
    )
    for a, b in nodes:  # (the same nodes in both: html, head, body, a text, a comment)
        name = a.tag or ""
        if a.tag_id == b.tag_id and name.startswith("-"):
            table[a.tag_id] = (name_flags(name), name)
    return MappingProxyType(table)


def strip_python(tree: LexborHTMLParser) -> None:
    """Take the ``REMOVE_TAGS`` elements, with what they hold, out of a parsed page: the
    reference (selectolax walks the whole page once for each name)."""
    tree.strip_tags(list(REMOVE_TAGS))


@cache
def remove_tag_ids() -> tuple[int, ...]:
    """Lexbor's tag id of each name of ``REMOVE_TAGS``, in order (HTML names: ids fixed in
    a build, as ``tag_table`` checks)."""
    made = LexborHTMLParser("")
    return tuple(made.create_node(name).tag_id or 0 for name in REMOVE_TAGS)


def strip_native(tree: LexborHTMLParser) -> None:
    """``strip_python(tree)`` in one walk in C (``_cdom_strip.c``: the same elements taken
    out in the same order with the same Lexbor function). selectolax also re-reads its
    cached ``<head>`` when it takes the head out: asked to take it out again, it does (and
    counts the tree as edited, as ``strip_tags`` does, for its script-lookup caches; a page
    without a ``<head>`` is not counted, and nothing here reads those caches)."""
    root = tree.root
    if root is None or native.dom is None:
        strip_python(tree)
        return
    head = tree.head
    native.dom.strip(root.mem_id, remove_tag_ids())
    if head is not None and head.parent is None:  # out of the page, still selectolax's head
        head.decompose(recursive=False)


strip_removed = strip_native if native.DOM_ENABLED else strip_python
"""Take out the elements that never hold content (``parse_page``)."""
