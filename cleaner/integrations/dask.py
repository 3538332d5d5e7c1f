"""Dask: clean a dataframe's pages partition by partition.

::

    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster
    from cleaner.integrations.dask import clean_dask

    client = Client(LocalCluster(n_workers=8, threads_per_worker=1))
    pages = dd.read_parquet("pages/")                  # columns html, url
    clean_dask(pages).to_parquet("cleaned/")

Each worker process builds its Cleaner once (on its first partition) and reuses it.
Cleaning is CPU-bound Python: give workers one thread each and use processes for cores.
"""

from __future__ import annotations

from collections.abc import Mapping

import dask.dataframe as dd

from ..api import Options
from .frames import COLUMNS, clean_frame


def clean_dask(
    frame: dd.DataFrame,
    *,
    content: str = "html",
    url: str | None = "url",
    options: Options | None = None,
    columns: Mapping[str, str] = COLUMNS,
) -> dd.DataFrame:
    """``frame`` with the result columns of :data:`~cleaner.integrations.frames.COLUMNS`
    added, computed lazily with ``map_partitions``."""
    kwargs = {"content": content, "url": url, "options": options, "columns": dict(columns)}
    meta = clean_frame(frame._meta, **kwargs)  # type: ignore[arg-type]  # empty: no cleaning
    cleaned: dd.DataFrame = frame.map_partitions(  # type: ignore[no-untyped-call]
        clean_frame, **kwargs, meta=meta
    )
    return cleaned
