"""Streamed server rendering (cleaner/streamed.py): hidden ``S:n`` parts at the end of the
body go into their ``B:n``/``P:n`` placeholders, as React's scripts would place them."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaner import Cleaner, streamed
from cleaner.streamed import place_streamed

GENERIC = Cleaner(fallback=False)


def sentence(topic: str) -> str:
    return (
        f"The {topic} part explains in some detail how the committee reached its decision, "
        f"which members argued for a delay, and why the vote was held in public."
    )


def shell(main: str, tail: str) -> str:
    return (
        "<!doctype html><html><head><title>How the vote was held</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        f"<main><h1>How the vote was held</h1>{main}</main>"
        '<footer><a href="/privacy">Privacy</a></footer>'
        f"{tail}</body></html>"
    )


def test_parts_go_into_their_boundary_and_segment_placeholders_in_page_order() -> None:
    html = shell(
        f"<p>{sentence('opening')}</p>"
        '<!--$?--><template id="B:0"></template><div class="skeleton">Loading…</div><!--/$-->'
        f"<p>{sentence('middle')}</p>"
        '<template id="P:1"></template>',
        f'<div hidden id="S:1"><p>{sentence("closing")}</p></div>'
        f'<div hidden id="S:0"><p>{sentence("second")}</p><template id="P:2"></template></div>'
        f'<div hidden id="S:2"><p>{sentence("nested")}</p></div>',
    )
    tree = LexborHTMLParser(html)
    assert place_streamed(tree, html) == 3
    assert tree.body is not None
    assert not tree.body.css("div[hidden], template")
    assert "Loading" not in tree.body.text()
    body = GENERIC.clean(html, kind="html").body
    topics = ["opening", "second", "nested", "middle", "closing"]
    assert body.split("\n") == [sentence(t) for t in topics]


def test_a_part_without_placeholder_stays_hidden_and_a_fallback_without_end_stays() -> None:
    html = shell(
        f"<p>{sentence('opening')}</p>"
        '<template id="B:0"></template><p>A fallback paragraph with no end comment after it.</p>',
        f'<div hidden id="S:7"><p>{sentence("orphan")}</p></div>'
        f'<div hidden id="S:0"><p>{sentence("placed")}</p></div>'
        f'<div hidden id="S:&quot;x"><p>{sentence("odd id")}</p></div>',
    )
    tree = LexborHTMLParser(html)
    assert place_streamed(tree, html) == 1
    body = GENERIC.clean(html, kind="html").body
    assert sentence("placed") in body
    assert "A fallback paragraph" in body
    assert sentence("orphan") not in body
    assert sentence("odd id") not in body


def test_a_page_without_streamed_parts_is_untouched() -> None:
    html = shell(f"<p>{sentence('opening')}</p>", '<div hidden id="X:0"><p>secret</p></div>')
    tree = LexborHTMLParser(html)
    before = tree.html
    assert place_streamed(tree, html) == 0
    assert tree.html == before


def test_parts_are_placed_only_where_the_page_also_holds_the_marker() -> None:
    """The parts are looked for first and the marker after (the cheaper test first): a
    part written without the marker (``id='S:0'``) stays hidden, as before."""
    main = '<template id="P:0"></template>'
    quoted = shell(main, f"<div hidden id='S:0'><p>{sentence('quoted')}</p></div>")
    assert streamed.MARKER not in quoted
    tree = LexborHTMLParser(quoted)
    before = tree.html
    assert place_streamed(tree, quoted) == 0
    assert tree.html == before
    # The same page with the marker elsewhere (in a comment): the part is placed.
    marked = quoted.replace("</body>", '<!-- id="S: -->\n</body>')
    assert place_streamed(LexborHTMLParser(marked), marked) == 1


def test_placing_stops_at_its_lookup_budget_and_leaves_the_rest_hidden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each lookup is charged the page's ``<`` count: with three lookups' worth, the last
    part, S:3, is placed (B:3 then P:3; parts are placed last first) and S:2's second
    lookup is over the budget."""
    parts = "".join(f'<div hidden id="S:{i}"><p>{sentence(str(i))}</p></div>' for i in range(4))
    html = shell("".join(f'<template id="P:{i}"></template>' for i in range(4)), parts)
    monkeypatch.setattr(streamed, "MAX_LOOKUP_NODES", 3 * (html.count("<") + 1))
    tree = LexborHTMLParser(html)
    assert place_streamed(tree, html) == 1  # S:0 costs two lookups (B:0, then P:0)
    assert tree.body is not None
    assert len(tree.body.css("div[hidden]")) == 3


def test_a_fallback_past_the_scan_budget_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    html = shell(
        '<template id="B:0"></template><p>one</p><p>two</p><p>three</p><!--/$-->'
        '<template id="B:1"></template><p>four</p><p>five</p><p>six</p><!--/$-->',
        f'<div hidden id="S:0"><p>{sentence("zero")}</p></div>'
        f'<div hidden id="S:1"><p>{sentence("one")}</p></div>',
    )
    monkeypatch.setattr(streamed, "MAX_FALLBACK_NODES", 2)
    tree = LexborHTMLParser(html)
    assert place_streamed(tree, html) == 2  # both parts placed; neither fallback read out
    assert tree.body is not None
    text = tree.body.text(separator=" ")
    assert "three" in text and "six" in text


def test_a_part_inside_another_part_goes_to_its_own_placeholder() -> None:
    """Placed last first, an inner part is moved before its outer part's children are
    (first first, the inner part was read after its subtree had gone: its text was
    lost)."""
    html = shell(
        f'<p>{sentence("opening")}</p><template id="P:1"></template><template id="P:2"></template>',
        f'<div hidden id="S:1"><p>{sentence("outer")}</p>'
        f'<div hidden id="S:2"><p>{sentence("inner")}</p></div></div>',
    )
    tree = LexborHTMLParser(html)
    assert place_streamed(tree, html) == 2
    assert tree.body is not None
    assert not tree.body.css("div[hidden], template")
    body = GENERIC.clean(html, kind="html").body
    assert body.split("\n") == [sentence(t) for t in ("opening", "outer", "inner")]


def test_parts_are_moved_not_copied() -> None:
    """A placed part is the part itself, not a copy: copies of nested parts' subtrees made
    time grow as their nesting times the page (tests/test_limits.py has the time case)."""
    html = shell(
        '<template id="P:1"></template>',
        f'<div hidden id="S:1"><p id="kept">{sentence("moved")}</p></div>',
    )
    tree = LexborHTMLParser(html)
    paragraph = tree.css_first("#kept")
    assert paragraph is not None
    assert place_streamed(tree, html) == 1
    assert paragraph.parent is not None and paragraph.parent.tag == "main"


def test_a_part_whose_placeholder_lies_inside_it_stays_hidden() -> None:
    """A part cannot go into itself: it stays where it is, hidden, as one without a
    placeholder; the parts around it are placed, and nothing raises."""
    html = shell(
        '<template id="P:1"></template>',
        f'<div hidden id="S:0"><p>{sentence("self")}</p><template id="B:0"></template>'
        "<!--/$--></div>"
        f'<div hidden id="S:1"><p>{sentence("placed")}</p></div>',
    )
    tree = LexborHTMLParser(html)
    assert place_streamed(tree, html) == 1
    assert tree.body is not None
    assert [d.attributes.get("id") for d in tree.body.css("div[hidden]")] == ["S:0"]
    assert GENERIC.clean(html, kind="html").body == sentence("placed")
