"""A rule file's own ``[[test]]`` cases, run as its author runs them.

Each case cleans its ``input`` and checks that every ``keep`` snippet is in a kept block
and every ``drop`` snippet in a dropped block and in no kept one (docs/rules.md). The
shipped files' cases run in the test suite (``tests/test_rule_files.py``); a user's file's
with ``python -m cleaner --rules mine.toml --test-rules``. A failure is data (a
:class:`Failure`: what went wrong, with which snippet), not a formatted string; the
result of the clean is kept beside it so that its blocks and reasons can be shown.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .api import Cleaner
from .model import Path, Result
from .rules import RuleFile, RuleTest


class Problem(enum.Enum):
    """What a case found wrong; the value reads after the snippet."""

    NOT_KEPT = "should be kept"
    NOT_DROPPED = "should go"
    NOT_IN_INPUT = "is not in the input (a drop snippet must be in a dropped block)"
    NOT_HTML = "was not cleaned as HTML (kind = 'html')"
    OTHER_SOURCE = "is the source the case was cleaned under, not the file's own"


@dataclass(frozen=True, slots=True)
class Failure:
    problem: Problem
    subject: str
    """The snippet, or (``NOT_HTML``, ``OTHER_SOURCE``) the path or source found."""

    def describe(self) -> str:
        return f"{self.subject!r} {self.problem.value}"


@dataclass(frozen=True, slots=True)
class CaseOutcome:
    rule_file: RuleFile
    case: RuleTest
    result: Result
    failures: tuple[Failure, ...]

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def where(self) -> str:
        """``path:line name``, where the case is written."""
        return f"{self.case.path}:{self.case.line} {self.case.name}"


def check_case(cleaner: Cleaner, rule_file: RuleFile, case: RuleTest) -> CaseOutcome:
    """Clean one case's input (under its file's source when the file has hosts) and check
    its snippets."""
    source = rule_file.name if rule_file.is_source else None
    result = cleaner.clean(case.input, url=case.url, source=source, kind=case.kind)  # type: ignore[arg-type]
    kept = [b.text for b in result.blocks if b.kept]
    dropped = [b.text for b in result.blocks if not b.kept]
    failures: list[Failure] = []
    if case.kind == "html" and result.path != Path.HTML.value:
        failures.append(Failure(Problem.NOT_HTML, result.path))
    for snippet in case.keep:
        if not any(snippet in t for t in kept):
            failures.append(Failure(Problem.NOT_KEPT, snippet))
    for snippet in case.drop:
        if any(snippet in t for t in kept):
            failures.append(Failure(Problem.NOT_DROPPED, snippet))
        elif not any(snippet in t for t in dropped):
            failures.append(Failure(Problem.NOT_IN_INPUT, snippet))
    if source and result.source != source:
        failures.append(Failure(Problem.OTHER_SOURCE, str(result.source)))
    return CaseOutcome(rule_file, case, result, tuple(failures))


def check_files(cleaner: Cleaner, files: Iterable[RuleFile]) -> Iterator[CaseOutcome]:
    """Every case of ``files``, in file order, each cleaned by ``cleaner`` (which should
    hold the files: build it with ``Options(rule_files=...)`` for a user's)."""
    for rule_file in files:
        for case in rule_file.tests:
            yield check_case(cleaner, rule_file, case)
