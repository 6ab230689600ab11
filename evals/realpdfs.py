"""Score the parser against the truth of the shared real PDFs.

    python evals/realpdfs.py [--dir ../shared/realpdfs] [--json out.json]

For every paper in ``tests/parsing/data/realpdfs_truth.json`` (written from
reading the PDFs, see its ``_about``) it parses the PDF and prints one row:
notes found with their text in the right sequence, notes whose printed page
is right, body blocks whose printed page is right, headings found, and
headings found that the truth does not list (figure text, table-of-contents
lines, running text taken for a heading), and notes found that the truth does
not list (a numbered list or a table read as notes). The tests import :func:`score` and
:func:`load_truth` from here, so the README's table and the tests measure the
same way.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from posenqa.parsing.numerals import to_roman

ROOT = Path(__file__).resolve().parents[1]
TRUTH = ROOT / "tests" / "parsing" / "data" / "realpdfs_truth.json"
#: Where the shared PDFs may live: beside the checkout, or the machine's shared folder.
CANDIDATE_DIRS = (ROOT.parent / "shared" / "realpdfs", Path("/work/shared/realpdfs"))


def find_pdf_dir() -> Path | None:
    """The first folder of shared real PDFs that exists, or None."""
    return next((d for d in CANDIDATE_DIRS if d.is_dir()), None)


def load_truth() -> list[dict[str, Any]]:
    """The papers' truth records."""
    return json.loads(TRUTH.read_text(encoding="utf-8"))["papers"]


def page_labels(paper: dict[str, Any]) -> dict[int, int | str]:
    """Printed label by physical page (from 1); unnumbered pages are absent."""
    labels: dict[int, int | str] = {}
    for span in paper["labels"]:
        first, last = span["pdf"]
        for k, page in enumerate(range(first, last + 1)):
            number = span["first"] + k
            labels[page] = to_roman(number) if span.get("style") == "roman" else number
    return labels


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _label(text: str) -> str:
    """A heading label compared loosely: "Appendix A." -> "a", "II.B.1" stays "ii.b.1"."""
    text = re.sub(r"(?i)^appendix\s+", "", text.strip()).rstrip(".").lower()
    return re.sub(r"[~#]\d+$", "", text)


@dataclass(frozen=True)
class Score:
    """One paper's row."""

    paper: str
    notes: int
    notes_found: int
    note_pages_right: int
    blocks: int
    block_pages_right: int
    sections: int
    sections_found: int
    extra_sections: int
    seconds: float
    extra_notes: int = 0
    """Notes with a body that the truth does not list (a list or table read as notes)."""
    extra_titles: tuple[str, ...] = ()


def score(doc: Any, paper: dict[str, Any], seconds: float = 0.0) -> Score:
    """Compare a parsed Document with a paper's truth."""
    labels = page_labels(paper)
    found_notes = {(n.sequence, n.number): n for n in doc.footnotes}
    notes = found = pages_right = 0
    listed: set[tuple[str, int]] = set()
    for seq in paper["notes"]:
        for page, numbers in seq["pages"].items():
            for number in numbers:
                notes += 1
                listed.add((seq["sequence"], number))
                note = found_notes.get((seq["sequence"], number))
                if note is None or note.missing or len(note.text.strip()) < 2:
                    continue
                found += 1
                if note.page == labels.get(int(page)):
                    pages_right += 1
    blocks = [b for b in doc.blocks if b.page_index is not None]
    block_right = sum(b.page == labels.get(b.page_index) for b in blocks)

    expected = paper["sections"]
    unmatched = list(doc.sections)
    hit = 0
    for want in expected:
        match = next((s for s in unmatched if _heading_matches(want, s)), None)
        if match is not None:
            hit += 1
            unmatched.remove(match)
    extra = [s for s in unmatched if s.label not in ("intro", "front")]
    return Score(
        paper=paper["short"],
        notes=notes,
        notes_found=found,
        note_pages_right=pages_right,
        blocks=len(blocks),
        block_pages_right=block_right,
        sections=len(expected),
        sections_found=hit,
        extra_sections=len(extra),
        seconds=round(seconds, 2),
        extra_notes=sum(not n.missing and key not in listed for key, n in found_notes.items()),
        extra_titles=tuple(f"{s.label} {s.title}"[:60] for s in extra),
    )


def _heading_matches(want: dict[str, Any], section: Any) -> bool:
    label = section.label
    part = want.get("part", "")
    if part:
        if not label.startswith(part + ":"):
            return False
        label = label[len(part) + 1 :]
    elif ":" in label and not want.get("title"):
        return False
    if "title" in want:
        title = _norm(want["title"])
        have = _norm(section.title)
        # The truth may give only a title's start; a heading found cut short must still
        # hold most of it (sibling headings share long openings: "Case Law on the ...").
        return bool(have) and (
            have.startswith(title) or (title.startswith(have) and len(have) >= 0.6 * len(title))
        )
    return _label(label) == _label(want["label"])


def run(pdf_dir: Path, only: str = "") -> list[Score]:
    """Parse and score every paper whose file is present (and matches ``only``)."""
    from posenqa.parsing.pdf import parse_pdf

    rows = []
    for paper in load_truth():
        path = pdf_dir / paper["file"]
        if (only and only not in paper["file"]) or not path.exists():
            continue
        start = time.perf_counter()
        doc = parse_pdf(path)
        rows.append(score(doc, paper, time.perf_counter() - start))
    return rows


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else "-"


def table(rows: list[Score]) -> str:
    """The rows as a Markdown table with a total line."""
    out = [
        "| paper | notes found | note pages right | block pages right | sections found "
        "| extra sections | extra notes |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        out.append(
            f"| {r.paper} | {_pct(r.notes_found, r.notes)} | {_pct(r.note_pages_right, r.notes)} "
            f"| {_pct(r.block_pages_right, r.blocks)} | {_pct(r.sections_found, r.sections)} "
            f"| {r.extra_sections} | {r.extra_notes} |"
        )
    total = Counter()
    for r in rows:
        total.update(
            {
                k: v
                for k, v in asdict(r).items()
                if isinstance(v, int | float) and not isinstance(v, bool)
            }
        )
    out.append(
        f"| all | {_pct(total['notes_found'], total['notes'])} "
        f"| {_pct(total['note_pages_right'], total['notes'])} "
        f"| {_pct(total['block_pages_right'], total['blocks'])} "
        f"| {_pct(total['sections_found'], total['sections'])} | {total['extra_sections']} "
        f"| {total['extra_notes']} |"
    )
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=None, help="folder of the shared PDFs")
    parser.add_argument("--only", default="", help="score only files whose name contains this")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows as JSON")
    parser.add_argument("--extra", action="store_true", help="list the extra sections")
    args = parser.parse_args()
    pdf_dir = args.dir or find_pdf_dir()
    if pdf_dir is None or not pdf_dir.is_dir():
        print("no shared real PDFs found (looked in ../shared/realpdfs)", file=sys.stderr)
        return 2
    rows = run(pdf_dir, args.only)
    print(table(rows))
    if args.extra:
        for r in rows:
            for title in r.extra_titles:
                print(f"  extra in {r.paper}: {title}")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
