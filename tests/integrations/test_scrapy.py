"""Real crawls: Scrapy fetches golden pages from a local web server, and the items must
hold the article a person read from each page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .pages import EMPTY_PAGE, Page, copy_pages, golden_pages, http_server

CRAWL = Path(__file__).with_name("scrapy_crawl.py")
ADDON = {"ADDONS": {"cleaner.integrations.scrapy.CleanerAddon": 0}}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("site")
    pages = golden_pages()
    copy_pages(pages, root)
    (root / "empty.html").write_text(EMPTY_PAGE, encoding="utf-8")
    (root / "data.json").write_text('{"a": 1}', encoding="utf-8")
    with http_server(root) as base:
        yield base, pages


def crawl(tmp_path: Path, base: str, **config: Any) -> tuple[list[dict[str, Any]], dict[str, int]]:
    config = {"start": base + "/", "out": str(tmp_path), **config}
    (tmp_path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(CRAWL), str(tmp_path / "config.json")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "Deprecat" not in proc.stderr, proc.stderr[-3000:]  # e.g. a spider argument
    items_file = tmp_path / "items.jsonl"
    lines = items_file.read_text(encoding="utf-8").splitlines() if items_file.exists() else []
    stats = json.loads((tmp_path / "stats.json").read_text(encoding="utf-8"))
    return [json.loads(line) for line in lines], stats


def by_name(items: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        found.setdefault(item["url"].rsplit("/", 1)[-1], []).append(item)
    return found


def title_of(page: Page) -> str:
    return page.expected.split("\n", 1)[0]


def test_addon_alone_cleans_every_page_once(site: Any, tmp_path: Path) -> None:
    base, pages = site
    items, stats = crawl(tmp_path, base, settings=ADDON, item="dict")
    found = by_name(items)
    for page in pages:
        pair = found[page.name]
        assert sorted(i["part"] for i in pair) == [1, 2]
        for item in pair:
            assert item["cleaned_text"] == page.expected, page.name
            assert item["cleaned_title"] == title_of(page)
    assert [i["cleaned_text"] for i in found["empty.html"]] == ["", ""]
    assert [i["cleaned_title"] for i in found["empty.html"]] == [None, None]
    assert "cleaned_text" not in found["data.json"][0]  # a JSON response is no page
    # Each page is cleaned once, however many items it yields.
    assert stats["cleaner/responses"] == len(pages) + 1
    assert stats["cleaner/cleaned"] == 2 * len(pages)
    assert stats["cleaner/empty"] == 2
    assert stats["cleaner/not_html"] == 2
    assert "cleaner/dropped/empty" not in stats


def test_declared_item_custom_field_and_drop_empty(site: Any, tmp_path: Path) -> None:
    base, pages = site
    settings = {
        **ADDON,
        "CLEANER_TEXT_FIELD": "body",
        "CLEANER_TITLE_FIELD": None,
        "CLEANER_DROP_EMPTY": True,
    }
    items, stats = crawl(tmp_path, base, settings=settings, item="declared", fields=["body"])
    found = by_name(items)
    # Only the configured field is written: the Item declares no cleaned_title.
    expected = {page.name: [{"url", "body"}] for page in pages}
    expected["data.json"] = [{"url"}]  # not a page: passed on untouched, not dropped
    assert {name: [set(i) for i in group] for name, group in found.items()} == expected
    for page in pages:
        assert found[page.name][0]["body"] == page.expected
    assert stats["cleaner/dropped/empty"] == 1  # empty.html
    assert stats["cleaner/cleaned"] == len(pages)


def test_item_without_declared_field_passes_uncleaned(site: Any, tmp_path: Path) -> None:
    base, pages = site
    items, stats = crawl(tmp_path, base, settings=ADDON, item="declared", fields=["other"])
    assert len(items) == len(pages) + 2  # nothing dropped, nothing half-written
    assert all(set(i) == {"url"} for i in items)
    assert stats["cleaner/field_not_declared"] == len(pages) + 1
    assert "cleaner/cleaned" not in stats
    assert stats["log_count/ERROR"] == 1  # once for the class, not per item


@pytest.mark.parametrize(
    "reactor",
    [
        "twisted.internet.asyncioreactor.AsyncioSelectorReactor",  # asyncio.to_thread
        "twisted.internet.epollreactor.EPollReactor",  # the reactor's thread pool
    ],
)
def test_pipeline_cleans_the_html_field_in_a_thread(
    site: Any, tmp_path: Path, reactor: str
) -> None:
    base, pages = site
    settings = {
        "ITEM_PIPELINES": {"cleaner.integrations.scrapy.CleanerPipeline": 300},
        "CLEANER_RESULT_FIELD": "cleaned",
        "TWISTED_REACTOR": reactor,
    }
    items, stats = crawl(
        tmp_path,
        base,
        settings=settings,
        item="html",
        export=["url", "cleaned_text", "cleaned_title", "cleaned"],
    )
    found = by_name(items)
    for page in pages:
        (item,) = found[page.name]
        assert item["cleaned_text"] == page.expected
        assert item["cleaned"]["text"] == page.expected
        assert item["cleaned"]["title"] == title_of(page)
        assert "blocks" not in item["cleaned"]
    assert stats["cleaner/cleaned"] == len(pages)
    # The pipeline has no Content-Type: data.json's bytes are read as a text with no
    # article, like the navigation-only page.
    assert [found[name][0]["cleaned_text"] for name in ("empty.html", "data.json")] == ["", ""]
    assert stats["cleaner/empty"] == 2
