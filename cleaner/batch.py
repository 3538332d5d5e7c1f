"""Batch plumbing for the command line: which inputs a run has, where each result goes,
atomic writes that never touch an input, and the progress line."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TextIO

log = logging.getLogger(__name__)

DEFAULT_EXTENSIONS = (".html", ".htm", ".txt", ".jsonl")
"""Files picked up when a directory is given (files named explicitly are always read)."""
JSONL_SUFFIX = ".jsonl"
BATCH_THRESHOLD = 20
"""A run of more than this many documents (files or JSONL records) is a batch: it gets a
progress line when stderr is a terminal."""
STDIN_NAME = "<stdin>"


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


def _file_mode() -> int:
    """The mode a plain ``open()`` would give a new file (``os.umask`` can only be read by
    setting it, so it is set back at once)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[IO[bytes]]:
    """Write to a temporary file beside ``target``, then rename it over ``target``; on any
    error the temporary file is removed and ``target`` is left as it was. A replaced file
    keeps its permissions; a new one gets what ``open()`` would give it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = _file_mode()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# ---------------------------------------------------------------------------------------
# Inputs and output plan
# ---------------------------------------------------------------------------------------


def walk_tree(root: Path, skip: Path | None) -> Iterator[Path]:
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


def collect_inputs(args: argparse.Namespace, output_dir: Path | None) -> list[Input]:
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
            found = sorted(walk_tree(path, output_dir), key=lambda p: p.parts)
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


def plan_outputs(
    inputs: list[Input], output: str | None, single_target: bool, suffix: str = ""
) -> list[Path | None]:
    """Where each input's result goes (``None``: stdout). Under an ``-o`` directory a
    document's result keeps its relative name, plus ``suffix`` (``.html`` for review pages;
    JSONL files stay JSONL). Refuses, before anything is written, an output that is an
    input or that two inputs would share."""
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
        targets = [
            out_dir / (i.rel if i.jsonl else i.rel.with_name(i.rel.name + suffix)) for i in inputs
        ]

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


def single_target(inputs: list[Input], paths: list[str], output: str | None) -> bool:
    """``-o`` names a file when one file (or stdin) is cleaned and it is not a directory."""
    if output is None or len(paths) > 1 or len(inputs) != 1:
        return False
    if paths and Path(paths[0]).is_dir():
        return False
    return not (output.endswith(("/", os.sep)) or Path(output).is_dir())


def count_records(inputs: list[Input]) -> int | None:
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
