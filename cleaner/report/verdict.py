"""How a report shows one block's verdict: which step decided it, the rule, the features.

:func:`view` is the only place that reads a :class:`~cleaner.model.Block`'s verdict for the
report; everything else uses the :class:`View` it returns.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ..model import HEADLINE, Block


class Origin(enum.Enum):
    """What decided a block, as the report colours it."""

    RULE = "rule"
    CHROME = "chrome"
    SCORER = "scorer"
    CONTEXT = "context"
    CUT = "cut"
    BEFORE_HEADLINE = "before-headline"
    FALLBACK = "fallback"
    HEADLINE = "headline"


ORIGIN_LABELS = {
    Origin.RULE: "line or block rule",
    Origin.CHROME: "chrome class/id token",
    Origin.SCORER: "scorer",
    Origin.CONTEXT: "context (outside the container or body region, neighbours)",
    Origin.CUT: "end-of-article cut",
    Origin.BEFORE_HEADLINE: "before the headline",
    Origin.FALLBACK: "fallback extraction",
    Origin.HEADLINE: "headline",
}


@dataclass(frozen=True, slots=True)
class View:
    """One block's verdict, ready to display."""

    origin: Origin
    rule: str
    """The rule id that decided it; empty where no rule did (scorer, context)."""
    reason: str
    """The reason exactly as ``--explain`` prints it."""
    key: str
    """What the report counts removals by: the rule id, else the origin (with the chrome
    category), so that every scorer drop falls under one heading."""
    score: float | None
    """The scorer's total, where the scorer took part."""
    features: tuple[tuple[str, float | None], ...] = ()
    """The scorer's features that fired, with their points where known."""


def view(block: Block) -> View:
    """The report's reading of one block's verdict."""
    reason = block.reason
    inner = reason.removeprefix("settle: ")
    rule = ""
    if reason == HEADLINE:
        origin = Origin.HEADLINE
    elif inner.startswith("chrome:"):
        origin = Origin.CHROME
    elif inner.startswith("before headline"):
        origin = Origin.BEFORE_HEADLINE
    elif inner.startswith("after:") or inner == "attribution-after-cut":
        origin, rule = Origin.CUT, inner.removeprefix("after:")
    elif inner.startswith(("outside", "score")) and "neighbours" not in inner:
        origin = Origin.CONTEXT if inner.startswith("outside") else Origin.SCORER
    elif "neighbours" in inner:
        origin = Origin.CONTEXT
    else:
        origin, rule = Origin.RULE, inner
    scored = origin in (Origin.SCORER, Origin.CONTEXT, Origin.BEFORE_HEADLINE)
    if rule:
        key = rule
    elif origin is Origin.CHROME:
        key = "chrome:" + inner.split(":")[1]
    else:
        key = origin.value
    return View(origin, rule, reason, key, block.score if scored else None)
