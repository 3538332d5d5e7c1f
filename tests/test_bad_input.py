"""Bad input gets a result or a clear CleanerError, never a crash, a hang or lost text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from cleaner import Cleaner, CleanerError, LimitExceeded, Options, clean

from .util import write_rules

PARAGRAPHS = [
    "Bộ trưởng Quốc phòng Nga điện đàm liên tục với các nước NATO trong ngày hôm nay, theo thông báo.",
    "Theo hãng tin Reuters, đây là cuộc điện đàm thứ hai giữa hai bộ trưởng chỉ trong ba ngày qua.",
    "Phía Nga không đưa ra bằng chứng cụ thể nào cho những cáo buộc của mình trong các cuộc điện đàm.",
    "Hội đồng An ninh Quốc gia Nhà Trắng cũng có thông báo bác bỏ những cáo buộc đó của ông Shoigu.",
]
PAGE = (
    "<html><head><meta charset='{charset}'><title>Tiêu đề bài báo hôm nay</title></head><body>"
    "<h1>Tiêu đề bài báo hôm nay</h1>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    + "</body></html>"
)
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: base letter (with hat/breve/horn) + a combining tone."""
    out = []
    for ch in text:
        try:
            ch.encode("cp1258")
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize(
            "NFC", parts[0] + "".join(m for m in parts[1:] if m not in _TONES)
        )
        out.append(base + "".join(m for m in parts[1:] if m in _TONES))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("content", ["", b"", "   \n\n\t", b"\xef\xbb\xbf"])
def test_empty_input_gives_empty_result(content: str | bytes) -> None:
    result = clean(content)
    assert result.text == ""
    assert result.blocks == ()


def test_binary_junk_is_a_clear_error() -> None:
    with pytest.raises(CleanerError, match="binary"):
        clean(bytes(range(256)) * 50)


def test_invalid_utf8_keeps_the_text() -> None:
    data = "\n".join(PARAGRAPHS).encode() + b"\xff" + " Hà Nội.".encode()
    result = clean(data, kind="text")
    assert PARAGRAPHS[0] in result.text
    assert "Hà Nội." in result.text


def test_html_leaves_surrogates_out_on_the_dom_pass_and_the_fallback_alike() -> None:
    """A ``str`` page may hold surrogate code points (JSON gives them). selectolax leaves
    them out; lxml, under the fallback, joined a pair given as two code points into one
    character, so the same page gave "xy" or "x😀y" depending on the path."""
    from cleaner.fallback import extract_fallback

    prose = "Đoạn văn đầu tiên của bài báo, đủ dài để đọc như một đoạn văn thật sự trong bài"
    page = f"<html><body><p>{prose} x\ud83d\ude00y, z\ud800w.</p></body></html>"
    dom = clean(page, kind="html", options=Options(fallback=False))
    fallback = extract_fallback(page, None)
    assert fallback is not None
    for text in (dom.text, fallback):
        assert " xy, zw." in text
        assert not any(0xD800 <= ord(c) <= 0xDFFF or ord(c) > 0xFFFF for c in text)


def test_cp1258_page_declared_in_meta_comes_out_nfc() -> None:
    result = clean(to_cp1258(PAGE.format(charset="windows-1258")))
    assert result.title == "Tiêu đề bài báo hôm nay"
    assert result.body.split("\n") == PARAGRAPHS
    assert unicodedata.is_normalized("NFC", result.text)


def test_cp1258_text_is_detected_and_composed() -> None:
    result = clean(to_cp1258("\n".join(PARAGRAPHS)), kind="text")
    assert unicodedata.is_normalized("NFC", result.text)
    assert PARAGRAPHS[1] in result.text


def test_combining_marks_in_str_are_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "\n".join(PARAGRAPHS))
    assert clean(decomposed, kind="text").body.split("\n") == PARAGRAPHS


def test_utf16_with_bom() -> None:
    result = clean(PAGE.format(charset="utf-16").encode("utf-16"))
    assert result.body.split("\n") == PARAGRAPHS


def test_document_without_body() -> None:
    result = clean("<html><head><title>Chỉ có tiêu đề</title></head></html>", kind="html")
    assert result.body == ""


def test_text_that_merely_contains_angle_brackets_is_text() -> None:
    text = "Khi x < 5 thì y > 3\n" + "\n".join(PARAGRAPHS)
    result = clean(text)
    assert result.path == "text"
    assert PARAGRAPHS[0] in result.text


def test_very_deep_nesting_is_refused_quickly() -> None:
    depth = 100_000
    page = (
        "<html><body>"
        + "<div>" * depth
        + f"<p>{PARAGRAPHS[0]}</p>"
        + "</div>" * depth
        + "</body></html>"
    )
    with pytest.raises(CleanerError, match="MAX_DEPTH"):
        clean(page)


def test_deep_but_plausible_nesting_still_cleans() -> None:
    depth = 3_000
    filler = "<span></span>" * 30_000  # over 50,000 tags: the depth scan runs
    article = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = "<html><body>" + "<div>" * depth + filler + article + "</div>" * depth + "</body></html>"
    result = clean(page)
    assert PARAGRAPHS[0] in result.text


def test_fifty_megabyte_page_of_scripts_still_cleans() -> None:
    blob = "<script>var x='" + "A" * (50 * 1024 * 1024) + "';</script>"
    result = clean(PAGE.format(charset="utf-8").replace("<body>", "<body>" + blob))
    assert result.body.split("\n") == PARAGRAPHS


def test_page_with_too_many_blocks_is_refused() -> None:
    """A LimitExceeded naming MAX_BLOCKS, as every other limit (it was a plain CleanerError,
    'page has more than 50000 text blocks', with no .limit to tell it by)."""
    page = "<html><body>" + "".join(f"<p>dòng {i}</p>" for i in range(60_000)) + "</body></html>"
    with pytest.raises(LimitExceeded, match="text blocks") as info:
        clean(page)
    assert info.value.limit == "MAX_BLOCKS" and info.value.actual > info.value.maximum == 50_000
    assert "over the MAX_BLOCKS limit of 50,000" in str(info.value)


def test_input_over_the_size_limit_is_refused() -> None:
    with pytest.raises(CleanerError, match="limit"):
        Cleaner(Options(max_bytes=1000)).clean(b"x" * 2000)


@pytest.mark.parametrize(
    "view",
    [
        memoryview(b"x" * 2000).cast("B", (1, 2000)),  # len() 1
        memoryview(b"x" * 2000).cast("Q"),  # len() 250
    ],
    ids=["two-dimensional", "eight-byte-items"],
)
def test_a_memoryview_over_the_size_limit_is_refused(view: memoryview) -> None:
    """The limit counts a memoryview's bytes, not its len() (its first dimension's items)."""
    with pytest.raises(CleanerError, match="2,000 bytes, over the MAX_INPUT_BYTES"):
        Cleaner(Options(max_bytes=1000)).clean(view)


def test_wrong_content_type_is_a_clear_error() -> None:
    with pytest.raises(CleanerError, match="str or bytes"):
        clean(12345)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_bytes", float("nan")),  # compared false with every length: no limit at all
        ("max_bytes", float("inf")),
        ("max_bytes", None),
        ("max_bytes", "1000"),
        ("max_bytes", 1.5),
        ("max_bytes", -1),
        ("max_bytes", True),
        ("memo_blocks", None),
        ("memo_blocks", 1.5),
        ("memo_blocks", -1),
        ("memo_blocks", "5"),
        ("thresholds", None),
        ("thresholds", {}),
        ("rule_files", None),
        ("rule_files", 123),
        ("rule_files", [None]),
        ("rule_files", [b"rules.toml"]),
        ("disabled_sources", None),
        ("disabled_sources", [1]),
        ("source_rules", "no"),
        ("source_rules", None),
        ("fallback", None),
    ],
)
def test_options_of_the_wrong_type_are_a_clear_error(field: str, value: object) -> None:
    """Each was a TypeError or AttributeError from deep inside the first document, or (NaN,
    infinity, a string) silently no limit or a truthy switch; now a CleanerError naming the
    field, whichever way the options come."""
    for make in (
        lambda: Options(**{field: value}),
        lambda: Cleaner(**{field: value}),
        lambda: clean("x", options=Options(**{field: value})),
    ):
        with pytest.raises(CleanerError, match=f"Options.{field} "):
            make()


def test_options_of_the_right_type_are_kept() -> None:
    import numpy as np

    options = Options(
        max_bytes=np.int64(1000), memo_blocks=0, fallback=np.bool_(False), rule_files=[]
    )
    assert options.max_bytes == 1000 and type(options.max_bytes) is int
    assert options.fallback is False and options.rule_files == ()
    Cleaner(options).clean(b"x" * 1000)
    with pytest.raises(CleanerError, match="MAX_INPUT_BYTES"):
        Cleaner(options).clean(b"x" * 1001)


def test_options_that_are_not_options_are_a_clear_error() -> None:
    with pytest.raises(CleanerError, match="options must be an Options"):
        Cleaner({"fallback": False})  # type: ignore[arg-type]


@pytest.mark.parametrize("contents", [None, 123, "a page", b"a page"])
def test_a_batch_that_is_no_sequence_is_a_clear_error(contents: object) -> None:
    """None and numbers were a TypeError; one string was cleaned character by character."""
    with pytest.raises(CleanerError, match="contents must be a sequence"):
        Cleaner().clean_many(contents)  # type: ignore[arg-type]
    if contents is not None:  # no urls at all
        with pytest.raises(CleanerError, match="urls must be a sequence"):
            Cleaner().clean_many(["a page"], contents)  # type: ignore[arg-type]


@pytest.mark.parametrize("record", [None, [], ["html"], "x", 5])
def test_a_record_that_is_no_mapping_is_an_outcome(record: object) -> None:
    """clean_record never raises for a bad record: these were an AttributeError."""
    from cleaner.io.records import clean_record

    outcome = clean_record(Cleaner(), record)  # type: ignore[arg-type]
    assert outcome.error == "record is not a JSON object"
    assert outcome.record == {"line": record, "cleaner_error": outcome.error}


def test_bad_kind_is_a_clear_error() -> None:
    with pytest.raises(CleanerError, match="kind"):
        clean("x", kind="pdf")  # type: ignore[arg-type]


# --- malformed rule files ---------------------------------------------------------------


def test_bad_pattern_names_file_line_and_rule(tmp_path: Path) -> None:
    path = write_rules(
        tmp_path,
        'version = "1"\n\n[[rule]]\nid = "mine.ok"\nkind = "drop"\nreason = "r"\npattern = "^a$"\n\n'
        '[[rule]]\nid = "mine.bad"\nkind = "drop"\nreason = "r"\npattern = "(unclosed"\n',
    )
    with pytest.raises(CleanerError) as info:
        Cleaner(Options(rule_files=(path,)))
    assert info.value.rule_id == "mine.bad"
    assert info.value.line == 9
    assert f"{path}:9" in str(info.value) and "mine.bad" in str(info.value)


def test_pattern_the_regex_module_fails_on_is_a_clear_error(tmp_path: Path) -> None:
    # regex raises ValueError, not regex.error, on this malformed fuzzy constraint.
    path = write_rules(
        tmp_path,
        'version = "1"\n\n[[rule]]\nid = "mine.fuzzy"\nkind = "drop"\nreason = "r"\n'
        "pattern = '{0d<'\n",
    )
    with pytest.raises(CleanerError) as info:
        Cleaner(Options(rule_files=(path,)))
    assert info.value.rule_id == "mine.fuzzy"


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write_rules(tmp_path, 'version = "1"\n[[rule]]\nid = "x"\nkind = drop\n')
    with pytest.raises(CleanerError) as info:
        Cleaner(Options(rule_files=(path,)))
    assert info.value.line == 4


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ('id = "m.k"\nkind = "delete"\nreason = "r"\npattern = "x"', "kind must be one of"),
        ('id = "m.r"\nkind = "drop"\npattern = "x"', "no 'reason'"),
        ('id = "m.p"\nkind = "drop"\nreason = "r"', "no 'pattern'"),
        ('id = "m.u"\nkind = "drop"\nreason = "r"\npattern = "x"\npatern = "y"', "unknown key"),
        ('kind = "drop"\nreason = "r"\npattern = "x"', "no 'id'"),
        ('id = "m.m"\nkind = "drop"\nreason = "r"\npattern = "x"\nmax_chars = -3', "max_chars"),
    ],
)
def test_invalid_rules_are_reported(tmp_path: Path, rule: str, message: str) -> None:
    path = write_rules(tmp_path, f'version = "1"\n\n[[rule]]\n{rule}\n')
    with pytest.raises(CleanerError, match=message) as info:
        Cleaner(Options(rule_files=(path,)))
    assert info.value.path == str(path)
    assert info.value.line == 3


def test_duplicate_rule_ids_are_reported(tmp_path: Path) -> None:
    rule = '[[rule]]\nid = "m.d"\nkind = "drop"\nreason = "r"\npattern = "x"\n'
    path = write_rules(tmp_path, f'version = "1"\n{rule}{rule}')
    with pytest.raises(CleanerError, match="duplicate") as info:
        Cleaner(Options(rule_files=(path,)))
    assert info.value.line == 7


def test_missing_rule_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CleanerError, match="cannot read"):
        Cleaner(Options(rule_files=(tmp_path / "nope.toml",)))


def test_catastrophic_user_pattern_is_stopped_by_its_time_limit(tmp_path: Path) -> None:
    path = write_rules(
        tmp_path,
        'version = "1"\n[[rule]]\nid = "m.slow"\nkind = "drop"\nreason = "r"\npattern = "(a|aa)+$"\n',
    )
    cleaner = Cleaner(Options(rule_files=(path,)))
    with pytest.raises(CleanerError, match="longer than") as info:
        cleaner.clean("a" * 60 + "b", kind="text")
    assert info.value.rule_id == "m.slow"


def test_user_rule_applies(tmp_path: Path) -> None:
    path = write_rules(
        tmp_path,
        'version = "1"\n[[rule]]\nid = "m.ad"\nkind = "drop"\nreason = "house ad"\n'
        'pattern = "^Mua ngay"\n',
    )
    result = Cleaner(Options(rule_files=(path,))).clean(
        "\n".join([*PARAGRAPHS, "Mua ngay hôm nay"])
    )
    dropped = {b.text: b.reason for b in result.blocks if not b.kept}
    assert dropped == {"Mua ngay hôm nay": "m.ad"}


def test_fifty_megabytes_of_paragraphs_is_refused_quickly_not_held() -> None:
    para = "<p>Bộ trưởng Quốc phòng Nga điện đàm liên tục với các nước NATO trong ngày hôm nay.</p>"
    page = (
        "<html><body><h1>Tiêu đề</h1><div>"
        + para * (50_000_000 // len(para))
        + "</div></body></html>"
    )
    with pytest.raises(CleanerError, match=r"MAX_ELEMENTS|text blocks"):
        clean(page)
