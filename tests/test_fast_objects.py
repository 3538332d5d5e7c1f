"""The decision's bookkeeping fast paths against the plain definitions they replace:
positional ``Block`` construction, the memo's lookups without callbacks, and the settle
passes skipped when a pass dropped nothing (docs/algorithm.md, Speed, fifth round)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cleaner.model import Block, Chrome, Feature, Origin, Segment
from cleaner.slot import Slot, Verdict, restated

ROOT = Path(__file__).resolve().parent.parent

short = st.text(max_size=8)
chromes = st.none() | st.builds(Chrome, short, short)
segments = st.builds(Segment, text=short, tag=short, classes=short, chrome=chromes)
slots = st.builds(
    Slot,
    segment=segments,
    verdict=st.sampled_from(Verdict),
    origin=st.sampled_from(Origin),
    rule=st.none() | short,
    score=st.floats(allow_nan=False),
    features=st.lists(st.builds(Feature, short, st.floats(allow_nan=False))).map(tuple),
    neighbours=st.none() | st.tuples(short, short),
    settled=st.booleans(),
)


@given(slots)
def test_slot_block_is_the_keyword_block(slot: Slot) -> None:
    seg = slot.segment
    plain = Block(
        text=seg.text,
        kept=slot.verdict is Verdict.KEEP,
        origin=slot.origin,
        rule=slot.rule,
        features=slot.features,
        score=slot.score,
        chrome=seg.chrome if slot.origin is Origin.CHROME else None,
        neighbours=slot.neighbours,
        settled=slot.settled,
        tag=seg.tag,
        classes=seg.classes,
    )
    block = slot.block()
    assert block == plain
    assert [getattr(block, f.name) for f in dataclasses.fields(Block)] == [
        getattr(plain, f.name) for f in dataclasses.fields(Block)
    ]


@given(slots, short, st.booleans())
def test_restated_is_dataclasses_replace(slot: Slot, text: str, settled: bool) -> None:
    block = slot.block()
    assert restated(block, text, settled) == dataclasses.replace(block, text=text, settled=settled)
