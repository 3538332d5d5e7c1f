"""A block rule's ``gate`` (``cleaner/gate.py``) is necessary: it passes on every document
the rule's pattern matches, so asking it first changes no result. Checked on the
documents the engine asks its block rules about for every fixture, seed and corpus page
(where the corpus is present), on documents built to match each gated rule, and on
made-up documents; and the compiled check (``_ctext.gate_lines`` / ``gate_endings``)
against its Python twin. (The engine asks the gates line by line, through the block
sieve: ``tests/test_sieve.py`` holds it to these checks.)"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, CleanerError, decide, native
from cleaner.gate import EndingGate, Gate, LineGate, passes_python
from cleaner.model import STRUCTURAL
from cleaner.rule_loader import builtin_rule_files, parse_rule_file
from cleaner.rules import Rule

from .util import ENDING_LINES, vi_page_inputs

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path("/work/shared/corpus")
WCXB_PAGES = 100
"""WCXB dev pages cleaned (of 711)."""
GATED = {r.id: r for f in builtin_rule_files() for r in f.rules if r.gate is not None}
TRIPLE = GATED["global.teaser-triple"]
REPEAT = GATED["global.teaser-repeat"]
compiled = pytest.mark.skipif(native.compiled is None, reason="cleaner._ctext is not built")


def _native(gate: Gate, document: str) -> bool:
    assert native.compiled is not None
    if isinstance(gate, LineGate):
        return native.compiled.gate_lines(
            document, gate.count, gate.max_chars, gate.step, gate.digit, gate.search()
        )
    head = -1 if gate.head is None else gate.head
    return native.compiled.gate_endings(document, gate.chars, gate.gap, head)


def _necessary(rule: Rule, document: str) -> bool:
    """Whether the rule's pattern matches ``document``; where it does, its gate (both
    ways) must pass."""
    assert rule.gate is not None
    if rule.pattern.search(document) is None:
        return False
    assert passes_python(rule.gate, document), (rule.id, document)
    if native.compiled is not None:
        assert _native(rule.gate, document), (rule.id, document)
    return True


def test_the_teaser_rules_have_gates() -> None:
    assert isinstance(TRIPLE.gate, LineGate)
    assert isinstance(REPEAT.gate, EndingGate)


# ---- the documents the engine asks: fixtures, seeds, the corpora --------------------------


def _clean_all(inputs: list[tuple[str, str, str | None]], monkeypatch: Any) -> dict[str, int]:
    """Each input cleaned, keeping every document the engine asks its block rules about
    (the kept blocks' texts joined, as ``decide._apply_block_rules`` joins them); every
    document a gated rule matches must pass its gate, and the two checks agree on each.
    How many documents each rule's gate was asked about and how many it let through."""
    asked: list[str] = []
    apply = decide._apply_block_rules

    def spy(slots: list[Any], rules: Any, t: Any, memo: Any) -> None:
        asked.append("\n".join(s.segment.text for s in slots if s.origin not in STRUCTURAL))
        apply(slots, rules, t, memo)

    monkeypatch.setattr(decide, "_apply_block_rules", spy)
    cleaner = Cleaner()
    for content, kind, url in inputs:
        try:
            cleaner.clean(content, kind=kind, url=url)
        except CleanerError:
            continue
    seen = dict.fromkeys(GATED, 0)
    through = dict(seen)
    for document in asked:
        for rule in GATED.values():
            assert rule.gate is not None
            seen[rule.id] += 1
            through[rule.id] += passes_python(rule.gate, document)
            _necessary(rule, document)
            if native.compiled is not None:
                assert _native(rule.gate, document) == passes_python(rule.gate, document)
    return {f"{k} asked": v for k, v in seen.items()} | {
        f"{k} through": v for k, v in through.items()
    }


def test_gates_pass_where_the_rules_match_on_fixtures_and_seeds(monkeypatch: Any) -> None:
    inputs: list[tuple[str, str, str | None]] = []
    for path in sorted((ROOT / "fixtures").glob("*/*.html")):
        inputs.append((path.read_text("utf-8", errors="replace"), "html", None))
    for path in sorted((ROOT / "fixtures").rglob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt")):
        inputs.append((path.read_text("utf-8"), "text", None))
    counts = _clean_all(inputs, monkeypatch)
    for rule_id in GATED:
        assert counts[f"{rule_id} asked"] > 50
        # Not a gate that lets everything through.
        assert counts[f"{rule_id} through"] < counts[f"{rule_id} asked"] / 2


@pytest.mark.skipif(not (CORPUS / "vi").is_dir(), reason="the shared corpus is not here")
def test_gates_pass_where_the_rules_match_on_the_corpora(monkeypatch: Any) -> None:
    sys.path.insert(0, str(ROOT))
    from benchmarks.naive import decode_html, naive_text

    inputs = vi_page_inputs()
    for name, field, kind in (
        ("vfnd_articles.jsonl", "maintext", "text"),
        ("multisite_clean.jsonl", "maintext", "text"),
        ("baomoi_html_fragments.jsonl", "content_html", "html"),
    ):
        for line in (CORPUS / "vi-text" / name).read_text("utf-8").splitlines():
            record = json.loads(line)
            if isinstance(record.get(field), str):
                inputs.append((record[field], kind, record.get("url")))
    for path in sorted((CORPUS / "en-wcxb-dev" / "html").glob("*.html.gz"))[:WCXB_PAGES]:
        html = decode_html(gzip.decompress(path.read_bytes()))
        inputs += [(html, "html", None), (naive_text(html), "text", None)]
    counts = _clean_all(inputs, monkeypatch)
    assert all(counts[f"{rule_id} asked"] > 500 for rule_id in GATED)


# ---- documents built to match --------------------------------------------------------------

WORDS = ["Giá vàng", "tăng", "mạnh", "hôm nay", "Nga", "Ukraine", "ſ", "K", "the", "news", "x"]
SPACES = [" ", "  ", "\t", "\xa0", "\u3000", "\u2028", "\x0b", "\x1c"]
DIGITS = "0123456789٣١۵१๒１\U00010d40"  # others \d reads: Arabic-Indic, Thai, full width ...


@st.composite
def _text(draw: st.DrawFn, min_size: int, max_size: int) -> str:
    """A line of ``min_size`` to ``max_size`` characters from the words, white space and
    digits above (filled up with letters)."""
    size = draw(st.integers(min_size, max_size))
    parts = draw(st.lists(st.sampled_from(WORDS + SPACES + list(DIGITS) + [".", "…", ":"])))
    return (" ".join(parts) + " abcdefghij" * (size // 10 + 1))[:size]


def _date() -> st.SearchStrategy[str]:
    d = st.sampled_from(DIGITS)
    forms = st.one_of(
        st.tuples(d, d, st.sampled_from("/.-"), d, st.sampled_from("/.-"), d, d, d, d).map("".join),
        st.tuples(d, st.just(":"), d, d).map("".join),
        st.tuples(d, st.sampled_from([" giờ trước", " phút trước", " days ago", " hours ago"])).map(
            "".join
        ),
    )
    return st.tuples(_text(0, 30), forms, _text(0, 15)).map(" ".join)


def _title() -> st.SearchStrategy[str]:
    return _text(15, 200).filter(lambda s: s[-1] not in ".!?:;" and "\n" not in s)


@st.composite
def triples(draw: st.DrawFn) -> str:
    """Lines around two or more (title, date, lead) teasers."""
    noise = draw(st.lists(_text(0, 120), max_size=6))
    teasers = draw(
        st.lists(
            st.tuples(_title(), _date(), _text(40, 300)).map("\n".join), min_size=2, max_size=4
        )
    )
    after = draw(st.lists(_text(0, 120), max_size=6))
    return "\n".join([*noise, *teasers, *after])


@st.composite
def repeats(draw: st.DrawFn) -> str:
    """Lines around a title printed twice or more, with "NÓNG!"-like prefixes whose white
    space may cross line breaks (and lines of white space), then maybe a lead."""
    prefix = st.sampled_from(["", "NÓNG! ", "HOT!", "ĐỌC!\n", "NÓNG!\n \n", "MỚI!\t\n\xa0\n  "])
    title = draw(_text(12, 300).filter(lambda s: not s.endswith(".") and "\n" not in s))
    copies = [draw(prefix) + title for _ in range(draw(st.integers(1, 3)))]
    lead = draw(st.sampled_from(["", "\n" + "Một đoạn dẫn của bài báo kể lại…", "\nLead text..."]))
    noise = draw(st.lists(_text(0, 80), max_size=5))
    after = draw(st.lists(_text(0, 80), max_size=5))
    first = draw(prefix) + title
    return "\n".join([*noise, first, *copies]) + lead + "\n" + "\n".join(after)


@settings(max_examples=600, deadline=None)
@given(triples())
def test_the_triple_gate_passes_on_documents_built_to_match(document: str) -> None:
    _necessary(TRIPLE, document)


@settings(max_examples=600, deadline=None)
@given(repeats())
@example("NÓNG!\n          \nabcdefghijkl\nNÓNG!      \n   abcdefghijkl")
def test_the_repeat_gate_passes_on_documents_built_to_match(document: str) -> None:
    _necessary(REPEAT, document)


@pytest.mark.parametrize("which", ["triple", "repeat"])
def test_the_built_documents_mostly_match(which: str) -> None:
    """The two tests above are not vacuous: most documents built match their rule."""
    rule, strategy = (TRIPLE, triples()) if which == "triple" else (REPEAT, repeats())
    found: list[bool] = []

    @settings(max_examples=100, deadline=None, database=None)
    @given(strategy)
    def count(document: str) -> None:
        found.append(rule.pattern.search(document) is not None)

    count()
    assert sum(found) > len(found) / 2, (rule.id, sum(found), len(found))


LINES = st.lists(
    st.one_of(_text(0, 80), _date(), _title(), st.sampled_from(["", "NÓNG!", "  ", "\t\xa0"])),
    max_size=14,
).map("\n".join)


@settings(max_examples=800, deadline=None)
@given(st.one_of(LINES, st.tuples(LINES, LINES).map(lambda p: p[0] + "\n" + p[0] + p[1])))
def test_gates_pass_where_the_rules_match_on_made_up_documents(document: str) -> None:
    for rule in GATED.values():
        _necessary(rule, document)


# ---- the compiled check against the Python one ---------------------------------------------

PATTERNS = [TRIPLE.gate.pattern if isinstance(TRIPLE.gate, LineGate) else None] + [
    regex.compile(p) for p in ("", "a", r"\d", r"^x|y$", r"a\nb", r"\s", r"(?<=\n)z", "ab|b")
]


@compiled
@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.sampled_from(list("abxyz \n\t.") + SPACES + list(DIGITS)), max_size=60).map("".join)
    | LINES,
    st.sampled_from(PATTERNS),
    st.integers(1, 4),
    st.integers(0, 30),
    st.integers(0, 4),
    st.booleans(),
)
def test_the_line_gates_agree(
    document: str, pattern: Any, count: int, max_chars: int, step: int, digit: bool
) -> None:
    gate = LineGate(count=count, max_chars=max_chars, pattern=pattern, step=step, digit=digit)
    assert _native(gate, document) == passes_python(gate, document)


@compiled
@settings(max_examples=1500, deadline=None)
@given(
    ENDING_LINES.map("\n".join),
    st.integers(1, 4),
    st.integers(0, 4),
    st.none() | st.integers(0, 4),
)
@example("ab\n \t\nab", 2, 0, None)
@example("xab\nyab", 2, 0, 0)
@example("c ab\nab\nxyab", 2, 0, 1)
def test_the_ending_gates_agree(document: str, chars: int, gap: int, head: int | None) -> None:
    gate = EndingGate(chars=chars, gap=gap, head=head if head is None else gap + head)
    assert _native(gate, document) == passes_python(gate, document)


def test_a_head_refuses_lines_that_only_end_alike() -> None:
    """``head``: the two lines share their ending after at most that many characters
    other than white space (white space before it is free)."""
    gate = EndingGate(chars=3, gap=1, head=2)
    for document, passes in [
        ("Tin mới nhất\nxem tin mới nhất", False),  # "xemtin": six before the shared ending
        ("Tin mới nhất\nAB Tin mới nhất", True),  # the whole first line, "AB" before it
        ("Tin mới nhất\nAB tin mới nhất", False),  # "T" and "ABt" before "in mới nhất"
        ("long line one.\nshort\nlong line one.", False),  # "short" is a line between
        ("abcdef\n   \t abcdef", True),
        ("abcdef\nXYZabcdef", False),
        ("NÓ\nabcdef\nXYabcdef", True),
    ]:
        assert passes_python(gate, document) is passes, document
        if native.compiled is not None:
            assert _native(gate, document) is passes, document


def test_every_digit_regex_reads_is_a_gate_digit() -> None:
    """``digit = true`` keeps the lines with a character of ``gate._DIGIT`` (0-9, or any
    at U+0660 or above outside U+1E00-U+2BFF): every character ``regex`` reads as ``\\d``
    is one (its Unicode is newer than ``str.isdecimal``'s), and the compiled gate keeps a
    line where the Python one does."""
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    kept = set(regex.findall("[0-9\u0660-\u1dff\u2c00-\U0010ffff]", everything))
    assert set(regex.findall(r"\d", everything)) <= kept
    assert {c for c in everything if c.isdecimal()} <= kept
    if native.compiled is None:
        return
    gate = LineGate(count=1, max_chars=5, pattern=regex.compile(""), digit=True)
    edges = ["0", "9", "/", ":", "\u065f", "\u0660", "\u1dff", "\u1e00", "\u2bff", "\u2c00"]
    for c in [*edges, "\uff11", "\U00010d40"]:
        assert _native(gate, "ab\n" + c) == passes_python(gate, "ab\n" + c) == (c in kept)


def test_white_space_the_gates_count() -> None:
    """What ``regex`` reads as ``\\s`` is ``str.isspace`` (so a line of ``\\s*`` is white
    space to ``EndingGate``), and a printable text's only white space is ``" "``."""
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    spaces = [c for c in everything if c.isspace()]
    assert set(regex.findall(r"\s", everything)) <= set(spaces)
    assert [c for c in spaces if c.isprintable()] == [" "]


# ---- the rule data -------------------------------------------------------------------------


def _rule(gate: str, kind: str = "block") -> str:
    return f'version = "1"\n[[rule]]\nid = "x"\nkind = "{kind}"\nreason = "r"\npattern = "^a"\ngate = {gate}\n'


@pytest.mark.parametrize(
    "gate",
    [
        "1",
        "{ lines = 2 }",
        "{ lines = 2, max_chars = 60 }",
        "{ ending = 12 }",
        "{ ending = 12, gap = 1, lines = 2 }",
        "{ lines = 0, max_chars = 60, pattern = 'a' }",
        "{ lines = true, max_chars = 60, pattern = 'a' }",
        "{ lines = 2, max_chars = 60, pattern = '' }",
        "{ lines = 2, max_chars = 60, pattern = '(' }",
        "{ lines = 2, max_chars = 60, pattern = 'a', digit = 1 }",
        "{ lines = 2, max_chars = 60, pattern = 'a', step = -1 }",
        "{ lines = 2, max_chars = 60, pattern = 'a', steps = 3 }",
        "{ ending = 0, gap = 1 }",
        "{ ending = 12, gap = -1 }",
        "{ ending = 12, gap = 11, head = 10 }",
        "{ ending = 12, gap = 11, head = true }",
        "{ ending = 12, gap = 11, head = 'x' }",
        "{ ending = 12, gap = 'x', head = 11 }",
        "{ lines = 2, max_chars = 60, pattern = 'a', head = 1 }",
    ],
)
def test_bad_gates_are_errors(gate: str) -> None:
    with pytest.raises(CleanerError, match=r"gate|pattern"):
        parse_rule_file(_rule(gate), "x.toml")


def test_only_block_rules_have_gates() -> None:
    with pytest.raises(CleanerError, match="only a block rule"):
        parse_rule_file(_rule("{ ending = 12, gap = 0 }", kind="drop"), "x.toml")


def test_a_user_rule_s_gate_is_searched_with_its_time_limit() -> None:
    gate = "{ lines = 1, max_chars = 9, pattern = 'b' }"
    rule = parse_rule_file(_rule(gate), "user.toml", user=True).rules[0]
    assert isinstance(rule.gate, LineGate) and rule.gate.timeout is not None
    assert rule.spans("a\nb") == [(0, 1)]
    # This gate is wrong on purpose (the pattern matches without a "b"): where the compiled
    # check runs it refuses the document; without it gates are not asked (docs/rules.md).
    assert rule.spans("a\nc") == ([] if native.ENABLED else [(0, 1)])
