"""Files for the command line: which inputs a run has, where each result goes, and
atomic writes that never touch an input."""

from __future__ import annotations

import argparse
import enum
import logging
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..io.atomic import atomic_output, resolved

__all__ = ["atomic_output"]  # re-exported: the command line writes through it

log = logging.getLogger(__name__)

DEFAULT_EXTENSIONS = (".html", ".htm", ".txt", ".jsonl", ".warc", ".warc.gz")
"""Files picked up when a directory is given (files named explicitly are always read)."""
JSONL_SUFFIX = ".jsonl"
WARC_SUFFIXES = (".warc", ".warc.gz")
STDIN_NAME = "<stdin>"


class InputKind(enum.Enum):
    """How an input is read: one document, JSONL records, or a WARC crawl's responses."""

    DOCUMENT = "document"
    JSONL = "jsonl"
    WARC = "warc"

    @property
    def streams(self) -> bool:
        """Holds many documents, and its output is JSONL, one line per document."""
        return self is not InputKind.DOCUMENT


def input_kind(name: str, *, jsonl: bool) -> InputKind:
    """WARC by name (``.warc``, ``.warc.gz``), JSONL by name or ``--jsonl``."""
    lower = name.lower()
    if lower.endswith(WARC_SUFFIXES):
        return InputKind.WARC
    if jsonl or lower.endswith(JSONL_SUFFIX):
        return InputKind.JSONL
    return InputKind.DOCUMENT


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
    kind: InputKind = InputKind.DOCUMENT
    error: str | None = None
    """Why this input cannot be read, known before the run (an unreadable folder): it
    fails when its turn comes, named and counted like any other failure."""

    @property
    def jsonl(self) -> bool:
        """Written as JSONL (JSONL and WARC inputs)."""
        return self.kind.streams


# ---------------------------------------------------------------------------------------
# Inputs and output plan
# ---------------------------------------------------------------------------------------


def walk_tree(root: Path, skip: Path | None) -> Iterator[Path | tuple[Path, str]]:
    """Files under ``root`` with a default extension, sorted, hidden entries and the output
    directory left out; and ``(folder, reason)`` for each folder that cannot be read.

    Symbolic links (see docs/threat-model.md): a linked folder is not entered, and a linked
    file is read only when it resolves inside ``root``: a link to ``/etc/passwd`` in a
    scraped tree is not read (each skipped link is named on stderr)."""
    inside = root.resolve()
    unreadable: list[tuple[Path, str]] = []

    def failed(exc: OSError) -> None:
        unreadable.append((Path(exc.filename or root), exc.strerror or str(exc)))

    for dirpath, dirnames, filenames in os.walk(root, onerror=failed):
        here = Path(dirpath)
        while unreadable:
            yield unreadable.pop(0)
        kept = []
        for d in sorted(dirnames):
            if d.startswith("."):
                continue
            if (here / d).is_symlink():  # (before resolving: a link may loop)
                log.warning("%s: a symbolic link to a folder; not followed", here / d)
                continue
            if skip is not None and (here / d).resolve() == skip:
                continue
            kept.append(d)
        dirnames[:] = kept
        for name in sorted(filenames):
            path = here / name
            if name.startswith(".") or not name.lower().endswith(DEFAULT_EXTENSIONS):
                continue
            if path.is_symlink():
                target = resolved(path)
                if target is None:  # a loop (RuntimeError from pathlib: a traceback before)
                    log.warning("%s: a symbolic link that cannot be resolved; not followed", path)
                    continue
                if not target.is_relative_to(inside):
                    log.warning("%s: a symbolic link leading out of %s; not followed", path, root)
                    continue
            if path.is_file():
                yield path
    while unreadable:
        yield unreadable.pop(0)


def resolve_output(path: Path) -> Path:
    """Where an output path leads; a loop of links there is a usage error."""
    target = resolved(path)
    if target is None:
        raise UsageError(f"{path}: a loop of symbolic links; refusing to write there")
    return target


def collect_inputs(args: argparse.Namespace, output_dir: Path | None) -> list[Input]:
    paths: list[str] = args.paths or ["-"]
    if "-" in paths and sys.stdin is None:
        raise UsageError("standard input is closed: give PATH arguments")
    if not args.paths and sys.stdin.isatty():
        raise UsageError("no input: give PATH arguments or pipe a document on stdin")
    if paths.count("-") > 1:
        raise UsageError("'-' (stdin) may be given only once")
    inputs: list[Input] = []
    jsonl = bool(args.jsonl)
    for arg in paths:
        if arg == "-":
            kind = InputKind.JSONL if jsonl else InputKind.DOCUMENT
            inputs.append(Input(STDIN_NAME, None, Path("stdin"), kind))
            continue
        path = Path(arg)
        if path.is_dir():
            found = sorted(
                walk_tree(path, output_dir),
                key=lambda f: f[0].parts if isinstance(f, tuple) else f.parts,
            )
            if not found:
                log.warning("%s: no %s files found", arg, "/".join(DEFAULT_EXTENSIONS))
            for file in found:
                if isinstance(file, tuple):  # a folder that cannot be read
                    folder, reason = file
                    rel = folder.relative_to(path)
                    name = os.path.join(arg, str(rel))
                    inputs.append(Input(name, folder, rel, error=f"cannot read folder: {reason}"))
                    continue
                rel = file.relative_to(path)
                kind = input_kind(file.name, jsonl=jsonl)
                inputs.append(Input(os.path.join(arg, str(rel)), file, rel, kind))
        else:
            # A missing file is an input like the others: it fails when its turn comes
            # (named on stderr, exit 1) and the rest of the run is still cleaned.
            inputs.append(Input(arg, path, Path(path.name), input_kind(path.name, jsonl=jsonl)))
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
        out_root = resolve_output(Path(output))
        if any(i.file is None for i in inputs):
            raise UsageError(f"{output}: stdin needs a file name with -o, not a directory")
        out_dir = Path(output)
        if out_dir.exists() and not out_dir.is_dir():
            raise UsageError(f"{output}: exists and is not a directory")
        targets = [out_dir / _output_name(i, suffix) for i in inputs]
        for inp, target in zip(inputs, targets, strict=True):
            # A symbolic link inside -o (a folder or the file itself) must not carry the
            # output out of it.
            if inp.error is None and not resolve_output(target).is_relative_to(out_root):
                raise UsageError(
                    f"{target}: a symbolic link in {output} leads out of it; refusing to "
                    "write there"
                )

    readable = [i for i in inputs if i.file is not None and i.error is None]
    # (an input that is a loop of links fails when read, named; it is no output's path)
    input_paths = {r: i for i in readable if i.file is not None and (r := resolved(i.file))}
    input_keys = {k: i for i in readable if i.file is not None and (k := _file_key(i.file))}
    seen: dict[Path, Input] = {}
    for inp, target in zip(inputs, targets, strict=True):
        if inp.error is not None:
            continue  # never written: it fails
        where = resolve_output(target)
        key = _file_key(target)
        victim = input_paths.get(where) or (input_keys.get(key) if key else None)
        if victim is not None:
            raise UsageError(
                f"{victim.display}: refusing to overwrite an input file with the output "
                f"{target}; choose another -o"
            )
        if where in seen:
            raise UsageError(
                f"{seen[where].display} and {inp.display} would both be written to {target}"
            )
        seen[where] = inp
    return list(targets)


def _output_name(inp: Input, suffix: str) -> Path:
    """JSONL stays JSONL; a WARC crawl becomes ``<name>.jsonl``; a document gets the
    format's suffix (``.html`` for review pages)."""
    if inp.kind is InputKind.WARC:
        return inp.rel.with_name(inp.rel.name + JSONL_SUFFIX)
    if inp.kind is InputKind.JSONL:
        return inp.rel
    return inp.rel.with_name(inp.rel.name + suffix)


def single_target(inputs: list[Input], paths: list[str], output: str | None) -> bool:
    """``-o`` names a file when one file (or stdin) is cleaned and it is not a directory."""
    if output is None or len(paths) > 1 or len(inputs) != 1:
        return False
    if paths and Path(paths[0]).is_dir():
        return False
    return not (output.endswith(("/", os.sep)) or Path(output).is_dir())


def count_documents(inputs: list[Input]) -> int | None:
    """Documents in the run, for the progress bar's ETA: JSONL files count their non-blank
    lines; ``None`` when stdin holds records or a WARC crawl is read (unknown until read)."""
    total = 0
    for inp in inputs:
        if inp.kind is InputKind.DOCUMENT:
            total += 1
            continue
        if inp.file is None or inp.kind is InputKind.WARC:
            return None
        try:
            with inp.file.open("rb") as handle:
                total += sum(1 for line in handle if line.strip())
        except OSError:
            total += 1  # the failure is reported when the file is processed
    return total
