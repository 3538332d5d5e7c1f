"""Which of several literals may occur in a text, in one compiled pass: the source
signatures' prefilter (``RuleBook.select``) where the compiled module is in use.

On a page of a site no rule file names, ``select`` looks for each signature's literal
(``literals.key_literal``) in the first 200,000 characters of the page: 27 literals and
their guards, each a substring or ``regex`` search over the whole head, about 0.55 ms of
a WCXB page (8%). ``LiteralScan`` reads the head once instead (``_ctext.LiteralScan``).
It answers "may occur", never "does not" where ``Literal.occurs_in`` finds the literal:
``select`` then runs the signature's own search, which decides, as it did after the
substring tests. So the chosen source is the same; only the work differs.

How a literal is compared: a case-sensitive one character for character; a case-blind
one by ASCII letters in either case or a character ``regex`` also takes for them ignoring
case (``ASCII_CASE_EXTRAS``), its other ASCII characters as written, and its characters
outside ASCII not at all (any character passes there): a superset of what ``regex``
matches ignoring case, so never a "no" where it finds one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import native
from .literals import Literal

if TYPE_CHECKING:
    from ._ctext import LiteralScan as Compiled

ASCII_CASE_EXTRAS = {"k": "\u212a", "s": "\u017f", "i": "\u0130\u0131"}
"""Characters outside ASCII that ``regex`` matches to an ASCII letter (its lower case is
the key) ignoring case: the Kelvin sign, the long s, the dotted capital and the dotless i.
``tests/test_literal_scan.py`` checks the installed ``regex`` against this over every code
point."""
COMMON_CHARS = (
    ' etaoinr-slcd"pm.uhg/0:fb1w=2>v<y,;3_5x4k6879)({}'
    "A\\CS&jzq'TIEML#FB%PD![]NRUOHV+GWYZQ?JK@*X|$`~^"
)
"""Printable ASCII, most frequent first in the first 200,000 characters of 300 WCXB and
the 27 vi corpus pages (counted 2026-11-30). It only decides which two characters of a
literal are looked up first, so only speed depends on it; other characters count as
rarer than all of these."""

Positions = list[tuple[int, ...] | None]


def positions(lit: Literal) -> Positions:
    """Each character of ``lit`` as the code points a text may hold there (``None``: any)."""
    out: Positions = []
    for c in lit.text:
        if not lit.ignore_case:
            out.append((ord(c),))
        elif c.isascii():
            cases = dict.fromkeys([c, c.lower(), c.upper(), *ASCII_CASE_EXTRAS.get(c.lower(), "")])
            out.append(tuple(map(ord, cases)))
        else:
            out.append(None)
    return out


def _commonness(accepted: tuple[int, ...]) -> int:
    n = len(COMMON_CHARS)
    return sum(n - COMMON_CHARS.index(chr(cp)) for cp in accepted if chr(cp) in COMMON_CHARS)


def anchor(spec: Positions) -> int | None:
    """The first of the three adjacent positions looked up first: those whose characters
    are rarest together (``None``: no three adjacent positions without a wildcard)."""
    kept = [
        (_commonness(a) * _commonness(b) * _commonness(c), i)
        for i, (a, b, c) in enumerate(zip(spec, spec[1:], spec[2:], strict=False))
        if a is not None and b is not None and c is not None
    ]
    return min(kept)[1] if kept else None


@dataclass(frozen=True, slots=True)
class LiteralScan:
    """Several literals, looked for in one pass of the compiled module."""

    literals: tuple[Literal, ...]
    compiled: Compiled
    slots: dict[Literal, int]
    """Each literal's index in what ``find`` gives; -1 for one that may occur in any text
    (one without three adjacent characters compared: shorter than three, or case-blind
    with no three ASCII characters side by side)."""

    @classmethod
    def of(cls, literals: Iterable[Literal]) -> LiteralScan | None:
        """The scan of ``literals``, or ``None`` where the compiled module is not in use."""
        if not native.ENABLED or native.compiled is None:
            return None
        unique = tuple(dict.fromkeys(literals))
        specs: list[tuple[Positions, int]] = []
        slots: dict[Literal, int] = {}
        for lit in unique:
            spec = positions(lit)
            first = anchor(spec)
            if first is None:
                slots[lit] = -1
            else:
                slots[lit] = len(specs)
                specs.append((spec, first))
        return cls(unique, native.compiled.LiteralScan(specs), slots)

    def slots_of(self, keys: Sequence[Literal | None]) -> tuple[int, ...]:
        """Each key's index in what ``find`` gives, -1 for one that may occur in any text
        (``None`` included): worked out once, so that ``candidates_at`` hashes no
        ``Literal`` (a frozen dataclass's hash is about 0.35 µs)."""
        slots = self.slots
        return tuple(-1 if key is None else slots[key] for key in keys)

    @staticmethod
    def candidates_at(slots: Sequence[int], found: bytes) -> list[int]:
        """The indices of ``slots`` (``slots_of``) whose literal may occur (``found``:
        ``find``'s answer for the text)."""
        return [i for i, slot in enumerate(slots) if slot < 0 or found[slot]]

    def candidates(self, keys: Sequence[Literal | None], found: bytes) -> list[int]:
        """The indices of ``keys`` whose literal may occur (``found``: ``find``'s answer for
        the text); a ``None`` key always may."""
        return self.candidates_at(self.slots_of(keys), found)

    def find(self, text: str) -> bytes:
        return self.compiled.find(text)
