"""Compiled rules: what a rule, a rule file and a rule file's test are, and how a rule
matches a block.

A rule file is TOML data (see ``docs/rules.md``); ``rule_loader.py`` reads, validates and
compiles it, once, into the frozen objects here, and matching a rule is a method call on
one. ``rulebook.py`` puts the loaded files together and chooses a document's source.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import regex

from .errors import CleanerError
from .gate import Gate, passes
from .patterns import structural_chars

GLOBAL = "global"
"""Name of the rule file whose rules apply to every document."""


class RuleKind(enum.Enum):
    """What a rule does when its pattern matches."""

    DROP = "drop"
    """Drop the block whose text matches."""
    CUT = "cut"
    """The matching block ends the article: everything after it goes (and the block itself,
    unless ``keep_marker``)."""
    BLOCK = "block"
    """A multi-line pattern over consecutive blocks joined by ``\\n``: every block it covers
    goes (e.g. a teaser title printed twice, then its lead)."""
    KEEP = "keep"
    """Protect the matching block: the scorer and later rules do not drop it."""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: RuleKind
    pattern: regex.Pattern[str]
    reason: str
    path: str
    line: int
    keep_marker: bool = False
    max_chars: int | None = None
    tail_chars: int | None = None
    """Search only the last this many characters (credits and end markers sit at the end;
    searching a whole long paragraph for them costs 20+ µs)."""
    needs: regex.Pattern[str] | re.Pattern[str] | None = None
    """``needs = [...]``: literals one of which is in every text the pattern matches, with a
    line break put before it (so ``"\nTags"`` is "a line starts with Tags"); case compared
    as the pattern compares it. Searched first, as one alternation: a prefilter for patterns
    the regex engine tries at every position."""
    after_cut: bool = False
    """KEEP only: also spares the block directly after a cut marker (closing attribution)."""
    ends_body: bool = False
    """DROP only: a site footer's line (imprint, licence, editor-in-chief). Where it stands
    the article has ended: it weighs ``Thresholds.footer_rule_weight`` in the body region,
    not the light weight of a caption between paragraphs."""
    edges_only: bool = False
    """DROP only: a page's metadata line (a date) that, in running text, is data (a table's
    date column flattened by an extractor). In a text already cut out of its page it drops
    only before the first or after the last paragraph of prose; between them the block
    follows its neighbours."""
    timeout: float | None = None
    branches: tuple[tuple[regex.Pattern[str], regex.Pattern[str] | None], ...] = ()
    """A line rule's pattern split at its top-level ``|`` (``patterns.split_branches``),
    each alternative compiled alone, with a one-character pattern of what a match of it
    can start with when it is anchored and that is read from it (``patterns.first_chars``;
    compiled with the rule's flags, so case and classes are the engine's). Empty for block and cut
    rules, user rules (time-limited) and rules with ``needs`` (searched whole). A text
    matches the rule exactly when it matches one alternative; ``RuleSet`` tries only the
    alternatives its first character allows, and ``regex`` finds an alternative that
    opens with a literal by a fast scan where it tries a case-blind alternation at every
    position."""
    wide: tuple[bool, ...] = ()
    """For each of ``branches``: every match of it holds a character outside ASCII
    (``literals.needs_wide``), so a text of ASCII characters alone is not searched with it
    (a general-web line skips the Vietnamese-only alternatives)."""
    wants: tuple[bytes | None, ...] = field(default=(), repr=False)
    """A line rule's requirement for each of ``branches`` (the whole pattern when there are
    none), with its ``needs``: what every match contains, read from the pattern
    (``line_filter.step_wants``). The compiled loop over a line's steps skips a step whose
    requirement the line lacks; empty for a time-limited user pattern."""
    line_starts: regex.Pattern[str] | None = None
    """A block rule's pattern (``^rest``, multi-line) as ``\\n(?:rest)``
    (``line_start_form``; ``None`` for any other shape and for a time-limited
    user pattern): ``spans`` searches it, and ``regex`` scans for the line breaks instead
    of trying the pattern at every character (``line_start_spans``)."""
    gate: Gate | None = None
    """BLOCK only: ``gate = {...}``, a condition every document the pattern matches meets,
    checked first (``gate.py``; written by reading the pattern, checked by
    ``tests/test_rule_gates.py``)."""
    heads: tuple[str, ...] | None = None
    """BLOCK only: ``needs`` as what a line starts with, where every literal is a line break
    and then text without one and case is compared as written (``needs`` is then "a line
    starts with one of these"), else ``None``. The block sieve asks it of each line
    (``sieve.py``)."""
    opens: bool = False
    """BLOCK only, with ``heads``: ``opens = true``, every match begins with one of the
    heads at a line start (the text it matched starts with one). Where the sieve asks its
    heads, the pattern is tried at those lines alone (``opened_spans``); written by reading
    the pattern, checked by ``tests/test_rule_needs.py``."""

    def _run(self, method: str, text: str) -> Any:
        try:
            found = getattr(self.pattern, method)(text, timeout=self.timeout)
            # finditer is lazy: iterate here, inside the time limit's try.
            return [m.span() for m in found] if method == "finditer" else found
        except TimeoutError as exc:
            raise CleanerError(
                f"pattern ran longer than {self.timeout}s; simplify it",
                path=self.path,
                line=self.line,
                rule_id=self.id,
            ) from exc

    def _gated(self, document: str) -> bool:
        """Whether ``document`` meets the rule's gate (its pattern searched with the
        rule's time limit where it has one, as the rule's own pattern is)."""
        assert self.gate is not None
        try:
            return passes(self.gate, document)
        except TimeoutError as exc:
            raise CleanerError(
                f"the gate's pattern ran longer than {self.timeout}s; simplify it",
                path=self.path,
                line=self.line,
                rule_id=self.id,
            ) from exc

    def subject(self, text: str) -> str | None:
        """The part of a block this rule's pattern searches: ``None`` when ``max_chars``
        rules the block out, its last ``tail_chars`` characters, or all of it."""
        if self.max_chars is not None and len(text) > self.max_chars:
            return None
        if self.tail_chars is not None and len(text) > self.tail_chars:
            return text[-self.tail_chars :]
        return text

    def matches(self, text: str) -> bool:
        subject = self.subject(text)
        if subject is None or (self.needs is not None and not self.needs.search("\n" + subject)):
            return False
        if self.timeout is None:
            return self.pattern.search(subject) is not None
        return self._run("search", subject) is not None

    def spans(self, document: str) -> list[tuple[int, int]]:
        """Character spans of every match in ``document`` (BLOCK rules)."""
        if self.needs is not None and not self.needs.search("\n" + document):
            return []
        if self.gate is not None and not self._gated(document):
            return []
        return self._found(document)

    def sifted_spans(self, document: str) -> list[tuple[int, int]]:
        """``spans`` for a document the block sieve let this rule through (``sieve.py``):
        its ``heads`` and its gate are answered; a ``needs`` of another form is searched
        here."""
        if self.heads is None and self.needs is not None and not self.needs.search("\n" + document):
            return []
        return self._found(document)

    def opened_spans(self, document: str, starts: list[int]) -> list[tuple[int, int]]:
        """``spans`` for a rule that ``opens`` with its heads and has a ``line_starts``
        form, the sieve having let it through: the pattern matched at ``starts`` alone
        (where the lines starting with a head start, in order). Every match of
        ``finditer`` begins at one of them and holds a head (so none is empty), and the
        next one is the first that matches at or after where the last ended: what
        ``match`` finds there (the flags ``line_start_form`` allows read no search's
        start)."""
        found: list[tuple[int, int]] = []
        end = 0
        match = self.pattern.match
        for at in starts:
            if at < end:
                continue
            hit = match(document, at)
            if hit is not None:
                found.append(hit.span())
                end = hit.end()
        return found

    def _found(self, document: str) -> list[tuple[int, int]]:
        if self.line_starts is not None and self.timeout is None:
            return line_start_spans(self.pattern, self.line_starts, document)
        spans: list[tuple[int, int]] = self._run("finditer", document)
        return spans


def line_start_spans(
    pattern: regex.Pattern[str], shifted: regex.Pattern[str], document: str
) -> list[tuple[int, int]]:
    """``[m.span() for m in pattern.finditer(document)]`` for a pattern whose matches start
    at line starts, found with its ``line_start_form``: the match at the first
    line's start by the pattern itself, every later one by the shifted form from the
    character before where the last ended (the line break there, when the match took it,
    stands before the next line start). An empty match hands the document to ``finditer``,
    whose rule for what may follow one is its own (the block rules skip empty matches)."""
    found: list[tuple[int, int]] = []
    end = 0
    first = pattern.match(document)
    if first is not None:
        begin, end = first.span()
        if end == begin:
            return [m.span() for m in pattern.finditer(document)]
        found.append((begin, end))
    search = shifted.search
    match = search(document, end - 1 if end else 0)
    while match is not None:
        begin, end = match.span()
        if end == begin + 1:
            return [m.span() for m in pattern.finditer(document)]
        found.append((begin + 1, end))
        match = search(document, end - 1)
    return found


@dataclass(frozen=True, slots=True)
class RuleTest:
    """A test case carried by a rule file and run by the test suite."""

    name: str
    input: str
    kind: str
    url: str | None
    keep: tuple[str, ...]
    drop: tuple[str, ...]
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class HtmlRules:
    body: tuple[str, ...] = ()
    """CSS selectors of the article container(s), best first; all matches of the first
    selector that matches anything are the body."""
    strip: tuple[str, ...] = ()
    """CSS selectors of chrome inside the body."""
    title: tuple[str, ...] = ()
    """CSS selectors of the headline element."""
    keep: tuple[str, ...] = ()
    """CSS selectors outside ``body`` that are still body (e.g. a sapo above the content)."""


@dataclass(frozen=True, slots=True)
class RuleFile:
    name: str
    """``global``, a source's domain, or the file stem of a user file."""
    version: str
    path: str
    rules: tuple[Rule, ...] = ()
    hosts: tuple[str, ...] = ()
    signatures: tuple[regex.Pattern[str], ...] = ()
    html: HtmlRules = HtmlRules()
    chrome: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    builder_prefixes: tuple[str, ...] = ()
    """``[builders] prefixes``: class-name prefixes of page builders (``elementor-``,
    ``wp-block-``): only what follows them is matched against the chrome table."""
    tests: tuple[RuleTest, ...] = ()
    timeout: float | None = None
    """User files: the time limit of each pattern search, signatures included."""

    @property
    def is_source(self) -> bool:
        return bool(self.hosts)

    def signed(self, text: str, only: Iterable[int] | None = None) -> bool:
        """Whether one of the file's signatures (those at the ``only`` indices, when
        given) occurs in ``text``."""
        chosen = self.signatures if only is None else [self.signatures[i] for i in only]
        for signature in chosen:
            try:
                if signature.search(text, timeout=self.timeout) is not None:
                    return True
            except TimeoutError as exc:
                raise CleanerError(
                    f"signature {signature.pattern!r} ran longer than {self.timeout}s",
                    path=self.path,
                    line=1,
                ) from exc
        return False

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"


_LINE_START_REFUSED = regex.compile(r"\\[GQ]|\(\?[#R0]|\(\*")
"""What ``line_start_form`` does not read past: ``\\G`` (where a search began: the two forms
begin their searches a character apart), ``\\Q`` quoting, a comment, recursion into the
whole pattern (which would take the line break in too), a backtracking verb (``(*SKIP)``
moves where the next attempt starts)."""
_LINE_START_FLAGS = regex.WORD | regex.VERBOSE | regex.BESTMATCH | regex.ENHANCEMATCH
_LINE_START_FLAGS |= regex.POSIX | regex.REVERSE


def line_start_form(pattern: regex.Pattern[str]) -> regex.Pattern[str] | None:
    """``pattern`` (``^rest``, multi-line) as ``\\n(?:rest)``, or ``None`` when it is not
    of that shape or could read differently (``_LINE_START_REFUSED``, a top-level ``|``,
    a quantified ``^``, a flag that changes what a line break or a search is).

    A match of ``^rest`` can start only at a line start; ``regex`` tries such a pattern at
    every position of a document (about 2.5 ns a character), but finds the literal line
    break of the second form by a fast scan. A match of the second form at the line break
    before position ``x`` of the same text is the first form's match at ``x`` with that
    character added in front: ``rest`` runs on the same characters from ``x`` on and sees
    the same ones before ``x`` (``line_start_spans`` searches the document itself, not a
    copy with a line break put before it)."""
    source = pattern.pattern
    flags = pattern.flags
    if (
        not source.startswith("^")
        or source[1:2] in ("", "?", "*", "+", "{")
        or not flags & regex.MULTILINE
        or flags & _LINE_START_FLAGS
        or _LINE_START_REFUSED.search(source)
    ):
        return None
    depth = 0
    for _, char in structural_chars(source, 1):
        depth += (char == "(") - (char == ")")
        if depth < 0 or not char or (char == "|" and depth == 0):
            return None
    try:
        shifted = regex.compile("\\n(?:" + source[1:] + ")", flags)
    except (regex.error, RecursionError, OverflowError):
        return None
    return shifted if shifted.flags == flags and shifted.groups == pattern.groups else None
