"""``--test-rules``: run rule files' ``[[test]]`` cases (``cleaner.rule_tests``) and print
each case's outcome, with the blocks and reasons of a failed one."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from ..api import Cleaner, Options
from ..errors import CleanerError
from ..rule_loader import builtin_rule_files, load_rule_file
from ..rule_tests import CaseOutcome, check_files
from .files import UsageError


def test_rules(args: argparse.Namespace, out: TextIO | None = None) -> bool:
    """The cases of ``--rules`` files, cleaned with those files loaded (as a run with the
    same options would), or of the built-in files when no ``--rules`` is given. No
    fallback: a case must pass through the rules it tests. Whether every case passed
    (``False`` when a case fails or there is none)."""
    out = out or sys.stdout
    if args.paths:
        raise UsageError("--test-rules takes no inputs: the cases are in the rule files")
    try:
        if args.rules:
            files = tuple(load_rule_file(p, user=True) for p in args.rules)
            options = Options(
                rule_files=tuple(args.rules),
                source_rules=not args.no_source_rules,
                fallback=False,
            )
        else:
            files = builtin_rule_files()
            options = Options(fallback=False)
        cleaner = Cleaner(options)
    except CleanerError as exc:
        raise UsageError(str(exc)) from exc
    passed = failed = 0
    for outcome in check_files(cleaner, files):
        if outcome.passed:
            passed += 1
            if not args.quiet:
                out.write(f"ok    {outcome.where}\n")
        else:
            failed += 1
            _write_failure(outcome, out)
    total = passed + failed
    if not total:
        names = ", ".join(f.path for f in files)
        sys.stderr.write(f"cleaner: no [[test]] cases in {names} (docs/rules.md)\n")
        return False
    out.write(f"{total} case{'s' if total != 1 else ''}: {passed} passed, {failed} failed\n")
    return not failed


def _write_failure(outcome: CaseOutcome, out: TextIO) -> None:
    out.write(f"FAIL  {outcome.where}\n")
    for failure in outcome.failures:
        out.write(f"      {failure.describe()}\n")
    for line in outcome.result.explain().splitlines():
        out.write(f"      | {line}\n")
