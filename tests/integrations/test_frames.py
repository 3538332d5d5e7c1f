"""Dataframe recipes for real: Dask on a LocalCluster, Spark in local mode, Hugging Face
``datasets.map(num_proc=2)``; each cleans golden pages and must give the goldens."""

from __future__ import annotations

import math
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dask.dataframe as dd
import pandas as pd
import pytest
from datasets import Dataset, load_from_disk
from distributed import Client, LocalCluster

import cleaner
from cleaner import Options, api
from cleaner.integrations.dask import clean_dask
from cleaner.integrations.frames import COLUMNS, clean_frame
from cleaner.integrations.huggingface import CleanBatch

from .pages import golden_pages

RULE = """version = "{version}"
[[rule]]
id = "mine.drop"
kind = "drop"
reason = "test"
pattern = '^{start}'
"""


def pages_frame() -> pd.DataFrame:
    """The golden pages as bytes with their URLs, then a row with no page and a page
    whose URL is missing (NaN, as pandas fills gaps)."""
    pages = golden_pages()
    html: list[object] = [p.html for p in pages]
    urls: list[object] = [p.url for p in pages]
    html += [None, pages[0].html]
    urls += ["https://example.com/none", math.nan]
    return pd.DataFrame({"html": html, "url": urls, "n": range(len(html))})


def check(out: pd.DataFrame) -> None:
    out = out.sort_values("n")
    pages = golden_pages()
    assert out["n"].tolist() == list(range(len(out)))
    assert out["cleaned_text"].tolist()[: len(pages)] == [p.expected for p in pages]
    assert out["cleaned_title"].tolist()[: len(pages)] == [
        p.expected.split("\n", 1)[0] for p in pages
    ]
    assert out["cleaner_source"].tolist()[: len(pages)] == [
        p.url.split("/")[2].removeprefix("www.") for p in pages
    ]
    errors = out["cleaner_error"].tolist()
    assert all(pd.isna(e) for e in errors[: len(pages)])
    if len(out) == len(pages):
        return
    assert errors[len(pages)] == "no content"
    assert pd.isna(errors[-1])
    # No URL: the site is recognised from the page itself, and the text is the same.
    assert out["cleaned_text"].tolist()[-1] == pages[0].expected


def test_pandas_frame() -> None:
    check(clean_frame(pages_frame()))


def test_dask_map_partitions_on_local_cluster() -> None:
    frame = dd.from_pandas(pages_frame(), npartitions=3)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        out = clean_dask(frame).compute()
        # One Cleaner per worker process, however many partitions (3) and rows it cleaned.
        builds = client.run(lambda: api._cached_cleaner.cache_info().misses)
    check(out)
    assert sorted(builds.values()) == [1, 1] or sorted(builds.values()) == [0, 1]


def test_dask_to_parquet_as_the_readme_writes_it(tmp_path: Path) -> None:
    """``clean_dask(dd.read_parquet("pages/")).to_parquet("cleaned/")``: with pandas 3 the
    result columns, ``object`` in the meta, failed ``to_parquet`` (Dask's stand-in value for
    an ``object`` is a bare ``object()``, which Arrow cannot type)."""
    frame = pages_frame()
    frame["html"] = [h.decode("utf-8") if isinstance(h, bytes) else h for h in frame["html"]]
    frame.to_parquet(tmp_path / "pages.parquet")
    pages = dd.read_parquet(str(tmp_path / "pages.parquet"))
    clean_dask(pages).to_parquet(str(tmp_path / "cleaned"), compute_kwargs={"scheduler": "sync"})
    out = pd.read_parquet(tmp_path / "cleaned")
    for column in COLUMNS.values():
        assert pd.api.types.is_string_dtype(out[column]), (column, out[column].dtype)
    check(out)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if shutil.which("java") is None and "JAVA_HOME" not in os.environ:
        pytest.skip("Spark needs Java (a JVM), and none is installed")
    from pyspark.sql import SparkSession

    saved = {k: os.environ.get(k) for k in ("PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON")}
    os.environ["PYSPARK_PYTHON"] = os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[1]")
        .appName("cleaner-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def test_spark_map_in_pandas_local_mode(spark: Any) -> None:
    from cleaner.integrations.spark import clean_spark

    # Spark has no NaN strings: an empty URL is a missing one to the cleaner.
    frame = spark.createDataFrame(pages_frame().assign(url=lambda f: f["url"].fillna("")))
    out = clean_spark(frame).toPandas()
    assert set(out.columns) >= {"html", "url", "n", "cleaned_text", "cleaner_error"}
    check(out)


def test_datasets_map_and_its_cache_fingerprint(tmp_path: Path, monkeypatch: Any) -> None:
    frame = pages_frame().iloc[:4]  # the golden pages
    Dataset.from_pandas(frame).save_to_disk(str(tmp_path / "pages"))
    pages = load_from_disk(str(tmp_path / "pages"))  # on disk: map results are cached

    first = pages.map(CleanBatch(), batched=True, batch_size=2, num_proc=2)
    check(first.to_pandas())
    again = pages.map(CleanBatch(), batched=True, batch_size=2)
    assert again._fingerprint == first._fingerprint  # same cleaner: the cache is reused

    monkeypatch.setattr(cleaner, "__version__", "999.0")
    upgraded = pages.map(CleanBatch(), batched=True, batch_size=2)
    assert upgraded._fingerprint != first._fingerprint
    monkeypatch.undo()

    # A rule file: its version, and its content, are part of the fingerprint.
    # The third line of the kenh14 page is a paragraph the scorer kept (no site rule pins
    # it): a user rule may drop it.
    expected = golden_pages()[2].expected
    line = expected.split("\n")[2]
    rules = tmp_path / "mine.toml"
    rules.write_text(RULE.format(version="1", start=line[:20]), encoding="utf-8")
    mine = pages.map(CleanBatch(options=Options(rule_files=(rules,))), batched=True)
    assert mine["cleaned_text"][2] == expected.replace("\n" + line, "")
    rules.write_text(RULE.format(version="2", start="Không có dòng này"), encoding="utf-8")
    bumped = pages.map(CleanBatch(options=Options(rule_files=(rules,))), batched=True)
    assert bumped._fingerprint != mine._fingerprint
    assert bumped["cleaned_text"][2] == expected  # the new rules, not the cached output
