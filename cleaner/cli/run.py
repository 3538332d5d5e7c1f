"""One run of the command: read the inputs as units, clean them (in a pool or in-process),
write each output in input order.

Outputs under ``-o`` are written atomically (a temporary file renamed at the end), so an
interrupted run leaves no partial file: Ctrl-C removes the temporary file of the output in
progress, and outputs already complete stay complete.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from tqdm import tqdm

from ..errors import CleanerError
from ..io.records import ERROR_FIELD, dump_record
from ..io.warc import iter_pages
from ..report import RunReport
from .files import Input, InputKind, atomic_output
from .formats import FORMATS
from .pool import ordered_map
from .stats import RemovalStats
from .work import (
    Done,
    Settings,
    Unit,
    UnitKind,
    chunks,
    init_worker,
    os_message,
    over_limit,
    work,
)

log = logging.getLogger(__name__)
failures = logging.getLogger("cleaner.failures")
"""Every failed input or record is logged here as ``<where>: <message>``."""

CHUNK_UNITS = 16
"""Documents sent to a worker at once (fewer trips between processes)..."""
CHUNK_BYTES = 4 * 1024 * 1024
"""...or about this many bytes of them."""
LINE_SKIP_BYTES = 1024 * 1024
"""The rest of an over-long JSONL line is skipped this many bytes at a time."""


def read_units(inputs: Sequence[Input], max_bytes: int) -> Iterator[Unit]:
    """Every document of the run, in order, read lazily: JSONL lines and WARC pages are
    read as the pool asks for more, so a stream of any length is held a window at a time."""
    for index, inp in enumerate(inputs):
        if inp.error is not None:
            yield Unit(index, UnitKind.FAILED, data=inp.error)
            continue
        if inp.kind is InputKind.DOCUMENT:
            if inp.file is not None:
                yield Unit(index, UnitKind.DOCUMENT, path=str(inp.file))
                continue
            data: bytes = sys.stdin.buffer.read(max_bytes + 1) if sys.stdin else b""
            if len(data) > max_bytes:
                message = str(over_limit("input", max_bytes))
                yield Unit(index, UnitKind.FAILED, data=message)
            else:
                yield Unit(index, UnitKind.DOCUMENT, data=data)
            continue
        count = 0
        try:
            for unit in _stream(index, inp, max_bytes):
                count += 1
                yield unit
        except OSError as exc:
            same = inp.file is not None and exc.filename == str(inp.file)
            message = str(exc.strerror) if same else os_message(exc)
            yield Unit(index, UnitKind.FAILED, data=_read_failure(count, message))
            continue
        except CleanerError as exc:
            message = str(exc)
            yield Unit(index, UnitKind.FAILED, data=_read_failure(count, message))
            continue
        except Exception as exc:  # warcio and gzip raise their own types on a broken file
            message = f"{type(exc).__name__}: {exc}"
            yield Unit(index, UnitKind.FAILED, data=_read_failure(count, message))
            continue
        yield Unit(index, UnitKind.END)


def _read_failure(count: int, message: str) -> str:
    if count:
        return f"read failed after {count} document(s), which are written: {message}"
    return message


def _stream(index: int, inp: Input, max_bytes: int) -> Iterator[Unit]:
    with contextlib.ExitStack() as stack:
        if inp.file is None:
            handle: IO[bytes] = sys.stdin.buffer
        else:
            handle = stack.enter_context(inp.file.open("rb"))
        if inp.kind is InputKind.WARC:
            for number, page in enumerate(iter_pages(handle, max_bytes=max_bytes), start=1):
                data = None if page.too_large else page.content
                yield Unit(
                    index, UnitKind.PAGE, number, data=data, record=page.record(),
                    encoding=page.charset,
                )  # fmt: skip
            return
        for number, raw in enumerate(_lines(handle, max_bytes), start=1):
            if raw is None or raw.strip():  # None: a line over the size limit
                yield Unit(index, UnitKind.RECORD, number, data=raw)


def _lines(handle: IO[bytes], max_bytes: int) -> Iterator[bytes | None]:
    """The lines of a stream, each read at most ``max_bytes`` + 1 bytes at a time: a line
    longer than that (``/dev/zero`` as JSONL has one endless line) is ``None``, and the rest
    of it is read and thrown away in pieces, never held."""
    while line := handle.readline(max_bytes + 1):
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = handle.readline(LINE_SKIP_BYTES)
        yield None


@dataclass
class Writer:
    """Writes each finished unit where it goes, in order; counts failures."""

    inputs: Sequence[Input]
    targets: Sequence[Path | None]
    settings: Settings
    bar: tqdm[Any]
    report: RunReport | None = None
    stats: RemovalStats | None = None
    failures: int = 0
    _stack: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)
    _open: int | None = None
    _out: IO[bytes] | None = None

    def write(self, done: Done) -> None:
        inp = self.inputs[done.input]
        if done.kind is UnitKind.END:
            self._close()
            return
        if done.kind is UnitKind.FAILED:
            self.fail(inp.display, str(done.error))
            self._close()
            return
        self.bar.update(1)
        if done.removals is not None and self.stats is not None:
            self.stats.add(done.removals)
        where = inp.display if done.kind is UnitKind.DOCUMENT else f"{inp.display}:{done.number}"
        if done.error is not None:
            self.fail(
                where, done.error, name=done.url if done.kind is not UnitKind.DOCUMENT else None
            )
        if done.result is not None and self.report is not None:
            self._report(inp, done, where)
        if done.kind is UnitKind.DOCUMENT:
            self._document(done.input, inp, done)
        else:
            self._line(done.input, done.output)

    def _document(self, index: int, inp: Input, done: Done) -> None:
        target = self.targets[index]
        if done.error is not None:
            if self.settings.format == "jsonl" and target is None:
                line = dump_record({"path": inp.display, ERROR_FIELD: done.error})
                self._stdout(index, line)
            return
        if target is None:
            self._stdout(index, done.output)
            return
        try:
            with atomic_output(target) as handle:
                handle.write(done.output.encode("utf-8"))
        except OSError as exc:
            self.fail(inp.display, os_message(exc))

    def _line(self, index: int, line: str) -> None:
        if self._open != index:
            self._close()
            self._open = index
            target = self.targets[index]
            if target is not None:
                self._out = self._stack.enter_context(atomic_output(target))
        if self._out is None:
            _stdout_write(line)
        else:
            self._out.write(line.encode("utf-8"))

    def _close(self) -> None:
        """Commit the stream output in progress (the atomic rename)."""
        self._open = None
        self._out = None
        try:
            self._stack.close()
        except OSError as exc:
            self.fail(str(exc.filename or "output"), os_message(exc))
        self._stack = contextlib.ExitStack()

    def abort(self, exc: BaseException) -> None:
        """Interrupted: the stream output in progress is removed, not committed."""
        self._stack.__exit__(type(exc), exc, exc.__traceback__)
        self._stack = contextlib.ExitStack()
        self._open = self._out = None

    def finish(self) -> None:
        self._close()

    def _stdout(self, index: int, text: str) -> None:
        if FORMATS[self.settings.format].headers and len(self.inputs) > 1:
            _stdout_write(f"==> {self.inputs[index].display} <==\n")
        _stdout_write(text)
        _stdout_flush()

    def fail(self, where: str, message: str, name: str | None = None) -> None:
        """Count and log a failure; the report lists it under ``name`` (a record's URL, as
        its page would be) with ``where`` in the message, else under ``where``."""
        self.failures += 1
        failures.error("%s: %s", where, message)
        if self.report is not None:
            if name:
                self.report.failed(name, f"{where}: {message}")
            else:
                self.report.failed(where, message)

    def _report(self, inp: Input, done: Done, where: str) -> None:
        assert done.result is not None and self.report is not None
        if done.kind is UnitKind.DOCUMENT:
            self.report.document(inp.display, inp.rel, done.result, url=done.url)
        else:
            name = done.url or where
            self.report.document(name, inp.rel, done.result, url=done.url, record=done.number)


class StdoutError(Exception):
    """Standard output cannot be written (closed, a full disk): the run stops, since every
    later result would be lost too."""


def _stdout_write(text: str) -> None:
    """Results are UTF-8 whatever the locale says. A file name that is not UTF-8 arrives
    with surrogate escapes and goes out as the bytes it was."""
    if sys.stdout is None:
        raise StdoutError("standard output is closed")
    try:
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        data = text.encode("utf-8", "replace")
    try:
        sys.stdout.buffer.write(data)
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as exc:  # ValueError: the stream was closed
        raise StdoutError(os_message(exc) if isinstance(exc, OSError) else str(exc)) from exc


def _stdout_flush() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as exc:
        raise StdoutError(os_message(exc) if isinstance(exc, OSError) else str(exc)) from exc


def execute(writer: Writer, units: Iterator[Unit], *, jobs: int, level: int) -> None:
    """Clean every unit on ``jobs`` processes and write each in order."""
    fn = functools.partial(work, writer.settings)
    tasks = chunks(units, size=CHUNK_UNITS, max_bytes=CHUNK_BYTES)
    results = ordered_map(fn, tasks, jobs=jobs, initializer=init_worker, initargs=(level,))
    try:
        # closing(): on Ctrl-C the pool is shut down now, not when the traceback goes.
        with contextlib.closing(results):
            for done_chunk in results:
                for done in done_chunk:
                    writer.write(done)
        writer.finish()
    except BaseException as exc:
        writer.abort(exc)
        raise
