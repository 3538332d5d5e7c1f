"""WARC crawls as command-line input, written here with warcio and cleaned in a subprocess."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .test_bad_input import to_cp1258
from .test_cli import PAGE, RELATED, run

SENTENCE = "Sáng nay, thành phố Hà Nội đã chính thức khởi công xây dựng tuyến đường sắt"
VI_PAGE = PAGE.replace('<meta charset="utf-8">', "")  # the HTTP header says the charset


def _chunked(body: bytes, size: int = 700) -> bytes:
    parts = [b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size])
             for i in range(0, len(body), size)]  # fmt: skip
    return b"".join(parts) + b"0\r\n\r\n"


def _response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    headers: list[tuple[str, str]],
    status: str = "200 OK",
    warc_headers: dict[str, str] | None = None,
) -> str:
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=http,
        warc_headers_dict=warc_headers or {},
    )  # fmt: skip
    writer.write_record(record)
    return str(record.rec_headers.get_header("WARC-Record-ID"))


def write_crawl(path: Path, *, gz: bool) -> list[tuple[str, str]]:
    """A crawl with every kind of record a real one has; returns (url, record id) of the
    HTML pages in file order."""
    pages = []
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        url = "https://example.vn/a.html"
        req = StatusAndHeaders("GET /a.html", [("Host", "example.vn")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "request", http_headers=req))
        rid = _response(
            writer, url, VI_PAGE.encode(), [("Content-Type", "text/html; charset=utf-8")]
        )
        pages.append((url, rid))
        # Windows-1258 bytes, declared only in the HTTP header.
        url = "https://example.vn/cp1258.html"
        rid = _response(writer, url, to_cp1258(VI_PAGE),
                        [("Content-Type", "text/html; charset=windows-1258")])  # fmt: skip
        pages.append((url, rid))
        # gzip content encoding and chunked transfer encoding, both undone by warcio.
        url = "https://example.vn/chunked-gzip.html"
        body = _chunked(gzip.compress(VI_PAGE.encode()))
        rid = _response(writer, url, body, [
            ("Content-Type", "text/html"), ("Content-Encoding", "gzip"),
            ("Transfer-Encoding", "chunked"),
        ])  # fmt: skip
        pages.append((url, rid))
        # Not pages: an image, a redirect, a 404.
        _response(
            writer,
            "https://example.vn/x.png",
            b"\x89PNG\r\n\x1a\n",
            [("Content-Type", "image/png")],
        )
        _response(writer, "https://example.vn/old", b"", [("Location", "/a.html")], "301 Moved")
        _response(writer, "https://example.vn/404", b"<html>gone</html>",
                  [("Content-Type", "text/html")], "404 Not Found")  # fmt: skip
        # No Content-Type in HTTP: the WARC's identified payload type decides.
        url = "https://example.vn/identified.html"
        rid = _response(writer, url, VI_PAGE.encode(), [],
                        warc_headers={"WARC-Identified-Payload-Type": "text/html"})  # fmt: skip
        pages.append((url, rid))
        # A page that is not readable: a failure record in its place, the rest goes on.
        url = "https://example.vn/binary.html"
        rid = _response(writer, url, b"\x00\x01\x02\x03" * 50, [("Content-Type", "text/html")])
        pages.append((url, rid))
    return pages


@pytest.mark.parametrize(("name", "gz"), [("crawl.warc.gz", True), ("crawl.warc", False)])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_warc_to_jsonl(tmp_path: Path, name: str, gz: bool, jobs: str) -> None:
    pages = write_crawl(tmp_path / name, gz=gz)
    proc = run(tmp_path, name, "-o", "out.jsonl", "--jobs", jobs)
    assert proc.returncode == 1  # the binary page
    assert f"cleaner: {name}:5: input looks binary" in proc.stderr
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert [(r["url"], r["warc_record_id"]) for r in out] == pages
    for record in out[:4]:
        assert record["warc_date"][:2] == "20" and record["warc_date"].endswith("Z")
        cleaned = record["cleaned"]
        assert SENTENCE in cleaned["text"], record["url"]
        assert cleaned["title"] == "Hà Nội khởi công tuyến đường sắt đô thị mới"
        assert RELATED not in cleaned["text"]
        assert "html" not in record  # the page itself is not copied into the output
    assert "cleaned" not in out[4] and "binary" in out[4]["cleaner_error"]


def test_warc_in_a_directory_and_on_stdout(tmp_path: Path) -> None:
    crawl = tmp_path / "in"
    crawl.mkdir()
    write_crawl(crawl / "c.warc.gz", gz=True)
    proc = run(tmp_path, "in", "-o", "out")
    assert proc.returncode == 1
    assert len((tmp_path / "out" / "c.warc.gz.jsonl").read_text("utf-8").splitlines()) == 5
    stdout = run(tmp_path, "in/c.warc.gz")
    assert len(stdout.stdout.splitlines()) == 5


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_warc_keeps_what_was_read(tmp_path: Path, gz: bool) -> None:
    """An interrupted crawl: the file ends inside the fourth page's payload. (A file cut
    inside a record's WARC headers is not detected: warcio ends the iteration quietly.)"""
    pages = write_crawl(tmp_path / "c.warc", gz=gz)
    data = (tmp_path / "c.warc").read_bytes()
    with (tmp_path / "c.warc").open("rb") as handle:
        archive = ArchiveIterator(handle)
        offsets = [(r.rec_headers.get_header("WARC-Record-ID"), archive.get_record_offset())
                   for r in archive]  # fmt: skip
    starts = [offset for _, offset in offsets]
    at = [rid for rid, _ in offsets].index(pages[3][1])
    cut = starts[at] + (starts[at + 1] - starts[at]) * 3 // 4
    (tmp_path / "cut.warc").write_bytes(data[:cut])
    proc = run(tmp_path, "cut.warc", "-o", "out.jsonl")
    assert proc.returncode == 1
    assert "cleaner: cut.warc: read failed after 3 document(s), which are written: " in proc.stderr
    assert "cut short" in proc.stderr
    lines = (tmp_path / "out.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["url"] for line in lines] == [url for url, _ in pages[:3]]


def test_missing_warcio_names_the_extra(tmp_path: Path) -> None:
    write_crawl(tmp_path / "c.warc.gz", gz=True)
    blocker = tmp_path / "block"
    (blocker / "warcio").mkdir(parents=True)
    (blocker / "warcio" / "__init__.py").write_text("raise ImportError('not installed')\n")
    proc = run(tmp_path, "c.warc.gz", extra_path=blocker)
    assert proc.returncode == 1
    assert "pip install 'cleaner[warc]'" in proc.stderr


def test_a_payload_over_the_size_limit_names_the_limit(tmp_path: Path) -> None:
    """A payload over MAX_INPUT_BYTES fails alone with the message every other refusal has
    (it was 'payload over the 67108864 bytes limit', the limit unnamed); the next page is
    cleaned."""
    with (tmp_path / "big.warc").open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        html = [("Content-Type", "text/html; charset=utf-8")]
        _response(writer, "https://example.vn/big.html", b"a" * (64 * 1024 * 1024 + 1), html)
        _response(writer, "https://example.vn/a.html", VI_PAGE.encode(), html)
    proc = run(tmp_path, "big.warc", "--jobs", "1")
    assert proc.returncode == 1
    limit = "over the MAX_INPUT_BYTES limit of 67,108,864"
    assert f"cleaner: big.warc:1: payload has 67,108,865 bytes (at least), {limit}" in proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert limit in out[0]["cleaner_error"] and SENTENCE in out[1]["cleaned"]["text"]
