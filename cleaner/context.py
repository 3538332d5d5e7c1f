"""Step 5 of the decision, document context: the headline (text mode), the body region
(the best-scoring contiguous run of blocks), and neutral blocks that follow their decided
neighbours. Every step before it decided blocks one by one or by pattern; this one reads
where they stand.

The ``*_python`` functions are the reference and the fallback; where ``_ctext`` is in use
(:data:`native.ENABLED`) the step runs as their compiled twins (``cleaner/_ctext_context*.c``,
``tests/test_native_context.py`` holds the two together), which read the slots once, the
thresholds' numbers once per Thresholds object (:func:`_plan`) and each text's words from
the document memo's ``facts`` where it holds them (``DocumentMemo.words`` otherwise)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from . import features, native
from .memo import _MISSING, HEAD, WORDS, DocumentMemo
from .model import Origin, Segment
from .slot import DROP, KEEP, UNDECIDED, Slot, Verdict
from .thresholds import Thresholds

if TYPE_CHECKING:
    from . import _ctext


def choose_headline_python(slots: list[Slot], t: Thresholds, memo: DocumentMemo) -> None:
    """Text: the headline is the block that looks like one nearest the start of the body
    region: the region's first blocks, else the blocks just before it (a page's text
    prints menus and teaser titles long before the article's own headline). Undecided
    blocks before it go, except body-sized ones: the body has begun where one stands (a
    whole article flattened into one line), and context decides them."""
    if _starts_with_body(slots, t, memo):
        # An article already cut out of its page: its headline, if it kept one, stands
        # before its first paragraph; a heading or caption further down is none.
        # With no prose at all, no block is judged a headline.
        first = next((i for i, s in enumerate(slots) if _opens_body(s, t, memo)), 0)
        candidates = [i for i in range(first) if slots[i].verdict is UNDECIDED]
    else:
        begin, _ = _body_region(slots, t)
        ahead = [i for i in range(begin, len(slots)) if slots[i].verdict is UNDECIDED]
        behind = [i for i in range(begin - 1, -1, -1) if slots[i].verdict is UNDECIDED]
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
                if before.verdict is UNDECIDED and not _body_sized(before, t, memo):
                    before.set(DROP, Origin.BEFORE_HEADLINE)
            slot.set(KEEP, Origin.HEADLINE, protected=True)
            return


def _body_sized(slot: Slot, t: Thresholds, memo: DocumentMemo) -> bool:
    """As long as a paragraph of prose, whatever its ending."""
    return memo.words(slot.segment.text) >= t.long_words


# Tuples, not sets: membership by identity (an Enum hashes in Python), and each read of an
# Origin member costs about 100 ns on Python 3.11 (``EnumType.__getattr__``).
_INLINE_CHROME = (Origin.CHROME, Origin.OUTSIDE_BODY, Origin.RULE)
_RULE_DROPS = (Origin.RULE, Origin.BLOCK_RULE, Origin.CUT, Origin.AFTER_CUT)
"""Drops that sit between paragraphs (captions, placeholders): neighbours look past them."""
_RULE, _BLOCK_RULE, _SCORER = Origin.RULE, Origin.BLOCK_RULE, Origin.SCORER
_OUTSIDE_REGION, _NEIGHBOURS = Origin.OUTSIDE_REGION, Origin.NEIGHBOURS


def _body_region(slots: list[Slot], t: Thresholds) -> tuple[int, int]:
    """The contiguous run of blocks with the highest total score (Kadane)."""
    best, best_span = float("-inf"), (0, -1)
    total, start = 0.0, 0
    for i, slot in enumerate(slots):
        if slot.verdict is DROP:  # a rule's drop weighs against the region; others nothing
            origin = slot.origin
            if origin is _RULE:
                value = t.footer_rule_weight if slot.ends_body else t.line_rule_weight
            elif origin is _BLOCK_RULE:
                value = t.block_rule_weight
            else:
                value = 0.0
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


def _is_prose_slot(s: Slot, t: Thresholds, memo: DocumentMemo) -> bool:
    """Undecided, and reads like a paragraph (or is as long as one), not like a title."""
    if s.verdict is not UNDECIDED:
        return False
    prose = s.score >= t.good_score or _body_sized(s, t, memo)
    return prose and not memo.looks_like_headline(s.segment.text)


def _opens_body(s: Slot, t: Thresholds, memo: DocumentMemo) -> bool:
    """A paragraph of prose, or a block both scored as prose and as long as a paragraph
    even if headline-shaped (a 40-word question opening a guide)."""
    if _is_prose_slot(s, t, memo):
        return True
    return s.verdict is UNDECIDED and s.score >= t.good_score and _body_sized(s, t, memo)


def _starts_with_body(slots: list[Slot], t: Thresholds, memo: DocumentMemo) -> bool:
    """Text that reaches prose within its first few blocks is an article already cut out
    of its page (an extractor's output, a scraper's article text), not a page's text; so
    is text of more blocks than that with no prose and nothing a rule drops (a catalogue,
    a timetable, a table of contents an extractor flattened: a page has an imprint)."""
    if any(_opens_body(s, t, memo) for s in slots[: t.extracted_lead_blocks]):
        return True
    # Further down, with nothing a rule drops before it (no menu, date-picker or imprint a
    # rule knows): an extract whose headline area holds a breadcrumb or a "key points" box.
    lead = slots[: t.extracted_unruled_lead_blocks]
    first = next((i for i, s in enumerate(lead) if _opens_body(s, t, memo)), None)
    if first is not None and not any(
        s.verdict is DROP and s.origin in _RULE_DROPS for s in slots[:first]
    ):
        return True
    return len(slots) > t.extracted_lead_blocks and not any(
        _is_prose_slot(s, t, memo) or (s.verdict is DROP and s.origin in _RULE_DROPS) for s in slots
    )


def _between_prose(slots: list[Slot], t: Thresholds, memo: DocumentMemo) -> range:
    """Positions after the first paragraph of prose and before the last one."""
    prose = [i for i, s in enumerate(slots) if _is_prose_slot(s, t, memo)]
    return range(prose[0] + 1, prose[-1]) if prose else range(0)


def apply_context_python(slots: list[Slot], t: Thresholds, html: bool, memo: DocumentMemo) -> None:
    extracted = not html and _starts_with_body(slots, t, memo)
    begin, end = (0, len(slots) - 1) if extracted else _body_region(slots, t)
    inside = _between_prose(slots, t, memo) if extracted else range(0)
    for i in inside:
        slot = slots[i]
        if slot.verdict is DROP and slot.origin is _RULE and slot.edges_only:
            # A date between paragraphs of an extract is a table's cell, not the byline's.
            slot.set(UNDECIDED, Origin.SCORER)
    for i, slot in enumerate(slots):
        if slot.verdict is not UNDECIDED:
            continue
        if i in inside and t.extracted_bad_score < slot.score <= t.bad_score:
            continue  # weak evidence between paragraphs: a heading, a list item, a row
        # Inside the article container the score decides, not the region: a listicle's
        # link lists between its sections must not cut the sections after them off.
        if not begin <= i <= end and slot.segment.in_body is not True:
            slot.set(DROP, _OUTSIDE_REGION)
        elif slot.score >= t.good_score:
            slot.set(KEEP, _SCORER)
        elif slot.score <= t.bad_score:
            slot.set(DROP, _SCORER)
    # Neutral blocks inside the region follow their nearest decided neighbours, all judged
    # against the same state so the order of the loop does not matter.
    neutral = [i for i, slot in enumerate(slots) if slot.verdict is UNDECIDED]
    gap = len(slots) if extracted else t.neutral_max_gap
    # After an extractor, a block the scorer dropped is weak evidence of chrome (a Title
    # Case heading, a repeated table header): its neighbours look past it.
    skip = (*_INLINE_CHROME, _SCORER) if extracted else _INLINE_CHROME
    left, right = _neighbours(slots, -1, gap, skip), _neighbours(slots, +1, gap, skip)
    for i in neutral:
        before, after = left[i], right[i]
        keep = (before is KEEP and after in (KEEP, None)) or (before is None and after is KEEP)
        if extracted:
            # Mostly article already: a neutral block stays unless a teaser list, a cut or
            # the text's end follows a drop (a heading or a table's first row opens the
            # paragraph after it; the leads after a related-list label go).
            keep = after is KEEP or (after is None and before is not DROP)
        slot = slots[i]
        verdict = KEEP if keep else DROP
        slot.set(verdict, _NEIGHBOURS)
        slot.neighbours = (_name(before), _name(after))


def drop_repeats_python(slots: list[Slot], t: Thresholds) -> None:
    """A kept block of at least ``t.repeat_min_chars`` characters whose text an earlier
    kept block holds goes: the page printed its article (or a paragraph of it) twice,
    once per layout. Headlines and blocks a rule protects stay."""
    seen: set[str] = set()
    for slot in slots:
        if slot.verdict is not KEEP:
            continue
        text = slot.segment.text
        if len(text) < t.repeat_min_chars:
            continue
        if text in seen and not slot.protected:
            slot.set(DROP, Origin.REPEAT)
        else:
            seen.add(text)


def _neighbours(
    slots: list[Slot], step: int, max_gap: int, skip: tuple[Origin, ...] = _INLINE_CHROME
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
        if slot.verdict is DROP and slot.origin in skip:
            continue  # captions and placeholders sit between paragraphs: look past them
        if slot.verdict is not UNDECIDED:
            decided, run, first_outside = slot.verdict, 0, None
            continue
        # This block sees the run's blocks nearest-first: the k-th nearest is at run
        # position run - k; one outside the container at k > neutral_max_gap stops it.
        if first_outside is not None and run - first_outside > max_gap:
            found[i] = DROP  # a run of short lines inside a site's container is a poem
        else:
            found[i] = decided
        if first_outside is None and slot.segment.in_body is not True:
            first_outside = run
        run += 1
    return found


_EDGE = "edge"
"""A neighbour past the ends (``Slot.neighbours``)."""


def _name(v: Verdict | None) -> str:
    return _EDGE if v is None else v.value


# --- the compiled twins (cleaner/_ctext_context.c) ------------------------------------------

_COUNT_MAX = 2**62
"""The counts (slices' stops) the compiled steps take: a C ``Py_ssize_t`` holds them."""


def _plan(t: Thresholds) -> tuple[tuple[float, ...], tuple[int, ...]] | None:
    """What the compiled steps read of ``t``, once per Thresholds object, in the order
    ``_ctext_context.h`` names them: the limits compared (as floats; a double holds each
    exactly) and the weights the body region adds (floats, added as the Python adds them),
    then the counts that stop slices (ints). ``None`` (the Python steps run) otherwise."""
    limits = (
        t.good_score, t.bad_score, t.extracted_bad_score, t.long_words, t.repeat_min_chars,
        t.neutral_max_gap,
    )  # fmt: skip
    weights = (t.footer_rule_weight, t.line_rule_weight, t.block_rule_weight)
    counts = (
        t.headline_lookahead, t.headline_lookback, t.extracted_lead_blocks,
        t.extracted_unruled_lead_blocks,
    )  # fmt: skip
    if not all(map(features._exact, limits)) or any(type(w) is not float for w in weights):
        return None
    if any(type(c) is not int or abs(c) > _COUNT_MAX for c in counts):
        return None
    return (*map(float, limits), *weights), counts


@cache
def _compiled() -> _ctext.Context:
    """The compiled steps, with their constants handed over once; they keep the plan of
    the last Thresholds object they were given (as the compiled scorer does)."""
    if native.compiled is None:
        raise RuntimeError("cleaner._ctext is not built")
    constants = (
        KEEP, DROP, UNDECIDED, KEEP.value, DROP.value, _EDGE,
        _RULE, _BLOCK_RULE, _SCORER, _OUTSIDE_REGION, _NEIGHBOURS, Origin.BEFORE_HEADLINE,
        Origin.HEADLINE, Origin.REPEAT,
        _INLINE_CHROME, _RULE_DROPS,
        _MISSING, WORDS, DocumentMemo,
        features.looks_like_headline, "duplicate", sum,
        Segment, HEAD,
    )  # fmt: skip
    fallbacks = (choose_headline_python, apply_context_python, drop_repeats_python)
    return native.compiled.Context(constants, _plan, fallbacks)


def choose_headline_native(slots: list[Slot], t: Thresholds, memo: DocumentMemo) -> None:
    """``choose_headline_python(slots, t, memo)``, in C (``_ctext_context_steps.c``)."""
    _compiled().choose_headline(slots, t, memo)


def apply_context_native(slots: list[Slot], t: Thresholds, html: bool, memo: DocumentMemo) -> None:
    """``apply_context_python(slots, t, html, memo)``, in C."""
    _compiled().apply_context(slots, t, html, memo)


def drop_repeats_native(slots: list[Slot], t: Thresholds) -> None:
    """``drop_repeats_python(slots, t)``, in C."""
    _compiled().drop_repeats(slots, t)


if native.ENABLED:  # the compiled steps' own methods: no Python frame before the C
    choose_headline = _compiled().choose_headline
    apply_context = _compiled().apply_context
    drop_repeats = _compiled().drop_repeats
else:
    choose_headline = choose_headline_python
    apply_context = apply_context_python
    drop_repeats = drop_repeats_python
