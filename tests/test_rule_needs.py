"""A rule's ``needs`` is a prefilter only: with it, a rule matches exactly the texts its
pattern matches (docs/rules.md; docs/speed.md). Checked on generated texts
built from each pattern's own pieces, in several cases, and on every fixture and seed
line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import CleanerError
from cleaner.rule_loader import builtin_rule_files, parse_rule_file
from cleaner.rulebook import RuleSet
from cleaner.rules import Rule, RuleKind

ROOT = Path(__file__).resolve().parent.parent
NEEDING = [r for f in builtin_rule_files() for r in f.rules if r.needs is not None]


def _plain(rule: Rule, text: str) -> bool:
    subject = rule.subject(text)
    return subject is not None and rule.pattern.search(subject) is not None


def _same(rule: Rule, text: str) -> None:
    """The rule with its needs against its bare pattern, as the engine runs its kind; for
    a rule that ``opens`` with its heads, every match begins with one at a line start, and
    matching at those lines alone finds what the search finds."""
    if rule.kind is RuleKind.BLOCK:
        spans = [m.span() for m in rule.pattern.finditer(text)]
        assert rule.spans(text) == spans
        if rule.opens:
            assert rule.heads is not None
            for begin, end in spans:
                assert begin == 0 or text[begin - 1] == "\n", (rule.id, text)
                assert text[begin:end].startswith(rule.heads), (rule.id, text)
            starts = [0] + [k + 1 for k, c in enumerate(text) if c == "\n"]
            heads = [at for at in starts if text.startswith(rule.heads, at)]
            assert rule.opened_spans(text, heads) == spans, (rule.id, text)
        return
    plain = _plain(rule, text)
    assert rule.matches(text) == plain, (rule.id, text)
    if rule.kind is RuleKind.CUT:  # asked through Rule.matches alone (DocumentMemo.cut_rule)
        return
    assert (RuleSet.build((rule,)).first_line_rule(text) is rule) == plain


def _pieces(rule: Rule) -> list[str]:
    """Literal fragments of the pattern and its needs, in three cases, and separators."""
    words = rule.pattern.pattern.replace("\\", " ").replace("(?:", " ").replace("(?i:", " ")
    for ch in "()[]|?*+{}^$":
        words = words.replace(ch, " ")
    found = [w for w in words.split() if w]
    found += rule.needs.pattern.replace("\\", "").split("|") if rule.needs is not None else []
    found += [w.upper() for w in found] + [w.lower() for w in found]
    return [*found, " ", ":", " - ", " – ", "(", ")", ".", "|", "•", "ſ", "K", "\n"]


def test_some_builtin_rules_have_needs() -> None:
    ids = {"global.caption-credit", "global.related-list", "global.tags-label"}
    assert ids <= {r.id for r in NEEDING}
    opening = {"global.related-list", "global.tags-label", "global.comment-wait"}
    assert opening <= {r.id for r in NEEDING if r.opens}


@pytest.mark.parametrize(
    "needs",
    ['["Tags"]', '["\\nTags", "x"]', '["\\nA\\nB"]', '["\\n"]', None],
)
def test_opens_needs_line_start_needs(needs: str | None) -> None:
    bad = 'version = "1"\n[[rule]]\nid = "x"\nkind = "block"\nreason = "r"\npattern = "^Tags"\n'
    bad += "opens = true\n"
    with pytest.raises(CleanerError, match="opens"):
        parse_rule_file(bad + (f"needs = {needs}\n" if needs else ""), "x.toml")
    case = bad + 'needs = ["\\nTags"]\nflags = ["IGNORECASE"]\n'
    with pytest.raises(CleanerError, match="opens"):
        parse_rule_file(case, "x.toml")


@pytest.mark.parametrize("rule", NEEDING, ids=lambda r: r.id)
def test_needs_keeps_the_match_set_on_generated_text(rule: Rule) -> None:
    texts = st.lists(st.one_of(st.sampled_from(_pieces(rule)), st.text(max_size=4)), max_size=14)

    @settings(max_examples=3000, deadline=None)
    @given(texts.map("".join))
    def check(text: str) -> None:
        _same(rule, text)

    check()


def test_needs_keeps_the_match_set_on_fixture_and_seed_lines() -> None:
    paths = sorted((ROOT / "fixtures").rglob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    lines = {line.strip() for p in paths for line in p.read_text(encoding="utf-8").splitlines()}
    texts = [p.read_text(encoding="utf-8") for p in paths]
    for rule in NEEDING:
        for line in lines:
            _same(rule, line)
        for text in texts:  # whole files, for the rules over consecutive lines
            _same(rule, "\n".join(x.strip() for x in text.splitlines() if x.strip()))
    line_rules = [r for r in NEEDING if r.kind is not RuleKind.BLOCK]
    assert any(_plain(r, line) for r in line_rules for line in lines)  # not all filtered


def test_needs_must_be_strings() -> None:
    """An empty or non-string entry in ``needs`` is refused with the key named (the file is
    valid otherwise: without ``needs`` it loads)."""
    good = 'version = "1"\n[[rule]]\nid = "x"\nkind = "drop"\nreason = "r"\npattern = "a"\n'
    assert parse_rule_file(good, "x.toml").rules
    for needs, message in (('[""]', "non-empty strings"), ("[1]", "a string or a list of strings")):
        with pytest.raises(CleanerError, match=f"needs must (be|list) {message}"):
            parse_rule_file(f"{good}needs = {needs}\n", "x.toml")


def test_a_bracketed_credit_is_needed_in_every_case() -> None:
    """``global.caption-credit`` needs the bracket with its label's first letter, in both
    cases (its bracketed labels are case-blind): every case of every label still drops."""
    rule = next(r for r in NEEDING if r.id == "global.caption-credit")
    for label in ("nguồn", "nguổn", "ảnh", "nguồn ảnh", "photo", "video"):
        odd = label[0].upper() + label[1:-1] + label[-1].upper()  # ẢnH: no needed label
        for form in (label, label.upper(), label.capitalize(), label.swapcase(), odd):
            text = f"Một góc phố cổ vào sáng sớm ({form}: Reuters)."
            assert rule.matches(text), text
            _same(rule, text)
