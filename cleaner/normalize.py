"""Text normalisation: the only change the cleaner ever makes to a block's text.

NFC, one kind of line ending, no zero-width characters, every Unicode space as a plain
space, runs of spaces collapsed, HTML entities unescaped.
"""

from __future__ import annotations

import html
import unicodedata

import regex

_ZERO_WIDTH = regex.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = regex.compile(r"[^\S\n]+")
# Entities only: a bare "&" with no name after it stays as it is.
_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_line(text: str) -> str:
    """Normalise one block's text (no newlines survive)."""
    return " ".join(_finish(text).split())


def normalize_text(text: str) -> str:
    """Normalise a whole document, keeping its line structure."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return "\n".join(line.strip() for line in _finish(text).split("\n"))


def _finish(text: str) -> str:
    # Unescape to a fixpoint, so that cleaning cleaned text changes nothing ("&amp;lt;").
    # Each round that changes anything makes the text shorter, so this ends.
    while "&" in text:
        unescaped = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
        if unescaped == text:
            break
        text = unescaped
    text = _CONTROL.sub(" ", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text)
    # NFC last: unescaping and cp1258's combining marks both need it.
    return unicodedata.normalize("NFC", text)
