"""Text mode on its own and after another extractor: the shapes of issue 7, each as generic
behaviour on hand-built text (asserting origins and rule ids, not reason strings)."""

from __future__ import annotations

from cleaner import Cleaner, Origin
from cleaner.model import Block, Segment
from cleaner.paragraphs import groups
from cleaner.rulebook import RuleSet
from cleaner.thresholds import DEFAULT_THRESHOLDS as T

HEADLINE = "Giá vàng hôm nay tăng mạnh trở lại sau ba phiên giảm liên tiếp"
P1 = (
    "Giá vàng trong nước sáng nay tăng mạnh theo đà tăng của thị trường thế giới, vượt mốc "
    "kỷ lục cũ và khiến nhiều người mua bất ngờ khi đến các cửa hàng từ sớm."
)
P2 = (
    "Các chuyên gia dự báo giá vàng còn biến động mạnh trong những phiên tới do ảnh hưởng "
    "của lãi suất và chính sách tiền tệ của các ngân hàng trung ương lớn."
)
P3 = (
    "Nhiều nhà đầu tư nhỏ lẻ cho biết họ sẽ tiếp tục chờ đợi thêm tín hiệu rõ ràng hơn trước "
    "khi quyết định mua vào, thay vì chạy theo đà tăng của thị trường."
)
EN1 = (
    "The committee met on Tuesday to review the proposal, and its members agreed that the "
    "plan needed more work before it could go to a vote in the spring."
)
EN2 = (
    "Several members said they would support a revised version if the costs were spelled "
    "out in detail and the timetable were made realistic for the towns involved."
)


def blocks(lines: list[str]) -> dict[str, Block]:
    result = Cleaner().clean("\n".join(lines), kind="text")
    return {b.text: b for b in result.blocks}


def test_lower_case_bracketed_credit_is_a_caption() -> None:
    caption = "Người dân xếp hàng mua vàng tại Hà Nội sáng nay (ảnh: Getty)."
    got = blocks([HEADLINE, P1, caption, P2])
    assert not got[caption].kept
    assert (got[caption].origin, got[caption].rule) == (Origin.RULE, "global.caption-credit")


def test_a_bare_illustration_label_with_a_final_period_goes() -> None:
    got = blocks([HEADLINE, P1, "Ảnh minh hoạ.", P2])
    assert got["Ảnh minh hoạ."].rule == "global.media-placeholder"
    assert not got["Ảnh minh hoạ."].kept


def test_the_date_picker_widget_goes() -> None:
    picker = (
        "Xem theo ngày Ngày 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 Tháng 1 2 3 4 5 6 7 8 9 10 "
        "11 12 Năm 2024 2023 2022 XEM"
    )
    got = blocks([HEADLINE, P1, P2, picker, P3])
    assert (got[picker].kept, got[picker].rule) == (False, "global.date-picker")


def test_a_keyword_label_takes_its_values_on_the_next_line() -> None:
    values = "phạm kim long, Bộ gõ tiếng Việt, unikey, cha đẻ Unikey"
    got = blocks([HEADLINE, P1, P2, "Từ khóa:", values])
    assert got["Từ khóa:"].rule == got[values].rule == "global.tags-label"
    assert not got[values].kept


def test_title_date_lead_teasers_are_a_teaser_list() -> None:
    teasers = [
        "Giá xăng dầu đồng loạt giảm mạnh từ chiều nay",
        "29/11/2026 10:00",
        "Giá xăng dầu trong nước đồng loạt giảm từ 15h chiều nay theo quyết định của liên Bộ "
        "Công Thương - Tài chính.",
        "Ngân hàng Nhà nước tiếp tục hút tiền qua kênh tín phiếu",
        "2 giờ trước",
        "Ngân hàng Nhà nước tiếp tục phát hành tín phiếu với lãi suất cao hơn so với phiên "
        "trước đó, theo các nhà giao dịch.",
    ]
    got = blocks([HEADLINE, P1, P2, *teasers])
    for line in teasers:
        assert (got[line].kept, got[line].origin) == (False, Origin.BLOCK_RULE)
        assert got[line].rule == "global.teaser-triple"
    assert got[P1].kept and got[P2].kept


def test_a_whole_article_on_one_line_is_never_dropped_before_the_headline() -> None:
    flat = " ".join([P1, P2, P3, P1.replace("sáng nay", "chiều qua")])
    got = blocks(["Trang chủ", flat, "Tin liên quan", HEADLINE])
    assert got[flat].kept
    assert got[flat].origin is not Origin.BEFORE_HEADLINE


def test_no_headline_when_the_text_starts_with_its_body() -> None:
    """An extractor's output without its title: the caption-like line and the heading
    after the first paragraph are not promoted, and nothing is dropped as before one."""
    caption = "Nhà đầu tư theo dõi bảng giá tại một cửa hàng vàng ở Hà Nội"
    heading = "Ngân hàng trung ương mua vào mạnh trong quý ba"
    result = Cleaner().clean("\n".join([P1, caption, P2, heading, P3]), kind="text")
    assert result.title is None
    assert all(b.origin not in (Origin.HEADLINE, Origin.BEFORE_HEADLINE) for b in result.blocks)
    assert all(b.kept for b in result.blocks)


def test_after_an_extractor_a_table_inside_the_article_stays() -> None:
    rows = [f"| {city} | {n} | {n * 3} |" for city, n in (("Hà Nội", 12), ("Huế", 7))]
    lines = [EN1, "| City | Stores | Staff |", *rows, EN2]
    got = blocks(lines)
    assert all(got[line].kept for line in lines)


def test_hard_wrapped_paragraphs_are_decided_as_one_block() -> None:
    wrapped = [
        "The committee met on Tuesday to review the proposal, and",
        "its members agreed that the plan needed more work before it",
        "could go to a vote in the spring.",
    ]
    got = blocks([HEADLINE, *wrapped, EN2])
    assert all(got[line].kept for line in wrapped)
    assert len({got[line].score for line in wrapped}) == 1  # one verdict for the paragraph
    assert "long" in {f.name for f in got[wrapped[0]].features}


def test_a_line_a_rule_decides_alone_is_not_a_continuation() -> None:
    segments = [Segment(text=HEADLINE), Segment(text="img"), Segment(text="its own text here")]
    rules = Cleaner().book.rules_for(None)
    assert [list(r) for r in groups(segments, rules, T)] == [[0], [1], [2]]
    assert [list(r) for r in groups(segments, RuleSet.build([]), T)] == [[0, 1, 2]]


def test_a_wrapped_line_joins_even_when_its_tail_reads_like_a_rule_match() -> None:
    """'tiêu dùng' alone is a section name (breadcrumb rule); after a full wrapped line it
    is the end of a sentence. A caption wrapped over two lines goes whole."""
    body = "nguồn cung các mặt hàng thiết yếu, các mặt hàng có nhu cầu"
    caption = "Thủ tướng chỉ đạo không để thiếu hụt xăng dầu trong mọi"
    lines = [
        HEADLINE,
        P1,
        "Ngoài ra, Bộ Công Thương chủ trì bảo đảm",
        body,
        "tiêu dùng",
        "tăng cao.",
    ]
    lines += [caption, "tình huống (Ảnh: Mạnh Quân).", P2]
    got = blocks(lines)
    assert got["tiêu dùng"].kept and got[body].kept
    assert got[caption].rule == got["tình huống (Ảnh: Mạnh Quân)."].rule == "global.caption-credit"
    assert not got[caption].kept


def test_after_an_extractor_weak_chrome_between_paragraphs_stays() -> None:
    """Between an extracted article's paragraphs a Title Case heading (byline shape) and a
    repeated table header (duplicate) are headings and rows; the byline under the headline
    and the one after the last paragraph still go."""
    heading = "Flight Aggregator Website Guide"
    header = "| City | Stores | Staff |"
    lines = [
        HEADLINE,
        "Hà Thu",
        P1,
        heading,
        P2,
        header,
        "| Huế | 7 | 21 |",
        header,
        P3,
        "Minh Sơn",
    ]
    got = blocks(lines)
    assert got[heading].kept and got[heading].origin is Origin.NEIGHBOURS
    assert got[header].kept
    assert (got["Hà Thu"].kept, got["Hà Thu"].origin) == (False, Origin.SCORER)
    assert (got["Minh Sơn"].kept, got["Minh Sơn"].origin) == (False, Origin.SCORER)


def test_after_an_extractor_strong_chrome_between_paragraphs_goes() -> None:
    """Below ``extracted_bad_score`` the score decides even between paragraphs."""
    dup = "Báo Hà Nội Mới"  # short, duplicate and byline-shaped: -6.5
    got = blocks([HEADLINE, P1, dup, P2, dup, P3])
    assert got[dup].score <= T.extracted_bad_score
    assert (got[dup].kept, got[dup].origin) == (False, Origin.SCORER)


def test_after_an_extractor_dates_in_a_flattened_table_stay_but_the_byline_date_goes() -> None:
    """``global.date-line`` is ``edges_only``: between two paragraphs of an extract, a bare
    date is a table's cell (a price series flattened one cell a line); above the first
    paragraph it is the article's date line, and goes."""
    table = ["Ngày", "Giá (triệu đồng)", "1/3/2024", "78,5", "2/3/2024", "79,1", "3/3/2024", "80,2"]
    lines = [HEADLINE, "12/03/2024 08:30", P1, *table, P2, P3]
    got = Cleaner().clean("\n".join(lines), kind="text").blocks
    by_text = {b.text: b for b in got}
    assert (by_text["12/03/2024 08:30"].kept, by_text["12/03/2024 08:30"].rule) == (
        False,
        "global.date-line",
    )
    assert all(by_text[cell].kept for cell in table)
    # A page's text (no prose among its first blocks): dates go wherever they stand.
    page = [*MENU, HEADLINE, "12/03/2024 08:30", P1, "1/3/2024", P2, P3]
    got_page = {b.text: b for b in Cleaner().clean("\n".join(page), kind="text").blocks}
    assert not got_page["1/3/2024"].kept


def test_an_extract_opening_with_a_long_question_paragraph_keeps_its_sections() -> None:
    """A guide's first paragraph is one long question (headline-shaped: no final period):
    as long as a paragraph and scored as prose, it still opens the body, so the text reads
    as extracted and its short section headings are not dropped "before headline"."""
    opening = (
        "Knowing the categories of cameras available to you will give you the confidence to "
        "decide between camera models later, and there are countless of them, so we will "
        "give recommendations for each type, but first, what are the types of cameras?"
    )
    kinds = ["Compact Cameras", "DSLR Cameras", "Mirrorless Cameras", "Action Cameras"]
    lines = ["Different Types of Cameras", opening, *kinds, EN1, "Zoom compacts", EN2]
    lines += ["What is a medium format camera?", EN1.replace("committee", "board")]
    got = Cleaner().clean("\n".join(lines), kind="text").blocks
    assert not any(b.origin is Origin.BEFORE_HEADLINE for b in got)
    by_text = {b.text: b for b in got}
    assert by_text[opening].kept and by_text["Zoom compacts"].kept


def test_an_extract_with_a_breadcrumb_and_key_points_above_its_first_paragraph() -> None:
    """Prose first at block 7, nothing a rule drops before it: an extractor kept the
    breadcrumb and a summary box, and the text is still an extract (``extracted_unruled_
    lead_blocks``): the key points stay; in a page's text (a menu a rule knows) the menu
    goes."""
    crumbs = ["Math tutors", "/", "Blog", "/", "15 Best Online Tutoring Platforms"]
    points = ["Key points", "Tutors are vetted", "Prices vary by plan"]
    lines = [*crumbs, "15 Best Online Tutoring Platforms", *points, EN1, "Pricing", EN2]
    got = {b.text: b for b in Cleaner().clean("\n".join(lines), kind="text").blocks}
    assert all(got[p].kept for p in points) and got["Pricing"].kept
    page = [*MENU, *points, EN1, "Pricing", EN2, *FOOTER]
    got_page = {b.text: b for b in Cleaner().clean("\n".join(page), kind="text").blocks}
    assert not any(got_page[m].kept for m in MENU)


MENU = ["Trang chủ", "Thời sự", "Thế giới", "Kinh doanh", "Giải trí", "Thể thao"]
FOOTER = ["Liên hệ", "Điều khoản sử dụng", "© 2026 Báo Mẫu. Giấy phép số 123/GP-BTTTT."]


def test_an_attribution_split_over_two_lines_is_kept() -> None:
    """'Theo' / 'VnExpress' is one closing attribution, after an extractor and in a page's
    text alike; so is an author's name followed by the source line."""
    for lead in ([], MENU):
        for pair in (
            ["Theo", "VnExpress"],
            ["Nguồn:", "Báo Tin tức"],
            ["Minh Sơn", "Theo Sputnik"],
        ):
            got = blocks([*lead, HEADLINE, P1, P2, P3, *pair, *FOOTER])
            for line in pair:
                assert (got[line].kept, got[line].origin) == (True, Origin.RULE), (lead, line)
                assert got[line].rule == "global.attribution"
            assert not got[FOOTER[-1]].kept


def test_an_attribution_label_alone_joins_only_the_next_line() -> None:
    segments = [Segment(text=t) for t in ("Theo", "VnExpress", "Hà Nội")]
    rules = Cleaner().book.rules_for(None)
    assert [list(r) for r in groups(segments, rules, T)] == [[0, 1], [2]]


def test_a_video_page_keeps_its_one_sentence_lead_and_not_the_footer() -> None:
    """A video page's text: menus, the title, a one-sentence lead, then the site footer,
    whose publisher blurb reads as prose. The footer's imprint lines (``ends_body``) end
    the body region, so the lead is the body and the blurb goes."""
    lead = (
        "Video ghi lại cảnh chiếc xe tải mất lái lao thẳng vào một ngôi nhà ven quốc lộ 6 "
        "sáng nay khiến nhiều người hoảng sợ."
    )
    title = "Xe tải mất lái lao vào nhà dân ở ngoại thành Hà Nội"
    blurb = (
        "Báo điện tử Mẫu giữ bản quyền nội dung trên website này, mọi hình thức sao chép lại "
        "cần được sự đồng ý bằng văn bản của tòa soạn."
    )
    footer = [
        "Báo điện tử Mẫu",
        "Cơ quan của Hội Nhà báo Việt Nam",
        "Tổng biên tập: Nguyễn Văn A",
        "Địa chỉ: Số 12 phố Huế, quận Hai Bà Trưng, Hà Nội. Điện thoại: 024 1234 5678",
        blurb,
        "Chịu trách nhiệm nội dung: Trần Văn B",
    ]
    result = Cleaner().clean(
        "\n".join([*MENU, title, "29/11/2026 08:15", lead, *footer]), kind="text"
    )
    assert result.title == title
    assert result.body == lead
    got = {b.text: b for b in result.blocks}
    assert got["Tổng biên tập: Nguyễn Văn A"].rule == "global.copyright"
    assert got[blurb].origin is Origin.OUTSIDE_REGION


def test_no_headline_when_nothing_reads_like_one() -> None:
    """A page's text whose short lines are all menus, labels or sentences: nothing is
    promoted to headline and no block is dropped as before one."""
    lines = [*MENU, "Đăng nhập", P1, P2, P3]
    result = Cleaner().clean("\n".join(lines), kind="text")
    assert result.title is None
    assert all(b.origin not in (Origin.HEADLINE, Origin.BEFORE_HEADLINE) for b in result.blocks)
    assert result.body.split("\n") == [P1, P2, P3]


def test_a_catalogue_with_no_prose_and_no_chrome_is_kept_whole() -> None:
    """An extractor's flattened catalogue or timetable: no paragraph of prose, nothing a
    rule drops. Nothing there is chrome evidence, so nothing is cut as a page's text."""
    lines = [
        "Section 1 - Introduction and Indexes",
        "Pages 1-5 (Hard Copy pages Cover-III) - About Us",
        "Pages 6-13 (Hard Copy pages IV-XI) - Pictorial Index",
        "Pages 14-27 (Hard Copy pages XII-XXIV) - Description Index",
        "Pages 28-97 (Hard Copy pages 1818-1888) - Part Number Index",
        "Pages 98-99 (Hard Copy pages 1893-1894) - Terms and Conditions",
        "Pages 100-101 (Hard Copy pages 1895-1896) - Measurements and Conversions",
        "Pages 102-140 (Hard Copy pages 1897-1935) - Hinges and Handles",
    ]
    got = blocks(lines)
    assert all(got[line].kept for line in lines)


def test_a_page_text_with_no_prose_still_loses_what_a_rule_drops() -> None:
    """The no-prose reading needs no rule drop: with an imprint line the text is a page's,
    and the page-text rules apply as before."""
    lines = [*MENU, FOOTER[-1]]
    got = blocks(lines)
    assert not got[FOOTER[-1]].kept
    assert not any(got[line].kept for line in MENU)


def test_a_text_printed_twice_is_not_judged_by_its_duplicates() -> None:
    """Every item printed twice (an extractor repeating a portfolio's cards): repetition
    no longer tells chrome from article, so no block is a duplicate to the scorer; each
    card's first copy stays and its repeat goes (``Origin.REPEAT``)."""
    cards = [
        "Increasing attendance and awareness of a world-class museum in a small town.",
        "A collaborative approach brought leadership into the creative process at last.",
        "Branding a beer on a mission to benefit a museum and stand out in a crowded space.",
    ]
    lines = [line for card in cards for line in (card, card)]
    got = Cleaner().clean("\n".join(lines), kind="text").blocks
    assert all("duplicate" not in {f.name for f in b.features} for b in got)
    assert [b.kept for b in got] == [True, False] * len(cards)
    assert {b.origin for b in got[1::2]} == {Origin.REPEAT}
    # One repeat among distinct lines is still a duplicate.
    mixed = Cleaner().clean("\n".join([*cards, cards[0], EN1, EN2]), kind="text").blocks
    assert any("duplicate" in {f.name for f in b.features} for b in mixed)
