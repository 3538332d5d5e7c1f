"""Where cleaner's time goes, beyond docs/s: the per-stage breakdown, the same-site stream
curve, the warm-up cost and the peak memory of one large page. ``speed.py`` prints them.

* **stages**: one profiled pass (``cProfile``) over a set; each stage's cumulative time as
  a share of ``Cleaner.clean``. Profiling slows Python code more than C code, so the shares
  are for orientation; docs/s come from unprofiled runs.
* **stream**: one site's pages cleaned in order by one ``Cleaner``; the cost of the page at
  positions 1, 10 and 100, averaged over rotations of the page order (so each position
  sees different pages), against the same pages cleaned by a ``Cleaner`` whose decision
  memo is off.
* **warm-up**: fresh interpreters (subprocesses), median of several: ``import cleaner``,
  building the default ``Cleaner``, and its first page.
* **memory**: a fresh interpreter cleans one page: the Python heap's peak during the call
  (``tracemalloc``), and the process's peak RSS (``VmHWM``; ``ru_maxrss`` without ``/proc``),
  its growth in the call.
"""

from __future__ import annotations

import cProfile
import gzip
import json
import pstats
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cleaner import Cleaner, Options
from cleaner.api import Kind

REPO = Path(__file__).resolve().parent.parent
BAOMOI = Path("/work/shared/corpus/vi-text/baomoi_html_fragments.jsonl")

STAGES: dict[str, tuple[str, ...]] = {
    "parse (Lexbor, head metadata)": ("parse_page",),
    "walk (container, selectors, DOM walk)": ("segment_page",),
    "source choice (url, signatures)": ("select",),
    "line, block and cut rules": (
        "_apply_line_rules_python",
        "DecideSteps.line_rules",
        "_apply_block_rules",
        "_apply_cut_python",
        "DecideSteps.cut",
    ),
    "scorer": ("_score_python", "ScoreStep.run"),
    "context (headline, body region, neighbours, repeats)": (
        "choose_headline_python",
        "Context.choose_headline",
        "apply_context_python",
        "Context.apply_context",
        "drop_repeats_python",
        "Context.drop_repeats",
    ),
    "text front end (normalise, split)": ("segment_text_python", "segment_text_native"),
}
"""Each stage and the functions whose cumulative time it is (by name, in cleaner/; a
compiled step as ``Type.method`` of ``cleaner._ctext``, with its Python twin beside it:
whichever ran is counted)."""


@dataclass(frozen=True, slots=True)
class Doc:
    name: str
    content: str
    url: str | None


def stage_shares(clean: Callable[[Doc], object], docs: Sequence[Doc]) -> dict[str, float]:
    """Each stage's share of ``Cleaner.clean``'s cumulative time over one profiled pass."""
    profile = cProfile.Profile()
    profile.enable()
    for doc in docs:
        clean(doc)
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    cumulative: dict[str, float] = {}
    for (path, _line, func), (_cc, _nc, _tt, ct, _callers) in stats.items():
        if "/cleaner/" in path:
            cumulative[func] = cumulative.get(func, 0.0) + ct
        elif path == "~" and func.endswith(" objects>") and "'cleaner._ctext." in func:
            # cProfile names a C method "<method 'cut' of 'cleaner._ctext.DecideSteps' objects>"
            parts = func.split("'")
            name = f"{parts[3].rsplit('.', 1)[-1]}.{parts[1]}"
            cumulative[name] = cumulative.get(name, 0.0) + ct
    total = cumulative.get("clean", 0.0)
    if not total:
        return {}
    shares = {
        stage: sum(cumulative.get(f, 0.0) for f in funcs) / total for stage, funcs in STAGES.items()
    }
    shares["total (µs a page, profiled)"] = total / len(docs) * 1e6
    return shares


def baomoi_stream(limit: int = 120) -> list[Doc]:
    """baomoi.com article-area HTML fragments, in file order (one site)."""
    docs: list[Doc] = []
    if not BAOMOI.is_file():
        return docs
    with BAOMOI.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            record = json.loads(line)
            docs.append(Doc(f"baomoi#{i}", record["content_html"], record.get("url")))
            if len(docs) >= limit:
                break
    return docs


@dataclass(frozen=True, slots=True)
class Stream:
    positions: dict[int, float]
    """Position (1-based) -> median seconds (process time) of the page cleaned there, memo
    on."""
    cold: float
    """Median seconds (process time) a page with the memo off, over the same pages."""
    pages: int
    rotations: int


def stream_curve(
    docs: Sequence[Doc],
    positions: Sequence[int] = (1, 10, 100),
    rotations: int = 10,
    kind: Kind = "html",
) -> Stream:
    """Clean ``docs`` in order with one memo-on Cleaner, once per rotation of the order;
    time the page at each position. At those positions a memo-off Cleaner cleans the same
    page too, before the warm one in even rotations and after it in odd ones (whichever
    runs second finds the page in the CPU caches). Each page is timed in process time
    (``time.process_time``): page 1 and page N are cleaned at different moments, and on a
    shared machine wall time between them moved the ratio from 0.42 to 0.75 for one tree;
    the CPU this process spent does not count other processes' turns. The median over the
    rotations, not the mean: a full garbage collection of the benchmark's heap (29 ms,
    against 3 ms for the page) landed in one rotation's page 1 and made the mean page 1
    1.7 times the memo-off page, a ratio of 0.36 that measured the collector."""
    n = len(docs)
    cold_cleaner = Cleaner(Options(memo_blocks=0))
    cold_cleaner.clean(docs[0].content, url=docs[0].url, kind=kind)  # lazy imports
    at: dict[int, list[float]] = {p: [] for p in positions if p <= n}
    cold: list[float] = []

    def timed(cleaner: Cleaner, doc: Doc) -> float:
        start = time.process_time()
        cleaner.clean(doc.content, url=doc.url, kind=kind)
        return time.process_time() - start

    step = max(1, n // rotations)
    for r in range(rotations):
        order = [docs[(r * step + k) % n] for k in range(n)]
        warm = Cleaner()
        for k, doc in enumerate(order, start=1):
            if k not in at:
                warm.clean(doc.content, url=doc.url, kind=kind)
            elif r % 2 == 0:
                cold.append(timed(cold_cleaner, doc))
                at[k].append(timed(warm, doc))
            else:
                at[k].append(timed(warm, doc))
                cold.append(timed(cold_cleaner, doc))
    return Stream(
        positions={p: statistics.median(v) for p, v in at.items()},
        cold=statistics.median(cold),
        pages=n,
        rotations=rotations,
    )


_WARMUP = """
import time, sys
t0 = time.perf_counter()
import cleaner
t1 = time.perf_counter()
c = cleaner.Cleaner()
t2 = time.perf_counter()
c.clean(open(sys.argv[1], encoding="utf-8").read(), url=sys.argv[2] or None)
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2)
"""


def warm_up(page: Path, url: str | None, runs: int = 5) -> dict[str, float]:
    """Median seconds of ``import cleaner``, ``Cleaner()`` and the first ``clean`` in fresh
    interpreters."""
    samples: list[list[float]] = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _WARMUP, str(page), url or ""],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        )
        samples.append([float(x) for x in out.stdout.split()])
    names = ("import cleaner", "build a Cleaner", "first page")
    return {name: statistics.median(s[i] for s in samples) for i, name in enumerate(names)}


_RSS = """
import gzip, resource, sys, tracemalloc
import cleaner

def peak_kb():
    # VmHWM: this process image's own peak. ru_maxrss is not: Linux keeps the peak of the
    # image exec replaced, here the forked copy of the benchmark's large process.
    try:
        with open("/proc/self/status") as status:
            line = next(x for x in status if x.startswith("VmHWM:"))
        return int(line.split()[1])
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

c = cleaner.Cleaner()
path = sys.argv[1]
data = gzip.decompress(open(path, "rb").read()) if path.endswith(".gz") else open(path, "rb").read()
c.clean(b"<html><body><p>warm</p></body></html>", kind="html")
before = peak_kb()
tracemalloc.start()
c.clean(data, kind="html")
heap = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
after = peak_kb()
print(before, after, heap)
"""


def peak_rss(page: Path) -> tuple[float, float, float]:
    """In a fresh interpreter that cleans ``page``: MB of Python heap at the call's peak
    (``tracemalloc``: Python objects only, not Lexbor's tree), MB the process's peak RSS
    grew during the call, and that peak RSS. The peak is the child's ``VmHWM`` where
    ``/proc`` has it: its ``ru_maxrss`` on Linux starts at the peak of the process it was
    forked from (the kernel keeps the replaced image's peak across ``exec``), which under
    this benchmark is hundreds of MB that are not the page's."""
    out = subprocess.run(
        [sys.executable, "-c", _RSS, str(page)], capture_output=True, text=True, check=True
    )
    before, after, heap = (int(x) for x in out.stdout.split())
    return heap / 1e6, (after - before) / 1024, after / 1024


def page_bytes(path: Path) -> int:
    data = path.read_bytes()
    return len(gzip.decompress(data)) if path.suffix == ".gz" else len(data)
