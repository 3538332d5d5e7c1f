"""pandas batches: the unit a Dask partition, a Spark ``mapInPandas`` batch and a Hugging
Face ``datasets.map(batched=True)`` batch hand to a worker.

Every worker process builds one Cleaner per ``Options`` (:func:`cleaner.api.cleaner_for`)
on its first batch and reuses it for every later batch and row; the functions here take
the ``Options``, which pickle small, never a Cleaner.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

import pandas as pd

from ..api import Options, cleaner_for

COLUMNS: Mapping[str, str] = MappingProxyType(
    {
        "text": "cleaned_text",
        "title": "cleaned_title",
        "source": "cleaner_source",
        "rules_version": "cleaner_rules_version",
        "error": "cleaner_error",
    }
)
"""Result keys (``Cleaner.clean_many``'s dicts: ``title``, ``body``, ``text``, ``source``,
``path``, ``rules_version``, ``error``) and the column each is written to. Every value is a
string or missing; ``cleaner_error`` is missing unless the row could not be cleaned, and
then the other columns are missing."""


def clean_columns(
    contents: Sequence[object],
    urls: Sequence[object] | None,
    options: Options | None = None,
    columns: Mapping[str, str] = COLUMNS,
) -> dict[str, list[object]]:
    """Clean a batch of documents into one list per output column, in order. A row that
    cannot be cleaned (missing content, not a document) gets its reason in the ``error``
    column; it never stops the batch."""
    rows = cleaner_for(options).clean_many(
        [_value(c) for c in contents], None if urls is None else [_value(u) for u in urls]
    )
    return {column: [row[key] for row in rows] for key, column in columns.items()}


def clean_frame(
    frame: pd.DataFrame,
    *,
    content: str = "html",
    url: str | None = "url",
    options: Options | None = None,
    columns: Mapping[str, str] = COLUMNS,
) -> pd.DataFrame:
    """``frame`` with the result columns added (or replaced). ``content`` names the column
    of pages (str or bytes), ``url`` the column of their URLs (``None``: no URLs)."""
    urls = frame[url].tolist() if url is not None else None
    cleaned = clean_columns(frame[content].tolist(), urls, options, columns)
    out = frame.copy()
    for column, values in cleaned.items():
        out[column] = pd.Series(values, index=frame.index, dtype=object)
    return out


def _value(value: object) -> object:
    """``None`` for every missing-value marker of pandas and Arrow (``None``, ``NaN``,
    ``pd.NA``, ``NaT``: Dask stores strings as Arrow strings with ``pd.NA``)."""
    return None if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)) else value
