"""What every report page shares: escaping, the Content-Security-Policy and the page frame.

Nothing from a document ever reaches a report as markup: text goes through :func:`text`
or :func:`attr`, which escape it (after :func:`encodable`, so that any string can be
written). The policy then forbids what could slip through anyway:
the report's own ``<style>`` (and, on the index, its own ``<script>``) are allowed by their
SHA-256 hashes, computed here from the constant strings, and nothing else runs or loads.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Mapping
from types import MappingProxyType

BIDI_CONTROLS = (
    "\u061c",  # ARABIC LETTER MARK
    "\u200e",  # LEFT-TO-RIGHT MARK
    "\u200f",  # RIGHT-TO-LEFT MARK
    *(chr(c) for c in range(0x202A, 0x202F)),  # embeddings and overrides (LRE…RLO)
    *(chr(c) for c in range(0x2066, 0x206A)),  # isolates (LRI, RLI, FSI, PDI)
)
"""Characters that reorder the text around them. In a report each one sits alone in an
isolating element that also shows its code point, so it can neither reverse the text that
follows (the reason labels, the next block) nor hide from the reviewer."""

_BIDI_MARKUP: Mapping[int, str] = MappingProxyType(
    {ord(c): f'<span class="bidi" data-cp="U+{ord(c):04X}">{c}</span>' for c in BIDI_CONTROLS}
)

_NO_BIDI: Mapping[int, None] = MappingProxyType(dict.fromkeys(map(ord, BIDI_CONTROLS)))
"""For ``<title>``, which holds no markup: the controls are dropped there."""


def encodable(value: str) -> str:
    """``value`` with each surrogate code point written as its escape (``\\udcff``): a
    file name's undecodable bytes (kept as surrogates) and a lone surrogate from JSON (a
    record's URL) cannot be encoded in a UTF-8 page, and stopped the run with a
    ``UnicodeEncodeError``. Every string from a document reaches a page through here."""
    if value.isascii():
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value


def text(value: str) -> str:
    """Element content: escaped, with every bidi control isolated and made visible."""
    return html.escape(encodable(value), quote=False).translate(_BIDI_MARKUP)


def attr(value: str) -> str:
    """An attribute value, for use between double quotes."""
    return html.escape(encodable(value), quote=True)


def csp_hash(source: str) -> str:
    """The CSP source expression that allows exactly this inline ``<style>``/``<script>``."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def policy(style: str, script: str | None = None) -> str:
    """The Content-Security-Policy of a report page: nothing may load, connect, frame or
    run, except the page's own style and (when given) its own script."""
    scripts = csp_hash(script) if script is not None else "'none'"
    return (
        "default-src 'none'; "
        f"style-src {csp_hash(style)}; "
        f"script-src {scripts}; "
        "img-src 'none'; "
        "base-uri 'none'; "
        "form-action 'none'"
    )


def page(title: str, style: str, body: str, script: str | None = None) -> str:
    """A complete, self-contained HTML document (no external asset of any kind)."""
    parts = [
        "<!DOCTYPE html>\n<html>\n<head>\n",
        '<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{attr(policy(style, script))}">\n',
        '<meta name="referrer" content="no-referrer">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{html.escape(encodable(title).translate(_NO_BIDI), quote=False)}</title>\n",
        f"<style>{style}</style>\n",
        "</head>\n<body>\n",
        body,
    ]
    if script is not None:
        parts.append(f"<script>{script}</script>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)
