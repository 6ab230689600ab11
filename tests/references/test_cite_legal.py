"""``posenqa cite`` on legal notes, through CliRunner: --note, --list, every export format."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import pytest
from click.testing import CliRunner

from posenqa.cli import cli
from posenqa.document import Footnote
from posenqa.store import DOCUMENT

from .conftest import make_document
from .test_formats import csl_schema
from .test_legal import NOTES

# ../shared/realpdfs beside the project (tests/conftest.py); POSENQA_REAL_PDFS overrides it,
# e.g. from a git worktree that does not sit beside ../shared.
REAL_PDFS = Path(
    os.environ.get("POSENQA_REAL_PDFS", Path(__file__).resolve().parents[3] / "shared" / "realpdfs")
)
CRS = REAL_PDFS / "crs_R48915_preemption_fdca_2026.pdf"


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["cite", *args])


@pytest.fixture(scope="module")
def legal_args(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A hand-built paper with legal notes, stored as an index named "legal"."""
    blocks = [(f"Claim {n} of the paper.", [n]) for n in NOTES]
    doc = make_document(NOTES, blocks)
    root = tmp_path_factory.mktemp("index")
    (root / "legal").mkdir()
    (root / "legal" / DOCUMENT).write_text(json.dumps(doc.to_dict()), encoding="utf-8")
    return ["--doc", "legal", "--index-dir", str(root)]


def test_note_with_a_short_case_cite_names_the_full_case(legal_args: list[str]) -> None:
    result = run("--note", "4", *legal_args)
    assert result.exit_code == 0, result.output
    assert "Illinois v. Wardlow, 528 U.S. 119 (2000)." in result.output
    assert "short form, full reference in note 3" in result.output


def test_note_with_id_names_the_full_case_json(legal_args: list[str]) -> None:
    data = json.loads(run("--note", "2", "--json", "--format", "chicago", *legal_args).output)
    (ref,) = data["references"]
    assert ref["kind"] == "case" and ref["form"] == "id" and ref["resolved_from"] == 1
    assert ref["formatted"] == "Terry v. Ohio, 392 U.S. 1, 30 (1968)."


def test_list_shows_cases_and_statutes_with_where_cited(legal_args: list[str]) -> None:
    works = json.loads(run("--list", "--json", *legal_args).output)["works"]
    by_title = {w["reference"]["title"]: w for w in works if w["reference"]["kind"] == "case"}
    assert [c["note"] for c in by_title["Terry v. Ohio"]["cited_in"]] == [1, 2, 8]
    assert [c["note"] for c in by_title["Illinois v. Wardlow"]["cited_in"]] == [3, 4]
    statutes = [w["reference"]["section"] for w in works if w["reference"]["kind"] == "statute"]
    assert statutes == ["360k", "337"]
    # An unresolved "Id." is not a work of its own.
    assert not any(w["reference"]["form"] == "id" for w in works)
    text = run("--list", *legal_args).output
    assert "Terry v. Ohio, 392 U.S. 1 (1968)." in text and "cited in n. 1" in text


def test_exports_follow_each_formats_legal_conventions(legal_args: list[str]) -> None:
    bib = run("--list", "--format", "bibtex", *legal_args).output
    library = bibtexparser.parse_string(bib)
    assert not library.failed_blocks
    fields = {e.key: (e.entry_type, {f.key: f.value for f in e.fields}) for e in library.entries}
    terry = next(f for t, f in fields.values() if f.get("title") == "Terry v. Ohio")
    assert (terry["journaltitle"], terry["volume"], terry["pages"], terry["year"]) == (
        "U.S.",
        "392",
        "1",
        "1968",
    )
    types = {t for t, _ in fields.values()}
    assert {"jurisdiction", "legislation", "book"} <= types

    ris = run("--list", "--format", "ris", *legal_args).output
    records = [r for r in ris.split("ER  - ") if r.strip()]
    types = {line[6:] for r in records for line in r.splitlines() if line.startswith("TY  - ")}
    assert {"CASE", "STAT", "BOOK"} <= types

    items = json.loads(run("--list", "--format", "csl-json", *legal_args).output)
    jsonschema.validate(items, csl_schema())
    kinds = {i["type"] for i in items}
    assert {"legal_case", "legislation", "book"} <= kinds
    washington = next(i for i in items if i.get("title") == "Commonwealth v. Washington")
    assert washington["authority"] == "Pa." and washington["page"] == "300"


@pytest.mark.skipif(not CRS.is_file(), reason=f"{CRS} is not available (see tests/conftest.py)")
def test_real_crs_report_id_and_short_forms(tmp_path: Path) -> None:
    args = ["--doc", str(CRS), "--index-dir", str(tmp_path)]
    short = run("--note", "24", *args)  # "Murphy, 584 U.S. at 478."
    assert short.exit_code == 0, short.output
    assert "Murphy v. Nat’l Collegiate Athletic Ass’n, 584 U.S. 453 (2018)." in short.output
    assert "short form, full reference in note 23" in short.output
    idem = json.loads(run("--note", "25", "--json", *args).output)  # "Id. at 478-80."
    (ref,) = idem["references"]
    assert (ref["title"], ref["form"], ref["pages"], ref["resolved_from"]) == (
        "Murphy v. Nat’l Collegiate Athletic Ass’n",
        "id",
        "478-80",
        23,
    )


# -- several note sequences (an opinion of the court and a dissent) -------------

SEQUENCES = {
    ("court", 1): "Terry v. Ohio, 392 U.S. 1, 27 (1968).",
    ("court", 2): "Id. at 30.",
    ("dissent", 1): "Id. at 5.",  # names nothing: the court's notes are another opinion's
    ("dissent", 2): "Terry, 392 U.S. at 29.",  # a short case cite reaches any earlier full cite
    ("dissent", 3): "Illinois v. Wardlow, 528 U.S. 119, 124 (2000).",
    ("dissent", 4): "Id. at 125.",
}


@pytest.fixture(scope="module")
def opinion_args(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    doc = make_document({}, [("The court held so.", [])])
    notes = tuple(Footnote(number=n, text=t, page=1, sequence=s) for (s, n), t in SEQUENCES.items())
    doc = replace(doc, footnotes=notes)
    root = tmp_path_factory.mktemp("index")
    (root / "opinion").mkdir()
    (root / "opinion" / DOCUMENT).write_text(json.dumps(doc.to_dict()), encoding="utf-8")
    return ["--doc", "opinion", "--index-dir", str(root)]


def test_note_in_a_sequence_resolves_within_it(opinion_args: list[str]) -> None:
    court = json.loads(run("--note", "court:2", "--json", *opinion_args).output)
    assert (court["sequence"], court["ref"]) == ("court", "court:2")
    (idem,) = court["references"]
    assert (idem["title"], idem["form"], idem["resolved_from"]) == ("Terry v. Ohio", "id", 1)
    dissent = json.loads(run("--note", "dissent:1", "--json", *opinion_args).output)
    (loose,) = dissent["references"]
    assert loose["form"] == "id" and loose["unresolved"] is True


def test_short_cite_and_id_in_the_dissent(opinion_args: list[str]) -> None:
    short = run("--note", "diss:2", *opinion_args)  # a prefix of the sequence's name
    assert short.exit_code == 0, short.output
    assert short.output.startswith("Note dissent:2")
    assert "Terry v. Ohio, 392 U.S. 1 (1968)." in short.output
    idem = run("--note", "dissent:4", *opinion_args)
    assert "Illinois v. Wardlow, 528 U.S. 119 (2000)." in idem.output
    assert "id form, full reference in note dissent:3" in idem.output


def test_works_cited_say_which_sequence(opinion_args: list[str]) -> None:
    works = json.loads(run("--list", "--json", *opinion_args).output)["works"]
    terry = next(w for w in works if w["reference"]["title"] == "Terry v. Ohio")
    assert [(c["sequence"], c["note"]) for c in terry["cited_in"]] == [
        ("court", 1),
        ("court", 2),
        ("dissent", 2),
    ]
    assert "cited in n. court:1, n. court:2, n. dissent:2" in run("--list", *opinion_args).output


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("2", "note 2 is in several sequences (court:2, dissent:2): name one"),
        ("concurrence:1", "the paper has no note 'concurrence:1'"),
        ("dissent:9", "notes: court 1-2, dissent 1-4"),
        ("first", "a note is named by its number or SEQUENCE:NUMBER"),
    ],
)
def test_naming_a_note_badly_is_a_clear_error(
    opinion_args: list[str], name: str, message: str
) -> None:
    result = run("--note", name, *opinion_args)
    assert result.exit_code != 0 and message in result.output
    assert "Traceback" not in result.output


def test_a_bare_number_names_a_note_held_by_one_sequence(opinion_args: list[str]) -> None:
    result = run("--note", "4", *opinion_args)
    assert result.exit_code == 0 and result.output.startswith("Note dissent:4")


def test_a_source_known_only_as_printed_is_exported_saying_so(legal_args: list[str]) -> None:
    bib = run("--note", "10", "--format", "bibtex", *legal_args).output
    (entry,) = bibtexparser.parse_string(bib).entries
    assert entry.entry_type == "misc"
    assert entry.fields_dict["note"].value == (
        "As printed in the paper (not parsed into fields): "
        r"Peter Barton Hutt, FOOD \& DRUG LAW 424–25 (5th ed. 2022)"
    )
    works = json.loads(run("--list", "--json", *legal_args).output)["works"]
    hutt = next(w for w in works if w["reference"]["printed"])
    assert [c["note"] for c in hutt["cited_in"]] == [9, 10, 12]
