"""Streamed server rendering: put each streamed part where the browser shows it.

React's streaming renderer (Next.js and others) sends a page's shell first, with a
placeholder where a part will go: ``<template id="B:4">`` for a Suspense boundary (its
loading fallback follows, up to a ``<!--/$-->`` comment) or ``<template id="P:4">`` for a
segment. The part itself comes later, at the end of ``<body>``, as
``<div hidden id="S:4">…</div>``, and a script call moves it into place
(``$RC("B:4","S:4")``, ``$RS("S:4","P:4")``). A reader sees the part in place; the HTML has
it hidden at the end, where the walk (which skips hidden text) loses it: on a finance
guide, every section of the article (WCXB 4503, 0046).

A part and its placeholder share their suffix: all 34 calls on the 7 WCXB pages that
still have their scripts pair ``S:n`` with ``B:n`` or ``P:n``, so parts are placed by that
suffix, which also works on saved pages whose scripts were stripped (6 more pages).
``place_streamed`` runs before scripts and templates are removed.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

MARKER = 'id="S:'
"""A page holds streamed parts only if its HTML contains this."""
PART_PREFIX = "S:"
PLACEHOLDER_PREFIXES = ("B:", "P:")
FALLBACK_END = "<!--/$-->"
MAX_PARTS = 10_000
"""At most this many parts are placed on one page (each is one CSS lookup)."""
MAX_LOOKUP_NODES = 20_000_000
"""Nodes that the placeholder lookups may read on one page, in all (each lookup reads the
whole page, counted as its ``<`` count; about 0.4 s). Parts past it stay hidden, as they
were before placement existed. Without it time grew as parts times page size: 10,000 parts
with no placeholder on a 2.3 MB page took 70 s. A page of 5,000 elements with 34 parts
reads about 340,000."""
MAX_FALLBACK_NODES = 1_000_000
"""Sibling nodes that the boundaries' fallback scans may read on one page, in all (about
0.5 s); a fallback whose end comment lies past it stays, as when the comment is missing.
Without it, 2,000 boundaries with no end comment on a 1.2 MB page took 45 s."""


def place_streamed(tree: LexborHTMLParser, html: str) -> int:
    """Move every hidden streamed part into its placeholder; returns how many were placed.
    A part with no placeholder stays where it is (hidden)."""
    body = tree.body
    if body is None:
        return 0
    # The parts are looked for before the marker: one query of the parsed tree costs a
    # fraction of reading the whole string (vi pages 7 against 64 µs, WCXB 16 against 134),
    # and most pages have none. Placed only when both hold, as before.
    parts = body.css(f'div[hidden][id^="{PART_PREFIX}"]')
    if not parts or MARKER not in html:
        return 0
    placed = 0
    lookup = html.count("<") + 1  # one placeholder lookup reads every node of the page
    budget, scan = MAX_LOOKUP_NODES, MAX_FALLBACK_NODES
    # Last first: a part inside another part (later in document order) is placed before
    # the outer one's children are moved, so no part is read after its subtree went.
    for part in reversed(parts[:MAX_PARTS]):
        suffix = (part.attributes.get("id") or "")[len(PART_PREFIX) :]
        if not suffix.isalnum():  # React's ids are base-32 numbers; nothing else is placed
            continue
        for prefix in PLACEHOLDER_PREFIXES:
            budget -= lookup
            if budget < 0:
                return placed
            target = body.css_first(f'template[id="{prefix}{suffix}"]')
            if target is not None:
                # Moved, not copied: copies of nested parts' subtrees made time grow as
                # their nesting times the page (4,800 parts one in another: 5 s for
                # 200 KB). The part goes before its placeholder whole, and gives up its
                # children there (``_place``); one whose placeholder lies inside it has
                # nowhere to go and stays hidden, as one without a placeholder.
                try:
                    target.insert_before(part, move=True)
                except SelectolaxError:
                    break
                scan -= _place(part, target, boundary=prefix == "B:", max_read=scan)
                placed += 1
                break
    return placed


def _place(part: LexborNode, target: LexborNode, *, boundary: bool, max_read: int) -> int:
    """Place ``part``, already moved before ``target``, there; returns how many fallback
    nodes were read (at most ``max_read``: past it the fallback is left, as when its end
    comment is missing)."""
    read = 0
    if boundary:  # the loading fallback, up to the boundary's end comment, goes
        fallback: list[LexborNode] = []
        node = target.next
        while node is not None and not (node.tag == "-comment" and node.html == FALLBACK_END):
            read += 1
            if read > max_read:
                node = None
                break
            fallback.append(node)
            node = node.next
        if node is not None:
            for old in fallback:
                old.decompose()
    part.unwrap()  # its children, in order, where it stands: before the placeholder
    part.decompose()
    target.decompose()
    return read
