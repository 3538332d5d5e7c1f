"""The README is the user's manual: what it names must exist and what it shows must run.

Each check here was a README defect a new user met: a Scrapy setting that no code read
(``CLEANER_HTML_FIELD``), a docstring sending readers to a file that does not exist
(``docs/limits.md``), Dask and datatrove blocks that fail when run as a script.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from cleaner.cli.args import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")

pytestmark = pytest.mark.skipif(
    not (ROOT / "cleaner" / "integrations" / "scrapy.py").is_file(),
    reason="needs the source tree beside the tests",
)


def section(start: str, end: str) -> str:
    return README[README.index(start) : README.index(end)]


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)


def test_every_python_block_parses() -> None:
    blocks = python_blocks()
    assert len(blocks) >= 6
    for block in blocks:
        ast.parse(block)


PROCESS_POOLS = frozenset({"LocalCluster", "LocalPipelineExecutor"})
"""Calls that start worker processes which import the main script (spawn): at a script's
top level each worker starts the pool again and fails ("An attempt has been made to start
a new process before the current process has finished its bootstrapping phase")."""


def _is_main_guard(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Compare)
        and isinstance(node.test.left, ast.Name)
        and node.test.left.id == "__name__"
        and any(
            isinstance(c, ast.Constant) and c.value == "__main__" for c in node.test.comparators
        )
    )


def _unguarded_pools(node: ast.AST, guarded: bool = False) -> list[str]:
    found = []
    if isinstance(node, ast.Call) and not guarded:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name in PROCESS_POOLS:
            found.append(name)
    for child in ast.iter_child_nodes(node):
        found += _unguarded_pools(child, guarded or _is_main_guard(node))
    return found


def test_blocks_that_start_worker_processes_guard_them_with_main() -> None:
    pools = 0
    for block in python_blocks():
        tree = ast.parse(block)
        pools += sum(
            1
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and getattr(n.func, "id", None) in PROCESS_POOLS
        )
        assert _unguarded_pools(tree) == [], block
    assert pools == 2  # datatrove's LocalPipelineExecutor, Dask's LocalCluster


def test_every_command_line_option_the_readme_uses_exists() -> None:
    text = section("## Command line", "## Rules")
    used = set(re.findall(r"(?<![\w=-])(--?[a-z][a-z-]*)", text)) - {"-m"}  # python -m
    known = {s for action in build_parser()._actions for s in action.option_strings}
    assert used, "no option found: the section moved?"
    assert sorted(used - known) == []


def test_every_scrapy_setting_the_readme_names_is_read() -> None:
    text = section("### Scrapy", "### datatrove")
    named = set(re.findall(r"CLEANER_[A-Z_]+", text))
    code = (ROOT / "cleaner" / "integrations" / "scrapy.py").read_text(encoding="utf-8")
    assert len(named) >= 8
    assert sorted(n for n in named if f'"{n}"' not in code) == []


def test_every_file_the_readme_links_exists() -> None:
    links = set(re.findall(r"\]\(([^)#\s]+)\)", README))
    assert links
    assert sorted(link for link in links if not (ROOT / link).exists()) == []


def test_every_doc_a_docstring_names_exists() -> None:
    missing = []
    for path in sorted((ROOT / "cleaner").rglob("*.py")):
        for name in re.findall(r"docs/[\w-]+\.md", path.read_text(encoding="utf-8")):
            if not (ROOT / name).is_file():
                missing.append(f"{path.relative_to(ROOT)}: {name}")
    assert missing == []


def test_help_of_result_names_every_field_and_property() -> None:
    """``help(Result)`` showed only "What clean returns.": attribute docstrings are not
    kept at run time, so the class docstring lists what a user reads from a result."""
    import dataclasses

    from cleaner import Result

    doc = Result.__doc__ or ""
    fields = [f.name for f in dataclasses.fields(Result)]
    properties = [n for n, v in vars(Result).items() if isinstance(v, property)]
    assert properties
    assert [n for n in fields + properties if f"``{n}``" not in doc] == []
    assert [n for n in properties if not getattr(Result, n).__doc__] == []
