"""The container guess's figures: prose, text and link characters of every element, read
in one walk over the page (``container.py`` says what they are for).

Two walks give the same figures: :class:`PythonTree`, the reference (over selectolax's
nodes), and :class:`NativeTree`, its compiled twin (``cleaner/_cdom_tree.c``, over the same
Lexbor tree through ``native.dom``), used where ``native.DOM_ENABLED``
(``tests/test_cdom_tree.py`` holds the two together). Both key everything by ``mem_id``,
and answer what the guess's last steps ask of a node (its parent, tag, class and id, the
chrome tests): the reference from selectolax's nodes, the twin from the figures it
recorded and, for the few other nodes the guess reaches, one C call each. Only the
container and its siblings are made into ``LexborNode`` objects (:meth:`Tree.node`).
"""

from __future__ import annotations

from array import array
from functools import cache
from typing import Any

from selectolax.lexbor import LexborNode

from . import native
from .html_tags import LINK, SKIP, TEXT, TEXT_BLOCK, UNIT, name_flags, tag_table
from .locate import children, class_and_id
from .taxonomy import ChromeTable
from .thresholds import Thresholds

CHROME_TAGS = frozenset({"nav", "aside", "footer", "form"})
"""Their prose does not count for the elements above them."""
PROSE_BARRIER_CATEGORIES = frozenset(
    {"comments", "related", "footer", "menu", "newsletter", "promo"}
)
"""Chrome categories whose prose does not count for the elements above them (comment
threads, teaser lists and calls to action are prose-like but never the article)."""
PAGE_TAGS = frozenset({"html", "body"})

CHROME_TAG, PAGE_TAG, MAIN_TAG, KNOWN = (1 << bit for bit in range(12, 16))
"""Bits the C's roles carry beside ``html_tags``' twelve flags: the tag's name is in
``CHROME_TAGS``, in ``PAGE_TAGS``, is ``main``; the id is in the table."""

Element = tuple[int | None, str | None, str | None, str | None]
"""A node's parent ``mem_id``, tag, class and id, as ``LexborNode.parent``, ``.tag`` and
``.attributes.get("class"/"id")`` give them."""


def role_of(name: str) -> int:
    """The role the C reads for a tag name: ``name_flags`` and the bits above."""
    return (
        name_flags(name)
        | (CHROME_TAG if name in CHROME_TAGS else 0)
        | (PAGE_TAG if name in PAGE_TAGS else 0)
        | (MAIN_TAG if name == "main" else 0)
        | KNOWN
    )


@cache
def native_table() -> tuple[bytes, tuple[str | None, ...], Any, int, tuple[int, ...]]:
    """``html_tags.tag_table()`` as the C reads it: 16-bit roles by tag id (0: not in the
    table), the names, :func:`role_of` for other names, the text node's id, and the masks
    (``_cdom_tree.c`` lists their order)."""
    table = tag_table()
    size = max(table) + 1
    roles = array("H", [0]) * size
    names: list[str | None] = [None] * size
    text_id = -1
    for tag_id, (flags, name) in table.items():
        roles[tag_id] = role_of(name)
        assert roles[tag_id] & ((1 << 12) - 1) == flags  # (the table's own flags)
        names[tag_id] = name
        if flags & TEXT:
            text_id = tag_id
    masks = (TEXT, SKIP, LINK, UNIT, TEXT_BLOCK, CHROME_TAG, PAGE_TAG, MAIN_TAG, KNOWN)
    return roles.tobytes(), tuple(names), role_of, text_id, masks


class Tree:
    """Figures by ``mem_id`` of each element that holds prose, in the order elements are
    left (post-order: candidates tie on their score), and the tests the guess makes."""

    def __init__(self, chrome: ChromeTable) -> None:
        self.prose: dict[int, int] = {}
        self.text: dict[int, int] = {}
        self.links: dict[int, int] = {}
        self.parent: dict[int, int | None] = {}
        """The element each was read under (``None``: the walk's root)."""
        self.tag: dict[int, str | None] = {}
        self.paragraphs: set[int] = set()
        """Text blocks whose prose is all their own loose text: paragraphs, not containers."""
        self.barrier: dict[int, bool] = {}
        self.categories: dict[int, str] = {}
        self.chromed: dict[int, bool] = {}
        """Whether a node is a chrome tag or inside one (``under_chrome_tag``)."""
        self.chrome = chrome

    # What a node is: read from selectolax's nodes or through the C.
    def element(self, mem: int) -> Element:
        raise NotImplementedError

    def node(self, mem: int) -> LexborNode:
        raise NotImplementedError

    def child_ids(self, mem: int) -> list[int]:
        raise NotImplementedError

    def up(self, mem: int) -> int | None:
        """The node's parent (past the walk's root too)."""
        parent = self.parent.get(mem)
        return parent if parent is not None else self.element(mem)[0]

    def tag_of(self, mem: int) -> str | None:
        return self.tag[mem] if mem in self.tag else self.element(mem)[1]

    def named(self, mem: int) -> str:
        """``locate.class_and_id`` of the node."""
        _, _, cls, ident = self.element(mem)
        return f"{cls} {ident}" if cls and ident else cls or ident or ""

    def is_barrier(self, mem: int) -> bool:
        """Prose under it does not count for the elements above: a chrome tag, or a
        class/id of a barrier category (not asked of ``html``, ``body`` and ``main``)."""
        known = self.barrier.get(mem)
        if known is None:
            tag = self.tag_of(mem) or ""
            category = ""
            if tag not in PAGE_TAGS and tag != "main":
                category = self.category(mem)
            known = self.barrier[mem] = tag in CHROME_TAGS or category in PROSE_BARRIER_CATEGORIES
        return known

    def category(self, mem: int) -> str:
        """The chrome category of a node's class/id (``""`` when it names none); asked
        once per element (the barrier test and the overruling both read it)."""
        known = self.categories.get(mem)
        if known is None:
            named = self.named(mem)
            found = self.chrome.category(named) if named else None
            known = self.categories[mem] = found.category if found is not None else ""
        return known

    def under_chrome_tag(self, mem: int) -> bool:
        """Inside a ``nav``, ``aside``, ``footer`` or ``form``. Each ancestor's answer is
        kept (``chromed``), so a page's candidates cost one walk up in all, not one each:
        4,900 nested candidates took 18 s where the walk is the Python twin."""
        path: list[int] = []
        current, found = self.up(mem), False
        while current is not None:
            known = self.chromed.get(current)
            if known is not None:
                found = known
                break
            if self.tag_of(current) in CHROME_TAGS:
                found = self.chromed[current] = True
                break
            path.append(current)
            current = self.up(current)
        for node in path:
            self.chromed[node] = found
        return found


class PythonTree(Tree):
    """The figures from a walk over selectolax's nodes: the reference.

    Leaving an element adds its figures into its parent's, so nested elements cost no more
    than flat ones (2,000 nested ``<blockquote>`` must not each read their subtree) and
    depth cannot exhaust the stack. A unit's (or text block's) own text is its text minus
    the units and text blocks nested in it (a ``<p>`` inside an ``<li>``); prose goes up to
    every ancestor, but not past a barrier.
    """

    def __init__(self, root: LexborNode, chrome: ChromeTable, t: Thresholds) -> None:
        super().__init__(chrome)
        self.nodes: dict[int, LexborNode] = {root.mem_id: root}
        minimum, loose_minimum = t.min_paragraph_chars, t.text_block_min_chars
        # One depth-first walk over Lexbor's child iterators (text nodes of ASCII white
        # space alone, half of a page's nodes, add nothing and are skipped in C). A frame is
        # the element being read and its figures so far: [children left to read, element,
        # parent's frame, kind (UNIT / TEXT_BLOCK), text, links, unit text, unit links,
        # prose]. When its children are all read, the element's figures are final: they
        # are added into the parent's, and an element holding prose is recorded, so the
        # records come in the order elements are left (post-order), as candidates tie on
        # their score. The parent is the frame below; no node is asked for its parent.
        roles = tag_table()  # tag_id -> (flags, name): most nodes' name is never made
        frame: list[Any] | None = [
            root.iter(include_text=True, skip_empty=True), root, None, 0, 0, 0, 0, 0, 0
        ]  # fmt: skip
        while frame is not None:
            for node in frame[0]:
                role = roles.get(node.tag_id)
                flags = name_flags(node.tag or "") if role is None else role[0]
                if flags & TEXT:
                    content = node.text_content
                    if content:
                        frame[4] += len(content.strip())
                    continue
                if flags & LINK:  # an <a>: its whole subtree is link text, and no prose
                    # Everything inside a link is link text, so no element in it has text of
                    # its own outside links (its units' own text is 0): a link adds its text
                    # to its parent's text and links, and equal amounts to unit text and unit
                    # links, which cancel in every own text above; it records nothing. Its
                    # text in one C walk: each text node stripped, as below, and joined.
                    length = len(node.text(strip=True))
                    frame[4] += length
                    frame[5] += length
                    continue
                if not flags & SKIP:  # not a comment: read its children first
                    frame = [
                        node.iter(include_text=True, skip_empty=True), node, frame,
                        flags & (UNIT | TEXT_BLOCK), 0, 0, 0, 0, 0,
                    ]  # fmt: skip
                    break
            else:  # every child read: the element is left
                _, node, up, kind, text, links, unit_text, unit_links, prose = frame
                if up is not None and text:  # (no text in its subtree: nothing to add)
                    if kind:  # a unit or a text block: its own text may be prose
                        own = (text - unit_text) - (links - unit_links)
                        if own >= (minimum if kind & UNIT else loose_minimum):
                            if not prose and kind & TEXT_BLOCK:  # its own text: a paragraph
                                self.paragraphs.add(node.mem_id)
                            prose += own
                        unit_text, unit_links = text, links
                    up[4] += text
                    up[5] += links
                    up[6] += unit_text
                    up[7] += unit_links
                    if prose:
                        self.nodes[node.mem_id] = node
                        if not self.is_barrier(node.mem_id):
                            up[8] += prose
                if prose:  # (the root too: paragraphs right under <body>)
                    mem = node.mem_id
                    self.nodes[mem] = node
                    self.parent[mem] = up[1].mem_id if up is not None else None
                    self.tag[mem] = node.tag
                    self.prose[mem], self.text[mem], self.links[mem] = prose, text, links
                frame = up

    def element(self, mem: int) -> Element:
        node = self.nodes[mem]
        attrs = node.attributes
        return self.up(mem), node.tag, attrs.get("class"), attrs.get("id")

    def up(self, mem: int) -> int | None:
        parent = self.nodes[mem].parent
        if parent is None:
            return None
        self.nodes.setdefault(parent.mem_id, parent)
        return parent.mem_id

    def node(self, mem: int) -> LexborNode:
        return self.nodes[mem]

    def child_ids(self, mem: int) -> list[int]:
        found = children(self.nodes[mem])
        for child in found:
            self.nodes.setdefault(child.mem_id, child)
        return [child.mem_id for child in found]

    def tag_of(self, mem: int) -> str | None:
        return self.nodes[mem].tag

    def named(self, mem: int) -> str:
        return class_and_id(self.nodes[mem])


class NativeTree(Tree):
    """The figures from the compiled walk (``_cdom_tree.c``), the same as
    :class:`PythonTree`'s; it also records which elements are under a chrome tag."""

    def __init__(self, root: LexborNode, chrome: ChromeTable, t: Thresholds) -> None:
        super().__init__(chrome)
        dom = native.dom
        assert dom is not None
        self.dom = dom
        self.root = root
        figures = dom.tree(
            root.mem_id,
            native_table(),
            chrome.category,
            PROSE_BARRIER_CATEGORIES,
            t.min_paragraph_chars,
            t.text_block_min_chars,
        )
        self.prose, self.text, self.links, self.parent, self.tag = figures[:5]
        paragraphs, under, self.barrier, self.categories = figures[5:]
        self.paragraphs = set(paragraphs)
        self.under = frozenset(under)
        self.elements: dict[int, Element] = {}

    def element(self, mem: int) -> Element:
        known = self.elements.get(mem)
        if known is None:
            known = self.elements[mem] = self.dom.element(mem)
        return known

    def node(self, mem: int) -> LexborNode:
        steps = self.dom.path(self.root.mem_id, mem)
        found: LexborNode | None = self.root
        if steps is None:  # above the root: its ancestors
            while found is not None and found.mem_id != mem:
                found = found.parent
        for index in steps or ():
            assert found is not None
            found = found.child
            for _ in range(index):
                assert found is not None
                found = found.next
        assert found is not None and found.mem_id == mem
        return found

    def child_ids(self, mem: int) -> list[int]:
        return [child for child, _, _ in self.dom.children(mem, True, False)]

    def under_chrome_tag(self, mem: int) -> bool:
        return mem in self.under if mem in self.prose else super().under_chrome_tag(mem)


def tree(root: LexborNode, chrome: ChromeTable, t: Thresholds) -> Tree:
    """The figures of the page under ``root``, from the C where it is in use."""
    if native.DOM_ENABLED:
        return NativeTree(root, chrome, t)
    return PythonTree(root, chrome, t)
