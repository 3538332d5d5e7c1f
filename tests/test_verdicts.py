"""Structured verdicts: each stage stamps its origin, rule id and features on the block, and
``Thresholds`` held by ``Options`` changes decisions without patching any module."""

from __future__ import annotations

import dataclasses

import pytest

from cleaner import Cleaner, Options
from cleaner.decide import decide
from cleaner.model import Block, Chrome, Feature, Origin, Result, Segment
from cleaner.rule_loader import parse_rule_file
from cleaner.rulebook import RuleSet
from cleaner.thresholds import DEFAULT_THRESHOLDS as T
from cleaner.thresholds import Thresholds

PROSE = [
    "Ngày 23/10, Bộ trưởng Quốc phòng Nga Sergei Shoigu liên tục điện đàm với người đồng cấp "
    "Mỹ và ba quốc gia thuộc NATO về tình hình chiến sự.",
    "Theo hãng tin Reuters, đây là cuộc điện đàm thứ hai giữa ông Austin và ông Shoigu chỉ "
    "trong ba ngày, sau nhiều tháng hai bên không liên lạc.",
    "Tuy Moscow không cung cấp thông tin về cuộc điện đàm với Mỹ nhưng có thông cáo về các "
    "cuộc điện đàm với người đồng cấp Pháp, Thổ Nhĩ Kỳ và Anh.",
]
HEADLINE = "Bộ trưởng Quốc phòng Nga điện đàm với người đồng cấp Mỹ"
EMPTY = RuleSet.build([])


def ruleset(body: str) -> RuleSet:
    return RuleSet.build(parse_rule_file(f'version = "1"\n{body}', "test.toml").rules)


def by_text(blocks: list[Block]) -> dict[str, Block]:
    return {b.text: b for b in blocks}


def text_blocks(lines: list[str], rules: RuleSet = EMPTY, **kw: object) -> dict[str, Block]:
    return by_text(decide([Segment(text=t) for t in lines], rules, **kw))  # type: ignore[arg-type]


def test_line_rules_stamp_rule_origin_and_id() -> None:
    rules = ruleset(
        '[[rule]]\nid = "t.ad"\nkind = "drop"\nreason = "ad"\npattern = "^Quảng cáo$"\n'
        '[[rule]]\nid = "t.k"\nkind = "keep"\nreason = "r"\npattern = "^Hà Thu$"\n'
    )
    got = text_blocks([PROSE[0], "Quảng cáo", PROSE[1], "Hà Thu"], rules)
    ad, name = got["Quảng cáo"], got["Hà Thu"]
    assert (ad.kept, ad.origin, ad.rule, ad.features) == (False, Origin.RULE, "t.ad", ())
    assert (name.kept, name.origin, name.rule) == (True, Origin.RULE, "t.k")


def test_cut_marks_the_marker_what_follows_and_the_spared_attribution() -> None:
    rules = ruleset(
        '[[rule]]\nid = "t.end"\nkind = "cut"\nreason = "r"\npattern = "/\\\\.$"\nkeep_marker = true\n'
        '[[rule]]\nid = "t.attr"\nkind = "keep"\nreason = "r"\npattern = "^Theo [A-Z]+$"\n'
        "after_cut = true\n"
    )
    end = PROSE[1].removesuffix(".") + "/."
    got = text_blocks([PROSE[0], end, "Theo TTXVN", PROSE[2]], rules)
    assert (got[end].origin, got[end].rule, got[end].kept) == (Origin.CUT, "t.end", True)
    assert got["Theo TTXVN"].origin is Origin.SPARED_AFTER_CUT and got["Theo TTXVN"].kept
    after = got[PROSE[2]]
    assert (after.origin, after.rule, after.kept) == (Origin.AFTER_CUT, "t.end", False)


def test_block_rule_origin_and_the_follows_teaser_feature_with_its_points() -> None:
    rules = ruleset(
        '[[rule]]\nid = "t.pair"\nkind = "block"\nreason = "r"\n'
        "pattern = '''^(?P<t>[^\\n]{5,})\\n(?P=t)$'''\n"
    )
    title = "Ngoại trưởng Mỹ thăm Hàn Quốc: Thông điệp nồng ấm"
    got = text_blocks([PROSE[0], PROSE[1], title, title, PROSE[2]], rules)
    assert (got[title].origin, got[title].rule) == (Origin.BLOCK_RULE, "t.pair")
    lead = got[PROSE[2]]
    assert not lead.kept and lead.rule is None
    assert Feature("follows-teaser", T.follows_teaser_points) in lead.features


def test_scorer_verdict_carries_its_features_and_their_sum() -> None:
    got = text_blocks([HEADLINE, *PROSE])
    para = got[PROSE[1]]
    assert para.kept and para.origin is Origin.SCORER and para.rule is None
    assert Feature("long", T.long_points) in para.features
    assert para.score == pytest.approx(sum(f.points for f in para.features))


def test_headline_and_before_headline_origins() -> None:
    menu = "Tin nhanh"  # too short for a headline, and no rule knows it
    got = text_blocks([menu, HEADLINE, *PROSE])
    assert got[HEADLINE].origin is Origin.HEADLINE and got[HEADLINE].kept
    assert got[menu].origin is Origin.BEFORE_HEADLINE and not got[menu].kept
    assert got[menu].features  # the scorer ran on it before the headline was chosen


def test_neutral_block_follows_its_neighbours_and_records_them() -> None:
    neutral = "Nguồn tin cho biết"  # short (-1) and nothing else: neutral
    got = text_blocks([HEADLINE, PROSE[0], neutral, PROSE[1]])
    block = got[neutral]
    assert block.kept and block.origin is Origin.NEIGHBOURS
    assert block.neighbours == ("keep", "keep")


def test_html_structure_origins() -> None:
    segments = [
        Segment(text=HEADLINE, tag="h1", is_title=True, in_body=False),
        Segment(
            text="Tin liên quan", tag="div", chrome=Chrome("related", "tinlienquan"), in_body=True
        ),
        Segment(text="Đăng nhập", tag="a", in_body=False),
        *(Segment(text=p, tag="p", in_body=True) for p in PROSE),
    ]
    got = by_text(decide(segments, EMPTY, html=True))
    assert got[HEADLINE].origin is Origin.HEADLINE
    chrome = got["Tin liên quan"]
    assert (chrome.origin, chrome.chrome) == (Origin.CHROME, ("related", "tinlienquan"))
    assert got["Đăng nhập"].origin is Origin.OUTSIDE_BODY
    assert all(got[p].origin is Origin.SCORER and got[p].kept for p in PROSE)


@pytest.mark.parametrize(
    ("block", "reason"),
    [
        (Block("x", False, Origin.RULE, rule="global.caption-credit"), "global.caption-credit"),
        (Block("x", False, Origin.AFTER_CUT, rule="t.cut"), "after:t.cut"),
        (Block("x", False, Origin.CHROME, chrome=Chrome("related", "tlq")), "chrome:related:tlq"),
        (Block("x", True, Origin.SITE_KEEP), "site:keep"),
        (
            Block("x", False, Origin.SCORER, features=(Feature("short", -1.0),), score=-1.0),
            "score -1.0: short",
        ),
        (Block("x", False, Origin.OUTSIDE_REGION), "outside body region (score +0.0: no features)"),
        (
            Block("x", True, Origin.NEIGHBOURS, neighbours=("keep", "edge")),
            "score +0.0: no features; neighbours keep/edge",
        ),
        (Block("x", False, Origin.RULE, rule="g.r", settled=True), "settle: g.r"),
    ],
)
def test_reason_is_built_from_the_fields(block: Block, reason: str) -> None:
    assert block.reason == reason


def test_result_finds_the_headline_by_origin_not_by_reason_text() -> None:
    # A rule whose id happens to read "headline" is not the headline.
    impostor = Block(HEADLINE, True, Origin.RULE, rule="headline")
    body = Block(PROSE[0], True, Origin.SCORER)
    result = Result(blocks=(impostor, body), title="Metadata title")
    assert result.body == f"{HEADLINE}\n{PROSE[0]}"
    assert result.text.startswith("Metadata title\n")
    real = dataclasses.replace(impostor, origin=Origin.HEADLINE, rule=None)
    assert Result(blocks=(real, body)).body == PROSE[0]


def test_json_blocks_carry_origin_rule_and_features() -> None:
    result = Cleaner().clean("\n".join([HEADLINE, *PROSE, "img"]), kind="text")
    blocks = {b["text"]: b for b in result.to_dict(blocks=True)["blocks"]}  # type: ignore[attr-defined]
    assert blocks["img"]["origin"] == "rule" and blocks["img"]["rule"] == "global.media-placeholder"
    assert blocks[HEADLINE]["origin"] == "headline"
    assert blocks[PROSE[0]]["features"]["long"] == T.long_points


def test_thresholds_are_frozen_and_replaceable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        T.good_score = 0.0  # type: ignore[misc]
    changed = dataclasses.replace(T, good_score=0.5)
    assert changed.good_score == 0.5 and T.good_score == 2.0
    assert Options().thresholds == Thresholds()


def test_a_changed_threshold_changes_a_decision() -> None:
    """'Hà Thu' (a byline shape, -3.5) under the headline is dropped at the default
    bad_score; with bad_score below its score it is neutral and follows its neighbours."""
    text = "\n".join([HEADLINE, "Hà Thu", PROSE[0], PROSE[1], PROSE[2]])
    default = by_text(list(Cleaner().clean(text, kind="text").blocks))["Hà Thu"]
    assert not default.kept and default.origin is Origin.SCORER
    lenient = Options(thresholds=dataclasses.replace(T, bad_score=-5.0))
    changed = by_text(list(Cleaner(lenient).clean(text, kind="text").blocks))["Hà Thu"]
    assert changed.kept and changed.origin is Origin.NEIGHBOURS


def test_container_thresholds_reach_the_html_front_end() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in PROSE)
    page = (
        f"<html><body><div><p>Trang chủ</p></div>"
        f"<div><h1>{HEADLINE}</h1>{paragraphs}</div></body></html>"
    )
    default = by_text(list(Cleaner(fallback=False).clean(page, kind="html").blocks))
    assert default["Trang chủ"].origin is Origin.OUTSIDE_BODY
    # No paragraph is long enough to vote: no container, so nothing is outside it.
    strict = dataclasses.replace(T, min_paragraph_chars=10_000)
    cleaner = Cleaner(Options(fallback=False, thresholds=strict))
    without = by_text(list(cleaner.clean(page, kind="html").blocks))
    assert without["Trang chủ"].origin is not Origin.OUTSIDE_BODY
