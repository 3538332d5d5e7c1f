"""Naive full-page text of an HTML page, and loaders for the corpus and the golden pages.

:func:`naive_text` is our own ``lxml`` walk, not ``html_text``: it renders ``<body>`` roughly
the way a browser's ``innerText`` does and the way ``docs/conventions.md`` defines a block:

* every block-level element (``p``, ``div``, ``h1``–``h6``, ``li``, ``td``, ``th``, ``tr``,
  ``figcaption``, ``section``, …) starts and ends a line, and so does ``<br>``; each table
  cell is its own line (``html_text`` keeps a row's cells on one line, which is why we do not
  use it here);
* inline elements (``a``, ``span``, ``strong``, …) stay inside the line;
* what a browser does not render is skipped: ``head``, ``script``, ``style``, ``noscript``,
  ``template``, ``iframe``, ``object``, ``embed``, ``svg``, ``math``, ``canvas``, ``video``,
  ``audio`` (their fallback text), comments, elements with the ``hidden`` attribute or an
  inline ``display:none`` / ``visibility:hidden`` style. CSS from style sheets is not
  applied, so chrome hidden by a class still shows, as it does in a scraper's text;
* inside ``<pre>`` the source line breaks are kept;
* each line is normalised (NFC, no zero-width characters, every run of Unicode white space
  as one space, stripped) and empty lines are dropped.

``html_text.extract_text(html, guess_layout=True)`` is available as :func:`html_text_baseline`
(the naive peer in ``accuracy.py``).
"""

from __future__ import annotations

import csv
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import html_text
import lxml.html  # type: ignore[import-untyped]

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path("/work/shared/corpus/vi")
MANIFEST = CORPUS / "MANIFEST.tsv"
FIXTURES = REPO / "fixtures"
SEEDS = REPO / "seeds"

# fmt: off
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
    "listing", "main", "menu", "nav", "ol", "optgroup", "option", "p", "plaintext", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "xmp",
})
SKIP_TAGS = frozenset({
    "head", "title", "script", "style", "noscript", "template", "iframe", "object", "embed",
    "svg", "math", "canvas", "video", "audio", "source", "track", "map", "area", "datalist",
})
# fmt: on
PRE_TAGS = frozenset({"pre", "listing", "plaintext", "xmp"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def normalize_line(text: str) -> str:
    """One line as ``docs/conventions.md`` normalises a block (entities are already decoded)."""
    text = _ZERO_WIDTH.sub("", _CONTROL.sub(" ", text))
    return unicodedata.normalize("NFC", " ".join(text.split()))


def decode_html(data: bytes) -> str:
    """Bytes of a page as text: UTF-8 when it decodes, else the declared charset."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = _CHARSET.search(data[:4096])
    if match:
        try:
            return data.decode(match.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return data.decode("utf-8", errors="replace")


def read_html(path: Path) -> str:
    return decode_html(path.read_bytes())


def parse_html(html: str) -> lxml.html.HtmlElement:
    """Parse with lxml from UTF-8 bytes (a ``str`` with an XML declaration would be refused)."""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    return lxml.html.document_fromstring(html.encode("utf-8", errors="replace"), parser=parser)


def _is_hidden(el: lxml.html.HtmlElement) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def element_lines(root: lxml.html.HtmlElement) -> list[str]:
    """The lines of ``root`` (an element) as described in the module docstring."""
    lines: list[str] = []
    buf: list[str] = []
    pre_depth = 0

    def flush() -> None:
        if buf:
            line = normalize_line("".join(buf))
            buf.clear()
            if line:
                lines.append(line)

    def add(text: str | None) -> None:
        if not text:
            return
        if pre_depth:
            parts = text.split("\n")
            for i, part in enumerate(parts):
                if i:
                    flush()
                buf.append(part)
        else:
            buf.append(text)

    # Explicit stack (pages can nest deeper than Python's recursion limit).
    # Items: (element, entering?). Leaving an element closes its line and adds its tail.
    stack: list[tuple[lxml.html.HtmlElement, bool]] = [(root, True)]
    while stack:
        el, entering = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if entering:
            if not tag or tag in SKIP_TAGS or _is_hidden(el):
                if el is not root:
                    add(el.tail)
                continue
            if tag == "br":
                flush()
                add(el.tail)
                continue
            if tag in BLOCK_TAGS:
                flush()
            if tag in PRE_TAGS:
                pre_depth += 1
            add(el.text)
            stack.append((el, False))
            stack.extend((child, True) for child in reversed(el))
        else:
            if tag in PRE_TAGS:
                pre_depth -= 1
            if tag in BLOCK_TAGS:
                flush()
            if el is not root:
                add(el.tail)
    flush()
    return lines


def naive_lines(html: str) -> list[str]:
    """Visible text lines of the page's ``<body>`` (the whole document if it has none)."""
    doc = parse_html(html)
    body = doc.find("body")
    return element_lines(doc if body is None else body)


def naive_text(html: str) -> str:
    """:func:`naive_lines` joined with ``\\n``: what a naive scraper stores for a page."""
    return "\n".join(naive_lines(html))


def fragment_text(html: str) -> str:
    """Text of an HTML fragment or page (all of it, not only ``<body>``), same rendering."""
    if not html.strip():
        return ""
    return "\n".join(element_lines(parse_html(html)))


def html_text_baseline(html: str) -> str:
    """``html_text.extract_text(html, guess_layout=True)``: the naive peer."""
    return html_text.extract_text(html, guess_layout=True)


@dataclass(frozen=True, slots=True)
class Page:
    """One page of the shared corpus."""

    site: str
    path: Path
    url: str | None
    html: str

    @property
    def name(self) -> str:
        return f"{self.site}/{self.path.name}"


def manifest_urls(manifest: Path = MANIFEST) -> dict[str, str]:
    """``local_path`` (as written, e.g. ``corpus/vi/<site>/<file>.html``) → url.

    The url is the ``url=`` field of the ``notes`` column (``; ``-separated ``key=value``).
    """
    urls: dict[str, str] = {}
    if not manifest.is_file():
        return urls
    with manifest.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            match = re.search(r"(?:^|;\s*)url=([^;\s]+)", row.get("notes") or "")
            if match:
                urls[row["local_path"]] = match.group(1)
    return urls


def load_corpus(corpus: Path = CORPUS) -> Iterator[Page]:
    """Every ``corpus/<site>/*.html`` page, sorted, with its url from ``MANIFEST.tsv``."""
    manifest = corpus / "MANIFEST.tsv"
    if not manifest.is_file():
        manifest = corpus.parent / "MANIFEST.tsv"
    # Match on "<corpus>/<site>/<file>", the tail of the manifest's local_path.
    urls = {
        k.split("/", 1)[-1] if k.startswith("corpus/") else k: v
        for k, v in manifest_urls(manifest).items()
    }
    for path in sorted(corpus.glob("*/*.html")):
        rel = f"{corpus.name}/{path.parent.name}/{path.name}"
        yield Page(site=path.parent.name, path=path, url=urls.get(rel), html=read_html(path))


@dataclass(frozen=True, slots=True)
class GoldenPage:
    """A fixture page that has a ``<case>.expected.txt``."""

    site: str
    case: str
    html_path: Path
    url: str | None
    expected: str
    """The whole golden text: headline line, then the body lines (no final newline)."""
    xfail: str | None = None

    @property
    def name(self) -> str:
        return f"{self.site}/{self.case}"

    @property
    def headline(self) -> str:
        return self.expected.split("\n", 1)[0]

    @property
    def body(self) -> str:
        parts = self.expected.split("\n", 1)
        return parts[1] if len(parts) > 1 else ""

    @property
    def html(self) -> str:
        return read_html(self.html_path)


def golden_pages(fixtures: Path = FIXTURES, benchmark_set: str = "golden") -> list[GoldenPage]:
    """Every ``<fixtures>/<site>/<case>.html`` with a sibling ``<case>.expected.txt``,
    except article-area fragments (``fragment = true`` in the case's TOML): the benchmark
    compares whole pages. Only the cases of ``benchmark_set`` (the case TOML's
    ``benchmark_set``, ``"golden"`` when absent): the multilang pages are their own set."""
    pages: list[GoldenPage] = []
    for html_path in sorted(fixtures.glob("*/*.html")):
        case = html_path.name.removesuffix(".html")
        expected_path = html_path.with_name(f"{case}.expected.txt")
        if not expected_path.is_file():
            continue
        expected = expected_path.read_text(encoding="utf-8").replace("\r\n", "\n")
        meta: dict[str, object] = {}
        toml_path = html_path.with_name(f"{case}.toml")
        if toml_path.is_file():
            with toml_path.open("rb") as fh:
                meta = tomllib.load(fh)
        if meta.get("fragment") or meta.get("benchmark_set", "golden") != benchmark_set:
            continue
        url = meta.get("url")
        xfail = meta.get("xfail")
        pages.append(
            GoldenPage(
                site=html_path.parent.name,
                case=case,
                html_path=html_path,
                url=url if isinstance(url, str) else None,
                expected=expected.rstrip("\n"),
                xfail=xfail if isinstance(xfail, str) else None,
            )
        )
    return pages


def seed_texts(seeds: Path = SEEDS) -> list[tuple[str, str]]:
    """``(name, text)`` of every ``seeds/*.txt``."""
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(seeds.glob("*.txt"))]


if __name__ == "__main__":
    import sys

    # python benchmarks/naive.py PAGE.html  -> print its naive text
    for arg in sys.argv[1:]:
        print(naive_text(read_html(Path(arg))))
