"""The ``cleaner`` command: clean files, directories, JSONL corpora, WARC crawls or stdin.

Results go to stdout (or to ``-o`` files, written atomically), failures to stderr as
``cleaner: <path>: <message>``. Exit status: 0 all inputs cleaned, 1 some input failed
(a missing file too: the others are cleaned), 2 usage error (bad option, malformed rule
file, output would overwrite an input), 130 interrupted.

Modules: ``args`` (options), ``files`` (inputs, output plan, atomic writes), ``formats``
(one renderer per ``--format``), ``work`` (what a worker process does), ``pool`` (ordered
parallel map), ``run`` (reading units and writing outputs), ``stats`` (``--stats``),
``check`` (``--test-rules``: a rule file's own cases, no cleaning).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm

from ..api import Options
from ..errors import CleanerError
from ..io.records import CONTENT_FIELDS
from .args import build_parser
from .files import (
    Input,
    InputKind,
    UsageError,
    collect_inputs,
    count_documents,
    plan_outputs,
    resolve_output,
    single_target,
)
from .formats import FORMATS
from .pool import WorkerDied, default_jobs
from .run import StdoutError, Writer, execute, read_units
from .stats import RemovalStats
from .work import Settings, quiet_fallback, worker_cleaner

__all__ = ["build_parser", "main"]

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
"""128 + SIGINT, as shells report a command stopped by Ctrl-C."""
EXIT_TERMINATED = 143
"""128 + SIGTERM."""
PROGRESS_DELAY = 1.0
"""Seconds before the progress bar appears (a short run draws none), unless --progress."""


class _Formatter(logging.Formatter):
    """``cleaner: <where>: <message>`` for failures, ``cleaner: LEVEL: logger: message``
    for diagnostics."""

    def format(self, record: logging.LogRecord) -> str:
        if record.name == "cleaner.failures":
            return f"cleaner: {record.getMessage()}"
        return f"cleaner: {record.levelname}: {record.name}: {record.getMessage()}"


def _setup_logging(verbose: int, quiet: bool) -> int:
    level = logging.WARNING
    if quiet:
        level = logging.ERROR
    elif verbose == 1:
        level = logging.INFO
    elif verbose >= 2:
        level = logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    quiet_fallback(level)
    return level


def _standard_streams() -> None:
    """cron, daemons and ``2>&-`` start commands with standard streams closed. Their file
    descriptors are filled with /dev/null, so that no output file can be opened as fd 1
    or 2 and receive stray writes; standard output stays closed for results (writing
    them is an error), standard error becomes silent (the exit status still tells)."""
    for fd, mode in ((0, os.O_RDONLY), (1, os.O_WRONLY), (2, os.O_WRONLY)):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, mode)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
    if sys.stderr is None:
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115 - lives as long as the process


class Terminated(BaseException):
    """SIGTERM: stop as Ctrl-C does (temporary output files are removed)."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    _standard_streams()
    args = build_parser().parse_args(argv)
    if args.output == "-":
        args.output = None  # "-o -" is standard output, as "-" is standard input
    level = _setup_logging(args.verbose, args.quiet)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _run(args, level)
    except Terminated:
        sys.stderr.write("cleaner: terminated\n")
        return EXIT_TERMINATED
    except StdoutError as exc:
        sys.stderr.write(f"cleaner: standard output: {exc}; run stopped\n")
        _quiet_stdout()
        return EXIT_FAILED
    except UsageError as exc:
        sys.stderr.write(f"cleaner: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("cleaner: interrupted\n")
        return EXIT_INTERRUPTED
    except WorkerDied as exc:
        sys.stderr.write(f"cleaner: a worker process died ({exc}); run stopped\n")
        return EXIT_FAILED
    except BrokenPipeError:
        # The reader went away (`cleaner dir | head`): stop quietly.
        _quiet_stdout()
        return EXIT_FAILED
    finally:
        signal.signal(signal.SIGTERM, previous)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's final flush of what is still
    buffered does not fail (and print a traceback) again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)


def _run(args: argparse.Namespace, level: int) -> int:
    if args.test_rules:
        from .check import test_rules

        return EXIT_OK if test_rules(args) else EXIT_FAILED
    started = time.monotonic()
    output_dir = resolve_output(Path(args.output)) if args.output else None
    inputs = collect_inputs(args, output_dir)
    single = single_target(inputs, args.paths, args.output)
    fmt = FORMATS[args.format]
    if fmt.one_per_stdout and args.output is None and len(inputs) > 1:
        raise UsageError(
            f"--format {args.format} writes one document per input: with several inputs use "
            "-o DIR (or --report DIR), or --format jsonl for one line per input on stdout"
        )
    report_dir = _report_dir(args, inputs)
    targets = plan_outputs(inputs, args.output, single, fmt.suffix)
    try:
        options = Options(rule_files=tuple(args.rules), source_rules=not args.no_source_rules)
        cleaner = worker_cleaner(options)  # forked workers start with it
    except CleanerError as exc:
        raise UsageError(str(exc)) from exc
    if args.source and not args.no_source_rules and cleaner.book.find(args.source) is None:
        # A misspelt --source silently applied no site rules.
        log.warning(
            "--source %s: no rule file for this source; only the global rules and the scorer "
            "apply (sources: %s)",
            args.source,
            ", ".join(sorted(f.name for f in cleaner.book.sources)),
        )
    settings = Settings(
        options=options,
        kind=args.kind,
        source=args.source,
        url=args.url,
        format=args.format,
        explain=bool(args.explain),
        fields=(args.field,) if args.field else CONTENT_FIELDS,
        results=report_dir is not None,
        stats=bool(args.stats),
    )
    jobs = args.jobs or default_jobs()
    if len(inputs) == 1 and inputs[0].kind is InputKind.DOCUMENT:
        jobs = 1  # one document: a pool would only add its start-up
    forced = bool(args.progress)
    enabled = forced or (args.progress is None and not args.quiet and sys.stderr.isatty())
    bar: tqdm[Any] = tqdm(
        total=count_documents(inputs) if enabled else None,
        unit="doc",
        file=sys.stderr,
        disable=not enabled,
        delay=0 if forced else PROGRESS_DELAY,
        dynamic_ncols=True,
    )
    stats = RemovalStats() if args.stats else None
    writer = Writer(inputs, targets, settings, bar, stats=stats)
    if report_dir is not None or stats is not None:
        from ..report import RunReport, rule_notes

        notes = rule_notes(cleaner.book)
        if report_dir is not None:
            writer.report = RunReport(report_dir, writer.fail, notes)
    with bar, logging_redirect_tqdm():
        execute(writer, read_units(inputs, options.max_bytes), jobs=jobs, level=level)
    if writer.report is not None:
        writer.report.finish(title="cleaner report: " + " ".join(args.paths or ["-"]))
    if stats is not None:
        sys.stderr.write(stats.table(notes) + "\n")
    log.info(
        "%d input(s), %d failure(s), %d job(s), %.2fs",
        len(inputs),
        writer.failures,
        jobs,
        time.monotonic() - started,
    )
    return EXIT_FAILED if writer.failures else EXIT_OK


def _report_dir(args: argparse.Namespace, inputs: list[Input]) -> Path | None:
    if args.report is None:
        return None
    from ..report import check_report_dir

    root = Path(args.report)
    files = [i.file for i in inputs if i.file is not None]
    folders = [Path(p) for p in args.paths if p != "-" and Path(p).is_dir()]
    problem = check_report_dir(root, files, folders)
    if problem is not None:
        raise UsageError(problem)
    return root
