"""Text front end: a document's plain text becomes one segment per non-empty line."""

from __future__ import annotations

import dataclasses
import operator
import re
import threading
from itertools import compress
from typing import TYPE_CHECKING

from . import native
from .errors import LimitExceeded
from .model import Segment, make_segment
from .normalize import collapse_spaces, normalize_breaks, normalize_spaces

if TYPE_CHECKING:
    from . import _ctext

MAX_TEXT_LINES = 50_000
"""Text with more non-empty lines than this is refused: no article has them. Counted
before any segment is built, so the refusal costs no more memory than the text."""
_LINE = re.compile("[^\n]+")


class KnownLines:
    """The segments a ``Cleaner`` made of earlier text documents' lines, by the raw line
    (after ``normalize_breaks``, before the spaces are collapsed): a site's menus, prompts
    and footers are the same lines on every page, and a segment is a function of its raw
    line alone. At most ``size`` lines of at most ``max_chars`` characters in all are kept
    (the segments' texts are no longer than their raw lines), none over a tenth of that; a
    document's new lines are added at its end, and the table is emptied when they would
    not fit (no bookkeeping on a hit, as with the chrome answers)."""

    def __init__(self, size: int, max_chars: int, *, in_place: bool = True) -> None:
        self.size, self.max_chars = size, max_chars
        self.chars = 0
        self._table: dict[str, Segment] | _ctext.LineTable = (
            _LINE_TABLE() if in_place and _LINE_TABLE is not None else {}
        )
        """Where the compiled module is in use (and ``in_place``, the default), a
        ``_ctext.LineTable``: the dict's ``get``, ``update``, ``clear``, ``len`` and
        ``in``, and ``_ctext.text_segments`` finds a line in it by its characters where
        they stand in the text, no str made for a known line (``_ctext_known.c``). Else a
        dict (the reference: ``tests/test_native_lines.py`` holds the two together)."""
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._table)

    def segments(self, raws: list[str]) -> list[Segment]:
        """``segment_text``'s segments of these raw lines (none empty)."""
        found = list(map(self._table.get, raws))
        if all(found):  # every line known: a page cleaned again
            return found  # type: ignore[return-value]
        if any(found):  # a site's next page: its template known, its article new
            return self._some_known(raws, found)
        # Nothing known (a new site, or a text where nothing repeats): the plain steps, in
        # C, and every line remembered but the blank ones (none stored).
        lines = list(map(collapse_spaces, raws))
        made = list(map(make_segment, lines))
        new = dict(zip(raws, made, strict=True))
        for raw in compress(raws, map(operator.not_, lines)):
            new.pop(raw, None)
        self._add(new)
        return list(compress(made, lines))

    def _some_known(self, raws: list[str], found: list[Segment | None]) -> list[Segment]:
        out: list[Segment] = []
        new: dict[str, Segment] = {}
        for raw, known in zip(raws, found, strict=True):
            if known is not None:
                out.append(known)
                continue
            line = collapse_spaces(raw)
            if line:
                made = new[raw] = make_segment(line)
                out.append(made)
        if new:
            self._add(new)
        return out

    def segments_of_text(self, text: str) -> list[Segment]:
        """``segments`` of the non-empty lines of ``text`` (normalised), in C: the lines
        the table lacks are made and handed back by ``_ctext.text_segments``, then kept."""
        assert _TEXT_SEGMENTS is not None
        made, new = _TEXT_SEGMENTS(text, self._table, _PLAN)
        if new:
            self._add(new)
        return made

    def _add(self, new: dict[str, Segment]) -> None:
        """Keep a document's new lines, but any over a tenth of the characters."""
        if max(map(len, new), default=0) * 10 > self.max_chars:
            new = {raw: seg for raw, seg in new.items() if len(raw) * 10 <= self.max_chars}
        chars = sum(map(len, new))
        with self._lock:
            table = self._table
            if len(table) + len(new) > self.size or self.chars + chars > self.max_chars:
                table.clear()
                self.chars = 0
                if len(new) > self.size or chars > self.max_chars:
                    return  # one document's lines alone would not fit
            table.update(new)
            self.chars += chars


def _refuse_too_many_lines(text: str) -> None:
    # A text shorter than the limit cannot hold that many line breaks (nor lines): the
    # count (about 1 ns a character of a two-byte text, 5 µs a news page) is skipped.
    if len(text) >= MAX_TEXT_LINES and text.count("\n") >= MAX_TEXT_LINES:
        lines = _LINE.subn("", normalize_spaces(text))[1]  # counted in C, no list of lines
        if lines > MAX_TEXT_LINES:
            raise LimitExceeded(
                "text",
                limit="MAX_TEXT_LINES",
                maximum=MAX_TEXT_LINES,
                actual=lines,
                unit="non-blank lines",
            )


def segment_text_python(text: str, known: KnownLines | None = None) -> list[Segment]:
    """Split normalised text into line segments; blank lines separate nothing else.
    ``known``: the Cleaner's segments of earlier documents' lines, read and added to."""
    text = normalize_breaks(text)
    _refuse_too_many_lines(text)
    if known is not None:
        return known.segments(list(filter(None, text.split("\n"))))
    return [make_segment(line) for line in map(collapse_spaces, text.split("\n")) if line]


def segment_text_native(text: str, known: KnownLines | None = None) -> list[Segment]:
    """:func:`segment_text_python`, its lines split, collapsed, looked up in ``known`` and
    made into segments in one C pass (``_ctext.text_segments``, 0.15 µs a corpus line
    against 0.6 for the Python's maps, dict and list)."""
    text = normalize_breaks(text)
    _refuse_too_many_lines(text)
    if known is not None:
        return known.segments_of_text(text)
    assert _TEXT_SEGMENTS is not None
    return _TEXT_SEGMENTS(text, None, _PLAN)[0]


_FIELDS = dataclasses.fields(Segment)
_PLAN = (
    Segment,
    tuple(vars(Segment)[f.name] for f in _FIELDS),
    tuple(None if f.default is dataclasses.MISSING else f.default for f in _FIELDS),
    collapse_spaces,
)
"""``_ctext.text_segments``' plan: a segment made as ``make_segment(line)`` makes it, each
field through its slot (``text``, the first, the line; the others their defaults), and the
lines that are not simple (``collapse_spaces``' first test) handed to ``collapse_spaces``."""
assert _FIELDS[0].name == "text" and all(
    f.default is not dataclasses.MISSING for f in _FIELDS[1:]
), "text_segments sets the text and the other fields' defaults"
_TEXT_SEGMENTS = native.compiled.text_segments if native.compiled is not None else None
_LINE_TABLE = native.compiled.LineTable if native.ENABLED and native.compiled is not None else None
segment_text = segment_text_native if native.ENABLED else segment_text_python
"""Split normalised text into line segments; blank lines separate nothing else.
``known``: the Cleaner's segments of earlier documents' lines, read and added to (the
compiled pass where it is in use)."""
