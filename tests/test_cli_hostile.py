"""The command in hostile environments (issue 9): odd records, odd file names, closed or
full standard streams, signals, unreadable folders, symbolic links, devices and FIFOs.
Each runs the real command in a subprocess; none may crash, lose a record or hang."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner import CleanerError, clean

from .test_cli import ARTICLE, PAGE, ROOT, run, temp_files

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _cleaner(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    """The command with raw bytes in and out, and the given standard streams."""
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "cleaner", "--no-progress", *map(str, args)],
        env=ENV,
        timeout=60,
        check=False,
        **kwargs,
    )


def _records(path: Path, *extra: dict[str, object]) -> list[dict[str, object]]:
    records: list[dict[str, object]] = [{"id": 0, "html": PAGE}, *extra, {"id": 9, "text": ARTICLE}]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return records


# --- records ------------------------------------------------------------------------------

BAD_STRINGS = ['"\\ud800"', '"a\\udfffb"', '"\\ud83d"']


@pytest.mark.parametrize("where", ["stdout", "file"])
@pytest.mark.parametrize("bad", BAD_STRINGS)
def test_lone_surrogates_in_jsonl_lose_no_record(tmp_path: Path, where: str, bad: str) -> None:
    lines = [
        json.dumps({"id": 0, "html": PAGE}),
        '{"id": 1, "html": "<p>x ' + bad[1:-1] + ' y</p>", "note": ' + bad + "}",
        '{"id": 2, "text": ' + bad + ', "title": ' + bad + "}",
        json.dumps({"id": 3, "text": ARTICLE}),
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = [source] if where == "stdout" else [source, "-o", tmp_path / "out.jsonl"]
    done = _cleaner(*args, capture_output=True)
    assert b"Traceback" not in done.stderr
    out = done.stdout if where == "stdout" else (tmp_path / "out.jsonl").read_bytes()
    got = [json.loads(line) for line in out.decode("utf-8").splitlines()]  # strict UTF-8
    assert [r["id"] for r in got] == [0, 1, 2, 3]
    assert json.loads(bad) == got[1]["note"]  # passed through as it came


def test_jsonl_numbers_come_out_as_strict_json(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"html": "<p>x</p>", "a": 1e400, "b": NaN, "c": -Infinity, "d": 2.5}\n', "utf-8"
    )
    done = run(tmp_path, source)

    def refuse(constant: str) -> None:
        raise ValueError(constant)

    record = json.loads(done.stdout, parse_constant=refuse)
    assert (record["a"], record["b"], record["c"], record["d"]) == (
        "1e400",
        "NaN",
        "-Infinity",
        2.5,
    )


def test_null_fields_and_stale_results_on_a_rerun(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"html": None, "maintext": ARTICLE, "cleaner_error": "old"}) + "\n", "utf-8"
    )
    first = json.loads(run(tmp_path, source).stdout)
    assert "cleaned" in first and "cleaner_error" not in first
    again = tmp_path / "again.jsonl"
    again.write_text(json.dumps({**first, "maintext": None}) + "\n", "utf-8")
    second = json.loads(run(tmp_path, again).stdout)
    assert "cleaner_error" in second and "cleaned" not in second


# --- file names ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "text", "json"])
def test_file_names_that_are_not_utf8(tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "b.html").write_text(PAGE, encoding="utf-8")
    name = os.fsdecode(b"a\xff\xfe.html")
    (folder / name).write_text(PAGE, encoding="utf-8")
    args: list[str | Path] = [folder, "--format", fmt]
    if fmt == "json":
        args += ["-o", tmp_path / "out"]
    done = _cleaner(*args, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert b"internal error" not in done.stderr and b"Traceback" not in done.stderr
    if fmt == "jsonl":
        paths = [json.loads(line)["path"] for line in done.stdout.decode().splitlines()]
        assert os.fsencode(paths[0]).endswith(b"a\xff\xfe.html")
    elif fmt == "text":
        assert b"==> " + os.fsencode(str(folder)) + b"/a\xff\xfe.html <==" in done.stdout
    else:
        assert (tmp_path / "out" / name).exists()


@pytest.mark.parametrize("how", ["report", "html-to-folder"])
def test_review_pages_of_file_names_that_are_not_utf8(tmp_path: Path, how: str) -> None:
    """--report and --format html under -o stopped the run with a UnicodeEncodeError
    traceback: the name, kept as surrogates, went into a page encoded as UTF-8."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "b.html").write_text(PAGE, encoding="utf-8")
    (folder / os.fsdecode(b"a\xff\xfe.html")).write_text(PAGE, encoding="utf-8")
    extra = ["--report", "rep"] if how == "report" else ["--format", "html"]
    done = _cleaner(folder, "-o", tmp_path / "out", *extra, capture_output=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    pages = tmp_path / ("rep" if how == "report" else "out")
    assert sorted(os.fsencode(p.name) for p in pages.iterdir() if p.name != "index.html") == [
        b"a\xff\xfe.html.html",
        b"b.html.html",
    ]
    if how == "report":
        index = (pages / "index.html").read_text("utf-8")
        assert 'href="a%FF%FE.html.html"' in index and "a\\udcff\\udcfe.html" in index


def test_review_pages_of_a_record_whose_url_holds_a_lone_surrogate(tmp_path: Path) -> None:
    """A JSONL record's URL with a lone surrogate (JSON allows it) went into a review page
    encoded as UTF-8: a UnicodeEncodeError traceback stopped the run (the names' fix had
    been made for names alone; every string now goes through ``markup.encodable``)."""
    source = tmp_path / "in.jsonl"
    record = '{"url": "https://x.vn/a\\ud800b", "text": ' + json.dumps(ARTICLE) + "}\n"
    source.write_text(record)
    done = _cleaner(source, "-o", tmp_path / "out.jsonl", "--report", tmp_path / "rep",
                    capture_output=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    pages = [p for p in (tmp_path / "rep").rglob("*.html") if p.name != "index.html"]
    assert len(pages) == 1 and "https://x.vn/a\\ud800b" in pages[0].read_text("utf-8")


@pytest.mark.parametrize("option", ["-o", "--report"])
def test_an_output_that_is_a_loop_of_symbolic_links_is_a_usage_error(
    tmp_path: Path, option: str
) -> None:
    """It was a RuntimeError traceback from pathlib."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    done = _cleaner(tmp_path / "a.txt", option, tmp_path / "loop1", capture_output=True)
    assert b"Traceback" not in done.stderr
    assert done.returncode == 2 and b"loop of symbolic links" in done.stderr


# --- standard streams ---------------------------------------------------------------------


def _close(fd: int) -> None:
    os.close(fd)


def test_closed_stderr_still_cleans_everything(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    done = _cleaner(
        tmp_path, "-o", tmp_path / "out", stdout=subprocess.PIPE, preexec_fn=lambda: _close(2)
    )
    assert done.returncode == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.html", "b.txt"]


def test_closed_stdout_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    done = _cleaner(tmp_path / "a.html", stderr=subprocess.PIPE, preexec_fn=lambda: _close(1))
    assert done.returncode == 1
    assert done.stderr.startswith(b"cleaner: standard output:"), done.stderr
    # ...while results written to -o do not need it
    ok = _cleaner(tmp_path / "a.html", "-o", tmp_path / "a.txt", preexec_fn=lambda: _close(1))
    assert ok.returncode == 0 and (tmp_path / "a.txt").read_text("utf-8")


def test_closed_stdin(tmp_path: Path) -> None:
    done = _cleaner(stderr=subprocess.PIPE, preexec_fn=lambda: _close(0))
    assert done.returncode == 2
    assert b"standard input is closed" in done.stderr
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    assert _cleaner(tmp_path / "a.html", capture_output=False, stdout=subprocess.DEVNULL,
                    preexec_fn=lambda: _close(0)).returncode == 0  # fmt: skip


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["jsonl", "text"])
def test_stdout_on_a_full_disk(tmp_path: Path, fmt: str) -> None:
    source = tmp_path / "in.jsonl"
    _records(source)
    with open("/dev/full", "wb") as full:
        done = _cleaner(source, "--format", fmt, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 1
    assert b"No space left on device" in done.stderr
    assert b"Traceback" not in done.stderr


def test_dash_o_dash_is_stdout(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    done = run(tmp_path, "a.html", "-o", "-")
    assert done.returncode == 0 and done.stdout.strip()
    assert not (tmp_path / "-").exists()


# --- signals ------------------------------------------------------------------------------


def test_sigterm_leaves_no_temporary_file(tmp_path: Path) -> None:
    source = tmp_path / "big.jsonl"
    source.write_text(
        json.dumps({"html": PAGE}) + "\n" * 1 + (json.dumps({"html": PAGE}) + "\n") * 4000
    )
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cleaner",
            "--no-progress",
            "--jobs",
            "1",
            source,
            "-o",
            out / "o.jsonl",
        ],
        env=ENV,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while not temp_files(out) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)  # until the output is being written
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143, err
    assert b"terminated" in err
    assert list(out.iterdir()) == []  # no .tmp, no partial output


# --- what is read -------------------------------------------------------------------------


def test_unreadable_folder_is_named_and_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cleaner.cli import main

    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.html").write_text(PAGE, encoding="utf-8")
    real = os.scandir

    def scandir(path: object = ".") -> object:  # root ignores modes: refuse it here
        if Path(os.fsdecode(path)).name == "locked":  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fsdecode(path))  # type: ignore[arg-type]
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.chdir(tmp_path)
    code = main([".", "-o", str(tmp_path / "out"), "--no-progress"])
    assert code == 1
    assert (tmp_path / "out" / "a.html").exists()


def test_symlinks_leaving_the_input_tree_are_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET " + ARTICLE, encoding="utf-8")
    tree = tmp_path / "tree"
    (tree / "inner").mkdir(parents=True)
    (tree / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tree / "leak.txt").symlink_to(secret)
    (tree / "inner" / "ok.txt").symlink_to(tree / "a.txt")  # stays inside: read
    (tree / "elsewhere").symlink_to(tmp_path, target_is_directory=True)  # a folder: not entered
    done = run(tmp_path, tree, "--format", "jsonl")
    assert done.returncode == 0
    paths = sorted(json.loads(line)["path"] for line in done.stdout.splitlines())
    assert paths == [f"{tree}/a.txt", f"{tree}/inner/ok.txt"]
    assert "SECRET" not in done.stdout
    assert "leak.txt" in done.stderr and "elsewhere" in done.stderr


def test_symlink_loops_in_the_input_tree_are_named_and_skipped(tmp_path: Path) -> None:
    """A loop of links (to files or to folders) was a RuntimeError traceback from pathlib
    before anything was cleaned; now each is named and the rest of the tree is cleaned."""
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tree / "loop1.txt").symlink_to(tree / "loop2.txt")
    (tree / "loop2.txt").symlink_to(tree / "loop1.txt")
    (tree / "dir1").symlink_to(tree / "dir2", target_is_directory=True)
    (tree / "dir2").symlink_to(tree / "dir1", target_is_directory=True)
    for output in ([], ["-o", str(tmp_path / "out")]):
        done = run(tmp_path, tree, "--format", "jsonl", *output)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        assert "loop1.txt" in done.stderr and "loop2.txt" in done.stderr
    paths = [
        json.loads(line)["path"]
        for line in run(tmp_path, tree, "--format", "jsonl").stdout.splitlines()
    ]
    assert paths == [f"{tree}/a.txt"]


def test_output_never_escapes_the_output_folder(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "sub").symlink_to(outside, target_is_directory=True)
    done = run(tmp_path, "in", "-o", "out")
    assert done.returncode == 2
    assert "leads out of it" in done.stderr
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_read_up_to_the_limit_only(tmp_path: Path, device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    done = _cleaner(device, capture_output=True)
    assert done.returncode == 1
    assert b"MAX_INPUT_BYTES" in done.stderr


def test_a_fifo_is_read_up_to_the_limit_only(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    writer = subprocess.Popen(
        ["sh", "-c", f"exec head -c 80000000 /dev/zero > '{fifo}'"], stderr=subprocess.DEVNULL
    )
    try:
        done = _cleaner(fifo, capture_output=True)
    finally:
        writer.kill()
        writer.wait()
    assert done.returncode == 1
    assert b"MAX_INPUT_BYTES" in done.stderr


def test_an_endless_jsonl_line_is_never_held(tmp_path: Path) -> None:
    """One line longer than the limit fails alone; the records after it are cleaned."""
    source = tmp_path / "in.jsonl"
    with source.open("wb") as handle:
        handle.write(json.dumps({"id": 0, "text": ARTICLE}).encode() + b"\n")
        handle.write(b'{"text": "' + b"a" * (3 * 1024 * 1024) + b'"}\n')
        handle.write(json.dumps({"id": 2, "text": ARTICLE}).encode() + b"\n")
    from cleaner.cli.run import _lines

    with source.open("rb") as handle:
        lines = list(_lines(handle, 1024 * 1024))
    assert lines[1] is None and lines[0] and lines[2]  # type: ignore[truthy-bool]


# --- the API's argument types ---------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [{"url": b"https://x.vn/a"}, {"url": 123}, {"source": 123}, {"source": b"x"}, {"url": ["a"]}],
)
def test_wrong_argument_types_are_cleaner_errors(kwargs: dict[str, object]) -> None:
    with pytest.raises(CleanerError, match="must be a string"):
        clean(ARTICLE, **kwargs)  # type: ignore[arg-type]


def test_missing_values_from_dataframes_mean_none() -> None:
    assert clean(ARTICLE, url=float("nan"), source=None).text  # type: ignore[arg-type]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_stderr_has_one_line_per_failure_whatever_the_fallback_logs(
    tmp_path: Path, jobs: str
) -> None:
    """Records the DOM pass finds no body in go to trafilatura's fallback, which logs
    errors of its own (``empty HTML tree``, ``discarding data``): they were lines on
    stderr (``-q`` too) for records that did not fail. Now shown from ``-v`` on."""
    source = tmp_path / "in.jsonl"
    _records(source, {"id": 1, "html": "<html><body></body></html>"}, {"id": 2, "html": 5})
    for quiet in ([], ["-q"]):
        done = _cleaner(source, "-j", jobs, *quiet, capture_output=True)
        assert done.returncode == 1
        assert done.stderr.decode().splitlines() == [
            f"cleaner: {source}:3: field 'html' is not a string"
        ]
        assert len(done.stdout.splitlines()) == 4
    verbose = _cleaner(source, "-j", jobs, "-v", capture_output=True)
    assert b"trafilatura" in verbose.stderr


def test_stdin_over_the_size_limit_names_the_limit(tmp_path: Path) -> None:
    """As a file over it does (it was 'input is over the 67108864 bytes limit')."""
    done = _cleaner("-", input=b"a" * (64 * 1024 * 1024 + 1), capture_output=True)
    assert done.returncode == 1
    assert done.stderr.decode() == (
        "cleaner: <stdin>: input has 67,108,865 bytes (at least), over the MAX_INPUT_BYTES "
        "limit of 67,108,864 by 1\n"
    )
