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

from benchmarks.metric import PageScore, aggregate, score_page, shingles
from benchmarks.naive import fragment_text
from benchmarks.report import REPO, header, md_table

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
    pages = []
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
SYSTEM_NAMES = (CLEANER, *(p.name for p in PEERS))
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


def _rate(pairs: Iterable[tuple[int, int]]) -> float:
    found = total = 0
    for f, t in pairs:
        found += f
        total += t
    return found / total if total else 0.0


def summary_row(name: str, figs: list[PageFigures], docs_per_s: float | None) -> list[str]:
    s = aggregate(f.shingle for f in figs)
    n = max(len(figs), 1)
    bag_p = sum(f.bag[0] for f in figs) / n
    bag_r = sum(f.bag[1] for f in figs) / n
    bag_f = sum(f.bag[2] for f in figs) / n
    bad = sum(1 for f in figs if f.shingle.f1 < CATASTROPHE)
    return [
        name,
        f"{s.precision:.3f}",
        f"{s.recall:.3f}",
        f"**{s.f1:.3f}**",
        f"{bag_p:.3f}",
        f"{bag_r:.3f}",
        f"{bag_f:.3f}",
        f"{_rate(f.with_found for f in figs):.3f}",
        f"{_rate(f.without_found for f in figs):.3f}",
        str(bad),
        "" if docs_per_s is None else f"{docs_per_s:.1f}",
    ]


HEADERS = [
    "system",
    "shingle P",
    "shingle R",
    "shingle F1",
    "bag P",
    "bag R",
    "bag F1",
    "with",
    "without",
    "< 0.5",
    "docs/s",
]


def _docs_per_s(run: Run, ids: list[str]) -> float | None:
    total = sum(run.seconds.get(i, 0.0) for i in ids)
    return len(ids) / total if total > 0 else None


# ---------------------------------------------------------------- diagnostics


def lost_by_reason(page: WPage, result: object) -> Counter[str]:
    """Truth shingles carried by the blocks cleaner dropped, per kind of reason."""
    truth = shingles(page.truth)
    lost: Counter[str] = Counter()
    for block in getattr(result, "blocks", ()):
        if block.kept:
            continue
        common = sum((shingles(block.text) & truth).values())
        if common:
            lost[_reason_kind(block.reason)] += common
    return lost


def _reason_kind(reason: str) -> str:
    """The reason without its per-block numbers: ``score -2.0: short`` → ``score``,
    ``outside body region (score …)`` → ``outside body region``; the others
    (``outside-body``, ``chrome:sidebar:widget``, a rule id) stay as they are."""
    reason = reason.split(" (", 1)[0]  # "outside body region (score -1.0: short)"
    return "score" if reason.startswith("score") else reason


def write_page_dump(page: WPage, result: object, figs: PageFigures, path: Path) -> None:
    """A page's URL, figures, every block (``+``/``-``, reason, whether the truth holds it)
    and the truth, for reading why it failed."""
    truth = shingles(page.truth)
    lines = [
        f"# {page.id} {page.url}",
        f"shingle P {figs.shingle.precision:.3f} R {figs.shingle.recall:.3f} "
        f"F1 {figs.shingle.f1:.3f}; path {getattr(result, 'path', '?')}",
        "",
        "## blocks (+ kept / - dropped; T = in truth)",
    ]
    for block in getattr(result, "blocks", ()):
        sh = shingles(block.text)
        in_truth = sum((sh & truth).values()) / max(sum(sh.values()), 1) >= 0.5
        mark = "+" if block.kept else "-"
        tag = f"{block.tag}.{block.classes}"[:60] if block.tag else ""
        lines.append(
            f"{mark}{'T' if in_truth else ' '} [{block.reason}] <{tag}> {block.text[:300]}"
        )
    lines += ["", "## truth", page.truth]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- report


def report(
    pages: list[WPage],
    runs: list[Run],
    results: dict[str, object],
    *,
    out: Path = OUT,
) -> tuple[str, dict[str, object]]:
    """The markdown report and its figures as JSON-ready data."""
    head, facts = header("WCXB dev set: general-web articles", DISTS)
    by_page = {
        run.name: {p.id: figures(p, run.outputs.get(p.id, "")) for p in pages} for run in runs
    }
    truth_figs = {p.id: figures(p, p.truth) for p in pages}
    splits = {
        "all": [p.id for p in pages],
        "dev": [p.id for p in pages if not p.held_out],
        "held-out": [p.id for p in pages if p.held_out],
    }
    parts = [
        head,
        f"- pages: {len(pages)} ({len(splits['dev'])} dev, {len(splits['held-out'])} held out:"
        f" every page whose number is a multiple of {HOLDOUT_EVERY})",
        "- truth: WCXB `main_content`; cleaner scored on `Result.body`, peers on their whole "
        "output. shingle = ScrapingHub 4-gram (per-page P, R averaged; F1 of the averages); "
        "bag = WCXB's word bag (mean of per-page P, R, F1); with = share of must-appear "
        "snippets found; without = share of boilerplate snippets found (lower is better); "
        f"< {CATASTROPHE} = pages under {CATASTROPHE} shingle F1.",
    ]
    cached = [f"{r.name} {r.cached}" for r in runs if r.cached]
    if cached:
        parts.append(
            "- outputs and times read from the cache (`benchmarks/out/wcxb/`): " + ", ".join(cached)
        )
    data: dict[str, object] = {**facts, "splits": {}}
    for split, ids in splits.items():
        if not ids:
            continue
        rows = [
            summary_row(run.name, [by_page[run.name][i] for i in ids], _docs_per_s(run, ids))
            for run in runs
        ]
        rows.append(summary_row(TRUTH, [truth_figs[i] for i in ids], None))
        parts += ["", f"## {split} ({len(ids)} pages)", "", md_table(HEADERS, rows)]
        data["splits"][split] = {r[0]: dict(zip(HEADERS[1:], r[1:], strict=True)) for r in rows}  # type: ignore[index]
    errors = [(r.name, pid, e) for r in runs for pid, e in r.errors.items()]
    if errors:
        parts += ["", "## Crashes (scored as empty output)", ""]
        parts += [f"- {name} on {pid}: {err}" for name, pid, err in errors]
    mine = next((r for r in runs if r.name == CLEANER), None)
    if mine is not None:
        parts += _cleaner_diagnostics(pages, mine, results, by_page, splits["dev"], out)
    data["per_page"] = {
        name: {
            pid: [round(f.shingle.precision, 3), round(f.shingle.recall, 3), round(f.bag[2], 3)]
            for pid, f in figs.items()
        }
        for name, figs in by_page.items()
        if name in (CLEANER, "trafilatura")
    }
    data["per_page_fields"] = ["shingle P", "shingle R", "bag F1"]
    return "\n".join(parts), data


def _shown(path: Path) -> Path:
    """``path`` relative to the repository when it lies inside it."""
    try:
        return path.relative_to(REPO)
    except ValueError:
        return path


def _cleaner_diagnostics(
    pages: list[WPage],
    mine: Run,
    results: dict[str, object],
    by_page: dict[str, dict[str, PageFigures]],
    dev_ids: list[str],
    out: Path,
) -> list[str]:
    fallbacks = sum(1 for p in mine.paths.values() if p == "fallback")
    parts = ["", f"- cleaner: trafilatura fallback fired on {fallbacks} of {len(pages)} pages"]
    page_of = {p.id: p for p in pages}
    lost: Counter[str] = Counter()
    for pid in dev_ids:
        if pid in results:
            lost.update(lost_by_reason(page_of[pid], results[pid]))
    total = sum(lost.values()) or 1
    rows = [[k, str(v), f"{v / total:.1%}"] for k, v in lost.most_common(15)]
    parts += [
        "",
        "## Where cleaner loses recall (dev pages)",
        "",
        "Truth shingles held by dropped blocks, by the reason they were dropped.",
        "",
        md_table(["reason", "truth shingles", "share"], rows),
    ]
    mine_figs = by_page[CLEANER]
    traf = by_page.get("trafilatura", {})
    worst = sorted(dev_ids, key=lambda i: mine_figs[i].shingle.f1)[:WORST]
    dump_dir = out / "pages"
    dump_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for pid in worst:
        f = mine_figs[pid]
        if pid in results:
            write_page_dump(page_of[pid], results[pid], f, dump_dir / f"{pid}.txt")
        top = lost_by_reason(page_of[pid], results[pid]).most_common(1) if pid in results else []
        rows.append(
            [
                pid,
                page_of[pid].url[:70],
                f"{f.shingle.precision:.2f}",
                f"{f.shingle.recall:.2f}",
                f"{f.shingle.f1:.2f}",
                f"{traf[pid].shingle.f1:.2f}" if pid in traf else "",
                top[0][0] if top else "",
            ]
        )
    parts += [
        "",
        f"## Cleaner's worst {len(worst)} dev pages",
        "",
        f"Each page's blocks, reasons and truth: `{_shown(dump_dir)}/<id>.txt`.",
        "",
        md_table(
            ["page", "url", "P", "R", "F1", "trafilatura F1", "most recall lost to"],
            rows,
            align="llrrrrl",
        ),
    ]
    return parts


def main(
    systems: list[str] | None,
    limit: int | None,
    *,
    fresh: bool = False,
    out_file: Path | None = None,
    corpus: Path = CORPUS,
) -> int:
    """Run the chosen systems (all by default) and print the report."""
    wanted = systems or list(SYSTEM_NAMES)
    unknown = [s for s in wanted if s not in SYSTEM_NAMES]
    if unknown:
        raise SystemExit(f"unknown systems {unknown}; choose from {list(SYSTEM_NAMES)}")
    pages = load_pages(corpus, limit)
    if not pages:
        raise SystemExit(f"no pages under {corpus}")
    runs: list[Run] = []
    results: dict[str, object] = {}
    for name in SYSTEM_NAMES:
        if name not in wanted:
            continue
        if name == CLEANER:
            run, results = run_cleaner(pages)
        else:
            run = run_peer(next(p for p in PEERS if p.name == name), pages, fresh=fresh)
        runs.append(run)
    text, data = report(pages, runs, results)
    print(text)
    if out_file is not None:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_text(text + "\n", encoding="utf-8")
        json_path = out_file.with_suffix(".json")
        json_path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0
