"""How long the TUI keeps a student waiting, beside a bare Textual app's first paint.

Issue 10 asks for window-to-"hybrid ready" on a built index. Each run is a new
process (imports and the model load are what a student waits for), timed from
the moment the parent starts it:

* bare: a Textual app with one ``Static``, until its first frame (``Ready``);
* posenqa: ``posenqa tui`` on the bundled paper, index already built, until its
  first frame, until BM25 can answer (the index is open) and until the status
  line says "hybrid ready" (the embedding model is loaded).

Both run headless with the same thread settings, interleaved so that drift in
the machine's load hits both alike; the medians and their ratios are printed.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/tui_ready.py [--repeats 5] [--threads 2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from timing import PYTHON, run_json

ROOT = Path(__file__).resolve().parent.parent
PAPER = ROOT / "corpus" / "posen-2001-wp01-8.pdf"


def bare_child(started: float) -> dict[str, float]:
    """A minimal Textual app: seconds from spawn to its first frame."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    marks: dict[str, float] = {}

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("hello")

        def on_ready(self) -> None:
            marks["window"] = time.time() - started
            self.exit()

    Bare().run(headless=True, size=(120, 40))
    return marks


def posenqa_child(started: float, index_root: str) -> dict[str, float]:
    """The posenqa TUI: seconds from spawn to first frame, BM25 ready and hybrid ready."""
    import inspect

    import posenqa.references as refs
    from posenqa.tui.app import PosenqaApp, default_engine_factory

    marks: dict[str, float] = {}

    class Timed(PosenqaApp):
        # A relative CSS_PATH is read beside the subclass's module: name the app's.
        CSS_PATH = Path(inspect.getfile(PosenqaApp)).parent / "app.tcss"

        def on_ready(self) -> None:
            marks["window"] = time.time() - started
            self.set_interval(0.01, self.check)

        def check(self) -> None:
            screen = self.screen
            if "bm25" not in marks and getattr(screen, "engine", None) is not None:
                marks["bm25"] = time.time() - started
            readiness = getattr(screen, "readiness", "")
            if readiness == "hybrid ready":
                marks["hybrid"] = time.time() - started
                self.exit()
            elif "could not" in readiness or "failed" in readiness:
                marks["error"] = 1.0
                self.exit()

    factory = default_engine_factory(PAPER, index_root=index_root)
    Timed(paper=PAPER, engine_factory=factory, refs=refs).run(headless=True, size=(120, 40))
    if "error" in marks or "hybrid" not in marks:
        raise SystemExit(f"the TUI did not become ready: {marks}")
    return marks


def build_index(index_root: Path) -> float:
    """Build the paper's index with the real model (not timed against anything)."""
    from posenqa.answer import Engine

    start = time.perf_counter()
    Engine.open(PAPER, index_root=index_root)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--index-dir", help="a built index root (default: build one in /tmp)")
    parser.add_argument("--child", choices=("bare", "posenqa"), help=argparse.SUPPRESS)
    parser.add_argument("--started", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        if args.child == "bare":
            marks = bare_child(args.started)
        else:
            marks = posenqa_child(args.started, args.index_dir)
        print(json.dumps(marks))
        return

    # Threads set deliberately, the same for both children: torch and BLAS
    # would otherwise start one per core whatever the load.
    os.environ["OMP_NUM_THREADS"] = os.environ["MKL_NUM_THREADS"] = str(args.threads)
    with tempfile.TemporaryDirectory(prefix="posenqa-tui-bench-") as tmp:
        index_root = Path(args.index_dir or tmp)
        built = build_index(index_root)
        me = [PYTHON, str(Path(__file__).resolve())]
        tui_argv = [*me, "--child", "posenqa", "--index-dir", str(index_root)]
        bare: list[dict[str, float]] = []
        tui: list[dict[str, float]] = []
        for _ in range(args.repeats):
            bare.append(run_json([*me, "--child", "bare", "--started", str(time.time())]))
            tui.append(run_json([*tui_argv, "--started", str(time.time())]))
    report(bare, tui, args.threads, built)


def report(bare: list[dict[str, Any]], tui: list[dict[str, Any]], threads: int, built: float):
    """Print medians and the ratios to the bare app's first frame."""
    base = statistics.median(b["window"] for b in bare)
    load = os.getloadavg()
    print(f"posenqa TUI readiness, {time.strftime('%Y-%m-%dT%H:%M:%S%z')}")
    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"threads {threads}, load average {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}; "
        f"{len(bare)} runs each, index built beforehand in {built:.1f} s"
    )
    print(f"{'from process start to (median, s)':44} {'s':>7} {'ratio':>8}")
    print(f"  {'bare Textual app: first frame':42} {base:7.2f} {1:7.2f}x")
    for key, label in (
        ("window", "posenqa tui: first frame"),
        ("bm25", "posenqa tui: BM25 ready (index open)"),
        ("hybrid", 'posenqa tui: "hybrid ready" (model loaded)'),
    ):
        value = statistics.median(t[key] for t in tui)
        print(f"  {label:42} {value:7.2f} {value / base:7.2f}x")
    print("runs (s): bare " + ", ".join(f"{b['window']:.2f}" for b in bare))
    print("runs (s): hybrid " + ", ".join(f"{t['hybrid']:.2f}" for t in tui))


if __name__ == "__main__":
    main()
