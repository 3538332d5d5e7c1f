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
- :class:`EndingGate` (``gate = {ending = K, gap = G}``, ``head = H`` optional): a line
  ends with the last K characters of an earlier line, and each line between them holds
  at most G characters other than white space; with ``head``, each of the two holds at
  most H such characters before the longest ending they share.

The engine asks a gate of the document's lines through the block sieve (``sieve.py``:
each line's question kept by the decision memo, the lines counted or compared in C).
``passes`` asks it of a whole document, for ``Rule.spans`` (a rule the sieve does not
ask: a time-limited user rule, or a document one of whose texts holds a line break):
``_ctext``'s twin of each check where ``native.ENABLED`` (a loop over the document's
code points); ``passes_python`` stays the reference (``tests/test_rule_gates.py`` holds
the two to the same answers), but without the compiled module no gate is asked
(:func:`unasked`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
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
    in each line alone (:func:`line_fits`), so a line's answer is a fact of its text,
    which the decision memo keeps (``sieve.py``)."""

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
    (``str.isspace``, which every character ``regex`` reads as ``\\s`` is), and, where
    ``head`` is given, each of the two lines holding at most ``head`` such characters
    before the longest ending they share (a line printed again with at most a short
    label before it, not two lines that happen to end alike)."""

    chars: int
    gap: int
    head: int | None = None
    """At least ``gap`` (``parse_gate``): an earlier line that holds at most ``gap`` fits
    any ``head``, so each line is compared with at most two earlier ones before the check
    answers or the compared lines are forgotten (a line of more than ``gap``)."""


Gate = LineGate | EndingGate

_GATE_LINES = frozenset({"lines", "max_chars", "pattern"})
_GATE_LINES_MAY = frozenset({"step", "digit"})
_GATE_ENDING = frozenset({"ending", "gap"})
_GATE_ENDING_MAY = frozenset({"head"})

_DIGIT = re.compile("[0-9\u0660-\u1dff\u2c00-\U0010ffff]").search
"""A character that may be a decimal digit as ``regex`` reads ``\\d``: 0-9, or any at
U+0660 or above outside U+1E00-U+2BFF (Vietnamese letters, punctuation, symbols: no
digits there). Wider than ``str.isdecimal``: ``regex``'s Unicode is newer than Python's
(U+10D40 is a digit to it); ``tests/test_rule_gates.py`` checks that every ``\\d`` is here."""


def line_fits(gate: LineGate, line: str) -> bool:
    """The question :class:`LineGate` asks of one line (without a line break): at most
    ``max_chars`` characters, a character that may be a digit where it asks one
    (:data:`_DIGIT`), and a match of its pattern in the line alone."""
    return (
        len(line) <= gate.max_chars
        and (not gate.digit or _DIGIT(line) is not None)
        and gate.search()(line, 0) is not None
    )


def chained(found: list[bool], count: int, step: int) -> bool:
    """Whether ``count`` of the lines ``found`` hold, each ``step`` lines after the one
    before where ``step`` is not 0 (in any places where it is 0)."""
    chain = [0] * len(found)  # line -> how many found lines end at it, step apart
    seen = 0
    for k, hit in enumerate(found):
        if not hit:
            continue
        seen += 1
        chain[k] = (chain[k - step] if k >= step else 0) + 1 if step else seen
        if chain[k] >= count:
            return True
    return False


def lines_python(gate: LineGate, document: str) -> bool:
    """:class:`LineGate`'s check: its question asked of each line alone (``line_fits``),
    the lines that fit counted (``chained``)."""
    return chained([line_fits(gate, line) for line in document.split("\n")], gate.count, gate.step)


def _solid(line: str) -> int:
    """How many characters of ``line`` are not white space. A printable text's only white
    space is ``" "`` (every other ``str.isspace`` character is a control or a separator:
    ``tests/test_rule_gates.py``), so most lines are counted without a split."""
    if line.isprintable():
        return len(line) - line.count(" ")
    return len("".join(line.split()))


def wide(line: str, gap: int) -> bool:
    """Whether ``line`` holds more than ``gap`` characters other than white space."""
    return len(line) > gap and _solid(line) > gap


def heads_fit(first: str, second: str, head: int) -> bool:
    """Whether each of two lines holds at most ``head`` characters other than white space
    before the longest ending they share."""
    shared = 0
    most = min(len(first), len(second))
    while shared < most and first[-1 - shared] == second[-1 - shared]:
        shared += 1
    return (
        _solid(first[: len(first) - shared]) <= head
        and _solid(second[: len(second) - shared]) <= head
    )


def endings_python(document: str, chars: int, gap: int, head: int | None = None) -> bool:
    """:class:`EndingGate`'s check (:func:`endings_of`) on a document's lines."""
    return endings_of(document.split("\n"), chars, gap, head)


def endings_of(lines: list[str], chars: int, gap: int, head: int | None = None) -> bool:
    """:class:`EndingGate`'s check on ``lines``. The lines compared with a line are the
    last one holding more than ``gap`` characters other than white space and the lines
    after it (any earlier line has that one between it and this line), by their
    endings."""
    seen: dict[str, list[str]] = {}
    for line in lines:
        ending = line[-chars:] if len(line) >= chars else None
        if ending is not None:
            for earlier in seen.get(ending, ()):
                if head is None or heads_fit(earlier, line, head):
                    return True
        if wide(line, gap):
            seen = {}
        if ending is not None:
            seen.setdefault(ending, []).append(line)
    return False


def passes_python(gate: Gate, document: str) -> bool:
    """Whether ``document`` meets ``gate`` (the reference)."""
    if isinstance(gate, LineGate):
        return lines_python(gate, document)
    return endings_python(document, gate.chars, gate.gap, gate.head)


def passes_native(gate: Gate, document: str) -> bool:
    """:func:`passes_python` by ``_ctext.gate_lines`` / ``_ctext.gate_endings``."""
    compiled = native.compiled
    assert compiled is not None
    if isinstance(gate, LineGate):
        return compiled.gate_lines(
            document, gate.count, gate.max_chars, gate.step, gate.digit, gate.search()
        )
    return compiled.gate_endings(
        document, gate.chars, gate.gap, -1 if gate.head is None else gate.head
    )


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
    ending = _GATE_ENDING <= keys <= _GATE_ENDING | _GATE_ENDING_MAY
    if not ending and not (_GATE_LINES <= keys <= _GATE_LINES | _GATE_LINES_MAY):
        raise fail("must be {lines, max_chars, pattern[, step][, digit]} or {ending, gap[, head]}")
    # ``head`` last: it is at least ``gap``, checked first.
    for key in sorted(keys - {"pattern", "digit"}, key=lambda k: k == "head"):
        value = raw[key]
        least = raw["gap"] if key == "head" else 0 if key in ("gap", "step") else 1
        # TOML's true is a Python int too: ``lines = true`` is no count.
        if type(value) is not int or value < least:
            raise fail(f"{key} must be a whole number of at least {least}")
    if ending:
        return EndingGate(chars=raw["ending"], gap=raw["gap"], head=raw.get("head"))
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
