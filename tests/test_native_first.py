"""The compiled loop over a line-rule plan (``cleaner/_ctext_first.c``,
``RuleSet.first_line_rule_native``) against ``first_line_rule_python``, the reference
(itself held to the plain rule-by-rule loop in tests/test_rule_plans.py): the same rule
object, or None, for every rule set, pinned or not, on every fixture, seed and corpus
line, generated text, and rules that cut a tail, cap the length, need a literal or run
with a time limit (a user file's pattern: ``rule.matches`` is called). Skipped where
``_ctext`` is not built."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import native
from cleaner.rule_loader import builtin_rule_files, parse_rule_file
from cleaner.rulebook import PAIR_PLAN_AFTER, RuleBook, RuleSet

pytestmark = pytest.mark.skipif(native.compiled is None, reason="cleaner._ctext is not built")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path("/work/shared/corpus/vi-text")
BOOK = RuleBook.build(builtin_rule_files())

USER = """version = "1"
[[rule]]
id = "u.tail"
kind = "drop"
reason = "r"
pattern = '(?:Ảnh|Photo): [^\\n]{1,40}$'
tail_chars = 50

[[rule]]
id = "u.short"
kind = "drop"
reason = "r"
pattern = '^[A-Z][a-z]+ [A-Z]'
max_chars = 30

[[rule]]
id = "u.needs"
kind = "keep"
reason = "r"
pattern = '(?:Theo|by) (?:\\w+ ){0,3}\\w+$'
needs = ["Theo"]
"""


def _sets() -> list[RuleSet]:
    own = parse_rule_file(USER, "user.toml")
    timed = parse_rule_file(USER.replace("u.", "t."), "timed.toml", user=True)
    return [*BOOK.sets.values(), RuleSet.build(own.rules), RuleSet.build(timed.rules)]


SETS = _sets()


def _same(text: str) -> int:
    """Both twins on ``text`` in every set; how many sets matched a rule."""
    hits = 0
    for rules in SETS:
        for pinned in (False, True):
            for _ in range(PAIR_PLAN_AFTER):  # the first character's plan, then the pair's
                plain = rules.first_line_rule_python(text, pinned=pinned)
                assert rules.first_line_rule_native(text, pinned=pinned) is plain, (text, pinned)
            hits += plain is not None
    return hits


def test_the_same_rule_on_fixture_seed_and_corpus_lines() -> None:
    paths = [*sorted((ROOT / "fixtures").rglob("*.txt")), *sorted((ROOT / "seeds").glob("*"))]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    if CORPUS.is_dir():  # the scraped texts' own lines (text and maintext fields)
        for path in sorted(CORPUS.glob("*.jsonl")):
            for record in map(json.loads, path.read_text(encoding="utf-8").splitlines()[:40]):
                texts += [v for v in record.values() if isinstance(v, str) and "\n" in v]
    lines = {line.strip() for text in texts for line in text.splitlines()}
    lines |= {
        "Ảnh: Reuters",
        "Photo: AFP " * 5,
        "Hello World",
        "Theo VnExpress",
        "by reuters",
        "",
        "a",
    }
    assert sum(map(_same, sorted(lines))) >= 50


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60) | st.sampled_from(["Ảnh: ", "Theo ", "Tin liên quan", "xx"]))
def test_the_same_rule_on_generated_text(text: str) -> None:
    _same(text)


def test_errors_are_the_pythons() -> None:
    rules = SETS[0]
    with pytest.raises(TypeError):
        rules.first_line_rule_native(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        native.compiled.first_line_rule({}, rules._plan, "x")  # type: ignore[union-attr, call-arg]
    with pytest.raises(TypeError):  # a plan that is not a tuple of steps
        native.compiled.first_line_rule({("x", False, True): [1]}, rules._plan, "x", False)  # type: ignore[union-attr]
