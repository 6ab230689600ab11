"""What a cold ``posenqa ask`` pays for note references (issue 11).

``ask`` shows each note's resolved references. Resolving them reads every note
and body block, and on a legal paper imports eyecite (over a second). The build
now saves them beside the index (``references.json``, see
``posenqa.references.cache``). For each paper, in interleaved runs on one built
index, this times:

* ``saved``: a cold ``posenqa ask --no-rerank`` as the build leaves the index;
* ``resolved``: the same ask on a copy of the index without ``references.json``,
  which resolves the references in the process, as every ask did before;

and prints their ratio and whether each imported eyecite (``-X importtime``).
The papers: the bundled one and, when ``../shared/realpdfs`` holds it, the CRS
legal report R48915 (457 notes of cases and statutes).

    HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 .venv/bin/python benchmarks/legal_ask.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from timing import PYTHON, child_env, python_argv, run

ROOT = Path(__file__).resolve().parents[1]
PAPERS = {
    "bundled paper": (ROOT / "corpus" / "posen-2001-wp01-8.pdf", "What caused Japan's crisis?"),
    "CRS R48915": (
        Path(os.environ.get("POSENQA_REAL_PDFS", ROOT.parent / "shared" / "realpdfs"))
        / "crs_R48915_preemption_fdca_2026.pdf",
        "Does federal law preempt state failure-to-warn claims about drugs?",
    ),
}


def ask_code(paper: Path, question: str, index: Path) -> str:
    """Python running ``posenqa ask`` in-process."""
    args = ["ask", question, "--no-rerank", "--doc", str(paper), "--index-dir", str(index)]
    return (
        f"import runpy, sys; sys.argv = ['posenqa', *{args!r}]; "
        "runpy.run_module('posenqa', run_name='__main__', alter_sys=True)"
    )


def imports_eyecite(code: str, env: dict[str, str]) -> bool:
    done = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", code], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"posenqa ask failed:\n{done.stderr[-2000:]}")
    return any(line.rstrip().endswith("| eyecite") for line in done.stderr.splitlines())


def bench(paper: Path, question: str, repeats: int, env: dict[str, str]) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        saved, resolved = Path(tmp) / "saved", Path(tmp) / "resolved"
        subprocess.run(
            [PYTHON, "-m", "posenqa", "build", str(paper), "--index-dir", str(saved)],
            env=env,
            check=True,
            capture_output=True,
        )
        shutil.copytree(saved, resolved)
        for cache in resolved.glob("*/references.json"):
            cache.unlink()
        codes = {
            name: ask_code(paper, question, root)
            for name, root in (("saved", saved), ("resolved", resolved))
        }
        eyecite = {name: imports_eyecite(code, env) for name, code in codes.items()}
        times: dict[str, list[float]] = {"saved": [], "resolved": []}
        for _ in range(repeats):  # interleaved: machine load hits both alike
            for name, code in codes.items():
                done = run(python_argv(code), env=env)
                if done.returncode != 0:
                    raise RuntimeError(f"posenqa ask failed:\n{done.stderr[-2000:]}")
                times[name].append(done.seconds)
    s, r = statistics.median(times["saved"]), statistics.median(times["resolved"])
    return (
        f"  saved references:    {s:.2f} s (median of {repeats}), eyecite imported: "
        f"{'yes' if eyecite['saved'] else 'no'}\n"
        f"  resolved in process: {r:.2f} s (median of {repeats}), eyecite imported: "
        f"{'yes' if eyecite['resolved'] else 'no'}\n"
        f"  ratio saved / resolved: {s / r:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    repeats = parser.parse_args().repeats
    env = child_env()
    for label, (paper, question) in PAPERS.items():
        if not paper.is_file():
            print(f"{label}: skipped ({paper} is not available)")
            continue
        print(f"{label}: cold posenqa ask --no-rerank")
        print(bench(paper, question, repeats, env))


if __name__ == "__main__":
    main()
