"""Scrapy components: clean each scraped page into the item it produced.

Enable the add-on and every item a spider yields from a page gets the page's article::

    ADDONS = {"cleaner.integrations.scrapy.CleanerAddon": 0}

The add-on enables two components, which can also be enabled on their own:

- :class:`CleanerSpiderMiddleware` cleans the *response* each item came from (once per
  response, however many items it yields), so items need not carry the HTML.
- :class:`CleanerPipeline` cleans items that carry their document in a field (the
  record contract of :mod:`cleaner.io.records`: the first of ``html``, ``content``,
  ``text``, ``maintext`` that has a value, with the URL in ``url``), e.g. pages fetched
  elsewhere; it leaves alone items that the middleware already cleaned. It cleans in a
  worker thread, so the crawl goes on meanwhile.

Settings (all optional):

``CLEANER_TEXT_FIELD`` (``"cleaned_text"``), ``CLEANER_TITLE_FIELD`` (``"cleaned_title"``)
    Fields written with ``Result.text`` and ``Result.title``. Set one to ``None`` to not
    write it. Only configured fields are ever written, so a declared ``scrapy.Item`` needs
    to declare exactly those.
``CLEANER_RESULT_FIELD`` (``None``), ``CLEANER_ERROR_FIELD`` (``None``)
    When set: the whole result (``Result.to_dict`` without blocks: title, body, text,
    source, rules version, author, date), and the reason a page could not be cleaned.
``CLEANER_CONTENT_FIELDS`` (``["html", "content", "text", "maintext"]``),
``CLEANER_URL_FIELD`` (``"url"``)
    Where the pipeline reads an item's document (str or bytes, the first field with a
    value) and URL (the URL picks the site's rules).
``CLEANER_RULE_FILES`` (``[]``)
    Extra rule files (paths), as ``cleaner --rules``.
``CLEANER_DROP_EMPTY`` (``False``)
    Drop items whose page has no article text, or could not be cleaned.
``CLEANER_ENABLED`` (``True``)

Stats: ``cleaner/<outcome>`` per item (``cleaned``, ``empty``, ``cleaner_error``,
``not_html``, ``no_input``, ``already_cleaned``), ``cleaner/dropped/<outcome>`` for dropped
items, ``cleaner/responses`` for pages the middleware cleaned, and
``cleaner/field_not_declared`` for items of a declared ``scrapy.Item`` class that lacks a
configured field (logged once per class; such items pass on uncleaned).
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self, TypeVar

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from ..api import Options, cleaner_for
from ..errors import CleanerError
from ..io.records import CONTENT_FIELDS, URL_FIELD, RecordFormat, read_document
from ..model import Result
from ._common import Outcome

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

log = logging.getLogger(__name__)

T = TypeVar("T")

STATS_PREFIX = "cleaner"
MIDDLEWARE_PRIORITY = 550
"""After the spider's own middlewares (higher numbers sit nearer the spider), before the
built-in offsite, referer and depth handling of requests, which items do not touch."""
PIPELINE_PRIORITY = 300
UNDECLARED = "field_not_declared"
"""Stats key: items of a declared ``scrapy.Item`` class that lacks a configured field."""
TEXT_MEDIA_TYPES = frozenset({"text/plain", "application/xhtml+xml"})
"""Besides ``HtmlResponse``: text responses that hold a page the cleaner reads."""


@dataclass(frozen=True)
class Settings:
    """The ``CLEANER_*`` settings of one crawl."""

    text_field: str | None = "cleaned_text"
    title_field: str | None = "cleaned_title"
    result_field: str | None = None
    error_field: str | None = None
    record: RecordFormat = field(default_factory=RecordFormat)
    """Where the pipeline reads the document and the URL."""
    drop_empty: bool = False
    options: Options = field(default_factory=Options)

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Settings:
        if not settings.getbool("CLEANER_ENABLED", True):
            raise NotConfigured("CLEANER_ENABLED is false")
        default = cls()
        options = Options(rule_files=tuple(settings.getlist("CLEANER_RULE_FILES")))
        cleaner_for(options)  # a malformed rule file stops the crawl at start (CleanerError)
        return cls(
            text_field=_field(settings, "CLEANER_TEXT_FIELD", default.text_field),
            title_field=_field(settings, "CLEANER_TITLE_FIELD", default.title_field),
            result_field=_field(settings, "CLEANER_RESULT_FIELD", default.result_field),
            error_field=_field(settings, "CLEANER_ERROR_FIELD", default.error_field),
            record=RecordFormat(
                fields=tuple(settings.getlist("CLEANER_CONTENT_FIELDS", list(CONTENT_FIELDS))),
                url_field=_field(settings, "CLEANER_URL_FIELD", URL_FIELD) or URL_FIELD,
            ),
            drop_empty=settings.getbool("CLEANER_DROP_EMPTY", default.drop_empty),
            options=options,
        )


def _field(settings: BaseSettings, name: str, default: str | None) -> str | None:
    if name not in settings:
        return default
    value = settings.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a field name or None, not {value!r}")
    return value


class _Writer:
    """Puts one page's result (or failure) into an item and counts what happened."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.settings = Settings.from_settings(crawler.settings)
        self.cleaner = cleaner_for(self.settings.options)
        self._declared: dict[type, frozenset[str] | None] = {}

    def count(self, outcome: Outcome, *, dropped: bool = False) -> None:
        stats = self.crawler.stats
        if stats is None:
            return
        stats.inc_value(f"{STATS_PREFIX}/{outcome.value}")
        if dropped:
            stats.inc_value(f"{STATS_PREFIX}/dropped/{outcome.value}")

    def already_cleaned(self, adapter: ItemAdapter) -> bool:
        field = self.settings.text_field
        return field is not None and adapter.get(field) is not None

    def clean(self, content: str | bytes, url: str | None) -> Result | CleanerError:
        """The result, or the error: the caller decides whether an error drops the item."""
        try:
            return self.cleaner.clean(content, url=url)
        except CleanerError as exc:
            return exc

    def apply(self, item: T, adapter: ItemAdapter, outcome: Result | CleanerError) -> T:
        """Write the configured fields; raise ``DropItem`` when the settings say so."""
        s = self.settings
        if isinstance(outcome, CleanerError):
            kind = Outcome.ERROR
            values: dict[str | None, object] = {s.error_field: str(outcome)}
        else:
            kind = Outcome.CLEANED if outcome.text else Outcome.EMPTY
            values = {s.text_field: outcome.text, s.title_field: outcome.title}
            if s.result_field is not None:
                values[s.result_field] = outcome.to_dict()
        fields = {f: v for f, v in values.items() if f is not None}
        if self.undeclared(type(item), fields):
            self.count_undeclared()
            return item
        drop = s.drop_empty and kind is not Outcome.CLEANED
        self.count(kind, dropped=drop)
        if drop:
            raise DropItem(f"cleaner: {kind.value}: {adapter.get(s.record.url_field) or ''}")
        for name, value in fields.items():
            adapter[name] = value
        return item

    def undeclared(self, item_class: type, fields: dict[str, object]) -> list[str]:
        """Configured fields that ``item_class`` does not declare (logged once per class):
        nothing is written to such an item, rather than some fields and an error."""
        if item_class not in self._declared:
            declared = ItemAdapter.get_field_names_from_class(item_class)
            self._declared[item_class] = None if declared is None else frozenset(declared)
            names = self._declared[item_class]
            missing = [] if names is None else sorted(set(self.fields()) - names)
            if missing:
                log.error(
                    "cleaner: %s declares no field %s: declare them, or set the CLEANER_* "
                    "settings that name them to other fields or None; its items are "
                    "passed on uncleaned",
                    item_class.__name__,
                    ", ".join(repr(m) for m in missing),
                )
        names = self._declared[item_class]
        return [] if names is None else sorted(set(fields) - names)

    def fields(self) -> list[str]:
        s = self.settings
        every = (s.text_field, s.title_field, s.result_field, s.error_field)
        return [f for f in every if f is not None]

    def count_undeclared(self) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"{STATS_PREFIX}/{UNDECLARED}")


class CleanerSpiderMiddleware(BaseSpiderMiddleware):
    """Cleans the response each item was yielded from and writes the result into the item.

    A response is cleaned once, however many items it yields. Items from non-page
    responses (JSON, XML, files) and from ``start()`` pass through untouched.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.writer = _Writer(crawler)
        self._last: tuple[weakref.ref[Response], Result | CleanerError] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def get_processed_item(self, item: Any, response: Response | None) -> Any:
        adapter = ItemAdapter(item)
        if self.writer.already_cleaned(adapter):
            self.writer.count(Outcome.ALREADY_CLEANED)
            return item
        if response is None:
            self.writer.count(Outcome.NO_INPUT)
            return item
        if not _is_page(response):
            self.writer.count(Outcome.NOT_HTML)
            return item
        try:
            return self.writer.apply(item, adapter, self._result(response))
        except DropItem as exc:
            log.debug("%s", exc)
            return None

    def _result(self, response: Response) -> Result | CleanerError:
        if self._last is not None and self._last[0]() is response:
            return self._last[1]
        assert isinstance(response, TextResponse)  # _is_page
        outcome = self.writer.clean(response.text, response.url)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"{STATS_PREFIX}/responses")
        self._last = (weakref.ref(response), outcome)
        return outcome


def _is_page(response: Response) -> bool:
    if isinstance(response, HtmlResponse):
        return True
    if not isinstance(response, TextResponse):
        return False
    header = response.headers.get(b"Content-Type") or b""
    media_type = header.split(b";", 1)[0].strip().decode("latin-1").lower()
    return media_type in TEXT_MEDIA_TYPES


class CleanerPipeline:
    """Cleans the document an item carries (``CLEANER_CONTENT_FIELDS``, str or bytes), with
    the URL from ``CLEANER_URL_FIELD``, in a worker thread."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.writer = _Writer(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_item(self, item: T) -> T:
        adapter = ItemAdapter(item)
        s = self.writer.settings
        if self.writer.already_cleaned(adapter):
            self.writer.count(Outcome.ALREADY_CLEANED)
            return item
        if all(adapter.get(f) is None for f in s.record.fields):
            self.writer.count(Outcome.NO_INPUT)
            return item
        try:
            content, url = read_document(adapter, s.record)
        except CleanerError as exc:  # a field of the wrong type
            return self.writer.apply(item, adapter, exc)
        outcome = await _in_thread(lambda: self.writer.clean(content, url))
        return self.writer.apply(item, adapter, outcome)


async def _in_thread(work: Callable[[], T]) -> T:
    """Run ``work`` in a thread of the running event loop, or of the Twisted reactor when
    it is not the asyncio one."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return await maybe_deferred_to_future(deferToThread(work))
    return await asyncio.to_thread(work)


class CleanerAddon:
    """``ADDONS = {"cleaner.integrations.scrapy.CleanerAddon": 0}`` enables the spider
    middleware and the item pipeline with the ``CLEANER_*`` settings."""

    def update_settings(self, settings: BaseSettings) -> None:
        settings["SPIDER_MIDDLEWARES"][CleanerSpiderMiddleware] = MIDDLEWARE_PRIORITY
        settings["ITEM_PIPELINES"][CleanerPipeline] = PIPELINE_PRIORITY
