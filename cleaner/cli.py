"""The ``cleaner`` command: clean files, directories, JSONL corpora or stdin.

Results go to stdout (or to ``-o`` files, written atomically), failures to stderr as
``cleaner: <path>: <message>``. Exit status: 0 all inputs cleaned, 1 some input failed,
2 usage error (bad option, missing path, malformed rule file, output would overwrite an
input).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

from . import __version__
from .api import Cleaner, Kind, Options
from .batch import (
    DEFAULT_EXTENSIONS,
    Input,
    Progress,
    UsageError,
    atomic_output,
    collect_inputs,
    count_records,
    plan_outputs,
    single_target,
)
from .errors import CleanerError
from .io.records import CONTENT_FIELDS, ERROR_FIELD, RecordFormat, clean_line
from .model import Result
from .report import RunReport, check_report_dir, render_page, rule_notes

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

Format = Literal["text", "json", "jsonl", "html"]


class Messages:
    """Every stderr message of a run goes through here, so that the progress line is
    cleared first. One per ``main()`` call: no state outlives a run."""

    def __init__(self) -> None:
        self.progress: Progress | None = None

    def write(self, message: str) -> None:
        if self.progress is not None:
            self.progress.clear()
        sys.stderr.write(message + "\n")
        sys.stderr.flush()

    def fail(self, where: str, message: str) -> None:
        self.write(f"cleaner: {where}: {message}")


class _LogHandler(logging.Handler):
    def __init__(self, messages: Messages) -> None:
        super().__init__()
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.messages.write(self.format(record))
        except Exception:  # logging must never take the run down
            self.handleError(record)


def _setup_logging(verbose: int, quiet: bool, messages: Messages) -> None:
    level = logging.WARNING
    if quiet:
        level = logging.ERROR
    elif verbose == 1:
        level = logging.INFO
    elif verbose >= 2:
        level = logging.DEBUG
    handler = _LogHandler(messages)
    handler.setFormatter(logging.Formatter("cleaner: %(levelname)s: %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


# ---------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------


def _stdout_write(text: str) -> None:
    """Results are UTF-8 whatever the locale says."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(text.encode("utf-8"))
    else:
        sys.stdout.write(text)


# ---------------------------------------------------------------------------------------
# Cleaning
# ---------------------------------------------------------------------------------------


@dataclass
class Run:
    cleaner: Cleaner
    args: argparse.Namespace
    progress: Progress
    messages: Messages
    headers: bool
    failures: int = 0
    report: RunReport | None = None

    @property
    def kind(self) -> Kind:
        kind: Kind = self.args.kind
        return kind

    def render(self, inp: Input, result: Result) -> str:
        fmt: Format = self.args.format
        if fmt == "json":
            return json.dumps(result.to_dict(blocks=True), ensure_ascii=False, indent=2) + "\n"
        if fmt == "jsonl":
            line = {"path": inp.display, "cleaned": result.to_dict(blocks=True)}
            return _compact(line) + "\n"
        if fmt == "html":
            notes = rule_notes(self.cleaner.book)
            return render_page(result, name=inp.display, url=self.args.url, notes=notes)
        text = result.explain() if self.args.explain else result.text
        return text + "\n" if text else ""

    def document(self, inp: Input, target: Path | None) -> None:
        """Clean one document file (or stdin) and write its result."""
        try:
            data = self._read(inp)
            result = self.cleaner.clean(
                data, url=self.args.url, source=self.args.source, kind=self.kind
            )
            rendered = self.render(inp, result)
            if not result.text:
                log.info("%s: no article text found", inp.display)
            if target is None:
                self._to_stdout(inp, rendered)
            else:
                with atomic_output(target) as handle:
                    handle.write(rendered.encode("utf-8"))
            if self.report is not None:
                self.report.document(inp.display, inp.rel, result, url=self.args.url)
        except CleanerError as exc:
            self._failed(inp, str(exc))
        except BrokenPipeError:
            raise  # stdout is gone: the whole run stops
        except OSError as exc:
            self._failed(inp, _os_message(exc))
        except Exception as exc:  # a bug on one page must not stop a batch
            log.debug("traceback for %s", inp.display, exc_info=True)
            self._failed(inp, f"internal error: {type(exc).__name__}: {exc}")
        finally:
            self.progress.advance()

    def _failed(self, inp: Input, message: str) -> None:
        self.failures += 1
        self.messages.fail(inp.display, message)
        if self.report is not None:
            self.report.failed(inp.display, message)
        if self.args.format == "jsonl" and self.args.output is None:
            self._to_stdout(inp, _compact({"path": inp.display, ERROR_FIELD: message}) + "\n")

    def _read(self, inp: Input) -> bytes:
        if inp.file is None:
            return sys.stdin.buffer.read()
        size = inp.file.stat().st_size
        limit = self.cleaner.options.max_bytes
        if size > limit:
            raise CleanerError(f"input is {size} bytes, over the {limit} limit")
        return inp.file.read_bytes()

    def report_error(self, name: str, message: str) -> None:
        self.failures += 1
        self.messages.fail(name, message)

    def _header(self, inp: Input) -> None:
        if self.headers and self.args.format == "text":
            _stdout_write(f"==> {inp.display} <==\n")

    def _to_stdout(self, inp: Input, rendered: str) -> None:
        self._header(inp)
        _stdout_write(rendered)

    def jsonl(self, inp: Input, target: Path | None) -> None:
        """Clean every record of a JSONL file (or stdin) into a JSONL output."""
        try:
            with contextlib.ExitStack() as stack:
                if inp.file is None:
                    lines: IO[bytes] = sys.stdin.buffer
                else:
                    lines = stack.enter_context(inp.file.open("rb"))
                if target is None:
                    self._header(inp)
                    self._records(inp, lines, None)
                else:
                    out = stack.enter_context(atomic_output(target))
                    self._records(inp, lines, out)
        except BrokenPipeError:
            raise
        except OSError as exc:
            self.failures += 1
            self.messages.fail(inp.display, _os_message(exc))

    def _records(self, inp: Input, lines: IO[bytes], out: IO[bytes] | None) -> None:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            line = self._record(inp, number, raw)
            text = _compact(line) + "\n"
            if out is None:
                _stdout_write(text)
            else:
                out.write(text.encode("utf-8"))
            self.progress.advance()

    def _record(self, inp: Input, number: int, raw: bytes) -> dict[str, Any]:
        where = f"{inp.display}:{number}"
        outcome = clean_line(
            self.cleaner,
            raw,
            RecordFormat(
                fields=(self.args.field,) if self.args.field else CONTENT_FIELDS,
                blocks=bool(self.args.explain),
            ),
            url=self.args.url,
            source=self.args.source,
            kind=self.kind,
        )
        if outcome.error is not None:
            self.failures += 1
            self.messages.fail(where, outcome.error)
            if self.report is not None:
                self.report.failed(where, outcome.error)
        elif self.report is not None and outcome.result is not None:
            url = outcome.url
            self.report.document(url or where, inp.rel, outcome.result, url=url, record=number)
        return outcome.record


def _compact(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _os_message(exc: OSError) -> str:
    what = exc.strerror or str(exc)
    if exc.filename is not None:
        return f"{what}: {exc.filename}"
    return what


# ---------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleaner",
        description=(
            "Remove site chrome (menus, related links, captions, share and login prompts) "
            "from scraped news pages, HTML or text, and keep the article."
        ),
        epilog=(
            "Exit status: 0 all inputs cleaned, 1 some input failed (each named on stderr), "
            "2 usage error."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=(
            "files, directories (searched recursively for "
            f"{', '.join('*' + e for e in DEFAULT_EXTENSIONS)}) or '-' for stdin (the default)"
        ),
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help=(
            "output file (one input) or directory (inputs keep their relative names); "
            "default stdout. Inputs are never overwritten."
        ),
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "jsonl", "html"),
        default="text",
        help="text: the article; json: the full result with every block and its reason; "
        "jsonl: one compact line per input with its path; html: a review page showing "
        "every block, removed ones struck through with their reason (default: text)",
    )
    parser.add_argument(
        "--report",
        metavar="DIR",
        help="also write an HTML review page per document and DIR/index.html, a sortable "
        "table of the run (documents, kept and removed characters, top reasons, errors)",
    )
    parser.add_argument(
        "--kind",
        choices=("auto", "text", "html"),
        default="auto",
        help="input kind (default: detected per document)",
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="read every input (stdin included) as JSONL records; *.jsonl files always are",
    )
    parser.add_argument(
        "--field",
        metavar="NAME",
        help="JSONL: the field holding the document "
        f"(default: the first of {', '.join(CONTENT_FIELDS)} present)",
    )
    parser.add_argument(
        "--source", metavar="NAME", help="source whose rules to apply (e.g. vnexpress.net)"
    )
    parser.add_argument(
        "--url",
        metavar="URL",
        help="page URL for every input (chooses source rules); a JSONL record's own 'url' wins",
    )
    parser.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="FILE",
        help="extra rule file (TOML); repeatable",
    )
    parser.add_argument(
        "--no-source-rules",
        action="store_true",
        help="apply only global rules and the scorer, no per-source rule files",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="text: print every block marked + (kept) or - (dropped) with its reason; "
        "JSONL records: include the blocks",
    )
    progress = parser.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress",
        action="store_true",
        default=None,
        help="always show a progress line on stderr (default: for batches on a terminal)",
    )
    progress.add_argument(
        "--no-progress", dest="progress", action="store_false", help="never show progress"
    )
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="only errors on stderr")
    noise.add_argument(
        "-v", "--verbose", action="count", default=0, help="more diagnostics (-vv: debug)"
    )
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    messages = Messages()
    _setup_logging(args.verbose, args.quiet, messages)
    try:
        return _run(args, messages)
    except UsageError as exc:
        messages.write(f"cleaner: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        messages.write("cleaner: interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`cleaner dir | head`): stop quietly. Point stdout at
        # /dev/null so that the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED


def _run(args: argparse.Namespace, messages: Messages) -> int:
    started = time.monotonic()
    output_dir = Path(args.output).resolve() if args.output else None
    inputs = collect_inputs(args, output_dir)
    single = single_target(inputs, args.paths, args.output)
    if args.format in ("json", "html") and args.output is None and len(inputs) > 1:
        raise UsageError(
            f"--format {args.format} writes one document per input: with several inputs use "
            "-o DIR (or --report DIR), or --format jsonl for one line per input on stdout"
        )
    report = _report_dir(args, inputs)
    targets = plan_outputs(inputs, args.output, single, ".html" if args.format == "html" else "")
    try:
        options = Options(rule_files=tuple(args.rules), source_rules=not args.no_source_rules)
        cleaner = Cleaner(options)
    except CleanerError as exc:
        raise UsageError(str(exc)) from exc

    forced = bool(args.progress)
    enabled = forced or (args.progress is None and not args.quiet and sys.stderr.isatty())
    total = count_records(inputs) if enabled else None
    progress = Progress(sys.stderr, total, enabled=enabled, forced=forced)
    messages.progress = progress
    run = Run(cleaner, args, progress, messages, headers=len(inputs) > 1)
    if report is not None:
        run.report = RunReport(report, run.report_error, rule_notes(cleaner.book))
    try:
        for inp, target in zip(inputs, targets, strict=True):
            if inp.jsonl:
                run.jsonl(inp, target)
            else:
                run.document(inp, target)
            sys.stdout.flush()
        progress.finish()
        if run.report is not None:
            run.report.finish(title="cleaner report: " + " ".join(args.paths or ["-"]))
    finally:
        messages.progress = None
    log.info(
        "%d input(s), %d failure(s), %.2fs", len(inputs), run.failures, time.monotonic() - started
    )
    return EXIT_FAILED if run.failures else EXIT_OK


def _report_dir(args: argparse.Namespace, inputs: list[Input]) -> Path | None:
    if args.report is None:
        return None
    root = Path(args.report)
    files = [i.file for i in inputs if i.file is not None]
    folders = [Path(p) for p in args.paths if p != "-" and Path(p).is_dir()]
    problem = check_report_dir(root, files, folders)
    if problem is not None:
        raise UsageError(problem)
    return root
