"""Clocks, percentiles and memory readings shared by the benchmarks.

Memory comes from /proc/self/status (psutil is not installed): ``VmRSS`` is
the resident set now, ``VmHWM`` its peak; writing ``5`` to
/proc/self/clear_refs resets the peak so one component can be measured alone.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100, linear interpolation) of non-empty ``values``."""
    if not values:
        raise ValueError("percentile of no values")
    return float(np.percentile(np.asarray(values, dtype=np.float64), q))


@dataclass(frozen=True, slots=True)
class Latency:
    """Summary of repeated timings, in milliseconds."""

    n: int
    p50: float
    p95: float
    mean: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Latency:
        ms = [s * 1000 for s in seconds]
        return cls(len(ms), percentile(ms, 50), percentile(ms, 95), float(np.mean(ms)))


def time_each(fn: Callable[[Any], object], items: Sequence[Any]) -> list[float]:
    """Wall seconds of ``fn(item)`` for each item, in order."""
    out = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - start)
    return out


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """(wall seconds, result) of one call."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _status_kb(field: str) -> int:
    text = Path("/proc/self/status").read_text()
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else 0


def rss_mb() -> float:
    """Resident memory of this process now, MiB."""
    return _status_kb("VmRSS") / 1024


def peak_rss_mb() -> float:
    """Peak resident memory of this process since start or the last :func:`reset_peak`, MiB."""
    return _status_kb("VmHWM") / 1024


def reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark to the current RSS; False if not permitted."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Run:
    """One finished subprocess."""

    seconds: float
    returncode: int
    stdout: str
    stderr: str
    peak_mb: float = 0.0
    """The child's peak resident memory (``ru_maxrss`` from ``wait4``), MiB."""


def run(argv: Sequence[str], *, env: dict[str, str] | None = None, timeout: float = 900) -> Run:
    """Run ``argv`` to completion, timing process start to exit, with its peak memory.

    Output goes to temporary files and the child is reaped with ``os.wait4``,
    whose resource usage is this one child's (``RUSAGE_CHILDREN`` would be the
    largest of all children so far).
    """
    import tempfile

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(list(argv), stdout=out, stderr=err, env=env, text=True)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
                os.wait4(child.pid, 0)
                raise subprocess.TimeoutExpired(list(argv), timeout)
            time.sleep(0.002)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(seconds, child.returncode, out.read(), err.read(), usage.ru_maxrss / 1024)


def run_json(argv: Sequence[str], *, timeout: float = 3600) -> dict[str, Any]:
    """Run a worker that prints one JSON object as its last stdout line; fail loudly otherwise."""
    done = run(argv, env=child_env(), timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result.setdefault("wall_s", done.seconds)
    return result


def child_env() -> dict[str, str]:
    """This environment plus the offline switches (OpenBLAS/OMP settings left as they are)."""
    env = dict(os.environ)
    env["HF_HUB_OFFLINE"] = "1"
    env["TRANSFORMERS_OFFLINE"] = "1"
    return env


PYTHON = sys.executable
