"""Does a cold ``posenqa ask`` on an academic paper pay for eyecite? (issue 11)

``ask`` shows each note's resolved references, and legal citations are found
with eyecite, whose import takes over a second. A text that holds nothing
shaped like a legal citation should not import it. This benchmark times, in
interleaved runs on the same built index:

* ``ask``: a cold ``posenqa ask --no-rerank`` on the bundled paper;
* ``ask + eyecite``: the same process with ``import eyecite`` first, i.e. what
  ``ask`` costs when the references import eyecite (as before this change);

and prints the ratio, plus whether ``ask`` imported eyecite (``-X importtime``).

    HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 .venv/bin/python benchmarks/legal_ask.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import PYTHON, child_env, python_argv, run

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "corpus" / "posen-2001-wp01-8.pdf"
QUESTION = "What caused Japan's banking crisis?"


def ask_code(index: Path, *, eyecite_first: bool) -> str:
    """Python running ``posenqa ask`` in-process (after ``import eyecite`` when asked)."""
    args = ["ask", QUESTION, "--no-rerank", "--doc", str(PAPER), "--index-dir", str(index)]
    pre = "import eyecite; " if eyecite_first else ""
    return (
        f"{pre}import runpy, sys; sys.argv = ['posenqa', *{args!r}]; "
        "runpy.run_module('posenqa', run_name='__main__', alter_sys=True)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    repeats = parser.parse_args().repeats
    env = child_env()
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp)
        subprocess.run(
            [PYTHON, "-m", "posenqa", "build", str(PAPER), "--index-dir", str(index)],
            env=env,
            check=True,
            capture_output=True,
        )
        probe = subprocess.run(
            [PYTHON, "-X", "importtime", "-c", ask_code(index, eyecite_first=False)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        imported = any(line.rstrip().endswith("| eyecite") for line in probe.stderr.splitlines())
        asks, withs = [], []
        for _ in range(repeats):  # interleaved: machine load hits both alike
            asks.append(run(python_argv(ask_code(index, eyecite_first=False)), env=env).seconds)
            withs.append(run(python_argv(ask_code(index, eyecite_first=True)), env=env).seconds)
    ask, with_eyecite = statistics.median(asks), statistics.median(withs)
    print(f"cold ask (median of {repeats}):            {ask:.2f} s")
    print(f"cold ask + import eyecite (median of {repeats}): {with_eyecite:.2f} s")
    print(f"ratio ask / (ask + eyecite): {ask / with_eyecite:.2f}")
    print(f"ask imports eyecite: {'yes' if imported else 'no'}")
    sys.exit(0)


if __name__ == "__main__":
    main()
