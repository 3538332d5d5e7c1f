"""The README's library calls type-check under ``mypy --strict`` against the package's own
hints (``py.typed``): what a user's type checker sees, not only what runs."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None, reason="mypy is not installed (the test extra)"
)

USER_CODE = """
from dataclasses import replace
from pathlib import Path

from cleaner import Block, Cleaner, CleanerError, LimitExceeded, Options, Result, clean
from cleaner.io.records import clean_record
from cleaner.report import render_page


def user(page: str, html_bytes: bytes, url: str, pages: list[str], urls: list[str]) -> str:
    r: Result = clean(page)
    r = clean(page, url="https://vnexpress.net/x.html", kind="html")
    r = clean(html_bytes, url=url, encoding="iso-8859-1")
    text: str = r.text
    title: str | None = r.title
    blocks: tuple[Block, ...] = r.blocks
    reasons = [b.reason for b in blocks if not b.kept]
    row: dict[str, object] = r.to_dict(blocks=True)
    cleaner = Cleaner(Options(rule_files=["my-site.toml"]))     # a list, as the README writes
    mine = Cleaner(Options(rule_files=[Path("a.toml"), "b.toml"]))
    generic = Cleaner(Options(source_rules=False))
    one_out = Cleaner(Options(disabled_sources={"dantri.com.vn"}))
    more = Cleaner(rule_files=["my-site.toml"])
    looser = replace(Options(), rule_files=("x.toml",))
    rows: list[dict[str, object]] = cleaner.clean_many(pages, urls)
    outcome = clean_record(cleaner, {"html": page, "url": url})
    try:
        clean(html_bytes)
    except LimitExceeded as exc:
        limit: str = exc.limit
        maximum: int = exc.maximum
    except CleanerError as exc:
        where: str | None = exc.path
    del mine, generic, one_out, more, looser, rows, row, title, reasons, outcome
    return text + render_page(r, name="page.html", url=url)
"""


def test_the_readme_library_calls_type_check_strict(tmp_path: Path) -> None:
    """``Options(rule_files=["my-site.toml"])`` (the README's own line) was a mypy error:
    the field was annotated ``tuple[...]`` though a list was accepted at run time."""
    user = tmp_path / "user_code.py"
    user.write_text(textwrap.dedent(USER_CODE), encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-warn-unused-ignores",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(user),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
