"""Each scorer feature on hand-built blocks: the feature fires, and moves the score."""

from __future__ import annotations

from collections import Counter

import pytest

from cleaner import features, language
from cleaner.model import Segment
from cleaner.thresholds import DEFAULT_THRESHOLDS as T

PROSE = (
    "Theo hãng tin Reuters, đây là cuộc điện đàm thứ hai giữa ông Austin và ông Shoigu chỉ trong "
    "ba ngày, sau nhiều tháng hai bên không liên lạc với nhau về cuộc chiến."
)


def fired(
    text: str, *, seen: int = 1, lang: str | None = "vi", **dom: object
) -> tuple[float, list[str]]:
    seg = Segment(text=text, **dom)  # type: ignore[arg-type]
    stoplist = language.stoplist(lang) if lang else None
    points, found = features.score(seg, Counter({text: seen}), T, stoplist)
    return points, [f.name for f in found]


def test_prose_scores_high() -> None:
    points, names = fired(PROSE)
    assert {"long", "terminal-punct", "stopwords-high"} <= set(names)
    assert points >= 4


@pytest.mark.parametrize(
    ("text", "feature"),
    [
        ("Hà Thu", "byline-shape"),
        ("Hà Thu", "short"),
        ("Thứ bảy, 7/3/2026, 08:00 (GMT+7)", "date-shape"),
        (
            "Tờ Economist mới đây đã chỉ ra ba nguyên nhân có thể khiến giá dầu tiếp tục ...",
            "ellipsis",
        ),
        ("NÓNG! TIN MỚI NHẤT", "upper-case"),
        ("12/03 14:20 15:30 16:40", "digits"),
        ("Ông Biden gặp ông Zelensky tại Kiev. Ảnh: Reuters", "caption-shape"),
    ],
)
def test_chrome_feature_fires_and_keeps_the_block_from_reading_as_prose(
    text: str, feature: str
) -> None:
    points, names = fired(text)
    assert feature in names
    assert points < T.good_score


def test_duplicate_feature_needs_a_second_copy() -> None:
    title = "Ngoại trưởng Mỹ thăm Hàn Quốc: Thông điệp nồng ấm"
    once, names_once = fired(title, seen=1)
    twice, names_twice = fired(title, seen=2)
    assert "duplicate" not in names_once and "duplicate" in names_twice
    assert twice == once + T.duplicate_points


def test_stopwords_low_only_on_prose_length_blocks() -> None:
    heading = "Ukraine tố Triều Tiên gửi quân hỗ trợ Nga"
    assert "stopwords-low" not in fired(heading)[1]
    keywords = " ".join(["Hà Nội", "TP.HCM", "Đà Nẵng", "Huế", "Hải Phòng"] * 4)
    assert "stopwords-low" in fired(keywords)[1]


def test_dom_features() -> None:
    assert "links-high" in fired("Xem thêm các bài viết khác", tag="p", link_density=0.9)[1]
    assert "links-mid" in fired("Xem thêm các bài viết khác", tag="p", link_density=0.3)[1]
    in_body = fired("Tình hình chiến sự", tag="h2", in_body=True)
    assert {"in-body", "heading"} <= set(in_body[1])
    outside = fired("Tình hình chiến sự", tag="h2", in_body=None)
    assert in_body[0] > outside[0]


def test_text_mode_blocks_get_no_dom_features() -> None:
    names = fired("Tình hình chiến sự")[1]
    assert not {"links-high", "links-mid", "in-body", "heading"} & set(names)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lầu Năm Góc kêu gọi Nga lập tức ngừng bắn tại Ukraine", True),
        ("Xung đột Nga-Ukraine: NATO nói không nên đánh giá thấp Moscow?", True),
        ("Đây là một câu văn bình thường kết thúc bằng dấu chấm.", False),
        ("Hà Thu", False),
        ("Tổng thư ký NATO Jens Stoltenberg. Ảnh: Getty Images", False),
    ],
)
def test_looks_like_headline(text: str, expected: bool) -> None:
    assert features.looks_like_headline(text) is expected
