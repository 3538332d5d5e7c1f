"""Batch runs of the command, in a subprocess: --jobs, --stats, Ctrl-C, the ordered
bounded pool."""

from __future__ import annotations

import itertools
import json
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.cli.pool import IN_FLIGHT_PER_JOB, ordered_map
from cleaner.cli.stats import count_removals
from cleaner.removal import removal_key

from .test_cli import ARTICLE, PAGE, ROOT, SEED, run

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
PAGES = sorted((ROOT / "fixtures").glob("*/*.html"))


def _corpus(path: Path, copies: int = 1) -> list[dict[str, object]]:
    """Every seed and fixture page as records, plus records that fail in different ways."""
    records: list[dict[str, object]] = []
    for i, file in enumerate([*SEEDS, *PAGES] * copies):
        field = "html" if file.suffix == ".html" else "text"
        records.append({"id": i, field: file.read_text("utf-8", "replace")})
    records.insert(3, {"id": "no-field", "body": "x"})
    records.insert(7, {"id": "not-a-string", "text": 12})
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(5, "{broken")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return records


def test_jobs_2_output_identical_to_jobs_1(tmp_path: Path) -> None:
    _corpus(tmp_path / "c.jsonl")
    docs = tmp_path / "docs"
    docs.mkdir()
    for file in [*SEEDS, *PAGES[:6]]:
        (docs / f"{file.parent.name}-{file.name}").write_bytes(file.read_bytes())
    (docs / "bad.txt").write_bytes(b"\x00\x01\x02\x03 binary")
    outputs = {}
    for jobs in ("1", "2"):
        one = run(tmp_path, "c.jsonl", "-o", f"c{jobs}.jsonl", "--jobs", jobs)
        assert one.returncode == 1  # the three bad records
        assert one.stderr.count("cleaner: c.jsonl:") == 3
        tree = run(tmp_path, "docs", "-o", f"d{jobs}", "--jobs", jobs, "--explain")
        assert tree.returncode == 1 and "docs/bad.txt" in tree.stderr
        stdout = run(tmp_path, "docs", "c.jsonl", "--format", "jsonl", "--jobs", jobs)
        outputs[jobs] = (
            (tmp_path / f"c{jobs}.jsonl").read_bytes(),
            {p.name: p.read_bytes() for p in sorted((tmp_path / f"d{jobs}").iterdir())},
            stdout.stdout,
            one.stderr,
            tree.stderr,
        )
    assert outputs["1"] == outputs["2"]
    lines = outputs["1"][0].decode("utf-8").splitlines()
    ids = [json.loads(line).get("id") for line in lines]
    assert ids[:4] == [0, 1, 2, "no-field"]  # input order, failures in place
    assert len(outputs["1"][1]) == len(SEEDS) + 6  # every good document, not bad.txt


def test_stats_counts_removals_by_rule_with_reason(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SEED.read_text("utf-8"), encoding="utf-8")
    (tmp_path / "b.html").write_text(PAGE, encoding="utf-8")
    proc = run(tmp_path, "a.txt", "b.html", "-o", "out", "--stats", "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    cleaner = Cleaner()
    expected: Counter[str] = Counter()
    for path in ("a.txt", "b.html"):
        result = cleaner.clean((tmp_path / path).read_bytes())
        for key, (blocks, _) in count_removals(result).items():
            expected[str(key)] += blocks
    assert expected, "the seed has chrome to remove"
    table = proc.stderr.splitlines()
    assert table[0] == "cleaner: removals in 2 document(s), by rule or stage"
    got = {}
    for line in table[2:]:
        blocks, _chars, key, *reason = line.split(maxsplit=3)
        got[key] = int(blocks)
        if "." in key:  # a rule id: its reason from the rule file, with file@version
            assert reason and "@" in reason[0], line
    assert got == dict(expected)
    counts = [int(line.split()[0]) for line in table[2:]]
    assert counts == sorted(counts, reverse=True)


def test_removal_keys_name_rules_and_stages() -> None:
    result = Cleaner().clean(PAGE)
    keys = {str(removal_key(b)) for b in result.dropped}
    assert "chrome:related" in keys  # the related box of PAGE, by chrome category


def _interrupt(tmp_path: Path, jobs: str) -> subprocess.CompletedProcess[bytes]:
    """Start a long run, wait until its temporary output exists, press Ctrl-C."""
    records = [json.dumps({"html": p.read_text("utf-8", "replace")}) for p in PAGES]
    lines = list(itertools.islice(itertools.cycle(records), 3000))
    (tmp_path / "big.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    env_cmd = [sys.executable, "-m", "cleaner", "big.jsonl", "-o", "out.jsonl", "--jobs", jobs]
    proc = subprocess.Popen(
        env_cmd,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".out.jsonl.*.tmp")):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_leaves_no_partial_files_and_exits_130(tmp_path: Path, jobs: str) -> None:
    done = _interrupt(tmp_path, jobs)
    assert done.returncode == 130, done.stderr
    assert done.stderr.decode().strip().endswith("cleaner: interrupted")
    assert b"Traceback" not in done.stderr  # workers ignore SIGINT, no noise
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl"]


def _slow_square(x: int) -> int:
    return x * x


def test_pool_keeps_order_and_a_bounded_window() -> None:
    pulled = 0

    def tasks() -> object:
        nonlocal pulled
        for i in range(200):
            pulled += 1
            yield i

    ahead = []
    results = []
    for r in ordered_map(_slow_square, tasks(), jobs=2):  # type: ignore[arg-type]
        results.append(r)
        ahead.append(pulled - len(results))
    assert results == [i * i for i in range(200)]
    assert max(ahead) <= 2 * IN_FLIGHT_PER_JOB


def test_jobs_must_be_positive(tmp_path: Path) -> None:
    for bad in ("0", "-1", "x"):
        proc = run(tmp_path, "--jobs", bad, "-", stdin=ARTICLE.encode())
        assert proc.returncode == 2 and "--jobs" in proc.stderr
