"""Output formats of the command line, one renderer each, looked up by ``--format``.

A renderer turns one cleaned document into the text written for it; it runs in the worker
process that cleaned the document. To add a format, add a :class:`Format` to
``FORMATS``: the option's choices, the output file suffix under ``-o DIR`` and whether
several documents may share standard output all come from here. Streams (JSONL and WARC
inputs) are always written as JSONL records, whatever the format.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..api import Cleaner
from ..io.records import dump_record
from ..model import Result


@dataclass(frozen=True)
class Document:
    """What a renderer knows about the document besides its result."""

    name: str
    """The input as messages name it."""
    url: str | None
    explain: bool
    cleaner: Cleaner


Renderer = Callable[[Result, Document], str]


@dataclass(frozen=True)
class Format:
    name: str
    render: Renderer
    suffix: str = ""
    """Appended to a document's name under ``-o DIR``."""
    one_per_stdout: bool = False
    """Only one document may be written to standard output (a JSON or HTML document)."""
    headers: bool = False
    """Several documents on standard output are separated by ``==> name <==`` lines."""
    help: str = ""


def _text(result: Result, doc: Document) -> str:
    text = result.explain(container=True) if doc.explain else result.text
    return text + "\n" if text else ""


def _json(result: Result, doc: Document) -> str:
    return json.dumps(result.to_dict(blocks=True), ensure_ascii=False, indent=2) + "\n"


def _jsonl(result: Result, doc: Document) -> str:
    # dump_record: strict JSON that always encodes (a file name that is not UTF-8 arrives
    # with surrogate escapes in it)
    return dump_record({"path": doc.name, "cleaned": result.to_dict(blocks=True)})


def _html(result: Result, doc: Document) -> str:
    from ..report import render_page, rule_notes  # the report package only when asked for

    return render_page(result, name=doc.name, url=doc.url, notes=rule_notes(doc.cleaner.book))


FORMATS: Mapping[str, Format] = MappingProxyType(
    {
        f.name: f
        for f in (
            Format("text", _text, headers=True, help="the article"),
            Format(
                "json",
                _json,
                one_per_stdout=True,
                help="the full result with every block and its reason",
            ),
            Format("jsonl", _jsonl, help="one compact line per input with its path"),
            Format(
                "html",
                _html,
                suffix=".html",
                one_per_stdout=True,
                help="a review page showing every block, removed ones struck through with "
                "their reason",
            ),
        )
    }
)
