"""Finding the article's parts in a parsed page: its headline element, and the nodes a
source's CSS selectors name (the container guess is ``container.py``)."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from selectolax.lexbor import LexborNode

from . import native, units
from .rules import HtmlRules, RuleFile
from .thresholds import Thresholds

if TYPE_CHECKING:
    from . import _cdom

log = logging.getLogger(__name__)

HEADLINE_ELEMENT_MAX_CHARS = 2_000
"""Of several ``<h1>``, one holding more text than this is no headline and is not compared
with the page title (it is still "the only ``<h1>``" when it is)."""
_H1 = frozenset({"h1"})


def class_and_id(node: LexborNode) -> str:
    """An element's class and id attributes, as one string of tokens."""
    return named_in(node.attributes)


def named_in(attrs: dict[str, str | None]) -> str:
    """The class and id in an element's attributes (fetched once), as one string (the
    non-empty ones, class first). Written out: the walk asks this of every block."""
    cls, ident = attrs.get("class"), attrs.get("id")
    if cls and ident:
        return f"{cls} {ident}"
    return cls or ident or ""


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


def site_ids(
    root: LexborNode, html: HtmlRules
) -> tuple[list[int], list[int], list[tuple[int, str]], int | None] | None:
    """The ``mem_id`` of the nodes a source's ``[html]`` selectors name under ``root``, as
    the Python gives them: ``select_all(root, html.body)``; each ``keep`` selector's nodes,
    in turn; each ``strip`` selector's nodes with that selector; the first node of
    ``select_all(root, html.title)``, or None. Compiled (``_cdom`` selectors parsed once,
    :func:`parsed`; the first body and title selectors, keep and strip matched in one
    walk, the other body and title selectors only where those before found nothing); a
    selector that does not parse is logged as :func:`select_all` logs it, where it would
    have been tried. None where a selector is not UTF-8 (a lone surrogate: TOML cannot
    write one), whose error selectolax words otherwise."""
    body, title = html.body[:1], html.title[:1]
    joined = parsed((*body, *title, *html.keep, *html.strip))
    other_body, other_title = parsed(html.body[1:]), parsed(html.title[1:])
    if joined is None or other_body is None or other_title is None:
        return None
    found = joined.find_all(root.mem_id)
    containers = _first_found(html.body, found[: len(body)], other_body, root.mem_id)
    keep: list[int] = []
    strip: list[tuple[int, str]] = []
    at = len(body) + len(title)
    for index, (selector, ids) in enumerate(
        zip((*html.keep, *html.strip), found[at:], strict=True)
    ):
        if ids is None:
            log.warning("bad CSS selector %r: %s", selector, BAD_SELECTOR)
        elif index < len(html.keep):
            keep.extend(ids)
        else:
            strip.extend((i, selector) for i in ids)
    titles = _first_found(html.title, found[len(body) : at], other_title, root.mem_id)
    return containers, keep, strip, titles[0] if titles else None


def _first_found(
    selectors: tuple[str, ...], first: list[list[int] | None], others: _cdom.Selectors, root: int
) -> list[int]:
    """:func:`select_all`'s nodes (``mem_id``): ``first`` is what the first selector found
    (if any), ``others`` the other selectors parsed (each searched alone, in turn, as
    :func:`select_all` searches them: joined, they cost more)."""
    for index, selector in enumerate(selectors):
        ids = first[0] if index == 0 else others.find(index - 1, root)
        if ids is None:
            log.warning("bad CSS selector %r: %s", selector, BAD_SELECTOR)
        elif ids:
            return ids
    return []


BAD_SELECTOR = "Can't parse CSS selector."
"""What selectolax says of a selector Lexbor cannot parse."""
PARSED_SELECTOR_TUPLES = 4_096
"""Parsed selector tuples kept (:func:`parsed`; a rule file asks three: its joined
selectors, its other body and its other title selectors). Past it the least recently used
is freed and parsed again when asked."""


@lru_cache(maxsize=PARSED_SELECTOR_TUPLES)
def parsed(selectors: tuple[str, ...]) -> _cdom.Selectors | None:
    """The selectors parsed once by Lexbor (``_cdom.selectors``); None where one is not
    UTF-8."""
    if native.dom is None:
        raise RuntimeError("cleaner._cdom is not in use")
    try:
        return native.dom.selectors(selectors)
    except UnicodeEncodeError:
        return None


def children(node: LexborNode) -> list[LexborNode]:
    """A node's children, in document order."""
    found = []
    child = node.child
    while child is not None:
        found.append(child)
        child = child.next
    return found


def _lengths(root: LexborNode, tags: frozenset[str]) -> list[tuple[LexborNode, int, int]]:
    """Every element named in ``tags`` under ``root``, in document order, with the length
    of its text (each text node stripped) and of the text of the links inside it.

    One walk that adds each subtree's lengths into its parent's, so that nested elements
    (2,000 nested ``<blockquote>`` around 1.8 MB took 6 s when each level read its own
    subtree) cost no more than flat ones. Iterative: depth cannot exhaust the stack."""
    found: list[tuple[int, LexborNode, int, int]] = []
    frames: list[list[Any]] = [[root, 0, 0, 0]]  # node, order, text length, link length
    stack: list[tuple[LexborNode, bool]] = [(c, True) for c in reversed(children(root))]
    order = 0
    while stack:
        node, entering = stack.pop()
        if not entering:
            element, at, text_len, link_len = frames.pop()
            tag = element.tag
            if tag in tags:
                found.append((at, element, text_len, link_len))
            parent = frames[-1]
            parent[2] += text_len
            parent[3] += link_len + (text_len if tag == "a" else 0)
            continue
        tag = node.tag or ""
        if tag == "-text":
            frames[-1][2] += len((node.text_content or "").strip())
            continue
        if tag.startswith("-") or tag == "!--":
            continue
        order += 1
        frames.append([node, order, 0, 0])
        stack.append((node, False))
        stack.extend((c, True) for c in reversed(children(node)))
    found.sort(key=lambda item: item[0])
    return [(element, text_len, link_len) for _, element, text_len, link_len in found]


def title_node(
    root: LexborNode, rules: RuleFile | None, page_title: str | None, t: Thresholds
) -> LexborNode | None:
    """The headline element: the source's title selector; else the ``<h1>`` sharing most
    words with ``og:title``/``<title>``; else the page's only ``<h1>``."""
    if rules and rules.html.title:
        found = select_all(root, rules.html.title)
        if found:
            return found[0]
    return heading(root, page_title, t)


def heading(root: LexborNode, page_title: str | None, t: Thresholds) -> LexborNode | None:
    """:func:`title_node` where the source names no headline (or its selectors find none)."""
    # Units, not \w+ runs: a Chinese or Japanese title is one "word" that one differing
    # character (a full-width space, a photo credit) would make unequal.
    want = units.unit_set((page_title or "").lower())
    h1s = list(root.css("h1"))
    # Several <h1>: their sizes first. Nested <h1><div><h1>… around a long text made
    # every level read (and split into words) the whole text: 500 levels, 80 s; nested,
    # they are measured in one walk. Side by side (the usual case: a logo and the
    # headline) their subtrees are apart, so each is read in one C call (the walk cost
    # 2-3 ms on such a page). Each text node stripped, as the walk counts.
    sizes: dict[int, int] = {}
    if len(h1s) > 1 and root.css_first("h1 h1") is None:
        sizes = {h.mem_id: len(h.text(deep=True, strip=True)) for h in h1s}
    elif len(h1s) > 1:
        sizes = {n.mem_id: size for n, size, _ in _lengths(root, _H1)}
    headings: list[tuple[LexborNode, str | None]] = []
    for h in h1s:
        if sizes.get(h.mem_id, 0) > HEADLINE_ELEMENT_MAX_CHARS:
            headings.append((h, None))
            continue
        heading_text = h.text(deep=True)
        if units.WORD.search(heading_text):
            headings.append((h, heading_text))
    best, best_overlap, best_shared = None, 0.0, 0
    for h, words_of in headings:
        shared = 0
        if words_of is None:  # too long to be a headline: never matches the page title
            overlap = 0.0 if want else 1.0
        else:
            got = units.unit_set(words_of.lower())
            shared = len(got & want)
            overlap = shared / len(got) if want else 1.0
        # Equal shares: the one sharing more of the title (a logo <h1> naming the site
        # matches the title's suffix as fully as the headline matches its start).
        if (overlap, shared) > (best_overlap, best_shared):
            best, best_overlap, best_shared = h, overlap, shared
    if best_overlap >= t.title_min_overlap:
        return best
    return headings[0][0] if len(headings) == 1 else None
