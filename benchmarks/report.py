"""What every benchmark report starts with: command, date, machine and versions."""

from __future__ import annotations

import os
import platform
import shlex
import subprocess
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def command_line(argv: list[str] | None = None) -> str:
    """The command as it was typed (``python`` + script + arguments)."""
    return shlex.join(["python", *(sys.argv if argv is None else argv)])


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def git_revision() -> str:
    """``<sha>`` of HEAD, ``+dirty`` when the work tree differs; ``none`` without commits."""
    try:
        sha = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        return "unknown"
    if not sha:
        return "none (no commit yet)"
    return f"{sha}+dirty" if dirty else sha


def version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, str | int | None]:
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "cpu_count": os.cpu_count(),
        "cpu": cpu_model(),
        "platform": platform.platform(),
    }


def header(title: str, dists: list[str]) -> tuple[str, dict[str, object]]:
    """Markdown header lines and the same facts as a dict (for the JSON file)."""
    now = datetime.now(UTC).replace(microsecond=0)
    facts: dict[str, object] = {
        "date": now.isoformat(),
        "command": command_line(),
        "git": git_revision(),
        "machine": machine(),
        "versions": {d: version(d) for d in dists},
    }
    m = machine()
    versions = ", ".join(f"{d} {version(d)}" for d in dists)
    lines = [
        f"# {title}",
        "",
        f"- date: {now.strftime('%Y-%m-%d %H:%M:%S')} UTC",
        f"- command: `{facts['command']}` (from `{REPO}`)",
        f"- git: {facts['git']}",
        f"- machine: Python {m['python']} ({m['implementation']}), {m['cpu_count']} CPUs "
        f"({m['cpu']}), {m['platform']}",
        f"- versions: {versions}",
    ]
    return "\n".join(lines), facts


def md_table(headers: list[str], rows: list[list[str]], align: str = "") -> str:
    """A markdown table; ``align`` has one letter per column, ``l`` or ``r`` (default ``r``
    except the first column)."""
    aligns = align or "l" + "r" * (len(headers) - 1)
    sep = ["---" if a == "l" else "---:" for a in aligns]
    out = ["| " + " | ".join(headers) + " |", "| " + " | ".join(sep) + " |"]
    out.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(out)
