"""The compiled CSS selection (``cleaner/_cdom_select*.c``: selectors parsed once, matched
by Lexbor's own engine, several in one walk) gives the nodes selectolax's ``css()`` gives,
in its order and with its duplicates: every selector of every shipped rule file on every
golden page and on the corpus pages where they are, made-up selectors on made-up markup;
a selector Lexbor cannot parse is logged and skipped as ``locate.select_all`` does.
Skipped where the compiled DOM passes are not in use."""

from __future__ import annotations

import gzip
import logging
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaner import native
from cleaner.errors import CleanerError
from cleaner.locate import parsed, select_all, site_ids
from cleaner.rule_loader import builtin_rule_files
from cleaner.rules import HtmlRules, RuleFile
from cleaner.segment_html import _site_python, anchors_of, parse_page

from .util import markup_pages

pytestmark = pytest.mark.skipif(native.dom is None, reason="cleaner._cdom is not in use")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CORPUS = Path("/work/shared/corpus")
WCXB_PAGES = 150
"""WCXB dev pages compared (of 711)."""


def _css(root: LexborNode, selector: str) -> list[int] | None:
    """``mem_id`` of ``root.css(selector)``, or None where selectolax refuses it."""
    try:
        return [n.mem_id for n in root.css(selector)]
    except Exception:  # selectolax raises its own errors for bad selectors
        return None


def _rule_file(html: HtmlRules) -> RuleFile:
    return RuleFile(name="test", version="1", path="test.toml", html=html)


def _agree(root: LexborNode, texts: tuple[str, ...]) -> int:
    """Each of ``texts`` found both ways (one by one and in one walk) under ``root``; how
    many nodes the texts found."""
    compiled = parsed(texts)
    assert compiled is not None
    python = [_css(root, t) for t in texts]
    assert [compiled.find(i, root.mem_id) for i in range(len(texts))] == python
    assert compiled.find_all(root.mem_id) == python
    return sum(len(ids or ()) for ids in python)


def _html_rules() -> list[HtmlRules]:
    return [f.html for f in builtin_rule_files() if f.html != HtmlRules()]


def _python(body: LexborNode, html: HtmlRules) -> tuple[object, ...]:
    """What ``site_ids`` gives, through selectolax: ``_site_python`` and the title."""
    site = _site_python(body, _rule_file(html))[:3]
    titles = select_all(body, html.title)  # after them, as segment_page asks
    return (*site, titles[0].mem_id if titles else None)


def _compare_pages(pages: list[str]) -> int:
    """Every shipped rule file's selectors, all together and as ``site_ids`` asks them,
    on each page's body as the pipeline parses it; how many nodes they found."""
    every = tuple(sorted({t for h in _html_rules() for t in (*h.body, *h.keep, *h.strip)}))
    titles = tuple(sorted({t for h in _html_rules() for t in h.title}))
    found = 0
    for html in pages:
        try:
            tree, _, _ = parse_page(html)
        except CleanerError:
            continue
        body = tree.body
        if body is None:
            continue
        found += _agree(body, every) + _agree(body, titles)
        for rules in _html_rules():
            assert site_ids(body, rules) == _python(body, rules)
    return found


def test_every_rule_selector_on_every_golden_page() -> None:
    pages = sorted(FIXTURES.glob("*/*.html"))
    assert len(pages) >= 20
    found = _compare_pages([p.read_text("utf-8", errors="replace") for p in pages])
    assert found > 100  # the selectors do find things on their own sources' pages


@pytest.mark.skipif(not (CORPUS / "vi").is_dir(), reason="the shared corpus is not here")
def test_every_rule_selector_on_the_corpus_pages() -> None:
    from benchmarks.naive import decode_html

    paths = sorted((CORPUS / "vi").glob("*/*.html"))
    paths += sorted((CORPUS / "en-wcxb-dev" / "html").glob("*.html.gz"))[:WCXB_PAGES]
    pages = []
    for path in paths:
        raw = path.read_bytes()
        pages.append(decode_html(gzip.decompress(raw) if path.suffix == ".gz" else raw))
    assert _compare_pages(pages) > 100


TAGS = ["div", "p", "span", "a", "ul", "li", "table", "tr", "td", "section", "h1", "b", "x-y"]
ATTRS = [
    "", 'class="a"', 'class="a b"', 'class="b"', 'id="m"', 'id="n" class="a"', 'type="Rel"',
    'data-k="1"', 'data-k="12"', 'style="text-align:right"', 'title="x, div"', "hidden",
    'class="A"',
]  # fmt: skip
TEXTS = ["", " ", "x", "<!-- c -->", "<br>", "&amp;", "<template><p class=a>t</p></template>"]
pages = markup_pages(TAGS, ATTRS, TEXTS, max_leaves=30, max_parts=4)

# Selectors: type, class, id, attribute tests, :not, :nth-child, :has, combinators,
# comma lists, and text Lexbor refuses (or reads up to the end, as an open string).
SIMPLE = [
    "div", "p", "*", ".a", ".b", "#m", "#n", "[type=Rel]", '[data-k^="1"]', "[data-k$='2']",
    '[style*="right"]', "[hidden]", "p.a", "div#n.a", ":not(.a)", "li:nth-child(2)",
    ":nth-child(2n+1)", "p:last-of-type", "div:has(> p)", "td:has(b) > p:not(:has(b))",
    ":first-child", "body", "template", ".A", "[title]", '[title="x',
]  # fmt: skip
COMBINATORS = [" ", " > ", " + ", " ~ ", ", "]
BAD = ["!!!", "", "div >", "..a", ":nope", "[", "a ||| b", ",", "p,", "div::", "\\"]
selector = st.one_of(
    st.sampled_from(BAD),
    st.builds(
        lambda parts, joins: (
            parts[0] + "".join(j + p for j, p in zip(joins, parts[1:], strict=False))
        ),
        st.lists(st.sampled_from(SIMPLE), min_size=1, max_size=3),
        st.lists(st.sampled_from(COMBINATORS), min_size=2, max_size=2),
    ),
)


@settings(max_examples=300, deadline=None)
@given(page=pages, texts=st.lists(selector, max_size=6).map(tuple))
@example(
    page='<body><div class="a"><p class="a" title="x, div">y</p></div>', texts=('[title="x', "div")
)
@example(page="<body><p class=a>x</p>", texts=("p, .a", ".a, p, *", "!!!", "p"))
def test_made_up_selectors_on_made_up_markup(page: str, texts: tuple[str, ...]) -> None:
    tree = LexborHTMLParser(page)
    assert tree.body is not None
    _agree(tree.body, texts)


@settings(max_examples=100, deadline=None)
@given(
    page=pages,
    body=st.lists(selector, max_size=3).map(tuple),
    keep=st.lists(selector, max_size=2).map(tuple),
    strip=st.lists(selector, max_size=3).map(tuple),
    title=st.lists(selector, max_size=3).map(tuple),
)
def test_site_ids_is_the_python_selection(
    page: str,
    body: tuple[str, ...],
    keep: tuple[str, ...],
    strip: tuple[str, ...],
    title: tuple[str, ...],
) -> None:
    tree = LexborHTMLParser(page)
    assert tree.body is not None and native.dom is not None
    html = HtmlRules(body=body, keep=keep, strip=strip, title=title)
    assert site_ids(tree.body, html) == _python(tree.body, html)
    containers, kept, _, nodes = _site_python(tree.body, _rule_file(html))
    assert native.dom.ancestors([*containers, *kept]) == anchors_of(nodes)


def test_a_bad_selector_is_logged_and_skipped_as_select_all_does(
    caplog: pytest.LogCaptureFixture,
) -> None:
    tree = LexborHTMLParser("<body><div class=a><p class=s>x</p><p>y</p></div>")
    assert tree.body is not None
    html = HtmlRules(
        body=("!!!", ".zz", ".a", "[["), keep=("p >",), strip=(".s", "::"), title=("~", "p")
    )
    body = tree.body
    logs = []
    for compiled in (False, True):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="cleaner.locate"):
            got = site_ids(body, html) if compiled else _python(body, html)
        logs.append((got, [r.getMessage() for r in caplog.records]))
    assert logs[0] == logs[1]
    assert logs[0][1] == [
        "bad CSS selector '!!!': Can't parse CSS selector.",
        "bad CSS selector 'p >': Can't parse CSS selector.",
        "bad CSS selector '::': Can't parse CSS selector.",
        "bad CSS selector '~': Can't parse CSS selector.",
    ]


def test_a_selector_that_is_not_utf8_is_left_to_the_python() -> None:
    tree = LexborHTMLParser("<body><p>x</p>")
    assert tree.body is not None
    assert parsed(("p", "\ud800")) is None
    assert site_ids(tree.body, HtmlRules(strip=("p", "\ud800"))) is None
