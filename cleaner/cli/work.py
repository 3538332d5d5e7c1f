"""What a worker process does: clean a chunk of units and send back what to write.

The same function runs in-process for ``--jobs 1``, so the output cannot depend on the
number of jobs. Each process builds one :class:`~cleaner.Cleaner` (cached per Options)
and keeps it for the whole run.
"""

from __future__ import annotations

import enum
import functools
import logging
import signal
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..api import Cleaner, Kind, Options
from ..errors import CleanerError, LimitExceeded
from ..io.records import (
    RecordFormat,
    clean_into,
    clean_line,
    dump_record,
    with_error,
)
from ..model import Result
from ..removal import RemovalKey
from .formats import FORMATS, Document
from .stats import count_removals

log = logging.getLogger(__name__)


class UnitKind(enum.Enum):
    DOCUMENT = "document"
    """A whole file (read by the worker) or stdin's bytes."""
    RECORD = "record"
    """One JSONL line."""
    PAGE = "page"
    """One WARC response's payload."""
    END = "end"
    """Marker: the input is complete (its output can be committed)."""
    FAILED = "failed"
    """Marker: the input could not be read (further); ``data`` holds the message."""


@dataclass(frozen=True)
class Settings:
    """What every worker needs, sent with each chunk (a few hundred bytes)."""

    options: Options
    kind: Kind
    source: str | None
    url: str | None
    format: str
    explain: bool
    fields: tuple[str, ...]
    results: bool
    """Send each Result back (for ``--report``)."""
    stats: bool
    """Send each document's removal counts back (for ``--stats``)."""

    @property
    def record_format(self) -> RecordFormat:
        return RecordFormat(fields=self.fields, blocks=self.explain)


@dataclass(frozen=True)
class Unit:
    """One document (or marker) of the run, in run order."""

    input: int
    """Index of the input (file, stdin) it belongs to."""
    kind: UnitKind
    number: int = 0
    """JSONL line or WARC page number, 1-based; 0 for a document."""
    path: str | None = None
    """A document file, read by the worker."""
    data: bytes | str | None = None
    """Stdin's bytes, a JSONL line, a WARC payload, or a FAILED marker's message."""
    record: Mapping[str, Any] | None = None
    """WARC: the fields written beside the result."""
    encoding: str | None = None
    """WARC: the HTTP charset."""


@dataclass(frozen=True)
class Done:
    """What the main process writes for one unit."""

    input: int
    kind: UnitKind
    number: int = 0
    output: str = ""
    """The rendered document or the JSONL line (empty when a document failed)."""
    error: str | None = None
    removals: dict[RemovalKey, tuple[int, int]] | None = None
    result: Result | None = None
    url: str | None = None


@functools.lru_cache(maxsize=1)
def worker_cleaner(options: Options) -> Cleaner:
    """This process's Cleaner (built on first use; the main process builds it first, so
    forked workers start with it)."""
    return Cleaner(options)


FALLBACK_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext")
"""The loggers of the fallback's libraries: shown from ``-v`` on. Below it their errors
(``empty HTML tree``, ``discarding data``) were lines on stderr for documents that did not
fail, where stderr has one line per failure (``-q`` included)."""


def quiet_fallback(level: int) -> None:
    """At ``level``, the fallback's libraries log only if it is ``-v`` or more."""
    for name in FALLBACK_LOGGERS:
        logging.getLogger(name).setLevel(level if level <= logging.INFO else logging.CRITICAL)


def init_worker(level: int) -> None:
    """Pool initializer: Ctrl-C is for the main process (it stops the run and removes
    temporary files); workers log to stderr at the run's level."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the main process's handler is its own
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("cleaner: %(levelname)s: %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    quiet_fallback(level)


def work(settings: Settings, units: Sequence[Unit]) -> list[Done]:
    """Clean a chunk of units, in order. Never raises for a bad document."""
    cleaner = worker_cleaner(settings.options)
    return [_one(cleaner, settings, unit) for unit in units]


def _one(cleaner: Cleaner, settings: Settings, unit: Unit) -> Done:
    if unit.kind is UnitKind.END:
        return Done(unit.input, unit.kind)
    if unit.kind is UnitKind.FAILED:
        return Done(unit.input, unit.kind, error=str(unit.data))
    if unit.kind is UnitKind.DOCUMENT:
        return _document(cleaner, settings, unit)
    if unit.kind is UnitKind.RECORD and unit.data is None:  # a line over the limit: not read
        message = (
            f"line has over {cleaner.options.max_bytes:,} bytes, over the MAX_INPUT_BYTES "
            "limit; the line is not kept"
        )
        line = dump_record({settings.record_format.error_field: message})
        return Done(unit.input, unit.kind, unit.number, line, message)
    if unit.kind is UnitKind.RECORD:
        assert unit.data is not None
        outcome = clean_line(
            cleaner,
            unit.data,
            settings.record_format,
            url=settings.url,
            source=settings.source,
            kind=settings.kind,
        )
    else:
        record = dict(unit.record or {})
        if unit.data is None:  # over the size limit, not read
            message = str(over_limit("payload", cleaner.options.max_bytes))
            line = dump_record(with_error(record, message, settings.record_format))
            return Done(unit.input, unit.kind, unit.number, line, message)
        outcome = clean_into(
            cleaner,
            record,
            unit.data,
            settings.record_format,
            url=record.get("url"),
            source=settings.source,
            kind=settings.kind,
            encoding=unit.encoding,
        )
    line = dump_record(outcome.record)
    return _done(unit, settings, line, outcome.error, outcome.result, outcome.url)


def _document(cleaner: Cleaner, settings: Settings, unit: Unit) -> Done:
    try:
        data = unit.data if unit.data is not None else _read(unit.path, cleaner)
        result = cleaner.clean(data, url=settings.url, source=settings.source, kind=settings.kind)
        name = unit.path or "<stdin>"
        doc = Document(name=name, url=settings.url, explain=settings.explain, cleaner=cleaner)
        output = FORMATS[settings.format].render(result, doc)
    except CleanerError as exc:
        return Done(unit.input, unit.kind, error=str(exc))
    except OSError as exc:
        same = exc.filename == unit.path  # the path already starts the message
        return Done(unit.input, unit.kind, error=exc.strerror if same else os_message(exc))
    except Exception as exc:  # a bug on one page must not stop a batch
        log.debug("traceback for %s", unit.path, exc_info=True)
        return Done(unit.input, unit.kind, error=f"internal error: {type(exc).__name__}: {exc}")
    if not result.text:
        log.info("%s: no article text found", unit.path or "<stdin>")
    return _done(unit, settings, output, None, result, settings.url)


def _done(
    unit: Unit,
    settings: Settings,
    output: str,
    error: str | None,
    result: Result | None,
    url: str | None,
) -> Done:
    return Done(
        unit.input,
        unit.kind,
        unit.number,
        output,
        error,
        removals=count_removals(result) if settings.stats and result is not None else None,
        result=result if settings.results else None,
        url=url,
    )


def _read(path: str | None, cleaner: Cleaner) -> bytes:
    if path is None:
        raise CleanerError("no input")
    limit = cleaner.options.max_bytes
    # At most limit + 1 bytes, whatever stat() says: a FIFO, /dev/zero or a process
    # substitution has no size, and a file may grow while it is read.
    with Path(path).open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise over_limit("input", limit)
    return data


def over_limit(what: str, limit: int) -> LimitExceeded:
    """The error for ``what`` (a document, a WARC payload) read to ``limit`` + 1 bytes."""
    return LimitExceeded(
        what, limit="MAX_INPUT_BYTES", maximum=limit, actual=limit + 1, unit="bytes (at least)"
    )


def os_message(exc: OSError) -> str:
    what = exc.strerror or str(exc)
    if exc.filename is not None:
        return f"{what}: {exc.filename}"
    return what


def chunks(units: Iterator[Unit], *, size: int, max_bytes: int) -> Iterator[list[Unit]]:
    """Units grouped for one trip to a worker: at most ``size`` of them and about
    ``max_bytes`` of data (a marker ends a chunk, so an input's output is committed as
    soon as its last document is written)."""
    chunk: list[Unit] = []
    held = 0
    for unit in units:
        chunk.append(unit)
        held += len(unit.data) if unit.data is not None else 0
        if len(chunk) >= size or held >= max_bytes or unit.kind is UnitKind.END:
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk
