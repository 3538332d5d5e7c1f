"""datatrove: ``CleanerExtractor``, a drop-in for datatrove's ``Trafilatura`` extractor.

::

    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.integrations.datatrove import CleanerExtractor

    pipeline = [WarcReader("crawl/"), CleanerExtractor(), JsonlWriter("out/")]

Each document's text (the page's HTML, as ``WarcReader`` gives it) becomes
``Result.text``; the page's URL (``doc.metadata["url"]``) reaches the cleaner, so the
site's rules apply. ``doc.metadata`` gains ``title``, ``cleaner_source`` and
``cleaner_rules_version``. Documents with no article text, or that the cleaner refuses,
are dropped.

Like every datatrove extractor it cleans in a child process (datatrove's
``ExtractorSandbox``) and gives each page ``timeout`` seconds. The cleaning function never
raises in that process: datatrove would wait out the whole timeout and start a new
process for an exception.

Stats (``stat_update``): ``total``, ``forwarded``, ``dropped``, and per reason a document
was dropped: ``empty``, ``cleaner_error``, ``internal_error``, ``timeout``,
``broken_process``; ``blocks_dropped/<rule id or stage>`` counts the removed blocks by
what removed them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypedDict

from datatrove.data import Document
from datatrove.pipeline.extractors.base import BaseExtractor, ExtractorSandbox
from datatrove.utils.typeshelper import StatHints

from ..api import Options, cleaner_for
from ..errors import CleanerError
from ._common import Outcome, dropped_by_reason

log = logging.getLogger(__name__)

URL_KEY = "url"
"""Where datatrove readers (``WarcReader``, Common Crawl WET/JSONL) keep a page's URL."""
TITLE_KEY = "title"
SOURCE_KEY = "cleaner_source"
RULES_KEY = "cleaner_rules_version"
INTERNAL_ERROR = "internal_error"
"""Stats key: an unexpected exception inside the cleaner (a bug: please report it)."""
TIMEOUT = "timeout"
BROKEN_PROCESS = "broken_process"
BLOCKS_DROPPED = "blocks_dropped"

WARMUP_PAGE = (
    "<html><head><title>warm-up</title></head><body><article><h1>Warm-up</h1>"
    "<p>Parsed once when the cleaning process starts.</p></article></body></html>",
    None,
)
"""Cleaned before the sandbox process starts and in it: the rule files are compiled and the
parser and fallback modules imported then, not within the first page's timeout."""


class Cleaned(TypedDict, total=False):
    """What the sandbox process sends back for one page: small and picklable."""

    text: str
    title: str | None
    source: str | None
    rules_version: str
    dropped: dict[str, int]
    error: str
    internal: bool


class CleanerExtractor(BaseExtractor):  # type: ignore[misc]  # datatrove is untyped
    """Clean each document's HTML into its article text (``Result.text``).

    Args:
        rule_files: extra rule files (paths), as ``cleaner --rules``.
        timeout: seconds allowed per document (as datatrove's own extractors).
        options: full :class:`~cleaner.Options` (``rule_files`` is then ignored).
    """

    name = "🧹 cleaner"

    def __init__(
        self,
        rule_files: Sequence[str | Path] = (),
        *,
        timeout: float = 1.0,
        options: Options | None = None,
    ) -> None:
        super().__init__(timeout)
        self.options = options or Options(rule_files=tuple(rule_files))
        cleaner_for(self.options)  # a malformed rule file fails here, not in every task

    def extract(self, text: str) -> str:
        """The article text of one page (no URL: site rules come from signatures).
        Raises :class:`~cleaner.CleanerError` for input the cleaner cannot read."""
        return cleaner_for(self.options).clean(text).text

    def clean_record(self, html: str, url: str | None) -> Cleaned:
        """Clean one page; runs in the sandbox process and never raises."""
        try:
            result = cleaner_for(self.options).clean(html, url=url)
        except CleanerError as exc:
            return {"error": str(exc)}
        except Exception as exc:  # a bug must cost one document, not a process and timeout
            log.exception("cleaner failed on %s", url)
            return {"error": f"{type(exc).__name__}: {exc}", "internal": True}
        return {
            "text": result.text,
            "title": result.title,
            "source": result.source,
            "rules_version": result.rules_version,
            "dropped": dict(dropped_by_reason(result)),
        }

    def run(
        self, data: Iterable[Document], rank: int = 0, world_size: int = 1
    ) -> Iterator[Document]:
        # Warm up here too: the sandbox process is forked from this one and starts with the
        # rules compiled and the modules imported, well within its start-up timeout.
        self.clean_record(*WARMUP_PAGE)
        with ExtractorSandbox(timeout=self.timeout, warmup_text=WARMUP_PAGE) as sandbox:
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    cleaned = self._clean_in(sandbox, doc)
                if cleaned is None:
                    self.stat_update(StatHints.dropped)
                    continue
                for reason, count in cleaned.get("dropped", {}).items():
                    self.stat_update(f"{BLOCKS_DROPPED}/{reason}", value=count)
                if not cleaned.get("text"):
                    self.stat_update(Outcome.EMPTY.value, StatHints.dropped)
                    continue
                doc.text = cleaned["text"]
                doc.metadata[TITLE_KEY] = cleaned.get("title")
                doc.metadata[SOURCE_KEY] = cleaned.get("source")
                doc.metadata[RULES_KEY] = cleaned.get("rules_version")
                self.stat_update(StatHints.forwarded)
                self.update_doc_stats(doc)
                yield doc

    def _clean_in(self, sandbox: Any, doc: Document) -> Cleaned | None:
        """The cleaned page, or ``None`` (counted under the reason) when it is dropped."""
        url = doc.metadata.get(URL_KEY)
        try:
            cleaned: Cleaned = sandbox.process_document(
                (doc.text, url if isinstance(url, str) else None), self.clean_record
            )
        except TimeoutError:
            self.stat_update(TIMEOUT)
            log.warning("cleaner: over %ss on %s; document dropped", self.timeout, url)
            return None
        except EOFError:  # the sandbox process died (out of memory): a new one is started
            self.stat_update(BROKEN_PROCESS)
            return None
        if "error" in cleaned:
            self.stat_update(INTERNAL_ERROR if cleaned.get("internal") else Outcome.ERROR.value)
            return None
        return cleaned
