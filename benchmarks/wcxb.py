"""The WCXB dev set: cleaner's generic layer against its peers on general-web articles.

Data: ``/work/shared/corpus/en-wcxb-dev/`` (711 article pages, one domain each, mostly
English; see its README). Run it through ``benchmarks/accuracy.py``::

    python benchmarks/accuracy.py --set wcxb                       # every system, every page
    python benchmarks/accuracy.py --set wcxb --systems cleaner --limit 100
    python benchmarks/accuracy.py --set wcxb --out benchmarks/results/wcxb.md

Systems, on the same decoded ``str`` of each page: cleaner (``Cleaner().clean(html, url=url,
kind="html")``; no rule file names these domains, so only the global rules and the scorer
apply), trafilatura (defaults, and ``favor_precision=True``), readability-lxml, jusText with
its English stoplist, resiliparse (``main_content=True``) and html-text (the naive baseline).

Peer outputs and their per-page times are cached in ``benchmarks/out/wcxb/<system>.json``
(gitignored), keyed by the peer's version, so iterating on cleaner does not re-run them;
``--fresh`` re-runs everything. Cleaner is never cached.

Truth is WCXB's ``main_content`` (the body without the title); cleaner's prediction is
``Result.body`` (without its headline line), each peer's its whole output. Figures:

* **shingle**: ScrapingHub's 4-gram shingle P/R/F1 (``benchmarks/metric.py``): per-page P and
  R averaged, F1 the harmonic mean of the averages;
* **word bag**: WCXB's own metric as its paper describes it: lower-cased ``\\w+`` tokens counted
  as a multiset, P = common / predicted, R = common / true, F1 per page; the mean of the
  per-page P, R and F1;
* **with**: share of the ``with`` snippets (sentences that must appear) found in the output;
  **without**: share of the ``without`` snippets (boilerplate) found in it, lower is better.
  Both compare case-folded text with white space collapsed, the snippet bounded by non-word
  characters. The ``truth`` row scores ``main_content`` itself, to show the snippets' own noise;
* **< 0.5**: catastrophes, pages whose shingle F1 is under 0.5.

Held out: every page whose number is a multiple of ``HOLDOUT_EVERY`` (5). Tuning looks only
at the other pages ("dev"); the worst-page list is drawn from dev pages only. Both splits are
reported so overfitting shows.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import re
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from benchmarks.metric import PageScore, score_page
from benchmarks.naive import fragment_text

CORPUS = Path("/work/shared/corpus/en-wcxb-dev")
OUT = Path(__file__).resolve().parent / "out" / "wcxb"
HOLDOUT_EVERY = 5
CATASTROPHE = 0.5
WORST = 20
CLEANER = "cleaner"
TRUTH = "truth"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class WPage:
    """One WCXB page with its ground truth."""

    id: str
    url: str
    html: str
    truth: str
    with_snippets: tuple[str, ...]
    without_snippets: tuple[str, ...]

    @property
    def held_out(self) -> bool:
        return int(self.id) % HOLDOUT_EVERY == 0


def load_pages(corpus: Path = CORPUS, limit: int | None = None) -> list[WPage]:
    """The set's pages in file order (the first ``limit`` when given)."""
    pages: list[WPage] = []
    for gt_path in sorted((corpus / "ground-truth").glob("*.json")):
        if limit is not None and len(pages) >= limit:
            break
        data = json.loads(gt_path.read_text(encoding="utf-8"))
        gt = data["ground_truth"]
        raw = gzip.decompress((corpus / "html" / f"{gt_path.stem}.html.gz").read_bytes())
        pages.append(
            WPage(
                id=gt_path.stem,
                url=data.get("url") or "",
                html=raw.decode("utf-8", errors="replace"),
                truth=gt.get("main_content") or "",
                with_snippets=tuple(gt.get("with") or ()),
                without_snippets=tuple(gt.get("without") or ()),
            )
        )
    return pages


# ---------------------------------------------------------------- systems


@dataclass(frozen=True, slots=True)
class Peer:
    name: str
    dist: str
    """Distribution whose version keys the cache."""
    run: Callable[[WPage], str]


def _trafilatura(page: WPage) -> str:
    import trafilatura

    return trafilatura.extract(page.html, url=page.url or None) or ""


def _trafilatura_precision(page: WPage) -> str:
    import trafilatura

    return trafilatura.extract(page.html, url=page.url or None, favor_precision=True) or ""


def _readability(page: WPage) -> str:
    from readability import Document  # type: ignore[import-untyped]

    return fragment_text(Document(page.html).summary())


def _justext(page: WPage) -> str:
    import justext  # type: ignore[import-untyped]

    paragraphs = justext.justext(page.html, justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _resiliparse(page: WPage) -> str:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    return extract_plain_text(HTMLTree.parse(page.html), main_content=True)


def _html_text(page: WPage) -> str:
    import html_text

    return html_text.extract_text(page.html, guess_layout=True)


PEERS = (
    Peer("trafilatura", "trafilatura", _trafilatura),
    Peer("trafilatura precision", "trafilatura", _trafilatura_precision),
    Peer("readability", "readability-lxml", _readability),
    Peer("jusText (English)", "jusText", _justext),
    Peer("resiliparse", "Resiliparse", _resiliparse),
    Peer("html-text (naive)", "html-text", _html_text),
)
POST = {
    "trafilatura+cleaner": "trafilatura",
    "readability+cleaner": "readability",
    "jusText+cleaner": "jusText (English)",
}
"""Cleaner as a post-processor: the peer's output cleaned with ``kind="text"``."""
SYSTEM_NAMES = (CLEANER, *(p.name for p in PEERS), *POST)
DISTS = ["cleaner", "trafilatura", "readability-lxml", "jusText", "Resiliparse", "html-text"]


@dataclass
class Run:
    """One system's output, time and scores on every page."""

    name: str
    outputs: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)
    """cleaner: ``Result.path`` per page."""
    cached: int = 0
    """How many outputs came from the cache."""


def _error(exc: BaseException) -> str:
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" at {Path(last[0].filename).name}:{last[0].lineno}" if last else ""
    return f"{type(exc).__name__}: {exc}{where}"[:300]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def run_peer(peer: Peer, pages: list[WPage], *, fresh: bool, out: Path = OUT) -> Run:
    """A peer over the pages, reading and extending its on-disk cache."""
    try:
        ver = metadata.version(peer.dist)
    except metadata.PackageNotFoundError:
        ver = "unknown"
    cache_path = out / f"{_slug(peer.name)}.json"
    cache: dict[str, dict[str, object]] = {}
    if not fresh and cache_path.is_file():
        stored = json.loads(cache_path.read_text(encoding="utf-8"))
        if stored.get("version") == ver:
            cache = stored["pages"]
    run = Run(peer.name)
    for page in pages:
        hit = cache.get(page.id)
        if hit is not None:
            run.outputs[page.id] = str(hit["text"])
            run.seconds[page.id] = float(hit["seconds"])  # type: ignore[arg-type]
            if hit.get("error"):
                run.errors[page.id] = str(hit["error"])
            run.cached += 1
            continue
        start = time.perf_counter()
        error = ""
        try:
            text = peer.run(page)
        except Exception as exc:  # a crash is a finding: scored as empty output
            text, error = "", _error(exc)
            run.errors[page.id] = error
        run.seconds[page.id] = time.perf_counter() - start
        run.outputs[page.id] = text
        cache[page.id] = {"text": text, "seconds": run.seconds[page.id], "error": error}
    if run.cached < len(pages):
        out.mkdir(parents=True, exist_ok=True)
        tmp = cache_path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": ver, "pages": cache}), encoding="utf-8")
        tmp.replace(cache_path)
    return run


def run_cleaner(pages: list[WPage]) -> tuple[Run, dict[str, object]]:
    """Cleaner over the pages; also returns each page's ``Result`` for the diagnostics."""
    from cleaner import Cleaner

    cleaner = Cleaner()
    run = Run(CLEANER)
    results: dict[str, object] = {}
    if pages:  # warm-up: lazy imports, compiled rules
        with contextlib.suppress(Exception):  # the timed pass records any error
            cleaner.clean(pages[0].html, url=pages[0].url, kind="html")
    for page in pages:
        start = time.perf_counter()
        try:
            result = cleaner.clean(page.html, url=page.url or None, kind="html")
        except Exception as exc:
            run.seconds[page.id] = time.perf_counter() - start
            run.outputs[page.id] = ""
            run.errors[page.id] = _error(exc)
            continue
        run.seconds[page.id] = time.perf_counter() - start
        run.outputs[page.id] = result.body
        run.paths[page.id] = result.path
        results[page.id] = result
    return run, results


def run_post(name: str, peer: Run, pages: list[WPage]) -> Run:
    """Cleaner in text mode over a peer's outputs; its time includes the peer's."""
    from cleaner import Cleaner

    cleaner = Cleaner()
    run = Run(name)
    for page in pages:
        text = peer.outputs.get(page.id, "")
        start = time.perf_counter()
        try:
            out = cleaner.clean(text, url=page.url or None, kind="text").text if text else ""
        except Exception as exc:
            out = ""
            run.errors[page.id] = _error(exc)
        run.seconds[page.id] = peer.seconds.get(page.id, 0.0) + time.perf_counter() - start
        run.outputs[page.id] = out
    return run


# ---------------------------------------------------------------- metrics


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def word_bag(truth: str, prediction: str) -> tuple[float, float, float]:
    """WCXB's word-bag P, R, F1 of one page (lower-cased ``\\w+`` tokens as a multiset)."""
    t = Counter(_WORD.findall(_fold(truth)))
    p = Counter(_WORD.findall(_fold(prediction)))
    if not t and not p:
        return 1.0, 1.0, 1.0
    common = sum((t & p).values())
    precision = common / sum(p.values()) if p else 0.0
    recall = common / sum(t.values()) if t else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def snippet_hits(snippets: Iterable[str], text: str) -> tuple[int, int]:
    """``(found, total)``: snippets present in ``text``, bounded by non-word characters."""
    folded = _fold(text)
    found = total = 0
    for snippet in snippets:
        s = _fold(snippet)
        if not s:
            continue
        total += 1
        left = r"(?<!\w)" if s[0].isalnum() else ""
        right = r"(?!\w)" if s[-1].isalnum() else ""
        if re.search(left + re.escape(s) + right, folded):
            found += 1
    return found, total


@dataclass(frozen=True, slots=True)
class PageFigures:
    shingle: PageScore
    bag: tuple[float, float, float]
    with_found: tuple[int, int]
    without_found: tuple[int, int]


def figures(page: WPage, prediction: str) -> PageFigures:
    return PageFigures(
        shingle=score_page(page.truth, prediction),
        bag=word_bag(page.truth, prediction),
        with_found=snippet_hits(page.with_snippets, prediction),
        without_found=snippet_hits(page.without_snippets, prediction),
    )
