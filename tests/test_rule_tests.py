"""A rule file's [[test]] cases as its author runs them: ``cleaner.rule_tests`` and
``python -m cleaner --rules FILE --test-rules``."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner, Options
from cleaner.rule_loader import load_rule_file
from cleaner.rule_tests import Problem, check_files

from .test_cli import run

PROSE = "Đoạn văn đầu tiên của bài báo, đủ dài để đọc như một đoạn văn thật sự trong bài."
HEADLINE = "Tiêu đề bài viết hôm nay ở đây"
HEAD = """version = "1"

[source]
name = "example.vn"
hosts = ["example.vn"]

[[rule]]
id = "example.byline"
kind = "drop"
reason = "author name alone on a line"
pattern = \'\'\'^Nguyễn Văn An$\'\'\'
"""


def case(name: str, lines: list[str], keep: list[str], drop: list[str]) -> str:
    body = "\n".join(lines)
    return (
        f'\n[[test]]\nname = "{name}"\ninput = """\n{body}\n"""\n'
        f"keep = {keep!r}\ndrop = {drop!r}\n".replace("'", '"')
    )


GOOD = case("byline goes", [HEADLINE, "Nguyễn Văn An", PROSE], [PROSE[:20]], ["Nguyễn Văn An"])
PROSE_DROPPED = case("prose should go", [HEADLINE, PROSE], [], [PROSE[:20]])
BYLINE_KEPT = case("byline should stay", [HEADLINE, "Nguyễn Văn An", PROSE], ["Nguyễn"], [])
NOT_THERE = case("snippet not in input", [HEADLINE, PROSE], [], ["không có ở đây"])


def write(tmp_path: Path, *cases: str) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(HEAD + "".join(cases), encoding="utf-8")
    return path


def outcomes(path: Path) -> list[object]:
    cleaner = Cleaner(Options(rule_files=[path], fallback=False))
    return list(check_files(cleaner, [load_rule_file(path)]))


def test_each_problem_is_reported_as_data(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD, PROSE_DROPPED, BYLINE_KEPT, NOT_THERE)
    got = outcomes(path)
    assert [o.passed for o in got] == [True, False, False, False]  # type: ignore[attr-defined]
    problems = [[(f.problem, f.subject) for f in o.failures] for o in got]  # type: ignore[attr-defined]
    assert problems[1] == [(Problem.NOT_DROPPED, PROSE[:20])]
    assert problems[2] == [(Problem.NOT_KEPT, "Nguyễn")]
    assert problems[3] == [(Problem.NOT_IN_INPUT, "không có ở đây")]
    assert [o.case.line for o in got] == sorted(o.case.line for o in got)  # type: ignore[attr-defined]
    assert got[0].result.source == "example.vn"  # type: ignore[attr-defined]


def test_a_case_needs_the_file_s_own_source(tmp_path: Path) -> None:
    """The file's cases run under its source: a Cleaner without the file applies
    neither its rules nor its name."""
    path = write(tmp_path, GOOD)
    (outcome,) = check_files(Cleaner(Options(fallback=False)), [load_rule_file(path)])
    assert Problem.OTHER_SOURCE in {f.problem for f in outcome.failures}


def test_cli_prints_each_case_and_fails_on_one(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD, PROSE_DROPPED)
    proc = run(tmp_path, "--rules", path, "--test-rules")
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    first = path.read_text(encoding="utf-8").splitlines().index("[[test]]") + 1
    assert lines[0] == f"ok    {path}:{first} byline goes"
    assert lines[1].startswith("FAIL ") and lines[1].endswith("prose should go")
    assert f"{PROSE[:20]!r} should go" in lines[2]
    assert any(line.strip().startswith("| +") and PROSE in line for line in lines)
    assert lines[-1] == "2 cases: 1 passed, 1 failed"


def test_cli_passes_and_quiet_prints_the_count_alone(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    proc = run(tmp_path, "--rules", path, "--test-rules", "-q")
    assert (proc.returncode, proc.stdout) == (0, "1 case: 1 passed, 0 failed\n"), proc.stderr


def test_cli_builtin_files_cases_pass(tmp_path: Path) -> None:
    proc = run(tmp_path, "--test-rules", "-q")
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.endswith(" passed, 0 failed\n")


@pytest.mark.parametrize(
    ("text", "extra", "code", "message"),
    [
        (HEAD, (), 1, "no [[test]] cases in"),
        (HEAD + GOOD, ("page.txt",), 2, "--test-rules takes no inputs"),
        ('version = "1"\n[[rule]]\nid = "x"\n', (), 2, "mine.toml"),
    ],
    ids=["no cases", "inputs given", "malformed file"],
)
def test_cli_refusals(
    tmp_path: Path, text: str, extra: tuple[str, ...], code: int, message: str
) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "page.txt").write_text(PROSE, encoding="utf-8")
    proc = run(tmp_path, "--rules", path, "--test-rules", *extra)
    assert proc.returncode == code, (proc.stdout, proc.stderr)
    assert message in proc.stderr
