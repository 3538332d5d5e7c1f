"""The multilang-dev set: news pages in scripts with and without spaces between words.

Data: ``/work/shared/corpus/multilang-dev/`` (11 pages from newspaper4k's test data: Arabic,
Burmese, Chinese ×3, Japanese ×2, Korean site in English, Latvian, Spanish, Thai; see its
README). Run it through ``benchmarks/accuracy.py``::

    python benchmarks/accuracy.py --set multilang
    python benchmarks/accuracy.py --set multilang --out benchmarks/results/multilang.md

Two truths, scored separately:

* **newspaper4k**: the corpus's ``expected/<page>.txt``, the body as newspaper4k's tests
  expect it (no headline; its conventions, not ours: it keeps editor credits, for one).
  cleaner's prediction is ``Result.body``;
* **golden**: our fixture ``fixtures/<domain>/<case>.expected.txt`` (``benchmark_set =
  "multilang"``, ``corpus_page = "<page>"`` in its TOML), written by reading the page per
  docs/conventions.md: headline line + body. cleaner's prediction is ``Result.text``.

Peers' predictions are their whole output against both. Systems, on the same decoded
``str`` of each page: cleaner (``clean(html, url=url, kind="html")``; no rule file names
these sites), trafilatura (defaults, and ``favor_precision=True``), readability-lxml,
resiliparse, html-text (naive), and jusText with the page language's stoplist where jusText
has one (Arabic, English, Latvian, Spanish); for Chinese, Japanese, Thai and Burmese it has
none, and it runs in its language-independent mode (empty stoplist, both stopword
thresholds 0), as its documentation advises.

Metric: ``benchmarks/metric.py``'s shingles, where characters of scripts written without
spaces are tokens of their own (a whole Chinese sentence is otherwise one ``\\w+`` token).
"""

from __future__ import annotations

import json
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import html_text
import justext  # type: ignore[import-untyped]
import trafilatura
from readability import Document  # type: ignore[import-untyped]
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree

from benchmarks.metric import PageScore, aggregate, score_page
from benchmarks.naive import FIXTURES, fragment_text, read_html
from benchmarks.report import header, md_table

CORPUS = Path("/work/shared/corpus/multilang-dev")
CATASTROPHE = 0.5
NEWSPAPER4K = "newspaper4k"
GOLDEN = "golden"
JUSTEXT_LANGUAGE = {
    "arabic_article": "Arabic",
    "latvian_article": "Latvian",
    "spanish_article": "Spanish",
    "yna_co_kr": "English",
}
"""jusText stoplist per page; pages not named here have no jusText stoplist."""


@dataclass(frozen=True, slots=True)
class MPage:
    name: str
    html: str
    url: str | None
    newspaper4k: str
    golden: str | None
    golden_case: str | None


@dataclass(frozen=True, slots=True)
class Prediction:
    body: str
    """Scored against newspaper4k's truth (cleaner: ``Result.body``)."""
    text: str
    """Scored against the golden (cleaner: ``Result.text``)."""


@dataclass
class MRun:
    name: str
    scores: dict[str, dict[str, PageScore]] = field(
        default_factory=lambda: {NEWSPAPER4K: {}, GOLDEN: {}}
    )
    seconds: float = 0.0
    errors: dict[str, str] = field(default_factory=dict)


def fixture_cases(fixtures: Path = FIXTURES) -> dict[str, tuple[str, dict[str, object]]]:
    """``corpus_page`` → (fixture case id, its TOML) for the multilang fixtures."""
    found: dict[str, tuple[str, dict[str, object]]] = {}
    for toml_path in sorted(fixtures.glob("*/*.toml")):
        meta = tomllib.loads(toml_path.read_text("utf-8"))
        page = meta.get("corpus_page")
        if meta.get("benchmark_set") == "multilang" and isinstance(page, str):
            found[page] = (f"{toml_path.parent.name}/{toml_path.stem}", meta)
    return found


def load_pages(corpus: Path = CORPUS, fixtures: Path = FIXTURES) -> list[MPage]:
    cases = fixture_cases(fixtures)
    pages = []
    for path in sorted((corpus / "html").glob("*.html")):
        name = path.stem
        case = cases.get(name)
        golden = url = None
        if case is not None:
            expected = fixtures / f"{case[0]}.expected.txt"
            golden = expected.read_text("utf-8").rstrip("\n") if expected.is_file() else None
            raw_url = case[1].get("url")
            url = raw_url if isinstance(raw_url, str) else None
        truth = (corpus / "expected" / f"{name}.txt").read_text("utf-8")
        pages.append(MPage(name, read_html(path), url, truth, golden, case[0] if case else None))
    return pages


def _whole(text: str) -> Prediction:
    return Prediction(text, text)


def run_cleaner(page: MPage) -> Prediction:
    from cleaner import clean

    result = clean(page.html, url=page.url, kind="html")
    return Prediction(result.body, result.text)


def run_justext(page: MPage) -> Prediction:
    lang = JUSTEXT_LANGUAGE.get(page.name)
    if lang is None:
        paragraphs = justext.justext(page.html, frozenset(), stopwords_low=0, stopwords_high=0)
    else:
        paragraphs = justext.justext(page.html, justext.get_stoplist(lang))
    return _whole("\n".join(p.text for p in paragraphs if not p.is_boilerplate))


SYSTEMS: list[tuple[str, Callable[[MPage], Prediction]]] = [
    ("cleaner html", run_cleaner),
    ("trafilatura", lambda p: _whole(trafilatura.extract(p.html) or "")),
    (
        "trafilatura precision",
        lambda p: _whole(trafilatura.extract(p.html, favor_precision=True) or ""),
    ),
    ("jusText", run_justext),
    ("readability", lambda p: _whole(fragment_text(Document(p.html).summary()))),
    (
        "resiliparse",
        lambda p: _whole(extract_plain_text(HTMLTree.parse(p.html), main_content=True)),
    ),
    ("html-text (naive)", lambda p: _whole(html_text.extract_text(p.html, guess_layout=True))),
]


def run(name: str, fn: Callable[[MPage], Prediction], pages: list[MPage]) -> MRun:
    out = MRun(name)
    start = time.perf_counter()
    predictions: dict[str, Prediction] = {}
    for page in pages:
        try:
            predictions[page.name] = fn(page)
        except Exception as exc:  # a crash is a finding: score it as empty output
            out.errors[page.name] = f"{type(exc).__name__}: {exc}"[:200]
            predictions[page.name] = Prediction("", "")
    out.seconds = time.perf_counter() - start
    for page in pages:
        pred = predictions[page.name]
        out.scores[NEWSPAPER4K][page.name] = score_page(page.newspaper4k, pred.body)
        if page.golden is not None:
            out.scores[GOLDEN][page.name] = score_page(page.golden, pred.text)
    return out


def _f(x: float) -> str:
    return f"{x:.3f}"


def report(pages: list[MPage], runs: list[MRun]) -> tuple[str, dict[str, object]]:
    head, facts = header(
        "Accuracy on multilang-dev",
        ["cleaner", "trafilatura", "jusText", "readability-lxml", "Resiliparse", "html-text"],
    )
    with_golden = sum(1 for p in pages if p.golden is not None)
    parts = [
        head,
        f"- pages: {len(pages)} (multilang-dev), {with_golden} with a golden fixture",
        "",
        "Shingle P/R/F1 (`benchmarks/metric.py`; characters of scripts without spaces are "
        "tokens). *newspaper4k*: the corpus's expected body, cleaner scored on `Result.body`; "
        "*golden*: our fixtures (headline + body), cleaner scored on `Result.text`; peers on "
        "their whole output. *< 0.5*: pages under F1 0.5.",
        "",
    ]
    rows = []
    data: dict[str, object] = {"facts": facts, "by_system": {}}
    for r in runs:
        row = [r.name]
        entry: dict[str, object] = {"errors": r.errors, "seconds": r.seconds}
        for truth in (NEWSPAPER4K, GOLDEN):
            s = aggregate(r.scores[truth].values())
            bad = sum(1 for x in r.scores[truth].values() if x.f1 < CATASTROPHE)
            row += [_f(s.precision), _f(s.recall), f"**{_f(s.f1)}**", str(bad)]
            entry[truth] = {
                **s.as_dict(),
                "under_0_5": bad,
                "per_page": {k: v.f1 for k, v in r.scores[truth].items()},
            }
        row.append(str(len(r.errors)))
        rows.append(row)
        data["by_system"][r.name] = entry  # type: ignore[index]
    headers = ["system"]
    for truth in (NEWSPAPER4K, GOLDEN):
        headers += [f"P {truth}", f"R {truth}", f"F1 {truth}", f"< 0.5 {truth}"]
    parts += ["## Systems", "", md_table([*headers, "errors"], rows), ""]
    for truth in (NEWSPAPER4K, GOLDEN):
        page_rows = []
        for page in pages:
            cells = [page.name if truth == NEWSPAPER4K else f"{page.golden_case or '-'}"]
            for r in runs:
                score = r.scores[truth].get(page.name)
                cells.append("" if score is None else _f(score.f1))
            page_rows.append(cells)
        parts += [
            f"## Per-page F1 ({truth})",
            "",
            md_table(["page", *[r.name for r in runs]], page_rows),
            "",
        ]
    return "\n".join(parts), data


def main(out_file: Path | None = None, corpus: Path = CORPUS) -> int:
    pages = load_pages(corpus)
    if not pages:
        raise SystemExit(f"no pages under {corpus}")
    runs = [run(name, fn, pages) for name, fn in SYSTEMS]
    text, data = report(pages, runs)
    print(text)
    if out_file is not None:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_text(text + "\n", encoding="utf-8")
        json_path = out_file.with_suffix(".json")
        json_path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0
