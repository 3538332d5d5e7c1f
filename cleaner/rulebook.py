"""The loaded rule files as one book: which source a document comes from, and the
ordered, compiled rules and chrome taxonomy to apply to it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import regex

from . import native
from .literal_scan import LiteralScan
from .literals import Literal, guards, key_literal
from .patterns import prefix_askable
from .rules import GLOBAL, Rule, RuleFile, RuleKind
from .sieve import Sieve
from .taxonomy import ChromeTable

SIGNATURE_SCAN_CHARS = 200_000
"""Signatures are looked for in this much of a document's start (a page's head and top)."""
_first_line_rule = native.compiled.first_line_rule if native.compiled is not None else None
PLAN_MEMO_SIZE = 1_000
"""Line-rule plans (one per first character or pair of them, pinning and ASCII-or-not) a
rule set keeps, pairs it counts before their plan (``PAIR_PLAN_AFTER``), and first
characters the book's ``StartTable`` remembers; each is emptied when full. The 32 seed and
corpus naive texts start their lines with 66 characters; a book whose 13 sets are all full
(distinct Han first characters) holds about 4.5 MB."""
PAIR_PLAN_AFTER = 2
"""A plan for a text's first two characters (``RuleSet._plan``) is made at the second text
of a rule set that starts with them; the first one is tried by its first character. The
32 seed and corpus naive texts' 4,104 lines start with 440 pairs: making a pair's plan
costs about 7 µs (one partial match of each alternative its first character allows),
what the plan saves on one or two lines, and a text whose lines rarely start alike (Han,
a list of names) would pay it on every line."""


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The rules for one source, in the order they are tried, split by kind.

    (A single combined pattern as a prefilter was measured and dropped: on the corpus's
    naive text it cost 14 µs a line against 8 µs for all rules one by one.)
    """

    line: tuple[Rule, ...]
    """DROP and KEEP rules, in the order they are tried."""
    block: tuple[Rule, ...]
    cut: tuple[Rule, ...]
    spare: tuple[Rule, ...]
    """KEEP rules that also spare a closing attribution after a cut or a container."""
    own: tuple[Rule, ...] = ()
    """The source file's own DROP/KEEP rules: the only ones applied to pinned blocks."""
    _line_steps: tuple[_Step, ...] = ()
    _line_starts: tuple[int, ...] = ()
    """For each line step, the index of its first-character class in ``_starts`` (-1:
    tried whatever the text starts with)."""
    _own_steps: tuple[_Step, ...] = ()
    _own_starts: tuple[int, ...] = ()
    _line_wide: tuple[bool, ...] = ()
    """For each line step, whether every match holds a character outside ASCII
    (``Rule.wide``): not tried on a text of ASCII characters alone."""
    _own_wide: tuple[bool, ...] = ()
    _line_asks: tuple[regex.Pattern[str] | None, ...] = ()
    """For each line step, its anchored alternative when the engine can be asked whether a
    text's first two characters can start a match of it (``patterns.prefix_askable``)."""
    _own_asks: tuple[regex.Pattern[str] | None, ...] = ()
    _starts: StartTable = field(default_factory=lambda: StartTable(()), repr=False)
    _cut_steps: tuple[_Step, ...] = field(init=False, compare=False, repr=False)
    """``cut`` as steps (``_whole_step``), made from it: the first whose step matches is the
    first whose ``Rule.matches`` holds (the memo's compiled ``cut_rule`` tries them)."""
    sieve: Sieve = field(init=False, compare=False, repr=False)
    """What ``block``'s prefilters ask of each line, and how a document's answer is put
    together from the lines' (``sieve.py``), made from it."""
    _plans: dict[tuple[str, bool, bool], tuple[_Step, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    """The steps left for a text's first character (or first two), pinned-or-not and
    ASCII-or-not, made on first use (``_plan``); emptied at ``PLAN_MEMO_SIZE`` entries. A
    function of the compiled rules and the characters alone, so it lives in the book that
    Cleaners of the same rule files share (``api.shared_book``), as the compiled patterns
    do; threads may fill it at once (each step is one dict operation, and two threads make
    equal plans)."""
    _seen: dict[tuple[str, bool, bool], int] = field(
        default_factory=dict, compare=False, repr=False
    )
    """Texts seen that start with a pair of characters no plan is made for yet
    (``PAIR_PLAN_AFTER``); emptied at ``PLAN_MEMO_SIZE`` entries."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_cut_steps", tuple(map(_whole_step, self.cut)))
        object.__setattr__(self, "sieve", Sieve.of(self.block))

    @classmethod
    def build(
        cls,
        rules: tuple[Rule, ...],
        source: RuleFile | None = None,
        starts: StartTable | None = None,
    ) -> RuleSet:
        """``starts``: the book's table, shared by its sets (one made here otherwise)."""
        line = tuple(r for r in rules if r.kind in (RuleKind.DROP, RuleKind.KEEP))
        own = tuple(r for r in line if source is not None and r.path == source.path)
        if starts is None:
            starts = StartTable.of(line)
        pieces = [p for r in line for p in _pieces(r, starts)]
        own_pieces = [p for r in own for p in _pieces(r, starts)]
        return cls(
            line=line,
            own=own,
            block=tuple(r for r in rules if r.kind is RuleKind.BLOCK),
            cut=tuple(r for r in rules if r.kind is RuleKind.CUT),
            spare=tuple(r for r in rules if r.kind is RuleKind.KEEP and r.after_cut),
            _line_steps=tuple(p[0] for p in pieces),
            _line_starts=tuple(p[1] for p in pieces),
            _own_steps=tuple(p[0] for p in own_pieces),
            _own_starts=tuple(p[1] for p in own_pieces),
            _line_wide=tuple(p[2] for p in pieces),
            _own_wide=tuple(p[2] for p in own_pieces),
            _line_asks=tuple(p[3] for p in pieces),
            _own_asks=tuple(p[3] for p in own_pieces),
            _starts=starts,
        )

    def first_line_rule_native(self, text: str, *, pinned: bool = False) -> Rule | None:
        """``first_line_rule_python``, its loop over the plan's steps in C
        (``cleaner/_ctext_first.c``): the same plans, made by ``_plan``, and the same
        patterns' ``search`` calls."""
        return _first_line_rule(self._plans, self._plan, text, pinned)  # type: ignore[return-value]

    def first_line_rule_python(self, text: str, *, pinned: bool = False) -> Rule | None:
        """The first DROP/KEEP rule matching ``text``, in rule order (the source's own
        rules only, for a pinned block): the same answer as the first rule whose
        ``Rule.matches`` holds, unrolled. This runs some twenty rules on every new block,
        so only the steps its first character allows are tried (``_plan``; and, for a
        start seen before, its first two), and on a text of ASCII characters alone
        (``str.isascii``, no scan) none that needs another."""
        key = (text[:2], pinned, text.isascii())
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plan(key)
        n = len(text)
        for limit, tail, needs, search, rule, _ in plan:
            if n > limit:
                continue
            if search is None:
                if rule.matches(text):  # a time-limited user pattern
                    return rule
                continue
            subject = text[-tail:] if n > tail else text
            if (needs is None or needs("\n" + subject) is not None) and search(subject) is not None:
                return rule
        return None

    first_line_rule = first_line_rule_native if native.ENABLED else first_line_rule_python

    def _plan(self, key: tuple[str, bool, bool]) -> tuple[_Step, ...]:
        """The steps, in order, a text starting with these characters can match: all but
        the anchored alternatives whose first-character class does not hold the first,
        those in which the engine finds no start of a match in the first two (a partial
        match, ``patterns.prefix_askable``), and for an ASCII text those whose every
        match holds a character outside ASCII. A pair's plan is made from its second
        text on (``PAIR_PLAN_AFTER``); before that, the first character's is used."""
        start, pinned, ascii = key
        if len(start) == 2:
            seen = self._seen.get(key, 0) + 1
            if seen < PAIR_PLAN_AFTER:
                if len(self._seen) >= PLAN_MEMO_SIZE:
                    self._seen.clear()
                self._seen[key] = seen
                first = (start[:1], pinned, ascii)
                found = self._plans.get(first)
                return self._plan(first) if found is None else found
            self._seen.pop(key, None)
        steps, starts, wide, asks = (
            (self._own_steps, self._own_starts, self._own_wide, self._own_asks)
            if pinned
            else (self._line_steps, self._line_starts, self._line_wide, self._line_asks)
        )
        allowing = self._starts.allowing(start[:1])
        pair = len(start) == 2
        plan = tuple(
            step
            for step, first, needs_wide, ask in zip(steps, starts, wide, asks, strict=True)
            if first in allowing
            and not (ascii and needs_wide)
            and (not pair or ask is None or ask.match(start, partial=True) is not None)
        )
        if len(self._plans) >= PLAN_MEMO_SIZE:
            self._plans.clear()
        self._plans[key] = plan
        return plan

    def spares(self, text: str) -> bool:
        return any(r.matches(text) for r in self.spare)


_Step = tuple[
    int, int, Callable[[str], object] | None, Callable[[str], object] | None, Rule, bytes | None
]
"""One search of a line rule: max length, tail length, the bound search of its ``needs``
(None when it has none), the bound search (None when the pattern is time-limited), the
rule, and what every match of the search contains (``Rule.wants``; None: nothing known),
which only the compiled loop reads (``_ctext_first.c``)."""


@dataclass(frozen=True, slots=True)
class StartTable:
    """The first-character classes of a book's anchored alternatives (``Rule.branches``),
    and for each character seen, which of them hold it: asked once a character for all
    of the book's rule sets, which share the global rules (and for every Cleaner that
    shares the book, like the plans)."""

    classes: tuple[regex.Pattern[str], ...]
    _allowing: dict[str, frozenset[int]] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, rules: Iterable[Rule]) -> StartTable:
        found = {s: None for r in rules for _, s in r.branches if s is not None}
        return cls(tuple(found))

    def index(self, start: regex.Pattern[str]) -> int:
        return self.classes.index(start)

    def allowing(self, char: str) -> frozenset[int]:
        """Indices of the classes holding ``char`` (none for the empty text's ""), and -1
        (the steps with no class)."""
        found = self._allowing.get(char)
        if found is None:
            found = frozenset(
                [-1, *(i for i, c in enumerate(self.classes) if char and c.match(char))]
            )
            if len(self._allowing) >= PLAN_MEMO_SIZE:
                self._allowing.clear()
            self._allowing[char] = found
        return found


def _whole_step(rule: Rule) -> _Step:
    """The step that tries ``rule``'s whole pattern on a text: true exactly where
    ``rule.matches`` is (the limit, the tail, the ``needs``; no search for a time-limited
    user pattern, which ``Rule.matches`` runs)."""
    limit = rule.max_chars if rule.max_chars is not None else sys.maxsize
    tail = rule.tail_chars if rule.tail_chars is not None else sys.maxsize
    needs = rule.needs.search if rule.needs is not None else None
    if rule.timeout is not None:
        return (limit, tail, needs, None, rule, None)
    return (limit, tail, needs, rule.pattern.search, rule, rule.wants[0] if rule.wants else None)


def _pieces(
    rule: Rule, starts: StartTable
) -> list[tuple[_Step, int, bool, regex.Pattern[str] | None]]:
    """A rule's steps, one per alternative (``Rule.branches``) or the whole pattern,
    each with the index of its first-character class (-1: none), ``Rule.wide`` and the
    alternative when a text's first two characters can be asked of it (``_line_asks``)."""
    if rule.timeout is not None or not rule.branches:
        return [(_whole_step(rule), -1, False, None)]
    limit, tail, needs, _, _, _ = _whole_step(rule)
    wants = rule.wants or (None,) * len(rule.branches)
    # The first character is the subject's: the text's own only when no tail is cut off.
    # A tail of an ASCII text is ASCII too.
    pieces = []
    for (part, start), wide, want in zip(rule.branches, rule.wide, wants, strict=True):
        first = starts.index(start) if start is not None and rule.tail_chars is None else -1
        ask = part if first >= 0 and needs is None and prefix_askable(part) else None
        pieces.append(((limit, tail, needs, part.search, rule, want), first, wide, ask))
    return pieces


def host_of(url: str | None) -> str | None:
    """The lower-case host of a URL (or of a bare host name); ``None`` if there is none or
    the URL is malformed ("http://[oops")."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    return host.lower() if host else None


def host_index(sources: tuple[RuleFile, ...]) -> tuple[dict[str, int], dict[str, int]]:
    """``RuleBook.host_index`` of these sources: what ``find`` compares with the whole
    name (a source's name and its hosts) and with the part after a dot (its hosts), each
    to the first source that has it."""
    exact: dict[str, int] = {}
    hosts: dict[str, int] = {}
    for i, f in enumerate(sources):
        exact.setdefault(f.name, i)
        for h in f.hosts:
            exact.setdefault(h, i)
            hosts.setdefault(h, i)
    return exact, hosts


@dataclass(frozen=True, slots=True)
class RuleBook:
    """Every loaded rule file; picks the source for a document and its ordered rules."""

    general: tuple[RuleFile, ...]
    """Files that apply to every document: ``global`` and user files without ``[source]``."""
    sources: tuple[RuleFile, ...]
    chrome: ChromeTable
    """The class/id chrome taxonomy of the general files, for the HTML front end."""
    sets: Mapping[str, RuleSet]
    """The ordered rules for each source name (``""``: no source), compiled at build."""
    signature_keys: tuple[tuple[Literal | None, ...], ...] = ()
    """For each source, for each of its signatures, a literal it cannot match without
    (``None``: none proved, always searched)."""
    signature_guards: Mapping[Literal, Literal] = field(default_factory=dict)
    """A shorter string some literals hold, looked for first (``literals.guards``)."""
    signature_scan: LiteralScan | None = None
    """Where the compiled module is in use: the literals looked for in one pass instead
    (``literal_scan``); the guards are then not used."""
    signature_slots: tuple[tuple[int, ...], ...] = ()
    """With ``signature_scan``: each source's ``signature_keys`` as their indices in what
    the scan finds (``LiteralScan.slots_of``). Read at each text's ``select`` (twice a text
    document): looking the keys up there hashed 30 ``Literal`` a call, 10 of a one-line
    document's 73 µs."""
    signature_anywhere: bool = False
    """Whether some source has a signature that may match without any literal the scan
    finds (a ``None`` key or a slot of -1): without one, a text in which the scan finds
    nothing has no source, and the sources are not looked at."""
    host_index: tuple[Mapping[str, int], Mapping[str, int]] | None = None
    """``find``'s answers worked out at build (``host_index``): each source's name and
    hosts, and its hosts alone, → the first source (its index in ``sources``) with it.
    ``None``: ``find`` tries the sources in turn (``find_in_turn``)."""

    @classmethod
    def build(cls, files: Iterable[RuleFile], *, disabled: Iterable[str] = ()) -> RuleBook:
        off = {d.lower() for d in disabled}
        general: list[RuleFile] = []
        sources: dict[str, RuleFile] = {}
        for f in files:
            if f.is_source:
                if f.name.lower() not in off:
                    sources[f.name] = f  # a later (user) file replaces a shipped one
            else:
                general.append(f)
        table: dict[str, str] = {}
        prefixes = [p for f in general for p in f.builder_prefixes]
        for f in general:
            for category, tokens in f.chrome.items():
                for token in tokens:
                    table.setdefault(token, category)
        shared: list[Rule] = []
        for f in sorted(general, key=lambda f: f.name == GLOBAL):  # user add-ons first
            shared.extend(f.rules)
        starts = StartTable.of([*shared, *(r for f in sources.values() for r in f.rules)])
        sets = {"": RuleSet.build(tuple(shared), starts=starts)}
        for f in sources.values():
            sets[f.name] = RuleSet.build((*f.rules, *shared), f, starts)
        keys = tuple(
            tuple(
                key_literal(sig.pattern, ignore_case=bool(sig.flags & regex.I))
                for sig in f.signatures
            )
            for f in sources.values()
        )
        scan = LiteralScan.of(k for ks in keys for k in ks if k is not None)
        slots = tuple(map(scan.slots_of, keys)) if scan is not None else ()
        return cls(
            general=tuple(general),
            sources=tuple(sources.values()),
            chrome=ChromeTable.build(table, prefixes),
            sets=sets,
            signature_keys=keys,
            signature_guards=guards(k for ks in keys for k in ks if k is not None),
            signature_scan=scan,
            signature_slots=slots,
            signature_anywhere=any(slot < 0 for row in slots for slot in row),
            host_index=host_index(tuple(sources.values())),
        )

    def find(self, name: str) -> RuleFile | None:
        """The source file named ``name`` or serving that host (``m.vnexpress.net`` finds
        ``vnexpress.net``): ``find_in_turn``'s answer, by at most one lookup of the name
        and one of each part after a dot (a text document asks it once: 2.0 → 0.8 µs for
        dantri.com.vn, the 12 sources' hosts tried in turn before).
        ``tests/test_literals.py`` holds the two together."""
        if self.host_index is None:
            return self.find_in_turn(name)
        exact, hosts = self.host_index
        host = name.lower()
        first = exact.get(host, len(self.sources))
        dot = host.find(".")
        while dot >= 0:  # host.endswith("." + h) for the h after each dot
            first = min(first, hosts.get(host[dot + 1 :], first))
            dot = host.find(".", dot + 1)
        return self.sources[first] if first < len(self.sources) else None

    def find_in_turn(self, name: str) -> RuleFile | None:
        """``find``, each source tried in turn: the reference."""
        host = name.lower()
        for f in self.sources:
            if f.name == host or any(host == h or host.endswith("." + h) for h in f.hosts):
                return f
        return None

    def select(self, *, url: str | None, source: str | None, text: str) -> RuleFile | None:
        """The source file for a document: ``source=`` first, then the URL's host, then a
        text signature."""
        named, found = self.by_name(url=url, source=source)
        return found if named else self.by_text(text)

    def by_name(self, *, url: str | None, source: str | None) -> tuple[bool, RuleFile | None]:
        """``select``'s first two steps: ``(True, file)`` where ``source=`` or the URL's host
        decides the source file (the text is then never read), else ``(False, None)``."""
        if source:
            return True, self.find(source.lower())
        host = host_of(url)
        if host:
            named = self.find(host)
            if named is not None:
                return True, named
        return False, None

    def by_text(self, text: str) -> RuleFile | None:
        """``select``'s last step: the source file whose signature ``text`` holds."""
        head = text[:SIGNATURE_SCAN_CHARS]
        scan = self.signature_scan
        if scan is not None:  # every literal in one pass; it may say "yes" where absent
            present = scan.find(head)
            if not self.signature_anywhere and not any(present):
                return None
            for f, slots in zip(self.sources, self.signature_slots, strict=True):
                only = scan.candidates_at(slots, present)
                if only and f.signed(head, only):
                    return f
            return None
        # A substring test of each signature's literal first: the full search runs only
        # where it could match (on most pages, nowhere). Sites share a template, so their
        # signatures share literals ("afamily.vn/" twice): each is looked for once.
        # A literal's guard (a character or suffix it holds) is looked for first, once.
        occurs: dict[Literal, bool] = {}
        for f, keys in zip(self.sources, self.signature_keys, strict=True):
            only = []
            for i, key in enumerate(keys):
                if key is not None and key not in occurs:
                    guard = self.signature_guards.get(key)
                    if guard is not None and guard not in occurs:
                        occurs[guard] = guard.occurs_in(head)
                    occurs[key] = (guard is None or occurs[guard]) and key.occurs_in(head)
                if key is None or occurs[key]:
                    only.append(i)
            if only and f.signed(head, only):
                return f
        return None

    def rules_for(self, source: RuleFile | None) -> RuleSet:
        """Rules in the order they are tried: the source's, then user add-ons, then global."""
        return self.sets[source.name if source else ""]

    def versions(self, source: RuleFile | None) -> list[str]:
        """``name@version`` of every file applied to a document from ``source``."""
        labels = [f.label for f in self.general]
        if source:
            labels.append(source.label)
        return labels
