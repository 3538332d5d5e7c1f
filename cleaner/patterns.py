"""Compiling rule patterns, with their size estimated before compiling them.

The ``regex`` engine unrolls counted repeats: ``(?:(?:a{1000}){100}){100}`` is ten million
nodes, 2.7 GB, and one more level was killed at 24 GB. A time limit on matching cannot
help, because compiling is the problem. So the pattern's source is read once, left to
right, and every atom counts once times every counted repeat around it (``x{m,n}`` counts
``n`` times, ``x{m,}`` ``m`` times; ``*``, ``+`` and ``?`` once). Alternatives add up. The
figure is an upper bound on the unrolled size, close to it for the patterns that matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import regex

from .errors import CleanerError, LimitExceeded

MAX_PATTERN_SIZE = 50_000
"""Largest estimated unrolled size of one rule pattern (about 300 bytes a unit once
compiled: ~15 MB). The shipped rules are all under 3,000 (global.related-list: 2,552)."""
_COUNT = regex.compile(r"\{(\d{0,9})(?:,(\d{0,9}))?\}")
_BIG = regex.compile(r"\{\d{10,}")
_GROUP_PREFIX = regex.compile(r"\?(?:P?<\w+>|'\w+'|<[=!]|[:=!>|]|[a-zA-Z]*(?:-[a-zA-Z]+)?:?)")
_BRACED_ESCAPES = frozenset("pPNxgu")


def class_end(pattern: str, i: int) -> int:
    """Index after the ``]`` closing the character class that opens at ``pattern[i]``
    (POSIX classes such as ``[:alpha:]`` inside it looked past); -1 if it never closes."""
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1  # a leading "]" is a literal
    while j < len(pattern) and pattern[j] != "]":
        if pattern[j] == "\\":
            j += 2
            continue
        if pattern[j] == "[" and j + 1 < len(pattern) and pattern[j + 1] in ":=.":
            close = pattern.find(pattern[j + 1] + "]", j + 2)  # [:alpha:]
            j = close + 2 if close >= 0 else j + 1
            continue
        j += 1
    return j + 1 if j < len(pattern) else -1


def structural_chars(pattern: str, i: int = 0) -> Iterator[tuple[int, str]]:
    """Each character of ``pattern`` from ``i`` on that is outside every escape and
    character class, with its index: the group, alternation and quantifier syntax the
    pattern readers walk. A class that never closes ends the walk with ``(-1, "")``."""
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = class_end(pattern, i)
            if i < 0:
                yield -1, ""
                return
            continue
        yield i, char
        i += 1


def group_close(pattern: str, i: int) -> int:
    """Index of the ``)`` closing the group that opens at ``pattern[i]`` (-1: it never
    closes)."""
    depth = 0
    for at, char in structural_chars(pattern, i):
        if at < 0:
            return -1
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return at
    return -1


def _escape_end(pattern: str, i: int) -> int:
    """Index after the escape that starts with the backslash at ``pattern[i]``."""
    j = i + 2
    if i + 1 < len(pattern) and pattern[i + 1] in _BRACED_ESCAPES and pattern[j : j + 1] in "{<":
        close = pattern.find("}" if pattern[j] == "{" else ">", j)
        return len(pattern) if close < 0 else close + 1
    return j


def pattern_size(pattern: str) -> int:
    """The estimated unrolled size of ``pattern`` (see the module docstring)."""
    if _BIG.search(pattern):
        return 10**10  # a count of ten digits or more
    frames: list[list[int]] = [[0, 0]]  # per open group: total size, size of the last atom
    i = 0
    while i < len(pattern):
        char = pattern[i]
        count = None
        if char == "\\":
            i, atom = _escape_end(pattern, i), 1
        elif char == "[":
            end = class_end(pattern, i)
            i, atom = (end if end >= 0 else len(pattern)), 1
        elif char == "(":
            frames.append([0, 0])
            prefix = _GROUP_PREFIX.match(pattern, i + 1)  # (?:  (?P<name>  (?=  (?i)
            i = prefix.end() if prefix else i + 1
            continue
        elif char == ")" and len(frames) > 1:
            i, atom = i + 1, frames.pop()[0]
        elif char == "{" and (found := _COUNT.match(pattern, i)) and any(found.groups()):
            low, high = found.group(1), found.group(2)
            count = int(high) if high else int(low or 0)
            i = found.end()
        elif char in "*+?|":
            i += 1
            continue
        else:
            i, atom = i + 1, 1
        frame = frames[-1]
        if count is None:
            frame[0] += atom
            frame[1] = atom
        else:  # the last atom, already counted once, now counts ``count`` times
            frame[0] += frame[1] * (max(count, 1) - 1)
            frame[1] *= max(count, 1)
    while len(frames) > 1:  # unbalanced: compiling will say so
        atom = frames.pop()[0]
        frames[-1][0] += atom
    return frames[0][0]


def compile_pattern(
    source: str, flags: int, path: str, line: int, rule_id: str | None
) -> regex.Pattern[str]:
    size = pattern_size(source)
    if size > MAX_PATTERN_SIZE:
        raise LimitExceeded(
            f"pattern {source[:60]!r}",
            limit="MAX_PATTERN_SIZE",
            maximum=MAX_PATTERN_SIZE,
            actual=size,
            unit="units once its counted repeats are unrolled",
            path=path,
            line=line,
            rule_id=rule_id,
        )
    try:
        return regex.compile(source, flags | regex.V0)
    except (regex.error, TypeError, ValueError, OverflowError, RecursionError, MemoryError) as exc:
        raise CleanerError(
            f"bad pattern {source!r}: {exc}", path=path, line=line, rule_id=rule_id
        ) from exc


_REFUSED_GROUP = regex.compile(r"\?(?:[#(&R+\d]|-\d|P[=>]|[a-zA-Z-]*\)|[a-zA-Z]*[xX])|\*")
"""Group openings ``split_branches`` does not read past (matched after the ``(``): a
comment, a condition, recursion or a named reference (a branch alone could number or see
groups differently), a global inline flag (it applies to every branch), verbose mode (a
``|`` that is text), a backtracking verb (``(*SKIP)`` in one branch changes where the
others are tried)."""
_REFUSED_ESCAPES = frozenset("123456789gkKQ")
"""Back-references (numbered, ``\\g``, ``\\k``) and ``\\Q`` quoting (a ``|`` that is text)."""


def split_branches(source: str) -> tuple[str, ...] | None:
    """The top-level alternatives of ``source`` (``a|b(c|d)`` gives ``a`` and ``b(c|d)``),
    or ``None`` when they cannot be read apart safely (``_REFUSED_GROUP``,
    ``_REFUSED_ESCAPES``, an unbalanced group or class).

    A text has a match of the whole pattern exactly when it has a match of one of them: the
    engine tries the alternatives at each position, and nothing in one of them (no group
    number, reference or verb, as checked) can see another."""
    parts: list[str] = []
    depth, start, i = 0, 0, 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            if source[i + 1 : i + 2] in _REFUSED_ESCAPES:
                return None
            i += 2
            continue
        if char == "[":
            i = class_end(source, i)
            if i < 0:
                return None
            continue
        if char == "(":
            if _REFUSED_GROUP.match(source, i + 1):
                return None
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return None
        elif char == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    if depth != 0 or i > len(source):
        return None
    parts.append(source[start:])
    return tuple(parts)


def anchored(branch: str, flags: int) -> bool:
    """Whether every match of ``branch`` (one of ``split_branches``) starts at the start of
    the text: it opens with ``^`` (not multi-line, not quantified) or ``\\A``."""
    if branch.startswith("^"):
        return not flags & regex.MULTILINE and branch[1:2] not in ("?", "*", "+", "{")
    return branch.startswith("\\A") and branch[2:3] not in ("?", "*", "+", "{")


_PREFIX_REFUSED = regex.compile(r"\\[bBmMG]|\(\?<?!|\(\?\(|\(\*|(?<!\\[pPNgxu])\{[^}\d,]")
"""What ``prefix_askable`` refuses: the assertions that can fail at a text's end and hold
inside a longer text (``\\b \\B \\m \\M`` at a word's edge, a negative lookaround such as
``(?!$)``; ``regex`` answers them at the end of the asked start without reporting that it
looked past it), ``\\G``, a condition, a backtracking verb, a brace that is no count
(fuzzy matching)."""
_PREFIX_FLAGS = regex.FULLCASE | regex.REVERSE | regex.WORD | regex.BESTMATCH
_PREFIX_FLAGS |= regex.ENHANCEMATCH | regex.POSIX


def prefix_askable(branch: regex.Pattern[str]) -> bool:
    """Whether ``branch.match(start, partial=True) is None`` proves that no text beginning
    with ``start`` has a match of the anchored ``branch``.

    Partial matching reports a match whenever the engine, on some path, wanted a character
    after the end of ``start``, so a path that a longer text lets through and ``start``
    does not must have failed on an assertion about the end itself; ``$`` and ``\\Z`` hold
    there, and only let more through. What is left is refused (``_PREFIX_REFUSED``), and
    so are flags that change how characters or the search are read.
    ``tests/test_rule_plans.py`` holds the claim on generated text for every shipped
    branch and shows each refused assertion failing it."""
    return not branch.flags & _PREFIX_FLAGS and not _PREFIX_REFUSED.search(branch.pattern)


def first_chars(branch: str) -> str | None:
    """A pattern matching one character: every character a match of an anchored
    ``branch`` can start with (and maybe more), or ``None`` when that is not read from it.

    It is read from the branch's first element after the anchor: a literal character, a
    class (``[…]``, ``\\d``, ``\\p{Lu}``) or a group, each alternative of which is read
    the same way; an optional element (``?``, ``*``, ``{0,…}``) adds what follows it.
    Lookarounds, scoped flags, ``.`` and other escapes give ``None``. The pieces are the
    branch's own one-character matchers, compiled with the rule's flags: case and
    classes are the engine's."""
    start = 1 if branch.startswith("^") else 2
    found = _starts(branch, start)
    if found is None:
        return None
    matchers, _ = found
    return "(?:" + "|".join(dict.fromkeys(matchers)) + ")"


_GROUP_OPEN = regex.compile(r"\(\?:|\(\?>|\(\?P?<\w+>|\((?!\?)")
_CLASS_ESCAPES = frozenset("dDwWsS")


def _starts(source: str, i: int) -> tuple[list[str], int] | None:
    """The first-character matchers of the alternatives from ``source[i]`` to the end
    of their group, and the index after that group's ``)`` (or the end)."""
    matchers: list[str] = []
    while True:
        first = _first_of_sequence(source, i)
        if first is None:
            return None
        matchers += first
        i = _alternative_end(source, i)
        if i < 0:
            return None
        if i >= len(source) or source[i] == ")":
            return matchers, i + 1
        i += 1  # past the "|"


def _first_of_sequence(source: str, i: int) -> list[str] | None:
    """The first-character matchers of the sequence at ``source[i]``: its first
    element's, and the next element's too when that one is optional."""
    if i >= len(source) or source[i] in "|)":
        return None  # an empty alternative (or an optional element at its end)
    element = _element(source, i)
    if element is None:
        return None
    matchers, after = element
    quantified = _quantifier(source, after)
    if quantified is None:
        return None
    optional, after = quantified
    if not optional:
        return matchers
    rest = _first_of_sequence(source, after)
    return None if rest is None else matchers + rest


def _element(source: str, i: int) -> tuple[list[str], int] | None:
    """The one-character matchers an element can start with, and the index after it."""
    char = source[i]
    opened = _GROUP_OPEN.match(source, i)
    if opened is not None:
        return _starts(source, opened.end())
    if char == "[":
        end = class_end(source, i)
        return None if end < 0 else ([source[i:end]], end)
    if char == "\\":
        escape = source[i + 1 : i + 2]
        if escape in ("p", "P"):
            end = _escape_end(source, i)
            return [source[i:end]], end
        if escape in _CLASS_ESCAPES or (escape and not escape.isalnum()):
            return [source[i : i + 2]], i + 2
        return None  # an anchor, a back-reference, a code point: not read
    if char in ".$^()*+?{|":
        return None
    return [regex.escape(char)], i + 1


def _quantifier(source: str, i: int) -> tuple[bool, int] | None:
    """Whether the quantifier at ``source[i]`` (if any) lets its element be absent, and
    the index after it (``None`` for a brace that is not a plain count)."""
    char = source[i : i + 1]
    if char == "{":
        found = _COUNT.match(source, i)
        if found is None or not any(found.groups()):
            return None
        optional, i = not found.group(1) or int(found.group(1)) == 0, found.end()
    elif char in ("?", "*", "+"):
        optional, i = char != "+", i + 1
    else:
        return False, i
    if source[i : i + 1] in ("?", "+"):
        i += 1  # lazy or possessive
    return optional, i


def _alternative_end(source: str, i: int) -> int:
    """Index of the ``|`` or ``)`` that ends the alternative at ``source[i]`` in its own
    group (``len(source)`` at the end; -1 if a class never closes)."""
    depth = 0
    for at, char in structural_chars(source, i):
        if at < 0:
            return -1
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return at
            depth -= 1
        elif char == "|" and depth == 0:
            return at
    return len(source)


_Trie = dict[str, "_Trie"]
TRIE_CACHE_SIZE = 16
"""Distinct word sets whose compiled trie (``trie_pattern``) is kept a process: one per
combination of rule files (the chrome taxonomy's long tokens); most processes have one."""


@lru_cache(maxsize=TRIE_CACHE_SIZE)
def trie_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """``literal_trie(words)`` compiled by ``re``, once a process for the same words: writing
    the chrome taxonomy's trie out costs 0.35 ms, which every ``Cleaner`` of the same rule
    files paid again (a quarter of building one)."""
    return re.compile(literal_trie(words))


def literal_trie(words: Iterable[str]) -> str:
    """A standard ``re`` pattern for a set of plain words, written as their trie
    (``post-(?:date|time)``): at each position it matches the longest word starting there,
    as the alternation of the words listed longest first does, but the engine follows one
    branch per character instead of trying every word at every position (the chrome
    taxonomy's 136 long tokens: 2.0 → 0.4 µs a class/id token). Branches of a trie node
    begin with different characters, so at most one can go on; a node where a word ends
    makes what follows it optional and greedy, so a longer word is tried first."""
    root: _Trie = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _trie_source(root)


def _trie_source(node: _Trie) -> str:
    branches = []
    for first, below in node.items():
        if not first:
            continue
        run, child = [re.escape(first)], below
        while len(child) == 1 and "" not in child:  # one way on: no group needed
            ((char, child),) = child.items()
            run.append(re.escape(char))
        run.append(_trie_source(child))
        branches.append("".join(run))
    if not branches:
        return ""
    if "" not in node:
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + "|".join(branches) + ")?"
