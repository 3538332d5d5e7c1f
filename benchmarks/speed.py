"""Speed of ``cleaner`` and its peers, same pages, same run, timed interleaved.

HTML sets (``kind="html"``, the page's url passed as a user with it would):

* ``vi corpus``: every page of ``/work/shared/corpus/vi`` (url from ``MANIFEST.tsv``);
* ``WCXB dev``: the 711 general-web article pages of ``/work/shared/corpus/en-wcxb-dev``
  (gzipped; decompressed and decoded before timing; url from the ground truth).

Peers on the same decoded ``str``: ``trafilatura.extract(html)``, readability-lxml
``Document(html).summary()``, ``justext.justext(html, stoplist)`` (Vietnamese stoplist for
the vi corpus, English for WCXB) and resiliparse
``extract_plain_text(HTMLTree.parse(html), main_content=True)``.

Text sets (``kind="text"``) against jusText on the same lines (each non-empty line wrapped as
``<p>…</p>``, HTML-escaped, in a minimal document built before timing):

* ``seeds``: the five ``seeds/*.txt`` (no url);
* ``corpus naive text``: the naive full-page text (``benchmarks/naive.py``) of every vi
  corpus page, with its url.

Timing: ``time.perf_counter`` around each call. One untimed warm-up round (which also
finds documents a system crashes on: those leave the set for every system); then
``--rounds`` rounds, each running every system on each document in turn (interleaved, so
load on this shared machine hits all systems alike); each (system, document) keeps its
fastest round. docs/s = documents / sum of those times; MB/s = UTF-8 bytes of the inputs
(the plain text in text mode, for both systems) / the same time / 10⁶. Text mode takes
``--text-rounds`` rounds (7): its documents cost a millisecond or less, and with two
rounds the corpus text's ratio moved between 4.3× and 6.1× from one run of the same tree
to the next (and 4.7-6.1× between four calls in one process), with seven 5.2-5.4×; seven
rounds of both systems cost about two seconds.

cleaner is warm the way a crawl is: a ``Cleaner`` is built (rules compiled) before each
round, and in that round its decision memo holds the documents it cleaned before the one
being timed, never that one. Reusing one Cleaner across rounds (``--reuse``, this script's
protocol until issue 8's third round) times every document with its every block already in
the memo: a re-clean, not a first sight. It made text mode look 2-3x faster than a crawl
sees (docs/speed.md). ``--cold`` turns the memo off.

Then ``speed_probes.py``: the per-stage breakdown, the same-site stream curve, the warm-up
cost and the peak memory of the largest pages.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import justext  # type: ignore[import-untyped]
import trafilatura
from readability import Document  # type: ignore[import-untyped]
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree

from benchmarks import speed_probes as probes
from benchmarks.naive import CORPUS, decode_html, load_corpus, naive_text, seed_texts
from benchmarks.report import header, md_table
from cleaner import Cleaner, Options

DISTS = ["cleaner", "trafilatura", "readability-lxml", "jusText", "resiliparse", "selectolax"]
WCXB = Path("/work/shared/corpus/en-wcxb-dev")
_STOPLISTS = {lang: justext.get_stoplist(lang) for lang in ("Vietnamese", "English")}


@dataclass(frozen=True, slots=True)
class Doc:
    name: str
    content: str
    """The HTML page, or in text mode the plain text."""
    url: str | None
    lang: str = "Vietnamese"
    as_html: str = ""
    """Text mode: the text as a minimal HTML document, one ``<p>`` per line (for jusText)."""

    @property
    def nbytes(self) -> int:
        return len(self.content.encode("utf-8"))


def wrap_paragraphs(text: str) -> str:
    paras = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines() if line.strip())
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n{paras}</body></html>'
    )


Runner = Callable[[Doc], object]


@dataclass
class Crawl:
    """The cleaner under test: a new ``Cleaner`` each round (``new_round``), or one reused
    across rounds with ``reuse``."""

    options: Options
    reuse: bool = False
    cleaner: Cleaner = field(init=False)

    def __post_init__(self) -> None:
        self.cleaner = Cleaner(self.options)

    def new_round(self) -> None:
        if not self.reuse:
            self.cleaner = Cleaner(self.options)


def html_systems(crawl: Crawl) -> dict[str, Runner]:
    return {
        "cleaner": lambda d: crawl.cleaner.clean(d.content, url=d.url, kind="html"),
        "trafilatura": lambda d: trafilatura.extract(d.content),
        "readability": lambda d: Document(d.content).summary(),
        "jusText": lambda d: justext.justext(d.content, _STOPLISTS[d.lang]),
        "resiliparse": lambda d: extract_plain_text(HTMLTree.parse(d.content), main_content=True),
    }


def text_systems(crawl: Crawl) -> dict[str, Runner]:
    return {
        "cleaner": lambda d: crawl.cleaner.clean(d.content, url=d.url, kind="text"),
        "jusText": lambda d: justext.justext(d.as_html, _STOPLISTS[d.lang]),
    }


@dataclass(frozen=True, slots=True)
class Timing:
    docs: int
    nbytes: int
    seconds: float
    """Sum over documents of each document's fastest round."""

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds

    @property
    def mb_per_s(self) -> float:
        return self.nbytes / self.seconds / 1e6


def time_interleaved(
    systems: dict[str, Runner],
    docs: list[Doc],
    rounds: int,
    new_round: Callable[[], None] = lambda: None,
) -> tuple[dict[str, Timing], list[str]]:
    """Every system on each document in turn, ``rounds`` times after a warm-up round;
    ``new_round`` runs before each timed round (untimed)."""
    problems: list[str] = []
    ok: list[Doc] = []
    for doc in docs:  # warm-up round; a crash removes the document for everyone
        failed = False
        for name, run in systems.items():
            try:
                run(doc)
            except Exception as exc:
                problems.append(f"{name} crashed on {doc.name}: {type(exc).__name__}: {exc}")
                failed = True
        if not failed:
            ok.append(doc)
    best = {name: [math.inf] * len(ok) for name in systems}
    names = list(systems)
    for r in range(rounds):
        new_round()
        for i, doc in enumerate(ok):
            # Rotate who goes first, so no system always follows the same neighbour.
            for name in names[r % len(names) :] + names[: r % len(names)]:
                start = time.perf_counter()
                systems[name](doc)
                spent = time.perf_counter() - start
                best[name][i] = min(best[name][i], spent)
    nbytes = sum(d.nbytes for d in ok)
    return {n: Timing(len(ok), nbytes, sum(b)) for n, b in best.items()}, problems


def vi_pages() -> list[Doc]:
    return [Doc(p.name, p.html, p.url) for p in load_corpus()]


def wcxb_pages(limit: int) -> list[Doc]:
    docs: list[Doc] = []
    paths = sorted((WCXB / "html").glob("*.html.gz"))
    for path in paths[:limit] if limit else paths:
        truth = WCXB / "ground-truth" / path.name.replace(".html.gz", ".json")
        url = json.loads(truth.read_text(encoding="utf-8")).get("url") if truth.is_file() else None
        docs.append(Doc(path.name, decode_html(gzip.decompress(path.read_bytes())), url, "English"))
    return docs


def text_sets() -> dict[str, list[Doc]]:
    def doc(name: str, text: str, url: str | None) -> Doc:
        return Doc(name, text, url, as_html=wrap_paragraphs(text))

    return {
        "seeds": [doc(n, t, None) for n, t in seed_texts()],
        "corpus naive text": [doc(p.name, naive_text(p.html), p.url) for p in load_corpus()],
    }


def _protocol(cold: bool, reuse: bool) -> str:
    memo = "memo off" if cold else "memo on"
    if reuse:
        return f"one Cleaner for every round ({memo}; warm-up and earlier rounds included)"
    return f"a new Cleaner each round ({memo}: only earlier documents of the round)"


def _ratio(mine: Timing, theirs: Timing) -> str:
    return f"{mine.docs_per_s / theirs.docs_per_s:.2f}×"


def html_table(results: dict[str, dict[str, Timing]]) -> str:
    rows = []
    for set_name, timings in results.items():
        traf = timings["trafilatura"]
        for name, t in timings.items():
            rows.append(
                [
                    set_name,
                    name,
                    str(t.docs),
                    f"{t.docs_per_s:.1f}",
                    f"{t.mb_per_s:.2f}",
                    f"**{_ratio(t, traf)}**" if name == "cleaner" else _ratio(t, traf),
                ]
            )
    headers = ["pages", "system", "docs", "docs/s", "MB/s", "÷ trafilatura"]
    return md_table(headers, rows, "llrrrr")


def text_table(results: dict[str, dict[str, Timing]]) -> str:
    rows = []
    for set_name, timings in results.items():
        mine, theirs = timings["cleaner"], timings["jusText"]
        rows.append(
            [
                set_name,
                str(mine.docs),
                f"{mine.nbytes / 1e6:.3f}",
                f"{mine.docs_per_s:.1f}",
                f"{mine.mb_per_s:.2f}",
                f"{theirs.docs_per_s:.1f}",
                f"{theirs.mb_per_s:.2f}",
                f"**{_ratio(mine, theirs)}**",
            ]
        )
    headers = [
        "inputs",
        "docs",
        "MB",
        "cleaner docs/s",
        "cleaner MB/s",
        "jusText docs/s",
        "jusText MB/s",
        "cleaner ÷ jusText",
    ]
    return md_table(headers, rows)


def stages_table(shares: dict[str, dict[str, float]]) -> str:
    sets = list(shares)
    stages = [*probes.STAGES, "total (µs a page, profiled)"]
    rows = []
    for stage in stages:
        cells = []
        for s in sets:
            v = shares[s].get(stage)
            if v is None:
                cells.append("")
            elif stage.startswith("total"):
                cells.append(f"{v:.0f}")
            else:
                cells.append(f"{v:.0%}" if v >= 0.005 else "–")
        rows.append([stage, *cells])
    return md_table(["stage (share of Cleaner.clean)", *sets], rows)


def stream_table(curves: dict[str, probes.Stream]) -> str:
    rows = []
    for name, c in curves.items():
        for pos, seconds in c.positions.items():
            rows.append(
                [
                    name,
                    str(pos),
                    f"{seconds * 1e3:.2f}",
                    f"{seconds / c.positions[1]:.2f}",
                    f"{seconds / c.cold:.2f}",
                ]
            )
    headers = ["stream", "page", "ms", "÷ page 1", "÷ memo off (same pages)"]
    return md_table(headers, rows, "lrrrr")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--out", type=Path, help="also write the markdown report here")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds, fastest kept (3)")
    ap.add_argument(
        "--text-rounds", type=int, default=7, help="timed rounds in text mode, fastest kept (7)"
    )
    ap.add_argument("--wcxb", type=int, default=0, help="WCXB pages to time (0: all 711)")
    ap.add_argument("--cold", action="store_true", help="cleaner's decision memo off")
    ap.add_argument(
        "--reuse",
        action="store_true",
        help="one Cleaner for all rounds: its memo already holds each timed document",
    )
    ap.add_argument("--skip-probes", action="store_true", help="only the docs/s tables")
    args = ap.parse_args(argv)

    crawl = Crawl(Options(memo_blocks=0) if args.cold else Options(), reuse=args.reuse)
    problems: list[str] = []
    html_sets = {"vi corpus": vi_pages(), "WCXB dev": wcxb_pages(args.wcxb)}
    html_results: dict[str, dict[str, Timing]] = {}
    for name, docs in html_sets.items():
        if docs:
            html_results[name], crashed = time_interleaved(
                html_systems(crawl), docs, args.rounds, crawl.new_round
            )
            problems += crashed
    text_results: dict[str, dict[str, Timing]] = {}
    texts = text_sets()
    for name, docs in texts.items():
        text_results[name], crashed = time_interleaved(
            text_systems(crawl), docs, args.text_rounds, crawl.new_round
        )
        problems += crashed

    head, _ = header("Speed: cleaner and its peers, same pages, same run", DISTS)
    parts = [
        head,
        f"- timing: {args.rounds} interleaved rounds (text mode {args.text_rounds}) after a "
        f"warm-up round, fastest round per page and system; cleaner "
        f"{_protocol(args.cold, args.reuse)}",
        "",
        "## HTML",
        "",
        html_table(html_results),
        "",
        "## Text mode (same lines for jusText, each wrapped as `<p>`)",
        "",
        text_table(text_results),
        "",
    ]
    if not args.skip_probes:
        parts += probe_sections(html_sets, texts)
    if problems:
        parts += ["Crashes (those documents left out of the set):", ""]
        parts += [f"- {p}" for p in problems]
        parts.append("")
    report = "\n".join(parts)
    print(report)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report + "\n", encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


def probe_sections(html_sets: dict[str, list[Doc]], texts: dict[str, list[Doc]]) -> list[str]:
    cleaner = Cleaner(Options(memo_blocks=0))  # stages of the full work, not memo hits

    def as_probe(docs: list[Doc]) -> list[probes.Doc]:
        return [probes.Doc(d.name, d.content, d.url) for d in docs]

    shares = {
        "vi corpus (HTML)": probes.stage_shares(
            lambda d: cleaner.clean(d.content, url=d.url, kind="html"),
            as_probe(html_sets["vi corpus"]),
        ),
        "WCXB dev, 150 (HTML)": probes.stage_shares(
            lambda d: cleaner.clean(d.content, url=d.url, kind="html"),
            as_probe(html_sets["WCXB dev"][:150]),
        ),
        "corpus naive text": probes.stage_shares(
            lambda d: cleaner.clean(d.content, url=d.url, kind="text"),
            as_probe(texts["corpus naive text"]),
        ),
    }
    dantri = [d for d in html_sets["vi corpus"] if d.name.startswith("dantri")]
    baomoi = probes.baomoi_stream()
    curves = {"baomoi.com fragments (HTML)": probes.stream_curve(baomoi)}
    # The fragments are the article area alone: in text mode almost nothing repeats.
    curves["baomoi.com fragments' naive text (text)"] = probes.stream_curve(
        [probes.Doc(d.name, naive_text(d.content), d.url) for d in baomoi], kind="text"
    )
    if dantri:
        ends = (1, 5, len(dantri))
        curves[f"dantri.com.vn pages ({len(dantri)}, HTML)"] = probes.stream_curve(
            as_probe(dantri), positions=ends, rotations=len(dantri)
        )
        naive = [probes.Doc(d.name, naive_text(d.content), d.url) for d in dantri]
        curves[f"dantri.com.vn naive text ({len(dantri)}, text)"] = probes.stream_curve(
            naive, positions=ends, rotations=len(dantri), kind="text"
        )
    vi_paths = sorted(CORPUS.glob("*/*.html"), key=lambda p: p.stat().st_size)
    first = vi_paths[len(vi_paths) // 2]
    warm = probes.warm_up(first, None)
    wcxb_paths = sorted((WCXB / "html").glob("*.html.gz"), key=probes.page_bytes)
    rss_rows = []
    for label, path in (
        ("largest vi corpus page", vi_paths[-1]),
        ("largest WCXB page", wcxb_paths[-1]),
    ):
        heap, added, total = probes.peak_rss(path)
        size = probes.page_bytes(path) / 1e6
        rss_rows.append(
            [label, path.name, f"{size:.2f}", f"{heap:.1f}", f"{added:.1f}", f"{total:.1f}"]
        )
    return [
        "## Where the time goes (cProfile, memo off)",
        "",
        stages_table(shares),
        "",
        "## Same-site stream (one Cleaner, pages in order; median over rotations; process time)",
        "",
        stream_table(curves),
        "",
        "## Warm-up (fresh interpreter, median of 5)",
        "",
        md_table(["step", "ms"], [[k, f"{v * 1e3:.1f}"] for k, v in warm.items()], "lr"),
        f"(first page: `{first.parent.name}/{first.name}`, no url)",
        "",
        "## Peak memory (fresh interpreter, one page)",
        "",
        md_table(
            ["page", "file", "MB", "Python heap peak (MB)", "RSS growth (MB)", "peak RSS (MB)"],
            rss_rows,
            "llrrrr",
        ),
        "",
    ]


if __name__ == "__main__":
    sys.exit(main())
