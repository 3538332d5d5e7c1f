"""How a report shows one block's verdict: which step decided it, the rule, the features.

:func:`view` is the only place that reads a :class:`~cleaner.model.Block`'s verdict for the
report; everything else uses the :class:`View` it returns.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from types import MappingProxyType

from ..model import Block, Origin, Path, Result
from ..removal import RemovalKey, removal_key
from ..rulebook import RuleBook

FALLBACK_PATH = Path.FALLBACK.value


class Group(enum.Enum):
    """The colour a removed block's margin gets: what kind of step removed it."""

    RULE = "rule"
    CHROME = "chrome"
    SCORER = "scorer"
    CONTEXT = "context"
    CUT = "cut"
    BEFORE_HEADLINE = "before-headline"
    FALLBACK = "fallback"
    HEADLINE = "headline"


GROUP_LABELS = MappingProxyType(
    {
        Group.RULE: "line or block rule",
        Group.CHROME: "chrome class/id token",
        Group.SCORER: "scorer",
        Group.CONTEXT: "context (outside the container or body region, neighbours)",
        Group.CUT: "end-of-article cut",
        Group.BEFORE_HEADLINE: "before the headline",
        Group.FALLBACK: "on the fallback path (trafilatura's text)",
        Group.HEADLINE: "headline",
    }
)

_GROUPS = MappingProxyType(
    {
        Origin.RULE: Group.RULE,
        Origin.BLOCK_RULE: Group.RULE,
        Origin.SITE_KEEP: Group.RULE,
        Origin.CUT: Group.CUT,
        Origin.AFTER_CUT: Group.CUT,
        Origin.SPARED_AFTER_CUT: Group.CUT,
        Origin.CHROME: Group.CHROME,
        Origin.OUTSIDE_BODY: Group.CONTEXT,
        Origin.OUTSIDE_REGION: Group.CONTEXT,
        Origin.NEIGHBOURS: Group.CONTEXT,
        Origin.REPEAT: Group.CONTEXT,
        Origin.SCORER: Group.SCORER,
        Origin.BEFORE_HEADLINE: Group.BEFORE_HEADLINE,
        Origin.HEADLINE: Group.HEADLINE,
    }
)

_SCORED = frozenset(
    {Origin.SCORER, Origin.OUTSIDE_REGION, Origin.NEIGHBOURS, Origin.BEFORE_HEADLINE}
)
"""Origins whose verdict rests on the scorer's points: their features are shown."""


@dataclass(frozen=True, slots=True)
class View:
    """One block's verdict, ready to display."""

    group: Group
    origin: str
    """The stage that decided (``Block.origin``'s value: ``block-rule``, ``neighbours``…)."""
    rule: str
    """The rule id that decided it; empty where no rule did (scorer, context)."""
    reason: str
    """The reason exactly as ``--explain`` prints it."""
    key: RemovalKey
    """What the report counts removals by: the rule (below a cut: the cut's), else the
    chrome category, else the origin, so that scorer drops fall under few headings. Its
    ``str`` is the heading shown (``after:<id>``, ``chrome:related``, ``scorer``)."""
    score: float | None
    """The scorer's total, where the verdict rests on it."""
    features: tuple[tuple[str, float], ...] = ()
    """The scorer's features that fired, with their points."""


def view(block: Block, *, fallback: bool = False) -> View:
    """The report's reading of one block's verdict. ``fallback``: the document went the
    fallback path, and a removed block is coloured as such (its stage is still named)."""
    origin = block.origin
    group = _GROUPS[origin]
    if fallback and not block.kept:
        group = Group.FALLBACK
    rule = block.rule or ""
    scored = origin in _SCORED
    return View(
        group=group,
        origin=origin.value,
        rule=rule,
        reason=block.reason,
        key=removal_key(block, by_feature=False, by_settle=False),
        score=block.score if scored else None,
        features=tuple((f.name, f.points) for f in block.features) if scored else (),
    )


def views(result: Result) -> list[View]:
    """Every block's view, in order."""
    fallback = result.path == FALLBACK_PATH
    return [view(b, fallback=fallback) for b in result.blocks]


def rule_notes(book: RuleBook) -> dict[str, str]:
    """What each rule of a rule book is for, by id, as its file says it: ``reason`` and
    the file (``author name alone on a line (vnexpress.net@1)``)."""
    notes: dict[str, str] = {}
    for file in (*book.general, *book.sources):
        for rule in file.rules:
            notes.setdefault(rule.id, f"{rule.reason} ({file.name}@{file.version})")
    return notes
