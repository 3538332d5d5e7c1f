"""What every integration shares: the outcome of a document, per-reason counts, and the
fingerprint of a cleaner's output. One Cleaner per process: :func:`cleaner.api.cleaner_for`."""

from __future__ import annotations

import enum
import hashlib
from collections import Counter
from pathlib import Path

import cleaner

from ..api import Cleaner, Options, cleaner_for
from ..model import Result


class Outcome(enum.Enum):
    """What happened to one document; integrations count these (Scrapy stats, datatrove
    ``stat_update``) under the value as the key."""

    CLEANED = "cleaned"
    """Cleaned, and some text was kept."""
    EMPTY = "empty"
    """Cleaned, and nothing was kept (no article on the page)."""
    ERROR = "cleaner_error"
    """The cleaner refused the input (:class:`~cleaner.CleanerError`: not a document, over a
    limit, undecodable)."""
    NOT_HTML = "not_html"
    """The response is not a page (JSON, XML, an image): left alone."""
    NO_INPUT = "no_input"
    """The item has no document to clean (no HTML field, no response)."""
    ALREADY_CLEANED = "already_cleaned"
    """The item already holds cleaned text (e.g. from the spider middleware): left alone."""


def rules_versions(instance: Cleaner) -> str:
    """``name@version`` of every rule file the cleaner holds, built-in and user, sorted: it
    changes whenever any rule file that could apply to a document changes."""
    book = instance.book
    return " ".join(sorted(f.label for f in (*book.general, *book.sources)))


def fingerprint(options: Options) -> str:
    """What the output depends on besides the input: the cleaner's version, every rule
    file's version, the SHA-256 of each user rule file (edited without a version bump, it
    still changes) and the options. Equal fingerprints give equal output for equal input,
    so caches keyed on it (Hugging Face ``datasets``) go stale exactly when they should."""
    digests = []
    for path in options.rule_files:
        try:
            digests.append(hashlib.sha256(Path(path).read_bytes()).hexdigest())
        except OSError:
            digests.append("unreadable")  # cleaner_for() below names the missing file
    versions = rules_versions(cleaner_for(options))
    settings = hashlib.sha256(f"{digests} {options!r}".encode()).hexdigest()[:16]
    return f"cleaner {cleaner.__version__}; rules {versions}; options {settings}"


def dropped_by_reason(result: Result) -> Counter[str]:
    """Dropped blocks of one result counted by what dropped them: the rule id for rule
    verdicts, else the deciding stage (``chrome``, ``outside-body``, ``scorer``…). A small,
    fixed set of keys, fit for per-reason counters."""
    return Counter(block.rule or block.origin.value for block in result.dropped)
