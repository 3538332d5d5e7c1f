"""Every shipped rule file's own [[test]] cases, one pytest case each."""

from __future__ import annotations

import pytest

from cleaner import Cleaner
from cleaner.rules import RuleFile, RuleTest, builtin_rule_files

FILES = builtin_rule_files()
TESTS = [(f, t) for f in FILES for t in f.tests]
CLEANER = Cleaner()


def test_every_source_file_has_tests() -> None:
    missing = [f.name for f in FILES if not f.tests]
    assert not missing, f"rule files without [[test]] cases: {missing}"


@pytest.mark.parametrize(
    ("rule_file", "case"), TESTS, ids=[f"{f.name}:{t.line}:{t.name}" for f, t in TESTS]
)
def test_rule_file_case(rule_file: RuleFile, case: RuleTest) -> None:
    source = rule_file.name if rule_file.is_source else None
    result = CLEANER.clean(case.input, url=case.url, source=source, kind=case.kind)  # type: ignore[arg-type]
    kept = [b.text for b in result.blocks if b.kept]
    dropped = [b.text for b in result.blocks if not b.kept]
    for snippet in case.keep:
        assert any(snippet in t for t in kept), (
            f"{case.path}:{case.line}: {snippet!r} should be kept\n{result.explain()}"
        )
    for snippet in case.drop:
        assert not any(snippet in t for t in kept), (
            f"{case.path}:{case.line}: {snippet!r} should go\n{result.explain()}"
        )
        assert any(snippet in t for t in dropped), (
            f"{case.path}:{case.line}: {snippet!r} is not in the input"
        )
    if source:
        assert result.source == rule_file.name
