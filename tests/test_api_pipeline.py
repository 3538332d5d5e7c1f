"""What a pipeline needs from the API: plain results that travel light, a batch helper,
the transport's charset, tolerance of dataframe missing values, a Cleaner reused per
Options."""

from __future__ import annotations

import dataclasses
import json
import math
import pickle
from pathlib import Path

import pytest

from cleaner import Cleaner, CleanerError, Options, clean
from cleaner import api as api_module

from .test_bad_input import to_cp1258
from .util import write_rules

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
BIG_PAGE = FIXTURES / "dantri.com.vn/meth04-dantri_article.html"  # 475 KB, an 8 KB article

ARTICLE = (
    "Giá lúa gạo tăng mạnh trong tuần qua\n\n"
    "Giá lúa tại các tỉnh Đồng bằng sông Cửu Long tiếp tục tăng trong tuần qua, "
    "nhiều thương lái cho biết nguồn cung đang khan hiếm so với cùng kỳ năm ngoái.\n\n"
    "Theo các doanh nghiệp xuất khẩu, đơn hàng từ thị trường châu Á vẫn ổn định và "
    "dự kiến sẽ còn tăng trong những tháng cuối năm.\n"
)
SENTENCE = "Người dân Hà Nội đón năm mới với nhiều hoạt động văn hóa đặc sắc."


def _page(body: str, meta_charset: str | None = None, title: str = "Tiêu đề bài báo") -> str:
    meta = f'<meta charset="{meta_charset}">' if meta_charset else ""
    return (
        f"<!doctype html><html><head>{meta}<title>T</title></head><body><article>"
        f"<h1>{title}</h1><p>{body}</p></article></body></html>"
    )


# --- results travel light -------------------------------------------------------------


def test_pickled_result_is_about_the_size_of_its_text() -> None:
    page = BIG_PAGE.read_bytes()
    result = clean(page)
    blocks_size = sum(len(b.text.encode("utf-8")) for b in result.blocks)
    pickled = pickle.dumps(result)
    # Before: 470 KB (the whole HTML rode along for lazy metadata). Now the blocks' text
    # (kept and dropped, the explanation) and little else.
    assert len(pickled) < 1.5 * blocks_size + 2048, (len(pickled), blocks_size)
    assert len(pickled) < len(page) / 20
    assert b"<script" not in pickled and b"<div" not in pickled
    again = pickle.loads(pickled)
    assert again.text == result.text and again.date == result.date
    assert again.author == result.author and "Tri Túc" in (again.author or "")


def test_to_dict_is_plain_small_and_json_safe() -> None:
    result = clean(BIG_PAGE.read_bytes())
    data = result.to_dict()
    assert list(data) == [
        *("title", "body", "text", "source", "path", "rules_version", "date", "author")
    ]
    assert data["text"] == result.text and data["date"] == result.date
    json.dumps(data, allow_nan=False)
    with_blocks = result.to_dict(blocks=True)
    blocks = with_blocks["blocks"]
    assert isinstance(blocks, list) and len(blocks) == len(result.blocks)
    json.dumps(with_blocks, allow_nan=False)
    assert "date" not in result.to_dict(meta=False)


# --- clean_many -------------------------------------------------------------------------


def test_clean_many_in_order_errors_as_data() -> None:
    cleaner = Cleaner()
    contents: list[object] = [ARTICLE, b"\x00\x01\x02 binary", None, math.nan, 17, _page(SENTENCE)]
    urls: list[object] = ["https://vnexpress.net/x-1.html", None, None, math.nan, None, math.nan]
    rows = cleaner.clean_many(contents, urls)
    assert len(rows) == len(contents)
    keys = set(rows[0])
    assert all(set(r) == keys for r in rows)  # one schema for a dataframe
    assert rows[0]["error"] is None and rows[0]["source"] == "vnexpress.net"
    assert rows[0]["text"] == clean(ARTICLE, url="https://vnexpress.net/x-1.html").text
    for bad in rows[1:5]:
        assert isinstance(bad["error"], str) and bad["text"] is None
    assert rows[5]["error"] is None and SENTENCE in str(rows[5]["text"])
    json.dumps(rows, allow_nan=False)


def test_clean_many_lengths_must_match() -> None:
    with pytest.raises(CleanerError, match="2 contents but 1 urls"):
        Cleaner().clean_many(["a", "b"], ["u"])


@pytest.mark.parametrize("one", [ARTICLE, ARTICLE.encode("utf-8")])
def test_clean_many_refuses_one_document_for_the_batch(one: str | bytes) -> None:
    """A page given as the batch was cleaned a character (or byte) at a time: one row each."""
    with pytest.raises(CleanerError, match="contents must be a sequence of documents"):
        Cleaner().clean_many(one)
    with pytest.raises(CleanerError, match="urls must be a sequence"):
        Cleaner().clean_many([ARTICLE], "https://vnexpress.net/a.html")


def test_clean_many_blocks_and_meta() -> None:
    (row,) = Cleaner().clean_many([BIG_PAGE.read_bytes()], meta=True, blocks=True)
    assert row["date"] == clean(BIG_PAGE.read_bytes()).date and row["blocks"]


# --- encoding hint ----------------------------------------------------------------------


def test_encoding_hint_beats_a_wrong_meta() -> None:
    raw = to_cp1258(_page(SENTENCE, meta_charset="windows-1252"))
    assert SENTENCE in clean(raw, encoding="windows-1258").text
    assert SENTENCE in clean(raw, encoding="cp1258").text  # a WHATWG label too


def test_latin1_label_means_windows_1252() -> None:
    body = "The price rose to €5 and a “quoted” word, then café."
    raw = _page(body, title="A headline for the page").encode("cp1252")
    assert "€5" in clean(raw, encoding="latin1").text
    assert "€5" in clean(raw, encoding="ISO-8859-1").text


def test_utf16_hint_and_utf16_meta_rule() -> None:
    page = _page(SENTENCE)
    assert SENTENCE in clean(page.encode("utf-16-le"), encoding="utf-16").text
    assert SENTENCE in clean(page.encode("utf-16-be"), encoding="utf-16be").text
    # A <meta> readable as ASCII cannot be UTF-16: WHATWG reads it as UTF-8.
    declared = _page(SENTENCE, meta_charset="utf-16").encode("utf-8") + b"\xff"
    assert SENTENCE in clean(declared).text


def test_valid_utf8_stays_utf8_despite_a_default_latin1_header() -> None:
    raw = _page(SENTENCE).encode("utf-8")
    assert SENTENCE in clean(raw, encoding="iso-8859-1").text


def test_bom_beats_the_hint_and_unknown_hints_are_ignored() -> None:
    raw = b"\xef\xbb\xbf" + _page(SENTENCE).encode("utf-8")
    assert SENTENCE in clean(raw, encoding="windows-1252").text
    assert SENTENCE in clean(_page(SENTENCE).encode("utf-8"), encoding="no-such-charset").text


def test_hint_that_does_not_decode_falls_back_to_meta() -> None:
    raw = to_cp1258(_page(SENTENCE, meta_charset="windows-1258"))
    if len(raw) % 2 == 0:
        raw += b" "  # an odd length is never UTF-16
    assert SENTENCE in clean(raw, encoding="utf-16be").text


# --- wrong argument types ---------------------------------------------------------------


@pytest.mark.parametrize("missing", [None, "", math.nan])
def test_missing_url_and_source_are_ignored(missing: object) -> None:
    expected = clean(ARTICLE).text
    assert clean(ARTICLE, url=missing, source=missing).text == expected  # type: ignore[arg-type]
    assert clean(ARTICLE, encoding=missing).text == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("wrong", [7, 1.5, b"https://vnexpress.net/", ["x"]])
@pytest.mark.parametrize("name", ["url", "source", "encoding"])
def test_wrong_types_are_cleaner_errors(name: str, wrong: object) -> None:
    with pytest.raises(CleanerError, match=f"{name} must be a string"):
        clean(ARTICLE, **{name: wrong})  # type: ignore[arg-type]


def test_wrong_kind_and_options_types_are_cleaner_errors() -> None:
    with pytest.raises(CleanerError):
        clean(ARTICLE, kind=["html"])  # type: ignore[arg-type]
    with pytest.raises(CleanerError):
        clean(ARTICLE, options={"fallback": False})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "wrong"),
    [
        *(("max_bytes", wrong) for wrong in (None, -1, 0, "64MB", 1.5)),
        *(("memo_blocks", wrong) for wrong in (-5, None, True)),
    ],
)
def test_options_out_of_range_are_cleaner_errors_naming_the_field(name: str, wrong: object) -> None:
    """``max_bytes=None`` raised a TypeError from inside ``clean()``; ``max_bytes=-1``
    refused every input as "over the MAX_INPUT_BYTES limit of -1"."""
    with pytest.raises(CleanerError, match=f"Options.{name} must be an int"):
        Options(**{name: wrong})  # type: ignore[arg-type]


@pytest.mark.parametrize("wrong", ["my-site.toml", ["my-site.toml"], {"fallback": False}])
def test_a_cleaner_of_something_else_than_options_says_what_to_write(wrong: object) -> None:
    """``Cleaner("my-site.toml")`` failed with an AttributeError on ``str.rule_files``."""
    with pytest.raises(CleanerError, match=r"options must be an Options.*rule_files=\[\.\.\.\]"):
        Cleaner(wrong)  # type: ignore[arg-type]


# --- one Cleaner per Options --------------------------------------------------------------


def test_clean_with_options_reuses_one_cleaner(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[Options] = []
    original = Cleaner.__init__

    def counting(self: Cleaner, options: Options | None = None, **changes: object) -> None:
        built.append(options or Options())
        original(self, options, **changes)

    monkeypatch.setattr(Cleaner, "__init__", counting)
    api_module._cached_cleaner.cache_clear()
    options = Options(fallback=False, disabled_sources=["kenh14.vn"])  # a list: still hashable
    hash(options)
    for _ in range(5):
        clean(ARTICLE, options=options)
    clean(ARTICLE, options=dataclasses.replace(options))  # equal options, same Cleaner
    assert len(built) == 1
    clean(ARTICLE, options=Options(fallback=True))
    assert len(built) == 2


def test_cache_is_bounded() -> None:
    api_module._cached_cleaner.cache_clear()
    for size in range(api_module.CLEANER_CACHE_SIZE + 5):
        clean(ARTICLE, options=Options(max_bytes=10_000 + size))
    info = api_module._cached_cleaner.cache_info()
    assert info.currsize == api_module.CLEANER_CACHE_SIZE


def test_edited_rule_file_is_read_again(tmp_path: Path) -> None:
    rule = """version = "1"
[[rule]]
id = "mine.drop"
kind = "drop"
reason = "test"
pattern = '^{word}'
"""
    path = write_rules(tmp_path, rule.format(word="Theo các"))
    options = Options(rule_files=(path,))
    assert "Theo các" not in clean(ARTICLE, options=options, kind="text").text
    path.write_text(rule.format(word="Giá lúa tại") + "\n# edited\n", encoding="utf-8")
    again = clean(ARTICLE, options=options, kind="text").text
    assert "Theo các" in again and "Giá lúa tại" not in again


# --- a Cleaner travels to worker processes ------------------------------------------------


def test_a_cleaner_pickles_as_its_options_and_cleans_the_same(tmp_path: Path) -> None:
    """``pool.map(cleaner.clean, pages)`` pickles the Cleaner: it was a TypeError (a
    read-only mapping in its tables). It travels as its Options, user rule files
    included, and the copy cleans as the original does."""
    path = write_rules(
        tmp_path,
        'version = "1"\n[[rule]]\nid = "mine.drop"\nkind = "drop"\nreason = "test"\n'
        "pattern = '^Theo các'\n",
    )
    cleaner = Cleaner(Options(rule_files=[path], fallback=False))
    first = cleaner.clean(ARTICLE, kind="text")  # its memos hold something now
    copy = pickle.loads(pickle.dumps(cleaner))
    assert isinstance(copy, Cleaner) and copy is not cleaner
    assert copy.options == cleaner.options
    again = copy.clean(ARTICLE, kind="text")
    assert again.to_dict(blocks=True) == first.to_dict(blocks=True)
    assert "Theo các" not in again.text
    method = pickle.loads(pickle.dumps(cleaner.clean))
    assert method(ARTICLE, kind="text").text == first.text


def test_a_process_pool_maps_a_cleaners_bound_method() -> None:
    import multiprocessing

    cleaner = Cleaner()
    pages = [ARTICLE, _page(SENTENCE * 3)]
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        got = pool.map(cleaner.clean, pages)
    assert [r.text for r in got] == [cleaner.clean(p).text for p in pages]
