"""A block rule's ``gate``: a necessary condition on the document, written in the rule's
data and checked before its pattern is searched (``docs/rules.md``).

``regex`` tries a block rule without a literal (``global.teaser-triple``,
``global.teaser-repeat``) at every line start of the document, about 0.3-0.5 µs each: the
largest searches of a text document. Most documents lack the lines such a match is made
of, and whether they have them is a question about the lines, not about the pattern. A
gate asks it in one pass over the lines; where it fails, the rule's search is skipped.

Two kinds, each generic (any rule may declare one) and each a claim about the pattern
that ``tests/test_rule_gates.py`` checks, never trusts: the gate passes on every document
the pattern matches (fixtures, seeds, the corpora where present, documents built to
match). Being necessary, a gate changes no result, only which searches run.

- :class:`LineGate` (``gate = {lines = N, max_chars = M, pattern = '...'}``): at least
  N lines of at most M characters in each of which ``pattern`` finds a match.
- :class:`EndingGate` (``gate = {ending = K, gap = G}``): a line ends with the last K
  characters of an earlier line, and each line between them holds at most G characters
  other than white space.

``passes`` is ``_ctext``'s twin of each check where ``native.ENABLED`` (a loop over the
document's code points, 2-6 µs a text document); ``passes_python`` stays the reference
(``tests/test_rule_gates.py`` holds the two to the same answers), but without the
compiled module no gate is asked (:func:`unasked`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import accumulate
from typing import Any

import regex

from . import native
from .errors import CleanerError
from .patterns import compile_pattern


@dataclass(frozen=True, slots=True)
class LineGate:
    """``count`` lines of at most ``max_chars`` characters (each holding a character that
    may be a digit, ``_DIGIT``, where ``digit``) in which ``pattern`` finds a match, each
    ``step`` lines after the one before where ``step`` is not 0. ``pattern`` is searched
    in those lines joined by line breaks (:func:`lines_python`): for a pattern that
    matches no line break, as in each line alone."""

    count: int
    max_chars: int
    pattern: regex.Pattern[str]
    step: int = 0
    digit: bool = False
    timeout: float | None = None
    """The rule file's time limit of one search (user files), as the rule's pattern has."""

    def search(self) -> Callable[[str, int], Any]:
        """``pattern.search``, with the time limit where there is one."""
        if self.timeout is None:
            search: Callable[[str, int], Any] = self.pattern.search
            return search
        return partial(self.pattern.search, timeout=self.timeout)


@dataclass(frozen=True, slots=True)
class EndingGate:
    """A line ends with the last ``chars`` characters of an earlier line, with every line
    between them holding at most ``gap`` characters other than white space
    (``str.isspace``, which every character ``regex`` reads as ``\\s`` is)."""

    chars: int
    gap: int


Gate = LineGate | EndingGate

_GATE_LINES = frozenset({"lines", "max_chars", "pattern"})
_GATE_LINES_MAY = frozenset({"step", "digit"})
_GATE_ENDING = frozenset({"ending", "gap"})

_DIGIT = re.compile("[0-9\u0660-\u1dff\u2c00-\U0010ffff]").search
"""A character that may be a decimal digit as ``regex`` reads ``\\d``: 0-9, or any at
U+0660 or above outside U+1E00-U+2BFF (Vietnamese letters, punctuation, symbols: no
digits there). Wider than ``str.isdecimal``: ``regex``'s Unicode is newer than Python's
(U+10D40 is a digit to it); ``tests/test_rule_gates.py`` checks that every ``\\d`` is here."""


def lines_python(gate: LineGate, document: str) -> bool:
    """:class:`LineGate`'s check. The lines the gate reads (short enough, with a digit
    where it asks one: :data:`_DIGIT`) are
    joined by line breaks and searched once from the start of each line after the one the
    last match started in (one call a line with a match, not one a line: a ``regex``
    call costs about 0.5 µs). The leftmost match from a line's start starts in the first
    line from there that has one, so for a pattern that matches no line break, every line
    with a match is visited, in order."""
    digit, step = gate.digit, gate.step
    kept = [
        (k, line)
        for k, line in enumerate(document.split("\n"))
        if len(line) <= gate.max_chars and (not digit or _DIGIT(line))
    ]
    if not kept:
        return False
    joined = "\n".join(line for _, line in kept)
    starts = list(accumulate((len(line) + 1 for _, line in kept), initial=0))
    chain: dict[int, int] = {}  # line -> how many found lines end at it, step apart
    search = gate.search()
    pos = 0
    while (match := search(joined, pos)) is not None:
        at = bisect_right(starts, match.start()) - 1  # the kept line the match starts in
        k = kept[at][0]
        chain[k] = chain.get(k - step, 0) + 1 if step else len(chain) + 1
        if chain[k] >= gate.count:
            return True
        if at + 1 >= len(kept):
            return False
        pos = starts[at + 1]
    return False


def _solid(line: str) -> int:
    """How many characters of ``line`` are not white space. A printable text's only white
    space is ``" "`` (every other ``str.isspace`` character is a control or a separator:
    ``tests/test_rule_gates.py``), so most lines are counted without a split."""
    if line.isprintable():
        return len(line) - line.count(" ")
    return len("".join(line.split()))


def endings_python(document: str, chars: int, gap: int) -> bool:
    """:class:`EndingGate`'s check. The endings compared with a line are those of the
    last line holding more than ``gap`` characters other than white space and of the lines
    after it: any earlier line has that one between it and this line."""
    seen: set[str] = set()
    for line in document.split("\n"):
        ending = line[-chars:] if len(line) >= chars else None
        if ending is not None and ending in seen:
            return True
        if len(line) > gap and _solid(line) > gap:
            seen = set()
        if ending is not None:
            seen.add(ending)
    return False


def passes_python(gate: Gate, document: str) -> bool:
    """Whether ``document`` meets ``gate`` (the reference)."""
    if isinstance(gate, LineGate):
        return lines_python(gate, document)
    return endings_python(document, gate.chars, gate.gap)


def passes_native(gate: Gate, document: str) -> bool:
    """:func:`passes_python` by ``_ctext.gate_lines`` / ``_ctext.gate_endings``."""
    compiled = native.compiled
    assert compiled is not None
    if isinstance(gate, LineGate):
        return compiled.gate_lines(
            document, gate.count, gate.max_chars, gate.step, gate.digit, gate.search()
        )
    return compiled.gate_endings(document, gate.chars, gate.gap)


def parse_gate(
    raw: Any, block: bool, flags: int, timeout: float | None, where: tuple[str, int, str]
) -> Gate:
    """``Rule.gate`` from a rule's ``gate = {...}`` (``rule_loader``): a block rule's, one
    of the two kinds, with whole numbers (``gap`` and ``step`` may be 0) and a pattern
    compiled with the rule's flags, so that it compares case as the rule's pattern does."""
    path, line, rule_id = where

    def fail(message: str) -> CleanerError:
        return CleanerError(f"gate: {message}", path=path, line=line, rule_id=rule_id)

    if not block:
        raise fail("only a block rule has a gate")
    keys = frozenset(raw) if isinstance(raw, dict) else frozenset()
    if keys != _GATE_ENDING and not (_GATE_LINES <= keys <= _GATE_LINES | _GATE_LINES_MAY):
        raise fail("must be {lines, max_chars, pattern[, step][, digit]} or {ending, gap}")
    for key in keys - {"pattern", "digit"}:
        value = raw[key]
        least = 0 if key in ("gap", "step") else 1
        # TOML's true is a Python int too: ``lines = true`` is no count.
        if type(value) is not int or value < least:
            raise fail(f"{key} must be a whole number of at least {least}")
    if keys == _GATE_ENDING:
        return EndingGate(chars=raw["ending"], gap=raw["gap"])
    pattern = raw["pattern"]
    if not isinstance(pattern, str) or not pattern:
        raise fail("pattern must be a non-empty string")
    if not isinstance(raw.get("digit", False), bool):
        raise fail("digit must be true or false")
    compiled = compile_pattern(pattern, flags, path, line, rule_id)
    return LineGate(
        count=raw["lines"],
        max_chars=raw["max_chars"],
        pattern=compiled,
        step=raw.get("step", 0),
        digit=raw.get("digit", False),
        timeout=timeout,
    )


def unasked(gate: Gate, document: str) -> bool:
    """Every document passes: without the compiled checks, the gates are not asked
    (Python's loops over the lines cost about what the searches they save: over the
    seeds' and corpus pages' naive text, 15.9 µs a document for the triple gate against
    27.5 for its rule, 18.6 for the repeat gate against 17.5)."""
    return True


passes = passes_native if native.ENABLED else unasked
"""Whether ``document`` meets ``gate``: the compiled check where it is in use."""
