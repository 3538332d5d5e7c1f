"""The public API: ``clean()``, the reusable ``Cleaner`` and its frozen ``Options``."""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Literal

from . import decide as _decide
from .decode import decode_bytes, looks_like_html
from .errors import CleanerError
from .metadata import Metadata
from .model import Block, MetadataSource, Origin, Path, Result
from .normalize import normalize_line
from .rulebook import RuleBook
from .rules import RuleFile, builtin_rule_files, load_rule_file
from .segment_text import segment_text
from .thresholds import DEFAULT_THRESHOLDS, Thresholds

log = logging.getLogger(__name__)

Kind = Literal["auto", "text", "html"]

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""Inputs larger than this are refused with a CleanerError rather than risk memory."""


MAX_TEXT_LINES = 50_000
"""Text with more non-empty lines than this is refused: no article has them."""
MAX_SOURCE_PASSES = 3
"""Text: how often the source is chosen again from the kept text (see ``_clean_text``)."""
FALLBACK_MAX_CHARS = 5_000_000
"""The fallback is not tried on pages larger than this (slow and memory-hungry there)."""


@dataclass(frozen=True)
class Options:
    """Everything that changes how documents are cleaned. Change with ``dataclasses.replace``."""

    rule_files: tuple[str | FsPath, ...] = ()
    """Extra rule files. A file with ``[source]`` adds or replaces that source's rules; one
    without applies to every document, before the global rules."""
    source_rules: bool = True
    """Apply per-source rule files. ``False`` leaves the global rules and the scorer only."""
    disabled_sources: frozenset[str] = frozenset()
    """Sources whose rule files are ignored (e.g. for leave-one-site-out evaluation)."""
    fallback: bool = True
    """HTML: when the DOM pass finds no plausible body, use trafilatura's extraction."""
    max_bytes: int = MAX_INPUT_BYTES
    thresholds: Thresholds = DEFAULT_THRESHOLDS
    """The scorer's, the decision's and the container guess's numbers (see
    :class:`~cleaner.thresholds.Thresholds`): ``dataclasses.replace`` one to try others."""

    def __post_init__(self) -> None:
        # One path given where a sequence is expected would be read character by character.
        if isinstance(self.rule_files, (str, FsPath)):
            object.__setattr__(self, "rule_files", (self.rule_files,))
        if isinstance(self.disabled_sources, str):
            object.__setattr__(self, "disabled_sources", frozenset({self.disabled_sources}))


class Cleaner:
    """Rule files compiled once; call :meth:`clean` for each document. Thread-safe: it holds
    no state that cleaning changes."""

    def __init__(self, options: Options | None = None, **changes: object) -> None:
        options = options or Options()
        if changes:
            options = dataclasses.replace(options, **changes)  # type: ignore[arg-type]
        self.options = options
        files: list[RuleFile] = list(builtin_rule_files())
        files.extend(load_rule_file(p, user=True) for p in options.rule_files)
        disabled: Iterable[str] = options.disabled_sources
        if not options.source_rules:
            disabled = {f.name for f in files if f.is_source}
        self.book = RuleBook.build(files, disabled=disabled)

    def clean(
        self,
        content: str | bytes,
        url: str | None = None,
        source: str | None = None,
        kind: Kind = "auto",
    ) -> Result:
        """Clean one document. Raises :class:`CleanerError` for unreadable input."""
        if kind not in ("auto", "text", "html"):
            raise CleanerError(f"kind must be 'auto', 'text' or 'html', not {kind!r}")
        if not isinstance(content, (str, bytes, bytearray, memoryview)):
            raise CleanerError(f"content must be str or bytes, not {type(content).__name__}")
        if len(content) > self.options.max_bytes:
            unit = "characters" if isinstance(content, str) else "bytes"
            raise CleanerError(
                f"input is {len(content)} {unit}, over the {self.options.max_bytes} limit"
            )
        if isinstance(content, str):
            text = content
        else:
            raw = bytes(content)
            text = decode_bytes(
                raw, html=kind == "html" or (kind == "auto" and looks_like_html(raw))
            )
        if kind == "html" or (kind == "auto" and looks_like_html(text)):
            return self._clean_html(text, url=url, source=source)
        return self._clean_text(text, url=url, source=source)

    def _clean_text(self, text: str, *, url: str | None, source: str | None) -> Result:
        segments = segment_text(text)
        if len(segments) > MAX_TEXT_LINES:
            raise CleanerError(f"text has {len(segments)} lines, over the {MAX_TEXT_LINES} limit")
        first = rule_file = self.book.select(url=url, source=source, text=text)
        used = [rule_file]
        t = self.options.thresholds
        blocks = _decide.decide(segments, self.book.rules_for(rule_file), thresholds=t)
        # A source recognised by a signature in a line that was then dropped would not be
        # recognised in the output, and cleaning the output would apply other rules: the
        # source is settled too, so that cleaning the output changes nothing.
        for _ in range(MAX_SOURCE_PASSES):
            kept = [i for i, b in enumerate(blocks) if b.kept]
            kept_text = "\n".join(blocks[i].text for i in kept)
            again = self.book.select(url=url, source=source, text=kept_text)
            if again is rule_file:
                break
            rule_file = again
            used.append(rule_file)
            redo = _decide.decide(
                [segments[i] for i in kept], self.book.rules_for(rule_file), thresholds=t
            )
            for i, block in zip(kept, redo, strict=True):
                if not block.kept:
                    blocks[i] = dataclasses.replace(block, settled=True)
        return self._result(blocks, first, used, path=Path.TEXT)

    def _clean_html(self, html: str, *, url: str | None, source: str | None) -> Result:
        """The HTML path: segments from the DOM, the shared decision, the fallback if needed."""
        from .segment_html import parse_page, segment_page  # lazily: text mode needs no parser

        tree, meta = parse_page(html)
        url = url or meta.url  # og:url / canonical: a saved page still knows where it came from
        rule_file = self.book.select(url=url, source=source, text=html)
        t = self.options.thresholds
        page = segment_page(tree, meta, rule_file, self.book.chrome, t)
        lazy = Metadata(html, url)
        blocks = _decide.decide(
            page.segments, self.book.rules_for(rule_file), html=True, thresholds=t
        )
        result = self._result(
            blocks, rule_file, [rule_file], path=Path.HTML, title=meta.headline(), meta=lazy
        )
        # The fallback is for pages the DOM pass could not read: never when the source's
        # own container selector matched (a photo story's short body is then right).
        if (
            not self.options.fallback
            or page.site_container
            or len(result.body) >= t.min_body_chars
            or len(html) > FALLBACK_MAX_CHARS
        ):
            return result
        from .fallback import extract_fallback

        text = extract_fallback(html, url)
        if not text:
            return result
        segments = segment_text(text)
        fallback = self._result(
            _decide.decide(segments, self.book.rules_for(rule_file), thresholds=t),
            rule_file,
            [rule_file],
            path=Path.FALLBACK,
            title=result.title or meta.headline(),
            meta=lazy,
        )
        # Only a fallback that keeps more body wins: a photo story whose captions are
        # rightly dropped must not be replaced by the same captions dropped again.
        if len(fallback.body) > len(result.body):
            log.info("DOM pass kept %d body chars; trafilatura fallback used", len(result.body))
            return fallback
        return result

    def _result(
        self,
        blocks: list[Block],
        rule_file: RuleFile | None,
        used: list[RuleFile | None],
        *,
        path: Path,
        title: str | None = None,
        meta: MetadataSource | None = None,
    ) -> Result:
        # One line, or several when a <br> splits the headline element.
        headline = " ".join(b.text for b in blocks if b.kept and b.origin is Origin.HEADLINE)
        versions = dict.fromkeys(label for f in used for label in self.book.versions(f))
        return Result(
            blocks=tuple(blocks),
            title=headline or (normalize_line(title) if title else None) or None,
            source=rule_file.name if rule_file else None,
            path=path.value,
            rules_version=" ".join(versions),
            meta=meta,
        )


@functools.cache
def _default_cleaner() -> Cleaner:
    """Built on first use and never changed afterwards: output depends only on input."""
    return Cleaner()


def clean(
    content: str | bytes,
    url: str | None = None,
    source: str | None = None,
    kind: Kind = "auto",
    *,
    options: Options | None = None,
) -> Result:
    """Clean one scraped page (HTML or text) and say why each removed block went.

    ``url`` or ``source`` choose the per-source rules; without them a source is recognised
    from signatures in its text. ``kind`` forces ``"text"`` or ``"html"``.
    """
    cleaner = Cleaner(options) if options is not None else _default_cleaner()
    return cleaner.clean(content, url=url, source=source, kind=kind)
