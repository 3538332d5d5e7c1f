"""The compiled steps call a pattern's bound ``search``/``match``/``fullmatch`` through one
helper (``_ctext.c``'s ``ctext_search``): a ``regex`` pattern's with ``concurrent=False``
(no GIL released and taken back around the match), which must find what ``f(text)``
finds; anything else is called as it is given."""

from __future__ import annotations

import re

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import native
from cleaner.features import shapes
from cleaner.rule_loader import builtin_rule_files

pytestmark = pytest.mark.skipif(native.compiled is None, reason="cleaner._ctext is not built")

# Patterns whose answer depends on where the search starts and ends (anchors, lookbehind,
# word edges): a call that passed another position than the text's whole would differ.
PATTERNS = [
    r"(?<=a)b$",
    r"^\d{1,2}:\d{2}\s+\p{L}",
    r"\Ab|b\Z",
    r"\bxy\b",
    r"(?:…|\.\.\.+)\s*[)\]\"']*$",
    r"(?i)ảnh\s*:\s*\S",
    r"(?r)b+$",
    r"",
]
TEXTS = st.text(alphabet="abxy:.…1 2\nẢảnh", max_size=24)


def _same(found: object, expected: object) -> bool:
    if expected is None or found is None:
        return found is expected
    assert isinstance(found, regex.Match | re.Match) and isinstance(expected, type(found))
    return found.span() == expected.span() and found.groups() == expected.groups()


def test_regex_methods_are_called_uncontended() -> None:
    assert native.compiled is not None
    pattern = regex.compile("a")
    assert native.compiled.uncontended(pattern.search)
    assert native.compiled.uncontended(pattern.match)
    assert native.compiled.uncontended(pattern.fullmatch)
    # Not a match method, not a `regex` pattern, not a method at all: called as given.
    assert not native.compiled.uncontended(pattern.sub)
    assert not native.compiled.uncontended(pattern.finditer)
    assert not native.compiled.uncontended(re.compile("a").search)
    assert not native.compiled.uncontended(len)
    assert not native.compiled.uncontended(lambda text: None)


def test_the_shapes_and_rules_are_called_uncontended() -> None:
    """What the scorer and the line rules call is what the helper recognises."""
    assert native.compiled is not None
    shape = shapes()
    for pattern in (shape.byline, shape.date, shape.terminal, shape.ellipsis):
        assert native.compiled.uncontended(pattern.search)
    rules = [r for f in builtin_rule_files() for r in f.rules if r.timeout is None]
    assert rules and all(native.compiled.uncontended(r.pattern.search) for r in rules)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PATTERNS), st.sampled_from(["search", "match", "fullmatch"]), TEXTS)
def test_search_finds_what_the_method_finds(source: str, method: str, text: str) -> None:
    assert native.compiled is not None
    f = getattr(regex.compile(source), method)
    assert _same(native.compiled.search(f, text), f(text))


@given(TEXTS)
def test_other_callables_are_called_as_given(text: str) -> None:
    assert native.compiled is not None
    f = re.compile(r"(?<=a)b$").search
    assert _same(native.compiled.search(f, text), f(text))
    assert native.compiled.search(len, text) == len(text)
    with pytest.raises(TypeError):
        native.compiled.search(regex.compile("a").sub, text)  # sub(text) lacks its string
