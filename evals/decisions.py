"""The judge's decision on each development question, and what changed between two runs.

    python evals/decisions.py ask OUT.jsonl FILE... [--ids ID,...] [--library DIR]
    python evals/decisions.py diff BEFORE.jsonl AFTER.jsonl

``ask`` asks the questions of the gold-format FILEs (a ``split: test`` question is
skipped: the test half is not read for choosing; ``--ids`` keeps only those) of the
bundled paper, or of the library at ``--library DIR`` (``posenqa add`` the shared papers
there first), reranked as ``posenqa ask`` answers, and writes per question whether the
answer abstained, the kinds asked and lacking, the judge's score and its reasons. Run it
with the code before a change and after it (two checkouts, or ``PYTHONPATH=OTHER/src``);
``diff`` prints every question whose decision changed and counts answerable questions
saved and lost, negatives caught and released.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Appended, so that PYTHONPATH=OTHER/src asks another checkout's code.
sys.path.append(str(ROOT / "src"))

REFUSED = {"negative", "offtopic"}


def dev_questions(files: list[Path], ids: set[str] | None = None) -> list[dict]:
    """The questions of the gold-format ``files`` not in the test split (only ``ids``,
    when given)."""
    questions = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = json.loads(line)
                if q.get("split") != "test" and (ids is None or q["id"] in ids):
                    questions.append(q)
    return questions


def open_engine(library: Path | None):  # type: ignore[no-untyped-def]
    """The bundled paper's engine (its index in the checkout's ``index/``, as ``make
    eval``'s), or the library's at ``library``."""
    if library is None:
        from posenqa.answer import Engine

        return Engine.open(ROOT / "corpus" / "posen-2001-wp01-8.pdf", index_root=ROOT / "index")
    import click

    from posenqa.cli.library_shared import open_library_engine

    with click.Context(click.Command("evals")):
        return open_library_engine(library, None).engine


def ask(out: Path, files: list[Path], ids: set[str] | None, library: Path | None) -> None:
    """Write one decision record per question of ``files`` to ``out``."""
    questions = dev_questions(files, ids)
    engine = open_engine(library)
    with out.open("w", encoding="utf-8") as fh:
        for q in questions:
            answer = engine.ask(q["question"], k=5)
            judged = answer.judged
            record = {
                "id": q["id"],
                "kind": q.get("kind", "answerable"),
                "abstained": answer.abstained,
                "wanted": None if judged is None else judged.wanted,
                "lacking": None if judged is None else judged.lacking,
                "logit": None if judged is None else round(judged.logit, 2),
                "reasons": list(answer.reasons),
            }
            fh.write(json.dumps(record) + "\n")
    print(f"{len(questions)} questions asked, decisions in {out}", file=sys.stderr)


def diff(before: Path, after: Path) -> None:
    """Print the questions whose decision changed, and the counts."""
    old = {r["id"]: r for r in map(json.loads, before.read_text(encoding="utf-8").splitlines())}
    new = {r["id"]: r for r in map(json.loads, after.read_text(encoding="utf-8").splitlines())}
    counts = {"saved": 0, "lost": 0, "caught": 0, "released": 0}
    for qid, b in new.items():
        a = old.get(qid)
        if a is None or a["abstained"] == b["abstained"]:
            continue
        refused = b["kind"] in REFUSED
        if b["abstained"]:
            counts["caught" if refused else "lost"] += 1
        else:
            counts["released" if refused else "saved"] += 1
        print(
            f"{qid} ({b['kind']}): {'abstains' if b['abstained'] else 'answers'} now; "
            f"{a['wanted']} -> {b['wanted']}, {a['logit']} -> {b['logit']}, {b['reasons']}"
        )
    print(
        f"{len(new)} questions: answerable saved {counts['saved']}, lost {counts['lost']};"
        f" negatives caught {counts['caught']}, released {counts['released']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("ask")
    a.add_argument("out", type=Path)
    a.add_argument("files", type=Path, nargs="+")
    a.add_argument("--ids", help="comma-separated question ids to ask (default: all)")
    a.add_argument("--library", type=Path)
    d = sub.add_parser("diff")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "ask":
        ids = set(args.ids.split(",")) if args.ids else None
        ask(args.out, args.files, ids, args.library)
    else:
        diff(args.before, args.after)


if __name__ == "__main__":
    main()
