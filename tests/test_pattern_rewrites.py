"""Patterns rewritten to fail faster find a match in exactly the texts their plain forms
do (docs/speed.md, fifteenth round, `shapes17`). The plain forms are kept here as the
reference; checked on generated text built from the patterns' own pieces and on every
line of the text samples (and each line's end, as the line rules search it). A rule's
plain form is ``test_rule_rewrites.REPLACED``'s, which also holds it to the rule there."""

from __future__ import annotations

import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import features
from cleaner.rule_loader import builtin_rule_files
from cleaner.rules import Rule

from .test_rule_rewrites import REPLACED
from .util import text_samples

PLAIN_CAPTION = (
    r"""(?:^|[\s(\[|])(?:Ảnh|ẢNH|Ảnh minh họa|Nguồn ảnh|Photo|Đồ họa|Infographic)\s*:\s*\S"""
    r"""|\((?i:ảnh|nguồn ảnh|photo)\s*:\s*\S"""
)
PLAIN_DATE = (
    r"""\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{1,2}:\d{2}\b|GMT\s*[+-]\s*\d"""
    r"""|(?:^|\s)(?:Thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|Chủ\s+nhật)\s*,?\s*\d"""
)


def _credit_rule() -> Rule:
    return next(r for f in builtin_rule_files() for r in f.rules if r.id == "global.caption-credit")


def _pairs() -> list[tuple[regex.Pattern[str], regex.Pattern[str]]]:
    """(shipped pattern, its plain form compiled with the same flags)."""
    shape = features.shapes()
    credit = _credit_rule().pattern
    return [
        (shape.caption, regex.compile(PLAIN_CAPTION, shape.caption.flags)),
        (shape.date, regex.compile(PLAIN_DATE, shape.date.flags)),
        (credit, regex.compile(REPLACED["global.caption-credit"], credit.flags)),
    ]


def test_the_shipped_patterns_are_rewrites_not_the_plain_forms() -> None:
    """The check below compares two different patterns (a data edit that restored a plain
    form, or changed one further, is caught here or there)."""
    for shipped, plain in _pairs():
        assert shipped.pattern != plain.pattern


# The patterns' labels and literals, every character their edges name, others around them.
PIECES = [
    "Ảnh", "ẢNH", "ảnh", "Ảnh minh họa", "Ảnh minh hoạ", "Ảnh chụp màn hình", "Nguồn ảnh",
    "nguồn", "NGUỒN", "nguổn", "Photo", "PHOTO", "photo", "Video", "video", "Clip",
    "Đồ họa", "Đồ hoạ", "Infographic", "GMT", "gmt", "Thứ", "THỨ", "thứ", "hai", "bảy",
    "Chủ", "nhật", "CHỦ NHẬT", *"0123456789٣", *" \t\n\u00a0\u2003", *".,;|([)]:-–/+!?",
    "…", "x", "é", "Getty", "ab",
]  # fmt: skip
piece_text = st.lists(st.sampled_from(PIECES), max_size=16).map("".join)


@given(piece_text)
@settings(max_examples=600)
@example("Ảnh: Getty")
@example("xẢnh: Getty")  # a letter before the label: no left edge
@example("|Ảnh: Getty")
@example("(ảnh: Getty).")
@example(".Ảnh - Reuters")
@example("\u00a0Photo: AP")
@example("Thứ bảy, 7/3/2026")
@example("xThứ bảy, 7")
@example("\tChủ nhật 8")
@example("12:30")
@example("1/2/2026")
def test_each_rewrite_matches_where_its_plain_form_does(text: str) -> None:
    for shipped, plain in _pairs():
        assert bool(shipped.search(text)) == bool(plain.search(text)), (shipped.pattern, text)


def test_each_rewrite_matches_where_its_plain_form_does_on_real_lines() -> None:
    tail = _credit_rule().tail_chars
    assert tail is not None
    lines = {line for text in text_samples() for line in text.splitlines()}
    assert len(lines) > 1_000
    pairs = _pairs()
    hits = [0] * len(pairs)
    for line in lines:
        for subject in (line, line[-tail:]):
            for k, (shipped, plain) in enumerate(pairs):
                found = bool(shipped.search(subject))
                assert found == bool(plain.search(subject)), (shipped.pattern, subject)
                hits[k] += found
    assert min(hits) > 5  # every pattern matches some real lines
