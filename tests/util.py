"""Small helpers shared by test modules."""

from __future__ import annotations

import gzip
import json
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaner import Cleaner
from cleaner.language import Stoplist
from cleaner.memo import DocumentMemo
from cleaner.model import Chrome
from cleaner.segment_html import anchors_of


def write_rules(tmp_path: Path, body: str) -> Path:
    """Write a user rule file with ``body`` and return its path."""
    path = tmp_path / "mine.toml"
    path.write_text(body, encoding="utf-8")
    return path


def plain_cover(stoplist: Stoplist, tokens: list[str], weights: list[float]) -> float:
    """Words a stoplist covers: greedy longest match at every position, one position at
    a time (the plain definition ``Stoplist.cover`` and ``language.measure`` are held to)."""
    covered, i = 0.0, 0
    while i < len(tokens):
        step = stoplist.match_at(tokens, i)
        if step:
            covered += max(1.0, sum(weights[i : i + step]))
            i += step
        else:
            i += 1
    return covered


def markup_pages(
    tags: Sequence[str],
    attrs: Sequence[str],
    texts: Sequence[str],
    *,
    max_leaves: int,
    max_parts: int,
) -> st.SearchStrategy[str]:
    """Pages of nested elements: each a tag of ``tags`` with attributes of ``attrs`` around
    up to four children, the leaves ``texts``; 1 to ``max_parts`` of them after
    ``<body>``."""
    node = st.recursive(
        st.sampled_from(texts),
        lambda inner: st.builds(
            lambda tag, attr, parts: f"<{tag} {attr}>{''.join(parts)}</{tag}>",
            st.sampled_from(tags),
            st.sampled_from(attrs),
            st.lists(inner, max_size=4),
        ),
        max_leaves=max_leaves,
    )
    return st.lists(node, min_size=1, max_size=max_parts).map(lambda p: "<body>" + "".join(p))


def walk_args(
    tree: LexborHTMLParser, data: st.DataObject, *, most: int, vary_container: bool
) -> tuple[LexborNode, dict[str, Any]]:
    """The page's body (its scripts stripped) and the HTML walk's arguments with marks
    drawn among its elements: up to ``most`` containers, kept, stripped and overruled
    elements each, and a title or none. ``vary_container``: whether the walk is also told
    there is no container where some were drawn."""
    tree.strip_tags(["script"])
    body = tree.body
    assert body is not None
    elements = [body, *body.css("*")]
    pick = st.lists(st.sampled_from(elements), max_size=most)
    containers, keep, strip, overruled = (data.draw(pick) for _ in range(4))
    title = data.draw(st.one_of(st.none(), st.sampled_from(elements)))
    anchors = anchors_of([*containers, *keep, *([title] if title is not None else [])])
    has_container = bool(containers) and (not vary_container or data.draw(st.booleans()))
    return body, {
        "container_ids": {c.mem_id for c in containers},
        "keep_ids": {k.mem_id for k in keep},
        "anchors": anchors,
        "strip_ids": {n.mem_id: Chrome("site", "x") for n in strip},
        "title_id": title.mem_id if title is not None else None,
        "chrome": Cleaner().book.chrome,
        "has_container": has_container,
        "overruled": frozenset(n.mem_id for n in overruled),
    }


def memo_copy(memo: DocumentMemo) -> DocumentMemo:
    """A document memo's own tables copied, for running a Python step and its compiled
    twin from the same state (the Cleaner's shared tables are only read in a step)."""
    return type(memo)(
        shared=memo.shared,
        facts=dict(memo.facts),
        pinned=dict(memo.pinned),
        score=dict(memo.score),
        readings=dict(memo.readings),
        read_units=memo.read_units,
    )


def _fixture_paths() -> Iterator[tuple[Path, str | None]]:
    """Every golden page and text fixture, and the url its case file gives."""
    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    for path in sorted(fixtures.glob("*/*.html")) + sorted(fixtures.glob("*/*.txt")):
        if path.name.endswith(".expected.txt"):
            continue
        case = path.with_name(path.name.split(".")[0] + ".toml")
        url = None
        if case.is_file():
            url = next((line.split('"')[1] for line in case.read_text().splitlines()
                        if line.startswith("url =")), None)  # fmt: skip
        yield path, url


def fixture_pages() -> Iterator[tuple[str, str | None]]:
    """Every golden page and text fixture (content, and the url its case file gives)."""
    for path, url in _fixture_paths():
        yield path.read_text(encoding="utf-8", errors="replace"), url


def fixture_documents() -> Iterator[tuple[str, str | None, str]]:
    """``fixture_pages`` with each one's kind (``html`` or ``text``, by its suffix)."""
    for path, url in _fixture_paths():
        kind = "html" if path.suffix == ".html" else "text"
        yield path.read_text(encoding="utf-8", errors="replace"), url, kind


ENDING_LINES = st.lists(
    st.lists(st.sampled_from(["ab", "b", "c", " ", "\t", "\xa0", "ſ", "😀"]), max_size=8).map(
        "".join
    ),
    max_size=12,
)
"""Lines of few characters, that end alike often (white space, a long s, a character
outside the BMP among them): what the EndingGate's twins are held to each other on."""

CORPUS = Path("/work/shared/corpus")
"""The shared corpora, where this machine has them (tests using them skip elsewhere)."""


def vi_documents(extracts: int = 200) -> list[tuple[str, str | None, str]]:
    """The vi corpus pages as HTML and as their naive text, then the first ``extracts``
    extracted article texts of vi-text (content, url, kind)."""
    from benchmarks.naive import naive_text

    paths = sorted((CORPUS / "vi").glob("*/*.html"))
    pages = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    docs = [(page, None, "html") for page in pages]
    docs += [(naive_text(page), None, "text") for page in pages]
    texts = CORPUS / "vi-text" / "multisite_clean.jsonl"
    if texts.is_file():
        lines = texts.read_text(encoding="utf-8").splitlines()[:extracts]
        docs += [(json.loads(line)["maintext"], None, "text") for line in lines]
    return docs


def vi_page_inputs() -> list[tuple[str, str, str | None]]:
    """Each vi corpus page as HTML and as its naive text (content, kind, url), the inputs
    the tests of the block rules' prefilters clean through the whole pipeline."""
    from benchmarks.naive import decode_html, naive_text

    inputs: list[tuple[str, str, str | None]] = []
    for path in sorted((CORPUS / "vi").glob("*/*.html")):
        html = decode_html(path.read_bytes())
        inputs += [(html, "html", None), (naive_text(html), "text", None)]
    return inputs


def text_samples() -> list[str]:
    """Texts to hold a text-mode twin to its reference: every golden page (HTML or text),
    the seeds, and the vi corpus's text documents where the corpus is here."""
    texts = [page for page, _ in fixture_pages()]
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    texts += [p.read_text("utf-8") for p in sorted(seeds.glob("*.txt"))]
    if CORPUS.is_dir():
        texts += [content for content, _, kind in vi_documents() if kind == "text"]
    return texts


def wcxb_pages(limit: int) -> list[str]:
    """The first ``limit`` WCXB dev pages, decoded."""
    from benchmarks.naive import decode_html

    paths = sorted((CORPUS / "en-wcxb-dev" / "html").glob("*.html.gz"))[:limit]
    return [decode_html(gzip.decompress(p.read_bytes())) for p in paths]


def interleaved_threads(work: Callable[[int], None], count: int = 4) -> list[BaseException]:
    """``work(0)`` .. ``work(count - 1)`` in as many threads at once, the interpreter's
    switch interval made tiny meanwhile so that they interleave between a few bytecodes;
    what each raised (assertions too), in the order raised."""
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            work(n)
        except BaseException as exc:  # every failure is handed back to the test
            errors.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    return errors
