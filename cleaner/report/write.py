"""Writing reports to disk: one page per document and the run's index, each atomically.

Functions of their arguments only, so that worker processes can write their documents'
pages and hand back the small :class:`~cleaner.report.index.Row`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path, PurePosixPath

from ..io.atomic import atomic_output, resolved
from ..model import Result
from .index import Row, render_index, row_for
from .page import render_page
from .summary import summarize
from .verdict import views

INDEX_NAME = "index.html"
PAGE_SUFFIX = ".html"


def page_name(rel: Path | str, record: int | None = None) -> str:
    """Where a document's page goes under the report folder, as a relative POSIX path:
    ``a/b.txt`` → ``a/b.txt.html``; record 12 of ``x.jsonl`` → ``x.jsonl/12.html``.
    The input's own suffix is kept so that ``a.txt`` and ``a.html`` do not collide."""
    parts = [p for p in PurePosixPath(Path(rel).as_posix()).parts if p not in ("", ".", "..")]
    if not parts:
        parts = ["document"]
    if record is not None:
        return "/".join([*parts, f"{record}{PAGE_SUFFIX}"])
    return "/".join(parts) + PAGE_SUFFIX


def write_page(
    root: Path,
    page: str,
    result: Result,
    *,
    name: str,
    url: str | None = None,
    notes: Mapping[str, str] | None = None,
) -> Row:
    """Write the review page of one document under ``root`` and return its index row."""
    summary = summarize(result, views(result))
    with atomic_output(root / page) as handle:
        handle.write(render_page(result, name=name, url=url, notes=notes).encode("utf-8"))
    return row_for(name, page, result, summary)


def failed_row(name: str, error: str) -> Row:
    """The index row of a document that could not be cleaned (no page)."""
    return Row(name=name, page=None, error=error)


def write_index(root: Path, rows: Sequence[Row], *, title: str = "cleaner run") -> Path:
    """Write ``index.html`` under ``root``, one row per document in run order."""
    target = root / INDEX_NAME
    with atomic_output(target) as handle:
        handle.write(render_index(rows, title=title).encode("utf-8"))
    return target


class RunReport:
    """The report folder of one command-line run: pages written as documents are cleaned,
    rows kept in run order for the index. A page that cannot be written is reported
    through ``on_error(name, message)`` and listed in the index with its error."""

    def __init__(
        self,
        root: Path,
        on_error: Callable[[str, str], None],
        notes: Mapping[str, str] | None = None,
    ) -> None:
        self.root = root
        self.notes = notes
        self.on_error = on_error
        self.rows: list[Row] = []

    def document(
        self,
        name: str,
        rel: Path,
        result: Result,
        *,
        url: str | None = None,
        record: int | None = None,
    ) -> None:
        try:
            page = page_name(rel, record)
            row = write_page(self.root, page, result, name=name, url=url, notes=self.notes)
        except OSError as exc:
            message = f"report page not written: {exc.strerror or exc}"
            self.on_error(name, message)
            row = failed_row(name, message)
        self.rows.append(row)

    def failed(self, name: str, error: str) -> None:
        self.rows.append(failed_row(name, error))

    def finish(self, title: str) -> Path | None:
        """Write the index; ``None`` (and ``on_error``) when it cannot be written."""
        try:
            return write_index(self.root, self.rows, title=title)
        except OSError as exc:
            self.on_error(str(self.root / INDEX_NAME), f"not written: {exc.strerror or exc}")
            return None


def check_report_dir(root: Path, inputs: Sequence[Path], input_dirs: Sequence[Path]) -> str | None:
    """Why ``root`` cannot hold the report of a run over these inputs, or ``None``: it must
    be a folder (or not exist), hold no input (a page could replace it) and not sit inside
    an input folder (the next run would read the pages as documents)."""
    if root.exists() and not root.is_dir():
        return f"{root}: exists and is not a directory"
    where = resolved(root)
    if where is None:
        return f"{root}: a loop of symbolic links"
    for folder in input_dirs:
        inside = resolved(folder)
        if inside is not None and (where == inside or where.is_relative_to(inside)):
            return f"{root}: the report folder must not be inside the input folder {folder}"
    for file in inputs:
        led = resolved(file)  # (an input that loops fails when read)
        if led is not None and led.is_relative_to(where):
            return f"{root}: the report folder holds the input {file}"
    return None
