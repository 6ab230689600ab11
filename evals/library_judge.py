"""The judge out of sample: answerable and unanswerable questions on other papers.

    python evals/library_judge.py --index-dir DIR [--pdfs /work/shared/realpdfs] [--json FILE]
        [--questions FILE]

The judge's rules were written while reading the gold set's dev half, so dev
cannot see their errors. ``library_questions.jsonl`` holds questions on six
other papers, each written by reading its paper, not from system output, and
marked with a ``kind`` (missing means answerable):

- answerable (96): ``lib-ans-*`` (38, the issue-9 pass that wrote the judge)
  and ``lib-fresh-*`` (26, the pass that made it conservative, written before
  the fixes they were measured against) on GAO-06-282, GAO-05-927, CRS R48913
  and Census TopDown; ``lib-ans2-*`` (32) on the Third Circuit's Travelers v.
  Dammann and the Tenth Circuit's Triplet v. Franklin, one per sixteenth of each
  opinion's text. Every "Not answered" on these is a false abstention.
- negative (64): ``lib-neg-*``, 12 for each of the first four papers and 8 for
  each opinion. Each names something its paper mentions and asks for a detail
  the paper never gives (a count, an amount, a neighbouring year, the person
  behind a role, an unnamed organisation or place, a later outcome, a reason);
  each was checked by searching the paper's whole text for its key terms and
  reading every hit. Every "Not answered" on these is a negative caught.

The papers are added to a library with the bundled one at ``DIR`` (``posenqa
add``; the shared PDFs are not in the repository: point ``--pdfs`` at them),
then every question is asked across the library with the default reranked
answer (``posenqa ask --questions --json``). Prints the answerable questions
lost with the judge's reasons, how many first results of answerable questions
come from the question's own paper, the negatives caught and each negative
not caught. ``--json FILE`` writes the counts and every question's outcome (with
the judge's features and the first result's place and best sentence, to read why).
``--questions FILE`` asks another file of the same format (``library_fresh.jsonl``).
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


def ask(questions: list[dict], files: list[Path], index_dir: Path) -> list[dict]:
    """Add ``files`` to the library at ``index_dir`` and ask every question across it."""
    posenqa = [sys.executable, "-m", "posenqa"]
    where = ["--index-dir", str(index_dir)]
    subprocess.run([*posenqa, "add", *map(str, files), *where], check=True)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as batch:
        for q in questions:
            batch.write(json.dumps({"id": q["id"], "question": q["question"]}) + "\n")
    try:
        asked = subprocess.run(
            [*posenqa, "ask", "--questions", batch.name, "--json", *where],
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        Path(batch.name).unlink()
    return [json.loads(line) for line in asked.stdout.splitlines()]


def _place(result: dict) -> dict:
    """Where a result stands and what it shows: enough to read why it was judged."""
    keys = ("section", "page", "kind", "number", "best_sentence")
    return {key: result.get(key) for key in keys}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--pdfs", type=Path, default=ROOT.parent / "shared" / "realpdfs")
    parser.add_argument("--json", type=Path, help="write counts and per-question outcomes here")
    parser.add_argument("--questions", type=Path, default=QUESTIONS, help="questions to ask")
    args = parser.parse_args()
    lines = args.questions.read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line) for line in lines if line.strip()]
    files = [args.pdfs / f"{paper}.pdf" for paper in sorted({q["paper"] for q in questions})]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise SystemExit(f"not found: {', '.join(missing)} (--pdfs names their folder)")
    by_id = {q["id"]: q for q in questions}
    outcomes = []
    for record in ask(questions, files, args.index_dir):
        q = by_id[record["id"]]
        results = record.get("results") or []
        first = results[0].get("paper", {}).get("id") if results else None
        outcomes.append(
            {
                "id": q["id"],
                "paper": q["paper"],
                "kind": q.get("kind", "answerable"),
                "question": q["question"],
                "abstained": bool(record.get("abstained")),
                "reasons": record.get("reasons") or [],
                "first_paper": first,
                "judge": record.get("judge"),
                "first": _place(results[0]) if results else None,
            }
        )
    answerable = [o for o in outcomes if o["kind"] == "answerable"]
    negative = [o for o in outcomes if o["kind"] == "negative"]
    lost = [o for o in answerable if o["abstained"]]
    own = sum(o["first_paper"] == o["paper"] for o in answerable)
    caught = [o for o in negative if o["abstained"]]
    for o in lost:
        print(f"lost {o['id']}: {o['question']} ({'; '.join(o['reasons'])})")
    n, m = len(lost), len(answerable)
    print(f"{n} of {m} answerable questions abstained on ({n / m:.3f})")
    print(f"{own} of {m} answerable questions' first results from the question's own paper")
    for o in negative:
        if not o["abstained"]:
            print(f"not caught {o['id']}: {o['question']}")
    n, m = len(caught), len(negative)
    print(f"{n} of {m} negatives abstained on ({n / m:.3f})")
    if args.json:
        counts = {
            "answerable": len(answerable),
            "answerable_lost": len(lost),
            "answerable_first_own_paper": own,
            "negative": len(negative),
            "negative_caught": len(caught),
        }
        args.json.write_text(
            json.dumps({"counts": counts, "questions": outcomes}, indent=1) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
