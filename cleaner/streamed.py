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

from selectolax.lexbor import LexborHTMLParser, LexborNode

MARKER = 'id="S:'
"""A page holds streamed parts only if its HTML contains this."""
PART_PREFIX = "S:"
PLACEHOLDER_PREFIXES = ("B:", "P:")
FALLBACK_END = "<!--/$-->"
MAX_PARTS = 10_000
"""At most this many parts are placed on one page (each is one CSS lookup)."""


def place_streamed(tree: LexborHTMLParser, html: str) -> int:
    """Move every hidden streamed part into its placeholder; returns how many were placed.
    A part with no placeholder stays where it is (hidden)."""
    body = tree.body
    if body is None or MARKER not in html:
        return 0
    placed = 0
    for part in body.css(f'div[hidden][id^="{PART_PREFIX}"]')[:MAX_PARTS]:
        suffix = (part.attributes.get("id") or "")[len(PART_PREFIX) :]
        if not suffix.isalnum():  # React's ids are base-32 numbers; nothing else is placed
            continue
        for prefix in PLACEHOLDER_PREFIXES:
            target = body.css_first(f'template[id="{prefix}{suffix}"]')
            if target is not None:
                _place(part, target, boundary=prefix == "B:")
                placed += 1
                break
    return placed


def _place(part: LexborNode, target: LexborNode, *, boundary: bool) -> None:
    if boundary:  # the loading fallback, up to the boundary's end comment, goes
        fallback: list[LexborNode] = []
        node = target.next
        while node is not None and not (node.tag == "-comment" and node.html == FALLBACK_END):
            fallback.append(node)
            node = node.next
        if node is not None:
            for old in fallback:
                old.decompose()
    for child in list(part.iter(include_text=True)):
        target.insert_before(child)
    part.decompose()
    target.decompose()
