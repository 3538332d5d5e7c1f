"""Every shipped rule file's own [[test]] cases, one pytest case each."""

from __future__ import annotations

import json

import pytest

from cleaner import Cleaner, Options
from cleaner.errors import CleanerError
from cleaner.rule_loader import builtin_rule_files, parse_rule_file
from cleaner.rule_tests import check_case
from cleaner.rules import RuleFile, RuleKind, RuleTest

FILES = builtin_rule_files()
TESTS = [(f, t) for f in FILES for t in f.tests]
# No fallback: a small HTML test must pass through the rules it tests, not trafilatura.
CLEANER = Cleaner(Options(fallback=False))


def test_every_source_file_has_tests() -> None:
    missing = [f.name for f in FILES if not f.tests]
    assert not missing, f"rule files without [[test]] cases: {missing}"


@pytest.mark.parametrize(
    ("rule_file", "case"), TESTS, ids=[f"{f.name}:{t.line}:{t.name}" for f, t in TESTS]
)
def test_rule_file_case(rule_file: RuleFile, case: RuleTest) -> None:
    outcome = check_case(CLEANER, rule_file, case)
    problems = "; ".join(f.describe() for f in outcome.failures)
    assert outcome.passed, f"{case.path}:{case.line}: {problems}\n{outcome.result.explain()}"


ADVERSARIAL = [
    "a" * 5000,
    " " * 5000 + "x",
    "Ảnh: " * 1000,
    "Theo " * 1000 + "!",
    "(" * 2000,
    "1/1/" * 1000,
    "Hà Thu " * 700,
    "Nguyễn Văn An - " * 300 + ".",
    "Bộ trưởng Quốc phòng Nga điện đàm liên tục với các nước NATO, " * 80,
    "\n".join(["Tiêu đề bài viết số một hôm nay ở Hà Nội"] * 400) + "\nx",
    "\n".join(f"NÓNG! Tin {i} hôm nay ở Hà Nội và TP.HCM" for i in range(400)),
]
RULES = [(f, r) for f in FILES for r in f.rules]


@pytest.mark.parametrize(("rule_file", "rule"), RULES, ids=[r.id for _, r in RULES])
def test_builtin_pattern_has_no_runaway_backtracking(rule_file: RuleFile, rule: object) -> None:
    """Shipped patterns run without a time limit, so each must stay fast on hostile text."""
    pattern = rule.pattern  # type: ignore[attr-defined]
    for text in ADVERSARIAL:
        # What the pattern would see: a line rule's max_chars/tail_chars apply first; a
        # block rule sees the whole document.
        subject = text if rule.kind is RuleKind.BLOCK else rule.subject(text)  # type: ignore[attr-defined]
        if subject is None:
            continue
        try:
            pattern.search(subject, timeout=0.25)
        except TimeoutError:
            pytest.fail(f"{rule_file.path}: {rule.id} ran over 0.25 s on {text[:30]!r}…")  # type: ignore[attr-defined]


def test_builtin_files_are_read_once_and_shared_read_only() -> None:
    # Every Cleaner shares the parsed built-in files (rule_loader.builtin_rule_files is
    # cached), so nothing in them may be changed by one Cleaner under another's feet.
    assert builtin_rule_files() is FILES
    chrome = next(f.chrome for f in FILES if f.chrome)
    with pytest.raises(TypeError):
        chrome["menu"] = ("x",)  # type: ignore[index]


@pytest.mark.parametrize("token", ["", "tin lien-quan", " ads", "ads\t"])
def test_a_chrome_token_that_could_never_match_is_refused(token: str) -> None:
    # Class/id names are matched one token at a time (split at white space): an empty or
    # spaced token would be silently inert, so the file is refused with its path.
    text = f'version = "1"\n[chrome]\nrelated = ["box-related", {json.dumps(token)}]\n'
    with pytest.raises(CleanerError, match="not one class/id name") as caught:
        parse_rule_file(text, "user.toml", user=True)
    assert caught.value.path == "user.toml"


def test_the_shipped_chrome_tokens_are_each_one_name() -> None:
    tokens = [t for f in FILES for ts in f.chrome.values() for t in ts]
    assert tokens
    assert all(t and t == "".join(t.split()) for t in tokens)
