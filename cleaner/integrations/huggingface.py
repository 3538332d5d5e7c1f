"""Hugging Face ``datasets``: a batched map function whose cache fingerprint follows the
cleaner.

::

    from datasets import load_dataset
    from cleaner.integrations.huggingface import CleanBatch

    pages = load_dataset("json", data_files="pages.jsonl", split="train")
    cleaned = pages.map(CleanBatch(), batched=True, num_proc=8)

``datasets`` caches a map's output under a fingerprint of the function. ``CleanBatch``
holds :func:`~cleaner.integrations._common.fingerprint` (the cleaner's version, every rule
file's version, a hash of user rule files and options), so upgrading cleaner or its rules
computes the column again instead of serving the old output from the cache.
Each of the ``num_proc`` processes builds its Cleaner once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..api import Options
from ._common import fingerprint
from .frames import COLUMNS, clean_columns


class CleanBatch:
    """``dataset.map(CleanBatch(), batched=True)``: adds the result columns of
    :data:`~cleaner.integrations.frames.COLUMNS` from the ``content`` column (and ``url``,
    ``None`` for none)."""

    def __init__(
        self,
        content: str = "html",
        url: str | None = "url",
        options: Options | None = None,
        columns: Mapping[str, str] = COLUMNS,
    ) -> None:
        self.content = content
        self.url = url
        self.options = options or Options()
        self.columns = dict(columns)
        self.fingerprint = fingerprint(self.options)
        """Part of the pickled state ``datasets`` hashes into the map's fingerprint."""

    def __call__(self, batch: Mapping[str, Sequence[Any]]) -> dict[str, list[object]]:
        urls = batch[self.url] if self.url is not None else None
        return clean_columns(batch[self.content], urls, self.options, self.columns)
