"""The benchmark pictures are drawn from the stored results, and show what they hold."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest

pytest.importorskip("matplotlib", reason="matplotlib draws the charts (bench extra)")

from benchmarks import charts

RESULTS = Path(__file__).resolve().parent.parent / "benchmarks" / "results"
SVG = "{http://www.w3.org/2000/svg}"


def texts(path: Path) -> list[str]:
    root = ElementTree.parse(path).getroot()
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_charts_from_the_stored_results(tmp_path: Path) -> None:
    assert charts.main(["--results", str(RESULTS), "--out", str(tmp_path)]) == 0
    stored = json.loads((RESULTS / "accuracy.json").read_text(encoding="utf-8"))
    systems = stored["systems"]

    f1 = texts(tmp_path / "f1-by-dataset.svg")
    for name, figures in systems.items():
        if "disabled" in name:
            continue
        assert name in f1
        assert f"{figures['f1']:.3f}" in f1  # the bar's label is the stored figure

    speed = texts(tmp_path / "speed-vs-accuracy.svg")
    timed = [n for n, f in systems.items() if f.get("docs_per_s")]
    assert all(n in speed for n in timed)

    loso = texts(tmp_path / "loso.svg")
    sites = {page.split("/")[0] for page in systems["cleaner html"]["per_page"]}
    assert all(any(t.startswith(site) for t in loso) for site in sites)


def test_the_same_results_draw_the_same_files(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    charts.main(["--results", str(RESULTS), "--out", str(tmp_path / "a")])
    charts.main(["--results", str(RESULTS), "--out", str(tmp_path / "b")])
    for svg in (tmp_path / "a").glob("*.svg"):
        assert svg.read_bytes() == (tmp_path / "b" / svg.name).read_bytes()


def test_leave_one_site_out_means_per_site() -> None:
    full = {"a.vn/1": {"f1": 1.0}, "a.vn/2": {"f1": 0.5}, "b.vn/1": {"f1": 0.9}}
    alone = {"a.vn/1": {"f1": 0.8}, "a.vn/2": {"f1": 0.4}, "b.vn/1": {"f1": 0.9}}
    data = {
        "systems": {
            charts.CLEANER_FULL: {"per_page": full},
            charts.CLEANER_LOSO: {"per_page": alone},
        }
    }
    assert charts.read_loso(data) == {"a.vn": (0.75, pytest.approx(0.6), 2), "b.vn": (0.9, 0.9, 1)}


def test_multilang_results_are_read_against_the_goldens() -> None:
    data = {
        "by_system": {
            "cleaner html": {"seconds": 2.0, "golden": {"pages": 10, "f1": 0.9}},
            "jusText": {"seconds": 0.5, "golden": {"pages": 10, "f1": 0.5}},
        }
    }
    found = charts.read_by_system(data, "multilang")
    assert found.pages == 10
    assert found.f1 == {"cleaner html": 0.9, "jusText": 0.5}
    assert found.docs_per_s == {"cleaner html": 5.0, "jusText": 20.0}
