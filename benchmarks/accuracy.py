"""Accuracy and speed of ``cleaner`` and its peers on the golden pages.

Golden pages are ``fixtures/<site>/<case>.html`` with a ``<case>.expected.txt`` (headline line,
then the body) and a ``<case>.toml`` (``url = ...``).

Systems, all run in the same process on the same decoded ``str`` of each page:

* ``cleaner html``: ``Cleaner().clean(html, url=url, kind="html")`` (a new Cleaner each
  timed pass: see Timing);
* ``cleaner text``: ``Cleaner().clean(naive_text(html), url=url, kind="text")`` where
  ``naive_text`` is our innerText-like rendering (``benchmarks/naive.py``), made before the
  clock starts;
* ``trafilatura``: ``trafilatura.extract(html)`` (defaults: comments and tables included);
* ``trafilatura precision``: ``trafilatura.extract(html, favor_precision=True)``;
* ``jusText``: ``justext.justext(html, get_stoplist("Vietnamese"))``, the non-boilerplate
  paragraphs one per line;
* ``readability``: ``Document(html).summary()`` rendered to lines by ``naive.fragment_text``;
* ``resiliparse``: ``extract_plain_text(HTMLTree.parse(html), main_content=True)``;
* ``html-text``: ``html_text.extract_text(html, guess_layout=True)``, the naive baseline;
* ``trafilatura+cleaner``, ``readability+cleaner``, ``jusText+cleaner``: that peer's output
  cleaned with ``Cleaner().clean(output, url=url, kind="text")`` (cleaner as a post-processor; the
  time includes the peer's).

Scoring (``benchmarks/metric.py``): every system is scored against the golden **full text**
(headline line + body, the whole ``expected.txt``). For ``cleaner`` the prediction is
``Result.text`` (headline + body); for a peer it is its whole output. A peer that leaves the
headline out loses that line's few shingles of recall; one that prints it twice loses a little
precision. Per page P and R, averaged over pages; F1 is their harmonic mean.

Timing: per system, the wall time of one pass over all pages (``time.perf_counter``), best of
``--repeat`` passes, after one untimed warm-up call on the first page. docs/s = pages / time.
cleaner's systems start each pass with a new Cleaner (``CleanerRunner``), so that no timed
page is already in its decision memo.

Leave-one-site-out: for each site, ``Cleaner(Options(disabled_sources=frozenset({site})))``
cleans that site's pages in HTML mode, as if the site had no rule file.

Ratchet: ``--check`` compares cleaner's F1 (html, text and leave-one-site-out) with the figures
in the stored JSON (``--baseline``, default ``benchmarks/results/accuracy.json``), on the pages
both runs have, and exits 1 when one dropped by more than ``--tolerance`` (0.002). A failed
check writes no files.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.resources
import json
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import html_text
import justext  # type: ignore[import-untyped]
import trafilatura
from readability import Document  # type: ignore[import-untyped]
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree

from benchmarks.metric import PageScore, Summary, aggregate, score_page
from benchmarks.naive import FIXTURES, GoldenPage, fragment_text, golden_pages, naive_text
from benchmarks.report import header, md_table

CLEANER_IMPORT_ERROR: str | None
try:
    from cleaner import Cleaner, Options
except ImportError as exc:  # the library is not there yet: run the peers alone
    CLEANER_IMPORT_ERROR = str(exc)
else:
    CLEANER_IMPORT_ERROR = None

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_BASELINE = RESULTS / "accuracy.json"
CLEANER_HTML = "cleaner html"
CLEANER_TEXT = "cleaner text"
LOSO = "cleaner html, own site's rules disabled"
TRAFILATURA = "trafilatura"
RESILIPARSE = "resiliparse"
RATCHETED = (CLEANER_HTML, CLEANER_TEXT, LOSO)
DISTS = [
    "cleaner",
    "trafilatura",
    "jusText",
    "readability-lxml",
    "Resiliparse",
    "html-text",
    "lxml",
    "selectolax",
]


@dataclass(frozen=True, slots=True)
class Item:
    """A golden page with its inputs ready."""

    page: GoldenPage
    html: str
    naive: str


@dataclass(frozen=True, slots=True)
class Output:
    text: str
    path: str | None = None
    """``Result.path`` for cleaner, ``None`` for peers."""


Runner = Callable[[Item], Output]


@dataclass
class Run:
    """One system's outputs, scores and time over all pages."""

    name: str
    outputs: dict[str, Output] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    scores: dict[str, PageScore] = field(default_factory=dict)
    seconds: float | None = None

    def summary(self, names: list[str] | None = None) -> Summary:
        keys = self.scores.keys() if names is None else [n for n in names if n in self.scores]
        return aggregate(self.scores[k] for k in keys)

    def fallbacks(self) -> int:
        return sum(1 for o in self.outputs.values() if o.path == "fallback")

    @property
    def docs_per_s(self) -> float | None:
        if not self.seconds:
            return None
        return len(self.outputs) / self.seconds


# ---------------------------------------------------------------- systems


_STOPLIST = justext.get_stoplist("Vietnamese")


_WARM_PAGE = "<html><body><h1>Warm-up</h1><p>A page that is in no benchmark set.</p></body></html>"
"""What a fresh Cleaner cleans before a timed pass: lazy imports and rules, no set page."""


class CleanerRunner:
    """A cleaner system. Before each timed pass, :func:`run_system` calls :meth:`fresh`: a
    new Cleaner that has cleaned :data:`_WARM_PAGE`, so its decision memo holds only the
    earlier pages of the pass, as in a crawl. (Through ``clean()``'s cached Cleaner, a
    second pass would time re-cleans of pages already in the memo.)"""

    def __init__(self, run: Callable[[Cleaner, Item], Output]) -> None:
        self._run = run
        self.cleaner = Cleaner()

    def fresh(self) -> None:
        self.cleaner = Cleaner()
        self.cleaner.clean(_WARM_PAGE, kind="html")

    def __call__(self, item: Item) -> Output:
        return self._run(self.cleaner, item)


def _cleaner_html(cleaner: Cleaner, item: Item) -> Output:
    r = cleaner.clean(item.html, url=item.page.url, kind="html")
    return Output(r.text, r.path)


def _cleaner_text(cleaner: Cleaner, item: Item) -> Output:
    r = cleaner.clean(item.naive, url=item.page.url, kind="text")
    return Output(r.text, r.path)


def run_trafilatura(item: Item) -> Output:
    return Output(trafilatura.extract(item.html) or "")


def run_trafilatura_precision(item: Item) -> Output:
    return Output(trafilatura.extract(item.html, favor_precision=True) or "")


def run_justext(item: Item) -> Output:
    paragraphs = justext.justext(item.html, _STOPLIST)
    return Output("\n".join(p.text for p in paragraphs if not p.is_boilerplate))


def run_readability(item: Item) -> Output:
    return Output(fragment_text(Document(item.html).summary()))


def run_resiliparse(item: Item) -> Output:
    tree = HTMLTree.parse(item.html)
    return Output(extract_plain_text(tree, main_content=True))


def run_html_text(item: Item) -> Output:
    return Output(html_text.extract_text(item.html, guess_layout=True))


def _post(extract: Runner) -> Runner:
    """Cleaner as a post-processor: the peer's output cleaned with ``kind="text"``."""

    def run(cleaner: Cleaner, item: Item) -> Output:
        text = extract(item).text
        return Output(cleaner.clean(text, url=item.page.url, kind="text").text if text else "")

    return CleanerRunner(run)


def systems() -> list[tuple[str, Runner]]:
    peers: list[tuple[str, Runner]] = [
        (TRAFILATURA, run_trafilatura),
        ("trafilatura precision", run_trafilatura_precision),
        ("jusText", run_justext),
        ("readability", run_readability),
        (RESILIPARSE, run_resiliparse),
        ("html-text (naive)", run_html_text),
    ]
    if CLEANER_IMPORT_ERROR is not None:
        return peers
    post: list[tuple[str, Runner]] = [
        ("trafilatura+cleaner", _post(run_trafilatura)),
        ("readability+cleaner", _post(run_readability)),
        ("jusText+cleaner", _post(run_justext)),
    ]
    return [
        (CLEANER_HTML, CleanerRunner(_cleaner_html)),
        (CLEANER_TEXT, CleanerRunner(_cleaner_text)),
        *peers,
        *post,
    ]


# ---------------------------------------------------------------- running


def _short_error(exc: BaseException) -> str:
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" at {Path(last[0].filename).name}:{last[0].lineno}" if last else ""
    return f"{type(exc).__name__}: {exc}{where}"[:300]


def run_system(name: str, runner: Runner, items: list[Item], repeat: int) -> Run:
    """All pages through one system; outputs of the first pass, best time of ``repeat``."""
    run = Run(name)
    if items:
        with contextlib.suppress(Exception):  # warm-up: lazy imports, rules, caches
            runner(items[0])
    best: float | None = None
    for rep in range(max(1, repeat)):
        if isinstance(runner, CleanerRunner):
            runner.fresh()
        start = time.perf_counter()
        for item in items:
            try:
                out = runner(item)
            except Exception as exc:  # a crash is a finding: record it, score it as empty
                out = Output("")
                if rep == 0:
                    run.errors[item.page.name] = _short_error(exc)
            if rep == 0:
                run.outputs[item.page.name] = out
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    run.seconds = best
    for item in items:
        run.scores[item.page.name] = score_page(
            item.page.expected, run.outputs[item.page.name].text
        )
    return run


def run_loso(items: list[Item]) -> Run:
    """Cleaner HTML mode on each site's pages with that site's rule file disabled."""
    run = Run(LOSO)
    for site in sorted({i.page.site for i in items}):
        cleaner = Cleaner(Options(disabled_sources=frozenset({site})))
        for item in (i for i in items if i.page.site == site):
            try:
                r = cleaner.clean(item.html, url=item.page.url, kind="html")
                out = Output(r.text, r.path)
            except Exception as exc:
                out = Output("")
                run.errors[item.page.name] = _short_error(exc)
            run.outputs[item.page.name] = out
            run.scores[item.page.name] = score_page(item.page.expected, out.text)
    return run


def has_rule_file(site: str) -> bool:
    try:
        return importlib.resources.files("cleaner").joinpath("rules", f"{site}.toml").is_file()
    except (ModuleNotFoundError, TypeError):
        return False


# ---------------------------------------------------------------- reporting


def _f(x: float | None, digits: int = 3) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def systems_table(runs: list[Run]) -> str:
    rows = []
    for run in runs:
        s = run.summary()
        fb = run.fallbacks() if run.name.startswith("cleaner") else None
        rows.append(
            [
                run.name,
                _f(s.precision),
                _f(s.recall),
                f"**{_f(s.f1)}**",
                _f(s.pooled_f1),
                _f(run.docs_per_s, 1),
                str(len(run.errors)),
                "" if fb is None else str(fb),
            ]
        )
    headers = ["system", "P", "R", "F1", "F1 pooled", "docs/s", "errors", "fallback"]
    return md_table(headers, rows)


def speed_ratios(by_name: dict[str, Run]) -> dict[str, float]:
    ratios: dict[str, float] = {}
    mine = by_name.get(CLEANER_HTML)
    if mine is None or mine.docs_per_s is None:
        return ratios
    for peer in (TRAFILATURA, RESILIPARSE):
        other = by_name.get(peer)
        if other is not None and other.docs_per_s:
            ratios[f"{CLEANER_HTML} / {peer}"] = mine.docs_per_s / other.docs_per_s
    return ratios


def loso_table(items: list[Item], full: Run | None, loso: Run) -> str:
    rows = []
    sites = sorted({i.page.site for i in items})
    for site in sites:
        names = [i.page.name for i in items if i.page.site == site]
        with_rules = full.summary(names) if full else None
        without = loso.summary(names)
        delta = None if with_rules is None else without.f1 - with_rules.f1
        fb = sum(1 for n in names if loso.outputs[n].path == "fallback")
        rows.append(
            [
                site,
                "yes" if has_rule_file(site) else "no",
                str(len(names)),
                _f(with_rules.f1 if with_rules else None),
                _f(without.precision),
                _f(without.recall),
                _f(without.f1),
                "n/a" if delta is None else f"{delta:+.3f}",
                str(fb),
            ]
        )
    all_names = [i.page.name for i in items]
    w = full.summary(all_names) if full else None
    o = loso.summary(all_names)
    rows.append(
        [
            "**all pages**",
            "",
            str(len(all_names)),
            _f(w.f1 if w else None),
            _f(o.precision),
            _f(o.recall),
            f"**{_f(o.f1)}**",
            "n/a" if w is None else f"{o.f1 - w.f1:+.3f}",
            str(loso.fallbacks()),
        ]
    )
    headers = [
        "site",
        "rule file",
        "pages",
        "F1 all rules",
        "P disabled",
        "R disabled",
        "F1 disabled",
        "ΔF1",
        "fallback",
    ]
    return md_table(headers, rows)


def per_page_table(items: list[Item], runs: list[Run]) -> str:
    rows = []
    for item in items:
        name = item.page.name
        row = [name + (" (xfail)" if item.page.xfail else "")]
        for run in runs:
            cell = _f(run.scores[name].f1) if name in run.scores else ""
            if name in run.errors:
                cell += " (crash)"
            out = run.outputs.get(name)
            if out is not None and out.path == "fallback":
                cell += " (fb)"
            row.append(cell)
        rows.append(row)
    return md_table(["page", *[r.name for r in runs]], rows)


def to_json(facts: dict[str, object], runs: list[Run], ratios: dict[str, float]) -> object:
    data: dict[str, object] = dict(facts)
    data["scoring"] = (
        "truth = golden full text (headline + body); cleaner = Result.text; peers = whole "
        "output; 4-gram multiset shingles of \\w+ tokens after NFC; per-page P/R averaged, "
        "F1 = harmonic mean of averages; pooled_* = ScrapingHub's pooled figures"
    )
    data["speed_ratio_docs_per_s"] = ratios
    data["systems"] = {
        run.name: {
            **run.summary().as_dict(),
            "seconds": run.seconds,
            "docs_per_s": run.docs_per_s,
            "errors": run.errors,
            "fallback": run.fallbacks() if run.name.startswith("cleaner") else None,
            "per_page": {
                k: {"p": s.precision, "r": s.recall, "f1": s.f1, "path": run.outputs[k].path}
                for k, s in run.scores.items()
            },
        }
        for run in runs
    }
    return data


# ---------------------------------------------------------------- ratchet


def check(baseline: dict[str, object], runs: dict[str, Run], tolerance: float) -> list[str]:
    """Messages for every ratcheted system whose F1 dropped by more than ``tolerance``."""
    problems: list[str] = []
    stored = baseline.get("systems")
    if not isinstance(stored, dict):
        return ["baseline has no 'systems'"]
    for name in RATCHETED:
        old = stored.get(name)
        new = runs.get(name)
        if not isinstance(old, dict) or new is None:
            continue
        old_pages: dict[str, dict[str, float]] = old.get("per_page", {})
        common = [k for k in new.scores if k in old_pages]
        if not common:
            continue
        old_p = sum(old_pages[k]["p"] for k in common) / len(common)
        old_r = sum(old_pages[k]["r"] for k in common) / len(common)
        old_f1 = 2 * old_p * old_r / (old_p + old_r) if old_p + old_r else 0.0
        new_f1 = new.summary(common).f1
        if new_f1 < old_f1 - tolerance:
            drops = sorted(
                ((new.scores[k].f1 - old_pages[k]["f1"], k) for k in common),
                key=lambda x: x[0],
            )
            worst = ", ".join(f"{k} {d:+.3f}" for d, k in drops[:5] if d < 0)
            problems.append(
                f"{name}: F1 {old_f1:.4f} -> {new_f1:.4f} ({new_f1 - old_f1:+.4f}) "
                f"on {len(common)} common pages; worst pages: {worst}"
            )
    return problems


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--out", type=Path, help="write markdown here and JSON beside it (.json)")
    ap.add_argument("--repeat", type=int, default=3, help="timing passes, best kept (3)")
    ap.add_argument("--per-page", action="store_true", help="print per-page F1 of every system")
    ap.add_argument("--check", action="store_true", help="fail if cleaner's F1 dropped")
    ap.add_argument("--baseline", type=Path, default=DEFAULT_BASELINE)
    ap.add_argument("--tolerance", type=float, default=0.002)
    ap.add_argument("--fixtures", type=Path, default=FIXTURES, help=argparse.SUPPRESS)
    ap.add_argument(
        "--set",
        choices=("golden", "wcxb", "multilang"),
        default="golden",
        help="golden: the Vietnamese golden pages (default); wcxb: the WCXB dev set "
        "(benchmarks/wcxb.py); multilang: the multilang-dev pages (benchmarks/multilang.py)",
    )
    ap.add_argument("--systems", help="wcxb: comma-separated systems to run (default all)")
    ap.add_argument("--limit", type=int, help="wcxb: only the first N pages")
    ap.add_argument("--fresh", action="store_true", help="wcxb: re-run peers, ignore cache")
    args = ap.parse_args(argv)
    if args.set == "multilang":
        from benchmarks import multilang

        return multilang.main(out_file=args.out)
    if args.set == "wcxb":
        from benchmarks import wcxb_report

        chosen = [s.strip() for s in args.systems.split(",")] if args.systems else None
        return wcxb_report.main(chosen, args.limit, fresh=args.fresh, out_file=args.out)

    baseline: dict[str, object] | None = None
    if args.check:
        if args.baseline.is_file():
            baseline = json.loads(args.baseline.read_text(encoding="utf-8"))
        else:
            print(f"note: no baseline at {args.baseline}; nothing to compare", file=sys.stderr)
    if args.check and CLEANER_IMPORT_ERROR is not None:
        print(f"error: cannot import cleaner: {CLEANER_IMPORT_ERROR}", file=sys.stderr)
        return 2

    pages = golden_pages(args.fixtures)
    if not pages:
        print(f"error: no golden pages under {args.fixtures}", file=sys.stderr)
        return 2
    items = []
    for p in pages:
        html = p.html
        items.append(Item(p, html, naive_text(html)))

    runs = [run_system(name, fn, items, args.repeat) for name, fn in systems()]
    by_name = {r.name: r for r in runs}
    loso = run_loso(items) if CLEANER_IMPORT_ERROR is None else None
    if loso is not None:
        by_name[loso.name] = loso
    ratios = speed_ratios(by_name)

    head, facts = header("Accuracy on the golden pages", DISTS)
    sites = sorted({p.site for p in pages})
    mb = sum(len(i.html.encode("utf-8")) for i in items) / 1e6
    parts = [
        head,
        f"- pages: {len(pages)} golden pages ({mb:.1f} MB of HTML) from {len(sites)} sites; "
        f"timing: best of {args.repeat} passes",
        "",
        "Scored against the golden **full text** (headline line + body): cleaner's "
        "`Result.text`, each peer's whole output. Tokens `\\w+` (after NFC), 4-gram shingles "
        "counted as multisets; P and R per page, averaged over pages; F1 = harmonic mean of "
        "the averages. *F1 pooled* is ScrapingHub's aggregation (normalised tp/fp/fn summed "
        "over pages). `cleaner text` cleans the page's naive innerText-like text "
        "(`benchmarks/naive.py`), made before timing.",
        "",
    ]
    if CLEANER_IMPORT_ERROR is not None:
        parts += [f"**cleaner not importable** ({CLEANER_IMPORT_ERROR}): peers only.", ""]
    parts += ["## Systems", "", systems_table(runs), ""]
    if ratios:
        parts.append(
            "Speed of cleaner html (docs/s ratio, >1 = faster): "
            + "; ".join(f"{k}: {v:.2f}×" for k, v in ratios.items())
        )
        parts.append("")
    for name in (CLEANER_HTML, CLEANER_TEXT):
        if name in by_name:
            r = by_name[name]
            parts.append(f"- {name}: fallback path fired on {r.fallbacks()} of {len(items)} pages")
    if loso is not None:
        parts += [
            f"- {LOSO}: fallback path fired on {loso.fallbacks()} of {len(items)} pages",
            "",
            "## Leave one site out",
            "",
            "Each site's pages cleaned (HTML mode) with that site's rule file disabled "
            "(`Options(disabled_sources=frozenset({site}))`).",
            "",
            loso_table(items, by_name.get(CLEANER_HTML), loso),
            "",
        ]
    errors = [(r.name, page, err) for r in by_name.values() for page, err in r.errors.items()]
    if errors:
        parts += ["## Crashes (scored as empty output)", ""]
        parts += [f"- {name} on `{page}`: {err}" for name, page, err in errors]
        parts.append("")
    if args.per_page:
        parts += ["## Per-page F1", "", per_page_table(items, list(by_name.values())), ""]
    report = "\n".join(parts)
    print(report)

    status = 0
    if args.check and baseline is not None:
        problems = check(baseline, by_name, args.tolerance)
        if problems:
            print(f"\nRATCHET FAILED (tolerance {args.tolerance}):", file=sys.stderr)
            for line in problems:
                print(f"  {line}", file=sys.stderr)
            status = 1
        else:
            print(f"\nratchet ok: no cleaner F1 dropped by more than {args.tolerance}")

    if args.out is not None and status == 0:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report + "\n", encoding="utf-8")
        data = to_json(facts, list(by_name.values()), ratios)
        json_path = args.out.with_suffix(".json")
        json_path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"\nwrote {args.out} and {json_path}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
