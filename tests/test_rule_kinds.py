"""Each rule kind, on hand-built blocks, with the reason it gives."""

from __future__ import annotations

from cleaner.decide import decide
from cleaner.model import Segment
from cleaner.rule_loader import parse_rule_file
from cleaner.rulebook import RuleSet

PROSE = [
    "Ngày 23/10, Bộ trưởng Quốc phòng Nga Sergei Shoigu liên tục điện đàm với người đồng cấp Mỹ và ba quốc gia thuộc NATO về tình hình chiến sự.",
    "Theo hãng tin Reuters, đây là cuộc điện đàm thứ hai giữa ông Austin và ông Shoigu chỉ trong ba ngày, sau nhiều tháng hai bên không liên lạc.",
    "Tuy Moscow không cung cấp thông tin về cuộc điện đàm với Mỹ nhưng có thông cáo về các cuộc điện đàm với người đồng cấp Pháp, Thổ Nhĩ Kỳ và Anh.",
]


def ruleset(body: str) -> RuleSet:
    return RuleSet.build(parse_rule_file(f'version = "1"\n{body}', "test.toml").rules)


def run(lines: list[str], rules: RuleSet) -> dict[str, str]:
    """Block text -> reason, for dropped blocks."""
    blocks = decide([Segment(text=t) for t in lines], rules)
    return {b.text: b.reason for b in blocks if not b.kept}


def test_drop_rule_drops_matching_block_with_its_id() -> None:
    rules = ruleset(
        '[[rule]]\nid = "t.ad"\nkind = "drop"\nreason = "ad"\npattern = "^Quảng cáo$"\n'
    )
    assert run([PROSE[0], "Quảng cáo", PROSE[1]], rules) == {"Quảng cáo": "t.ad"}


def test_drop_rule_respects_max_chars() -> None:
    rules = ruleset(
        '[[rule]]\nid = "t.x"\nkind = "drop"\nreason = "r"\npattern = "Reuters"\nmax_chars = 20\n'
    )
    assert run(PROSE, rules) == {}


def test_keep_rule_protects_a_block_the_scorer_would_drop() -> None:
    lines = [*PROSE, "Hà Thu"]
    assert "Hà Thu" in run(lines, ruleset(""))
    keep = ruleset('[[rule]]\nid = "t.k"\nkind = "keep"\nreason = "r"\npattern = "^Hà Thu$"\n')
    assert "Hà Thu" not in run(lines, keep)


def test_first_matching_rule_wins() -> None:
    rules = ruleset(
        '[[rule]]\nid = "t.keep"\nkind = "keep"\nreason = "r"\npattern = "^Theo VTV$"\n'
        '[[rule]]\nid = "t.drop"\nkind = "drop"\nreason = "r"\npattern = "^Theo \\\\w+$"\n'
    )
    assert run([*PROSE, "Theo VTV", "Theo dõi"], rules) == {"Theo dõi": "t.drop"}


def test_cut_rule_drops_marker_and_everything_after() -> None:
    rules = ruleset(
        '[[rule]]\nid = "t.cut"\nkind = "cut"\nreason = "r"\npattern = "^Tin liên quan$"\n'
    )
    dropped = run([PROSE[0], PROSE[1], "Tin liên quan", PROSE[2]], rules)
    assert dropped == {"Tin liên quan": "t.cut", PROSE[2]: "after:t.cut"}


def test_cut_rule_can_keep_its_marker_and_spare_an_attribution() -> None:
    rules = ruleset(
        '[[rule]]\nid = "t.end"\nkind = "cut"\nreason = "r"\npattern = "/\\\\.$"\nkeep_marker = true\n'
        '[[rule]]\nid = "t.attr"\nkind = "keep"\nreason = "r"\npattern = "^Theo [A-Z]+$"\n'
        "after_cut = true\n"
    )
    end = PROSE[1].removesuffix(".") + "/."
    dropped = run([PROSE[0], end, "Theo TTXVN", PROSE[2]], rules)
    assert dropped == {PROSE[2]: "after:t.end"}


def test_block_rule_drops_every_covered_line() -> None:
    rules = ruleset(
        '[[rule]]\nid = "t.pair"\nkind = "block"\nreason = "r"\n'
        "pattern = '''^(?P<t>[^\\n]{5,})\\n(?P=t)$'''\n"
    )
    title = "Ngoại trưởng Mỹ thăm Hàn Quốc: Thông điệp nồng ấm"
    assert run([*PROSE, title, title], rules) == {title: "t.pair"}
    # The block right after the pair reads as that teaser's lead, however well it reads.
    dropped = run([PROSE[0], PROSE[1], title, title, PROSE[2]], rules)
    assert dropped[title] == "t.pair"
    assert "follows-teaser" in dropped[PROSE[2]]


def test_block_rule_match_before_any_prose_is_left_alone() -> None:
    """A title printed twice before the first paragraph is the page's own headline (a
    sticky bar and the <h1>), not a teaser list."""
    rules = ruleset(
        '[[rule]]\nid = "t.pair"\nkind = "block"\nreason = "r"\n'
        "pattern = '''^(?P<t>[^\\n]{5,})\\n(?P=t)$'''\n"
    )
    title = "Ngoại trưởng Mỹ thăm Hàn Quốc: Thông điệp nồng ấm"
    dropped = run([title, title, *PROSE], rules)
    assert all(reason != "t.pair" for reason in dropped.values())


def test_block_rule_does_not_override_keep() -> None:
    rules = ruleset(
        '[[rule]]\nid = "t.k"\nkind = "keep"\nreason = "r"\npattern = "^Theo VTV$"\n'
        '[[rule]]\nid = "t.pair"\nkind = "block"\nreason = "r"\n'
        "pattern = '''^Theo VTV\\n[^\\n]+$'''\n"
    )
    dropped = run([PROSE[0], "Theo VTV", "Giữa trưa", PROSE[1]], rules)
    assert "Theo VTV" not in dropped


def test_every_dropped_block_has_a_reason() -> None:
    lines = ["img", *PROSE, "Video đang HOT", "x"]
    from cleaner.api import Cleaner

    result = Cleaner().clean("\n".join(lines), kind="text")
    assert all(b.reason for b in result.blocks)
    assert {b.text: b.reason for b in result.dropped}["img"] == "global.media-placeholder"


def test_a_footer_rule_ends_the_body_region() -> None:
    """Text after a footer's imprint line (``ends_body``) is outside the body region even
    when it reads as prose; with a plain drop rule it is not. (A page's text: its menu is
    one a rule knows, else prose at block 6 would read as an extract.)"""
    from cleaner.model import Origin

    menu = ["Trang chủ", "Thế giới", "Kinh doanh", "Giải trí", "Thể thao", "Video"]
    lines = [*menu, PROSE[0], "Tổng biên tập: A", PROSE[1]]
    names = "|".join(menu)
    known = f'[[rule]]\nid = "t.menu"\nkind = "drop"\nreason = "m"\npattern = "^(?:{names})$"\n'
    rule = known + (
        '[[rule]]\nid = "t.imprint"\nkind = "drop"\nreason = "r"\npattern = "^Tổng biên tập:"\n'
    )
    for extra, kept, origin in (
        ("", True, Origin.SCORER),
        ("ends_body = true\n", False, Origin.OUTSIDE_REGION),
    ):
        last = decide([Segment(text=t) for t in lines], ruleset(rule + extra))[-1]
        assert (last.text, last.kept, last.origin) == (PROSE[1], kept, origin)


def test_ends_body_must_be_a_boolean() -> None:
    import pytest

    from cleaner.errors import CleanerError

    with pytest.raises(CleanerError, match="ends_body"):
        ruleset('[[rule]]\nid = "t.x"\nkind = "drop"\nreason = "r"\npattern = "x"\nends_body = 1\n')


def test_edges_only_must_be_a_boolean() -> None:
    import pytest

    from cleaner.errors import CleanerError

    with pytest.raises(CleanerError, match="edges_only"):
        ruleset(
            '[[rule]]\nid = "t.x"\nkind = "drop"\nreason = "r"\npattern = "x"\nedges_only = 1\n'
        )
    loaded = ruleset(
        '[[rule]]\nid = "t.x"\nkind = "drop"\nreason = "r"\npattern = "x"\nedges_only = true\n'
    )
    assert [r.edges_only for r in loaded.line] == [True]
