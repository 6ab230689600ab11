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


def anon_rss_mb() -> float:
    """Anonymous resident memory now, MiB: VmRSS less the pages of mapped files, which
    the kernel can drop and read again (memory-mapped vectors stay out of this)."""
    return _status_kb("RssAnon") / 1024


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
    """The child's peak resident memory (VmHWM at exit), MiB; 0 when it did not say."""


def run(argv: Sequence[str], *, env: dict[str, str] | None = None, timeout: float = 900) -> Run:
    """Run ``argv`` to completion, timing process start to exit.

    ``peak_mb`` is filled when the child prints a :data:`PEAK_HOOK` line (see
    :func:`python_argv`): the kernel's own per-child figure (``ru_maxrss``) is
    useless here, since it keeps the high-water mark of this process, a large
    one, across the child's fork and exec.
    """
    start = time.perf_counter()
    done = subprocess.run(
        list(argv), capture_output=True, text=True, env=env, timeout=timeout, check=False
    )
    seconds = time.perf_counter() - start
    found = re.findall(r"^@@peak_kb (\d+)$", done.stderr, re.MULTILINE)
    peak = int(found[-1]) / 1024 if found else 0.0
    return Run(seconds, done.returncode, done.stdout, done.stderr, peak)


PEAK_HOOK = (
    "import atexit as _a, re as _r, sys as _s\n"
    "def _peak():\n"
    "    _t = open('/proc/self/status').read()\n"
    "    _s.stderr.write('\\n@@peak_kb ' + _r.search(r'VmHWM:\\s+(\\d+)', _t).group(1) + '\\n')\n"
    "_a.register(_peak)\n"
)
"""Python that prints the process's peak resident memory (VmHWM, kB) on stderr at exit."""


def python_argv(code: str) -> list[str]:
    """``python -c code`` that reports its peak memory at exit (read by :func:`run`)."""
    return [PYTHON, "-c", PEAK_HOOK + code]


def module_argv(module: str, args: Sequence[str]) -> list[str]:
    """``python -m module args`` that reports its peak memory at exit (read by :func:`run`)."""
    code = (
        f"import runpy, sys; sys.argv = [{module!r}, *{list(args)!r}]; "
        f"runpy.run_module({module!r}, run_name='__main__', alter_sys=True)"
    )
    return python_argv(code)


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
