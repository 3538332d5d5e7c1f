"""The ``cleaner`` command, run for real in a subprocess (``python -m cleaner``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "002_ac7a98fc256f98a1.txt"
HEADLINE = "Bộ trưởng Quốc phòng Nga điện đàm liên tục với các nước NATO"

ARTICLE = (
    "Giá lúa gạo tăng mạnh trong tuần qua\n\n"
    "img\n\n"
    "Giá lúa tại các tỉnh Đồng bằng sông Cửu Long tiếp tục tăng trong tuần qua, "
    "nhiều thương lái cho biết nguồn cung đang khan hiếm so với cùng kỳ năm ngoái.\n\n"
    "Theo các doanh nghiệp xuất khẩu, đơn hàng từ thị trường châu Á vẫn ổn định và "
    "dự kiến sẽ còn tăng trong những tháng cuối năm.\n"
)

RELATED = "Hà Nội đề xuất thêm ba tuyến metro mới cho giai đoạn sau"
PAGE = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>Tin tức</title></head><body>
<div class="header"><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a></div>
<article>
<h1>Hà Nội khởi công tuyến đường sắt đô thị mới</h1>
<p>Sáng nay, thành phố Hà Nội đã chính thức khởi công xây dựng tuyến đường sắt đô thị số 5,
nối trung tâm với khu vực phía tây của thủ đô.</p>
<p>Theo ban quản lý dự án, tuyến đường dài gần 40 km, với tổng vốn đầu tư dự kiến hơn
65.000 tỷ đồng và sẽ hoàn thành trong vòng sáu năm tới.</p>
<div class="box-tinlienquanv2"><a href="/a">{RELATED}</a></div>
<p>Lãnh đạo thành phố cho biết việc giải phóng mặt bằng đã cơ bản hoàn tất, người dân trong
khu vực dự án đều đồng thuận với phương án bồi thường.</p>
</article>
</body></html>
"""

BAD_RULES = """version = "1"

[[rule]]
id = "x.good"
kind = "drop"
reason = "fine"
pattern = '^ok$'

[[rule]]
id = "x.bad"
kind = "drop"
reason = "unbalanced"
pattern = '('
"""


def run(
    cwd: Path, *args: str | Path, stdin: bytes | None = None, extra_path: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    paths = [str(extra_path) if extra_path else None, str(ROOT), env.get("PYTHONPATH")]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, paths))
    proc = subprocess.run(
        [sys.executable, "-m", "cleaner", *map(str, args)],
        cwd=cwd,
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8"),
        proc.stderr.decode("utf-8", "replace"),
    )


def temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]


def test_single_seed_to_stdout(tmp_path: Path) -> None:
    proc = run(tmp_path, SEED)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == HEADLINE
    assert "img" not in lines
    assert not any("Bạn cần đăng nhập" in line for line in lines)
    assert "==>" not in proc.stdout  # one input: no header
    assert proc.stderr == ""


def test_stdin(tmp_path: Path) -> None:
    proc = run(tmp_path, stdin=SEED.read_bytes())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == HEADLINE
    dash = run(tmp_path, "-", stdin=ARTICLE.encode("utf-8"))
    assert dash.returncode == 0, dash.stderr
    assert dash.stdout.splitlines()[0] == "Giá lúa gạo tăng mạnh trong tuần qua"
    assert "img" not in dash.stdout.splitlines()


def test_directory_recursion_keeps_tree(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "a" / "b").mkdir(parents=True)
    (src / "top.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "a" / "b" / "deep.txt").write_bytes(SEED.read_bytes())
    (src / "a" / "page.html").write_text(PAGE, encoding="utf-8")
    (src / "a" / "notes.md").write_text("not picked up", encoding="utf-8")
    proc = run(tmp_path, "in", "-o", "out")
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["a/b/deep.txt", "a/page.html", "top.txt"]
    assert (out / "a" / "b" / "deep.txt").read_text("utf-8").splitlines()[0] == HEADLINE
    assert proc.stdout == ""
    assert temp_files(out) == []

    # several inputs to stdout: each preceded by a header
    listed = run(tmp_path, "in")
    assert listed.returncode == 0, listed.stderr
    headers = [line for line in listed.stdout.splitlines() if line.startswith("==> ")]
    assert headers == [
        f"==> {os.path.join('in', 'a', 'b', 'deep.txt')} <==",
        f"==> {os.path.join('in', 'a', 'page.html')} <==",
        f"==> {os.path.join('in', 'top.txt')} <==",
    ]


def test_html_related_box_removed(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    proc = run(tmp_path, "page.html")
    assert proc.returncode == 0, proc.stderr
    assert "Hà Nội khởi công tuyến đường sắt đô thị mới" in proc.stdout
    assert "giải phóng mặt bằng" in proc.stdout
    assert RELATED not in proc.stdout
    assert "Trang chủ" not in proc.stdout
    data = json.loads(run(tmp_path, "page.html", "--format", "json").stdout)
    assert data["path"] == "html"


def test_json_format_has_blocks_with_reasons(tmp_path: Path) -> None:
    proc = run(tmp_path, SEED, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["title"] == HEADLINE
    blocks = data["blocks"]
    assert all(b["reason"] for b in blocks)
    img = [b for b in blocks if b["text"] == "img"]
    assert img
    assert not img[0]["kept"]
    assert any(b["kept"] and b["reason"] == "headline" for b in blocks)
    assert "ensure_ascii" not in proc.stdout
    assert "Bộ trưởng" in proc.stdout  # not \\u-escaped


def test_jsonl_format_one_line_per_input_with_path(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    proc = run(tmp_path, "a.txt", SEED, "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["path"] == "a.txt"
    assert second["path"] == str(SEED)
    assert second["cleaned"]["title"] == HEADLINE


def test_explain_marks_every_block(tmp_path: Path) -> None:
    proc = run(tmp_path, SEED, "--explain")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines
    assert all(line.startswith(("+ [", "- [")) for line in lines)
    assert f"+ [headline] {HEADLINE}" in lines
    assert any(line.startswith("- [") and line.endswith("] img") for line in lines)


def test_version(tmp_path: Path) -> None:
    proc = run(tmp_path, "--version")
    assert proc.returncode == 0
    assert proc.stdout.strip().startswith("cleaner ")
    assert proc.stdout.split()[1][0].isdigit()


def test_binary_file_fails_others_written(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "junk.txt").write_bytes(bytes(range(256)) * 8)
    (src / "z.txt").write_bytes(SEED.read_bytes())
    proc = run(tmp_path, "in", "-o", "out")
    assert proc.returncode == 1
    junk = os.path.join("in", "junk.txt")
    assert f"cleaner: {junk}: " in proc.stderr
    assert "a.txt" not in proc.stderr
    out = tmp_path / "out"
    assert (out / "a.txt").is_file()
    assert (out / "z.txt").read_text("utf-8").splitlines()[0] == HEADLINE
    assert not (out / "junk.txt").exists()
    assert temp_files(out) == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_missing_file_among_good_inputs(tmp_path: Path, jobs: str) -> None:
    """As cat and grep do: the others are cleaned, the missing one is named, exit 1."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "c.txt").write_text(ARTICLE, encoding="utf-8")
    proc = run(tmp_path, "a.txt", "nope.txt", "c.txt", "-o", "out", "--jobs", jobs)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "cleaner: nope.txt: No such file or directory"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt", "c.txt"]
    to_stdout = run(tmp_path, "a.txt", "nope.jsonl", "--jobs", jobs)
    assert to_stdout.returncode == 1 and "nope.jsonl" in to_stdout.stderr
    assert "Giá lúa tại các tỉnh" in to_stdout.stdout


def test_output_equal_to_input_refused(tmp_path: Path) -> None:
    original = ARTICLE.encode("utf-8")
    (tmp_path / "a.txt").write_bytes(original)
    proc = run(tmp_path, "a.txt", "-o", "a.txt")
    assert proc.returncode == 2
    assert "a.txt" in proc.stderr
    assert "overwrite" in proc.stderr
    assert (tmp_path / "a.txt").read_bytes() == original
    # the same file under another spelling
    (tmp_path / "sub").mkdir()
    proc = run(tmp_path, "a.txt", "-o", "sub/../a.txt")
    assert proc.returncode == 2
    assert (tmp_path / "a.txt").read_bytes() == original


def test_output_dir_equal_to_input_dir_refused(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "b.txt").write_bytes(SEED.read_bytes())
    before = {p.name: p.read_bytes() for p in src.iterdir()}
    proc = run(tmp_path, "in", "-o", "in")
    assert proc.returncode == 2
    assert os.path.join("in", "a.txt") in proc.stderr
    assert "overwrite" in proc.stderr
    assert {p.name: p.read_bytes() for p in src.iterdir()} == before
    # an output directory inside the input tree is fine: it is not read back as input
    ok = run(tmp_path, "in", "-o", "in/cleaned")
    assert ok.returncode == 0, ok.stderr
    assert sorted(p.name for p in (src / "cleaned").iterdir()) == ["a.txt", "b.txt"]
    again = run(tmp_path, "in", "-o", "in/cleaned")
    assert again.returncode == 0, again.stderr
    assert not (src / "cleaned" / "cleaned").exists()


def test_atomic_write_replaces_output_without_leftovers(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "out.txt").write_text("old contents\n", encoding="utf-8")
    proc = run(tmp_path, "a.txt", "-o", "out.txt")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    text = (tmp_path / "out.txt").read_text("utf-8")
    assert text.startswith("Giá lúa gạo tăng mạnh trong tuần qua\n")
    assert "old contents" not in text
    assert temp_files(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "out.txt"]


def test_malformed_rule_file_is_usage_error(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text(BAD_RULES, encoding="utf-8")
    proc = run(tmp_path, SEED, "--rules", "bad.toml")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "bad.toml:9" in proc.stderr
    assert "x.bad" in proc.stderr
    missing = run(tmp_path, SEED, "--rules", "absent.toml")
    assert missing.returncode == 2
    assert "absent.toml" in missing.stderr


def test_extra_rule_file_applies(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(
        'version = "1"\n\n[[rule]]\nid = "mine.reuters"\nkind = "drop"\n'
        "reason = \"no Reuters lines\"\npattern = 'Reuters'\n",
        encoding="utf-8",
    )
    proc = run(tmp_path, SEED, "--rules", "mine.toml", "--explain")
    assert proc.returncode == 0, proc.stderr
    assert any(line.startswith("- [mine.reuters]") for line in proc.stdout.splitlines())


def test_jsonl_in_and_out_with_bad_records(tmp_path: Path) -> None:
    records = [
        json.dumps({"id": 1, "text": SEED.read_text("utf-8"), "url": "https://example.com/a"}),
        "{not json",
        json.dumps({"id": 3, "body": "wrong field"}),
        "",
        json.dumps({"id": 4, "html": PAGE}),
    ]
    (tmp_path / "corpus.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    proc = run(tmp_path, "corpus.jsonl")
    assert proc.returncode == 1
    assert "cleaner: corpus.jsonl:2: invalid JSON" in proc.stderr
    assert "cleaner: corpus.jsonl:3: " in proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(out) == 4  # the blank line is not a record
    assert out[0]["id"] == 1
    assert out[0]["url"] == "https://example.com/a"
    assert out[0]["cleaned"]["title"] == HEADLINE
    assert "blocks" not in out[0]["cleaned"]
    assert "cleaner_error" in out[1]
    assert out[1]["line"] == "{not json"
    assert "cleaned" not in out[1]
    assert out[2]["id"] == 3
    assert out[2]["body"] == "wrong field"
    assert "cleaner_error" in out[2]
    assert RELATED not in out[3]["cleaned"]["text"]

    # --field, --explain and -o with the same data through stdin
    line = json.dumps({"doc": ARTICLE}) + "\n"
    piped = run(tmp_path, "--jsonl", "--field", "doc", "--explain", "-o", "r.jsonl",
                stdin=line.encode("utf-8"))  # fmt: skip
    assert piped.returncode == 0, piped.stderr
    written = json.loads((tmp_path / "r.jsonl").read_text("utf-8"))
    assert written["cleaned"]["blocks"]
    assert written["doc"] == ARTICLE


def test_progress_line(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"{i}.txt").write_text(ARTICLE, encoding="utf-8")
    proc = run(tmp_path, "in", "-o", "out", "--progress")
    assert proc.returncode == 0, proc.stderr
    assert "\r" in proc.stderr
    assert "3/3" in proc.stderr and "doc/s" in proc.stderr  # tqdm: count, rate
    quiet = run(tmp_path, "in", "-o", "out2")  # stderr is not a terminal: no progress
    assert quiet.stderr == ""


@pytest.mark.parametrize("args", [["--format", "xml"], ["--kind", "pdf"], ["-q", "-v"]])
def test_bad_options_exit_2(tmp_path: Path, args: list[str]) -> None:
    proc = run(tmp_path, SEED, *args)
    assert proc.returncode == 2
    assert "usage:" in proc.stderr


def test_jsonl_keeps_every_input_field(tmp_path: Path) -> None:
    record = {"id": 5, "html": PAGE, "error": "upstream 503", "meta": {"k": [1, 2]}}
    (tmp_path / "c.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    proc = run(tmp_path, "c.jsonl")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert {k: out[k] for k in record} == record
    assert "cleaned" in out


def test_rewritten_output_keeps_its_permissions(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SEED.read_text("utf-8"), encoding="utf-8")
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    assert run(tmp_path, "a.txt", "-o", "out.txt").returncode == 0
    assert target.stat().st_mode & 0o777 == 0o600
    assert target.read_text("utf-8") != "old"


def test_json_for_several_inputs_on_stdout_is_a_usage_error(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(SEED.read_text("utf-8"), encoding="utf-8")
    proc = run(tmp_path, "a.txt", "b.txt", "--format", "json")
    assert proc.returncode == 2
    assert "jsonl" in proc.stderr


def test_a_source_with_no_rule_file_is_named_on_stderr(tmp_path: Path) -> None:
    """``--source vnexpres.net`` (misspelt) applied no site rules and said nothing."""
    wrong = run(tmp_path, "--source", "vnexpres.net", SEED)
    assert wrong.returncode == 0
    assert "--source vnexpres.net: no rule file for this source" in wrong.stderr
    assert "vnexpress.net" in wrong.stderr.split("sources:", 1)[1]
    for known in ("vnexpress.net", "m.vnexpress.net"):
        right = run(tmp_path, "--source", known, SEED)
        assert right.returncode == 0 and right.stderr == ""
    mine = tmp_path / "mine.toml"
    mine.write_text('version = "1"\n[source]\nname = "example.vn"\n', encoding="utf-8")
    assert run(tmp_path, "--rules", mine, "--source", "example.vn", SEED).stderr == ""
    assert run(tmp_path, "--no-source-rules", "--source", "x.vn", SEED).stderr == ""
