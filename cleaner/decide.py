"""Deciding: rules, then the scorer, then document context, for one document's segments.

The pipeline, in five steps (``decide``):

1. **structure** (HTML only): blocks outside the article container or inside a chrome
   element already carry a verdict from the front end;
2. **line rules**: the first DROP or KEEP rule that matches a block decides it;
3. **block and cut rules**: multi-line patterns, then the first end-of-article marker;
4. **scorer**: every undecided block gets its feature points (``features.score``);
5. **context** (``context.py``): the headline is chosen, the main body region is found
   as the best-scoring contiguous run, and short neutral blocks follow their neighbours.

Each block's working state is a :class:`~cleaner.slot.Slot`.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from . import features, language, native
from . import memo as memo_tables
from .context import apply_context, choose_headline, drop_repeats
from .memo import DecisionMemo, DocumentMemo
from .model import Block, Origin, Segment
from .rulebook import RuleSet
from .rules import Rule, RuleKind
from .slot import DROP, KEEP, UNDECIDED, Slot, Verdict, new_slot
from .thresholds import DEFAULT_THRESHOLDS, Thresholds

if TYPE_CHECKING:
    from . import _ctext

MAX_SETTLE_PASSES = 8
"""The pipeline re-runs on its own output until stable; a bound keeps worst cases linear."""


_RULE_KEEP, _RULE, _HEADLINE = RuleKind.KEEP, Origin.RULE, Origin.HEADLINE
"""Read in the loops below as globals (an Enum member read through its class costs about
100 ns on Python 3.11: ``EnumType.__getattr__``; see ``slot.KEEP``)."""


def _apply_line_rules_python(slots: list[Slot], rules: RuleSet, memo: DocumentMemo) -> None:
    for slot in slots:
        if slot.verdict is not UNDECIDED:
            continue
        rule = memo.line_rule(rules, slot.segment.text, slot.segment.pinned)
        if rule is not None:
            keep = rule.kind is _RULE_KEEP
            slot.set(KEEP if keep else DROP, _RULE, rule.id, protected=keep)
            slot.ends_body, slot.edges_only = rule.ends_body, rule.edges_only
        elif slot.segment.pinned:
            slot.set(Verdict.KEEP, Origin.SITE_KEEP, protected=True)
    # An attribution split over two lines: the author's name, then "Theo VnExpress".
    spare = {r.id for r in rules.spare}
    byline = features.shapes().byline
    for before, slot in itertools.pairwise(slots):
        kept_attribution = slot.rule in spare and slot.verdict is KEEP
        if (
            kept_attribution
            and before.verdict is UNDECIDED
            and byline.fullmatch(before.segment.text)
        ):
            before.set(Verdict.KEEP, Origin.RULE, slot.rule, protected=True)


def _apply_block_rules(
    slots: list[Slot], rules: RuleSet, t: Thresholds, memo: DocumentMemo
) -> None:
    # Which rules to search: their prefilters asked of each line, and each line's answers
    # kept by the memo (``sieve.py``); None where a text holds a line break of its own.
    sieve = rules.sieve
    may = sieve.run(memo, slots)
    if may == 0:
        return
    # Where the document's blocks are among the slots, their texts, where each starts in
    # the document; and the first paragraph of prose, worked out at the first match.
    live, texts, starts = sieve.live(slots)
    if not live:
        return
    document = "\n".join(texts)
    first_prose = -1
    for i, rule in enumerate(rules.block):
        if may is None or sieve.rules[i] is None:
            found = rule.spans(document)
        elif not may >> i & 1:
            continue
        elif sieve.opened[i]:  # tried at the lines starting with its heads alone
            lines = sieve.lines_of(memo, texts, sieve.opened[i])
            found = rule.opened_spans(document, [starts[k] for k in lines])
        else:
            found = rule.sifted_spans(document)
        for begin, end in found:
            if end <= begin:
                continue
            if first_prose < 0:
                # A match that ends before the first paragraph of prose is the page's own
                # headline printed twice (a sticky header bar and the <h1>), not a list of
                # teasers.
                first_prose = _first_prose(texts, t, memo)
            first = bisect.bisect_right(starts, begin) - 1
            last = bisect.bisect_right(starts, end - 1) - 1
            if last < first_prose:
                continue
            for k in range(first, last + 1):
                slot = slots[live[k]]
                if not slot.protected:
                    slot.set(Verdict.DROP, Origin.BLOCK_RULE, rule.id)


def _first_prose(texts: list[str], t: Thresholds, memo: DocumentMemo) -> int:
    """Where the first of ``texts`` that ``memo.is_prose`` holds stands (``len(texts)``:
    none). Its words are asked first, ``is_prose``'s own first test, without its two
    Python frames for each short line of a page's chrome (135 of a dantri page's 150
    lines stand before its article: 19 → 10.5 µs). ``tests/test_fast_objects.py``."""
    long_words = t.long_words
    return next(
        (k for k, x in enumerate(texts) if memo.words(x) >= long_words and memo.is_prose(x, t)),
        len(texts),
    )


def _apply_cut_python(slots: list[Slot], rules: RuleSet, memo: DocumentMemo) -> None:
    cut_rules = rules.cut
    if not cut_rules:
        return
    for index, slot in enumerate(slots):
        if slot.verdict is DROP:
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
            if later.verdict is DROP:
                continue
            if first_after and rules.spares(later.segment.text):
                later.set(Verdict.KEEP, Origin.SPARED_AFTER_CUT, protected=True)
            else:
                later.set(Verdict.DROP, Origin.AFTER_CUT, rule.id)
            first_after = False
        return


def _score_python(slots: list[Slot], memo: DocumentMemo, t: Thresholds) -> None:
    """Score every undecided block: the document's repeated texts and stoplist, then each
    block's points (``memo.scored``), minus ``follows_teaser_points`` after a block rule's
    block."""
    counts = features.duplicates([s.segment for s in slots], t)
    # The stoplist matters for the blocks scored below only: detection reads them first
    # (and the pinned title), and every block when they are too few (DETECT_MIN_UNITS).
    scored = (s.segment.text for s in slots if s.verdict is UNDECIDED or s.origin is _HEADLINE)
    texts = (s.segment.text for s in slots)
    stoplist = language.detect(texts, memo.text_hits, scored=scored)
    block_rule = Origin.BLOCK_RULE
    for i, slot in enumerate(slots):
        if slot.verdict is not UNDECIDED:
            continue
        points, found = memo.scored(slot.segment, counts, t, stoplist)
        if i > 0 and slots[i - 1].origin is block_rule:
            points += t.follows_teaser_points
            found = (*found, features.feature("follows-teaser", t.follows_teaser_points))
        slot.score, slot.features = points, found


def _score_step() -> _ctext.ScoreStep:
    """The compiled twin of ``_score_python`` (``_ctext_step.c``), given the constants it
    compares with and the functions it calls on a memo miss."""
    if native.compiled is None:
        raise RuntimeError("cleaner._ctext is not built")
    return native.compiled.ScoreStep(
        undecided=UNDECIDED,
        headline=Origin.HEADLINE,
        block_rule=Origin.BLOCK_RULE,
        missing=memo_tables._MISSING,
        hits_at=memo_tables.HITS,
        counter=Counter,
        feature=features.feature,
        language=language,
        other_fields=memo_tables._OTHER_FIELDS,
        bare=memo_tables._BARE,
        fallback=_score_python,
        segment=Segment,
        other_names=memo_tables._OTHER_NAMES,
    )


_score: Callable[[list[Slot], DocumentMemo, Thresholds], None] = (
    _score_step().run if native.ENABLED else _score_python
)
"""Score every undecided block (``_score_python``); the compiled step where it is in use."""


def _pin_title(slots: list[Slot]) -> None:
    """HTML: the headline element is the headline, before any rule can see it; all its
    lines when a ``<br>`` splits it."""
    for slot in slots:
        if slot.segment.is_title and slot.verdict is not DROP:
            slot.set(KEEP, Origin.HEADLINE, protected=True)


def _structure_python(segments: list[Segment], rules: RuleSet, html: bool) -> list[Slot]:
    """A Slot for each segment, decided by where its block sits (step 1)."""
    slots = list(map(new_slot, segments))
    for slot in slots:
        seg = slot.segment
        if seg.chrome:
            slot.set(DROP, Origin.CHROME)
        elif seg.in_body is False and not seg.is_title:
            if seg.after_body and rules.spares(seg.text):
                continue  # a closing attribution just after the container: rules decide
            slot.set(DROP, Origin.OUTSIDE_BODY)
    if html:
        _pin_title(slots)
    return slots


def _settle_python(
    slots: list[Slot],
    once: Callable[[list[Segment], RuleSet, bool, DocumentMemo, Thresholds], list[Slot]],
    rules: RuleSet,
    html: bool,
    memo: DocumentMemo,
    t: Thresholds,
    passes: int,
) -> None:
    """``decide``'s settle loop: the kept blocks decided again (``once``) until a pass drops
    none, at most ``passes`` times; a block a pass drops takes that pass's slot, settled."""
    alive = [i for i, s in enumerate(slots) if s.verdict is KEEP]
    # A pass that dropped nothing would run again on its own input: the same answer, so
    # the settle loop has nothing to do (a clean article, an extractor's output).
    for _ in range(passes if len(alive) < len(slots) else 0):
        again = once([slots[i].segment for i in alive], rules, html, memo, t)
        gone = [(i, s) for i, s in zip(alive, again, strict=True) if s.verdict is not KEEP]
        if not gone:
            break
        for i, s in gone:
            s.settled = True
            slots[i] = s
        alive = [i for i in alive if slots[i].verdict is KEEP]


def _blocks_python(slots: list[Slot]) -> list[Block]:
    return [s.block() for s in slots]


@cache
def _steps() -> _ctext.DecideSteps:
    """The compiled steps (``_ctext_decide.c``), with the objects the Python twins read as
    globals, handed over once."""
    if native.compiled is None:
        raise RuntimeError("cleaner._ctext is not built")
    constants = (
        new_slot,
        KEEP,
        DROP,
        UNDECIDED,
        Origin.RULE,
        Origin.SITE_KEEP,
        Origin.CHROME,
        Origin.OUTSIDE_BODY,
        Origin.HEADLINE,
        Origin.CUT,
        Origin.AFTER_CUT,
        Origin.SPARED_AFTER_CUT,
        RuleKind.KEEP,
        memo_tables._MISSING,
        features.shapes,
        Segment,
        Rule,
    )
    return native.compiled.DecideSteps(constants, memo_tables.LINE, memo_tables.CUT)


if native.ENABLED:
    _structure = _steps().structure
    _apply_line_rules = _steps().line_rules
    _apply_cut = _steps().cut
    _settle = _steps().settle
    _blocks = _steps().blocks
else:
    _structure = _structure_python
    _apply_line_rules = _apply_line_rules_python
    _apply_cut = _apply_cut_python
    _settle = _settle_python
    _blocks = _blocks_python
"""Each step is its compiled twin's method where ``native.ENABLED`` (``DecideSteps``: the
same fields set on the same slots, the same memo calls on a miss;
``tests/test_native_decide.py``), else the Python function, which stays the reference."""


def _decide_once(
    segments: list[Segment], rules: RuleSet, html: bool, memo: DocumentMemo, t: Thresholds
) -> list[Slot]:
    slots = _structure(segments, rules, html)
    _apply_line_rules(slots, rules, memo)
    _apply_block_rules(slots, rules, t, memo)
    _apply_cut(slots, rules, memo)
    _score(slots, memo, t)
    if not html:
        choose_headline(slots, t, memo)
    apply_context(slots, t, html, memo)
    drop_repeats(slots, t)
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
    _settle(slots, _decide_once, rules, html, local, thresholds, MAX_SETTLE_PASSES)
    local.commit()
    return _blocks(slots)
