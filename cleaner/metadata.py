"""Page metadata: title and URL from ``<head>`` at once; date and author on demand.

Date and author come from trafilatura's metadata functions, which parse the page again
with lxml; that costs more than cleaning, so it runs only when ``Result.date`` or
``Result.author`` is first read.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

import regex
from selectolax.lexbor import LexborHTMLParser

from .normalize import normalize_line

log = logging.getLogger(__name__)

_SITE_SUFFIX = regex.compile(r"\s+[-|–—:]\s+[^-|–—]{2,60}$")
"""" - VnExpress", " | Báo Dân trí": a site name after the headline in a page title."""
SITE_SUFFIX_RATIO = 2
"""A trailing " - X" is a site name only if the headline before it is this many times
longer."""


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page's ``<head>`` says, read with the parser already in hand."""

    title: str | None = None
    og_title: str | None = None
    url: str | None = None

    def headline(self) -> str | None:
        """The headline when the page has no headline element: ``og:title`` as it is (it
        rarely carries the site's name), else ``<title>`` without a trailing site name."""
        if self.og_title:
            return normalize_line(self.og_title) or None
        if not self.title:
            return None
        title = normalize_line(self.title)
        suffix = _SITE_SUFFIX.search(title)
        # Only a suffix much shorter than what it follows is a site name: in "Nga - Ukraine
        # giao tranh…" the " - Ukraine…" part is the headline itself.
        if suffix and len(suffix.group(0)) * SITE_SUFFIX_RATIO < suffix.start():
            title = title[: suffix.start()]
        return title or None


def head_meta(tree: LexborHTMLParser) -> PageMeta:
    def content(selector: str, attr: str = "content") -> str | None:
        node = tree.css_first(selector)
        value = node.attributes.get(attr) if node is not None else None
        return value.strip() or None if value else None

    title_node = tree.css_first("title")
    title = title_node.text(strip=True) or None if title_node is not None else None
    return PageMeta(
        title=title,
        og_title=content('meta[property="og:title"]') or content('meta[name="twitter:title"]'),
        url=content('meta[property="og:url"]') or content('link[rel="canonical"]', "href"),
    )


class Metadata:
    """Published date and author of a page, extracted by trafilatura when first asked for."""

    def __init__(self, html: str, url: str | None) -> None:
        self._html = html
        self._url = url

    @functools.cached_property
    def _document(self) -> object | None:
        from trafilatura.metadata import extract_metadata

        try:
            return extract_metadata(self._html, default_url=self._url)
        except Exception as exc:  # trafilatura's own failures must not fail a clean result
            log.warning("trafilatura metadata extraction failed: %s", exc)
            return None

    @property
    def date(self) -> str | None:
        value = getattr(self._document, "date", None)
        return str(value) if value else None

    @property
    def author(self) -> str | None:
        value = getattr(self._document, "author", None)
        return str(value) if value else None
