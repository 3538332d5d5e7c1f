"""Atomic file output: a file is either written whole or not touched; and where a path
leads, for the checks made before writing."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


def _file_mode() -> int:
    """The mode a plain ``open()`` would give a new file (``os.umask`` can only be read by
    setting it, so it is set back at once)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def resolved(path: Path) -> Path | None:
    """Where ``path`` leads, or ``None`` for a loop of symbolic links (pathlib raises
    RuntimeError on Python 3.11, OSError on later ones: a traceback before)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[IO[bytes]]:
    """Write to a temporary file beside ``target``, then rename it over ``target``; on any
    error the temporary file is removed and ``target`` is left as it was. A replaced file
    keeps its permissions; a new one gets what ``open()`` would give it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = _file_mode()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
