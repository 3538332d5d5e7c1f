"""The HTML walk as it was before its fast paths (main at 552a2aa): each node's tag read as
a name and tested against the name sets, children listed and stacked in reverse. The fast
walk (``segment_html._walk``) must give the same segments (tests/test_fast_paths_html.py).
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from cleaner.html_tags import BLOCK_TAGS, BOLD_TAGS, ITALIC_TAGS, PAGE_WRAPPERS
from cleaner.lines import TAG_CHROME, Ctx, Lines
from cleaner.locate import named_in
from cleaner.model import Chrome, Segment
from cleaner.rulebook import ChromeTable
from cleaner.segment_html import _HIDDEN_STYLE, _ITALIC_STYLE, TAIL_LINES

_LEAVE_BLOCK, _LEAVE_BODY = 1, 2


def plain_walk(
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
    # Iterative depth-first walk (nesting depth cannot exhaust the Python stack). An entry is
    # (node, context, 0) to enter a node, or (node, context, _LEAVE_…) to leave an element
    # where that does something; leaving an inline element does nothing and is not stacked.
    stack: list[tuple[LexborNode, Ctx, int]] = [(body, root_ctx, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        node, ctx, leave = pop()
        if leave:
            if leave & _LEAVE_BLOCK:
                lines.flush()
            if leave & _LEAVE_BODY:
                lines.zone, lines.tail = False, TAIL_LINES
            continue
        tag = node.tag or ""
        if tag == "-text":
            if not ctx.hidden:
                text = node.text_content
                if text:
                    lines.add(text, ctx)
            continue
        if tag.startswith("-") or tag == "!--":
            continue
        if tag == "br":
            lines.flush()
            continue
        if tag == "img":
            lines.image_pending = True
            continue
        mem = node.mem_id
        if not ctx.in_body and lines.outside() and mem not in anchors:
            lines.flush()
            lines.add_outside(node, tag, chrome)
            continue
        attrs = node.attributes
        new = ctx
        block = tag in BLOCK_TAGS
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
        italic = tag in ITALIC_TAGS or bool(style and _ITALIC_STYLE.search(style))
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
            if not chrome_cat and block and tag not in PAGE_WRAPPERS and mem not in overruled:
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
        link, bold = tag == "a", tag in BOLD_TAGS
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
            new = Ctx(
                chrome=ctx.chrome or chrome_cat,
                in_body=in_body,
                in_link=ctx.in_link or link,
                in_bold=ctx.in_bold or bold,
                in_italic=ctx.in_italic or italic,
                block_tag=tag if block else ctx.block_tag,
                depth=ctx.depth + 1 if block else ctx.depth,
                classes=named if block else ctx.classes,
                hidden=hidden,
                is_title=is_title,
                pinned=pinned,
            )
        if new.chrome and not ctx.chrome and mem not in anchors:
            # A chrome subtree (a related box, a figure) inside the article: one block,
            # read in one call, dropped with its category.
            lines.flush()
            lines.add_outside(node, tag, chrome, category=new.chrome, in_body=new.in_body)
            continue
        leave = (_LEAVE_BLOCK if block else 0) | (_LEAVE_BODY if container else 0)
        if leave:
            push((node, new, leave))
        stack.extend((c, new, 0) for c in reversed(list(node.iter(include_text=True))))
    lines.flush()
    return lines.out
