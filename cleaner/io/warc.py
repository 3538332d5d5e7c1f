"""WARC crawls (Common Crawl, wget, Heritrix, Scrapy's own archives) read with warcio.

Only ``response`` records with an HTML payload and a 2xx status are pages: requests,
metadata, redirects and images are skipped. warcio undoes gzip (per-record ``.warc.gz``),
chunked transfer encoding and ``Content-Encoding: gzip``; the charset of the HTTP
``Content-Type`` header travels with the payload as the ``encoding`` hint.

warcio is an optional dependency (``pip install 'cleaner[warc]'``): it is imported when a
WARC file is read, and a missing install is a clear :class:`CleanerError`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from typing import IO, Any

from ..errors import CleanerError

log = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
"""Payload types that are pages (from the HTTP header, else ``WARC-Identified-Payload-Type``)."""
URL_FIELD = "url"
RECORD_ID_FIELD = "warc_record_id"
DATE_FIELD = "warc_date"
INSTALL_HINT = "reading WARC files needs warcio: pip install 'cleaner[warc]'"


@dataclass(frozen=True)
class WarcPage:
    """One HTML response of a crawl."""

    url: str | None
    record_id: str | None
    date: str | None
    content: bytes
    """The HTTP payload, decompressed and de-chunked."""
    charset: str | None
    """The charset of the HTTP ``Content-Type`` header, if it gave one."""
    too_large: bool = False
    """The payload was over the size limit and was not read whole (``content`` is empty)."""

    def record(self) -> dict[str, Any]:
        """The JSONL record this page is written as (the result goes beside these)."""
        return {URL_FIELD: self.url, RECORD_ID_FIELD: self.record_id, DATE_FIELD: self.date}


def _content_type(value: str | None) -> tuple[str | None, str | None]:
    """``text/html; charset=windows-1258`` → (``text/html``, ``windows-1258``)."""
    if not value:
        return None, None
    header = EmailMessage()
    header["content-type"] = value
    charset = header.get_param("charset")
    return header.get_content_type(), str(charset) if isinstance(charset, str) else None


def _import_iterator() -> Any:
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as exc:
        raise CleanerError(INSTALL_HINT) from exc
    return ArchiveIterator


def iter_pages(stream: IO[bytes], *, max_bytes: int) -> Iterator[WarcPage]:
    """The HTML pages of a WARC stream (plain or gzipped), in file order. A payload over
    ``max_bytes`` is not read whole: it comes with ``too_large`` set, to be reported."""
    archive_iterator = _import_iterator()
    skipped = 0
    for rec in archive_iterator(stream):
        if rec.rec_type != "response" or rec.http_headers is None:
            skipped += rec.rec_type == "response"
            continue
        status = rec.http_headers.get_statuscode()
        mime, charset = _content_type(rec.http_headers.get_header("Content-Type"))
        if mime is None:
            mime, _ = _content_type(rec.rec_headers.get_header("WARC-Identified-Payload-Type"))
        if mime not in HTML_TYPES or not str(status).startswith("2"):
            skipped += 1
            continue
        content = rec.content_stream().read(max_bytes + 1)
        if len(content) <= max_bytes and rec.raw_stream.limit > 0:
            # warcio reads a file cut short (an interrupted crawl) without complaint.
            record_id = rec.rec_headers.get_header("WARC-Record-ID")
            raise CleanerError(f"the file ends inside record {record_id}: cut short")
        yield WarcPage(
            url=rec.rec_headers.get_header("WARC-Target-URI"),
            record_id=rec.rec_headers.get_header("WARC-Record-ID"),
            date=rec.rec_headers.get_header("WARC-Date"),
            content=b"" if len(content) > max_bytes else content,
            charset=charset,
            too_large=len(content) > max_bytes,
        )
    if skipped:
        log.info("%d response record(s) skipped: not HTML or not a 2xx status", skipped)
