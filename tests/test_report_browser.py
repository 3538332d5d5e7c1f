"""The review report in a real browser: headless Chromium draws it, and the screenshot's
pixels show removed blocks greyed with their origin's margin and kept blocks plain; the DOM
after loading shows that nothing from the input ran; the index's own script sorts.

Skipped, with the reason, where no Chromium is installed (``apt-get install chromium``;
``.ci/run`` installs it). Screenshots are kept under ``benchmarks/results/screenshots/``
(ignored by git) for a person to look at.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaner.model import Block, Chrome, Feature, Origin, Result
from cleaner.report import render_index, render_page
from cleaner.report.index import Row
from cleaner.report.page import (
    GROUP_COLOURS,
    KEPT_BACKGROUND,
    KEPT_MARGIN,
    REMOVED_BACKGROUND,
)
from cleaner.report.verdict import Group

PIL = pytest.importorskip("PIL.Image", reason="Pillow reads the screenshots (test extra)")

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "benchmarks" / "results" / "screenshots"
BROWSER = next((p for n in ("chromium", "chromium-browser") if (p := shutil.which(n))), None)
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no Chromium on PATH: install Debian's package (apt-get install -y chromium)",
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--force-device-scale-factor=1",
    "--hide-scrollbars",
)
WIDTH, HEIGHT = 1000, 1600
ATTACK = "document.title='pwned'"


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    with tempfile.TemporaryDirectory(prefix="cleaner-chromium-") as profile:
        return subprocess.run(
            [BROWSER, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def dump_dom(url: str) -> LexborHTMLParser:
    proc = chromium("--virtual-time-budget=2000", "--dump-dom", url)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "<html" in proc.stdout
    return LexborHTMLParser(proc.stdout)


def screenshot(url: str, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    proc = chromium(f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={target}", url)
    assert proc.returncode == 0 and target.exists(), proc.stderr[-2000:]
    return target


def rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


HOSTILE_LINES = (
    f"<script>{ATTACK}</script>",
    f'"><img src=x onerror="{ATTACK}">',
    f"<svg onload=\"{ATTACK}\"></svg> <iframe srcdoc='<script>{ATTACK}</script>'></iframe>",
    "\u202eThis line tries to reverse what follows it",
)


def hostile_report(tmp_path: Path) -> Path:
    prose = "Đây là một đoạn văn bình thường của bài báo, được giữ lại nguyên vẹn. " * 6
    features = (Feature("long", 3.0), Feature("terminal-punct", 1.0))
    blocks = [
        Block(text="Tiêu đề bài báo", kept=True, origin=Origin.HEADLINE),
        Block(text=prose, kept=True, origin=Origin.SCORER, features=features, score=4.0),
        *(
            Block(text=t, kept=False, origin=Origin.RULE, rule=f"x.rule-{i}")
            for i, t in enumerate(HOSTILE_LINES)
        ),
        Block(
            text="Chia sẻ bài viết " * 20,
            kept=False,
            origin=Origin.CHROME,
            chrome=Chrome("share", "box-share"),
        ),
        Block(text=prose, kept=True, origin=Origin.SCORER, features=features, score=4.0),
    ]
    result = Result(blocks=tuple(blocks), title="Tiêu đề", source="x.vn", rules_version="v1")
    page = tmp_path / "review.html"
    page.write_text(render_page(result, name=HOSTILE_LINES[0], url=HOSTILE_LINES[1]), "utf-8")
    return page


def test_the_detector_sees_a_script_that_runs(tmp_path: Path) -> None:
    """The check below would notice an input that ran: a page without the report's policy
    whose script changes the title shows the changed title in the dumped DOM."""
    page = tmp_path / "unsafe.html"
    page.write_text(f"<title>before</title><script>{ATTACK}</script><p>x</p>", "utf-8")
    title = dump_dom(page.as_uri()).css_first("title")
    assert title is not None
    assert title.text() == "pwned"


def test_nothing_from_the_input_runs(tmp_path: Path) -> None:
    page = hostile_report(tmp_path)
    dom = dump_dom(page.as_uri())
    title = dom.css_first("title")
    assert title is not None
    assert title.text() == "cleaner review: " + HOSTILE_LINES[0]
    assert dom.css("script, img, svg, iframe") == []
    texts = [n.text(deep=True) for n in dom.css("[data-kept] .t")]
    assert texts[2 : 2 + len(HOSTILE_LINES)] == list(HOSTILE_LINES)


def test_removed_and_kept_blocks_look_different(tmp_path: Path) -> None:
    from PIL import Image

    page = hostile_report(tmp_path)
    shot = screenshot(page.as_uri(), ARTIFACTS / "review.png")
    image = Image.open(shot).convert("RGB")
    # The report's main column starts 24 px in; its blocks have a 10 px margin.
    margin_x, inside_x = 28, 60
    rule, chrome = rgb(GROUP_COLOURS[Group.RULE]), rgb(GROUP_COLOURS[Group.CHROME])
    kept_margin = rgb(KEPT_MARGIN)
    runs: dict[tuple[int, int, int], list[list[int]]] = {}
    for y in range(image.height):
        pixel = image.getpixel((margin_x, y))
        assert isinstance(pixel, tuple)
        colour = (pixel[0], pixel[1], pixel[2])
        same = runs.setdefault(colour, [])
        if same and same[-1][-1] == y - 1:
            same[-1].append(y)
        else:
            same.append([y])
    # A block's margin is a tall run of its colour; the legend's swatches are 12 px high.
    rows = {c: [y for run in rs if len(run) > 20 for y in run] for c, rs in runs.items()}
    assert len(rows.get(rule, [])) > 40, "no red margin: the removed blocks are not drawn"
    assert len(rows.get(chrome, [])) > 10, "no orange margin for the chrome block"
    assert len(rows.get(kept_margin, [])) > 40, "no kept block drawn"

    def background(ys: list[int]) -> tuple[int, int, int]:
        seen: Counter[tuple[int, int, int]] = Counter()
        for y in ys:
            for x in range(inside_x, WIDTH - 40, 7):
                pixel = image.getpixel((x, y))
                assert isinstance(pixel, tuple)
                seen[(pixel[0], pixel[1], pixel[2])] += 1
        return seen.most_common(1)[0][0]

    assert background(rows[rule]) == rgb(REMOVED_BACKGROUND)
    assert background(rows[chrome]) == rgb(REMOVED_BACKGROUND)
    assert background(rows[kept_margin]) == rgb(KEPT_BACKGROUND)

    def darkest(ys: list[int]) -> int:
        return min(
            sum(p[:3])
            for y in ys
            for x in range(inside_x, WIDTH - 40, 2)
            if isinstance(p := image.getpixel((x, y)), tuple) and p[0] == p[1] == p[2]
        )

    # Kept text is near black; removed text is grey (struck through, never black). Only
    # grey pixels count: the red code-point label of a bidi control is not text.
    assert darkest(rows[kept_margin]) < 3 * 60
    assert darkest(rows[rule]) > 3 * 80


def test_index_sorts_with_its_own_script(tmp_path: Path) -> None:
    rows = [
        Row(name="b.html", page="b.html.html", path="html", kept_chars=10, removed_chars=90),
        Row(name=HOSTILE_LINES[0], page=None, error=HOSTILE_LINES[1]),
        Row(name="a.html", page="a.html.html", path="html", kept_chars=80, removed_chars=20),
        Row(name="c.txt", page="c.txt.html", path="text", kept_chars=50, removed_chars=50),
    ]
    index = tmp_path / "index.html"
    index.write_text(render_index(rows, title=HOSTILE_LINES[0]), "utf-8")
    dom = dump_dom(index.as_uri() + "#sort=-share")
    table = dom.css_first("#docs")
    assert table is not None
    assert table.attributes.get("data-sortable") == "true", "the index's script did not run"
    names = [tr.css("td")[0].text() for tr in dom.css("#docs tbody tr")]
    assert names == ["b.html", "c.txt", "a.html", HOSTILE_LINES[0]]
    title = dom.css_first("title")
    assert title is not None
    assert title.text() == HOSTILE_LINES[0]
    screenshot(index.as_uri() + "#sort=-share", ARTIFACTS / "index.png")
