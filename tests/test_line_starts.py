"""A block rule's line-start form (``rules.line_start_form``, searched by
``rules.line_start_spans``) finds exactly the spans ``finditer`` finds with the rule's own
pattern (docs/speed.md): on generated documents built from the pieces the shipped rules
look for, on every fixture and seed file, and for hand-written patterns that look behind
their start, match empty text or take the line break at their end."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner.rule_loader import builtin_rule_files
from cleaner.rules import Rule, RuleKind, line_start_form, line_start_spans

ROOT = Path(__file__).resolve().parent.parent
BLOCK = [r for f in builtin_rule_files() for r in f.rules if r.kind is RuleKind.BLOCK]

TITLE = "Giá vàng hôm nay tăng mạnh sau phiên"
LINES = [
    TITLE,
    f"NÓNG! {TITLE}",
    "NÓNG!",
    f"{TITLE}.",
    "Người dân đổ xô đi mua vàng trong sáng nay, nhiều cửa hàng hết hàng…",
    "Một đoạn văn dài kể lại sự việc và kết thúc như một câu văn bình thường.",
    "12/3/2024 08:15",
    "3 giờ trước",
    "5 hours ago",
    "Tin liên quan",
    "Xem thêm:",
    "Từ khóa:",
    "Tags:",
    "giá vàng, thị trường, kinh tế",
    "Bạn không thể gửi bình luận liên tục. Xin hãy đợi 60 giây nữa.",
    "x" * 70,
    "y" * 250,
    "",
    " ",
]


def _plain(pattern: regex.Pattern[str], document: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(document)]


def test_every_shipped_block_rule_has_the_line_start_form() -> None:
    assert BLOCK
    assert all(r.line_starts is not None for r in BLOCK)


@pytest.mark.parametrize("rule", BLOCK, ids=lambda r: r.id)
def test_line_start_form_finds_the_same_spans_on_generated_documents(rule: Rule) -> None:
    assert rule.line_starts is not None
    lines = st.lists(st.one_of(st.sampled_from(LINES), st.text(max_size=5)), max_size=16)

    @settings(max_examples=1500, deadline=None)
    @given(lines.map("\n".join))
    @example(f"{TITLE}\n{TITLE}\nNgười dân đổ xô đi mua vàng trong sáng nay, nhiều cửa hàng…")
    @example(f"\n{TITLE}\nNÓNG!\n{TITLE}\n")
    def check(document: str) -> None:
        assert rule.spans(document) == _plain(rule.pattern, document)

    check()


def _teaser(k: int) -> list[str]:
    return [f"Tiêu đề bài viết liên quan số {k} rất dài", "12/3/2024 08:15", "z" * 60]


def test_teaser_lists_a_line_apart_are_both_found() -> None:
    # teaser-triple's match takes the line break after its last lead (adjacent matches,
    # which ``^a\n?`` above makes, cannot happen here: the repeat would take them in).
    triple = next(r for r in BLOCK if r.id == "global.teaser-triple")
    document = "\n".join([*_teaser(1), *_teaser(2), "Một câu.", *_teaser(3), *_teaser(4)])
    spans = triple.spans(document)
    assert len(spans) == 2 and spans == _plain(triple.pattern, document)


def test_fixture_and_seed_documents_give_the_same_spans() -> None:
    paths = sorted((ROOT / "fixtures").rglob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    assert paths
    found = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        document = "\n".join(x.strip() for x in text.splitlines() if x.strip())
        for rule in BLOCK:
            spans = rule.spans(document)
            assert spans == _plain(rule.pattern, document), (path.name, rule.id)
            found += len(spans)
    assert found  # some documents have matches


ODD = [
    r"^a",
    r"^(?<!\n\n)a",  # looks behind its start, up to the document's start
    r"^(?<=\A)a",
    r"^a*",  # matches empty text: finditer's own rule after an empty match
    r"^(?=a)",
    r"^$",
    r"^a\n?",  # a match that may take its line break
    r"^(a)\n\1",
    r"^(?:a|b\n)+",
]


@pytest.mark.parametrize("source", ODD)
def test_line_start_form_finds_the_same_spans_for_odd_patterns(source: str) -> None:
    pattern = regex.compile(source, regex.MULTILINE | regex.V0)
    shifted = line_start_form(pattern)
    assert shifted is not None

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(["a", "b", "\n", "x", "aa"]), max_size=12).map("".join))
    @example("\n\na\na")
    @example("a\n\na")
    def check(document: str) -> None:
        assert line_start_spans(pattern, shifted, document) == _plain(pattern, document)

    check()


@pytest.mark.parametrize(
    ("source", "flags"),
    [
        (r"a", regex.MULTILINE),  # no line-start anchor
        (r"^a", 0),  # not multi-line: only the text's start
        (r"^a|b", regex.MULTILINE),  # "b" anywhere
        (r"^*a", regex.MULTILINE),
        (r"^\Ga", regex.MULTILINE),
        (r"^a(?R)?", regex.MULTILINE),
        (r"^a(*SKIP)b", regex.MULTILINE),
        (r"^a # comment", regex.MULTILINE | regex.VERBOSE),
        (r"^a", regex.MULTILINE | regex.WORD),  # other line breaks
    ],
)
def test_line_start_form_refuses_other_shapes(source: str, flags: int) -> None:
    assert line_start_form(regex.compile(source, flags | regex.V0)) is None
