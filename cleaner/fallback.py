"""The fallback path: trafilatura's extraction, for pages where the DOM pass finds no body.

Its text is then cleaned by the text front end, so rules and scorer still apply and every
line still carries a reason.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def extract_fallback(html: str, url: str | None) -> str | None:
    import trafilatura

    try:
        text = trafilatura.extract(html, url=url, include_comments=False, include_tables=True)
    except Exception as exc:  # a failing fallback leaves the DOM result in place
        log.warning("trafilatura fallback failed: %s", exc)
        return None
    return text or None
