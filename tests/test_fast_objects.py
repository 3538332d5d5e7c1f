"""The decision's bookkeeping fast paths against the plain definitions they replace:
positional ``Block`` construction, the memo's lookups without callbacks, and the settle
passes skipped when a pass dropped nothing (docs/speed.md, fifth round)."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cleaner import Cleaner, Options, decide, features, paragraphs, units
from cleaner.memo import CUT, LINE, DecisionMemo, DocumentMemo
from cleaner.model import (
    Block,
    Chrome,
    Feature,
    Origin,
    Segment,
    make_block,
    make_segment,
)
from cleaner.rulebook import RuleSet
from cleaner.segment_text import segment_text
from cleaner.slot import Slot, Verdict, restated
from cleaner.thresholds import DEFAULT_THRESHOLDS

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


block_values = st.tuples(
    short,
    st.booleans(),
    st.sampled_from(Origin),
    st.none() | short,
    st.lists(st.builds(Feature, short, st.floats(allow_nan=False))).map(tuple),
    st.floats(allow_nan=False),
    chromes,
    st.none() | st.tuples(short, short),
    st.booleans(),
    short,
    short,
)


def _same(fast: object, plain: object) -> None:
    assert type(fast) is type(plain)
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert pickle.loads(pickle.dumps(fast)) == plain
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.text = "changed"  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del fast.text  # type: ignore[attr-defined]
    assert dataclasses.replace(fast, text="x") == dataclasses.replace(plain, text="x")  # type: ignore[type-var]


@given(block_values)
def test_make_block_is_a_frozen_block(values: tuple[object, ...]) -> None:
    _same(make_block(*values), Block(*values))  # type: ignore[arg-type]


@given(short)
def test_make_segment_is_a_text_segment(text: str) -> None:
    _same(make_segment(text), Segment(text=text))


@given(st.dictionaries(st.sampled_from([f.name for f in dataclasses.fields(Segment)]), short))
def test_make_segment_takes_segments_keywords_and_defaults(changes: dict[str, str]) -> None:
    """Any fields by keyword (values of any type: neither constructor checks), the rest at
    their defaults."""
    kw = {"text": "x", **changes}
    _same(make_segment(**kw), Segment(**kw))  # type: ignore[arg-type]


@given(segments, st.integers(), st.floats(allow_nan=False), st.booleans())
def test_make_segment_is_a_segment(seg: Segment, depth: int, density: float, flag: bool) -> None:
    values = [getattr(seg, f.name) for f in dataclasses.fields(Segment)]
    values[2], values[4], values[5], values[8] = depth, density, flag, not flag
    _same(make_segment(*values), Segment(*values))


def test_feature_objects_are_shared_and_equal() -> None:
    assert features.feature("long", 2.0) == Feature("long", 2.0)
    assert features.feature("long", 2.0) is features.feature("long", 2.0)
    assert features.feature("long", 2.0) != features.feature("long", 1.0)


def test_fast_constructors_follow_the_fields() -> None:
    """A field added to Block or Segment is in the twin too (its names are read from
    ``dataclasses.fields``), and its instances are never seen: it becomes the class."""
    for make, cls in ((make_block, Block), (make_segment, Segment)):
        assert make.__slots__ == tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[attr-defined]
        assert cls.__slots__ == make.__slots__  # type: ignore[attr-defined]


def _texts() -> list[str]:
    paths = sorted(ROOT.glob("seeds/*.txt")) + sorted(ROOT.glob("fixtures/*/*.expected.txt"))
    return [p.read_text("utf-8") for p in paths]


TEXTS = _texts()
BOOK = Cleaner().book


def _plain_decide(segs: list[Segment], rules: object, html: bool) -> list[Block]:
    """``decide`` with every settle pass run, even after a pass that dropped nothing."""
    local = DocumentMemo()
    t = DEFAULT_THRESHOLDS
    found = decide._decide_once(segs, rules, html, local, t)  # type: ignore[arg-type]
    alive = [i for i, s in enumerate(found) if s.verdict is Verdict.KEEP]
    for _ in range(decide.MAX_SETTLE_PASSES):
        segs_again = [found[i].segment for i in alive]
        again = decide._decide_once(segs_again, rules, html, local, t)  # type: ignore[arg-type]
        gone = [(i, s) for i, s in zip(alive, again, strict=True) if s.verdict is not Verdict.KEEP]
        if not gone:
            break
        for i, s in gone:
            s.settled = True
            found[i] = s
        alive = [i for i in alive if found[i].verdict is Verdict.KEEP]
    return [s.block() for s in found]


@pytest.mark.parametrize("index", range(len(TEXTS)))
def test_settle_skip_matches_the_full_rerun(index: int) -> None:
    """Real text (the seeds, and the goldens' kept text, where most passes drop nothing):
    ``decide`` and ``decide_text`` give what the settle loops without the skip give."""
    from cleaner.segment_text import segment_text

    rules = BOOK.rules_for(BOOK.select(url=None, source=None, text=TEXTS[index]))
    segs = segment_text(TEXTS[index])
    assert decide.decide(segs, rules) == _plain_decide(segs, rules, False)
    assert paragraphs.decide_text(segs, rules, DEFAULT_THRESHOLDS) == _plain_decide_text(
        segs, rules
    )


def _plain_decide_text(segs: list[Segment], rules: RuleSet) -> list[Block]:
    """``decide_text`` with its skips taken out (the first pass's and the regroup loop's:
    ``alone``, nothing dropped, line by line both times): its loop runs until a pass
    drops nothing, each pass grouping its lines anew."""
    blocks, _ = paragraphs._decide_once(segs, rules, DEFAULT_THRESHOLDS, None)
    for _ in range(paragraphs.MAX_REGROUP_PASSES):
        kept = [i for i, b in enumerate(blocks) if b.kept]
        again, _ = paragraphs._decide_once([segs[i] for i in kept], rules, DEFAULT_THRESHOLDS, None)
        gone = [(i, b) for i, b in zip(kept, again, strict=True) if not b.kept]
        if not gone:
            break
        for i, b in gone:
            blocks[i] = dataclasses.replace(b, settled=True)
    return blocks


line = st.sampled_from(
    [
        "Home",
        "Tin mới nhất",
        "Ảnh: Reuters",
        "Theo VnExpress",
        "The minister said on Tuesday that the plan would be reviewed again next year.",
        "Người dân đã được hướng dẫn di chuyển đến nơi an toàn trước khi bão đổ bộ vào đất liền.",
        "Chia sẻ",
        "12/05/2024 08:30",
        "Xem thêm:",
        "and the rest of the sentence continues here",
    ]
)


@given(st.lists(line, max_size=14))
def test_settle_skip_matches_the_full_rerun_on_generated_text(lines: list[str]) -> None:
    rules = BOOK.rules_for(BOOK.select(url=None, source=None, text="\n".join(lines)))
    segs = [Segment(text=x) for x in lines]
    assert decide.decide(segs, rules) == _plain_decide(segs, rules, False)


@given(st.lists(line, max_size=14))
@example(["Tin mới nhất", "and the rest of the sentence continues here", "Home"])
def test_decide_text_matches_the_full_regroup_on_generated_text(lines: list[str]) -> None:
    """``decide_text``'s skips (the regroup loop not entered where no line can join,
    ``alone``; left where nothing was dropped or the kept lines stay a line each) give
    what its loop without them gives: lines that start like a continuation and labels
    among them (``line``), so runs of several lines are made and regrouped."""
    rules = BOOK.rules_for(BOOK.select(url=None, source=None, text="\n".join(lines)))
    segs = segment_text("\n".join(lines))
    assert paragraphs.decide_text(segs, rules, DEFAULT_THRESHOLDS) == _plain_decide_text(
        segs, rules
    )


def test_memo_lookups_hit_and_miss_like_the_tables() -> None:
    """A value of ``None`` (no rule matched) is remembered as a value, not as a miss."""
    rules = BOOK.rules_for(BOOK.select(url=None, source=None, text=""))
    shared = DecisionMemo()
    first = DocumentMemo(shared=shared)
    assert first.line_rule(rules, "an ordinary sentence of prose.", False) is None
    assert first.cut_rule(rules, "an ordinary sentence of prose.") is None
    first.commit()
    facts = shared.facts.get("an ordinary sentence of prose.", None)
    assert facts is not None and facts[LINE] is None and facts[CUT] is None
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


def test_warm_cleaner_after_a_page_that_drops_nothing() -> None:
    """An extracted article (every line kept: no settle pass) then a page, warm and cold."""
    warm = Cleaner()
    for text in TEXTS:
        assert warm.clean(text).to_dict(blocks=True) == Cleaner(Options(memo_blocks=0)).clean(
            text
        ).to_dict(blocks=True)


CAPTION_PIECES = [
    "Ảnh",
    "ẢNH",
    "ảnh",
    "Ảnh minh họa",
    "Nguồn ảnh",
    "nguồn ảnh",
    "Photo",
    "PHOTO",
    "photo",
    "Đồ họa",
    "Infographic",
    ":",
    "：",
    " ",
    "\t",
    "\n",
    "(",
    "[",
    "|",
    "x",
    "TTXVN",
    "ſ",
]


@given(st.lists(st.sampled_from(CAPTION_PIECES), max_size=10).map("".join))
def test_caption_needs_on_generated_text(text: str) -> None:
    """``needs`` in shapes.toml lists what every caption match holds: the prefiltered
    test equals the bare search on text built from the pattern's own pieces."""
    assert features.has_caption(text) == bool(features.shapes().caption.search(text))


def test_caption_needs_on_every_label() -> None:
    """Each label of the pattern, after each opening it allows, with and without spaces
    around the colon, and case-changed: prefiltered and bare agree, and most match."""
    labels = ["Ảnh", "ẢNH", "Ảnh minh họa", "Nguồn ảnh", "Photo", "Đồ họa", "Infographic"]
    labels += [x.lower() for x in labels] + [x.upper() for x in labels]
    texts = [
        f"{before}{label}{gap}:{gap}AP"
        for label in labels
        for before in ("", " ", "(", "[", "|", "x ", "x")
        for gap in ("", " ", "\t")
    ]
    assert sum(bool(features.shapes().caption.search(t)) for t in texts) > 100
    for text in texts:
        assert features.has_caption(text) == bool(features.shapes().caption.search(text)), text


def test_caption_needs_on_real_lines() -> None:
    shape = features.shapes()
    paths = sorted(ROOT.glob("seeds/*.txt")) + sorted(ROOT.glob("fixtures/*/*.txt"))
    lines = [line for p in paths for line in p.read_text("utf-8").splitlines()]
    assert len(lines) > 1000
    for line in lines:
        assert features.has_caption(line) == bool(shape.caption.search(line)), line
    assert any(shape.caption.search(line) for line in lines)  # the test sees matches


@given(st.text(max_size=80), st.floats(min_value=0, max_value=200))
def test_is_prose_cheap_test_first(text: str, n: float) -> None:
    """``is_prose`` tests the word count before the ending: the same answer as both."""
    ends = bool(features.shapes().terminal.search(text[-features.END_SHAPE_CHARS :]))
    ends = ends or units.marks_no_sentence_end(text)
    plain = ends and n >= DEFAULT_THRESHOLDS.long_words
    assert features.is_prose(text, DEFAULT_THRESHOLDS, n) == plain


_PROSE_POOL = [
    "Trang chủ",
    "Thể thao",
    "Đội tuyển Việt Nam đã giành chiến thắng thuyết phục trước đối thủ trong trận đấu tối qua.",
    "Đội tuyển Việt Nam đã giành chiến thắng thuyết phục trước đối thủ trong trận đấu tối qua",
    "The team won the match last night after a long and difficult season of games abroad.",
    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
    "",
    "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j.",
]


@given(st.lists(st.sampled_from(_PROSE_POOL), max_size=12), st.integers(1, 30))
def test_the_first_prose_is_the_plain_scan(texts: list[str], long_words: int) -> None:
    """``decide._first_prose`` (each text's words before ``is_prose``) is where the plain
    scan of ``memo.is_prose`` stops, for thresholds of other word counts too. Fails with
    the words compared otherwise than ``is_prose`` compares them."""
    t = dataclasses.replace(DEFAULT_THRESHOLDS, long_words=long_words)
    memo = DocumentMemo()
    plain = next((k for k, x in enumerate(texts) if memo.is_prose(x, t)), len(texts))
    assert decide._first_prose(texts, t, DocumentMemo()) == plain
    assert decide._first_prose(texts, t, memo) == plain  # its words known already


@pytest.mark.parametrize(
    ("lines", "passes"),
    [
        (["Home", "and the rest of the sentence continues here", "End"], [3, 2, 1]),
        (["Home", "News", "End"], [3]),  # no line can join: no regroup pass
    ],
)
def test_decide_text_regroups_only_where_a_line_can_join(
    monkeypatch: pytest.MonkeyPatch, lines: list[str], passes: list[int]
) -> None:
    """The regroup loop runs where a line may join another (a continuation, after a
    label) and is not entered where none can (``alone``). A stand-in pass drops the
    first of the lines it is given and says they were wrapped where they could be."""
    calls: list[int] = []

    def one_pass(
        segs: list[Segment], rules: object, t: object, memo: object, places: object = None
    ) -> tuple[list[Block], bool]:
        calls.append(len(segs))
        wrapped = places is not None and not paragraphs.alone(places)  # type: ignore[arg-type]
        blocks = [Block(s.text, i > 0 or len(segs) == 1, Origin.SCORER) for i, s in enumerate(segs)]
        return blocks, wrapped

    monkeypatch.setattr(paragraphs, "_decide_once", one_pass)
    rules = BOOK.rules_for(None)
    blocks = paragraphs.decide_text(segment_text("\n".join(lines)), rules, DEFAULT_THRESHOLDS)
    assert calls == passes
    assert [b.settled for b in blocks] == [False, len(passes) > 1, False]
