"""Prefilters: the literal text every match of a pattern must contain, found once when a
rule file is loaded, so that a plain substring test can rule a pattern out before the
regex engine runs.

``required_literals`` reads a pattern the way regex engines extract their "must" strings,
but only as far as it can prove: the runs of plain characters at the top level of the
pattern (outside groups, classes and alternations, with no quantifier on their last
character). Anything it does not understand gives none, and the pattern is then always
searched. A literal is never a guess: each one is also checked against the pattern's own
matches by the tests.

The source signatures use it: 35 signature searches over the first 200 kB of a page of
an unknown site took 3.9 ms; a substring test of each one's literal first takes about a
third of that, and the full search then runs only where the literal occurs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from .patterns import class_end, group_close, structural_chars

_SIMPLE_ESCAPES = frozenset("dDwWsSbBAZzGtnrfv")
"""Alphanumeric escapes that match a class or a position and take no argument."""
_QUANTIFIERS = frozenset("?*+{")
_BREAKS = frozenset(".^$")
_COUNT = regex.compile(r"\d*,?\d*")
_FLAGS = regex.compile(r"\(\?([a-zA-Z]*)[:)]")  # inline flags, global or scoped


@dataclass(frozen=True, slots=True)
class Literal:
    """A string every match contains; compared ignoring case when ``ignore_case``."""

    text: str
    ignore_case: bool
    _search: Callable[[str], object] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, text: str, ignore_case: bool) -> Literal:
        # Ignoring case, the regex module's own case table decides (the Kelvin sign is a
        # "k"), as it does for the pattern; otherwise a plain substring test.
        search = regex.compile(regex.escape(text), regex.IGNORECASE).search if ignore_case else None
        return cls(text, ignore_case, search)

    def occurs_in(self, text: str) -> bool:
        if self._search is not None:
            return self._search(text) is not None
        return self.text in text


GUARD_SUFFIX = 4
"""A literal with no letter outside ASCII is guarded by its last this many characters when
another literal ends in them too ("afamily.vn/", "kenh14.vn/", "plo.vn/": ".vn/")."""


def guards(literals: Iterable[Literal]) -> dict[Literal, Literal]:
    """For each literal that has one, a shorter literal it holds, looked for first (once a
    page, however many literals share it): where the guard is absent, so is the literal.
    For a case-sensitive literal, a character outside ASCII (the rarest of its characters
    on a page in another script; when a page's text is all Latin-1 a character above it
    is known absent at once). Else, for any literal, a suffix it shares with another
    literal, looked for ignoring case when one of those sharing it is case-blind: a
    case-blind literal matches a text character for character (``regex``'s simple case
    folding), so the text's last characters of a match are a case-blind match of the
    suffix, and a case-sensitive literal's suffix is in the text as written. Else the
    longest other literal it holds (``_holds``)."""
    found: dict[Literal, Literal] = {}
    by_suffix: dict[str, list[Literal]] = {}
    unique = list(dict.fromkeys(literals))  # each once, in order
    for lit in unique:
        wide = [c for c in lit.text if not c.isascii()]
        if wide:
            if not lit.ignore_case:  # a case-blind one would need the other cases too
                found[lit] = Literal.of(max(wide), False)
        elif len(lit.text) > GUARD_SUFFIX:
            by_suffix.setdefault(lit.text[-GUARD_SUFFIX:], []).append(lit)
    for suffix, sharing in by_suffix.items():
        if len(sharing) > 1:
            guard = Literal.of(suffix, any(lit.ignore_case for lit in sharing))
            found.update((lit, guard) for lit in sharing)
    # Else the longest shorter literal it holds, looked for anyway ("VnExpress.net" for
    # "vnexpress.net/" and 'content="vnexpress.net"'): one search answers for several.
    for lit in unique:
        held = [g for g in unique if _holds(lit, g)]
        if held and lit not in found:
            found[lit] = max(held, key=lambda g: len(g.text))
    return found


_ALIKE = str.maketrans({c: c.lower() for c in "ABCDEFGHJKLMNOPQRSTUVWXYZ"})
"""ASCII capitals whose lower case matches the very same characters ignoring case (all but
``I``: ``i`` also matches ``İ``, ``I`` also ``ı``; ``tests/test_literals.py``)."""


def _holds(lit: Literal, other: Literal) -> bool:
    """Every text holding ``lit`` (as it is compared) holds ``other``: ``other`` is shorter
    and written inside it, or both are ASCII, ``other`` is case-blind and inside ``lit``
    once capitals are lowered where that changes nothing ignoring case (``_ALIKE``). A
    case-blind ``lit`` holds only a case-blind one."""
    if len(other.text) >= len(lit.text) or (lit.ignore_case and not other.ignore_case):
        return False
    if other.text in lit.text:
        return True
    return (
        other.ignore_case
        and lit.text.isascii()
        and other.text.isascii()
        and other.text.translate(_ALIKE) in lit.text.translate(_ALIKE)
    )


MIN_LITERAL = 4
"""Shorter runs ("<", "://") are chosen only when a pattern has no longer one."""


def key_literal(pattern: str, *, ignore_case: bool = False) -> Literal | None:
    """One literal every match of ``pattern`` must contain, or ``None`` when none is proved.

    Of the pattern's top-level runs, the last one of at least MIN_LITERAL characters: a
    signature names its site last (``<link … rel="canonical" … href="…vnexpress.net/``,
    ``og:site_name" content="VietNamNet``), after markup that every page has, and a
    literal that every page has rules nothing out. The choice only changes speed.
    """
    runs = required_literals(pattern, ignore_case=ignore_case)
    return runs[-1] if runs else None


def required_literals(pattern: str, *, ignore_case: bool = False) -> tuple[Literal, ...]:
    """Literal runs every match of ``pattern`` must contain, in pattern order (empty when
    none is proved)."""
    for flags in _FLAGS.findall(pattern):
        if "x" in flags or "X" in flags:
            return ()  # verbose: white space and comments are not literal
        if "i" in flags:
            ignore_case = True  # a scoped flag makes the literals case-blind: still safe
    runs = _top_level_runs(pattern)
    if not runs:
        return ()
    long = [r for r in runs if len(r) >= MIN_LITERAL] or [max(runs, key=len)]
    return tuple(Literal.of(r, ignore_case) for r in long)


def _top_level_runs(pattern: str) -> list[str] | None:
    runs: list[str] = []
    run: list[str] = []
    i, n = 0, len(pattern)

    def end_run() -> None:
        if run:
            runs.append("".join(run))
            run.clear()

    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                return None
            e = pattern[i + 1]
            if not e.isalnum():
                char, i = e, i + 2  # an escaped punctuation mark is itself
            elif e in _SIMPLE_ESCAPES:
                end_run()
                i += 2
                continue
            elif e in "pP":
                end_run()
                if i + 2 < n and pattern[i + 2] == "{":
                    close = pattern.find("}", i + 3)
                    if close < 0:
                        return None
                    i = close + 1
                else:
                    i += 3
                continue
            else:
                return None  # back-references, \x, \N{…}, \L<…>, \Q…: not worth proving
        elif c == "(":
            end_run()
            i = _skip_group(pattern, i)
            if i < 0:
                return None
            continue
        elif c == "[":
            end_run()
            i = class_end(pattern, i)
            if i < 0:
                return None
            continue
        elif c in "|)":
            return None  # an alternation at the top level: no run is required
        elif c in _BREAKS:
            end_run()
            i += 1
            continue
        elif c in _QUANTIFIERS:
            end_run()  # after a group, a class or a class escape
            i = _skip_quantifier(pattern, i)
            if i < 0:
                return None
            continue
        else:
            char, i = c, i + 1
        if i < n and pattern[i] in _QUANTIFIERS:
            end_run()  # a quantified character may be absent or repeated: not in the run
            continue
        run.append(char)
    end_run()
    return runs


def _skip_quantifier(pattern: str, i: int) -> int:
    """Index just past the quantifier at ``i`` (-1 for a brace that is not a plain count:
    the engine may read it as text, or as a fuzzy-matching constraint)."""
    if pattern[i] == "{":
        close = pattern.find("}", i)
        if close < 0 or _COUNT.fullmatch(pattern[i + 1 : close]) is None:
            return -1
        i = close + 1
    else:
        i += 1
    while i < len(pattern) and pattern[i] in "?+":
        i += 1  # lazy or possessive
    return i


def _skip_group(pattern: str, i: int) -> int:
    """Index just past the group opening at ``i`` (-1 if it never closes)."""
    close = group_close(pattern, i)
    return close + 1 if close >= 0 else -1


_ASCII = "".join(map(chr, range(128)))
_NARROWING_FLAGS = regex.compile(r"\(\?[a-zA-Z-]*[fV]|\(\?#")
"""Inline full case folding (``ß`` matches ``ss``), a version switch (V1 folds fully when
case is ignored) or a comment (it may hold brackets): ``needs_wide`` proves nothing."""
_CONTENT_GROUP = regex.compile(r"\((?!\?)|\(\?(?::|>|P?<\w+>|[a-zA-Z]*-?[a-zA-Z]+:)")
"""Group openings whose content is part of the match: capturing, named, non-capturing,
atomic, scoped flags. Lookarounds, conditions and the rest are passed over."""
_BRACE = regex.compile(r"\{(\d*)(?:,\d*)?\}")


@lru_cache(maxsize=4096)
def wide_only(char: str) -> bool:
    """``char``, written in a pattern, matches no ASCII character even ignoring case: the
    engine's own answer (``K``, the Kelvin sign, is a ``k`` ignoring case)."""
    return not char.isascii() and (
        regex.compile(regex.escape(char), regex.IGNORECASE | regex.V0).search(_ASCII) is None
    )


def needs_wide(pattern: str, flags: int = 0) -> bool:
    """Whether every match of ``pattern`` holds a character outside ASCII, as far as that is
    proved: a literal character that only matches such characters (``wide_only``), outside
    any quantifier that lets it be absent, at the top level or in a group every alternative
    of which has one. A text of ASCII characters alone then has no match. Anything the
    reader does not follow (back-references, ``\\x``/``\\N`` escapes, fuzzy counts, full
    case folding, comments) proves nothing from there on; classes and lookarounds count
    for nothing. Case is always taken as ignored, which only widens what a character
    matches."""
    if flags & (regex.FULLCASE | regex.VERBOSE | regex.V1) or _NARROWING_FLAGS.search(pattern):
        return False
    if any("x" in f or "X" in f for f in _FLAGS.findall(pattern)):
        return False
    return _alternatives_wide(pattern, 0, len(pattern))


def _alternatives_wide(pattern: str, i: int, end: int) -> bool:
    """Every alternative of ``pattern[i:end]`` (split at its own level) ``_sequence_wide``."""
    start, depth = i, 0
    for at, char in structural_chars(pattern, i):
        if at < 0:
            return False
        if at >= end:
            break
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            if not _sequence_wide(pattern, start, at):
                return False
            start = at + 1
    return _sequence_wide(pattern, start, end)


def _sequence_wide(pattern: str, i: int, end: int) -> bool:
    """Whether one element of the sequence ``pattern[i:end]`` (no ``|`` at its level) is
    sure to match a character outside ASCII, reading its elements left to right."""
    while i < end:
        c = pattern[i]
        wide = False
        if c == "\\":
            e = pattern[i + 1 : i + 2]
            if e in ("p", "P"):
                close = pattern.find("}", i) if pattern[i + 2 : i + 3] == "{" else i + 2
                if close < 0:
                    return False
                after = close + 1
            elif e and (not e.isalnum() or e in _SIMPLE_ESCAPES):
                after = i + 2  # escaped punctuation (ASCII) or a class or position
            else:
                return False
        elif c == "(":
            after = _skip_group(pattern, i)
            if after < 0 or after > end:
                return False
            opened = _CONTENT_GROUP.match(pattern, i)
            wide = opened is not None and _alternatives_wide(pattern, opened.end(), after - 1)
        elif c == "[":
            after = class_end(pattern, i)
            if after < 0:
                return False
        elif c in "|)*+?{":
            return False  # not where an element starts: unsure
        else:
            wide, after = wide_only(c), i + 1
        if after < end and pattern[after] in _QUANTIFIERS:
            if pattern[after] == "{":
                count = _BRACE.match(pattern, after)
                if count is None:
                    return False  # a fuzzy constraint or text: unsure
                wide = wide and int(count.group(1) or 0) > 0
            else:
                wide = wide and pattern[after] == "+"
            after = _skip_quantifier(pattern, after)
            if after < 0:
                return False
        if wide:
            return True
        i = after
    return False
