"""Fuzz targets (hypothesis): the JSONL record reader/writer and the HTML front end.

Brief in CI (``FUZZ_EXAMPLES``, default 60 per target); run longer on demand::

    FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/test_fuzz.py

Properties: nothing but ``CleanerError`` escapes; every JSONL line gives exactly one
output record, strict JSON that encodes as UTF-8, keeping the input's fields, with either
``cleaned`` or ``cleaner_error``; a page's text is NFC and never holds surrogates.
"""

from __future__ import annotations

import json
import math
import os
import unicodedata
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, CleanerError
from cleaner.io.records import ERROR_FIELD, RESULT_FIELD, clean_line, dump_record

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CLEANER = Cleaner()

# --- JSONL ----------------------------------------------------------------------------------

_TEXT = st.lists(
    st.one_of(
        st.characters(),  # surrogates included
        st.sampled_from(["\ud800", "\udfff", "&amp;", "<p>", "</p>", "\n", "."]),
    ),
    max_size=80,
).map("".join)
_NUMBER_LITERALS = st.sampled_from(["1e400", "-1e400", "NaN", "Infinity", "-Infinity", "0.1", "7"])
_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), _TEXT, _NUMBER_LITERALS.map(float)),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=12,
)
_FIELDS = st.sampled_from(["html", "content", "text", "maintext", "url", "id", "cleaned",
                           "cleaner_error"])  # fmt: skip


def _escape_surrogates(text: str) -> str:
    return json.dumps(text, ensure_ascii=True)[1:-1]


@st.composite
def jsonl_lines(draw: st.DrawFn) -> bytes:
    """A JSONL line: usually a JSON object with document fields, sometimes anything."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=300))
    record = draw(st.dictionaries(st.one_of(_FIELDS, _TEXT), _VALUE, max_size=6))
    if draw(st.booleans()):
        record[draw(st.sampled_from(["html", "text", "maintext"]))] = draw(_TEXT)
    line = json.dumps(record, ensure_ascii=True)  # NaN/Infinity as Python writes them
    if draw(st.booleans()):
        line = line.replace("Infinity", "1e400", 1)
    return line.encode("utf-8")


@FUZZ
@given(jsonl_lines())
def test_fuzz_jsonl_records(raw: bytes) -> None:
    outcome = clean_line(CLEANER, raw)
    line = dump_record(outcome.record)
    assert line.endswith("\n") and line.count("\n") == 1
    line.encode("utf-8")

    def refuse(constant: str) -> None:
        raise AssertionError(f"non-strict JSON: {constant}")

    back = json.loads(line, parse_constant=refuse)
    assert isinstance(back, dict)
    assert (RESULT_FIELD in back) != (ERROR_FIELD in back)
    try:
        original = json.loads(raw)
    except (ValueError, RecursionError):
        return
    if isinstance(original, dict):
        for key, value in original.items():
            if key not in (RESULT_FIELD, ERROR_FIELD) and _finite(value):
                assert back[key] == value


def _finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(map(_finite, value))
    if isinstance(value, dict):
        return all(map(_finite, value.values()))
    return True


# --- HTML -----------------------------------------------------------------------------------

_TAGS = ["div", "p", "h1", "h2", "a", "span", "blockquote", "script", "style", "li", "ul",
         "figure", "figcaption", "br", "img", "table", "td", "tr", "b", "i", "article"]  # fmt: skip
_PIECES = st.one_of(
    st.sampled_from(_TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(_TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from(_TAGS)
    .flatmap(
        lambda t: st.tuples(
            st.just(t),
            st.sampled_from(["class", "id", "style", "href", "x"]),
            _TEXT.map(_escape_surrogates),
        )
    )
    .map(lambda a: f'<{a[0]} {a[1]}="{a[2]}">'),
    st.sampled_from(["<!--", "-->", "<![CDATA[", "&amp;", "&#", "&lt;", ";", "'", '"', ">", "<"]),
    st.sampled_from(
        [
            "Bộ trưởng Quốc phòng Nga điện đàm liên tục với các nước NATO trong ngày hôm nay.",
            "The council met on Tuesday and agreed to the new budget after a long debate.",
            "Ảnh: Reuters",
            "Theo VTV",
            "Xem thêm:",
            "…",
            "...",
        ]
    ),
    _TEXT,
)


@FUZZ
@given(st.lists(_PIECES, max_size=60), st.booleans())
def test_fuzz_html_front_end(pieces: list[str], as_bytes: bool) -> None:
    page = "<html><body>" + "".join(pieces)
    content: str | bytes = page
    if as_bytes:
        content = page.encode("utf-8", "surrogatepass")
    try:
        result = CLEANER.clean(content, kind="html")
    except CleanerError:
        return
    assert unicodedata.is_normalized("NFC", result.text)
    assert not any("\ud800" <= c <= "\udfff" for c in result.text)
    json.dumps(result.to_dict(blocks=True), ensure_ascii=False).encode("utf-8")
