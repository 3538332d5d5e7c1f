"""The decision's bookkeeping fast paths against the plain definitions they replace:
positional ``Block`` construction, the memo's lookups without callbacks, and the settle
passes skipped when a pass dropped nothing (docs/algorithm.md, Speed, fifth round)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.memo import DecisionMemo, DocumentMemo
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


def _texts() -> list[str]:
    paths = sorted(ROOT.glob("seeds/*.txt")) + sorted(ROOT.glob("fixtures/*/*.expected.txt"))
    return [p.read_text("utf-8") for p in paths]


TEXTS = _texts()
BOOK = Cleaner().book


def test_memo_lookups_hit_and_miss_like_the_tables() -> None:
    """A value of ``None`` (no rule matched) is remembered as a value, not as a miss."""
    rules = BOOK.rules_for(BOOK.select(url=None, source=None, text=""))
    shared = DecisionMemo()
    first = DocumentMemo(shared=shared)
    assert first.line_rule(rules, "an ordinary sentence of prose.", False) is None
    assert first.cut_rule(rules, "an ordinary sentence of prose.") is None
    first.commit()
    assert shared.line.get(("an ordinary sentence of prose.", False), 0) is None
    assert shared.cut.get("an ordinary sentence of prose.", 0) is None
    calls: list[str] = []

    class Counting:
        cut = rules.cut

        def first_line_rule(self, text: str, *, pinned: bool = False) -> None:
            calls.append(text)

    second = DocumentMemo(shared=shared)
    assert second.line_rule(Counting(), "an ordinary sentence of prose.", False) is None  # type: ignore[arg-type]
    assert not calls  # the Cleaner's None was used, not recomputed
    assert second.line_rule(Counting(), "another line", False) is None  # type: ignore[arg-type]
    assert calls == ["another line"]
