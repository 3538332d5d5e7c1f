"""HTML mode through the API: detection, sources, metadata, structure, and the text/HTML
front ends sharing one pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner, Options, clean

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PROSE = [
    "Bộ trưởng Quốc phòng Nga điện đàm liên tục với các nước NATO trong ngày hôm nay, theo thông báo.",
    "Theo hãng tin Reuters, đây là cuộc điện đàm thứ hai giữa hai bộ trưởng chỉ trong ba ngày qua.",
    "Phía Nga không đưa ra bằng chứng cụ thể nào cho những cáo buộc của mình trong các cuộc gọi đó.",
]
PAGE = f"""<!doctype html><html><head><title>Nga điện đàm với NATO - Báo Mẫu</title>
<meta property="og:title" content="Nga điện đàm với NATO"></head><body>
<nav class="menu"><a href="/">Trang chủ</a><a href="/tg">Thế giới</a></nav>
<div class="breadcrumb"><a>Thế giới</a> › <a>Quân sự</a></div>
<article><h1>Nga điện đàm với NATO</h1>
<p>{PROSE[0]}</p>
<figure><img src="a.jpg"><figcaption>Ông Shoigu. Ảnh: Reuters</figcaption></figure>
<p>{PROSE[1]}</p>
<div class="box-tinlienquanv2"><a href="/x">Tin cũ số một về NATO và Nga ở châu Âu</a></div>
<p>{PROSE[2]}</p>
<div class="binh-luan">Bạn cần đăng nhập để bình luận</div>
</article>
<footer>© Báo Mẫu. Giấy phép số 123/GP-BTTTT</footer>
</body></html>"""


def test_html_is_detected_and_cleaned() -> None:
    result = clean(PAGE)
    assert result.path == "html"
    assert result.title == "Nga điện đàm với NATO"
    assert result.body.split("\n") == PROSE
    assert result.text.split("\n") == ["Nga điện đàm với NATO", *PROSE]


def test_every_dropped_block_says_why() -> None:
    reasons = {b.text: b.reason for b in clean(PAGE).blocks if not b.kept}
    assert reasons["Ông Shoigu. Ảnh: Reuters"] == "chrome:caption:figure"
    assert reasons["Tin cũ số một về NATO và Nga ở châu Âu"].startswith("chrome:related:")
    assert reasons["Bạn cần đăng nhập để bình luận"].startswith("chrome:comments:")
    assert all(b.reason for b in clean(PAGE).blocks)


def test_bytes_with_declared_charset() -> None:
    data = PAGE.replace("<head>", "<head><meta charset='utf-8'>").encode("utf-8")
    assert clean(data).body.split("\n") == PROSE


def test_kind_html_forces_html_and_kind_text_reads_markup_as_text() -> None:
    fragment = f"<p>{PROSE[0]}</p><p>{PROSE[1]}</p>"
    assert clean(fragment, kind="html").body.split("\n") == PROSE[:2]
    assert clean(fragment, kind="text").path == "text"


def test_text_and_html_front_ends_share_the_rules() -> None:
    lines = [
        PROSE[0],
        "Video đang HOT",
        PROSE[1],
        "This browser does not support the video element.",
    ]
    html = "<html><body>" + "".join(f"<p>{x}</p>" for x in lines) + "</body></html>"
    for result in (clean("\n".join(lines), kind="text"), clean(html, kind="html")):
        dropped = {b.text: b.reason for b in result.blocks if not b.kept}
        assert dropped["Video đang HOT"] == "global.video-hot"
        assert (
            dropped["This browser does not support the video element."] == "global.media-fallback"
        )


@pytest.mark.parametrize(
    ("case", "source"),
    [
        ("vnexpress.net/fundus-vnexpress-lymphoma", "vnexpress.net"),
        ("dantri.com.vn/meth04-dantri_article", "dantri.com.vn"),
        ("tuoitre.vn/meth04-tuoitre_article", "tuoitre.vn"),
    ],
)
def test_source_recognised_without_url_and_metadata(case: str, source: str) -> None:
    result = clean((FIXTURES / f"{case}.html").read_bytes())
    assert result.source == source
    assert f"{source}@" in result.rules_version and "global@" in result.rules_version
    assert result.date is not None and result.date[:2] == "20"


def test_author_from_page_metadata_not_body() -> None:
    result = clean((FIXTURES / "dantri.com.vn/meth04-dantri_article.html").read_bytes())
    assert result.author is not None and "Tri Túc" in result.author
    assert "Tri Túc" not in result.body


def test_url_and_source_choose_the_rules() -> None:
    page = (FIXTURES / "vnexpress.net/fundus-vnexpress-lymphoma.html").read_bytes()
    assert clean(page, url="https://m.vnexpress.net/x-1.html").source == "vnexpress.net"
    assert clean(PAGE, source="dantri.com.vn").source == "dantri.com.vn"
    assert clean(PAGE, url="https://example.org/a").source is None


def test_disabled_source_uses_generic_layer_only() -> None:
    page = (FIXTURES / "vnexpress.net/fundus-vnexpress-lymphoma.html").read_bytes()
    generic = Cleaner(Options(disabled_sources=frozenset({"vnexpress.net"})))
    result = generic.clean(page)
    assert result.source is None
    assert "vnexpress.net@" not in result.rules_version


def test_fallback_when_the_dom_pass_finds_no_body() -> None:
    # The article sits in an element hidden by inline style: the DOM pass keeps nothing,
    # trafilatura (which does not read styles) finds it, and text mode cleans its text.
    page = (
        '<html><body><div style="display:none"><div>'
        + "".join(f"<p>{p}</p>" for p in PROSE)
        + "<p>Video đang HOT</p></div></div></body></html>"
    )
    result = clean(page)
    assert result.path == "fallback"
    assert result.body.split("\n") == PROSE
    assert {b.text: b.reason for b in result.dropped}["Video đang HOT"] == "global.video-hot"
    assert Cleaner(Options(fallback=False)).clean(page).body == ""


def test_no_fallback_option() -> None:
    result = Cleaner(Options(fallback=False)).clean("<html><body><p>ngắn</p></body></html>")
    assert result.path == "html"


def test_italic_line_after_an_image_is_its_caption() -> None:
    caption = (
        "Khi vợ ốm, chồng chỉ hỏi cho có. Còn khi yêu, chồng quan tâm chu đáo đến từng cái hắt hơi."
    )
    page = (
        "<html><body><h1>Nga điện đàm với NATO hôm nay</h1><div class='detail'>"
        + "".join(f"<div>{p}</div>" for p in PROSE)
        + f"<div style='text-align:center'><img src='a.jpg'><br><span style='font-style: italic'>{caption}</span></div>"
        + f"<div><em>{PROSE[0][:60]} — một câu in nghiêng không đi kèm ảnh nào cả.</em></div>"
        + "</div></body></html>"
    )
    reasons = {b.text: b.reason for b in clean(page).blocks}
    assert reasons[caption] == "chrome:caption:italic-after-image"
    italic_prose = f"{PROSE[0][:60]} — một câu in nghiêng không đi kèm ảnh nào cả."
    assert not reasons[italic_prose].startswith("chrome:")


EN_PROSE = [
    "API documentation is the reference and the guide that tell a developer how to call an "
    "interface, what each endpoint expects and what it returns when something goes wrong.",
    "Good documentation pairs every endpoint with a short example, so that a reader can copy "
    "a working request before reading about the parameters in detail.",
    "Teams that write the documentation alongside the code find that it stays accurate, "
    "because a change to an endpoint and to its page are reviewed together.",
]


def test_the_headline_and_the_first_in_body_heading_are_both_kept() -> None:
    """An <h2> right after the <h1> opens the article's first section: it is no second
    headline to choose between, and it does not go with the headline."""
    heading = "What is API documentation?"
    page = f"""<!doctype html><html><head><title>A Guide to API Documentation | Docs Co</title>
    </head><body><nav class="menu"><a href="/">Home</a><a href="/blog">Blog</a></nav>
    <main><article><h1>A Guide to API Documentation</h1>
    <h2>{heading}</h2><p>{EN_PROSE[0]}</p><p>{EN_PROSE[1]}</p>
    <h2>Why examples matter</h2><p>{EN_PROSE[2]}</p></article></main>
    <footer>© 2026 Docs Co. All rights reserved.</footer></body></html>"""
    result = clean(page, kind="html")
    assert result.title == "A Guide to API Documentation"
    assert result.body.split("\n") == [
        heading,
        EN_PROSE[0],
        EN_PROSE[1],
        "Why examples matter",
        EN_PROSE[2],
    ]
