"""HTML front end: a page becomes innerText-like line segments carrying DOM features.

Steps: parse with selectolax (Lexbor); remove elements that never hold content; find the
article container (the source's ``[html] body`` selectors, else the element holding most
paragraph text); walk the DOM once, iteratively, emitting one segment per rendered line,
each with its tag, link density, chrome category (from the class/id taxonomy in the rule
files) and whether it lies inside the container. The shared pipeline decides the rest.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from functools import cache, partial

import regex
from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import native
from .container import guess
from .html_tags import (
    BLOCK,
    BOLD,
    BREAK,
    HOLDER,
    IMAGE,
    ITALIC,
    LINK,
    SKIP,
    TEXT,
    WRAPPER,
    name_flags,
    strip_removed,
    tag_table,
)
from .lines import (
    CAPTION_MAX_CHARS,
    ITALIC_CAPTION,
    MAX_BLOCKS,
    STYLE_SHARE,
    TAG_CHROME,
    Ctx,
    Lines,
    refuse_blocks,
)
from .locate import heading, named_in, select_all, site_ids, title_node
from .metadata import PageMeta, declared_fragment, head_meta
from .model import Chrome, Segment
from .model import ContainerCandidate as Candidate
from .normalize import FINISH_CHANGES, NFC_STABLE_RANGES, normalize_line
from .prescan import check_page
from .rules import RuleFile
from .streamed import place_streamed
from .taxonomy import ChromeTable
from .thresholds import Thresholds

log = logging.getLogger(__name__)

_HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.IGNORECASE)
_ITALIC_STYLE = regex.compile(r"font-style\s*:\s*italic", regex.IGNORECASE)
TAIL_LINES = 3
"""Lines right after the container that may still be its closing attribution."""
_LEAVE_BLOCK, _LEAVE_BODY, _NO_BLANKS = 1, 2, 4
"""What leaving an element does (``_walk``): end the line; end the container's zone. And
whether its children were read without their blank text nodes."""


def _walk_python(
    body: LexborNode,
    *,
    container_ids: set[int],
    keep_ids: set[int],
    anchors: set[int],
    strip_ids: dict[int, Chrome],
    title_id: int | None,
    chrome: ChromeTable,
    has_container: bool,
    overruled: frozenset[int] = frozenset(),
) -> list[Segment]:
    lines = Lines(has_container)
    root_ctx = Ctx(
        chrome=None, in_body=False, in_link=False, block_tag="", hidden=False, is_title=False
    )
    # Iterative depth-first walk (nesting depth cannot exhaust the Python stack). A frame is
    # (the children left to read, their context, what leaving their parent does); entering
    # an element stacks the frame it interrupts, then its own.
    # The children of a block holder (html_tags.BLOCK_HOLDERS: a <div>, a <ul>) are read
    # without their blank text nodes (ASCII white space alone, skipped in C): before a
    # block or a <br> such a text only ended a line, where it is stripped, or began one of
    # white space alone, which ends as nothing. Before any other child it is read back
    # (the child's previous sibling), so the lines get what they got before: it may part
    # two texts of one line, or begin a line, whose context it sets (before a text, the
    # same context, so only where a line is begun).
    frames: list[tuple[Iterator[LexborNode], Ctx, int]] = [(iter((body,)), root_ctx, 0)]
    pop, push = frames.pop, frames.append
    roles = tag_table()  # tag_id -> (flags, name): most nodes' name is never made
    while frames:
        kids, ctx, leave = pop()
        for node in kids:
            role = roles.get(node.tag_id)
            if role is None:
                tag = node.tag or ""
                flags = name_flags(tag)
            else:
                flags, tag = role
            if (
                leave & _NO_BLANKS
                and not flags & (BLOCK | BREAK)
                and (lines.parts or not flags & TEXT)
                and not ctx.hidden
            ):
                blank = node.prev
                if blank is not None and blank.is_empty_text_node:
                    text = blank.text_content
                    if text:
                        lines.add(text, ctx)
            if flags & TEXT:
                if not ctx.hidden:
                    text = node.text_content
                    if text:
                        lines.add(text, ctx)
                continue
            if flags & (SKIP | BREAK | IMAGE):
                if flags & BREAK:
                    lines.flush()
                elif flags & IMAGE:
                    lines.image_pending = True
                continue
            mem = node.mem_id
            if not ctx.in_body and lines.outside() and mem not in anchors:
                lines.flush()
                lines.add_outside(node, tag, chrome)
                continue
            attrs = node.attributes
            new = ctx
            block = flags & BLOCK != 0
            named = named_in(attrs) if block else ""
            if block:
                lines.flush()
            style = attrs.get("style") or ""
            hidden = (
                ctx.hidden
                or "hidden" in attrs
                or attrs.get("aria-hidden") == "true"
                or bool(style and _HIDDEN_STYLE.search(style))
            )
            italic = flags & ITALIC != 0 or bool(style and _ITALIC_STYLE.search(style))
            chrome_cat: Chrome | None
            if mem in anchors:
                chrome_cat = None
            elif mem in strip_ids:
                chrome_cat = strip_ids[mem]
            else:
                chrome_cat = TAG_CHROME.get(tag)
                # Inline links/spans carry classes like "cms-relate"; <body class="has-sidebar">
                # and <main> wrap the whole page: none of them is chrome by class.
                # A class that the container guess found outweighed by dense prose is not chrome.
                if not chrome_cat and block and not flags & WRAPPER and mem not in overruled:
                    chrome_cat = chrome.category(named) if named else None
            in_body = ctx.in_body
            pinned = ctx.pinned or mem in keep_ids
            container = has_container and mem in container_ids
            if container or pinned:
                in_body, chrome_cat = True, None
            is_title = ctx.is_title or mem == title_id
            if is_title:
                chrome_cat, hidden = None, False
                if mem == title_id and has_container and lines.zone is False:
                    lines.flush()
                    lines.zone = None
            link, bold = flags & LINK != 0, flags & BOLD != 0
            if (
                block
                or link
                or bold
                or hidden != ctx.hidden
                or (chrome_cat and not ctx.chrome)
                or in_body != ctx.in_body
                or (italic and not ctx.in_italic)
                or is_title != ctx.is_title
                or pinned != ctx.pinned
            ):
                # By position, in Ctx's field order (0.3 against 0.8 µs with keywords).
                new = Ctx(
                    ctx.chrome or chrome_cat,  # chrome
                    in_body,  # in_body
                    ctx.in_link or link,  # in_link
                    tag if block else ctx.block_tag,  # block_tag
                    hidden,  # hidden
                    is_title,  # is_title
                    ctx.in_bold or bold,  # in_bold
                    ctx.in_italic or italic,  # in_italic
                    pinned,  # pinned
                    ctx.depth + 1 if block else ctx.depth,  # depth
                    named if block else ctx.classes,  # classes
                )
            if new.chrome and not ctx.chrome and mem not in anchors:
                # A chrome subtree (a related box, a figure) inside the article: one block,
                # read in one call, dropped with its category.
                lines.flush()
                lines.add_outside(node, tag, chrome, category=new.chrome, in_body=new.in_body)
                continue
            holder = flags & HOLDER != 0
            push((kids, ctx, leave))
            push(
                (
                    node.iter(include_text=True, skip_empty=holder),
                    new,
                    (_LEAVE_BLOCK if block else 0)
                    | (_LEAVE_BODY if container else 0)
                    | (_NO_BLANKS if holder else 0),
                )
            )
            break
        else:  # every child read: the parent is left
            if leave & _LEAVE_BLOCK:
                lines.flush()
            if leave & _LEAVE_BODY:
                lines.zone, lines.tail = False, TAIL_LINES
    lines.flush()
    return lines.out


def walk_tables_for(roles: Mapping[int, tuple[int, str]]) -> object:
    """The compiled walk's constant tables (``_cdom.walk_tables``) with ``roles`` for
    ``html_tags.tag_table()`` (the tests give fewer, to read more names)."""
    assert native.dom is not None
    return native.dom.walk_tables(
        dict(roles),
        name_flags,
        TAG_CHROME,
        ITALIC_CAPTION,
        _HIDDEN_STYLE.search,
        _ITALIC_STYLE.search,
        normalize_line,
        (Segment, *(Segment.__dict__[f.name] for f in fields(Segment))),
        refuse_blocks,
        (TEXT, SKIP, BLOCK, LINK, BOLD, ITALIC, BREAK, IMAGE, WRAPPER, HOLDER),
        (TAIL_LINES, MAX_BLOCKS, CAPTION_MAX_CHARS, STYLE_SHARE),
        partial(unicodedata.is_normalized, "NFC"),
        FINISH_CHANGES,
        NFC_STABLE_RANGES,
    )


@cache
def _walk_tables() -> object:
    """The compiled walk's tables, made once."""
    return walk_tables_for(tag_table())


def _walk_native(
    body: LexborNode,
    *,
    container_ids: set[int],
    keep_ids: set[int],
    anchors: set[int],
    strip_ids: dict[int, Chrome],
    title_id: int | None,
    chrome: ChromeTable,
    has_container: bool,
    overruled: frozenset[int] = frozenset(),
) -> list[Segment]:
    """``_walk_python``'s segments from the compiled walk (``cleaner/_cdom_walk.c``): the
    tree walked, each line's text and figures gathered and its Segment made in C, which
    asks Python only for ``normalize_line`` (where it does not collapse a line itself), a
    class/id string's chrome category, the style patterns (where a style attribute is
    there) and an unknown tag name's flags."""
    assert native.dom is not None
    return native.dom.walk(
        body.mem_id,
        container_ids,
        keep_ids,
        anchors,
        strip_ids,
        title_id,
        chrome.category,
        has_container,
        overruled,
        _walk_tables(),
    )


_walk = _walk_native if native.DOM_ENABLED else _walk_python
"""The walk in use: the compiled twin where ``native.DOM_ENABLED``, else the Python."""


def parse_page(html: str) -> tuple[LexborHTMLParser, PageMeta, str]:
    """Parse a page once; read its ``<head>`` and keep its declared-metadata fragment;
    remove what never holds content."""
    check_page(html)  # refuses what the parser would take minutes or gigabytes over
    tree = LexborHTMLParser(html)
    meta = head_meta(tree)
    fragment = declared_fragment(tree)
    place_streamed(tree, html)  # hidden streamed parts go where the browser shows them
    strip_removed(tree)
    return tree, meta, fragment


@dataclass(frozen=True, slots=True)
class Page:
    segments: list[Segment]
    site_container: bool
    """The container came from the source's ``[html] body`` selectors (not a guess)."""
    candidates: tuple[Candidate, ...] = ()
    """The container guess's best candidates with their figures (empty when the source's
    selectors chose the container)."""


def anchors_of(parts: list[LexborNode]) -> set[int]:
    """The ``mem_id`` of the article's parts (containers, kept nodes, the headline) and of
    every element above them. The walk looks inside these; any other subtree outside the
    container is read in one go."""
    anchors: set[int] = set()
    for part in parts:
        node: LexborNode | None = part
        while node is not None and node.mem_id not in anchors:
            anchors.add(node.mem_id)
            node = node.parent
    return anchors


def _site_python(
    body: LexborNode, rules: RuleFile | None
) -> tuple[list[int], list[int], list[tuple[int, str]], list[LexborNode]]:
    """``locate.site_ids`` through selectolax's ``css()``, with the container and kept
    nodes themselves (for :func:`anchors_of`)."""
    if rules is None:
        return [], [], [], []
    html = rules.html
    containers = select_all(body, html.body) if html.body else []
    keep = [n for sel in html.keep for n in select_all(body, (sel,))]
    strip = [(n.mem_id, sel) for sel in html.strip for n in select_all(body, (sel,))]
    ids = [n.mem_id for n in containers], [n.mem_id for n in keep]
    return ids[0], ids[1], strip, [*containers, *keep]


def segment_page(
    tree: LexborHTMLParser,
    meta: PageMeta,
    rules: RuleFile | None,
    chrome: ChromeTable,
    thresholds: Thresholds,
) -> Page:
    """The page's line segments, from the source's selectors or the container guess."""
    body = tree.body
    if body is None:
        return Page([], site_container=False)
    dom = native.dom
    parts: list[LexborNode] = []  # the Python's containers and kept nodes, for anchors_of
    found = site_ids(body, rules.html) if dom is not None and rules else None
    title: LexborNode | None = None
    if found is None:
        containers, keep, strip_pairs, parts = _site_python(body, rules)
    else:
        containers, keep, strip_pairs, title_id = found
    site_container = bool(containers)
    candidates: tuple[Candidate, ...] = ()
    overruled: frozenset[int] = frozenset()
    if not containers:
        guessed = guess(body, chrome, thresholds)
        containers, candidates, overruled = (
            [n.mem_id for n in guessed.nodes],
            guessed.candidates,
            guessed.overruled,
        )
        parts = [*guessed.nodes, *parts]
    strip: dict[int, Chrome] = {}
    for mem_id, selector in strip_pairs:
        strip.setdefault(mem_id, Chrome("site", selector))
    page_title = meta.og_title or meta.title
    if found is None:
        title = title_node(body, rules, page_title, thresholds)
        title_id = title.mem_id if title is not None else None
    elif title_id is None:
        title = heading(body, page_title, thresholds)
        title_id = title.mem_id if title is not None else None
    if dom is not None:
        anchors = dom.ancestors([*containers, *keep, *([title_id] if title_id is not None else [])])
    else:
        anchors = anchors_of([*parts, *([title] if title is not None else [])])
    segments = _walk(
        body,
        container_ids=set(containers),
        keep_ids=set(keep),
        anchors=anchors,
        strip_ids=strip,
        title_id=title_id,
        chrome=chrome,
        has_container=bool(containers),
        overruled=overruled,
    )
    return Page(segments, site_container=site_container, candidates=candidates)
