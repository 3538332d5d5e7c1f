"""The HTML walk and its lines as they were before their fast paths (main at 552a2aa): each
node's tag read as a name and tested against the name sets, children listed and stacked in
reverse, contexts and segments built with keywords. The fast walk (``segment_html._walk``
with ``lines.Lines``) must give the same segments (tests/test_fast_paths_html.py).
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from cleaner.errors import CleanerError
from cleaner.html_tags import BLOCK_TAGS, BOLD_TAGS, ITALIC_TAGS, PAGE_WRAPPERS
from cleaner.lines import (
    CAPTION_MAX_CHARS,
    ITALIC_CAPTION,
    MAX_BLOCKS,
    STYLE_SHARE,
    TAG_CHROME,
    Ctx,
)
from cleaner.locate import class_and_id, named_in
from cleaner.model import Chrome, Segment
from cleaner.normalize import normalize_line
from cleaner.segment_html import _HIDDEN_STYLE, _ITALIC_STYLE, TAIL_LINES
from cleaner.taxonomy import ChromeTable

_LEAVE_BLOCK, _LEAVE_BODY = 1, 2


class PlainLines:
    """Accumulates inline text into lines; a block boundary or ``<br>`` ends a line.

    ``zone`` is where the walk is relative to the article: ``False`` before the headline and
    after the container, ``None`` between headline and container (lead, byline: the scorer
    decides). Inside a container the context says ``True`` itself.
    """

    def __init__(self, has_container: bool) -> None:
        self.out: list[Segment] = []
        self.parts: list[str] = []
        self.link_chars = 0
        self.bold_chars = 0
        self.italic_chars = 0
        self.image_pending = False
        """An image was seen since the last line of text."""
        self.line_after_image = False
        self.ctx: Ctx | None = None
        self.has_container = has_container
        self.zone: bool | None = False if has_container else None
        self.tail = 0

    def outside(self) -> bool:
        """Past the headline's zone and the container's tail: nothing here can be body."""
        return self.zone is False and self.tail == 0 and self.has_container

    def add_outside(
        self,
        node: LexborNode,
        tag: str,
        chrome: ChromeTable,
        *,
        category: Chrome | None = None,
        in_body: bool | None = False,
    ) -> None:
        """A whole subtree that holds no part of the article becomes one block, read in one
        C call: outside the body (menus, sidebars, footers) or chrome within it. Text nodes
        of ASCII white space alone are left out in C: joined by a space, they only added
        white space that normalisation collapses (vi pages' outside text is two thirds
        indentation)."""
        text = normalize_line(node.text(deep=True, separator=" ", skip_empty=True))
        if not text:
            return
        named = class_and_id(node)
        if category is None:
            category = TAG_CHROME.get(tag) or (chrome.category(named) if named else None)
        self._append(Segment(text=text, tag=tag, chrome=category, in_body=in_body, classes=named))

    def _append(self, segment: Segment) -> None:
        self.out.append(segment)
        if len(self.out) > MAX_BLOCKS:
            raise CleanerError(f"page has more than {MAX_BLOCKS} text blocks; not an article")

    def add(self, text: str, ctx: Ctx) -> None:
        if not self.parts:
            self.ctx = ctx
        self.parts.append(text)
        if not (ctx.in_link or ctx.in_bold or ctx.in_italic or self.image_pending):
            return  # (most text: its size would change nothing below)
        size = sum(map(len, text.split()))  # visible characters, as in flush()
        if size and not self.line_after_image and self.image_pending:
            self.line_after_image, self.image_pending = True, False
        if ctx.in_link:
            self.link_chars += size
        if ctx.in_bold:
            self.bold_chars += size
        if ctx.in_italic:
            self.italic_chars += size

    def _reset(self) -> None:
        self.parts, self.ctx = [], None
        self.link_chars = self.bold_chars = self.italic_chars = 0
        self.line_after_image = False

    def flush(self) -> None:
        c = self.ctx
        if c is None:  # nothing added since the last reset (add() sets ctx and parts)
            return
        joined = "".join(self.parts)
        # White space alone (the indentation between block tags: most flushes) normalises
        # to nothing: str.isspace() is the set normalisation collapses.
        text = "" if joined.isspace() else normalize_line(joined)
        if text:
            total = max(len(text), 1)
            visible = len(text) - text.count(" ")
            chrome = c.chrome
            if (
                not chrome
                and not c.pinned
                and self.line_after_image
                and self.italic_chars >= STYLE_SHARE * visible
                and len(text) <= CAPTION_MAX_CHARS
            ):
                chrome = ITALIC_CAPTION
            self._append(
                Segment(
                    text=text,
                    tag=c.block_tag,
                    link_density=min(self.link_chars / total, 1.0),
                    bold=self.bold_chars >= STYLE_SHARE * visible,
                    chrome=chrome,
                    in_body=True if c.in_body else self.zone,
                    is_title=c.is_title,
                    after_body=self.tail > 0 and not c.in_body,
                    pinned=c.pinned,
                    depth=c.depth,
                    classes=c.classes,
                )
            )
            if self.tail > 0 and not c.in_body:
                self.tail -= 1
        self._reset()


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
    lines = PlainLines(has_container)
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
