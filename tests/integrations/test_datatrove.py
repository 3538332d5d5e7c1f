"""datatrove end to end: WarcReader over a WARC written here -> CleanerExtractor ->
JsonlWriter, on LocalPipelineExecutor with one and two workers."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import WarcReader
from datatrove.pipeline.writers import JsonlWriter
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaner import CleanerError, Options, clean
from cleaner.integrations.datatrove import CleanerExtractor

from .pages import EMPTY_PAGE, Page, golden_pages

PLAIN_ARTICLE = (
    "<html><head><title>Giá lúa tăng</title></head><body><article>"
    "<h1>Giá lúa gạo tăng mạnh trong tuần</h1>"
    "<p>Giá lúa tại đồng bằng sông Cửu Long tăng từ 200 đến 300 đồng mỗi kg so với tuần "
    "trước, theo số liệu của các thương lái trong vùng.</p>"
    "<p>Nông dân cho biết nhu cầu xuất khẩu tăng khiến giá thu mua cải thiện rõ rệt sau "
    "nhiều tháng đi ngang.</p></article></body></html>"
)
PLAIN_URL = "https://vnexpress.net/gia-lua-gao-tang-4954454.html"
"""No site signature in the page: only its URL says which site's rules apply."""
DEEP_PAGE = "<html><body>" + "<div>" * 60_000 + "x</body></html>"
"""Nested deeper than the cleaner reads (a CleanerError): the document is dropped."""


def write_warc(path: Path, records: list[tuple[str, bytes, str]]) -> None:
    """One gzipped WARC: a response record per (url, payload, media type)."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, payload, media_type in records:
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", f"{media_type}; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(payload),
                http_headers=http,
                warc_headers_dict={"WARC-Identified-Payload-Type": media_type},
            )
            writer.write_record(record)


def records(pages: list[Page]) -> list[tuple[str, bytes, str]]:
    found = [(p.url, p.html, "text/html") for p in pages]
    found.append((PLAIN_URL, PLAIN_ARTICLE.encode(), "text/html"))
    found.append(("https://example.com/nav-only", EMPTY_PAGE.encode(), "text/html"))
    found.append(("https://example.com/deep", DEEP_PAGE.encode(), "text/html"))
    found.append(("https://example.com/api", b'{"a": 1}', "application/json"))
    return found


def run_pipeline(tmp_path: Path, warcs: Path, workers: int) -> tuple[list[dict[str, Any]], Any]:
    out = tmp_path / "out"
    executor = LocalPipelineExecutor(
        pipeline=[
            WarcReader(str(warcs)),
            CleanerExtractor(),
            JsonlWriter(str(out), compression=None),
        ],
        tasks=2,
        workers=workers,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()
    docs = [json.loads(line) for f in sorted(out.glob("*.jsonl")) for line in f.open()]
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text(encoding="utf-8"))
    return docs, stats


def extractor_stats(stats: Any) -> dict[str, Any]:
    (step,) = [s for s in stats if "cleaner" in s["name"]]
    return {k: v["total"] if isinstance(v, dict) else v for k, v in step["stats"].items()}


@pytest.mark.parametrize("workers", [1, 2])
def test_warc_to_jsonl(tmp_path: Path, workers: int) -> None:
    pages = golden_pages()
    warcs = tmp_path / "warc"
    warcs.mkdir()
    # Two files, so that two tasks each have one to read.
    write_warc(warcs / "a.warc.gz", records(pages)[:3])
    write_warc(warcs / "b.warc.gz", records(pages)[3:])
    docs, stats = run_pipeline(tmp_path, warcs, workers)

    by_url = {d["metadata"]["url"]: d for d in docs}
    assert sorted(by_url) == sorted([PLAIN_URL, *(p.url for p in pages)])
    # The URL reached the cleaner: nothing else in this page names the site.
    assert clean(PLAIN_ARTICLE).source is None
    assert by_url[PLAIN_URL]["metadata"]["cleaner_source"] == "vnexpress.net"
    assert by_url[PLAIN_URL]["text"].startswith("Giá lúa gạo tăng mạnh trong tuần\nGiá lúa tại")
    for page in pages:
        doc = by_url[page.url]
        # The golden, read by a person; the site's rules applied because the URL arrived.
        assert doc["text"] == page.expected
        assert doc["metadata"]["title"] == page.expected.split("\n", 1)[0]
        assert doc["metadata"]["cleaner_source"] == page.url.split("/")[2].removeprefix("www.")
        assert doc["metadata"]["cleaner_rules_version"].startswith("global@")
        assert doc["id"].startswith("<urn:uuid:")

    counts = extractor_stats(stats)
    assert counts["total"] == len(pages) + 3  # the JSON record never reaches the extractor
    assert counts["forwarded"] == len(pages) + 1
    assert counts["empty"] == 1
    assert counts["cleaner_error"] == 1
    assert counts["dropped"] == 2
    assert "timeout" not in counts
    assert "broken_process" not in counts
    dropped = {k: v for k, v in counts.items() if k.startswith("blocks_dropped/")}
    assert sum(dropped.values()) > 0
    expected_drops = sum(len(clean(p.html, url=p.url).dropped) for p in pages) + len(
        clean(EMPTY_PAGE, url="https://example.com/nav-only").dropped
    )
    expected_drops += len(clean(PLAIN_ARTICLE, url=PLAIN_URL).dropped)
    assert sum(dropped.values()) == expected_drops


def test_errors_are_returned_not_raised() -> None:
    """In the sandbox process an exception would cost the whole timeout and a new
    process: a refused page comes back as its error message."""
    options = Options(max_bytes=10)
    extractor = CleanerExtractor(options=options)
    for bad in ("<p>" + "x" * 20 + "</p>", None):
        with pytest.raises(CleanerError) as refused:
            clean(bad, options=options)  # type: ignore[arg-type]
        assert extractor.clean_record(bad, None) == {"error": str(refused.value)}  # type: ignore[arg-type]
