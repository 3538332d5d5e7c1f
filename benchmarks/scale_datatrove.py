"""Throughput at scale. ``datatrove_pipeline``: docs/s of the datatrove pipeline
``WarcReader -> extractor -> JsonlWriter`` with ``CleanerExtractor`` beside datatrove's own
``Trafilatura`` extractor, on the same WARC files, same run, alternating.

    python -m benchmarks.scale_datatrove datatrove [--out benchmarks/results/scale-datatrove.md]

The WARC holds every page of the vi corpus and of WCXB dev (758 pages, their original
bytes, with their URLs and ``WARC-Identified-Payload-Type: text/html``), split over two
files so that two tasks can run at once. Both extractors run with their defaults (1 s per
document). Reported per extractor and worker count: wall-clock docs/s over the documents
read (reader and writer included, as a user sees it), the extractor's own docs/s from
datatrove's stats, documents kept, and timeouts. Each configuration runs ``--repeats``
times, alternating the two extractors; the fastest run counts (load from other processes
on this shared machine only ever slows a run down).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.naive import load_corpus

WCXB = Path("/work/shared/corpus/en-wcxb-dev")


@dataclass(frozen=True)
class PipelineRun:
    extractor: str
    workers: int
    docs: int
    kept: int
    timeouts: int
    wall_s: float
    extract_s: float

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.wall_s

    @property
    def extract_docs_per_s(self) -> float:
        return self.docs / self.extract_s if self.extract_s else float("nan")


def warc_pages() -> list[tuple[str, bytes]]:
    """(url, original bytes) of every vi corpus and WCXB dev page."""
    pages = [
        (p.url or f"https://{p.site}/{p.path.name}", p.path.read_bytes()) for p in load_corpus()
    ]
    for path in sorted((WCXB / "html").glob("*.html.gz")):
        truth = WCXB / "ground-truth" / path.name.replace(".html.gz", ".json")
        meta = json.loads(truth.read_text(encoding="utf-8")) if truth.is_file() else {}
        url = meta.get("url") or f"https://wcxb.invalid/{path.name}"
        pages.append((url, gzip.decompress(path.read_bytes())))
    return pages


def write_warcs(pages: list[tuple[str, bytes]], folder: Path, files: int = 2) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder.mkdir(parents=True, exist_ok=True)
    for part in range(files):
        with (folder / f"part-{part}.warc.gz").open("wb") as handle:
            writer = WARCWriter(handle, gzip=True)
            for url, payload in pages[part::files]:
                http = StatusAndHeaders(
                    "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
                )
                writer.write_record(
                    writer.create_warc_record(
                        url,
                        "response",
                        payload=io.BytesIO(payload),
                        http_headers=http,
                        warc_headers_dict={"WARC-Identified-Payload-Type": "text/html"},
                    )
                )


def run_pipeline(
    make_extractor: Callable[[], Any], name: str, warcs: Path, workers: int, work: Path
) -> PipelineRun:
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter

    logs = work / "logs"
    executor = LocalPipelineExecutor(
        pipeline=[WarcReader(str(warcs)), make_extractor(), JsonlWriter(str(work / "out"))],
        tasks=2,
        workers=workers,
        logging_dir=str(logs),
    )
    start = time.perf_counter()
    executor.run()
    wall = time.perf_counter() - start
    stats = json.loads((logs / "stats.json").read_text(encoding="utf-8"))
    extractor = next(s for s in stats if "EXTRAC" in s["name"])
    step = extractor["stats"]

    def total(key: str) -> int:
        value = step.get(key, 0)
        return int(value["total"] if isinstance(value, dict) else value)

    extract_s = float(extractor["time_stats"]["total"])  # in the extractor, summed over tasks
    return PipelineRun(
        name, workers, total("total"), total("forwarded"), total("timeout"), wall, extract_s
    )


def datatrove_pipeline(repeats: int) -> list[PipelineRun]:
    from datatrove.pipeline.extractors import Trafilatura

    from cleaner.integrations.datatrove import CleanerExtractor

    contenders: list[tuple[str, Callable[[], Any]]] = [
        ("cleaner (CleanerExtractor)", CleanerExtractor),
        ("trafilatura (datatrove Trafilatura)", Trafilatura),
    ]
    best: dict[tuple[str, int], PipelineRun] = {}
    with tempfile.TemporaryDirectory() as tmp:
        warcs = Path(tmp) / "warc"
        write_warcs(warc_pages(), warcs)
        count = 0
        for workers in (1, 2):
            for _ in range(repeats):
                for name, make in contenders:
                    count += 1
                    run = run_pipeline(make, name, warcs, workers, Path(tmp) / f"run{count}")
                    print(
                        f"{name}, {workers} worker(s): {run.docs} docs in {run.wall_s:.1f} s",
                        file=sys.stderr,
                    )
                    key = (name, workers)
                    if key not in best or run.wall_s < best[key].wall_s:
                        best[key] = run
    return list(best.values())


def datatrove_table(runs: list[PipelineRun]) -> str:
    lines = [
        "| extractor | workers | docs | kept | timeouts | docs/s (pipeline) | "
        "docs/s (extractor, per task) | ratio to trafilatura |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for run in runs:
        peer = next(
            r for r in runs if r.workers == run.workers and r.extractor.startswith("trafilatura")
        )
        lines.append(
            f"| {run.extractor} | {run.workers} | {run.docs} | {run.kept} | {run.timeouts} | "
            f"{run.docs_per_s:.1f} | {run.extract_docs_per_s:.1f} | "
            f"{run.docs_per_s / peer.docs_per_s:.2f}× |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["datatrove"])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    from importlib.metadata import version

    runs = datatrove_pipeline(args.repeats)
    table = datatrove_table(runs)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    report = (
        f"# datatrove pipeline: CleanerExtractor beside Trafilatura\n\n"
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, Python "
        f"{platform.python_version()}, datatrove {version('datatrove')}, cleaner "
        f"{version('cleaner')}, trafilatura {version('trafilatura')}, "
        f"2 tasks over 2 WARC files, fastest of {args.repeats} alternating runs; load "
        f"average at the end (1, 5, 15 min) {load} on {os.cpu_count()} cores.\n\n{table}\n"
    )
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
