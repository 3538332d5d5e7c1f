"""Hypothesis properties over both front ends: the cleaner only deletes, is idempotent,
emits NFC, and raises nothing but CleanerError."""

from __future__ import annotations

import contextlib
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from cleaner import CleanerError, clean
from cleaner.normalize import normalize_line, normalize_text

# Lines that look like the chrome and prose the cleaner meets, mixed with arbitrary text.
CHROME = [
    "img",
    "Copyright 2007 - 2024 - CafeF.vn",  # a source signature: the source is chosen by text
    "Lao Động",
    "Theo gương Bác",
    "Video đang HOT",
    "This browser does not support the video element.",
    "Tổng thư ký NATO Jens Stoltenberg. Ảnh: Getty Images",
    "Bạn cần đăng nhập để thực hiện chức năng này!",
    "Bạn không thể gửi bình luận liên tục. Xin hãy đợi",
    "60 giây nữa.",
    "Theo dõi Baoquocte.vn trên",
    "Đọc thêm",
    "Phiên bản di động",
    "(theo Sputnik, CNN, Reuters)",
    "Hà Thu",
    "Ông Stoltenberg nói rằng NATO sẽ tăng quy mô lực lượng phản ứng nhanh lên 300.000 người./.",
    "Trong khi Tổng thư ký NATO cho rằng việc Nga rút quân là một chiến thắng dành cho Ukraine, "
    "ông vẫn cảnh báo phương Tây.",
    "Ngoại trưởng Mỹ thăm Hàn Quốc: Thông điệp nồng ấm",
    "Tờ Economist mới đây đã chỉ ra 3 nguyên nhân có thể khiến giá dầu ...",
    "&amp;lt;b&amp;gt; entity &nbsp; soup &#233;",
    "Cafe\u0301 co\u0302ng nghe\u0323",  # decomposed (cp1258-style) marks
]
line = st.one_of(st.sampled_from(CHROME), st.text(max_size=80))
document = st.lists(line, max_size=30).map("\n".join)
html_document = st.tuples(
    st.one_of(st.none(), line),
    st.lists(
        st.tuples(st.sampled_from(["p", "div", "h1", "h2", "li", "figcaption", "span"]), line),
        max_size=20,
    ),
).map(
    lambda tp: (
        "<html><head>"
        + (f"<title>{tp[0]}</title>" if tp[0] is not None else "")
        + "</head><body>"
        + "".join(f"<{t}>{x}</{t}>" for t, x in tp[1])
        + "</body></html>"
    )
)
urls = st.sampled_from(
    [None, "https://cafef.vn/a.chn", "https://vnexpress.net/b.html", "http://[x"]
)


def _is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(any(s == b for b in it) for s in small)


@given(document)
def test_output_is_subsequence_of_normalised_input(text: str) -> None:
    result = clean(text, kind="text")
    lines = [x for x in normalize_text(text).split("\n") if x]
    assert _is_subsequence(result.text.split("\n") if result.text else [], lines)
    assert [b.text for b in result.blocks] == lines


@given(html_document, urls)
def test_html_output_lines_are_input_blocks(page: str, url: str | None) -> None:
    """Every line of the output is a kept input block, in order; the one exception is a
    headline taken from the page's <title>/og:title when no block holds it."""
    result = clean(page, kind="html", url=url)
    kept = [b.text for b in result.blocks if b.kept]
    lines = result.text.split("\n") if result.text else []
    if lines and kept[:1] != lines[:1] and lines[0] == result.title:
        lines = lines[1:]
    assert lines == kept
    for b in result.blocks:
        assert b.text == normalize_line(b.text)
        assert b.reason


@given(document, urls)
def test_idempotent(text: str, url: str | None) -> None:
    once = clean(text, kind="text", url=url).text
    assert clean(once, kind="text", url=url).text == once


@given(document.filter(lambda d: "<" not in d))
def test_idempotent_auto(text: str) -> None:
    """Auto mode, on text without markup. (Text with tags can clean into text that looks
    like an HTML fragment, which auto mode then reads as HTML: kind="text" is the
    guarantee, and the docs say so.)"""
    once = clean(text).text
    assert clean(once).text == once


@given(st.one_of(document, html_document))
def test_output_is_nfc(text: str) -> None:
    result = clean(text)
    assert unicodedata.is_normalized("NFC", result.text)


@given(st.binary(max_size=2000))
def test_bytes_raise_only_cleaner_error(data: bytes) -> None:
    try:
        result = clean(data)
    except CleanerError:
        return
    assert isinstance(result.text, str)


@given(st.text(max_size=500), st.sampled_from(["auto", "text", "html"]))
def test_text_raises_only_cleaner_error(text: str, kind: str) -> None:
    with contextlib.suppress(CleanerError):
        clean(text, kind=kind)  # type: ignore[arg-type]


@given(st.text(alphabet="<>/abcdehilmnoprstvy =\"'!-&;#\n", max_size=400))
def test_tag_soup_raises_only_cleaner_error(text: str) -> None:
    with contextlib.suppress(CleanerError):
        clean(text)
