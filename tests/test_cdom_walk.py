"""The compiled HTML walk (``cleaner/_cdom_walk.c``, ``_cdom_lines.c``) gives the Python
walk's segments (``segment_html._walk_python`` with ``lines.Lines``): on every golden page
with its source's rules and as an unknown page, on the corpus pages where they are, on
made-up markup with every page mark, on 100,000 nested elements, and past MAX_BLOCKS.
Skipped where the compiled DOM passes are not in use."""

from __future__ import annotations

import gzip
import unicodedata
from dataclasses import FrozenInstanceError, fields
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaner import Cleaner, native, segment_html
from cleaner.errors import CleanerError, LimitExceeded
from cleaner.lines import MAX_BLOCKS
from cleaner.model import Chrome, Segment
from cleaner.normalize import FINISH_CHANGES, NFC_STABLE_RANGES, normalize_line
from cleaner.segment_html import (
    _walk_native,
    _walk_python,
    _walk_tables,
    anchors_of,
    parse_page,
    segment_page,
    walk_tables_for,
)

from .util import markup_pages, walk_args

pytestmark = pytest.mark.skipif(native.dom is None, reason="cleaner._cdom is not in use")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CORPUS = Path("/work/shared/corpus")
WCXB_PAGES = 150
"""WCXB dev pages compared (of 711: the whole set takes a minute)."""


class Both:
    """Stands in for ``segment_html._walk``: runs both walks, keeps what each gave."""

    def __init__(self) -> None:
        self.walks: list[tuple[list[Segment], list[Segment]]] = []

    def __call__(self, body: LexborNode, **args: Any) -> list[Segment]:
        python = _walk_python(body, **args)
        self.walks.append((python, _walk_native(body, **args)))
        return python


def _segment_both_ways(pages: list[tuple[str, str | None]], monkeypatch: Any) -> int:
    """Each page segmented with its source's rules (as the Cleaner selects them) and as
    an unknown page (the container guess); how many walks were compared."""
    both = Both()
    monkeypatch.setattr(segment_html, "_walk", both)
    cleaner = Cleaner()
    thresholds = cleaner.options.thresholds
    for html, url in pages:
        try:
            tree, meta, _ = parse_page(html)
        except CleanerError:
            continue
        rules = cleaner.book.select(url=url or meta.url, source=None, text=html)
        for chosen in {id(rules): rules, 0: None}.values():
            segment_page(tree, meta, chosen, cleaner.chrome, thresholds)
    for python, compiled in both.walks:
        assert compiled == python
    return len(both.walks)


def _fixture_url(page: Path) -> str | None:
    meta = page.with_suffix(".toml")
    if not meta.is_file():
        return None
    import tomllib

    url = tomllib.loads(meta.read_text("utf-8")).get("url")
    return url if isinstance(url, str) else None


def test_the_walks_agree_on_every_golden_page(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted(FIXTURES.glob("*/*.html"))
    assert len(pages) >= 20
    loaded = [(p.read_text("utf-8", errors="replace"), _fixture_url(p)) for p in pages]
    assert _segment_both_ways(loaded, monkeypatch) >= 2 * len(pages) - 2


@pytest.mark.skipif(not (CORPUS / "vi").is_dir(), reason="the shared corpus is not here")
def test_the_walks_agree_on_the_corpus_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.naive import decode_html

    paths = sorted((CORPUS / "vi").glob("*/*.html"))
    paths += sorted((CORPUS / "en-wcxb-dev" / "html").glob("*.html.gz"))[:WCXB_PAGES]
    paths += sorted((CORPUS / "multilang-dev" / "html").glob("*.html"))
    pages = []
    for path in paths:
        raw = path.read_bytes()
        pages.append((decode_html(gzip.decompress(raw) if path.suffix == ".gz" else raw), None))
    assert _segment_both_ways(pages, monkeypatch) >= len(pages)


# Markup for the walk: blocks, holders, inline styles, links, images, breaks, tables
# (foster parenting moves text), templates, comments, entities, unknown and upper-case
# tags, blank and nearly blank text (no-break space, U+3000, vertical tab, form feed).
TAGS = [
    "div", "p", "li", "ul", "a", "span", "h2", "td", "tr", "table", "aside", "nav", "section",
    "figure", "form", "footer", "b", "strong", "i", "em", "font", "my-widget", "x", "P",
    "Strong", "Div", "main", "body", "template", "blockquote",
]  # fmt: skip
ATTRS = [
    "", 'class="content"', 'class="comments"', 'id="related"', 'class="menu" id="m"',
    'class="entry" id="story"', "class", 'style="display: none"', 'style="DISPLAY:none"',
    'style="font-style:italic"', 'style="color: red"', "style", "hidden",
    'aria-hidden="true"', 'aria-hidden="TRUE"', 'class="sidebar" style="font-style: italic"',
]  # fmt: skip
TEXTS = [
    "", " ", "\n  ", "\xa0", "\u3000", "\v", "\f\r", "x", "Short text.",
    "A sentence of some length. " * 4, "<br>", "<img src=a.png>", "<!-- c -->", "<?pi x?>",
    "Một câu. ", "\r\n\x0c\t", "&amp;lt; &nbsp;&#8203;", "\u200b", "<script>s</script>",
    "<table>loose<tr><td>cell</td></tr></table>", "x\u0301", "&#0;", "\x85",
]  # fmt: skip
pages = markup_pages(TAGS, ATTRS, TEXTS, max_leaves=40, max_parts=5)


@settings(max_examples=400, deadline=None)
@given(pages, st.data())
@example("<body><div><img><i>An italic caption</i></div><p><a>x</a> <b>bold</b></p>", None)
@example("<body><p><img><i>abcdefghi</i>j</p><p><b>abcdefghi</b>j</p>", None)  # 9 of 10: 0.9
def test_the_walks_agree_on_made_up_markup(html: str, data: st.DataObject | None) -> None:
    tree = LexborHTMLParser(html)
    if data is None:
        tree.strip_tags(["script"])
        assert tree.body is not None
        body, args = tree.body, {"anchors": set(), "chrome": Cleaner().book.chrome}
        args |= {"container_ids": set(), "keep_ids": set(), "strip_ids": {}, "title_id": None}
        args["has_container"] = False
    else:
        body, args = walk_args(tree, data, most=3, vary_container=True)
    assert _walk_native(body, **args) == _walk_python(body, **args)


def _walk_by_names(body: LexborNode, args: dict[str, Any]) -> list[Segment]:
    """The compiled walk with no tag id known: every node's name read and its flags
    asked of ``name_flags``, as for a made-up tag."""
    assert native.dom is not None
    return native.dom.walk(
        body.mem_id,
        args["container_ids"],
        args["keep_ids"],
        args["anchors"],
        args["strip_ids"],
        args["title_id"],
        args["chrome"].category,
        args["has_container"],
        args.get("overruled", frozenset()),
        walk_tables_for({}),
    )


@settings(max_examples=100, deadline=None)
@given(pages, st.data())
def test_the_walks_agree_with_every_name_read(html: str, data: st.DataObject) -> None:
    body, args = walk_args(LexborHTMLParser(html), data, most=3, vary_container=True)
    assert _walk_by_names(body, args) == _walk_python(body, **args)


def test_the_walks_agree_on_golden_pages_with_every_name_read() -> None:
    for page in sorted(FIXTURES.glob("*/*.html"))[:10]:
        tree, _, _ = parse_page(page.read_text("utf-8", errors="replace"))
        assert tree.body is not None
        args = _plain_args(tree.body)
        assert _walk_by_names(tree.body, args) == _walk_python(tree.body, **args)


NOT_UTF8 = ["\xc0\x80", "\xc1\xbf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf5\x80"]
"""Byte sequences strict UTF-8 refuses: overlong forms of U+0000, U+007F and "/", a
surrogate, a code point past U+10FFFF, a lead byte no character has."""


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from([*TEXTS, "\xff", "\xe1\xba", "\x80x", "<p>", *NOT_UTF8]), max_size=30)
)
@example([*NOT_UTF8, "<p>", *(f"<a>{b}</a> x" for b in NOT_UTF8)])
def test_the_walks_agree_where_lexbor_holds_bytes_that_are_not_utf8(pieces: list[str]) -> None:
    # Bytes given to the parser are kept as they are: texts not UTF-8, and a character
    # whose bytes a comment splits between two texts of one line. Each piece is a byte
    # string written as Latin-1 characters.
    raw = "<body><div>" + "".join(pieces).replace("\xff", "<!---->")
    tree = LexborHTMLParser(raw.encode("latin-1", "replace").replace(b"?", b"\xe1"))
    assert tree.body is not None
    args: dict[str, Any] = {"anchors": set(), "chrome": Cleaner().book.chrome}
    args |= {"container_ids": set(), "keep_ids": set(), "strip_ids": {}, "title_id": None}
    for has_container in (False, True):
        args["has_container"] = has_container
        assert _walk_native(tree.body, **args) == _walk_python(tree.body, **args)


LINE_CHARS = [
    "a", "Z", " ", "  ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\xa0", "\u3000",
    "\u2000", "\u2028", "&", "&amp;", "&lt;", "\u200b", "\xad", "\ufeff", "\x00", "\x7f", "\x80",
    "\ud800", "ạ", "ư", "e\u0301", "\u0301", "\u212b", "\u1e9b\u0323", "한", "😀", "\u0340",
    "\u1161", "\u11a8", "ế", "\u1e00", "\u2026", "\u201c", "\u0323", "A\u030a", "\u0958",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.lists(st.sampled_from(LINE_CHARS)).map("".join)))
@example("Một câu \u00a0 rất\u3000dài ")
@example("e\u0301")  # not NFC: left to normalize_line
def test_the_compiled_collapse_is_normalize_line(text: str) -> None:
    assert native.dom is not None
    collapsed = native.dom.walk_normalized(_walk_tables(), text)
    if collapsed is not None:
        assert collapsed == normalize_line(text)
    elif not any(c in FINISH_CHANGES or "\ud800" <= c <= "\udfff" for c in text):
        assert not unicodedata.is_normalized("NFC", text)  # declined only for these
    if text == "Một câu \u00a0 rất\u3000dài ":
        assert collapsed == "Một câu rất dài"


def test_the_nfc_stable_ranges_are_stable() -> None:
    # The second characters of canonical compositions (a superset: exclusions kept), and
    # Hangul's vowels and finals (composed by rule, not by a decomposition).
    second = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            second.add(int(parts[1], 16))
    assert 0x0301 in second and 0x1161 in second
    for first, last in NFC_STABLE_RANGES:
        for code in range(first, last + 1):
            if 0xD800 <= code <= 0xDFFF:
                continue
            char = chr(code)
            assert unicodedata.combining(char) == 0, hex(code)
            assert unicodedata.normalize("NFC", char) == char, hex(code)
            assert code not in second, hex(code)
            assert ord(unicodedata.normalize("NFD", char)[0]) not in second, hex(code)


def _plain_args(body: LexborNode, has_container: bool = False) -> dict[str, Any]:
    return {
        "container_ids": {body.mem_id} if has_container else set(),
        "keep_ids": set(),
        "anchors": {body.mem_id},
        "strip_ids": {},
        "title_id": None,
        "chrome": Cleaner().book.chrome,
        "has_container": has_container,
    }


@pytest.mark.parametrize(
    "opening",
    # Lexbor parses nested blocks in quadratic time (each <div> looks down the open
    # elements for a <p>) unless a scope marker (<marquee>) stops the look one level down.
    ["<span class=c>", "<b>", "<marquee><div class=c>", "<marquee><ul id=u><i>"],
)
def test_100000_nested_elements_are_walked_without_recursion(opening: str) -> None:
    html = f"<body>{opening * (100_000 // opening.count('<'))}deep text<p>after</p>"
    tree = LexborHTMLParser(html)
    assert tree.body is not None
    depth, node = 0, tree.body
    while node.child is not None:
        depth, node = depth + 1, node.child
    assert depth >= 100_000
    args = _plain_args(tree.body)
    compiled = _walk_native(tree.body, **args)
    assert compiled == _walk_python(tree.body, **args)
    assert [s.text for s in compiled] == ["deep text", "after"]


@pytest.mark.parametrize("has_container", [False, True])
def test_a_page_past_max_blocks_is_refused(has_container: bool) -> None:
    # Lines of the container, and (outside it) whole subtrees: both count.
    html = "<body><main>" + "<p>x</p>" * (MAX_BLOCKS + 1) + "</main>"
    if has_container:
        html = "<body><main><p>x</p></main>" + "<div>y</div>" * (MAX_BLOCKS + 1)
    tree = LexborHTMLParser(html)
    assert tree.body is not None
    main = tree.css_first("main")
    assert main is not None
    args = _plain_args(main if has_container else tree.body, has_container)
    args["anchors"] = anchors_of([main])
    for walk in (_walk_python, _walk_native):
        with pytest.raises(LimitExceeded, match=f"over the MAX_BLOCKS limit of {MAX_BLOCKS:,}"):
            walk(tree.body, **args)
    fewer = LexborHTMLParser("<body>" + "<p>x</p>" * MAX_BLOCKS)
    assert fewer.body is not None
    assert len(_walk_native(fewer.body, **_plain_args(fewer.body))) == MAX_BLOCKS


class _Failing:
    def category(self, attrs: str) -> Chrome | None:
        raise LookupError(attrs)


def test_an_error_in_a_callback_comes_out_of_the_compiled_walk() -> None:
    tree = LexborHTMLParser("<body><div><p>before</p><div class='asked'><p>x</p></div></div>")
    assert tree.body is not None
    args = _plain_args(tree.body) | {"chrome": _Failing()}
    with pytest.raises(LookupError, match="asked"):
        _walk_native(tree.body, **args)


def test_the_compiled_walk_s_segments_are_plain_segments() -> None:
    tree = LexborHTMLParser("<body><nav class=menu>Home</nav><p><a>A link</a> in a line</p>")
    assert tree.body is not None
    made = _walk_native(tree.body, **_plain_args(tree.body))
    built = _walk_python(tree.body, **_plain_args(tree.body))
    assert made == built and [type(s) for s in made] == [Segment, Segment]
    assert [hash(s) for s in made] == [hash(s) for s in built]
    assert made[1] == Segment(**{f.name: getattr(built[1], f.name) for f in fields(Segment)})
    with pytest.raises(FrozenInstanceError):
        made[0].text = "changed"  # type: ignore[misc]


def test_the_compiled_walk_is_the_one_in_use() -> None:
    assert segment_html._walk is (_walk_native if native.DOM_ENABLED else _walk_python)
