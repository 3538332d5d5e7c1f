"""Golden pages (HTML and the text a person read from it) that integration tests feed to
each framework, and a local web server that serves them."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

CASES = (
    "vnexpress.net/meth04-vnexpress_article",
    "plo.vn/crawlnewssite-plo-chinh-tri",
    "kenh14.vn/demomobiles-kenh14-luu-hieu-khanh",
    "baomoi.com/frag2025-tong-thong-syria",
)
"""One page from each of four sites; every one of their goldens passes (no ``xfail``)."""

EMPTY_PAGE = (
    "<html><head><title></title></head><body><ul><li><a href='/'>Trang chủ</a></li>"
    "<li><a href='/x'>Thời sự</a></li></ul></body></html>"
)
"""A page of navigation only: no article, so its cleaned text is empty."""


@dataclass(frozen=True)
class Page:
    name: str
    """File name the page is served under."""
    html: bytes
    expected: str
    """The golden: what a person read as the article (``Result.text``)."""
    url: str
    """Where the page was published (its golden's ``url``)."""


def golden_pages() -> list[Page]:
    pages = []
    for case in CASES:
        base = FIXTURES / case
        meta = tomllib.loads(base.with_suffix(".toml").read_text(encoding="utf-8"))
        assert "xfail" not in meta, case
        pages.append(
            Page(
                name=base.name + ".html",
                html=base.with_suffix(".html").read_bytes(),
                expected=(base.parent / (base.name + ".expected.txt"))
                .read_text(encoding="utf-8")
                .removesuffix("\n"),
                url=meta["url"],
            )
        )
    return pages


@contextmanager
def http_server(root: Path) -> Iterator[str]:
    """``python -m http.server`` on 127.0.0.1, on a port the system picks; yields its base
    URL and stops the server on exit."""
    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # "Serving HTTP on 127.0.0.1 port 41234 (http://...)"
        found = re.search(r"port (\d+)", line)
        assert found, f"http.server said {line!r}"
        yield f"http://127.0.0.1:{found.group(1)}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def copy_pages(pages: list[Page], root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for page in pages:
        (root / page.name).write_bytes(page.html)
