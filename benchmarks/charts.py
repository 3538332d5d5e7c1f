"""Draw the benchmark results as SVG pictures, from the stored results files only.

    python benchmarks/charts.py            # reads benchmarks/results/*.json, writes *.svg there

Three pictures, linked from the README:

- ``f1-by-dataset.svg``: F1 of every system on every dataset (grouped bars);
- ``speed-vs-accuracy.svg``: one point per system, docs/s (log scale) against F1, one panel
  per dataset (speeds are not comparable across datasets: page sizes differ);
- ``loso.svg``: F1 per site with all rules and with the site's own rule file disabled.

Datasets are read from three kinds of file: ``accuracy.json`` (the Vietnamese corpus,
written by ``accuracy.py``), any ``*.json`` with ``splits`` (``accuracy.py --set wcxb``: its
``all`` split) and any with ``by_system`` (``--set multilang``: scored against the golden
fixtures, docs/s = pages / seconds). ``make bench`` runs this after the benchmarks, so the
pictures always show the stored figures. The SVGs are reproducible: no date, a fixed id
salt, text kept as text.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

RESULTS = Path(__file__).resolve().parent / "results"

ALIASES = {"cleaner": "cleaner html", "jusText (English)": "jusText"}
"""The same system under another name in another results file."""
LEFT_OUT = ("truth", "own site's rules disabled")
"""Not systems: the ground truth scored against itself; leave-one-site-out has its own
picture."""
CLEANER_FULL = "cleaner html"
CLEANER_LOSO = "cleaner html, own site's rules disabled"


@dataclass
class Dataset:
    name: str
    pages: int
    f1: dict[str, float] = field(default_factory=dict)
    docs_per_s: dict[str, float] = field(default_factory=dict)


def _number(value: object) -> float | None:
    """A figure as stored: a number, or a table cell string such as ``**0.888**``."""
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip("* "))
        except ValueError:
            return None
    return None


def _system(name: str) -> str | None:
    if any(word in name for word in LEFT_OUT):
        return None
    return ALIASES.get(name, name)


def read_accuracy(data: Mapping[str, object], name: str) -> Dataset:
    systems = data["systems"]
    assert isinstance(systems, dict)
    pages = max((int(s.get("pages") or 0) for s in systems.values()), default=0)
    out = Dataset(name=name, pages=pages)
    for raw, figures in systems.items():
        system = _system(raw)
        f1 = _number(figures.get("f1"))
        if system is None or f1 is None:
            continue
        out.f1[system] = f1
        speed = _number(figures.get("docs_per_s"))
        if speed:
            out.docs_per_s[system] = speed
    return out


def read_splits(data: Mapping[str, object], name: str, split: str = "all") -> Dataset | None:
    splits = data.get("splits")
    if not isinstance(splits, dict) or split not in splits:
        return None
    per_page = data.get("per_page")
    pages = len(next(iter(per_page.values()))) if isinstance(per_page, dict) and per_page else 0
    out = Dataset(name=name, pages=pages)
    for raw, figures in splits[split].items():
        system = _system(raw)
        f1 = _number(figures.get("shingle F1"))
        if system is None or f1 is None:
            continue
        out.f1[system] = f1
        speed = _number(figures.get("docs/s"))
        if speed:
            out.docs_per_s[system] = speed
    return out


def read_by_system(data: Mapping[str, object], name: str, truth: str = "golden") -> Dataset:
    by_system = data["by_system"]
    assert isinstance(by_system, dict)
    out = Dataset(name=name, pages=0)
    for raw, figures in by_system.items():
        system = _system(raw)
        scored = figures.get(truth)
        if system is None or not isinstance(scored, dict):
            continue
        f1, pages = _number(scored.get("f1")), int(scored.get("pages") or 0)
        if f1 is None:
            continue
        out.f1[system] = f1
        out.pages = max(out.pages, pages)
        seconds = _number(figures.get("seconds"))
        if seconds and pages:
            out.docs_per_s[system] = pages / seconds
    return out


def read_datasets(folder: Path) -> tuple[list[Dataset], dict[str, tuple[float, float, int]]]:
    """Every dataset found in ``folder``, and the leave-one-site-out figures per site
    (F1 all rules, F1 own rules disabled, pages) from ``accuracy.json``."""
    datasets: list[Dataset] = []
    loso: dict[str, tuple[float, float, int]] = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            continue
        if "systems" in data:
            datasets.insert(0, read_accuracy(data, "Vietnamese news"))
            loso = read_loso(data)
        elif "by_system" in data:
            datasets.append(read_by_system(data, path.stem.split("-")[0]))
        elif (found := read_splits(data, path.stem.split("-")[0].upper())) is not None:
            datasets.append(found)
    return datasets, loso


def read_loso(data: Mapping[str, object]) -> dict[str, tuple[float, float, int]]:
    systems = data["systems"]
    assert isinstance(systems, dict)
    if CLEANER_FULL not in systems or CLEANER_LOSO not in systems:
        return {}
    full, loso = systems[CLEANER_FULL]["per_page"], systems[CLEANER_LOSO]["per_page"]
    sites: dict[str, list[tuple[float, float]]] = {}
    for page, figures in loso.items():
        if page in full:
            sites.setdefault(page.split("/", 1)[0], []).append((full[page]["f1"], figures["f1"]))
    return {
        site: (sum(a for a, _ in v) / len(v), sum(b for _, b in v) / len(v), len(v))
        for site, v in sorted(sites.items())
    }


def _systems(datasets: list[Dataset]) -> list[str]:
    """Systems in the order they first appear, cleaner first."""
    seen = dict.fromkeys(s for d in datasets for s in d.f1)
    return sorted(seen, key=lambda s: (not s.startswith("cleaner"), list(seen).index(s)))


def f1_by_dataset(datasets: list[Dataset]) -> Figure:
    systems = _systems(datasets)
    fig, ax = plt.subplots(figsize=(9, 4.2))
    width = 0.8 / max(len(datasets), 1)
    for k, data in enumerate(datasets):
        xs = [i + (k - (len(datasets) - 1) / 2) * width for i, s in enumerate(systems)]
        ys = [data.f1.get(s, float("nan")) for s in systems]
        bars = ax.bar(xs, ys, width, label=f"{data.name} ({data.pages} pages)")
        ax.bar_label(bars, fmt="%.3f", fontsize=7, rotation=90, padding=2)
    ax.set_xticks(range(len(systems)), systems, rotation=25, ha="right", fontsize=8)
    ax.set_ylabel("F1 (4-gram shingles)")
    ax.set_ylim(0.5, 1.12)
    ax.set_title("Accuracy by dataset and system")
    ax.legend(fontsize=8, loc="upper right", ncol=len(datasets), framealpha=1)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return fig


def speed_vs_accuracy(datasets: list[Dataset]) -> Figure:
    timed = [d for d in datasets if d.docs_per_s]
    fig, axes = plt.subplots(1, max(len(timed), 1), figsize=(5 * max(len(timed), 1), 4.2))
    for ax, data in zip(axes if len(timed) > 1 else [axes], timed, strict=False):
        for system, speed in data.docs_per_s.items():
            f1 = data.f1[system]
            own = system.startswith("cleaner")
            ax.scatter(speed, f1, s=60 if own else 35, marker="*" if own else "o",
                       color="#d62728" if own else "#1f77b4", zorder=3)  # fmt: skip
            ax.annotate(system, (speed, f1), textcoords="offset points", xytext=(5, 4),
                        fontsize=7)  # fmt: skip
        ax.set_xscale("log")
        ax.xaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("documents per second (log scale)")
        ax.set_ylabel("F1")
        ax.set_title(f"{data.name} ({data.pages} pages)")
        ax.grid(alpha=0.3)
    fig.suptitle("Speed against accuracy: up and to the right is better")
    fig.tight_layout()
    return fig


def loso_chart(loso: dict[str, tuple[float, float, int]]) -> Figure:
    sites = list(loso)
    fig, ax = plt.subplots(figsize=(9, 4))
    xs = range(len(sites))
    full = [loso[s][0] for s in sites]
    alone = [loso[s][1] for s in sites]
    ax.bar([x - 0.2 for x in xs], full, 0.4, label="all rules", color="#1f77b4")
    bars = ax.bar([x + 0.2 for x in xs], alone, 0.4, label="own site's rules disabled",
                  color="#ff7f0e")  # fmt: skip
    ax.bar_label(bars, fmt="%.3f", fontsize=7, rotation=90, padding=2)
    labels = [f"{s}\n({loso[s][2]} p.)" for s in sites]
    ax.set_xticks(list(xs), labels, rotation=30, ha="right", fontsize=8)
    ax.set_ylim(min([0.8, *alone]) - 0.02, 1.1)
    ax.set_ylabel("F1 (mean over the site's pages)")
    ax.set_title("Leave-one-site-out: cleaner HTML with each site's own rule file disabled")
    ax.legend(fontsize=8, loc="upper right", ncol=2, framealpha=1)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return fig


def save(fig: Figure, target: Path) -> Path:
    fig.savefig(target, format="svg", metadata={"Date": None})
    plt.close(fig)
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--results", type=Path, default=RESULTS, help="folder of results *.json")
    ap.add_argument("--out", type=Path, help="folder for the SVGs (default: --results)")
    args = ap.parse_args(argv)
    out: Path = args.out or args.results
    out.mkdir(parents=True, exist_ok=True)
    plt.rcParams.update({"svg.hashsalt": "cleaner", "svg.fonttype": "none"})
    datasets, loso = read_datasets(args.results)
    if not datasets:
        print(f"charts: no results in {args.results}", file=sys.stderr)
        return 1
    written = [
        save(f1_by_dataset(datasets), out / "f1-by-dataset.svg"),
        save(speed_vs_accuracy(datasets), out / "speed-vs-accuracy.svg"),
    ]
    if loso:
        written.append(save(loso_chart(loso), out / "loso.svg"))
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
