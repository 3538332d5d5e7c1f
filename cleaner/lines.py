"""The HTML walk's lines: inline text gathered into one line until a block boundary or
``<br>`` ends it, each line a ``Segment`` with what the walk knew of where it stood (its
block's tag and classes, link density, bold, chrome, the article's zone). ``segment_html``
walks the DOM and tells the lines what it meets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

from selectolax.lexbor import LexborNode

from .errors import LimitExceeded
from .locate import class_and_id
from .model import Chrome, Segment, make_segment
from .normalize import normalize_line
from .taxonomy import ChromeTable

MAX_BLOCKS = 50_000
"""A page with more text lines than this is refused (LimitExceeded): no news article has
them, and every line costs memory in every stage."""
TAG_CHROME = {
    "nav": Chrome("menu", "nav"),
    "aside": Chrome("sidebar", "aside"),
    "footer": Chrome("footer", "footer"),
    "figure": Chrome("caption", "figure"),
    "figcaption": Chrome("caption", "figcaption"),
    "form": Chrome("form", "form"),
}
"""Elements that are chrome by their tag alone (unless they hold the container)."""
ITALIC_CAPTION = Chrome("caption", "italic-after-image")
"""A short italic line right after an image."""
STYLE_SHARE = 0.9
"""A line whose visible characters are at least this share bold (italic) is bold (italic)."""
CAPTION_MAX_CHARS = 600
"""An italic line right after an image, up to this long, is that image's caption (old
mobile layouts: afamily, kenh14, giadinh mark captions only this way)."""


def refuse_blocks() -> NoReturn:
    """The error for a page past ``MAX_BLOCKS`` lines (the compiled walk raises it too)."""
    raise LimitExceeded(
        "page",
        limit="MAX_BLOCKS",
        maximum=MAX_BLOCKS,
        actual=MAX_BLOCKS + 1,
        unit="text blocks (at least; not an article)",
    )


@dataclass(slots=True)
class Ctx:
    """What the walk knows about the element it is inside."""

    chrome: Chrome | None
    in_body: bool | None
    in_link: bool
    block_tag: str
    hidden: bool
    is_title: bool
    in_bold: bool = False
    in_italic: bool = False
    pinned: bool = False
    depth: int = 0
    classes: str = ""


class Lines:
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
        self._append(
            make_segment(text=text, tag=tag, chrome=category, in_body=in_body, classes=named)
        )

    def _append(self, segment: Segment) -> None:
        self.out.append(segment)
        if len(self.out) > MAX_BLOCKS:
            refuse_blocks()

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
                make_segment(  # by position, in Segment's field order
                    text,  # text
                    c.block_tag,  # tag
                    c.depth,  # depth
                    c.classes,  # classes
                    min(self.link_chars / total, 1.0),  # link_density
                    self.bold_chars >= STYLE_SHARE * visible,  # bold
                    chrome,  # chrome
                    True if c.in_body else self.zone,  # in_body
                    c.is_title,  # is_title
                    c.pinned,  # pinned
                    self.tail > 0 and not c.in_body,  # after_body
                )
            )
            if self.tail > 0 and not c.in_body:
                self.tail -= 1
        self._reset()
