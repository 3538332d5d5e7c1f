"""The HTML review report, read back with selectolax: the block contract, escaping, the
policy, folding, size, and the run index against the run's own results."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaner import CleanerError, clean
from cleaner.model import Block, Chrome, Origin, Result
from cleaner.report import page_name, render_index, render_page
from cleaner.report.index import SCRIPT, Row
from cleaner.report.markup import BIDI_CONTROLS
from cleaner.report.page import FOLD_CHARS, GROUP_COLOURS
from cleaner.report.summary import summarize
from cleaner.report.verdict import view

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
HTML_PAGES = sorted((ROOT / "fixtures").rglob("*.html"))

HOSTILE = (
    "<script>document.title='pwned'</script>",
    '"><img src=x onerror="document.title=\'pwned\'">',
    "</style><style>body{background:red}</style>",
    "</title><script>alert(1)</script>",
    "<iframe src='https://example.com/'></iframe> <!-- comment --> &amp; &lt;",
    "\u202egnp.exe \u202dnormal\u202c and \u2067isolate\u2069 \u200fmark",
    "javascript:alert(1) <a href='javascript:alert(1)'>x</a>",
)


def parse(page: str) -> LexborHTMLParser:
    return LexborHTMLParser(page)


def blocks_of(tree: LexborHTMLParser) -> list[LexborNode]:
    return list(tree.css("[data-kept]"))


def block_text(node: LexborNode) -> str:
    t = node.css_first(".t")
    assert t is not None
    return t.text(deep=True)


def assert_contract(result: Result, page: str) -> None:
    """Every block is one element, in order, and its data-* and text are the block's."""
    nodes = blocks_of(parse(page))
    assert len(nodes) == len(result.blocks)
    explained = []
    for i, (node, block) in enumerate(zip(nodes, result.blocks, strict=True)):
        attrs = node.attributes
        assert attrs["id"] == f"b{i}"
        assert attrs["data-kept"] == ("true" if block.kept else "false")
        assert attrs["data-reason"] == block.reason
        assert attrs["data-rule"] == view(block).rule
        assert block_text(node) == block.text
        mark = "+" if attrs["data-kept"] == "true" else "-"
        explained.append(f"{mark} [{attrs['data-reason']}] {block_text(node)}")
    # The page says what --explain says, line for line.
    assert "\n".join(explained) == result.explain()


@pytest.mark.parametrize("path", SEEDS + HTML_PAGES[:12], ids=lambda p: p.name)
def test_blocks_agree_with_result(path: Path) -> None:
    result = clean(path.read_bytes())
    assert result.blocks
    assert_contract(result, render_page(result, name=path.name))


def test_scorer_blocks_have_no_rule_and_rule_blocks_name_theirs() -> None:
    groups: set[str | None] = set()
    for seed in SEEDS:
        result = clean(seed.read_bytes())
        nodes = blocks_of(parse(render_page(result, name="seed")))
        groups |= {n.attributes["data-group"] for n in nodes}
        check_origins(result, nodes)
    assert {"rule", "context", "cut", "scorer"} <= groups


def check_origins(result: Result, nodes: list[LexborNode]) -> None:
    for node, block in zip(nodes, result.blocks, strict=True):
        assert node.attributes["data-origin"] == block.origin.value
        if node.attributes["data-group"] in ("scorer", "context"):
            assert node.attributes["data-rule"] == ""
        if node.attributes["data-group"] in ("rule", "cut"):
            assert node.attributes["data-rule"]
        if block.origin is Origin.NEIGHBOURS:  # the scorer's features, with their points
            meta = node.css_first(".m")
            assert meta is not None
            for feature in block.features:
                assert f"{feature.name} {feature.points:+g}" in meta.text()


def test_header_counts_and_links_to_first_removed_block() -> None:
    result = clean((ROOT / "seeds" / "004_f5c6906ff7e4f531.txt").read_bytes())
    tree = parse(render_page(result, name="seed", url="https://baoquocte.vn/x"))
    header = tree.css_first("header")
    assert header is not None
    assert "https://baoquocte.vn/x" in header.text()
    assert result.rules_version in header.text()
    removed = [(i, b) for i, b in enumerate(result.blocks) if not b.kept]
    rows = header.css("tbody tr")
    total = 0
    for row in rows:
        link = row.css_first("a")
        assert link is not None
        key = link.text()
        first = int(link.attributes["href"].removeprefix("#b"))
        mine = [i for i, b in removed if str(view(b).key) == key]
        assert first == mine[0]
        count = int(row.css("td")[1].text())
        assert count == len(mine)
        total += count
    assert total == len(removed)


def hostile_result() -> Result:
    # Hostile rule ids and chrome tokens too: a user rule file names its own rules.
    blocks = [
        Block(text=s, kept=i % 2 == 0, origin=Origin.RULE, rule=s)
        if i % 3
        else Block(text=s, kept=False, origin=Origin.CHROME, chrome=Chrome("related", s))
        for i, s in enumerate(HOSTILE)
    ]
    return Result(blocks=tuple(blocks), title=HOSTILE[0], source=HOSTILE[2], rules_version="v")


def test_hostile_text_stays_text() -> None:
    result = hostile_result()
    page = render_page(result, name=HOSTILE[3], url=HOSTILE[1])
    tree = parse(page)
    assert tree.css("script") == []
    assert tree.css("img") == []
    assert tree.css("iframe") == []
    assert len(tree.css("style")) == 1
    assert len(tree.css("title")) == 1
    assert_contract(result, page)
    for node in tree.css(".t a"):  # no anchor from the input: only escaped text
        raise AssertionError(node.html)


def test_bidi_controls_are_isolated_and_shown() -> None:
    result = hostile_result()
    tree = parse(render_page(result, name="bidi"))
    spans = tree.css(".t .bidi")
    wanted = sum(b.text.count(c) for b in result.blocks for c in BIDI_CONTROLS)
    assert len(spans) == wanted > 0
    # Reasons and names are shown the same way wherever they appear.
    assert len(tree.css(".bidi")) > wanted
    for span in tree.css(".bidi"):
        char = span.text()
        assert char in BIDI_CONTROLS
        assert span.attributes["data-cp"] == f"U+{ord(char):04X}"
    title = tree.css_first("title")
    assert title is not None
    assert not any(c in title.text() for c in BIDI_CONTROLS)


def sha(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def policy_of(tree: LexborHTMLParser) -> str:
    meta = tree.css_first('meta[http-equiv="Content-Security-Policy"]')
    assert meta is not None
    content = meta.attributes["content"]
    assert content is not None
    return content


def test_policy_allows_only_the_page_style() -> None:
    tree = parse(render_page(hostile_result(), name="csp"))
    csp = policy_of(tree)
    style = tree.css_first("style")
    assert style is not None
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'none'"
    assert directives["style-src"] == sha(style.text())
    assert "unsafe" not in csp


def test_index_policy_allows_only_its_own_script() -> None:
    rows = [Row(name=s, page=f"{i}.html", source=s, error=s) for i, s in enumerate(HOSTILE)]
    tree = parse(render_index(rows, title=HOSTILE[0]))
    scripts = tree.css("script")
    assert [s.text() for s in scripts] == [SCRIPT]
    directives = dict(d.strip().split(" ", 1) for d in policy_of(tree).split(";"))
    assert directives["script-src"] == sha(SCRIPT)
    style = tree.css_first("style")
    assert style is not None
    assert directives["style-src"] == sha(style.text())
    assert tree.css("img") == []
    names = [tr.css("td")[0].text() for tr in tree.css("tbody tr")]
    assert names == list(HOSTILE)


REPORT_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "dl", "dt", "dd",
    "table", "thead", "tbody", "tr", "th", "td", "a", "p", "span", "i", "input", "label",
    "main", "div", "details", "summary",
}  # fmt: skip
"""Every element a review page is made of: anything else came from the input."""

markupish = st.text(
    alphabet=st.sampled_from(list("<>/\"'=&;#!- \nabcdeilmnoprstx") + list(BIDI_CONTROLS)),
    max_size=300,
)


@given(st.one_of(markupish, st.text(max_size=200)), st.sampled_from(["text", "html"]))
@settings(max_examples=100)
def test_any_document_renders_as_its_blocks(document: str, kind: str) -> None:
    try:
        result = clean(document, kind=kind)  # type: ignore[arg-type]
    except CleanerError:
        return
    page = render_page(result, name=document[:40], url=document[:40] or None)
    assert_contract(result, page)
    tree = parse(page)
    tags = {node.tag for node in tree.root.traverse()} if tree.root else set()
    assert tags - {"-text"} <= REPORT_TAGS


def test_long_block_is_folded_not_dropped() -> None:
    long = "Một câu rất dài. " * 2_000
    result = Result(blocks=(Block(long, True, Origin.SCORER), Block("b", False, Origin.RULE, "y")))
    page = render_page(result, name="long")
    tree = parse(page)
    assert len(long) > FOLD_CHARS
    assert len(tree.css("details")) == 1
    assert_contract(result, page)


def test_fifty_thousand_blocks() -> None:
    """A document of 50,000 blocks (the text limit) renders whole; the time is linear (the
    renderer makes one pass and joins once; measured in the README, not asserted here)."""
    lines = [f"Dòng thứ {i} của một tài liệu rất dài, có dấu chấm." for i in range(50_000)]
    blocks = tuple(
        Block(text=t, kept=i % 7 != 0, origin=Origin.RULE, rule=f"r{i % 5}")
        for i, t in enumerate(lines)
    )
    result = Result(blocks=blocks)
    tree = parse(render_page(result, name="big"))
    nodes = blocks_of(tree)
    assert len(nodes) == 50_000
    assert nodes[-1].attributes["id"] == "b49999"
    assert block_text(nodes[12_345]) == lines[12_345]


def test_page_names() -> None:
    assert page_name(Path("a/b.txt")) == "a/b.txt.html"
    assert page_name(Path("x.jsonl"), 12) == "x.jsonl/12.html"
    assert page_name("../../etc/passwd") == "etc/passwd.html"
    assert page_name("") == "document.html"


# ---------------------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------------------


def cli(cwd: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *map(str, args)],
        cwd=cwd,
        input="",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_format_html_one_page(tmp_path: Path) -> None:
    seed = SEEDS[0]
    proc = cli(tmp_path, seed, "--format", "html", "-o", "review.html")
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert_contract(clean(seed.read_bytes()), page)
    assert [p.name for p in tmp_path.iterdir()] == ["review.html"]  # no temp file left


def test_pages_say_what_each_rule_is_for(tmp_path: Path) -> None:
    """The CLI's pages quote each deciding rule's own ``reason`` from its rule file."""
    written = {}
    for toml in (ROOT / "cleaner" / "rules").glob("*.toml"):
        data = tomllib.loads(toml.read_text(encoding="utf-8"))
        written.update({r["id"]: r["reason"] for r in data.get("rule", [])})
    seed = ROOT / "seeds" / "004_f5c6906ff7e4f531.txt"
    proc = cli(tmp_path, seed, "--format", "html", "-o", "review.html")
    assert proc.returncode == 0, proc.stderr
    tree = parse((tmp_path / "review.html").read_text(encoding="utf-8"))
    checked = 0
    for row in tree.css("header tbody tr"):
        cells = row.css("td")
        key = cells[0].text().removeprefix("after:")
        if key in written:
            assert cells[3].text().startswith(written[key] + " (")
            checked += 1
        else:
            assert cells[3].text() == ""
    assert checked >= 2
    for node in blocks_of(tree):
        rule = node.attributes["data-rule"]
        note = node.css_first(".note")
        assert (note is not None) == bool(rule)
        if note is not None and rule:
            assert note.text().startswith(written[rule])


def test_format_html_into_a_folder_names_pages_html(tmp_path: Path) -> None:
    proc = cli(tmp_path, SEEDS[0], SEEDS[1], "--format", "html", "-o", "out")
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(f"{s.name}.html" for s in SEEDS[:2])
    for seed in SEEDS[:2]:
        page = (tmp_path / "out" / f"{seed.name}.html").read_text(encoding="utf-8")
        assert_contract(clean(seed.read_bytes()), page)


def test_format_html_needs_a_folder_for_several_inputs(tmp_path: Path) -> None:
    proc = cli(tmp_path, SEEDS[0], SEEDS[1], "--format", "html")
    assert proc.returncode == 2
    assert "-o DIR" in proc.stderr


def test_report_folder_inside_the_input_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.txt").write_text("Một dòng.", encoding="utf-8")
    proc = cli(tmp_path, "pages", "--report", "pages/report")
    assert proc.returncode == 2
    assert "inside the input folder" in proc.stderr
    assert not (tmp_path / "pages" / "report").exists()


def test_batch_report_index_matches_the_run(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "sub").mkdir(parents=True)
    docs: dict[str, bytes] = {}
    for seed in SEEDS[:3]:
        docs[seed.name] = seed.read_bytes()
    docs["sub/page.html"] = HTML_PAGES[0].read_bytes()
    docs["sub/binary.txt"] = b"\x00\x01\x02" * 100
    for name, data in docs.items():
        (pages / name).write_bytes(data)
    records = [
        {"url": "https://vnexpress.net/a.html", "text": SEEDS[3].read_text(encoding="utf-8")},
        {"text": 5},
        {"html": HTML_PAGES[1].read_text(encoding="utf-8")},
    ]
    (pages / "crawl.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    proc = cli(tmp_path, "pages", "-o", "out", "--report", "report")
    assert proc.returncode == 1  # the binary file and the record without text failed
    index = parse((tmp_path / "report" / "index.html").read_text(encoding="utf-8"))
    rows = index.css("#docs tbody tr")

    expected: list[tuple[str, Result | None]] = []
    for rel in sorted([*docs, "crawl.jsonl"], key=lambda n: Path(n).parts):
        name = os.path.join("pages", rel)
        if rel == "crawl.jsonl":
            url = "https://vnexpress.net/a.html"
            expected.append((url, clean(str(records[0]["text"]), url=url)))
            expected.append((f"{name}:2", None))
            expected.append((f"{name}:3", clean(str(records[2]["html"]))))
            continue
        try:
            expected.append((name, clean(docs[rel])))
        except CleanerError:
            expected.append((name, None))
    assert len(rows) == len(expected) == len(docs) + len(records)

    totals: dict[str, list[int]] = {}
    for _, result in expected:
        for r in summarize(result).reasons if result is not None else ():
            entry = totals.setdefault(str(r.key), [0, 0, 0])
            entry[0] += 1
            entry[1] += r.blocks
            entry[2] += r.chars
    run_table = index.css("main > table")[1].css("tbody tr")
    shown = {
        tr.css("td")[0].text(): [int(td.text()) for td in tr.css("td")[1:]] for tr in run_table
    }
    assert shown == totals
    for tr in run_table:  # each reason links to a block it removed
        link = tr.css_first("a")
        assert link is not None
        href = str(link.attributes["href"])
        page, anchor = href.split("#")
        target = parse((tmp_path / "report" / page).read_text(encoding="utf-8"))
        block = target.css_first(f"#{anchor}")
        assert block is not None
        assert block.attributes["data-kept"] == "false"

    for row, (name, result) in zip(rows, expected, strict=True):
        cells = row.css("td")
        assert cells[0].text() == name
        if result is None:
            assert cells[7].text()  # the error
            assert row.css_first("a") is None
            continue
        summary = summarize(result)
        assert cells[1].text() == (result.source or "")
        assert cells[2].text() == result.path
        assert int(cells[3].text()) == summary.kept_chars
        assert int(cells[4].text()) == summary.removed_chars
        assert cells[5].text() == f"{summary.share_removed:.1%}"
        assert cells[7].text() == ""
        link = row.css_first("a")
        assert link is not None
        href = link.attributes["href"]
        assert href is not None
        target = tmp_path / "report" / href
        assert_contract(result, target.read_text(encoding="utf-8"))


def test_every_origin_has_a_colour_group() -> None:
    """A stage added to ``Origin`` must be given a colour before a report can show it."""
    for origin in Origin:
        block = Block(text="x", kept=False, origin=origin, rule="r")
        seen = view(block)
        assert seen.origin == origin.value
        assert seen.group.value in {g.value for g in GROUP_COLOURS}


def test_fallback_documents_colour_their_removed_blocks_as_fallback() -> None:
    blocks = (
        Block("Kept prose.", True, Origin.SCORER),
        Block("Dropped by a rule.", False, Origin.RULE, "global.x"),
    )
    for path, group in (("fallback", "fallback"), ("html", "rule")):
        nodes = blocks_of(parse(render_page(Result(blocks=blocks, path=path), name="f")))
        assert nodes[1].attributes["data-group"] == group
        assert nodes[1].attributes["data-rule"] == "global.x"  # the rule is still named
        assert nodes[0].attributes["data-group"] == "scorer"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_warc_report_one_row_per_page(tmp_path: Path, jobs: str) -> None:
    """A WARC crawl: one page per HTML response, named by its URL; the unreadable one is a
    row with its error; the index is the same whatever the number of workers."""
    pytest.importorskip("warcio", reason="WARC input needs the 'warc' extra")
    from tests.test_warc import VI_PAGE, write_crawl

    pages = write_crawl(tmp_path / "crawl.warc.gz", gz=True)
    proc = cli(tmp_path, "crawl.warc.gz", "-o", "out.jsonl", "--report", "report", "--jobs", jobs)
    assert proc.returncode == 1, proc.stderr  # the binary page
    index = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    rows = parse(index).css("#docs tbody tr")
    assert [r.css("td")[0].text() for r in rows] == [url for url, _ in pages]
    expected = clean(VI_PAGE.encode(), url=pages[0][0])
    for row in rows[:4]:
        link = row.css_first("a")
        assert link is not None
        page = (tmp_path / "report" / str(link.attributes["href"])).read_text(encoding="utf-8")
        assert_contract(expected, page)
    assert rows[4].css_first("a") is None
    assert rows[4].css("td")[7].text().startswith("crawl.warc.gz:5: ")  # where, then why
    assert "binary" in rows[4].css("td")[7].text()
    if jobs == "2":
        proc = cli(tmp_path, "crawl.warc.gz", "-o", "o1.jsonl", "--report", "r1", "--jobs", "1")
        assert (tmp_path / "r1" / "index.html").read_text(encoding="utf-8") == index
