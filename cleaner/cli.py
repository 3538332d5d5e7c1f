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
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal, TextIO

from . import __version__
from .api import Cleaner, Kind, Options
from .errors import CleanerError
from .model import Result

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

DEFAULT_EXTENSIONS = (".html", ".htm", ".txt", ".jsonl")
"""Files picked up when a directory is given (files named explicitly are always read)."""
JSONL_SUFFIX = ".jsonl"
CONTENT_FIELDS = ("html", "content", "text", "maintext")
"""JSONL: the document is the first of these fields present in a record (``--field``)."""
BATCH_THRESHOLD = 20
"""A run of more than this many documents (files or JSONL records) is a batch: it gets a
progress line when stderr is a terminal."""
STDIN_NAME = "<stdin>"

Format = Literal["text", "json", "jsonl"]


class UsageError(Exception):
    """Raised before any input is processed; the run exits with status 2."""


@dataclass(frozen=True)
class Input:
    """One document source on the command line (a directory expands into several)."""

    display: str
    """How messages and headers name it: the path as given, joined with the relative name
    for files found under a directory; ``<stdin>`` for standard input."""
    file: Path | None
    """``None`` for standard input."""
    rel: Path
    """Name under an ``-o`` directory: relative to the directory argument, else the base name."""
    jsonl: bool


# ---------------------------------------------------------------------------------------
# Progress line
# ---------------------------------------------------------------------------------------


class Progress:
    """A one-line ``\\r``-updated counter on stderr: done/total, rate and ETA.

    ``auto`` bars stay silent until the run is a batch (more than ``BATCH_THRESHOLD``
    documents, known in advance or counted so far); forced bars draw from the start.
    """

    REDRAW_EVERY = 0.1

    def __init__(self, stream: TextIO, total: int | None, *, enabled: bool, forced: bool) -> None:
        self.stream = stream
        self.total = total
        self.enabled = enabled
        self.forced = forced
        self.count = 0
        self.start = time.monotonic()
        self._last_draw = 0.0
        self._width = 0

    def _active(self) -> bool:
        if not self.enabled:
            return False
        if self.forced:
            return True
        size = self.total if self.total is not None else self.count
        return size > BATCH_THRESHOLD

    def advance(self, n: int = 1) -> None:
        self.count += n
        now = time.monotonic()
        if self._active() and now - self._last_draw >= self.REDRAW_EVERY:
            self._draw(now)

    def _line(self, now: float) -> str:
        elapsed = max(now - self.start, 1e-6)
        rate = self.count / elapsed
        if self.total:
            pct = 100 * self.count // self.total
            left = max(self.total - self.count, 0)
            eta = _clock(left / rate) if rate > 0 else "--:--"
            return f"{self.count}/{self.total} ({pct}%) {rate:.1f}/s ETA {eta}"
        return f"{self.count} done {rate:.1f}/s elapsed {_clock(elapsed)}"

    def _draw(self, now: float) -> None:
        line = self._line(now)
        pad = " " * max(self._width - len(line), 0)
        self.stream.write(f"\r{line}{pad}")
        self.stream.flush()
        self._width = len(line)
        self._last_draw = now

    def clear(self) -> None:
        """Erase the line so that a message can be written; the next advance redraws it."""
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
            self._last_draw = 0.0

    def finish(self) -> None:
        if self._active():
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()
            self._width = 0


def _clock(seconds: float) -> str:
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class _Stderr:
    """Every stderr message goes through here so that the progress line is cleared first."""

    def __init__(self) -> None:
        self.progress: Progress | None = None

    def write(self, message: str) -> None:
        if self.progress is not None:
            self.progress.clear()
        sys.stderr.write(message + "\n")
        sys.stderr.flush()


_STDERR = _Stderr()


class _LogHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        try:
            _STDERR.write(self.format(record))
        except Exception:  # logging must never take the run down
            self.handleError(record)


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.WARNING
    if quiet:
        level = logging.ERROR
    elif verbose == 1:
        level = logging.INFO
    elif verbose >= 2:
        level = logging.DEBUG
    handler = _LogHandler()
    handler.setFormatter(logging.Formatter("cleaner: %(levelname)s: %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def _fail(where: str, message: str) -> None:
    _STDERR.write(f"cleaner: {where}: {message}")


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


_UMASK: int | None = None


def _file_mode() -> int:
    global _UMASK  # noqa: PLW0603 - read once: os.umask can only be read by setting it
    if _UMASK is None:
        _UMASK = os.umask(0)
        os.umask(_UMASK)
    return 0o666 & ~_UMASK


@contextlib.contextmanager
def _atomic_output(target: Path) -> Iterator[IO[bytes]]:
    """Write to a temporary file beside ``target``, then rename it over ``target``; on any
    error the temporary file is removed and ``target`` is left as it was."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.chmod(tmp, _file_mode())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# ---------------------------------------------------------------------------------------
# Inputs and output plan
# ---------------------------------------------------------------------------------------


def _walk(root: Path, skip: Path | None) -> Iterator[Path]:
    """Files under ``root`` with a default extension, sorted, hidden entries and the output
    directory left out; symlinked directories are not followed."""
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and (skip is None or (here / d).resolve() != skip)
        )
        for name in sorted(filenames):
            path = here / name
            if (
                not name.startswith(".")
                and path.suffix.lower() in DEFAULT_EXTENSIONS
                and path.is_file()
            ):
                yield path


def _collect(args: argparse.Namespace, output_dir: Path | None) -> list[Input]:
    paths: list[str] = args.paths or ["-"]
    if not args.paths and sys.stdin.isatty():
        raise UsageError("no input: give PATH arguments or pipe a document on stdin")
    if paths.count("-") > 1:
        raise UsageError("'-' (stdin) may be given only once")
    inputs: list[Input] = []
    for arg in paths:
        if arg == "-":
            inputs.append(Input(STDIN_NAME, None, Path("stdin"), bool(args.jsonl)))
            continue
        path = Path(arg)
        if path.is_dir():
            found = sorted(_walk(path, output_dir), key=lambda p: p.parts)
            if not found:
                log.warning("%s: no %s files found", arg, "/".join(DEFAULT_EXTENSIONS))
            for file in found:
                rel = file.relative_to(path)
                jsonl = bool(args.jsonl) or file.suffix.lower() == JSONL_SUFFIX
                inputs.append(Input(os.path.join(arg, str(rel)), file, rel, jsonl))
        elif path.exists():
            jsonl = bool(args.jsonl) or path.suffix.lower() == JSONL_SUFFIX
            inputs.append(Input(arg, path, Path(path.name), jsonl))
        else:
            raise UsageError(f"{arg}: no such file or directory")
    return inputs


def _file_key(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _plan_outputs(
    inputs: list[Input], output: str | None, single_target: bool
) -> list[Path | None]:
    """Where each input's result goes (``None``: stdout). Refuses, before anything is
    written, an output that is an input or that two inputs would share."""
    if output is None:
        return [None] * len(inputs)
    if single_target:
        targets = [Path(output)]
    else:
        if any(i.file is None for i in inputs):
            raise UsageError(f"{output}: stdin needs a file name with -o, not a directory")
        out_dir = Path(output)
        if out_dir.exists() and not out_dir.is_dir():
            raise UsageError(f"{output}: exists and is not a directory")
        targets = [out_dir / i.rel for i in inputs]

    input_paths = {i.file.resolve(): i for i in inputs if i.file is not None}
    input_keys = {k: i for i in inputs if i.file is not None and (k := _file_key(i.file))}
    seen: dict[Path, Input] = {}
    for inp, target in zip(inputs, targets, strict=True):
        resolved = target.resolve()
        key = _file_key(target)
        victim = input_paths.get(resolved) or (input_keys.get(key) if key else None)
        if victim is not None:
            raise UsageError(
                f"{victim.display}: refusing to overwrite an input file with the output "
                f"{target}; choose another -o"
            )
        if resolved in seen:
            raise UsageError(
                f"{seen[resolved].display} and {inp.display} would both be written to {target}"
            )
        seen[resolved] = inp
    return list(targets)


def _single_target(inputs: list[Input], paths: list[str], output: str | None) -> bool:
    """``-o`` names a file when one file (or stdin) is cleaned and it is not a directory."""
    if output is None or len(paths) > 1 or len(inputs) != 1:
        return False
    if paths and Path(paths[0]).is_dir():
        return False
    return not (output.endswith(("/", os.sep)) or Path(output).is_dir())


# ---------------------------------------------------------------------------------------
# Cleaning
# ---------------------------------------------------------------------------------------


@dataclass
class Run:
    cleaner: Cleaner
    args: argparse.Namespace
    progress: Progress
    headers: bool
    failures: int = 0

    @property
    def kind(self) -> Kind:
        kind: Kind = self.args.kind
        return kind

    def render(self, inp: Input, result: Result) -> str:
        fmt: Format = self.args.format
        if fmt == "json":
            return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
        if fmt == "jsonl":
            line = {"path": inp.display, "cleaned": result.to_dict()}
            return _compact(line) + "\n"
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
                with _atomic_output(target) as handle:
                    handle.write(rendered.encode("utf-8"))
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
        _fail(inp.display, message)
        if self.args.format == "jsonl" and self.args.output is None:
            self._to_stdout(inp, _compact({"path": inp.display, "error": message}) + "\n")

    def _read(self, inp: Input) -> bytes:
        if inp.file is None:
            return sys.stdin.buffer.read()
        size = inp.file.stat().st_size
        limit = self.cleaner.options.max_bytes
        if size > limit:
            raise CleanerError(f"input is {size} bytes, over the {limit} limit")
        return inp.file.read_bytes()

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
                    out = stack.enter_context(_atomic_output(target))
                    self._records(inp, lines, out)
        except BrokenPipeError:
            raise
        except OSError as exc:
            self.failures += 1
            _fail(inp.display, _os_message(exc))

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
        try:
            record = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            return self._bad_record(where, {}, f"invalid JSON: {exc}")
        if not isinstance(record, dict):
            return self._bad_record(where, {}, "record is not a JSON object")
        fields = (self.args.field,) if self.args.field else CONTENT_FIELDS
        name = next((f for f in fields if f in record), None)
        if name is None:
            return self._bad_record(where, record, f"no field {' or '.join(map(repr, fields))}")
        content = record[name]
        url = record.get("url")
        if url is None:
            url = self.args.url
        if not isinstance(content, str):
            return self._bad_record(where, record, f"field {name!r} is not a string")
        if not isinstance(url, str | None):
            return self._bad_record(where, record, "field 'url' is not a string")
        try:
            result = self.cleaner.clean(content, url=url, source=self.args.source, kind=self.kind)
        except CleanerError as exc:
            return self._bad_record(where, record, str(exc))
        except Exception as exc:  # a bug on one record must not stop a corpus
            log.debug("traceback for %s", where, exc_info=True)
            return self._bad_record(where, record, f"internal error: {type(exc).__name__}: {exc}")
        out = dict(record)
        out.pop("error", None)
        out["cleaned"] = result.to_dict(with_blocks=bool(self.args.explain), with_meta=False)
        return out

    def _bad_record(self, where: str, record: dict[str, Any], message: str) -> dict[str, Any]:
        self.failures += 1
        _fail(where, message)
        out = dict(record)
        out.pop("cleaned", None)
        out["error"] = message
        return out


def _compact(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _os_message(exc: OSError) -> str:
    what = exc.strerror or str(exc)
    if exc.filename is not None:
        return f"{what}: {exc.filename}"
    return what


def _count_records(inputs: list[Input]) -> int | None:
    """Documents in the run, for the progress line: JSONL files count their non-blank
    lines; ``None`` when stdin holds records (unknown until read)."""
    total = 0
    for inp in inputs:
        if not inp.jsonl:
            total += 1
            continue
        if inp.file is None:
            return None
        try:
            with inp.file.open("rb") as handle:
                total += sum(1 for line in handle if line.strip())
        except OSError:
            total += 1  # the failure is reported when the file is processed
    return total


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
        choices=("text", "json", "jsonl"),
        default="text",
        help="text: the article; json: the full result with every block and its reason; "
        "jsonl: one compact line per input with its path (default: text)",
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
    _setup_logging(args.verbose, args.quiet)
    try:
        return _run(args)
    except UsageError as exc:
        _STDERR.write(f"cleaner: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _STDERR.write("cleaner: interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`cleaner dir | head`): stop quietly. Point stdout at
        # /dev/null so that the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED


def _run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    output_dir = Path(args.output).resolve() if args.output else None
    inputs = _collect(args, output_dir)
    single = _single_target(inputs, args.paths, args.output)
    targets = _plan_outputs(inputs, args.output, single)
    try:
        options = Options(rule_files=tuple(args.rules), source_rules=not args.no_source_rules)
        cleaner = Cleaner(options)
    except CleanerError as exc:
        raise UsageError(str(exc)) from exc

    forced = bool(args.progress)
    enabled = forced or (args.progress is None and not args.quiet and sys.stderr.isatty())
    total = _count_records(inputs) if enabled else None
    progress = Progress(sys.stderr, total, enabled=enabled, forced=forced)
    _STDERR.progress = progress
    run = Run(cleaner, args, progress, headers=len(inputs) > 1)
    try:
        for inp, target in zip(inputs, targets, strict=True):
            if inp.jsonl:
                run.jsonl(inp, target)
            else:
                run.document(inp, target)
            sys.stdout.flush()
        progress.finish()
    finally:
        _STDERR.progress = None
    log.info(
        "%d input(s), %d failure(s), %.2fs", len(inputs), run.failures, time.monotonic() - started
    )
    return EXIT_FAILED if run.failures else EXIT_OK
