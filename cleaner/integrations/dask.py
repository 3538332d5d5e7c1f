"""Dask: clean a dataframe's pages partition by partition.

::

    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster
    from cleaner.integrations.dask import clean_dask

    if __name__ == "__main__":  # LocalCluster starts processes, which import this script
        client = Client(LocalCluster(n_workers=8, threads_per_worker=1))
        pages = dd.read_parquet("pages/")                  # columns html, url
        clean_dask(pages).to_parquet("cleaned/")

Each worker process builds its Cleaner once (on its first partition) and reuses it.
Cleaning is CPU-bound Python: give workers one thread each and use processes for cores.
"""

from __future__ import annotations

from collections.abc import Mapping

import dask.dataframe as dd
import pandas as pd

from ..api import Options
from .frames import COLUMNS, clean_frame

STRING = pd.StringDtype("pyarrow")
"""The dtype of the result columns: Dask's own for strings (``string[pyarrow]``, missing
values ``pd.NA``). An ``object`` column would not do: with pandas 3, Dask stands for an
``object`` value of the (empty) meta with a bare ``object()``, which ``to_parquet`` cannot
give an Arrow type (``ArrowInvalid``), so ``clean_dask(pages).to_parquet(...)`` failed."""


def clean_dask(
    frame: dd.DataFrame,
    *,
    content: str = "html",
    url: str | None = "url",
    options: Options | None = None,
    columns: Mapping[str, str] = COLUMNS,
) -> dd.DataFrame:
    """``frame`` with the result columns of :data:`~cleaner.integrations.frames.COLUMNS`
    added as strings (:data:`STRING`), computed lazily with ``map_partitions``."""
    kwargs = {"content": content, "url": url, "options": options, "columns": dict(columns)}
    meta = clean_partition(frame._meta, **kwargs)  # type: ignore[arg-type]  # empty: no cleaning
    cleaned: dd.DataFrame = frame.map_partitions(  # type: ignore[no-untyped-call]
        clean_partition, **kwargs, meta=meta
    )
    return cleaned


def clean_partition(
    frame: pd.DataFrame,
    *,
    content: str = "html",
    url: str | None = "url",
    options: Options | None = None,
    columns: Mapping[str, str] = COLUMNS,
) -> pd.DataFrame:
    """One partition: :func:`~cleaner.integrations.frames.clean_frame`, with the result
    columns as :data:`STRING`."""
    out = clean_frame(frame, content=content, url=url, options=options, columns=columns)
    return out.astype(dict.fromkeys(columns.values(), STRING))
