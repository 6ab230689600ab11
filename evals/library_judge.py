"""False abstention out of sample: answerable questions written for other papers.

    python evals/library_judge.py --index-dir DIR [--pdfs /work/shared/realpdfs]

The judge's rules were written while reading the gold set's dev half, so dev
cannot see their errors. ``library_questions.jsonl`` holds 64 questions whose
answers the four other papers state (GAO-06-282, GAO-05-927, CRS R48913 and the
Census TopDown paper), each written by reading its paper, not from system
output: ``lib-ans-*`` in the issue-9 pass that wrote the judge (38), and
``lib-fresh-*`` in the pass that made it conservative (26, written before the
fixes they were measured against were chosen). Every one is answerable, so every
"Not answered" is a false abstention. The papers are added to a library with the
bundled one at ``DIR`` (``posenqa add``; the shared PDFs are not in the
repository: point ``--pdfs`` at them), then every question is asked across the
library with the default reranked answer (``posenqa ask --questions --json``).
Prints the questions lost with the judge's reasons, the count, and how many
first results come from the question's own paper.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "evals" / "library_questions.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--pdfs", type=Path, default=ROOT.parent / "shared" / "realpdfs")
    args = parser.parse_args()
    questions = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    papers = sorted({q["paper"] for q in questions})
    files = [args.pdfs / f"{paper}.pdf" for paper in papers]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise SystemExit(f"not found: {', '.join(missing)} (--pdfs names their folder)")
    posenqa = [sys.executable, "-m", "posenqa"]
    where = ["--index-dir", str(args.index_dir)]
    subprocess.run([*posenqa, "add", *map(str, files), *where], check=True)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as batch:
        for q in questions:
            batch.write(json.dumps({"id": q["id"], "question": q["question"]}) + "\n")
    asked = subprocess.run(
        [*posenqa, "ask", "--questions", batch.name, "--json", *where],
        check=True,
        capture_output=True,
        text=True,
    )
    Path(batch.name).unlink()
    paper_of = {q["id"]: q["paper"] for q in questions}
    lost = own = 0
    for line in asked.stdout.splitlines():
        record = json.loads(line)
        results = record.get("results") or []
        own += bool(results) and results[0].get("paper", {}).get("id") == paper_of[record["id"]]
        if record.get("abstained"):
            lost += 1
            print(f"lost {record['id']}: {record['question']} ({'; '.join(record['reasons'])})")
    share = lost / len(questions)
    print(f"{lost} of {len(questions)} answerable questions abstained on ({share:.3f})")
    print(f"{own} of {len(questions)} first results from the question's own paper")


if __name__ == "__main__":
    main()
