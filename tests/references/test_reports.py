"""Government reports cited by number (CRS, GAO): found, resolved, listed and exported."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import pytest
from click.testing import CliRunner

from posenqa.cli import cli
from posenqa.references import resolve_notes, works_cited
from posenqa.references.reports import CRS, find_reports
from posenqa.store import DOCUMENT

from .conftest import make_document
from .test_formats import csl_schema

REAL_PDFS = Path(
    os.environ.get("POSENQA_REAL_PDFS", Path(__file__).resolve().parents[3] / "shared" / "realpdfs")
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # CRS's own form, authors after "by", a pinpoint before the year
            "See CRS Report R47374, FDA Regulation of Medical Devices, by Amanda K. Sarata, at 8 "
            "(2023). The reference to “510(k)” refers to the section.",
            {
                "title": "FDA Regulation of Medical Devices",
                "authors": ("Amanda K. Sarata",),
                "number": "R47374",
                "container": "CRS Report",
                "publisher": CRS,
                "year": 2023,
                "pages": "8",
            },
        ),
        (  # several authors; a title with commas; no year at all
            "CRS Report R48562, Boundaries on the Long-Run Realization Response, Again, by Mark P. "
            "Keightley and Jane G. Gravelle.",
            {
                "title": "Boundaries on the Long-Run Realization Response, Again",
                "authors": ("Mark P. Keightley", "Jane G. Gravelle"),
                "year": None,
            },
        ),
        (  # GAO's own form
            "GAO, Managing for Results: Federal Managers’ Views on Key Management Issues Vary "
            "Widely Across Agencies, GAO-01-592 (Washington, D.C.: May 25, 2001).",
            {
                "title": "Managing for Results: Federal Managers’ Views on Key Management Issues "
                "Vary Widely Across Agencies",
                "number": "GAO-01-592",
                "publisher": "GAO",
                "place": "Washington, D.C.",
                "year": 2001,
            },
        ),
        (  # the Bluebook's, with and without an author
            "See JANE DOE, CONG. RSCH. SERV., R12345, A TITLE OF THINGS 4 (2020).",
            {
                "title": "A TITLE OF THINGS",
                "authors": ("JANE DOE",),
                "number": "R12345",
                "publisher": CRS,
                "year": 2020,
                "pages": "4",
            },
        ),
        (
            "U.S. GOV’T ACCOUNTABILITY OFF., GAO-05-927, MANAGING FOR RESULTS (2005).",
            {
                "title": "MANAGING FOR RESULTS",
                "number": "GAO-05-927",
                "publisher": "U.S. Government Accountability Office",
                "year": 2005,
            },
        ),
    ],
)
def test_find_reports(text: str, expected: dict[str, Any]) -> None:
    (found,) = find_reports(text)
    assert found.kind == "report" and found.form == "full"
    assert {k: getattr(found, k) for k in expected} == expected


NOTES = {
    1: "GAO, Results-Oriented Government: GPRA Has Established a Solid Foundation, GAO-04-38 "
    "(Washington, D.C.: Mar. 10, 2004).",
    2: "GAO-04-38 and GAO-04-657.",  # the first cited in full in note 1; the second never
    3: "See CRS Report R45825, Federal Preemption: A Legal Primer, by Bryan L. Adkins, "
    "Alexander H. Pepper, and Jay B. Sykes (2023).",
    4: "Adkins, Pepper & Sykes, supra note 3, at 3–4.",
    5: "Id. at 7.",
    6: "U.S. GOV’T ACCOUNTABILITY OFF., GAO-05-927, MANAGING FOR RESULTS 12 (2005).",
}


def test_numbers_and_short_forms_name_the_report() -> None:
    refs = resolve_notes(sorted(NOTES.items()))
    (full,) = refs[1]
    cited, alone = refs[2]
    assert (cited.key, cited.form, cited.resolved_from, cited.title) == (
        full.key,
        "short",
        1,
        full.title,
    )
    # A number no note gives in full is still a report, known by its number.
    assert (alone.kind, alone.number, alone.unresolved, alone.title) == (
        "report",
        "GAO-04-657",
        False,
        None,
    )
    (crs,) = refs[3]
    assert [(r.key, r.form, r.pages) for r in refs[4]] == [(crs.key, "supra", "3–4")]
    assert [(r.key, r.form, r.pages) for r in refs[5]] == [(crs.key, "id", "7")]


@pytest.fixture(scope="module")
def report_args(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    doc = make_document(NOTES, [(f"Claim {n}.", [n]) for n in NOTES])
    root = tmp_path_factory.mktemp("index")
    (root / "reports").mkdir()
    (root / "reports" / DOCUMENT).write_text(json.dumps(doc.to_dict()), encoding="utf-8")
    return ["--doc", "reports", "--index-dir", str(root)]


def _cite(*args: str) -> str:
    result = CliRunner().invoke(cli, ["cite", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_list_shows_reports_with_their_numbers(report_args: list[str]) -> None:
    text = _cite("--list", *report_args)
    assert "[gao-04-38] GAO. 2004. Results-Oriented Government" in text
    assert "GAO-04-38. Washington, D.C.: GAO." in text
    assert "cited in n. 1 (p. 1, 1), n. 2 (p. 2, 1)" in text
    assert "[crs-r45825] Adkins, Bryan L., Alexander H. Pepper, and Jay B. Sykes. 2023." in text
    assert "“Federal Preemption: A Legal Primer.” CRS Report R45825." in text
    assert "[gao-05-927]" in text and "[gao-04-657]" in text


def test_reports_in_every_export_format(report_args: list[str]) -> None:
    items = json.loads(_cite("--list", "--format", "csl-json", *report_args))
    jsonschema.validate(items, csl_schema())
    by_id = {i["id"]: i for i in items}
    crs = by_id["crs-r45825"]
    assert (crs["type"], crs["number"], crs["publisher"], crs["collection-title"]) == (
        "report",
        "R45825",
        CRS,
        "CRS Report",
    )
    assert (by_id["gao-05-927"]["number"], by_id["gao-05-927"]["publisher"]) == (
        "GAO-05-927",
        "U.S. Government Accountability Office",
    )
    library = bibtexparser.parse_string(_cite("--list", "--format", "bibtex", *report_args))
    assert not library.failed_blocks
    fields = {e.key: (e.entry_type, {f.key: f.value for f in e.fields}) for e in library.entries}
    kind, gao = fields["gao-04-38"]
    assert (kind, gao["number"], gao["institution"]) == ("techreport", "GAO-04-38", "GAO")
    ris = _cite("--list", "--format", "ris", *report_args)
    record = next(r for r in ris.split("ER  - ") if "ID  - crs-r45825" in r)
    assert "TY  - RPRT" in record and "SN  - R45825" in record and f"PB  - {CRS}" in record


def _real(name: str) -> Path:
    path = REAL_PDFS / name
    if not path.is_file():
        pytest.skip(f"{path} is not available (see tests/conftest.py)")
    return path


def test_real_gao_report_lists_the_reports_it_cites_by_number() -> None:
    from posenqa.parsing import parse_file

    doc = parse_file(_real("gao_05-927_managing_for_results_2005.pdf"))
    works = {w.key: w for w in works_cited(doc)}
    gao = works["gao-04-38"]
    assert gao.reference.kind == "report" and gao.reference.number == "GAO-04-38"
    # Cited in full in note 2, then by number alone in notes 3, 7, 31 and 35 and Appendix I.
    notes = {(c.sequence, c.note) for c in gao.cited_in}
    assert {("", 2), ("", 3), ("", 7), ("", 31), ("", 35)} <= {(s or "", n) for s, n in notes}


def test_real_crs_report_lists_the_crs_reports_it_cites() -> None:
    from posenqa.parsing import parse_file

    doc = parse_file(_real("crs_R48913_corporate_tax_revenue_maximizing_rate.pdf"))
    reports = {w.reference.number: w.reference for w in works_cited(doc) if w.reference.number}
    assert {"R41743", "RL34229", "R48562"} <= set(reports)
    assert reports["R41743"].authors == ("Jane G. Gravelle",)
    assert reports["R41743"].publisher == CRS
