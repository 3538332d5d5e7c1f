"""Batch scale: the command line on thousands of pages, one core against every core.

What it runs (each a real ``python -m cleaner`` subprocess, output to a file, no progress
bar), on pages written to a scratch folder before timing:

* **jobs**: ``--pages`` HTML pages as JSONL records (every distinct page of the WCXB dev
  set, the Vietnamese corpus, multilang-dev and the fixtures, cycled to the count), with
  ``--jobs 1`` and ``--jobs 2``: docs/s (wall clock, interpreter start included) and
  whether the two outputs are byte-identical. The same with only the distinct pages once.
  Pages repeat when ``--pages`` exceeds the distinct count: each ``Cleaner``'s block memo
  then helps, and helps ``--jobs 1`` (one memo sees every repeat) more than ``--jobs 2``
  (each worker has its own), so the speed-up is if anything understated.
* **memory**: peak RSS of the whole process tree (main process and workers, summed, sampled
  every 20 ms from ``/proc``) cleaning 2,000 and 20,000 JSONL records with the default
  jobs. Records are the WCXB ground-truth bodies as text and the pages under 64 KB as HTML,
  cycled (20,000 full pages would be 3.7 GB of JSONL); ``--memory-text-only`` keeps the
  text records only (a run short enough for a loaded machine).
* **warc**: the ``--pages`` pages as a gzipped WARC crawl (written with warcio, HTTP
  ``Content-Type`` with charset), ``--jobs 1`` and ``--jobs 2``.
* **datatrove** (hook): ``benchmarks/scale_datatrove.py``, when present, provides
  ``measure(warc: Path, pages: int) -> list[list[str]]``: rows of (system, docs/s, note) for
  the datatrove pipeline beside datatrove's own Trafilatura extractor on the same WARC.

The machine is shared: the load average before and after each run is reported beside it.
"""

from __future__ import annotations

import argparse
import gzip
import io
import itertools
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.report import header, md_table  # noqa: E402

SHARED = Path("/work/shared/corpus")
WCXB = SHARED / "en-wcxb-dev"
SMALL_PAGE_BYTES = 64 * 1024
SAMPLE_SECONDS = 0.02


@dataclass(frozen=True)
class Page:
    name: str
    html: bytes
    url: str | None


def distinct_pages() -> list[Page]:
    pages: list[Page] = []
    for file in sorted((WCXB / "html").glob("*.html.gz")):
        truth = WCXB / "ground-truth" / file.name.replace(".html.gz", ".json")
        url = json.loads(truth.read_text("utf-8")).get("url") if truth.exists() else None
        pages.append(Page(file.name, gzip.decompress(file.read_bytes()), url))
    for folder in (
        SHARED / "vi",
        SHARED / "multilang-dev",
        SHARED / "vi-listing",
        ROOT / "fixtures",
    ):
        for file in sorted(folder.rglob("*.htm*")):
            pages.append(Page(str(file.relative_to(folder)), file.read_bytes(), None))
    return pages


def small_records(*, html: bool = True) -> list[dict[str, object]]:
    records: list[dict[str, object]] = []
    for truth in sorted((WCXB / "ground-truth").glob("*.json")):
        data = json.loads(truth.read_text("utf-8"))
        body = data["ground_truth"].get("main_content") or ""
        records.append({"text": f"{data['ground_truth'].get('title') or ''}\n\n{body}"})
    for page in distinct_pages() if html else []:
        if len(page.html) <= SMALL_PAGE_BYTES:
            records.append({"html": page.html.decode("utf-8", "replace"), "url": page.url})
    return records


def write_jsonl(path: Path, records: list[dict[str, object]], count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in itertools.islice(itertools.cycle(records), count):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def page_records(pages: list[Page]) -> list[dict[str, object]]:
    return [{"html": p.html.decode("utf-8", "replace"), "url": p.url} for p in pages]


def write_warc(path: Path, pages: list[Page], count: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for i, page in enumerate(itertools.islice(itertools.cycle(pages), count)):
            url = page.url or f"https://example.org/{i}/{page.name}"
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(page.html), http_headers=http
            )
            writer.write_record(record)


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            rss = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
            total += int(rss.split()[1]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(c) for c in children)
        except (OSError, StopIteration, ValueError):
            continue
    return total


@dataclass(frozen=True)
class RunFigures:
    seconds: float
    peak_rss: int
    returncode: int
    load_before: float
    load_after: float


def run_cli(args: list[str], cwd: Path) -> RunFigures:
    """``python -m cleaner ARGS``: wall time and the peak RSS of its process tree."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleaner", *args, "--no-progress", "-q"],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"cleaner {' '.join(args)} failed: {err.decode()[-2000:]}")
    return RunFigures(seconds, peak, proc.returncode, load_before, os.getloadavg()[0])


def _mb(n: int) -> str:
    return f"{n / 1e6:.0f} MB"


def _load(f: RunFigures) -> str:
    return f"{f.load_before:.1f} → {f.load_after:.1f}"


def jobs_rows(work: Path, name: str, docs: int) -> tuple[list[list[str]], bool]:
    rows = []
    figures = {}
    for jobs in ("1", "2"):
        out = f"{name}.out{jobs}.jsonl"
        f = run_cli([f"{name}.jsonl", "-o", out, "--jobs", jobs], work)
        figures[jobs] = f
        rows.append([f"{name}, --jobs {jobs}", str(docs), f"{f.seconds:.1f}",
                     f"{docs / f.seconds:.1f}", _mb(f.peak_rss), _load(f)])  # fmt: skip
    same = (work / f"{name}.out1.jsonl").read_bytes() == (work / f"{name}.out2.jsonl").read_bytes()
    speedup = figures["1"].seconds / figures["2"].seconds
    rows.append(
        [f"{name}: speed-up", "", "", f"**{speedup:.2f}×**", "", "identical" if same else "DIFFER"]
    )
    return rows, same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--memory", default="2000,20000", help="record counts, comma-separated")
    parser.add_argument(
        "--memory-text-only",
        action="store_true",
        help="memory records: only the WCXB ground-truth bodies, as text (a shorter run)",
    )
    parser.add_argument("--work", default="/tmp/cleaner-scale", help="scratch folder")
    parser.add_argument("--skip", default="", help="comma-separated: jobs,distinct,memory,warc")
    parser.add_argument("--out", help="write the markdown report here")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    pages = distinct_pages()
    head, _ = header("Batch scale (benchmarks/scale.py)", ["trafilatura", "warcio", "tqdm"])
    lines = [head]
    lines += ["", f"Cores: {os.cpu_count()}; distinct pages: {len(pages)}.", ""]
    cols = [
        "run",
        "docs",
        "seconds",
        "docs/s",
        "peak RSS (tree)",
        "load avg (1 min) before → after",
    ]

    if "jobs" not in skip:
        write_jsonl(work / "pages.jsonl", page_records(pages), args.pages)
        rows, _ = jobs_rows(work, "pages", args.pages)
        if "distinct" not in skip:
            write_jsonl(work / "distinct.jsonl", page_records(pages), len(pages))
            more, _ = jobs_rows(work, "distinct", len(pages))
            rows += more
        lines += [
            "## --jobs 1 against --jobs 2 (JSONL of HTML pages)",
            "",
            md_table(cols, rows),
            "",
        ]
        print("\n".join(lines[-3:]), flush=True)

    if "memory" not in skip:
        records = small_records(html=not args.memory_text_only)
        rows = []
        peaks = {}
        for count in (int(c) for c in args.memory.split(",")):
            write_jsonl(work / f"mem{count}.jsonl", records, count)
            f = run_cli([f"mem{count}.jsonl", "-o", f"mem{count}.out.jsonl"], work)
            peaks[count] = f.peak_rss
            rows.append([f"{count} records, default --jobs", str(count), f"{f.seconds:.1f}",
                         f"{count / f.seconds:.1f}", _mb(f.peak_rss), _load(f)])  # fmt: skip
        counts = sorted(peaks)
        ratio = peaks[counts[-1]] / peaks[counts[0]]
        rows.append([f"peak RSS {counts[-1]} / {counts[0]}", "", "", "", f"**{ratio:.2f}×**", ""])
        lines += [f"## Memory on a stream ({len(records)} distinct records, cycled)", "",
                  md_table(cols, rows), ""]  # fmt: skip
        print("\n".join(lines[-3:]), flush=True)

    if "warc" not in skip:
        warc = work / "crawl.warc.gz"
        write_warc(warc, pages, args.pages)
        rows = []
        for jobs in ("1", "2"):
            f = run_cli(["crawl.warc.gz", "-o", f"warc.out{jobs}.jsonl", "--jobs", jobs], work)
            rows.append([f"WARC ({warc.stat().st_size / 1e6:.0f} MB gz), --jobs {jobs}",
                         str(args.pages), f"{f.seconds:.1f}", f"{args.pages / f.seconds:.1f}",
                         _mb(f.peak_rss), _load(f)])  # fmt: skip
        rows += datatrove_rows(warc, args.pages)
        lines += ["## WARC input", "", md_table(cols, rows), ""]
        print("\n".join(lines[-3:]), flush=True)

    if args.out:
        Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")


def datatrove_rows(warc: Path, pages: int) -> list[list[str]]:
    """The datatrove pipeline beside datatrove's own Trafilatura extractor (the
    integrations' benchmark module, when it exists)."""
    try:
        from benchmarks import scale_datatrove
    except ImportError:
        return [["datatrove pipeline", "", "", "not measured", "", "scale_datatrove.py absent"]]
    measure = getattr(scale_datatrove, "measure", None)
    if measure is None:  # it has its own command and results file
        note = "see benchmarks/results/scale-datatrove.md"
        return [["datatrove pipeline", "", "", "separate run", "", note]]
    rows: list[list[str]] = measure(warc, pages)
    return rows


if __name__ == "__main__":
    main()
