"""Text-mode speed: ``cleaner`` (``kind="text"``) against jusText on the same texts.

Inputs, each set timed on its own:

* ``seeds``: the five ``seeds/*.txt`` (no url);
* ``corpus naive text``: the naive full-page text (``benchmarks/naive.py``) of every page in
  ``/work/shared/corpus/vi``, made before timing, with the page's url from ``MANIFEST.tsv``
  passed to cleaner (as a user with the url would).

Systems:

* ``cleaner``: ``clean(text, url=url, kind="text")``;
* ``jusText``: ``justext.justext(doc, get_stoplist("Vietnamese"))`` where ``doc`` is the text
  with each non-empty line wrapped as ``<p>…</p>`` (HTML-escaped) in a minimal HTML document,
  built before timing.

Timing: ``time.perf_counter``; one untimed warm-up pass; then ``--repeat`` repeats, each of as
many whole passes over the set as fill ``--min-time / --repeat`` seconds; the best repeat's
time per pass is kept. docs/s = documents / pass time; MB/s = UTF-8 bytes of the *plain text*
inputs (the same numerator for both systems, not the larger wrapped HTML) / pass time / 10⁶.
"""

from __future__ import annotations

import argparse
import html
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import justext  # type: ignore[import-untyped]

from benchmarks.naive import load_corpus, naive_text, seed_texts
from benchmarks.report import header, md_table

CLEANER_IMPORT_ERROR: str | None
try:
    from cleaner import clean
except ImportError as exc:  # the library is not there yet: time jusText alone
    CLEANER_IMPORT_ERROR = str(exc)
else:
    CLEANER_IMPORT_ERROR = None

DISTS = ["cleaner", "jusText", "lxml", "regex"]
_STOPLIST = justext.get_stoplist("Vietnamese")


@dataclass(frozen=True, slots=True)
class Doc:
    name: str
    text: str
    url: str | None
    as_html: str
    """The text as a minimal HTML document, one ``<p>`` per non-empty line (for jusText)."""


def wrap_paragraphs(text: str) -> str:
    paras = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines() if line.strip())
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n{paras}</body></html>'
    )


def make_doc(name: str, text: str, url: str | None) -> Doc:
    return Doc(name, text, url, wrap_paragraphs(text))


def run_cleaner(doc: Doc) -> object:
    return clean(doc.text, url=doc.url, kind="text")


def run_justext(doc: Doc) -> object:
    return justext.justext(doc.as_html, _STOPLIST)


Runner = Callable[[Doc], object]


@dataclass(frozen=True, slots=True)
class Timing:
    docs: int
    nbytes: int
    per_pass: float
    """Seconds for one pass over the documents (best repeat)."""
    passes: int
    repeats: int

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.per_pass

    @property
    def mb_per_s(self) -> float:
        return self.nbytes / self.per_pass / 1e6


def usable(docs: list[Doc], runners: dict[str, Runner]) -> tuple[list[Doc], list[str]]:
    """Documents every system handles; messages for the ones some system crashed on."""
    ok: list[Doc] = []
    problems: list[str] = []
    for doc in docs:
        failed = False
        for name, runner in runners.items():
            try:
                runner(doc)
            except Exception as exc:
                problems.append(f"{name} crashed on {doc.name}: {type(exc).__name__}: {exc}")
                failed = True
        if not failed:
            ok.append(doc)
    return ok, problems


def time_system(runner: Runner, docs: list[Doc], repeat: int, min_time: float) -> Timing:
    def one_pass() -> None:
        for doc in docs:
            runner(doc)

    start = time.perf_counter()
    one_pass()  # warm-up, also sizes the loops
    first = max(time.perf_counter() - start, 1e-6)
    repeat = max(1, repeat)
    passes = max(1, math.ceil(min_time / repeat / first))
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(passes):
            one_pass()
        best = min(best, (time.perf_counter() - start) / passes)
    nbytes = sum(len(d.text.encode("utf-8")) for d in docs)
    return Timing(len(docs), nbytes, best, passes, repeat)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--out", type=Path, help="also write the markdown report here")
    ap.add_argument("--repeat", type=int, default=5, help="repeats, best kept (5)")
    ap.add_argument(
        "--min-time", type=float, default=1.5, help="seconds of timing per system and set (1.5)"
    )
    args = ap.parse_args(argv)

    runners: dict[str, Runner] = {}
    if CLEANER_IMPORT_ERROR is None:
        runners["cleaner"] = run_cleaner
    runners["jusText"] = run_justext

    sets = {
        "seeds": [make_doc(n, t, None) for n, t in seed_texts()],
        "corpus naive text": [make_doc(p.name, naive_text(p.html), p.url) for p in load_corpus()],
    }

    rows: list[list[str]] = []
    problems: list[str] = []
    figures: dict[str, dict[str, Timing]] = {}
    for set_name, all_docs in sets.items():
        docs, crashed = usable(all_docs, runners)
        problems += crashed
        if not docs:
            continue
        figures[set_name] = {
            n: time_system(r, docs, args.repeat, args.min_time) for n, r in runners.items()
        }
        mine = figures[set_name].get("cleaner")
        theirs = figures[set_name]["jusText"]
        nbytes = theirs.nbytes
        rows.append(
            [
                set_name,
                str(len(docs)),
                f"{nbytes / 1e6:.3f}",
                f"{mine.docs_per_s:.1f}" if mine else "n/a",
                f"{mine.mb_per_s:.2f}" if mine else "n/a",
                f"{theirs.docs_per_s:.1f}",
                f"{theirs.mb_per_s:.2f}",
                f"**{mine.docs_per_s / theirs.docs_per_s:.2f}×**" if mine else "n/a",
            ]
        )

    head, _ = header("Text-mode speed: cleaner vs jusText", DISTS)
    passes = "; ".join(
        f"{s}/{n}: {t.repeats}×{t.passes} passes" for s, f in figures.items() for n, t in f.items()
    )
    parts = [
        head,
        f"- timing: best of {args.repeat} repeats, about {args.min_time:g} s per system and set "
        f"({passes})",
        "",
        'cleaner runs `clean(text, url=url, kind="text")`; jusText runs on the same text with '
        "each line wrapped as `<p>` (Vietnamese stoplist). MB/s counts the plain text's UTF-8 "
        "bytes for both. Ratio = cleaner docs/s ÷ jusText docs/s (>1: cleaner is faster).",
        "",
    ]
    if CLEANER_IMPORT_ERROR is not None:
        parts += [f"**cleaner not importable** ({CLEANER_IMPORT_ERROR}): jusText only.", ""]
    headers = [
        "inputs",
        "docs",
        "MB",
        "cleaner docs/s",
        "cleaner MB/s",
        "jusText docs/s",
        "jusText MB/s",
        "cleaner/jusText",
    ]
    parts += [md_table(headers, rows), ""]
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


if __name__ == "__main__":
    sys.exit(main())
