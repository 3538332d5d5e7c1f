"""The chrome taxonomy: class/id tokens that name site chrome (``[chrome]`` in the rule
files, with the page builders' prefixes of ``[builders]``), matched against an element's
class and id names. The rule book holds one ``ChromeTable`` (shared by the Cleaners of the
same rule files); each Cleaner asks through its own ``RememberedChrome``, which keeps the
answers for the class names of the pages it has seen."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import regex

from .model import Chrome
from .patterns import trie_pattern

SHORT_TOKEN = 7
"""Chrome tokens shorter than this must equal a whole class/id token or a ``-``/``_`` part
of one; longer ones may also sit inside a longer token (``box-tinlienquanv2``)."""
BUILDER_HEAD = 2
"""How many first characters of a class/id token are looked up before the builder prefixes
are tried one by one (fewer when a prefix is shorter)."""
CHROME_MEMO_SIZE = 20_000
"""Class/id strings whose chrome category a Cleaner remembers across documents."""
CHROME_MEMO_CHARS = 200
"""Only class/id strings up to this long are remembered (the memo stays under 10 MB)."""
_TOKEN_SPLIT = regex.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class ChromeTable:
    """The class/id taxonomy, split for fast matching."""

    exact: dict[str, str]
    finder: re.Pattern[str] | None = None
    """All long tokens in one pattern: one C-level search instead of a Python loop. It
    finds the longest token at the leftmost position where one starts, as the alternation
    of the tokens listed longest first did, written as their trie (``patterns.literal_trie``)
    and compiled by the standard ``re``, which skips positions no token can start at:
    0.4 µs a token against 2.0 µs for that alternation compiled by ``re`` over the 10,205
    class/id tokens 60 WCXB pages ask about (``regex`` was slower still). A test holds it
    to the alternation compiled by ``regex`` on generated tokens."""
    builder_prefixes: tuple[str, ...] = ()
    """Page-builder class prefixes, longest first: ``elementor-widget-share-buttons`` is
    matched as ``share-buttons``, and ``elementor-widget-wrap`` as ``wrap`` (no chrome)."""
    builder_heads: frozenset[str] = frozenset({""})
    """The first ``builder_head`` characters of every builder prefix and bare builder name:
    a token starting otherwise is no builder's (most are not), and skips the prefix loop
    (the default: every token tries it)."""
    builder_head: int = 0

    @classmethod
    def build(cls, table: dict[str, str], builder_prefixes: Iterable[str] = ()) -> ChromeTable:
        # An empty token names nothing: no class/id token is empty, and it could only have
        # matched the empty part a split makes before a leading or after a trailing "-".
        exact = {token: category for token, category in table.items() if token}
        long = tuple(t for t in table if len(t) >= SHORT_TOKEN)
        finder = trie_pattern(long) if long else None
        prefixes = tuple(sorted(set(builder_prefixes), key=len, reverse=True))
        names = [*prefixes, *(p.rstrip("-_") for p in prefixes)]
        head = min(BUILDER_HEAD, *map(len, names)) if names else 0
        return cls(
            exact=exact,
            finder=finder,
            builder_prefixes=prefixes,
            builder_heads=frozenset(n[:head] for n in names),
            builder_head=head,
        )

    def _builder_part(self, token: str) -> str:
        """What a page builder's class name says beyond the builder's own prefix (the
        whole token for other names; ``""`` for the builder's bare wrapper name)."""
        if token[: self.builder_head] not in self.builder_heads:
            return token
        for prefix in self.builder_prefixes:
            if token.startswith(prefix):
                return token[len(prefix) :]
            if token == prefix.rstrip("-_"):
                return ""
        return token

    def category(self, attrs: str) -> Chrome | None:
        """The category and token of the first class/id token that is chrome.

        Written for the misses of a Cleaner's memo (``RememberedChrome``: each string is
        asked once a Cleaner): with ``str`` methods where they give what the patterns
        give. A printable string holds no white space but " ", so ``split()`` splits it as
        ``\\s+`` does; a token's ``-``/``_`` parts are its pieces between separators (the
        empty ones are not in the table); a token shorter than ``SHORT_TOKEN`` holds no
        long token. A test holds this to the patterns' definition."""
        for named in _tokens(attrs.lower()):
            hit = self.token_category(named)
            if hit:
                return Chrome(hit, named)
        return None

    def token_category(self, named: str) -> str | None:
        """The category one lower-case class/id token names (``None``: it names none)."""
        head = self.builder_head
        token = self._builder_part(named) if named[:head] in self.builder_heads else named
        if not token:
            return None
        exact = self.exact
        hit = exact.get(token)
        if hit:
            return hit
        if "-" in token or "_" in token:
            for part in token.replace("_", "-").split("-"):
                hit = exact.get(part)
                if hit:
                    return hit
        if self.finder is not None and len(token) >= SHORT_TOKEN:
            found = self.finder.search(token)
            if found is not None:
                return exact[found.group(0)]
        return None

    def remembering(self) -> RememberedChrome:
        """This table, remembering its answers (one for each Cleaner)."""
        return RememberedChrome(
            self.exact, self.finder, self.builder_prefixes, self.builder_heads, self.builder_head
        )


_UNSEEN = object()


@dataclass(frozen=True, slots=True)
class RememberedChrome(ChromeTable):
    """A Cleaner's chrome table: ``category()``'s answers kept by class/id string (pages
    repeat their class names, and sites theirs across pages) and by token; each emptied
    at ``CHROME_MEMO_SIZE`` entries. Kept by each Cleaner, not in the rule book that
    Cleaners of the same rule files share (``api.shared_book``): the keys are pages' class
    names, so a new Cleaner starts knowing none of them, as it starts with an empty
    decision memo (the speed benchmark's rounds each begin that way)."""

    _known: dict[str, Chrome | None] = field(default_factory=dict, compare=False, repr=False)
    _named: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)
    """``token_category``'s answers by token: a new class/id string mostly repeats tokens
    of strings seen before (``col-md-4 widget`` after ``col-md-8 widget``; about half the
    tokens of the strings first seen on 100 WCXB pages)."""

    def category(self, attrs: str) -> Chrome | None:
        known = self._known
        found = known.get(attrs, _UNSEEN)
        if found is not _UNSEEN:
            return found  # type: ignore[return-value]
        found = ChromeTable.category(self, attrs)  # its tokens through token_category below
        if len(attrs) <= CHROME_MEMO_CHARS:
            if len(known) >= CHROME_MEMO_SIZE:
                known.clear()
            known[attrs] = found
        return found

    def token_category(self, named: str) -> str | None:
        memo = self._named
        hit = memo.get(named, _UNSEEN)
        if hit is _UNSEEN:
            # Named explicitly: zero-argument super() fails in a slots dataclass on 3.11.
            hit = ChromeTable.token_category(self, named)
            if len(memo) >= CHROME_MEMO_SIZE:
                memo.clear()
            if len(named) <= CHROME_MEMO_CHARS:
                memo[named] = hit
        return hit  # type: ignore[return-value]


def _tokens(lowered: str) -> list[str]:
    """A lower-case class/id string's tokens: a printable string holds no white space but
    " ", so ``split()`` splits it as ``\\s+`` does."""
    return lowered.split() if lowered.isprintable() else _TOKEN_SPLIT.split(lowered)
