"""Worker processes running one task each at a time, telling which task's worker died.

``multiprocessing.Pool`` replaces a worker the system kills (out of memory, SIGKILL)
but never answers for the task that worker was running: ``posenqa add`` waited for it
forever. Here each worker holds one task at a time and the parent waits on the
worker's pipe and on its process together, so a death is seen at once, pinned on the
task (the file) it was running, and a new worker takes the tasks left.

This module is light at import time on purpose: a spawned worker imports it first.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any


@dataclass(frozen=True, slots=True)
class Lost:
    """A task that gave no result: its worker died, or the task raised."""

    reason: str
    """In words, one line: ``its process was killed by SIGKILL (out of memory?)``."""


def death(exitcode: int | None) -> Lost:
    """Why a worker that ended with ``exitcode`` (negative: killed by that signal) gave nothing."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        # The kernel's out-of-memory killer sends SIGKILL, and so does little else.
        hint = " (out of memory?)" if -exitcode == signal.SIGKILL else ""
        return Lost(f"its process was killed by {name}{hint}")
    return Lost(f"its process ended unexpectedly (exit status {exitcode})")


class _Worker:
    """One process, its end of the pipe, and the task it is running (None: idle)."""

    def __init__(
        self, context: Any, function: Callable[..., Any], initializer: Callable[[], None] | None
    ) -> None:
        ours, theirs = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(theirs, function, initializer), daemon=True
        )
        self.process.start()
        theirs.close()
        self.conn: Connection = ours
        self.task: int | None = None

    def give(self, index: int, args: tuple[Any, ...]) -> bool:
        """Send task ``index``; False when the worker is gone (it died while idle)."""
        try:
            self.conn.send((index, args))
        except OSError:
            return False
        self.task = index
        return True

    def collect(self) -> tuple[int, Any] | None:
        """Its answer, when one is there (None: it died without one)."""
        with contextlib.suppress(EOFError, OSError):
            if self.conn.poll():
                return self.conn.recv()  # type: ignore[no-any-return]
        return None

    def ended(self) -> Lost:
        """Why it gave nothing, once its process has ended."""
        self.process.join(timeout=5)
        return death(self.process.exitcode)

    def stop(self) -> None:
        """End the process now (it holds no task worth waiting for)."""
        with contextlib.suppress(OSError, ValueError):
            if self.process.is_alive():
                self.process.terminate()
            self.process.join(timeout=5)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()
        self.conn.close()


def _serve(
    conn: Connection, function: Callable[..., Any], initializer: Callable[[], None] | None
) -> None:
    """A worker's life: run each task it is sent, send back its result, until told to stop."""
    if initializer is not None:
        initializer()
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if message is None:
            return
        index, args = message
        try:
            result = function(*args)
        except Exception as exc:  # one task's bug must not end the worker, nor print a traceback
            result = Lost(f"it raised {type(exc).__name__}: {exc}")
        conn.send((index, result))


def run_ordered(
    function: Callable[..., Any],
    tasks: Sequence[tuple[Any, ...]],
    *,
    workers: int,
    ahead: int,
    initializer: Callable[[], None] | None = None,
) -> Iterator[Any]:
    """``function(*task)`` for each of ``tasks`` in ``workers`` spawned processes, yielded in
    the tasks' order; a task whose worker died (or that raised) yields a :class:`Lost`.

    At most ``ahead`` tasks are running or done and not yet yielded: results waiting
    for a slower consumer would otherwise pile up in memory. ``function`` and
    ``initializer`` must be importable by name (spawned processes import them).
    Closing the iterator (or an exception in the consumer) ends the workers at once.
    """
    import multiprocessing

    if not tasks:
        return
    # spawn, not fork: a forked child would inherit this process's threads and locks
    # (onnxruntime's, faiss's) in whatever state they were in.
    context = multiprocessing.get_context("spawn")

    def start() -> _Worker:
        return _Worker(context, function, initializer)

    pool = [start() for _ in range(max(1, min(workers, len(tasks))))]
    done: dict[int, Any] = {}
    sent = 0  # tasks handed out
    out = 0  # tasks yielded
    try:
        while out < len(tasks):
            for i, worker in enumerate(pool):
                while worker.task is None and sent < len(tasks) and sent - out < ahead:
                    if not worker.give(sent, tasks[sent]):
                        worker.stop()
                        worker = pool[i] = start()
                        continue
                    sent += 1
            if out in done:
                yield done.pop(out)
                out += 1
                continue
            busy = [w for w in pool if w.task is not None]
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
            for i, worker in enumerate(pool):
                if worker.task is None or not ready & {worker.conn, worker.process.sentinel}:
                    continue
                answer = worker.collect()
                if answer is not None:
                    index, result = answer
                    done[index] = result
                    worker.task = None
                    continue
                done[worker.task] = worker.ended()
                worker.stop()
                pool[i] = start() if sent < len(tasks) else worker
                worker.task = None
            if sent == len(tasks):  # nothing left to hand out: idle workers may go
                for worker in [w for w in pool if w.task is None]:
                    worker.stop()
                    pool.remove(worker)
    finally:
        for worker in pool:
            worker.stop()


__all__ = ["Lost", "death", "run_ordered"]
