"""The WCXB report: tables per split, where cleaner loses recall, its worst pages.

See ``benchmarks/wcxb.py`` for the data, the systems and the metrics.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from benchmarks.metric import aggregate, shingles
from benchmarks.report import REPO, header, md_table
from benchmarks.wcxb import (
    CATASTROPHE,
    CLEANER,
    CORPUS,
    DISTS,
    HOLDOUT_EVERY,
    OUT,
    PEERS,
    POST,
    SYSTEM_NAMES,
    TRUTH,
    WORST,
    PageFigures,
    Run,
    WPage,
    figures,
    load_pages,
    run_cleaner,
    run_peer,
    run_post,
)
from cleaner.model import Block


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
    """Truth shingles carried by the blocks cleaner dropped, per kind of verdict."""
    truth = shingles(page.truth)
    lost: Counter[str] = Counter()
    for block in getattr(result, "blocks", ()):
        if block.kept:
            continue
        common = sum((shingles(block.text) & truth).values())
        if common:
            lost[verdict_kind(block)] += common
    return lost


def leaked_by_reason(page: WPage, result: object) -> Counter[str]:
    """Shingles of kept blocks that the truth does not hold, per kind of verdict and tag."""
    truth = shingles(page.truth)
    leaked: Counter[str] = Counter()
    for block in getattr(result, "blocks", ()):
        if not block.kept:
            continue
        extra = sum((shingles(block.text) - truth).values())
        if extra:
            leaked[f"{verdict_kind(block)} <{block.tag}>"] += extra
    return leaked


def verdict_kind(block: Block) -> str:
    """What decided a dropped block, without its per-block numbers: the origin, with the
    rule id or the chrome category and token where there is one."""
    kind = block.origin.value
    detail = block.rule or (str(block.chrome) if block.chrome else "")
    return f"{'settle: ' if block.settled else ''}{kind}{':' + detail if detail else ''}"


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
    leaked: Counter[str] = Counter()
    for pid in dev_ids:
        if pid in results:
            lost.update(lost_by_reason(page_of[pid], results[pid]))
            leaked.update(leaked_by_reason(page_of[pid], results[pid]))
    for title, what, counts in (
        ("recall", "Truth shingles held by dropped blocks, by what dropped them.", lost),
        ("precision", "Kept shingles the truth lacks, by what kept them and tag.", leaked),
    ):
        total = sum(counts.values()) or 1
        rows = [[k, str(v), f"{v / total:.1%}"] for k, v in counts.most_common(15)]
        parts += [
            "",
            f"## Where cleaner loses {title} (dev pages)",
            "",
            what,
            "",
            md_table(["verdict", "shingles", "share"], rows),
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
    peer_runs: dict[str, Run] = {}
    for name in SYSTEM_NAMES:
        if name not in wanted:
            continue
        if name == CLEANER:
            run, results = run_cleaner(pages)
        elif name in POST:  # the peer's (cached) output, then cleaner in text mode
            peer = POST[name]
            if peer not in peer_runs:
                found = next(p for p in PEERS if p.name == peer)
                peer_runs[peer] = run_peer(found, pages, fresh=fresh)
            run = run_post(name, peer_runs[peer], pages)
        else:
            run = run_peer(next(p for p in PEERS if p.name == name), pages, fresh=fresh)
            peer_runs[name] = run
        runs.append(run)
    text, data = report(pages, runs, results)
    print(text)
    if out_file is not None:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_text(text + "\n", encoding="utf-8")
        json_path = out_file.with_suffix(".json")
        json_path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0
