"""The whole of ``Cleaner.clean`` compiled against the whole of it pure, on hostile and
random input: each example is cleaned here (the compiled twins, ``_ctext`` and ``_cdom``)
and by a ``CLEANER_PURE=1`` worker process (``tests/pure_twin.py``: which twins a process
uses is decided at import), and the two results must be the same: text, every block with
its verdict, reason and features, the container guess, or the same ``CleanerError``.

Both sides clean every example twice: with a fresh ``Cleaner`` and with one kept for the
whole module, whose decision memo has seen the earlier examples (as a stream's does).

Brief in CI (``FUZZ_EXAMPLES``, default 40 per target); run longer on demand, or under
AddressSanitizer (docs/threat-model.md, "Memory safety of the compiled twins")::

    FUZZ_EXAMPLES=3000 .venv/bin/python -m pytest tests/test_native_whole.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, native

from .pure_twin import outcome_with, wire

pytestmark = pytest.mark.skipif(
    not (native.ENABLED and native.DOM_ENABLED), reason="the compiled twins are not in use"
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)

Twins = Callable[..., None]


@pytest.fixture(scope="module")
def twins() -> Iterator[Twins]:
    """``check(content, kind, url, as_bytes, cleaners)``: clean here and in the pure
    worker with each of ``cleaners`` (``pure_twin``'s: by default a fresh ``Cleaner`` and
    the shared one; or another: ``outcome_with``) and assert the outcomes are equal."""
    env = {**os.environ, native.PURE_ENV: "1"}
    worker = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("pure_twin.py"))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
        encoding="utf-8",
    )
    assert worker.stdin is not None and worker.stdout is not None
    shared = [Cleaner()]

    def check(
        content: str,
        kind: str,
        url: str | None,
        as_bytes: bool,
        cleaners: tuple[str, ...] = ("fresh", "shared"),
    ) -> None:
        assert worker.stdin is not None and worker.stdout is not None
        for which in cleaners:
            request = {"content": content, "bytes": as_bytes, "kind": kind, "url": url,
                       "cleaner": which}  # fmt: skip
            worker.stdin.write(json.dumps(wire(request)) + "\n")
            worker.stdin.flush()
            reply = worker.stdout.readline()
            assert reply, "the pure worker died"
            if which == "reset":
                shared[0] = Cleaner()
            here = json.loads(json.dumps(outcome_with(which, shared[0], request)))
            assert here == json.loads(reply), which

    yield check
    worker.stdin.close()
    worker.wait(timeout=60)


# --- text -----------------------------------------------------------------------------------

# Every kind of line break str.splitlines knows, and the other spaces and invisibles.
BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028",
          "\u2029", "\n\n", "\n \n"]  # fmt: skip
SPACES = [" ", "\t", "\xa0", "\u1680", "\u2000", "\u2003", "\u2007", "\u200a", "\u202f",
          "\u205f", "\u3000", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u180e",
          "\u00ad", "\u034f"]  # fmt: skip
ODD = ["\ud800", "\udfff", "\udc00\ud800", "\x00", "\U0001f600", "\U0001d54f", "\U00020b9f",
       "\U0010ffff", "\ufffd", "\ufffe", "\u0301", "\u0323\u0301\u0302", "e\u0301" * 3,
       "\u20dd", "\u202e", "\u200f", "\u2066", "\u061c", "\U000e0001", "\U0001f1fb\U0001f1f3",
       "\U0001f468\u200d\U0001f469\u200d\U0001f467", "İ", "ẞ", "ß", "ς", "Σ", "ǅ", "ﬁ",
       "\u0130\u0307", "&amp;", "&nbsp;", "<p>", "</div>", "©", "|", "»", "·", "...", "…",
       "\x7f", "\x9c", "\x1b[31m"]  # fmt: skip
SCRIPTS = [
    "Bộ trưởng Quốc phòng Nga điện đàm với các nước NATO trong ngày hôm nay.",
    "The council met on Tuesday and agreed to the new budget after a long debate.",
    "日本語の文章です。これは記事の本文です。東京で会議が開かれた。",
    "中国国家主席今天在北京会见了来访的外国领导人，双方讨论了合作问题。",
    "한국 정부는 오늘 새로운 경제 정책을 발표했다고 밝혔습니다.",
    "ภาษาไทยที่ดีมากสำหรับการอ่านบทความนี้ในวันนี้",
    "قال الرئيس في مؤتمر صحفي اليوم إن الحكومة ستواصل العمل على الإصلاحات.",
    "אמר ראש הממשלה היום כי הממשלה תמשיך בעבודה על הרפורמות.",
    "प्रधानमंत्री ने आज कहा कि सरकार सुधारों पर काम जारी रखेगी।",
    "Президент заявил сегодня, что правительство продолжит реформы.",
    "Η ΟΔΟΣ ΤΟΥ ΣΠΙΤΙΟΥ ΕΙΝΑΙ ΜΑΚΡΙΑ ΑΠΟ ΕΔΩ ΚΑΙ ΟΛΟΙ ΤΟ ΞΕΡΟΥΝ",
    "İSTANBUL İÇİN BİR ŞEHİR VE BİR ÜLKE",
    "Cafe\u0301 co\u0302ng nghe\u0323 Vie\u0323\u0302t Nam ha\u0300 no\u0323\u0302i",
    "Tokyo 東京 Hà Nội مرحبا Москва שלום 서울 กรุงเทพ mixed",
]
CHROME = [
    "Trang chủ", "Đọc thêm", "Xem thêm:", "Ảnh: Reuters", "Theo VTV", "Home", "Share",
    "Bản quyền © 2024 Báo Dân trí", "Copyright 2007 - 2024 - CafeF.vn", "Tweet",
    "Subscribe to our newsletter", "Advertisement", "Read more", "Related articles",
    "Follow us on Facebook", "(theo Sputnik, CNN, Reuters)", "Hà Thu", "img", "|", "»",
    "Video đang HOT", "Bạn cần đăng nhập để thực hiện chức năng này!", "Tags:",
    "Sign up", "Log in", "Cookies", "1", "12:30", "01/12/2026", "Tin liên quan",
]  # fmt: skip

_piece = st.one_of(
    st.sampled_from(ODD + SPACES),
    st.sampled_from(SCRIPTS + CHROME),
    st.text(max_size=12),
    st.text(st.characters(codec="utf-8"), max_size=6),
)
_line = st.one_of(
    st.sampled_from(SCRIPTS + CHROME),
    st.lists(_piece, max_size=8).map("".join),
    st.text(max_size=60),
)


@st.composite
def _lines(draw: st.DrawFn) -> list[str]:
    """A document's lines: plain, or one made into many identical or near-identical lines
    (alike at the start, the end or both), or very long."""
    lines = draw(st.lists(_line, min_size=1, max_size=14))
    shape = draw(st.sampled_from(["plain", "same", "numbered", "both_ends", "long", "wide"]))
    base = draw(st.sampled_from(lines))
    count = draw(st.integers(2, 300))
    if shape == "same":
        lines += [base] * count
    elif shape == "numbered":
        lines += [f"{base} {i}" if i % 2 else f"{i} {base}" for i in range(count)]
    elif shape == "both_ends":
        lines += [f"{base} {i:x}{draw(st.sampled_from(ODD))} {base}" for i in range(count)]
    elif shape == "long":
        lines.insert(draw(st.integers(0, len(lines))), (base + " ") * draw(st.integers(50, 3000)))
    elif shape == "wide":
        lines += [draw(st.sampled_from(SCRIPTS)) for _ in range(count)]
    return lines


@st.composite
def text_documents(draw: st.DrawFn) -> str:
    """Lines joined by any kind of line break, with spaces or odd characters around them."""
    out = []
    for line in draw(_lines()):
        pad = draw(st.sampled_from(["", "", " ", "\t", "\u3000", "\ufeff", "\x00"]))
        out.append(pad + line + draw(st.sampled_from(["", "", " ", "\u200b"])))
        out.append(draw(st.sampled_from(BREAKS)))
    return "".join(out)


URLS = st.sampled_from(
    [None, "https://cafef.vn/a.chn", "https://vnexpress.net/b.html", "https://dantri.com.vn/x",
     "https://example.com/news/1", "http://[x", "https://xn--80ak6aa92e.com/\ud800"]
)  # fmt: skip


@FUZZ
@given(text=text_documents(), kind=st.sampled_from(["text", "auto"]), url=URLS)
@example(text="\ud800\n\x00\n" * 3, kind="text", url=None)
@example(text="\n".join(["Trang chủ"] * 2000), kind="text", url=None)
@example(text="\n".join(f"{i} Đọc thêm {i}" for i in range(2000)), kind="text", url=None)
@example(text="\u2028".join(SCRIPTS * 40), kind="text", url="https://vnexpress.net/b.html")
# At the compiled code's chunk and cache bounds: units counted UNIT_CHUNK (16,384) at a
# time, detection reading DETECT_MAX_UNITS (20,000), the unit cache's 24-character units,
# the known lines' hash reading 24 code points at each end of a line.
@example(text="東" * 16_385 + "\n" + "a " * 16_384, kind="text", url=None)
@example(
    text="\n".join(["word " * 20_001, "İ" * 16_384, "x" * 25 + " " + "y" * 24]),
    kind="text",
    url=None,
)
@example(
    text="\n".join("a" * 24 + f"{i:05d}" + "b" * 24 for i in range(3000)), kind="text", url=None
)
def test_text_mode_compiled_is_pure(twins: Twins, text: str, kind: str, url: str | None) -> None:
    twins(text, kind, url, False)


# --- HTML -----------------------------------------------------------------------------------

TAGS = ["div", "p", "span", "a", "b", "i", "em", "h1", "h2", "h3", "h6", "ul", "ol", "li",
        "blockquote", "pre", "code", "figure", "figcaption", "img", "br", "hr", "table",
        "thead", "tbody", "tr", "td", "th", "caption", "article", "section", "main", "nav",
        "header", "footer", "aside", "form", "button", "select", "option", "textarea",
        "iframe", "script", "style", "noscript", "template", "svg", "math", "title", "time",
        "address", "dl", "dt", "dd", "sup", "x-widget", "font", "center", "marquee", "object",
        "picture", "source", "video", "label", "input", "body", "html", "head", "meta"]  # fmt: skip
ATTRS = ["class", "id", "style", "hidden", "aria-hidden", "role", "itemprop", "href",
         "data-id", "lang", "dir", "title", "src", "alt", "colspan", "rowspan", "content",
         "name", "property", "type"]  # fmt: skip
ATTR_VALUES = ["", "content", "article-body", "sidebar", "nav menu", "display:none", "true",
               "main", "articleBody", "related-news", "ad ad-banner", "footer", "share",
               "comment", "breadcrumb", "author", "rtl", "999999", "-1", "og:title",
               "\ud800", "\x00", "a\"b", "x'y", "&amp;&quot;", "日本"]  # fmt: skip
ENTITIES = ["&amp;", "&lt;", "&gt;", "&nbsp;", "&#0;", "&#x110000;", "&#xD800;", "&#128512;",
            "&notin", "&NotAValid;", "&#9999999999;", "&", "&#", "&#x;", "&copy;", "&hellip;"]  # fmt: skip
BROKEN = ["<", ">", "</", "<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE html>", "<?xml?>",
          "<p/>", "</br>", "<image>", "<div <p>", "<a href=>", "<td>", "</table>", "</tr>",
          "<plaintext>", "<xmp>", "</html>", "<body>", "<frameset>", "'", '"', "=",
          "<svg><foreignObject><p>", "<math><mi>", "<table><p>stray</p>", "<select><div>"]  # fmt: skip

_attr = st.tuples(st.sampled_from(ATTRS), st.sampled_from(ATTR_VALUES) | st.text(max_size=8))
_leaf = st.one_of(
    st.sampled_from(SCRIPTS + CHROME),
    st.sampled_from(ENTITIES + BROKEN + ODD),
    st.text(max_size=20),
)


def _render(parts: tuple[str, list[tuple[str, str]], list[str], bool]) -> str:
    tag, attrs, kids, close = parts
    attr_text = "".join(f' {k}="{v}"' for k, v in attrs)
    return f"<{tag}{attr_text}>" + "".join(kids) + (f"</{tag}>" if close else "")


def _element(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    kids = st.lists(inner, max_size=6)
    return st.tuples(st.sampled_from(TAGS), st.lists(_attr, max_size=3), kids, st.booleans()).map(
        _render
    )


_tree = st.recursive(_leaf, _element, max_leaves=60)


@st.composite
def html_documents(draw: st.DrawFn) -> str:
    """A page: a random tree, sometimes inside a deep or a wide wrapper, sometimes with a
    table of many rows or many alike paragraphs."""
    body = draw(st.lists(_tree, min_size=1, max_size=6).map("".join))
    shape = draw(st.sampled_from(["plain", "deep", "wide", "rows", "alike"]))
    count = draw(st.integers(2, 400))
    if shape == "deep":
        tag = draw(st.sampled_from(["div", "span", "b", "table", "li", "section"]))
        body = f"<{tag}>" * count + body + f"</{tag}>" * draw(st.integers(0, count))
    elif shape == "wide":
        line = draw(st.sampled_from(SCRIPTS + CHROME))
        body += "".join(f"<p>{line}</p>" for _ in range(count))
    elif shape == "rows":
        body += "<table>" + "".join(f"<tr><td>{i}</td><td>{body[:40]}</td></tr>"
                                    for i in range(count)) + "</table>"  # fmt: skip
    elif shape == "alike":
        line = draw(st.sampled_from(SCRIPTS))
        body += "".join(f"<div class=c{i % 3}><p>{line} {i}</p></div>" for i in range(count))
    title = draw(st.sampled_from(["", "<title>Tin tức | Báo</title>", "<title>\ud800</title>"]))
    return f"<html><head>{title}</head><body>{body}</body></html>"


@FUZZ
@given(
    page=html_documents(), url=URLS, as_bytes=st.booleans(), kind=st.sampled_from(["html", "auto"])
)
@example(page="<div>" * 5000 + "x", url=None, as_bytes=False, kind="html")
@example(page="<p>\ud800\udfff x\ud83d\ude00y</p>", url=None, as_bytes=False, kind="html")
@example(page="<p>a</p>" * 5000, url=None, as_bytes=False, kind="html")
@example(page="<template><p>" + SCRIPTS[0] + "</p></template>" * 3, url=None, as_bytes=True,
         kind="html")  # fmt: skip
def test_html_mode_compiled_is_pure(
    twins: Twins, page: str, url: str | None, as_bytes: bool, kind: str
) -> None:
    if as_bytes:
        page = page.encode("utf-8", "surrogatepass").decode("latin-1")
    twins(page, kind, url, as_bytes)


# --- a site's pages in a row ----------------------------------------------------------------


@st.composite
def site_pages(draw: st.DrawFn) -> list[str]:
    """A site's documents: lines drawn from one small pool (its menus and footers, met
    again on each page), the same line at one width on a page and another on the next
    (an astral or a CJK character elsewhere in the text widens the whole str)."""
    pool = draw(st.lists(_line, min_size=2, max_size=10))
    pages = []
    for _ in range(draw(st.integers(2, 6))):
        lines = draw(st.lists(st.sampled_from(pool) | _line, min_size=1, max_size=25))
        widen = draw(st.sampled_from(["", "", "\U0001f600", "東", "\u0101", "\x00"]))
        pages.append(draw(st.sampled_from(BREAKS)).join(lines) + widen)
    return pages


@FUZZ
@given(pages=site_pages(), kind=st.sampled_from(["text", "auto"]), url=URLS)
@example(pages=["Trang chủ\nĐọc thêm\n" + SCRIPTS[0]] * 2 + ["Trang chủ\nĐọc thêm\n東"],
         kind="text", url=None)  # fmt: skip
def test_a_site_s_pages_in_a_row_compiled_is_pure(
    twins: Twins, pages: list[str], kind: str, url: str | None
) -> None:
    """One ``Cleaner`` (new for the example) cleans the pages in order on both sides: its
    memo and known lines answer the later ones."""
    for i, page in enumerate(pages):
        twins(page, kind, url, False, ("reset",) if i == 0 else ("shared",))


# --- what the caller hands in ---------------------------------------------------------------

_ODD = """
import json, sys
from cleaner import Cleaner


class Odd(str):
    # A str subclass whose methods lie about its characters.
    def split(self, *args, **kwargs):
        return ["x"]

    def splitlines(self, keepends=False):
        return ["x"]

    def lower(self):
        return "zzz"

    def strip(self, chars=None):
        return "q"


content, kind = json.loads(sys.argv[1])
odd = Cleaner().clean(Odd(content), kind=kind).to_dict(blocks=True)
print(json.dumps(odd == Cleaner().clean(content, kind=kind).to_dict(blocks=True)))
"""


@pytest.mark.parametrize("kind", ["text", "auto", "html"])
@pytest.mark.parametrize("pure", [False, True], ids=["compiled", "pure"])
def test_a_str_subclass_is_cleaned_as_its_characters(kind: str, pure: bool) -> None:
    """Compiled and pure alike, as the plain str: the compiled twins read a str's
    characters, the Python ones would call a subclass's own methods (``Cleaner.clean``
    takes the plain str of them)."""
    text = "\n".join(["Trang chủ", SCRIPTS[0], SCRIPTS[1], "Đọc thêm"])
    page = "<html><body><nav>Trang chủ</nav><p>" + SCRIPTS[0] + "</p></body></html>"
    env = {**os.environ, native.PURE_ENV: "1" if pure else "0"}
    argument = json.dumps([page if kind == "html" else text, kind])
    out = subprocess.run(
        [sys.executable, "-c", _ODD, argument], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "true"


# --- user rules -----------------------------------------------------------------------------

# Literals a rule may hold: chrome and prose words, odd and astral characters (no
# surrogates: TOML cannot hold them), regex and TOML metacharacters.
_LITERALS = [w for w in " ".join(SCRIPTS + CHROME).split() if len(w) > 1] + [
    "\x00", "\U0001f600", "\U00020b9f", "\u0301", "e\u0301", "İ", "ß", "Σ", "ﬁ", "\u3000",
    "|", "»", "...", "…", "\\", '"', "'''", "(", "[", "$", "^", "{2}", "\n", "東京", "ภาษา",
]  # fmt: skip


def _toml(text: str) -> str:
    """``text`` as a TOML basic string."""
    return '"' + "".join(c if " " <= c <= "~" and c not in '"\\' else f"\\U{ord(c):08X}"
                         for c in text) + '"'  # fmt: skip


@st.composite
def user_rules(draw: st.DrawFn) -> str:
    """A user rule file of one to four rules over the literals, each a drop, keep, cut or
    block rule with an optional length limit, tail, IGNORECASE and ``needs``."""
    parts = ['version = "1"']
    for n in range(draw(st.integers(1, 4))):
        words = draw(st.lists(st.sampled_from(_LITERALS), min_size=1, max_size=3))
        escaped = [regex.escape(w) for w in words]
        shape = draw(st.sampled_from(["^{}", "{}$", "^{}$", "{}", "(?:{})+"]))
        pattern = shape.format("|".join(escaped) if len(words) > 1 else escaped[0])
        kind = draw(st.sampled_from(["drop", "keep", "cut", "block"]))
        rule = [f'[[rule]]\nid = "user.r{n}"\nkind = "{kind}"\nreason = "r{n}"',
                f"pattern = {_toml(pattern)}"]  # fmt: skip
        if draw(st.booleans()):
            rule.append(f"max_chars = {draw(st.integers(1, 200))}")
        if draw(st.booleans()):
            rule.append(f"tail_chars = {draw(st.integers(1, 100))}")
        if draw(st.booleans()):
            rule.append('flags = ["IGNORECASE"]')
        if len(words) == 1 and shape != "(?:{})+" and draw(st.booleans()):
            rule.append(f"needs = [{_toml(words[0])}]")
        parts.append("\n".join(rule))
    return "\n\n".join(parts) + "\n"


@FUZZ
@given(rules=user_rules(), lines=_lines(), html=st.booleans())
def test_user_rules_compiled_is_pure(
    twins: Twins, rules: str, lines: list[str], html: bool
) -> None:
    """A Cleaner with a random user rule file, compiled and pure: the rule book's plans,
    literal scans, sieve and gates built from rules the built-in files do not have."""
    if html:
        page = "<html><body>" + "".join(f"<p>{x}</p>" for x in lines)
        twins(page, "html", None, False, (rules,))
    else:
        twins("\n".join(lines), "text", None, False, (rules,))


@FUZZ
@given(
    content=text_documents().map(lambda t: (t, "text"))
    | html_documents().map(lambda h: (h, "html"))
)
def test_other_options_compiled_is_pure(twins: Twins, content: tuple[str, str]) -> None:
    """Without the memo and known lines, and without the source rules."""
    twins(content[0], content[1], "https://dantri.com.vn/x", False, ("no-memo", "generic"))
