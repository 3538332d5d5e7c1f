"""Guessing the article container of a page no rule file knows.

Every text unit (``p``, ``li``, ``pre``, ``td``, a heading…) is measured once: its own
characters (not those of units nested in it) and its own link characters. A unit with at
least ``min_paragraph_chars`` of text outside links is *prose*. Each element then holds the
prose of its subtree (``prose``) and all its text (``text``); what is not prose is *junk*:
menus, link lists, labels, a sidebar's teasers. The container is the element with the best
``prose - junk_weight * junk``: going up from one paragraph's parent to the element that
holds every section of a long article adds prose faster than junk; going further up to the
page wrapper adds menus, sidebars and footers, which are junk.

Class names are evidence, not verdicts: prose under an element whose class/id is a chrome
token (``comments``, ``related``) or whose tag is never an article (``nav``, ``aside``,
``footer``) does not count for the elements above it, so a comment thread cannot pull the
container up to the page wrapper. Inside the chosen container, a chrome-classed element
that is dense prose (``chrome_overrule_prose`` of its text, few links) is not dropped as
chrome: a page builder's ``elementor-widget`` or HubSpot's ``widget-span`` around the
article's own paragraphs.

Every candidate's figures are kept (``ContainerGuess.candidates``) so ``--explain`` can
say why the container was chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborNode

from .html_tags import LINK, SKIP, TEXT, TEXT_BLOCK, UNIT, UNIT_TAGS, name_flags, tag_table
from .locate import children, class_and_id
from .model import ContainerCandidate as Candidate
from .taxonomy import ChromeTable
from .thresholds import Thresholds

NOT_CONTAINERS = frozenset({"figure", "figcaption", "nav", "aside", "footer", "blockquote"})
"""Elements that never are the article container, however much prose they hold: dantri's
photo stories write long <p> inside <figcaption>, which elected the caption."""
CHROME_TAGS = frozenset({"nav", "aside", "footer", "form"})
"""Their prose does not count for the elements above them."""
PROSE_BARRIER_CATEGORIES = frozenset(
    {"comments", "related", "footer", "menu", "newsletter", "promo"}
)
"""Chrome categories whose prose does not count for the elements above them (comment
threads, teaser lists and calls to action are prose-like but never the article)."""
NEVER_HOLD_CONTAINER = frozenset({"comments"})
"""Chrome categories no article container stands inside. Related, newsletter and promo
classes do wrap whole articles (a newsletter's archived issue, a promoted post)."""
SHARE_OVERRULED_CATEGORIES = frozenset({"byline"})
"""Chrome categories whose class is outweighed only by a large share of the container's
prose: an author box is dense prose too, and WordPress writes ``status-publish`` on the
article element itself."""
PAGE_TAGS = frozenset({"html", "body"})
MAX_CANDIDATES_SHOWN = 8


@dataclass(frozen=True, slots=True)
class ContainerGuess:
    nodes: tuple[LexborNode, ...]
    """The container and the siblings that joined it, in page order (empty: none found)."""
    candidates: tuple[Candidate, ...]
    """The chosen candidate first, then the best-scoring others."""
    overruled: frozenset[int]
    """``mem_id`` of chrome-classed elements inside the container that are dense prose."""


def describe(node: LexborNode, levels: int = 3) -> str:
    """``tag.class#id`` of a node and its ancestors, innermost last (for explaining)."""
    parts: list[str] = []
    current: LexborNode | None = node
    while current is not None and len(parts) < levels and current.tag not in PAGE_TAGS:
        attrs = current.attributes
        name = current.tag or ""
        if attrs.get("class"):
            name += "." + ".".join((attrs.get("class") or "").split()[:2])
        if attrs.get("id"):
            name += "#" + (attrs.get("id") or "")
        parts.append(name)
        current = current.parent
    return ">".join(reversed(parts))


class _Tree:
    """Prose, text and link characters of every element, from one iterative walk.

    Leaving an element adds its figures into its parent's, so nested elements cost no more
    than flat ones (2,000 nested ``<blockquote>`` must not each read their subtree) and
    depth cannot exhaust the stack. A unit's (or text block's) own text is its text minus
    the units and text blocks nested in it (a ``<p>`` inside an ``<li>``); prose goes up to
    every ancestor, but not past a barrier.
    """

    def __init__(self, root: LexborNode, chrome: ChromeTable, t: Thresholds) -> None:
        self.nodes: dict[int, LexborNode] = {}
        self.parent: dict[int, int | None] = {}
        self.prose: dict[int, int] = {}
        self.text: dict[int, int] = {}
        self.links: dict[int, int] = {}
        self.paragraphs: set[int] = set()
        """Text blocks whose prose is all their own loose text: paragraphs, not containers."""
        self.barrier: dict[int, bool] = {}
        self.categories: dict[int, str] = {}
        self.chrome = chrome
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
                    if prose and not self.is_barrier(node):
                        up[8] += prose
                if prose:  # (the root too: paragraphs right under <body>)
                    mem = node.mem_id
                    self.nodes[mem] = node
                    self.parent[mem] = up[1].mem_id if up is not None else None
                    self.prose[mem], self.text[mem], self.links[mem] = prose, text, links
                frame = up

    def is_barrier(self, node: LexborNode) -> bool:
        mem = node.mem_id
        if mem not in self.barrier:
            tag = node.tag or ""
            category = ""
            if tag not in PAGE_TAGS and tag != "main":
                category = self.category(node)
            self.barrier[mem] = tag in CHROME_TAGS or category in PROSE_BARRIER_CATEGORIES
        return self.barrier[mem]

    def category(self, node: LexborNode) -> str:
        """The chrome category of a node's class/id (``""`` when it names none); asked
        once per element (the barrier test and the overruling both read it)."""
        mem = node.mem_id
        known = self.categories.get(mem)
        if known is None:
            named = class_and_id(node)
            found = self.chrome.category(named) if named else None
            known = self.categories[mem] = found.category if found is not None else ""
        return known


def guess(root: LexborNode, chrome: ChromeTable, t: Thresholds) -> ContainerGuess:
    """The element with the best prose-against-junk score, with the siblings that hold
    at least ``t.sibling_share`` of its prose and little junk."""
    tree = _Tree(root, chrome, t)
    if not tree.prose:
        return ContainerGuess((), (), frozenset())
    top = max(tree.prose.values())
    floor = top * t.container_min_prose_share
    scored: list[tuple[float, int, LexborNode, int]] = []
    for mem, prose in tree.prose.items():
        node = tree.nodes[mem]
        if prose < floor or node.tag in NOT_CONTAINERS or node.tag == "html":
            continue
        if node.tag in UNIT_TAGS or mem in tree.paragraphs:
            continue  # one paragraph is not a container
        if _under_chrome_tag(node) or _under_barrier(node, tree):
            continue
        text = tree.text[mem]
        score = prose - t.junk_weight * max(text - prose, 0)
        scored.append((score, text, node, prose))
    if not scored:
        return ContainerGuess((), (), frozenset())
    scored.sort(key=lambda s: -s[0])
    best = _narrowed(scored[0][2], tree, t)
    best_prose, best_text = tree.prose[best.mem_id], tree.text[best.mem_id]
    best_score = best_prose - t.junk_weight * max(best_text - best_prose, 0)
    nodes = _with_siblings(best, best_prose, tree, t)
    others = [s for s in scored if s[2].mem_id != best.mem_id][: MAX_CANDIDATES_SHOWN - 1]
    candidates = (
        Candidate(describe(best), best_prose, best_text, round(best_score, 1), chosen=True),
        *(Candidate(describe(n), p, text, round(s, 1)) for s, text, n, p in others),
    )
    overruled = _overruled(nodes, tree, t)
    return ContainerGuess(tuple(nodes), candidates, overruled)


def _narrowed(best: LexborNode, tree: _Tree, t: Thresholds) -> LexborNode:
    """Go down from the best-scoring element while one child element still holds at least
    ``t.container_child_share`` of the best's prose: the article's own element inside a
    wrapper that adds an author box, a call to action or a teaser list below it (prose
    too, so the wrapper scores higher)."""
    kids: dict[int, list[int]] = {}
    for mem, parent in tree.parent.items():
        if parent is not None:
            kids.setdefault(parent, []).append(mem)
    floor = t.container_child_share * tree.prose[best.mem_id]
    while True:
        inner = [
            mem
            for mem in kids.get(best.mem_id, ())
            if tree.nodes[mem].tag not in NOT_CONTAINERS
            and tree.nodes[mem].tag not in UNIT_TAGS
            and mem not in tree.paragraphs
            and not tree.is_barrier(tree.nodes[mem])
        ]
        top = max(inner, key=lambda mem: tree.prose[mem], default=None)
        if top is None or tree.prose[top] < floor:
            return best
        best = tree.nodes[top]


def _with_siblings(
    best: LexborNode, best_prose: int, tree: _Tree, t: Thresholds
) -> list[LexborNode]:
    """The container and its siblings that hold prose too (an article split around an ad
    slot, dantri's #divfirst/#divend), unless they are chrome."""
    parent = best.parent
    if parent is None or parent.tag in PAGE_TAGS:
        return [best]
    floor = best_prose * t.sibling_share
    return [
        child
        for child in children(parent)
        if child.mem_id == best.mem_id
        or (
            tree.prose.get(child.mem_id, 0) >= floor
            and child.tag not in NOT_CONTAINERS
            and not tree.is_barrier(child)
            and not tree.category(child)
        )
    ]


def _overruled(nodes: list[LexborNode], tree: _Tree, t: Thresholds) -> frozenset[int]:
    """Chrome-classed elements inside the container whose text is mostly prose with few
    links: the class is outweighed by what the element holds. A byline-classed element
    must also hold ``t.byline_overrule_share`` of the container's prose (an author box
    is dense prose but small)."""
    inside: set[int] = set()
    for container in nodes:
        inside.add(container.mem_id)
    out: set[int] = set()
    total = sum(tree.prose.get(n.mem_id, 0) for n in nodes)
    for mem, prose in tree.prose.items():
        node = tree.nodes[mem]
        if prose < t.min_paragraph_chars * 2 or node.tag in CHROME_TAGS:
            continue
        category = tree.category(node)
        if not category or tree.is_barrier(node):
            continue
        if category in SHARE_OVERRULED_CATEGORIES and prose < t.byline_overrule_share * total:
            continue
        if not _below(mem, inside, tree):
            continue
        text = tree.text[mem]
        links = tree.links[mem]
        if prose >= t.chrome_overrule_prose * text and links <= t.chrome_overrule_links * text:
            out.add(mem)
    return frozenset(out)


def _under_chrome_tag(node: LexborNode) -> bool:
    """Inside a ``nav``, ``aside``, ``footer`` or ``form``: never the article's container
    (a footer's testimonials or a form's ebook blurb can outweigh a short article)."""
    current = node.parent
    while current is not None:
        if current.tag in CHROME_TAGS:
            return True
        current = current.parent
    return False


def _under_barrier(node: LexborNode, tree: _Tree) -> bool:
    """Inside a comment thread (by its class): never the article's container (one long
    comment outscored its post, whose thread's text counted as junk)."""
    current = node.parent
    while current is not None and current.tag not in PAGE_TAGS:
        if tree.category(current) in NEVER_HOLD_CONTAINER:
            return True
        current = current.parent
    return False


def _below(mem: int, ancestors: set[int], tree: _Tree) -> bool:
    current: int | None = mem
    while current is not None:
        if current in ancestors:
            return True
        current = tree.parent.get(current)
    return False
