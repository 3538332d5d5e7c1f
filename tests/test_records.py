"""The record contract (cleaner.io.records), shared by the command line and integrations."""

from __future__ import annotations

import json
import math

import pytest

from cleaner import Cleaner, CleanerError
from cleaner.io.records import (
    ERROR_FIELD,
    RAW_FIELD,
    RESULT_FIELD,
    RecordFormat,
    clean_line,
    clean_record,
    dump_record,
    read_document,
)

ARTICLE = (
    "Giá lúa gạo tăng mạnh trong tuần qua\n\n"
    "Giá lúa tại các tỉnh Đồng bằng sông Cửu Long tiếp tục tăng trong tuần qua, "
    "nhiều thương lái cho biết nguồn cung đang khan hiếm so với cùng kỳ năm ngoái.\n\n"
    "Theo các doanh nghiệp xuất khẩu, đơn hàng từ thị trường châu Á vẫn ổn định và "
    "dự kiến sẽ còn tăng trong những tháng cuối năm.\n"
)


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


@pytest.mark.parametrize("field", ["html", "content", "text", "maintext"])
def test_each_default_field_is_read(field: str) -> None:
    content, url = read_document({field: "x", "url": "https://a.vn/b"})
    assert (content, url) == ("x", "https://a.vn/b")


def test_field_order_and_null_fields_skipped() -> None:
    assert read_document({"maintext": "m", "html": "h"})[0] == "h"
    assert read_document({"html": None, "maintext": "m"})[0] == "m"
    assert read_document({"html": math.nan, "text": "t"})[0] == "t"


def test_given_field_only() -> None:
    fmt = RecordFormat(fields="doc")
    assert read_document({"doc": "d", "html": "h"}, fmt)[0] == "d"
    with pytest.raises(CleanerError, match="'doc'"):
        read_document({"html": "h"}, fmt)


@pytest.mark.parametrize("url", [None, "", math.nan])
def test_missing_url_values_are_no_url(url: object) -> None:
    assert read_document({"text": "t", "url": url})[1] is None


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"body": "x"}, "no field"),
        ({"text": 42}, "'text' is not a string"),
        ({"text": "t", "url": 7}, "'url' is not a string"),
    ],
)
def test_bad_records_raise_cleaner_error(record: dict[str, object], message: str) -> None:
    with pytest.raises(CleanerError, match=message):
        read_document(record)


def test_clean_record_keeps_fields_and_adds_result(cleaner: Cleaner) -> None:
    outcome = clean_record(cleaner, {"id": 7, "text": ARTICLE, "lang": "vi"})
    assert outcome.error is None
    out = outcome.record
    assert out["id"] == 7 and out["lang"] == "vi" and out["text"] == ARTICLE
    assert out[RESULT_FIELD]["title"] == "Giá lúa gạo tăng mạnh trong tuần qua"
    assert "blocks" not in out[RESULT_FIELD] and "date" not in out[RESULT_FIELD]
    json.dumps(out, allow_nan=False)  # JSON-safe


def test_rerun_drops_stale_error_and_stale_result(cleaner: Cleaner) -> None:
    stale = {"text": ARTICLE, ERROR_FIELD: "from an earlier run"}
    assert ERROR_FIELD not in clean_record(cleaner, stale).record
    old = {"text": 5, RESULT_FIELD: {"text": "from an earlier run"}}
    failed = clean_record(cleaner, old)
    assert failed.error is not None
    assert RESULT_FIELD not in failed.record and ERROR_FIELD in failed.record


def test_clean_record_blocks_and_meta(cleaner: Cleaner) -> None:
    out = clean_record(cleaner, {"text": ARTICLE}, RecordFormat(blocks=True, meta=True)).record
    assert out[RESULT_FIELD]["blocks"][0]["kept"] is True
    assert "date" in out[RESULT_FIELD] and "author" in out[RESULT_FIELD]


def test_default_url_used_when_record_has_none(cleaner: Cleaner) -> None:
    page = "Tin tức\n\n" + ARTICLE
    got = clean_record(cleaner, {"text": page}, url="https://vnexpress.net/a-1.html")
    assert got.record[RESULT_FIELD]["source"] == "vnexpress.net"
    own = clean_record(
        cleaner, {"text": page, "url": "https://dantri.com.vn/a.htm"}, url="https://vnexpress.net/a"
    )
    assert own.record[RESULT_FIELD]["source"] == "dantri.com.vn"


@pytest.mark.parametrize(
    ("line", "kept"), [(b"{not json", "{not json"), (b"[1, 2]", [1, 2]), (b'"s"\n', "s")]
)
def test_bad_lines_kept_whole(cleaner: Cleaner, line: bytes, kept: object) -> None:
    outcome = clean_line(cleaner, line)
    assert outcome.error is not None
    assert outcome.record[RAW_FIELD] == kept and ERROR_FIELD in outcome.record


def test_dump_record_is_one_compact_utf8_line() -> None:
    line = dump_record({"a": "Việt\nNam", "b": [1, 2]})
    assert line == '{"a":"Việt\\nNam","b":[1,2]}\n'
