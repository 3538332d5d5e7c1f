"""The compiled DOM passes' binding (``cleaner/_cdom.c``): Lexbor's functions, found in
selectolax's extension, read every node of real and made-up pages as selectolax does (each
node's children with and without text and blank text, each text node's text), and the
switch (``CLEANER_PURE``). Skipped where the module is not built; ``.ci/wheel-check``
fails if the wheel lacks it where a compiler is."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaner import native

pytestmark = pytest.mark.skipif(native.dom is None, reason="cleaner._cdom is not in use")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGES = sorted(FIXTURES.glob("*/*.html"))


def _nodes(tree: LexborHTMLParser) -> Iterator[LexborNode]:
    stack = [tree.root] if tree.root is not None else []
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.iter(include_text=True))


def _kind(node: LexborNode) -> int:
    return 3 if node.is_text_node else 8 if node.is_comment_node else 1


def _same_reading(html: str) -> int:
    """Every node of ``html`` read both ways; how many nodes were compared."""
    assert native.dom is not None
    tree = LexborHTMLParser(html)
    count = 0
    for node in _nodes(tree):
        for text, skip in ((False, False), (True, False), (True, True)):
            kids = node.iter(include_text=text, skip_empty=skip)
            expected = [(k.mem_id, _kind(k), k.tag_id or 0) for k in kids]
            assert native.dom.children(node.mem_id, text, skip) == expected
        assert native.dom.text(node.mem_id) == (node.text_content if node.is_text_node else None)
        count += 1
    return count


def test_the_binding_reads_the_golden_pages_as_selectolax() -> None:
    assert len(PAGES) >= 20
    compared = sum(_same_reading(page.read_text(encoding="utf-8")) for page in PAGES[:40])
    assert compared > 10_000


# Markup where text nodes are blank, nearly blank (a no-break space, U+3000, a vertical
# tab: not HTML's ASCII white space) or not UTF-8 once parsed, in elements, comments,
# templates and tables (whose foster parenting moves text).
PIECES = [
    "<p>", "</p>", "<div class='a b' id=x>", "</div>", " ", "\n\t", "\f\r", "\u00a0", "\u3000",
    "\v", "text", "ạ", "<!-- c -->", "<br>", "<table><tr><td>", "x</table>", "<template>",
    "</template>", "<b>", "</b>", "&nbsp;", "&#0;", "\ud800", "<svg><text>s</text></svg>",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_the_binding_reads_any_markup_as_selectolax(pieces: list[str]) -> None:
    _same_reading("".join(pieces).encode("utf-8", "surrogatepass").decode("utf-8", "replace"))


def test_a_mem_id_of_zero_is_an_error() -> None:
    assert native.dom is not None
    with pytest.raises(ValueError):
        native.dom.text(0)


def _dom_in_use(pure: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != native.PURE_ENV}
    if pure is not None:
        env[native.PURE_ENV] = pure
    code = "import cleaner.native as n; print(n.DOM_ENABLED)"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_the_compiled_dom_passes_are_used_unless_cleaner_pure_is_set() -> None:
    assert _dom_in_use(None) == "True"
    assert _dom_in_use("0") == "True"
    assert _dom_in_use("1") == "False"


def test_a_library_without_lexbor_is_refused_and_the_binding_kept() -> None:
    """Binding to a library that is not loaded, or that lacks Lexbor's functions, raises
    OSError and leaves the functions found before in place."""
    assert native.dom is not None and native.compiled is not None
    with pytest.raises(OSError, match="not loaded"):
        native.dom.bind("/nonexistent/lexbor.so")
    with pytest.raises(OSError, match="lxb_dom_node_first_child_noi"):
        native.dom.bind(native.compiled.__file__ or "")
    assert _same_reading("<p>still <b>bound</b></p>") > 0


def test_a_probe_that_fails_or_disagrees_keeps_the_python_passes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where the probe page cannot be read (a selectolax without a property the probe
    asks) or reads differently, the binding is not used, and import does not fail."""
    assert native._load_dom() is native.dom

    def fails(_dom: object) -> bool:
        raise AttributeError("'LexborNode' object has no attribute 'is_comment_node'")

    monkeypatch.setattr(native, "_agrees", fails)
    assert native._load_dom() is None
    monkeypatch.setattr(native, "_agrees", lambda _dom: False)
    assert native._load_dom() is None
