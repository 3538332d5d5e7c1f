"""Checks run by ``.ci/wheel-check`` against the package installed from its wheel.

They are skipped in the editable development install, where the source tree is the
package and missing package data could not be seen.
"""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path

import pytest

import cleaner

SOURCE_TREE = os.environ.get("CLEANER_SOURCE_TREE")

pytestmark = pytest.mark.skipif(
    os.environ.get("CLEANER_TEST_INSTALLED") != "1" or not SOURCE_TREE,
    reason="run by .ci/wheel-check against the installed wheel",
)

DATA_FOLDERS = ("data", "rules")


def test_the_installed_package_is_not_the_source_tree() -> None:
    assert SOURCE_TREE is not None
    installed = Path(cleaner.__file__).resolve().parent
    assert Path(SOURCE_TREE).resolve() not in installed.parents
    assert "site-packages" in installed.parts


@pytest.mark.parametrize("folder", DATA_FOLDERS)
def test_every_data_file_of_the_source_tree_is_installed(folder: str) -> None:
    assert SOURCE_TREE is not None
    source = Path(SOURCE_TREE) / "cleaner" / folder
    want = sorted(p.name for p in source.iterdir() if p.is_file() and p.suffix != ".py")
    assert want, f"no data files found in {source}"
    installed = importlib.resources.files("cleaner") / folder
    have = sorted(p.name for p in installed.iterdir() if p.is_file() and p.suffix != ".py")
    assert have == want


def test_py_typed_is_installed() -> None:
    assert (importlib.resources.files("cleaner") / "py.typed").is_file()


def test_the_license_the_metadata_names_is_installed() -> None:
    """``license = "MIT"`` in pyproject.toml; the text itself travels in the wheel's
    metadata (PEP 639's ``License-File``)."""
    from importlib.metadata import distribution

    dist = distribution("cleaner")
    assert dist.metadata["License-Expression"] == "MIT"
    assert "LICENSE" in dist.metadata.get_all("License-File", [])
    files = [f for f in dist.files or [] if f.name == "LICENSE"]
    assert files and "Permission is hereby granted" in files[0].read_text()


def test_cleaning_reads_the_installed_data() -> None:
    # Every data file is read on the first page: shapes, stoplists, rule files.
    from cleaner import clean

    result = clean("Tiêu đề bài viết khá dài ở đây\nĐoạn văn đầu tiên của bài báo này.")
    assert result.rules_version.startswith("global@")


def test_the_compiled_twins_are_installed_and_in_use() -> None:
    """Where the wheel check found a C compiler, the extension must be in the wheel."""
    if not os.environ.get("CLEANER_EXPECT_COMPILED"):
        pytest.skip("built without a C compiler: the wheel is pure Python by design")
    from cleaner import language, native

    assert native.ENABLED
    assert native.compiled is not None
    assert "site-packages" in Path(native.compiled.__file__ or "").parts
    assert language.read is language.read_native
    assert native.DOM_ENABLED
    assert native.dom is not None
    assert "site-packages" in Path(native.dom.__file__ or "").parts


def test_the_pure_install_runs_the_python_twins() -> None:
    """``.ci/wheel-check`` installs the sdist again with ``CC=false``: the build of the
    extensions fails, the install goes on, and the package runs on its Python twins."""
    if not os.environ.get("CLEANER_EXPECT_PURE"):
        pytest.skip("the compiled install: the sdist without a compiler is checked after it")
    from cleaner import native

    assert not native.ENABLED
    assert not native.DOM_ENABLED
    package = Path(cleaner.__file__).resolve().parent
    assert sorted(p.name for p in package.glob("_c*.so")) == []


SDIST = os.environ.get("CLEANER_SDIST")
SDIST_SOURCE = os.environ.get("CLEANER_SDIST_SOURCE")


def _sdist_names() -> list[str]:
    import tarfile

    assert SDIST is not None
    with tarfile.open(SDIST) as tar:
        names = [m.name for m in tar.getmembers() if m.isfile()]
    root = names[0].split("/", 1)[0]
    return sorted(n.removeprefix(root + "/") for n in names)


@pytest.mark.skipif(
    not SDIST or not SDIST_SOURCE,
    reason="needs CLEANER_SDIST: .ci/wheel-check checks the sdist once, with the compiled install",
)
def test_the_sdist_holds_the_whole_package_and_no_partial_test_suite() -> None:
    """Every file git tracks under ``cleaner/`` (the C sources and headers the build
    needs, the data), the docs the README links, and no ``tests/``: setuptools added
    ``tests/test_*.py`` alone, without the conftest, helpers and fixtures they import."""
    assert SDIST_SOURCE is not None
    names = _sdist_names()
    source = Path(SDIST_SOURCE)
    tracked = sorted(
        p.relative_to(source).as_posix() for p in (source / "cleaner").rglob("*") if p.is_file()
    )
    assert [t for t in tracked if t not in names] == []
    assert [n for n in names if n.startswith("tests/")] == []
    docs = sorted(p.relative_to(source).as_posix() for p in (source / "docs").glob("*.md"))
    assert docs and [d for d in docs if d not in names] == []
    for name in ("README.md", "LICENSE", "pyproject.toml", "setup.py"):
        assert name in names
