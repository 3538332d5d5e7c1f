"""What a line must hold for a line-rule step to match, read from the step's pattern (and
its rule's ``needs``) when the rules are loaded: the compiled loop over a line's steps
(``cleaner/_ctext_first.c``) skips a step whose requirement the line does not meet, without
calling the ``regex`` engine (a call costs about 130 ns before it reads a character).

A requirement is a conjunction of clauses, each a disjunction of literals: every match of
the step contains, for every clause, one of its literals (``clauses``). The reader proves
only what it follows: the runs of plain characters of a sequence, a group that is not
optional (one literal from each of its alternatives: the clause is their union), a class
that lists a few characters; anything else adds nothing, and a fuzzy constraint, a
comment, verbose or full-case-folding syntax gives no requirement at all.

The line is summarised once, in C: a bitmap of the hashes (``pair_bit``) of each
character and of each two adjacent characters of the part of the text the steps search.
A literal is then present only if the bit of each of its adjacent pairs (of one
character: its own) is set, with every case ``regex`` matches for a character where case
is ignored (``cases``: the engine's own table). A bit set by another pair only lets a step
through to its search; a bit is never clear where the literal occurs. So the answer is a
"maybe", and the search decides: the first rule of a line is the same
(``tests/test_line_filter.py``).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from itertools import pairwise

import regex

from .literals import _SIMPLE_ESCAPES
from .patterns import class_end, group_close, split_branches

BITS = 4096
"""Bits of a line's summary (512 bytes): a 76-character line sets at most 152 of them."""
SINGLE = 0x110000
"""The second "character" of a one-character entry (no code point has it)."""
_HASH_A = 0x9E3779B1
_HASH_B = 0x85EBCA77
_MASK32 = 0xFFFFFFFF
_FULL_OR_VERBOSE = regex.compile(r"\(\?[a-zA-Z-]*[fVxX]|\(\?#|\(\?[a-zA-Z]*\)")
"""Inline full case folding, a version switch, verbose mode, a comment or a global inline
flag: no requirement is read from such a pattern."""
_QUANTIFIER = regex.compile(r"(?:[?*+]|\{(\d*)(,\d*)?\})[?+]?")
Clause = tuple[tuple[str, bool], ...]
"""Literals (text, case ignored) one of which every match contains."""


def pair_bit(a: int, b: int) -> int:
    """The summary's bit for the code points ``a`` then ``b`` (``SINGLE``: ``a`` alone), as
    ``_ctext_first.c`` computes it in 32-bit arithmetic."""
    return ((((a * _HASH_A) & _MASK32) ^ ((b * _HASH_B) & _MASK32)) >> 20) % BITS


def cases(char: str, ignore_case: bool) -> tuple[int, ...] | None:
    """The code points a pattern's ``char`` matches: itself, or ignoring case every one the
    engine's simple case folding relates to it (``regex``'s own table, which its compiler
    uses; ``None``, any character, where that table is not there)."""
    if not ignore_case:
        return (ord(char),)
    table = getattr(getattr(regex, "_regex", None), "get_all_cases", None)
    if table is None:
        return None
    return tuple(sorted({ord(char), *table(regex.IGNORECASE, ord(char))}))


def clauses(pattern: str, ignore_case: bool) -> tuple[Clause, ...]:
    """What every match of ``pattern`` contains (empty: nothing proved)."""
    if _FULL_OR_VERBOSE.search(pattern):
        return ()
    alternatives = split_branches(pattern)
    if alternatives is None:
        return ()
    found = _alternatives([_sequence(a, ignore_case) for a in alternatives])
    return () if found is None else found


def _alternatives(each: Sequence[list[Clause] | None]) -> tuple[Clause, ...] | None:
    """The requirement of a choice between sequences: one alternative's own, or one clause
    uniting a clause of each (the one whose shortest literal is longest, then the one with
    fewest literals: a longer literal is rarer); ``None`` when an
    alternative is unreadable."""
    if any(found is None for found in each):
        return None
    if len(each) == 1:
        return tuple(each[0] or ())
    union: list[tuple[str, bool]] = []
    for found in each:
        if not found:
            return ()
        best = max(found, key=lambda c: (min(len(t) for t, _ in c), -len(c)))
        union.extend(best)
    return (tuple(dict.fromkeys(union)),)


def _sequence(part: str, ignore_case: bool) -> list[Clause] | None:
    """The clauses of a sequence with no ``|`` at its level (``None``: unreadable)."""
    found: list[Clause] = []
    run: list[str] = []

    def end_run() -> None:
        if run:
            found.append((("".join(run), ignore_case),))
            run.clear()

    i, n = 0, len(part)
    while i < n:
        c = part[i]
        after = i + 1
        element: list[Clause] | None = []
        char: str | None = None
        if c == "\\":
            e = part[i + 1 : i + 2]
            if not e:
                return None
            if not e.isalnum():
                char, after = e, i + 2
            elif e in _SIMPLE_ESCAPES:
                after = i + 2
            elif e in "pP" and part[i + 2 : i + 3] == "{":
                close = part.find("}", i + 2)
                if close < 0:
                    return None
                after = close + 1
            else:
                end_run()
                return found  # \x, \N, a reference...: what came before still holds
        elif c == "(":
            close = group_close(part, i)
            if close < 0:
                return None
            after = close + 1
            element = _group(part, i, close, ignore_case)
        elif c == "[":
            after = class_end(part, i)
            if after < 0:
                return None
            element = _class(part[i + 1 : after - 1], ignore_case)
        elif c in "|)":
            return None
        elif c not in ".^$" and c not in "?*+{":
            char = c
        elif c in "?*+{":
            return None  # a quantifier with nothing before it: the engine's reading
        quantified = optional = False
        if after < n and part[after] in "?*+{":
            quantifier = _QUANTIFIER.match(part, after)
            if quantifier is None:
                return None  # a fuzzy constraint or a brace the engine reads as text
            quantified = True
            optional = part[after] in "?*" or (part[after] == "{" and not int(quantifier[1] or 0))
            after = quantifier.end()
        if element is None:
            return None
        if char is not None and not quantified:
            run.append(char)  # a plain character
        else:
            end_run()
            if optional:
                pass
            elif char is not None:
                found.append(((char, ignore_case),))
            else:
                found.extend(element)
        i = after
    end_run()
    return found


_CONTENT = regex.compile(r"\((?:\?(?::|>|P?<\w+>|'\w+'|([a-zA-Z]*)(?:-[a-zA-Z]*)?:))?")
"""A group whose content is part of the match (capturing, named, non-capturing, atomic,
scoped flags; group 1: the flags turned on)."""


def _group(part: str, i: int, close: int, ignore_case: bool) -> list[Clause] | None:
    opened = _CONTENT.match(part, i)
    if opened is None or (opened.end() == i + 1 and part[i + 1 : i + 2] == "?"):
        return []  # a lookaround, condition, reference or verb: nothing proved
    inner = part[opened.end() : close]
    blind = ignore_case or "i" in (opened.group(1) or "")
    alternatives = split_branches(inner)
    if alternatives is None:
        return None
    found = _alternatives([_sequence(a, blind) for a in alternatives])
    return None if found is None else list(found)


def _class(body: str, ignore_case: bool) -> list[Clause]:
    """A class listing a few plain characters: one of them ([|•·-]); else nothing."""
    if not body or body[0] == "^" or len(body) > 8 or any(c in "\\[]" for c in body):
        return []
    if "-" in body[1:-1] or any(d in body for d in ("&&", "||", "~~")):
        return []  # a range or a set operation
    return [tuple((c, ignore_case) for c in dict.fromkeys(body))]


def encode(found: Iterable[Clause]) -> bytes | None:
    """The clauses as ``_ctext_first.c`` reads them (``None``: no requirement), unsigned
    16-bit numbers: the number of clauses; for each, its number of literals and of the
    numbers that follow for it; for each literal, its number of groups and of the numbers
    that follow for it; for each group, its number of bits and the bits, one of which the
    line's summary must have. A literal's groups are its character (in each of its cases)
    when it has one, else each pair of adjacent characters whose cases are known, the ones
    likely rarest first (``_rarity``); clauses with fewer numbers come first. The C stops
    at a literal's first missing group and at a clause's first literal present, and skips
    to the next by the counts. A literal with no group could be anywhere, so its clause
    is left out (and one too long for the counts)."""
    encoded = []
    for clause in found:
        literals = [_groups(text, blind) for text, blind in clause]
        if any(not groups for groups in literals):
            continue
        words: list[int] = []
        for groups in literals:
            body = [w for bits in groups for w in (len(bits), *bits)]
            words += [len(groups), len(body), *body]
        if len(words) < 0x10000:
            encoded.append([len(literals), len(words), *words])
    if not encoded:
        return None
    encoded.sort(key=len)
    return array("H", [len(encoded), *(w for c in encoded for w in c)]).tobytes()


_COMMON = frozenset(" etaoinhsrcdlmuygpbvkfw,.")
"""Characters frequent in prose (Latin letters that Vietnamese and English text use most,
the space and the comma and full stop): a group of them is looked up last. Only the
order, so only speed, depends on it."""


def _rarity(text: str, at: int) -> int:
    return sum(c.lower() in _COMMON for c in text[at : at + 2])


def _groups(text: str, blind: bool) -> list[tuple[int, ...]]:
    known = [cases(c, blind) for c in text]
    if len(text) == 1:
        first = known[0]
        return [] if first is None else [tuple(sorted({pair_bit(a, SINGLE) for a in first}))]
    groups = []
    for at in sorted(range(len(text) - 1), key=lambda at: _rarity(text, at)):
        a, b = known[at], known[at + 1]
        if a is not None and b is not None:
            groups.append(tuple(sorted({pair_bit(x, y) for x in a for y in b})))
    return list(dict.fromkeys(groups))


def summary(text: str) -> set[int]:
    """The bits ``_ctext_first.c`` sets for ``text`` (for tests and the Python twin)."""
    points = [ord(c) for c in text]
    bits = {pair_bit(a, SINGLE) for a in points}
    bits.update(pair_bit(a, b) for a, b in pairwise(points))
    return bits


def passes(wants: bytes | None, bits: set[int]) -> bool:
    """Whether a summary meets an encoded requirement (``encode``), read as the C reads it."""
    if wants is None:
        return True
    words = array("H")
    words.frombytes(wants)
    k = 1
    for _ in range(words[0]):
        literals, size = words[k], words[k + 1]
        k, end = k + 2, k + 2 + size
        found = False
        for _ in range(literals):
            groups, size = words[k], words[k + 1]
            k, after = k + 2, k + 2 + size
            present = True
            for _ in range(groups):
                count = words[k]
                if not any(b in bits for b in words[k + 1 : k + 1 + count]):
                    present = False
                    break
                k += 1 + count
            k = after
            if present:
                found = True
                break
        if not found:
            return False
        k = end
    return True


def step_wants(pattern: regex.Pattern[str], needs: Sequence[str], blind: bool) -> bytes | None:
    """The encoded requirement of a line-rule step searching ``pattern`` (one alternative
    of a rule, or its whole pattern), with the rule's ``needs`` (case ignored where
    ``blind``): one of them is in the text with a line break put before it, so each one,
    less that break, is in the text (``"\\n"`` alone proves nothing)."""
    found = list(clauses(pattern.pattern, bool(pattern.flags & regex.IGNORECASE)))
    if needs and all(n != "\n" for n in needs):
        found.append(tuple((n.removeprefix("\n"), blind) for n in needs))
    return encode(found)
