"""Run one real Scrapy crawl (a test runs this file in a subprocess: Twisted's reactor
cannot be restarted inside pytest).

    python scrapy_crawl.py CONFIG.json

CONFIG holds ``start`` (the URL of a directory listing), ``settings`` (Scrapy settings),
``item`` (``dict``, ``declared``: an Item that declares the fields named in
``fields``, or ``html``: a dict that carries the page's bytes in ``html``), ``export``
(the fields written out, or null for all) and ``out`` (a folder:
``items.jsonl`` and ``stats.json`` are written there).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess


def main(config_path: str) -> None:
    config = json.loads(Path(config_path).read_text(encoding="utf-8"))
    out = Path(config["out"])
    fields = config.get("fields", [])
    declared = type("Article", (scrapy.Item,), {f: scrapy.Field() for f in ("url", *fields)})

    class Pages(scrapy.Spider):
        name = "pages"
        start_urls = [config["start"]]  # noqa: RUF012 - Scrapy's own class attribute

        def parse(self, response: Any) -> Iterator[Any]:
            # The listing of `python -m http.server`: follow every file in it.
            for href in response.css("a::attr(href)").getall():
                yield response.follow(href, callback=self.parse_page)

        def parse_page(self, response: Any) -> Iterator[Any]:
            if config["item"] == "declared":
                yield declared(url=response.url)
            elif config["item"] == "html":
                yield {"url": response.url, "html": response.body}
            else:
                # Two items from one response: the page is cleaned once for both.
                yield {"url": response.url, "part": 1}
                yield {"url": response.url, "part": 2}

    settings = {
        "LOG_LEVEL": "INFO",
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "FEEDS": {
            str(out / "items.jsonl"): {
                "format": "jsonlines",
                "encoding": "utf-8",
                "fields": config.get("export"),  # None: every field
            }
        },
        **config["settings"],
    }
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(Pages)
    process.crawl(crawler)
    process.start()
    stats = {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, int)}
    (out / "stats.json").write_text(json.dumps(stats), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
