"""Run the work on every core, in input order, with a bounded number of chunks in flight.

``--jobs 1`` calls the same function in-process. With more jobs, a process pool cleans
chunks while the main process reads the next inputs and writes finished outputs in order;
at most ``IN_FLIGHT_PER_JOB`` chunks a job are submitted and not yet written, so memory
does not grow with the size of a stream.
"""

from __future__ import annotations

import concurrent.futures
import logging
import os
from collections import deque
from collections.abc import Callable, Generator, Iterable
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger(__name__)

IN_FLIGHT_PER_JOB = 4
"""Chunks submitted per worker and not yet written: enough that no worker waits for the
main process, few enough that memory stays flat (a chunk is at most ``CHUNK_BYTES``)."""


class WorkerDied(Exception):
    """A worker process ended abruptly (killed, out of memory, a crash in a C library)."""


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def ordered_map(
    fn: Callable[[T], R],
    tasks: Iterable[T],
    *,
    jobs: int,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Generator[R, None, None]:
    """``map(fn, tasks)`` on ``jobs`` processes: results in task order, a bounded window."""
    if jobs <= 1:
        yield from map(fn, tasks)
        return
    executor = concurrent.futures.ProcessPoolExecutor(
        max_workers=jobs, initializer=initializer, initargs=initargs
    )
    pending: deque[concurrent.futures.Future[R]] = deque()
    window = jobs * IN_FLIGHT_PER_JOB
    try:
        for task in tasks:
            pending.append(executor.submit(fn, task))
            if len(pending) >= window:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())
    finally:
        # Interrupted (Ctrl-C) or stopped early: drop what has not started; workers
        # finish the chunk in hand (they ignore SIGINT) and exit.
        executor.shutdown(wait=True, cancel_futures=True)


def _result(future: concurrent.futures.Future[R]) -> R:
    try:
        return future.result()
    except concurrent.futures.process.BrokenProcessPool as exc:
        raise WorkerDied(str(exc)) from exc
