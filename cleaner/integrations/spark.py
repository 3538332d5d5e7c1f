"""Spark: clean a DataFrame's pages with ``mapInPandas``.

::

    from pyspark.sql import SparkSession
    from cleaner.integrations.spark import clean_spark

    spark = SparkSession.builder.getOrCreate()
    pages = spark.read.parquet("pages/")               # columns html, url
    clean_spark(pages).write.parquet("cleaned/")

Every executor needs ``pip install cleaner`` in the Python that ``PYSPARK_PYTHON`` names.
Each Python worker builds its Cleaner once and reuses it for every batch (Spark reuses
Python workers by default: ``spark.python.worker.reuse``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import pandas as pd
from pyspark.sql import DataFrame
from pyspark.sql.types import StringType, StructField, StructType

from ..api import Options
from .frames import COLUMNS, clean_frame


def clean_spark(
    frame: DataFrame,
    *,
    content: str = "html",
    url: str | None = "url",
    options: Options | None = None,
    columns: Mapping[str, str] = COLUMNS,
) -> DataFrame:
    """``frame`` with the result columns added (strings, null when missing)."""
    added = [StructField(name, StringType(), nullable=True) for name in columns.values()]
    kept = [f for f in frame.schema.fields if f.name not in columns.values()]
    schema = StructType([*kept, *added])
    return frame.mapInPandas(batches(content, url, options, dict(columns)), schema)


def batches(
    content: str, url: str | None, options: Options | None, columns: Mapping[str, str]
) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """The function ``mapInPandas`` runs in each Python worker."""

    def clean_batches(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for frame in frames:
            yield clean_frame(frame, content=content, url=url, options=options, columns=columns)

    return clean_batches
