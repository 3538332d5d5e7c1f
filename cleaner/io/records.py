"""The record contract: how a document travels as a JSON record (a JSONL line, a Scrapy
item, a datatrove document's fields, a dataframe row) and how its result is written back.

Reading: the document is the first of ``fields`` whose value is not null (default
``html``, ``content``, ``text``, ``maintext``), so ``{"html": null, "maintext": "…"}``
uses ``maintext``; the page URL is ``url`` (null or missing: none). Writing: every field
of the record is kept unchanged, and the result goes under ``cleaned`` or the reason for a
failure under ``cleaner_error``. The other of the two is removed, so that a record cleaned
again (after a rules upgrade, say) carries no stale result or error from the earlier run.
A line that is not a JSON object is kept whole under ``line``.

The command line and every integration use this module, so a record means the same
everywhere.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..api import Cleaner, Kind, is_missing
from ..errors import CleanerError
from ..model import Result

log = logging.getLogger(__name__)

CONTENT_FIELDS = ("html", "content", "text", "maintext")
"""The document is the first of these present with a non-null value."""
URL_FIELD = "url"
RESULT_FIELD = "cleaned"
"""Output: the record's fields, unchanged, plus this one with the result..."""
ERROR_FIELD = "cleaner_error"
"""...or this one with the reason it failed (a name no scraper uses for its own fields)."""
RAW_FIELD = "line"
"""A line that is not a JSON object is passed on under this key, so nothing is lost."""
NOT_AN_OBJECT = "record is not a JSON object"
"""The error of a record (or a JSONL line) that is not a mapping."""


@dataclass(frozen=True)
class RecordFormat:
    """Which fields a record is read from and written to, and what the result holds."""

    fields: tuple[str, ...] = CONTENT_FIELDS
    url_field: str = URL_FIELD
    result_field: str = RESULT_FIELD
    error_field: str = ERROR_FIELD
    blocks: bool = False
    """Write every block with its verdict and reason (``--explain``)."""
    meta: bool = False
    """Write the page's declared ``date`` and ``author`` (about 1 ms a page)."""

    def __post_init__(self) -> None:
        if isinstance(self.fields, str):
            object.__setattr__(self, "fields", (self.fields,))


@dataclass(frozen=True)
class Outcome:
    """A cleaned record: the record to write, and the failure when there was one."""

    record: dict[str, Any]
    error: str | None = None
    result: Result | None = None
    """The result itself (for reports and statistics), when cleaning succeeded."""
    url: str | None = None
    """The URL the document was cleaned with (or failed with: reports name it)."""


def read_document(
    record: Mapping[str, Any], fmt: RecordFormat = RecordFormat()
) -> tuple[str | bytes, str | None]:
    """The document and the URL a record holds; :class:`CleanerError` when it has none."""
    name = next((f for f in fmt.fields if not is_missing(record.get(f))), None)
    if name is None:
        wanted = " or ".join(map(repr, fmt.fields))
        raise CleanerError(f"no field {wanted} with a value")
    content = record[name]
    if not isinstance(content, (str, bytes)):
        raise CleanerError(f"field {name!r} is not a string")
    url = record.get(fmt.url_field)
    if is_missing(url) or url == "":
        return content, None
    if not isinstance(url, str):
        raise CleanerError(f"field {fmt.url_field!r} is not a string")
    return content, url


def with_result(
    record: Mapping[str, Any], result: dict[str, Any], fmt: RecordFormat = RecordFormat()
) -> dict[str, Any]:
    """The record with ``result`` (``Result.to_dict()``) under the result field."""
    out = {k: v for k, v in record.items() if k != fmt.error_field}
    out[fmt.result_field] = result
    return out


def with_error(
    record: Mapping[str, Any], message: str, fmt: RecordFormat = RecordFormat()
) -> dict[str, Any]:
    """The record with the reason it failed under the error field."""
    out = {k: v for k, v in record.items() if k != fmt.result_field}
    out[fmt.error_field] = message
    return out


def clean_record(
    cleaner: Cleaner,
    record: Mapping[str, Any],
    fmt: RecordFormat = RecordFormat(),
    *,
    url: str | None = None,
    source: str | None = None,
    kind: Kind = "auto",
) -> Outcome:
    """Clean the document a record holds. Never raises for a bad record or a bug on one
    page: the failure is in the outcome. ``url`` is used when the record has none. A
    record that is not a mapping (``None``, a list: an AttributeError before) is kept
    under ``line``, as the command keeps a JSONL line that is not an object."""
    if not isinstance(record, Mapping):
        return Outcome(with_error({RAW_FIELD: record}, NOT_AN_OBJECT, fmt), NOT_AN_OBJECT)
    try:
        content, own_url = read_document(record, fmt)
    except CleanerError as exc:
        return Outcome(with_error(record, str(exc), fmt), str(exc))
    return clean_into(cleaner, record, content, fmt, url=own_url or url, source=source, kind=kind)


def clean_into(
    cleaner: Cleaner,
    record: Mapping[str, Any],
    content: str | bytes,
    fmt: RecordFormat = RecordFormat(),
    *,
    url: str | None = None,
    source: str | None = None,
    kind: Kind = "auto",
    encoding: str | None = None,
) -> Outcome:
    """Clean ``content`` (held outside the record, e.g. a WARC payload) and write the
    result or the failure into a copy of ``record``. Never raises."""
    try:
        result = cleaner.clean(content, url=url, source=source, kind=kind, encoding=encoding)
    except CleanerError as exc:
        return Outcome(with_error(record, str(exc), fmt), str(exc), url=url)
    except Exception as exc:  # a bug on one record must not stop a corpus
        log.debug("internal error", exc_info=True)
        message = f"internal error: {type(exc).__name__}: {exc}"
        return Outcome(with_error(record, message, fmt), message, url=url)
    data = result.to_dict(fmt.blocks, meta=fmt.meta)
    return Outcome(with_result(record, data, fmt), result=result, url=url)


class NumberLiteral(str):
    """A number JSON cannot carry as a double (``1e400``, and Python's ``NaN``/``Infinity``
    extensions), kept as its literal text: written back as a string, output stays strict
    JSON and loses nothing."""


def _number(literal: str) -> float | NumberLiteral:
    value = float(literal)
    return value if math.isfinite(value) else NumberLiteral(literal)


def parse_line(raw: bytes | str) -> tuple[dict[str, Any], str | None]:
    """A JSONL line as a record, or the line kept under ``line`` with the reason."""
    try:
        record = json.loads(raw, parse_float=_number, parse_constant=NumberLiteral)
    except (ValueError, RecursionError) as exc:
        text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
        return {RAW_FIELD: text.rstrip("\r\n")}, f"invalid JSON: {exc}"
    if not isinstance(record, dict):
        return {RAW_FIELD: record}, NOT_AN_OBJECT
    return record, None


def clean_line(
    cleaner: Cleaner,
    raw: bytes | str,
    fmt: RecordFormat = RecordFormat(),
    *,
    url: str | None = None,
    source: str | None = None,
    kind: Kind = "auto",
) -> Outcome:
    """Clean one JSONL line (a bad line becomes a record with the error, never raises)."""
    record, error = parse_line(raw)
    if error is not None:
        return Outcome(with_error(record, error, fmt), error)
    return clean_record(cleaner, record, fmt, url=url, source=source, kind=kind)


def dump_record(record: Mapping[str, Any]) -> str:
    """One compact JSONL line (UTF-8 text, no escapes for non-ASCII), with its newline.

    Always strict JSON that encodes as UTF-8: a lone surrogate (``"\\ud800"`` in scraped
    JSON is common, and Python keeps it in the str) is written escaped, as it came; a
    non-finite float from a caller becomes its literal as a string (see NumberLiteral)."""
    try:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:  # inf or nan passed in by a caller, not read by parse_line
        line = json.dumps(_finite(record), ensure_ascii=False, separators=(",", ":"))
    if _SURROGATE.search(line):
        line = json.dumps(_finite(record), ensure_ascii=True, separators=(",", ":"))
    return line + "\n"


_SURROGATE = re.compile("[\ud800-\udfff]")


def _finite(value: Any) -> Any:
    """``value`` with every non-finite float replaced by its literal as a string."""
    if isinstance(value, float) and not math.isfinite(value):
        return NumberLiteral(repr(value).replace("inf", "Infinity").replace("nan", "NaN"))
    if isinstance(value, Mapping):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value
