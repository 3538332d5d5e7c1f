"""Regressions found by review: each test names the bug it pins."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner, CleanerError, Options, clean
from cleaner.features import looks_like_headline
from cleaner.normalize import normalize_line

from .util import write_rules

PROSE = [
    "Bộ trưởng Quốc phòng Nga điện đàm liên tục với các nước NATO trong ngày hôm nay, theo thông báo chính thức.",
    "Theo hãng tin Reuters, đây là cuộc điện đàm thứ hai giữa hai bộ trưởng chỉ trong ba ngày qua, sau nhiều tháng.",
    "Phía Nga không đưa ra bằng chứng cụ thể nào cho những cáo buộc của mình trong các cuộc gọi đó với phía phương Tây.",
]


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_entities_need_their_semicolon() -> None:
    url = "https://x.vn/?id=5&region=vn&copy=1&not=2"
    assert normalize_line(url) == url
    assert normalize_line("a &amp; b &lt;c&gt; &#233;") == "a & b <c> é"


def test_url_in_html_is_not_unescaped_twice() -> None:
    body = "<h1>Tiêu đề bài báo hôm nay ở Hà Nội</h1><div>" + "".join(f"<p>{p}</p>" for p in PROSE)
    body += "<p>Xem tại https://x.vn/?a=1&amp;region=2&amp;para=3 để biết thêm chi tiết về sự kiện này.</p></div>"
    assert "?a=1&region=2&para=3" in clean(page(body)).text


@pytest.mark.parametrize("bad", ["http://[oops", "https://[::1"])
def test_malformed_urls_do_not_escape_as_value_error(bad: str) -> None:
    clean("\n".join(PROSE), url=bad)
    clean(page("".join(f"<p>{p}</p>" for p in PROSE), f'<meta property="og:url" content="{bad}">'))


def test_user_block_rule_timeout_is_a_cleaner_error(tmp_path: Path) -> None:
    path = write_rules(
        tmp_path,
        'version = "1"\n[[rule]]\nid = "m.slow"\nkind = "block"\nreason = "r"\npattern = "(a|aa)+$"\n',
    )
    with pytest.raises(CleanerError, match="longer than") as info:
        Cleaner(Options(rule_files=(path,))).clean("a" * 60 + "b", kind="text")
    assert info.value.rule_id == "m.slow"


def test_user_signature_timeout_is_a_cleaner_error(tmp_path: Path) -> None:
    path = write_rules(
        tmp_path, 'version = "1"\n[source]\nname = "slow.example"\nsignatures = ["(a|aa)+$"]\n'
    )
    with pytest.raises(CleanerError, match="signature"):
        Cleaner(Options(rule_files=(path,))).clean("a" * 60 + "b", kind="text")


def test_idempotent_when_the_signature_line_is_dropped() -> None:
    text = "\n".join(
        [
            "Tiêu đề bài viết về thị trường chứng khoán hôm nay",
            *PROSE,
            "Lao Động",
            "Copyright 2007 - 2024 - CafeF.vn",
        ]
    )
    once = clean(text)
    assert once.source == "cafef.vn"
    assert clean(once.text).text == once.text


def test_related_box_beside_the_article_is_not_merged_into_it() -> None:
    teasers = [p[::-1] for p in PROSE[:2]]
    body = '<div class="detail">' + "".join(f"<p>{p}</p>" for p in PROSE) + "</div>"
    body += '<div class="tin-lien-quan">' + "".join(f"<p>{t}</p>" for t in teasers) + "</div>"
    result = clean(page(body))
    assert result.body.split("\n") == PROSE


def test_quoted_italic_prose_after_an_image_is_not_a_caption() -> None:
    quote = "“Chúng tôi đã biết thông báo này. Nhưng chúng tôi sẽ chờ xem điều gì xảy ra trên chiến trường”"
    line = f"{quote}, ông Nguyễn Văn An nói với phóng viên sau cuộc họp báo chiều nay."
    body = "<h1>Tiêu đề bài báo hôm nay ở Hà Nội</h1><div>" + "".join(f"<p>{p}</p>" for p in PROSE)
    body += f'<p><img src="a.jpg"></p><p><em>{quote}</em>, ông Nguyễn Văn An nói với phóng viên sau cuộc họp báo chiều nay.</p></div>'
    assert line in clean(page(body)).body


def test_og_title_is_not_cut_at_its_first_dash() -> None:
    og = "Nga - Ukraine giao tranh khốc liệt ở chảo lửa Donbass"
    result = clean(
        page(
            "<div>" + "".join(f"<p>{p}</p>" for p in PROSE) + "</div>",
            f'<meta property="og:title" content="{og}">',
        )
    )
    assert result.title == og


def test_title_tag_loses_only_a_short_site_suffix() -> None:
    result = clean(
        page(
            "<div>" + "".join(f"<p>{p}</p>" for p in PROSE) + "</div>",
            "<title>Giá vàng hôm nay tăng mạnh trở lại - VnExpress</title>",
        )
    )
    assert result.title == "Giá vàng hôm nay tăng mạnh trở lại"


def test_metadata_title_equal_to_first_block_is_not_printed_twice() -> None:
    og = "Giá vàng hôm nay tăng mạnh trở lại"
    body = f"<div><h2>{og}</h2>" + "".join(f"<p>{p}</p>" for p in PROSE) + "</div>"
    result = clean(page(body, f'<meta property="og:title" content="{og}">'))
    assert result.text.split("\n") == [og, *PROSE]
    assert result.body.split("\n") == PROSE


def test_headline_split_by_br_keeps_both_lines() -> None:
    body = (
        "<h1>Giá lúa gạo tăng mạnh:<br>nông dân miền Tây phấn khởi</h1><div>"
        + "".join(f"<p>{p}</p>" for p in PROSE)
        + "</div>"
    )
    result = clean(page(body))
    assert result.title == "Giá lúa gạo tăng mạnh: nông dân miền Tây phấn khởi"
    assert result.text.split("\n")[:2] == ["Giá lúa gạo tăng mạnh:", "nông dân miền Tây phấn khởi"]


@pytest.mark.parametrize(
    "text",
    [
        "Ông An nói: “Chúng tôi sẽ chờ xem điều gì thực sự xảy ra trên chiến trường hôm nay.”",
        "(Đây là một câu văn trong ngoặc, kết thúc bằng dấu chấm.)",
    ],
)
def test_quoted_sentence_is_not_a_headline(text: str) -> None:
    assert not looks_like_headline(text)


def test_almost_utf8_beats_a_wrong_single_byte_declaration() -> None:
    html = page("".join(f"<p>{p}</p>" for p in PROSE), '<meta charset="iso-8859-1">')
    data = html.encode("utf-8").replace(b"</p>", b"\xff</p>", 1)
    body = clean(data).body.split("\n")
    assert body[0] == PROSE[0] + "\ufffd"
    assert body[1:] == PROSE[1:]


def test_body_class_naming_a_sidebar_does_not_hide_the_page() -> None:
    html = (
        '<html><body class="single-post has-sidebar">'
        + "".join(f"<div>{p}</div>" for p in PROSE)
        + "</body></html>"
    )
    result = Cleaner(Options(fallback=False)).clean(html)
    assert result.body.split("\n") == PROSE
