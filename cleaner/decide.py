"""Deciding: rules, then the scorer, then document context, for one document's segments.

The pipeline, in five steps (``decide``):

1. **structure** (HTML only): blocks outside the article container or inside a chrome
   element already carry a verdict from the front end;
2. **line rules**: the first DROP or KEEP rule that matches a block decides it;
3. **block and cut rules**: multi-line patterns, then the first end-of-article marker;
4. **scorer**: every undecided block gets its feature points (``features.score``);
5. **context**: the headline is chosen, the main body region is found as the best-scoring
   contiguous run, and short neutral blocks follow their neighbours.
"""

from __future__ import annotations

import bisect
import enum
import itertools
from dataclasses import dataclass

from . import features, language
from .memo import DecisionMemo, DocumentMemo
from .model import Block, Feature, Origin, Segment
from .rulebook import RuleSet
from .rules import RuleKind
from .thresholds import DEFAULT_THRESHOLDS, Thresholds

MAX_SETTLE_PASSES = 8
"""The pipeline re-runs on its own output until stable; a bound keeps worst cases linear."""


class Verdict(enum.Enum):
    KEEP = "keep"
    DROP = "drop"
    NONE = "undecided"


@dataclass(slots=True)
class _Slot:
    """Working state of one block while the pipeline runs."""

    segment: Segment
    verdict: Verdict = Verdict.NONE
    origin: Origin = Origin.SCORER
    rule: str | None = None
    score: float = 0.0
    features: tuple[Feature, ...] = ()
    """The scorer features that fired, with their points."""
    protected: bool = False
    """Kept by a KEEP rule: context cannot drop it."""
    ends_body: bool = False
    """Dropped by a footer's line rule (``Rule.ends_body``)."""
    neighbours: tuple[str, str] | None = None
    settled: bool = False

    def set(
        self, verdict: Verdict, origin: Origin, rule: str | None = None, *, protected: bool = False
    ) -> None:
        self.verdict, self.origin, self.rule, self.protected = verdict, origin, rule, protected

    def block(self) -> Block:
        seg = self.segment
        return Block(
            text=seg.text,
            kept=self.verdict is Verdict.KEEP,
            origin=self.origin,
            rule=self.rule,
            features=self.features,
            score=self.score,
            chrome=seg.chrome if self.origin is Origin.CHROME else None,
            neighbours=self.neighbours,
            settled=self.settled,
            tag=seg.tag,
            classes=seg.classes,
        )


def _apply_line_rules(slots: list[_Slot], rules: RuleSet, memo: DocumentMemo) -> None:
    for slot in slots:
        if slot.verdict is not Verdict.NONE:
            continue
        rule = memo.line_rule(rules, slot.segment.text, slot.segment.pinned)
        if rule is not None:
            keep = rule.kind is RuleKind.KEEP
            slot.set(Verdict.KEEP if keep else Verdict.DROP, Origin.RULE, rule.id, protected=keep)
            slot.ends_body = rule.ends_body
        elif slot.segment.pinned:
            slot.set(Verdict.KEEP, Origin.SITE_KEEP, protected=True)
    # An attribution split over two lines: the author's name, then "Theo VnExpress".
    spare = {r.id for r in rules.spare}
    byline = features.shapes().byline
    for before, slot in itertools.pairwise(slots):
        kept_attribution = slot.rule in spare and slot.verdict is Verdict.KEEP
        if (
            kept_attribution
            and before.verdict is Verdict.NONE
            and byline.fullmatch(before.segment.text)
        ):
            before.set(Verdict.KEEP, Origin.RULE, slot.rule, protected=True)


def _apply_block_rules(
    slots: list[_Slot], rules: RuleSet, t: Thresholds, memo: DocumentMemo
) -> None:
    live = [i for i, s in enumerate(slots) if not s.origin.structural]
    if not live:
        return
    starts: list[int] = []
    pos = 0
    for i in live:
        starts.append(pos)
        pos += len(slots[i].segment.text) + 1
    document = "\n".join(slots[i].segment.text for i in live)
    # A match that ends before the first paragraph of prose is the page's own headline
    # printed twice (a sticky header bar and the <h1>), not a list of teasers.
    first_prose = next(
        (k for k, i in enumerate(live) if memo.is_prose(slots[i].segment.text, t)), len(live)
    )
    for rule in rules.block:
        for begin, end in rule.spans(document):
            if end <= begin:
                continue
            first = bisect.bisect_right(starts, begin) - 1
            last = bisect.bisect_right(starts, end - 1) - 1
            if last < first_prose:
                continue
            for k in range(first, last + 1):
                slot = slots[live[k]]
                if not slot.protected:
                    slot.set(Verdict.DROP, Origin.BLOCK_RULE, rule.id)


def _apply_cut(slots: list[_Slot], rules: RuleSet, memo: DocumentMemo) -> None:
    cut_rules = rules.cut
    if not cut_rules:
        return
    for index, slot in enumerate(slots):
        if slot.verdict is Verdict.DROP:
            continue
        rule = memo.cut_rule(rules, slot.segment.text)
        if rule is None:
            continue
        if not rule.keep_marker:
            slot.set(Verdict.DROP, Origin.CUT, rule.id)
        elif slot.verdict is Verdict.NONE:
            slot.set(Verdict.KEEP, Origin.CUT, rule.id)
        first_after = True
        for later in slots[index + 1 :]:
            if later.verdict is Verdict.DROP:
                continue
            if first_after and rules.spares(later.segment.text):
                later.set(Verdict.KEEP, Origin.SPARED_AFTER_CUT, protected=True)
            else:
                later.set(Verdict.DROP, Origin.AFTER_CUT, rule.id)
            first_after = False
        return


def _score(slots: list[_Slot], memo: DocumentMemo, t: Thresholds) -> None:
    counts = features.duplicates([s.segment for s in slots], t)
    stoplist = language.detect((s.segment.text for s in slots), memo.text_hits)
    for i, slot in enumerate(slots):
        if slot.verdict is not Verdict.NONE:
            continue
        points, found = memo.scored(slot.segment, counts, t, stoplist)
        if i > 0 and slots[i - 1].origin is Origin.BLOCK_RULE:
            points += t.follows_teaser_points
            found = (*found, Feature("follows-teaser", t.follows_teaser_points))
        slot.score, slot.features = points, found


def _pin_title(slots: list[_Slot]) -> None:
    """HTML: the headline element is the headline, before any rule can see it; all its
    lines when a ``<br>`` splits it."""
    for slot in slots:
        if slot.segment.is_title and slot.verdict is not Verdict.DROP:
            slot.set(Verdict.KEEP, Origin.HEADLINE, protected=True)


def _choose_headline(slots: list[_Slot], t: Thresholds, memo: DocumentMemo) -> None:
    """Text: the headline is the block that looks like one nearest the start of the body
    region: the region's first blocks, else the blocks just before it (a page's text
    prints menus and teaser titles long before the article's own headline). Undecided
    blocks before it go, except body-sized ones: the body has begun where one stands (a
    whole article flattened into one line), and context decides them."""
    if _starts_with_body(slots, t, memo):
        # An article already cut out of its page: its headline, if it kept one, stands
        # before its first paragraph; a heading or caption further down is none.
        # With no prose at all, no block is judged a headline.
        first = next((i for i, s in enumerate(slots) if _is_prose_slot(s, t, memo)), 0)
        candidates = [i for i in range(first) if slots[i].verdict is Verdict.NONE]
    else:
        begin, _ = _body_region(slots, t)
        ahead = [i for i in range(begin, len(slots)) if slots[i].verdict is Verdict.NONE]
        behind = [i for i in range(begin - 1, -1, -1) if slots[i].verdict is Verdict.NONE]
        candidates = []
        for i in ahead[: t.headline_lookahead]:
            candidates.append(i)
            if _is_prose_slot(slots[i], t, memo):
                break  # prose: a headline would stand before it
        candidates += behind[: t.headline_lookback]
    for i in candidates:
        slot = slots[i]
        # A page prints its headline twice (<title>-like bar and <h1>): not held against it.
        score = slot.score - sum(f.points for f in slot.features if f.name == "duplicate")
        if memo.looks_like_headline(slot.segment.text) and score > t.bad_score:
            for before in slots[:i]:
                if before.verdict is Verdict.NONE and not _body_sized(before, t, memo):
                    before.set(Verdict.DROP, Origin.BEFORE_HEADLINE)
            slot.set(Verdict.KEEP, Origin.HEADLINE, protected=True)
            return


def _body_sized(slot: _Slot, t: Thresholds, memo: DocumentMemo) -> bool:
    """As long as a paragraph of prose, whatever its ending."""
    return memo.words(slot.segment.text) >= t.long_words


_INLINE_CHROME = frozenset({Origin.CHROME, Origin.OUTSIDE_BODY, Origin.RULE})
_RULE_DROPS = frozenset({Origin.RULE, Origin.BLOCK_RULE, Origin.CUT, Origin.AFTER_CUT})
"""Drops that sit between paragraphs (captions, placeholders): neighbours look past them."""


def _drop_weight(slot: _Slot, t: Thresholds) -> float:
    origin = slot.origin
    if origin is Origin.RULE:
        return t.footer_rule_weight if slot.ends_body else t.line_rule_weight
    if origin is Origin.BLOCK_RULE:
        return t.block_rule_weight
    return 0.0


def _body_region(slots: list[_Slot], t: Thresholds) -> tuple[int, int]:
    """The contiguous run of blocks with the highest total score (Kadane)."""
    best, best_span = float("-inf"), (0, -1)
    total, start = 0.0, 0
    for i, slot in enumerate(slots):
        if slot.verdict is Verdict.DROP:
            value = _drop_weight(slot, t)
        elif slot.protected:
            value = max(slot.score, 0.0)
        else:
            value = slot.score
        if total <= 0:
            total, start = value, i
        else:
            total += value
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def _is_prose_slot(s: _Slot, t: Thresholds, memo: DocumentMemo) -> bool:
    """Undecided, and reads like a paragraph (or is as long as one), not like a title."""
    if s.verdict is not Verdict.NONE:
        return False
    prose = s.score >= t.good_score or _body_sized(s, t, memo)
    return prose and not memo.looks_like_headline(s.segment.text)


def _starts_with_body(slots: list[_Slot], t: Thresholds, memo: DocumentMemo) -> bool:
    """Text that reaches prose within its first few blocks is an article already cut out
    of its page (an extractor's output, a scraper's article text), not a page's text; so
    is text of more blocks than that with no prose and nothing a rule drops (a catalogue,
    a timetable, a table of contents an extractor flattened: a page has an imprint)."""
    if any(_is_prose_slot(s, t, memo) for s in slots[: t.extracted_lead_blocks]):
        return True
    return len(slots) > t.extracted_lead_blocks and not any(
        _is_prose_slot(s, t, memo) or (s.verdict is Verdict.DROP and s.origin in _RULE_DROPS)
        for s in slots
    )


def _between_prose(slots: list[_Slot], t: Thresholds, memo: DocumentMemo) -> range:
    """Positions after the first paragraph of prose and before the last one."""
    prose = [i for i, s in enumerate(slots) if _is_prose_slot(s, t, memo)]
    return range(prose[0] + 1, prose[-1]) if prose else range(0)


def _apply_context(slots: list[_Slot], t: Thresholds, html: bool, memo: DocumentMemo) -> None:
    extracted = not html and _starts_with_body(slots, t, memo)
    begin, end = (0, len(slots) - 1) if extracted else _body_region(slots, t)
    inside = _between_prose(slots, t, memo) if extracted else range(0)
    for i, slot in enumerate(slots):
        if slot.verdict is not Verdict.NONE:
            continue
        if i in inside and t.extracted_bad_score < slot.score <= t.bad_score:
            continue  # weak evidence between paragraphs: a heading, a list item, a row
        # Inside the article container the score decides, not the region: a listicle's
        # link lists between its sections must not cut the sections after them off.
        if not begin <= i <= end and slot.segment.in_body is not True:
            slot.set(Verdict.DROP, Origin.OUTSIDE_REGION)
        elif slot.score >= t.good_score:
            slot.set(Verdict.KEEP, Origin.SCORER)
        elif slot.score <= t.bad_score:
            slot.set(Verdict.DROP, Origin.SCORER)
    # Neutral blocks inside the region follow their nearest decided neighbours, all judged
    # against the same state so the order of the loop does not matter.
    neutral = [i for i, slot in enumerate(slots) if slot.verdict is Verdict.NONE]
    gap = len(slots) if extracted else t.neutral_max_gap
    # After an extractor, a block the scorer dropped is weak evidence of chrome (a Title
    # Case heading, a repeated table header): its neighbours look past it.
    skip = _INLINE_CHROME | {Origin.SCORER} if extracted else _INLINE_CHROME
    left, right = _neighbours(slots, -1, gap, skip), _neighbours(slots, +1, gap, skip)
    for i in neutral:
        before, after = left[i], right[i]
        keep = (before is Verdict.KEEP and after in (Verdict.KEEP, None)) or (
            before is None and after is Verdict.KEEP
        )
        if extracted:
            # Mostly article already: a neutral block stays unless a teaser list, a cut or
            # the text's end follows a drop (a heading or a table's first row opens the
            # paragraph after it; the leads after a related-list label go).
            keep = after is Verdict.KEEP or (after is None and before is not Verdict.DROP)
        slot = slots[i]
        verdict = Verdict.KEEP if keep else Verdict.DROP
        slot.set(verdict, Origin.NEIGHBOURS)
        slot.neighbours = (_name(before), _name(after))


def _neighbours(
    slots: list[_Slot], step: int, max_gap: int, skip: frozenset[Origin] = _INLINE_CHROME
) -> dict[int, Verdict | None]:
    """For every undecided block, the verdict of the nearest decided block in one direction,
    skipping neutral ones; ``None`` past the ends; DROP when a neutral block outside the
    article container lies more than ``max_gap`` neutral blocks away on the way.

    One sweep from the far end, not a search per block: 8,000 neutral lines in a
    container made per-block searches take 25 s."""
    found: dict[int, Verdict | None] = {}
    order = range(len(slots)) if step < 0 else range(len(slots) - 1, -1, -1)
    decided: Verdict | None = None  # the nearest decided block behind the sweep
    run = 0  # neutral blocks since then
    first_outside: int | None = None  # position in the run of its first block outside
    for i in order:
        slot = slots[i]
        if slot.verdict is Verdict.DROP and slot.origin in skip:
            continue  # captions and placeholders sit between paragraphs: look past them
        if slot.verdict is not Verdict.NONE:
            decided, run, first_outside = slot.verdict, 0, None
            continue
        # This block sees the run's blocks nearest-first: the k-th nearest is at run
        # position run - k; one outside the container at k > neutral_max_gap stops it.
        if first_outside is not None and run - first_outside > max_gap:
            found[i] = Verdict.DROP  # a run of short lines inside a site's container is a poem
        else:
            found[i] = decided
        if first_outside is None and slot.segment.in_body is not True:
            first_outside = run
        run += 1
    return found


def _name(v: Verdict | None) -> str:
    return "edge" if v is None else v.value


def _decide_once(
    segments: list[Segment], rules: RuleSet, html: bool, memo: DocumentMemo, t: Thresholds
) -> list[_Slot]:
    slots = [_Slot(segment=s) for s in segments]
    for slot in slots:
        seg = slot.segment
        if seg.chrome:
            slot.set(Verdict.DROP, Origin.CHROME)
        elif seg.in_body is False and not seg.is_title:
            if seg.after_body and rules.spares(seg.text):
                continue  # a closing attribution just after the container: rules decide
            slot.set(Verdict.DROP, Origin.OUTSIDE_BODY)
    if html:
        _pin_title(slots)
    _apply_line_rules(slots, rules, memo)
    _apply_block_rules(slots, rules, t, memo)
    _apply_cut(slots, rules, memo)
    _score(slots, memo, t)
    if not html:
        _choose_headline(slots, t, memo)
    _apply_context(slots, t, html, memo)
    return slots


def decide(
    segments: list[Segment],
    rules: RuleSet,
    *,
    html: bool = False,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    memo: DecisionMemo | None = None,
) -> list[Block]:
    """Run the pipeline on one document and return one :class:`Block` per segment.

    The pipeline then runs again on what it kept, until nothing more goes: deleting a
    block can make its neighbours adjacent (a teaser title printed twice around an image),
    and cleaning the output must not find anything left to remove (idempotence).

    ``memo`` (the Cleaner's, for this rule set) supplies and keeps per-block results
    across documents; the result is the same with or without it.
    """
    local = DocumentMemo(shared=memo)
    slots = _decide_once(segments, rules, html, local, thresholds)
    alive = [i for i, s in enumerate(slots) if s.verdict is Verdict.KEEP]
    for _ in range(MAX_SETTLE_PASSES):
        again = _decide_once([slots[i].segment for i in alive], rules, html, local, thresholds)
        gone = [(i, s) for i, s in zip(alive, again, strict=True) if s.verdict is not Verdict.KEEP]
        if not gone:
            break
        for i, s in gone:
            s.settled = True
            slots[i] = s
        alive = [i for i in alive if slots[i].verdict is Verdict.KEEP]
    local.commit()
    return [s.block() for s in slots]
