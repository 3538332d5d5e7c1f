"""Finding the article in a parsed page: its container, its headline element, and the
nodes a source's CSS selectors name."""

from __future__ import annotations

import logging
from collections import defaultdict

import regex
from selectolax.lexbor import LexborNode

from .rulebook import ChromeTable
from .rules import RuleFile
from .thresholds import Thresholds

log = logging.getLogger(__name__)

CONTAINER_EVIDENCE = "p, h2, h3, blockquote"
"""Elements whose text votes for their parent as the article container."""
NOT_CONTAINERS = ("figure", "figcaption", "nav", "aside", "footer", "blockquote")
"""Elements that never are the article container, however much text their paragraphs
hold: dantri's photo stories write long <p> inside <figcaption>, which elected the caption."""
_WORDS = regex.compile(r"\w+")


def class_and_id(node: LexborNode) -> str:
    """An element's class and id attributes, as one string of tokens."""
    attrs = node.attributes
    return " ".join(v for k in ("class", "id") if (v := attrs.get(k)))


def select_all(root: LexborNode, selectors: tuple[str, ...]) -> list[LexborNode]:
    """All nodes matching the first selector that matches anything."""
    for selector in selectors:
        try:
            nodes = root.css(selector)
        except Exception as exc:  # selectolax raises its own errors for bad selectors
            log.warning("bad CSS selector %r: %s", selector, exc)
            continue
        if nodes:
            return list(nodes)
    return []


def guess_container(root: LexborNode, chrome: ChromeTable, t: Thresholds) -> list[LexborNode]:
    """The element whose paragraphs hold the most non-link text (a paragraph's parent earns
    its text length, links counting against it twice; the grandparent a share of it), with
    those of its siblings that hold at least ``t.sibling_share`` of that: an article split in two
    around an ad slot (dantri's #divfirst/#divend) is one article."""
    totals: dict[int, float] = defaultdict(float)
    nodes: dict[int, LexborNode] = {}
    for p in root.css(CONTAINER_EVIDENCE):
        text_len = len(p.text(deep=True, strip=True))
        link_len = sum(len(a.text(deep=True, strip=True)) for a in p.css("a"))
        value = text_len - 2 * link_len
        parent = p.parent
        if value < t.min_paragraph_chars or parent is None or parent.tag in NOT_CONTAINERS:
            continue
        totals[parent.mem_id] += value
        nodes[parent.mem_id] = parent
        grand = parent.parent
        if grand is not None and grand.tag not in ("body", "html", *NOT_CONTAINERS):
            totals[grand.mem_id] += value * t.paragraph_parent_share
            nodes[grand.mem_id] = grand
    if not totals:
        return []
    best = nodes[max(totals, key=totals.__getitem__)]
    parent = best.parent
    if parent is None:
        return [best]
    floor = totals[best.mem_id] * t.sibling_share
    siblings = []
    child = parent.child
    while child is not None:
        if child.mem_id == best.mem_id or (
            totals.get(child.mem_id, 0.0) >= floor and not chrome.category(class_and_id(child))
        ):
            siblings.append(child)  # a related box beside the article is not the article
        child = child.next
    return siblings


def title_node(
    root: LexborNode, rules: RuleFile | None, page_title: str | None, t: Thresholds
) -> LexborNode | None:
    """The headline element: the source's title selector; else the ``<h1>`` sharing most
    words with ``og:title``/``<title>``; else the page's only ``<h1>``."""
    if rules and rules.html.title:
        found = select_all(root, rules.html.title)
        if found:
            return found[0]
    want = set(_WORDS.findall((page_title or "").lower()))
    headings = [h for h in root.css("h1") if _WORDS.search(h.text(deep=True))]
    best, best_overlap = None, 0.0
    for h in headings:
        got = set(_WORDS.findall(h.text(deep=True).lower()))
        overlap = len(got & want) / len(got) if want else 1.0
        if overlap > best_overlap:
            best, best_overlap = h, overlap
    if best_overlap >= t.title_min_overlap:
        return best
    return headings[0] if len(headings) == 1 else None
