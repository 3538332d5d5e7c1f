"""The fallback path: trafilatura's extraction, for pages where the DOM pass finds no body.

Its text is then cleaned by the text front end, so rules and scorer still apply and every
line still carries a reason.
"""

from __future__ import annotations

import inspect
import logging
from typing import Any

log = logging.getLogger(__name__)

FALLBACK_FULL_TAGS = 5_000
"""Pages with more ``<`` than this get trafilatura's own extraction alone (``fast``): its
full mode also compares readability's and jusText's, and jusText's neighbour search is
quadratic in a run of short paragraphs that its own pass pruned (forms, fieldsets): a
800 KB page of 16,000 ``<form>`` took 94 s, and 4,000 ``<`` of ``<form>x</form>`` 0.6 s,
8,000 1.9 s. The corpus pages that reach the fallback have at most 3,955."""


def extract_fallback(html: str, url: str | None) -> str | None:
    import trafilatura

    html = without_surrogates(html)
    options: dict[str, Any] = {}  # (typed Any: trafilatura 2.x types its keywords)
    if html.count("<") > FALLBACK_FULL_TAGS:
        # trafilatura 1.x (1.11 is the lower bound) calls it no_fallback, 2.x fast: a
        # keyword it does not know is a TypeError, which would lose the fallback.
        fast = "fast" in inspect.signature(trafilatura.extract).parameters
        options["fast" if fast else "no_fallback"] = True
    try:
        text = trafilatura.extract(
            html, url=url, include_comments=False, include_tables=True, **options
        )
    except Exception as exc:  # a failing fallback leaves the DOM result in place
        log.warning("trafilatura fallback failed: %s", exc)
        return None
    return text or None


def without_surrogates(html: str) -> str:
    """``html`` without surrogate code points, as the DOM pass reads it: selectolax
    encodes a page to UTF-8 leaving them out, while lxml (under trafilatura) joined a pair
    given as two code points into one character, so one page gave two texts depending on
    the path. Costs an encode on the fallback path alone (a str with none encodes once)."""
    try:
        html.encode("utf-8")
    except UnicodeEncodeError:
        return html.encode("utf-8", "ignore").decode("utf-8")
    return html
