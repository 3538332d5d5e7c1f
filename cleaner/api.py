"""The public API: ``clean()``, the reusable ``Cleaner`` and its frozen ``Options``."""

from __future__ import annotations

import dataclasses
import functools
import logging
import math
import numbers
import os
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Literal

from . import decide as _decide
from .decode import decode_bytes, looks_like_html
from .errors import CleanerError, LimitExceeded
from .memo import MEMO_BLOCKS, MEMO_CHARS, DecisionMemo
from .metadata import Metadata
from .model import Block, MetadataSource, Origin, Path, Result, Segment
from .normalize import normalize_line
from .paragraphs import KnownShapes, decide_text
from .rule_loader import builtin_rule_files, load_rule_file
from .rulebook import RuleBook
from .rules import RuleFile
from .segment_text import KnownLines, segment_text
from .slot import restated
from .thresholds import DEFAULT_THRESHOLDS, Thresholds

log = logging.getLogger(__name__)

Kind = Literal["auto", "text", "html"]

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""Inputs larger than this are refused with a CleanerError rather than risk memory."""


MAX_SOURCE_PASSES = 3
"""Text: how often the source is chosen again from the kept text (see ``_clean_text``)."""
_HEADLINE = Origin.HEADLINE
"""Read per kept block as a global (an Enum member read through its class costs about
100 ns on Python 3.11: ``EnumType.__getattr__``; see ``slot.KEEP``)."""
FALLBACK_MAX_CHARS = 5_000_000
"""The fallback is not tried on pages larger than this (slow and memory-hungry there)."""


@dataclass(frozen=True)
class Options:
    """Everything that changes how documents are cleaned. Change with ``dataclasses.replace``."""

    rule_files: Sequence[str | FsPath] = ()
    """Extra rule files (a list, a tuple or one path; kept as a tuple). A file with
    ``[source]`` adds or replaces that source's rules; one without applies to every
    document, before the global rules."""
    source_rules: bool = True
    """Apply per-source rule files. ``False`` leaves the global rules and the scorer only."""
    disabled_sources: Collection[str] = frozenset()
    """Sources whose rule files are ignored (e.g. for leave-one-site-out evaluation; any
    collection of names, or one name; kept as a frozenset)."""
    fallback: bool = True
    """HTML: when the DOM pass finds no plausible body, use trafilatura's extraction."""
    max_bytes: int = MAX_INPUT_BYTES
    """Longest input in bytes (characters for a str), ``MAX_INPUT_BYTES`` by default: a
    longer one is a :class:`LimitExceeded`."""
    thresholds: Thresholds = DEFAULT_THRESHOLDS
    """The scorer's, the decision's and the container guess's numbers (see
    :class:`~cleaner.thresholds.Thresholds`): ``dataclasses.replace`` one to try others."""
    memo_blocks: int = MEMO_BLOCKS
    """Per-block rule and scorer results a Cleaner remembers across text documents, per
    table and rule set (``cleaner/memo.py``; an HTML page's are kept for the page only,
    but for the text of a trafilatura fallback), and text documents' lines made into
    segments (``segment_text.KnownLines``); 0 turns the memo off. Output is the same
    either way."""

    def __post_init__(self) -> None:
        # One path given where a sequence is expected would be read character by character;
        # a list would make the options unhashable (``clean()`` caches a Cleaner per Options).
        # A value of the wrong type is a CleanerError naming the field, here rather than a
        # TypeError deep in the first document (or, for a NaN ``max_bytes``, no limit).
        set_ = functools.partial(object.__setattr__, self)
        if isinstance(self.rule_files, (str, FsPath)):
            set_("rule_files", (self.rule_files,))
        else:
            set_("rule_files", tuple(_items("rule_files", self.rule_files)))
        for path in self.rule_files:
            if not isinstance(path, (str, FsPath)):
                raise CleanerError(
                    f"Options.rule_files must hold paths (str or pathlib.Path), "
                    f"not {type(path).__name__}"
                )
        if isinstance(self.disabled_sources, str):
            set_("disabled_sources", frozenset({self.disabled_sources}))
        else:
            set_("disabled_sources", frozenset(_items("disabled_sources", self.disabled_sources)))
        for name in self.disabled_sources:
            if not isinstance(name, str):
                raise CleanerError(
                    f"Options.disabled_sources must hold source names (str), "
                    f"not {type(name).__name__}"
                )
        for field in ("source_rules", "fallback"):
            value = getattr(self, field)
            if isinstance(value, str) or value not in (True, False):  # numpy's bools pass
                raise CleanerError(f"Options.{field} must be True or False, not {value!r}")
            set_(field, bool(value))
        # max_bytes=None ("no limit") failed inside clean() with a TypeError, NaN compared
        # false with every length (no limit at all), and a negative or zero max_bytes
        # refused every input.
        for field, least in (("max_bytes", 1), ("memo_blocks", 0)):
            value = getattr(self, field)
            if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < least:
                raise CleanerError(
                    f"Options.{field} must be an int of at least {least}, not {value!r}"
                )
            set_(field, int(value))
        if not isinstance(self.thresholds, Thresholds):
            raise CleanerError(
                f"Options.thresholds must be a Thresholds, not {type(self.thresholds).__name__}"
            )


def _batch(name: str, values: object) -> list[object]:
    """``clean_many``'s ``values`` as a list; a CleanerError for one string or bytes (it
    would be cleaned character by character) or for what is no sequence (a TypeError)."""
    if isinstance(values, (str, bytes, bytearray)):
        raise CleanerError(
            f"{name} must be a sequence of documents (or URLs), one per row, not one "
            f"{type(values).__name__}: clean() cleans one document"
        )
    if not isinstance(values, Iterable):
        raise CleanerError(
            f"{name} must be a sequence (one item a document), not {type(values).__name__}"
        )
    return list(values)


def _items(field: str, value: object) -> Iterable[object]:
    """``value``'s items, or a CleanerError naming ``field`` when it has none."""
    if isinstance(value, (bytes, bytearray)) or not isinstance(value, Iterable):
        raise CleanerError(f"Options.{field} must be a sequence, not {type(value).__name__}")
    return value


class Cleaner:
    """Rule files compiled once; call :meth:`clean` for each document. Thread-safe: the only
    state cleaning changes is what is remembered, which never changes a result: the
    decision memo (merged under a lock), the chrome answers, and the plans of the rule book
    it may share with other Cleaners (``shared_book``; one dict operation at a time)."""

    def __init__(self, options: Options | None = None, **changes: object) -> None:
        if options is not None and not isinstance(options, Options):
            # Cleaner("mine.toml") or Cleaner(["mine.toml"]) failed with an AttributeError.
            raise CleanerError(
                f"options must be an Options, not {type(options).__name__}: for rule files "
                "use Cleaner(Options(rule_files=[...])) or Cleaner(rule_files=[...])"
            )
        options = options or Options()
        if changes:
            options = dataclasses.replace(options, **changes)  # type: ignore[arg-type]
        self.options = options
        files: list[RuleFile] = list(builtin_rule_files())
        files.extend(load_rule_file(p, user=True) for p in options.rule_files)
        disabled: Iterable[str] = options.disabled_sources
        if not options.source_rules:
            disabled = {f.name for f in files if f.is_source}
        self.book = (
            RuleBook.build(files, disabled=disabled)
            if options.rule_files
            else shared_book(frozenset(d.lower() for d in disabled))
        )
        self.chrome = self.book.chrome.remembering()
        """The chrome taxonomy with this Cleaner's answers by class/id string."""
        self._memos = (
            {name: DecisionMemo(options.memo_blocks) for name in self.book.sets}
            if options.memo_blocks > 0
            else {}
        )
        self._lines = (
            KnownLines(options.memo_blocks, MEMO_CHARS) if options.memo_blocks > 0 else None
        )
        """Text documents' lines made into segments (``segment_text``), for later ones."""
        self._shapes = (
            KnownShapes(options.memo_blocks, MEMO_CHARS) if options.memo_blocks > 0 else None
        )
        """Text lines' answers to ``paragraphs.line_places``' shapes, for later documents."""

    def __reduce__(self) -> tuple[type[Cleaner], tuple[Options]]:
        """A Cleaner pickles as its Options: ``multiprocessing``, Spark and Dask ship it to
        workers (``pool.map(cleaner.clean, pages)`` pickles the bound method), where it is
        built again with empty memos. What a Cleaner remembers never changes a result, so
        the output is the same; user rule files are read again where it is unpickled, so
        their paths must exist there. (A Cleaner's tables hold a read-only mapping, which
        made pickling a TypeError.)"""
        return (Cleaner, (self.options,))

    def _decide(
        self, segments: list[Segment], rule_file: RuleFile | None, *, html: bool = False
    ) -> list[Block]:
        rules = self.book.rules_for(rule_file)
        if not html:  # hard-wrapped paragraphs are decided as one block (paragraphs.py)
            memo = self._memos.get(rule_file.name if rule_file else "")
            return decide_text(segments, rules, self.options.thresholds, memo, self._shapes)
        # An HTML page's per-block results are kept for the page only (its settle passes):
        # the blocks left to the rules and the scorer are the article's, new on each page,
        # and the Cleaner's memo cost a page more than its hits saved (cleaner/memo.py).
        return _decide.decide(segments, rules, html=True, thresholds=self.options.thresholds)

    def clean(
        self,
        content: str | bytes,
        url: str | None = None,
        source: str | None = None,
        kind: Kind = "auto",
        *,
        encoding: str | None = None,
    ) -> Result:
        """Clean one document. Raises :class:`CleanerError` for unreadable input.

        ``encoding`` is the charset the transport declared (HTTP ``Content-Type``), a
        WHATWG label; it is used for bytes after a byte-order mark and before the page's
        ``<meta>``. ``url``, ``source`` and ``encoding`` that are missing values (``None``,
        ``""``, a float NaN from a dataframe) are ignored; other non-strings are a
        :class:`CleanerError`.
        """
        url = _optional_str("url", url)
        source = _optional_str("source", source)
        encoding = _optional_str("encoding", encoding)
        if not isinstance(kind, str) or kind not in ("auto", "text", "html"):
            raise CleanerError(f"kind must be 'auto', 'text' or 'html', not {kind!r}")
        if not isinstance(content, (str, bytes, bytearray, memoryview)):
            raise CleanerError(f"content must be str or bytes, not {type(content).__name__}")
        # A memoryview's len() counts its first dimension's items, not its bytes (a view
        # cast to shape (1, n) has length 1): the limit reads its nbytes.
        size = content.nbytes if isinstance(content, memoryview) else len(content)
        if size > self.options.max_bytes:
            raise LimitExceeded(
                "input",
                limit="MAX_INPUT_BYTES",
                maximum=self.options.max_bytes,
                actual=size,
                unit="characters" if isinstance(content, str) else "bytes",
            )
        if isinstance(content, str):
            # A str subclass as the plain str of its characters: the compiled twins read
            # the characters, the Python ones would call the subclass's own methods
            # (split, lower, strip...), and the two must give the same result.
            text = content if type(content) is str else str.__str__(content)
        else:
            raw = bytes(content)
            text = decode_bytes(
                raw,
                html=kind == "html" or (kind == "auto" and looks_like_html(raw)),
                encoding=encoding,
            )
        if kind == "html" or (kind == "auto" and looks_like_html(text)):
            return self._clean_html(text, url=url, source=source)
        return self._clean_text(text, url=url, source=source)

    def clean_many(
        self,
        contents: Iterable[object],
        urls: Iterable[object] | None = None,
        *,
        source: str | None = None,
        kind: Kind = "auto",
        blocks: bool = False,
        meta: bool = False,
    ) -> list[dict[str, object]]:
        """Clean a batch (a dataframe partition, a list of pages) into one plain dict per
        document, in order. Failures are data, not exceptions: every dict has the same keys,
        ``error`` is ``None`` or the reason, and the result fields are ``None`` on failure.
        ``urls`` (same length as ``contents``) may hold missing values (``None``, NaN)."""
        items = _batch("contents", contents)
        url_list = [None] * len(items) if urls is None else _batch("urls", urls)
        if len(url_list) != len(items):
            raise CleanerError(f"{len(items)} contents but {len(url_list)} urls")
        return [
            self._clean_one(content, url, source=source, kind=kind, blocks=blocks, meta=meta)
            for content, url in zip(items, url_list, strict=True)
        ]

    def _clean_one(
        self,
        content: object,
        url: object,
        *,
        source: str | None,
        kind: Kind,
        blocks: bool,
        meta: bool,
    ) -> dict[str, object]:
        empty = dict.fromkeys(result_keys(blocks=blocks, meta=meta))
        if is_missing(content):
            return {**empty, "error": "no content"}
        try:
            result = self.clean(content, url=url, source=source, kind=kind)  # type: ignore[arg-type]
        except CleanerError as exc:
            return {**empty, "error": str(exc)}
        except Exception as exc:  # a bug on one document must not cost the batch
            log.debug("internal error", exc_info=True)
            return {**empty, "error": f"internal error: {type(exc).__name__}: {exc}"}
        return {**result.to_dict(blocks, meta=meta), "error": None}

    def _clean_text(self, text: str, *, url: str | None, source: str | None) -> Result:
        segments = segment_text(text, self._lines)
        named, first = self.book.by_name(url=url, source=source)
        if not named:
            first = self.book.by_text(text)
        rule_file = first
        used = [rule_file]
        blocks = self._decide(segments, rule_file)
        # A source recognised by a signature in a line that was then dropped would not be
        # recognised in the output, and cleaning the output would apply other rules: the
        # source is settled too, so that cleaning the output changes nothing. A source
        # named by ``source=`` or the URL's host is settled already (``select`` reads no
        # text then: it would choose the same file).
        for _ in range(0 if named else MAX_SOURCE_PASSES):
            kept = [i for i, b in enumerate(blocks) if b.kept]
            kept_text = "\n".join(blocks[i].text for i in kept)
            again = self.book.by_text(kept_text)
            if again is rule_file:
                break
            rule_file = again
            used.append(rule_file)
            redo = self._decide([segments[i] for i in kept], rule_file)
            for i, block in zip(kept, redo, strict=True):
                if not block.kept:
                    blocks[i] = restated(block, block.text, True)
        return self._result(blocks, first, used, path=Path.TEXT)

    def _clean_html(self, html: str, *, url: str | None, source: str | None) -> Result:
        """The HTML path: segments from the DOM, the shared decision, the fallback if needed."""
        from .segment_html import parse_page, segment_page  # lazily: text mode needs no parser

        tree, meta, fragment = parse_page(html)
        url = url or meta.url  # og:url / canonical: a saved page still knows where it came from
        rule_file = self.book.select(url=url, source=source, text=html)
        t = self.options.thresholds
        page = segment_page(tree, meta, rule_file, self.chrome, t)
        lazy = Metadata(fragment, url)
        blocks = self._decide(page.segments, rule_file, html=True)
        result = dataclasses.replace(
            self._result(
                blocks, rule_file, [rule_file], path=Path.HTML, title=meta.headline(), meta=lazy
            ),
            container=page.candidates,
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
        # Its lines are not kept (KnownLines): an extract of one page, rarely repeated.
        segments = segment_text(text)
        fallback = self._result(
            self._decide(segments, rule_file),
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
        headline = " ".join(b.text for b in blocks if b.kept and b.origin is _HEADLINE)
        versions = dict.fromkeys(label for f in used for label in self.book.versions(f))
        return Result(
            blocks=tuple(blocks),
            title=headline or (normalize_line(title) if title else None) or None,
            source=rule_file.name if rule_file else None,
            path=path.value,
            rules_version=" ".join(versions),
            meta=meta,
        )


def result_keys(*, blocks: bool = False, meta: bool = True) -> tuple[str, ...]:
    """The keys of :meth:`Result.to_dict` with these flags, then ``error`` (what
    :meth:`Cleaner.clean_many` returns for every document, cleaned or not)."""
    keys: tuple[str, ...] = ("title", "body", "text", "source", "path", "rules_version")
    if meta:
        keys += ("date", "author")
    if blocks:
        keys += ("blocks", "container")
    return (*keys, "error")


def is_missing(value: object) -> bool:
    """``None`` or NaN: what dataframes and JSON readers put where a value is missing."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _optional_str(name: str, value: object) -> str | None:
    """A string argument that dataframes may fill with a missing value (NaN, None)."""
    if value is None or isinstance(value, str):
        return value or None
    if is_missing(value):
        return None
    raise CleanerError(f"{name} must be a string, not {type(value).__name__}")


CLEANER_CACHE_SIZE = 8
"""``clean(..., options=X)`` keeps the Cleaners of this many recent Options."""
BOOK_CACHE_SIZE = 4
"""Rule books of the built-in files kept for new Cleaners: one for each of this many recent
sets of disabled sources (one in most processes; about 80 KB each when built, at most about
4.5 MB when ``PLAN_MEMO_SIZE`` binds)."""


@functools.lru_cache(maxsize=BOOK_CACHE_SIZE)
def shared_book(disabled: frozenset[str]) -> RuleBook:
    """The rule book of the built-in files without the ``disabled`` sources (lower case),
    built once and shared by every Cleaner that asks for it, as the files themselves are
    (``builtin_rule_files``). A book is immutable but for what it works out on first use:
    the line-rule plans by first character and the start table (``RuleSet._plans``,
    ``StartTable``), which depend on the compiled rules alone; a new Cleaner built them
    again on its first documents (about 2% of a text document in the speed benchmark's
    rounds). What depends on the pages a Cleaner has seen (the decision memo, the chrome
    categories of class names) stays in each Cleaner. Cleaners with user rule files build
    their own book: the files are read again for each."""
    return RuleBook.build(builtin_rule_files(), disabled=disabled)


@functools.lru_cache(maxsize=CLEANER_CACHE_SIZE)
def _cached_cleaner(options: Options, stamps: tuple[tuple[int, int] | None, ...]) -> Cleaner:
    """Output depends only on the arguments: the options, and the size and mtime of each
    rule file, so that an edited rule file is read again."""
    return Cleaner(options)


def _stamp(path: str | FsPath) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None  # Cleaner() reports the missing file
    return (st.st_mtime_ns, st.st_size)


def clean(
    content: str | bytes,
    url: str | None = None,
    source: str | None = None,
    kind: Kind = "auto",
    *,
    options: Options | None = None,
    encoding: str | None = None,
) -> Result:
    """Clean one scraped page (HTML or text) and say why each removed block went.

    ``url`` or ``source`` choose the per-source rules; without them a source is recognised
    from signatures in its text. ``kind`` forces ``"text"`` or ``"html"``; ``encoding`` is
    the HTTP charset of bytes. The Cleaner for ``options`` is built once and reused (the
    ``CLEANER_CACHE_SIZE`` most recent Options are kept; an edited rule file is reloaded).
    """
    cleaner = cleaner_for(options)
    return cleaner.clean(content, url=url, source=source, kind=kind, encoding=encoding)


def cleaner_for(options: Options | None = None) -> Cleaner:
    """The process's Cleaner for ``options``, built on first use and reused (the one
    ``clean(..., options=...)`` uses): integrations and worker processes call this rather
    than building a Cleaner per document."""
    if options is not None and not isinstance(options, Options):
        raise CleanerError(f"options must be Options, not {type(options).__name__}")
    options = options or Options()
    stamps = tuple(_stamp(p) for p in options.rule_files)
    return _cached_cleaner(options, stamps)
