"""HTML entities unescaped to a fixpoint in one left-to-right pass (linear time).

Normalisation unescapes until nothing changes, so that cleaning cleaned text changes
nothing (``&amp;lt;`` becomes ``<``, not ``&lt;``). Repeating a whole-text pass until it
changes nothing costs one pass per level: ``&amp;amp;amp;…`` 400 KB deep took 8 s. Here
the text is read once. An entity is a *redex* when unescaping changes it. Redexes never
overlap (an entity holds no ``&`` or ``;`` inside) and each replacement is shorter than the
entity, so every order of replacing them ends in the same text: the one the repeated
passes gave. A replacement can only form a new entity with the characters right around
it, so after each one the scan re-reads its output, char by char, only while the output
still ends in what could begin an entity (``&``, ``&#1``, ``&am``): at most
``MAX_ENTITY_CHARS`` characters. Everything else moves in C-speed slices.
"""

from __future__ import annotations

import html

import regex

MAX_ENTITY_CHARS = 34
"""``&`` + at most 32 name characters (or ``#x`` and 6 hex digits) + ``;``."""
_TAIL_KEEP = 2 * MAX_ENTITY_CHARS
QUICK_PASSES = 2
"""Whole-text passes tried first; text nested deeper goes through the linear scan."""
# Entities only, and only with their ";": "&region=vn" in a URL is not "®ion=vn", though
# html.unescape alone would read "&reg" in it.
ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ENTITY_AT_END = regex.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});\Z"
)
_AMP_CHAIN = regex.compile(r"&(?:amp;|AMP;|#38;|#[xX]26;)+")
_NAME_RUN = regex.compile(rf"[#A-Za-z0-9]{{0,{MAX_ENTITY_CHARS}}};?")
_OPEN_AT_END = regex.compile(
    r"&(?:#(?:[0-9]{0,7}|[xX][0-9a-fA-F]{0,6})|[A-Za-z][A-Za-z0-9]{0,31})?\Z"
)


class _Output:
    """The text written so far: pieces (string, used length) and its last characters."""

    def __init__(self) -> None:
        self.pieces: list[tuple[str, int]] = []
        self.tail = ""

    def push(self, text: str) -> None:
        if text:
            self.pieces.append((text, len(text)))
            self.tail = (self.tail + text[-_TAIL_KEEP:])[-_TAIL_KEEP:]

    def drop(self, count: int) -> None:
        """Forget the last ``count`` characters (a redex), without copying big pieces."""
        while count:
            text, used = self.pieces[-1]
            if used <= count:
                self.pieces.pop()
                count -= used
            else:
                self.pieces[-1] = (text, used - count)
                count = 0
        parts: list[str] = []
        size = 0
        for text, used in reversed(self.pieces):
            parts.append(text[max(used - _TAIL_KEEP, 0) : used])
            size += len(parts[-1])
            if size >= _TAIL_KEEP:
                break
        self.tail = "".join(reversed(parts))[-_TAIL_KEEP:]

    def open_entity(self) -> bool:
        """Whether the output ends in what could be the start of an entity."""
        return "&" in self.tail and _OPEN_AT_END.search(self.tail) is not None

    def text(self) -> str:
        return "".join(t if used == len(t) else t[:used] for t, used in self.pieces)


def _unescape(match: regex.Match[str]) -> str:
    return html.unescape(match.group(0))


def _reduce(out: _Output) -> str:
    """If the output now ends in a redex, take it back and return its replacement."""
    found = _ENTITY_AT_END.search(out.tail)
    if found is None:
        return ""
    plain = html.unescape(found.group(0))
    if plain == found.group(0):
        return ""
    out.drop(len(found.group(0)))
    return plain


def unescape_fixpoint(text: str) -> str:
    """``text`` with entities unescaped until none is left that unescaping would change."""
    if "&" not in text:  # no entity (most lines): not even the chain substitution
        return text
    # "&amp;amp;amp;" is "&" whatever follows: the commonest nesting, rewritten in C.
    text = _AMP_CHAIN.sub("&", text)
    # Real text needs one or two whole-text passes (C speed); deeper nesting goes on in
    # one linear scan instead of one pass per level.
    for _ in range(QUICK_PASSES):
        if "&" not in text:
            return text
        unescaped = ENTITY.sub(_unescape, text)
        if unescaped == text:
            return text
        text = unescaped
    if "&" not in text:
        return text
    return _scan(text)


def _scan(text: str) -> str:
    out = _Output()
    pending = ""  # replacement text, read before text[pos:]
    pos = 0
    while True:
        while pending:  # a replacement may complete an entity with the output behind it
            char, pending = pending[0], pending[1:]
            out.push(char)
            if char == ";":
                pending = _reduce(out) + pending
        if pos >= len(text):
            break
        if out.open_entity():
            # The output ends in "&am" or "&#1": the input's next name characters may
            # complete it. Whatever they are, nothing older can take part afterwards.
            run = _NAME_RUN.match(text, pos)
            assert run is not None  # the pattern matches the empty string
            pos = run.end()
            out.push(run.group())
            if run.group().endswith(";"):
                pending = _reduce(out)
                if pending:
                    continue
        found = ENTITY.search(text, pos)  # the input's own next entity, found in C
        if found is None:
            out.push(text[pos:])
            break
        out.push(text[pos : found.start()])
        pos = found.end()
        plain = html.unescape(found.group(0))
        if plain == found.group(0):
            out.push(plain)
        else:
            pending = plain
    return out.text()
