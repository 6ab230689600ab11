"""Export formats, checked by real parsers: bibtexparser, jsonschema, and the RIS tag grammar."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from importlib import resources

import bibtexparser
import jsonschema
import pytest

from posenqa.document import Document
from posenqa.references import (
    STYLES,
    StyleError,
    cite_paper,
    format_reference,
    format_references,
    note_references,
    works_cited,
)
from posenqa.references.resolve import resolve_notes

RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  - (.*)$")


def csl_schema() -> dict[str, object]:
    text = resources.files("posenqa.references").joinpath("csl-data.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def ris_records(text: str) -> list[list[tuple[str, str]]]:
    """Split RIS text into records of (tag, value), checking each line's shape."""
    records: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = RIS_LINE.match(line)
        assert m, f"bad RIS line {line!r}"
        current.append((m.group(1), m.group(2)))
        if m.group(1) == "ER":
            records.append(current)
            current = []
    assert not current, "record without ER"
    return records


@pytest.fixture(scope="module")
def all_refs(paper_txt: Document) -> list:  # type: ignore[type-arg]
    refs = [r for rs in note_references(paper_txt).values() for r in rs]
    assert len(refs) > 50
    return refs


def test_bibtex_parses_with_stable_unique_keys(paper_txt: Document) -> None:
    works = works_cited(paper_txt)
    text = format_references([w.reference for w in works], "bibtex")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    assert [e.key for e in library.entries] == [w.key for w in works]
    friedman = next(e for e in library.entries if e.key == "friedman2000japan")
    assert friedman.entry_type == "incollection"
    fields = friedman.fields_dict
    assert fields["author"].value == "Friedman, Benjamin"
    assert fields["editor"].value == "Mikitani, Ryoichi and Posen, Adam S."
    assert fields["booktitle"].value.startswith("Japan’s Financial Crisis")
    assert fields["year"].value == "2000"
    # Keys are stable: formatting twice gives the same text.
    assert format_references([w.reference for w in works_cited(paper_txt)], "bibtex") == text


def test_bibtex_escapes_latex_specials() -> None:
    (ref,) = resolve_notes([(1, "Ann Lee, Profit & Loss: 100% Sure (Acme_Co Press, 2001).")])[1]
    library = bibtexparser.parse_string(format_reference(ref, "bibtex"))
    (entry,) = library.entries
    assert entry.fields_dict["title"].value == r"Profit \& Loss: 100\% Sure"
    assert entry.fields_dict["publisher"].value == r"Acme\_Co Press"


def test_csl_json_validates_against_the_schema(all_refs: list) -> None:  # type: ignore[type-arg]
    items = json.loads(format_references(all_refs, "csl-json"))
    jsonschema.validate(items, csl_schema())
    single = json.loads(format_reference(all_refs[0], "csl-json"))
    jsonschema.validate(single, csl_schema())
    chapter = next(i for i in items if i["id"] == "friedman2000japan")
    assert chapter["type"] == "chapter"
    assert chapter["author"] == [{"family": "Friedman", "given": "Benjamin"}]
    assert chapter["issued"] == {"date-parts": [[2000]]}


def test_the_schema_rejects_what_it_should() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "not-a-type"}], csl_schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"type": "book"}], csl_schema())  # no id


def test_ris_structure(all_refs: list) -> None:  # type: ignore[type-arg]
    records = ris_records(format_references(all_refs, "ris"))
    assert len(records) == len({r.key for r in all_refs})
    for record in records:
        tags = [t for t, _ in record]
        assert tags[0] == "TY" and tags[-1] == "ER"
        assert tags.count("TY") == 1 and tags.count("ER") == 1
    cargill = next(r for r in records if ("ID", "cargill2000financial") in r)
    assert [v for t, v in cargill if t == "AU"] == [
        "Cargill, Thomas",
        "Hutchison, Michael",
        "Ito, Taka",
    ]
    assert ("TY", "BOOK") in cargill and ("PY", "2000") in cargill


def test_ris_pages_split_into_sp_and_ep(paper_txt: Document) -> None:
    ref = next(r for r in note_references(paper_txt)[36] if r.form == "full")
    record = ris_records(format_reference(ref, "ris"))[0]
    assert ("SP", "7") in record and ("EP", "8") in record


def test_chicago_note_form_reprints_the_papers_note(paper_txt: Document) -> None:
    for number in (7, 11, 21, 44, 49):
        (ref,) = note_references(paper_txt)[number]
        text = paper_txt.footnote(number).text  # type: ignore[union-attr]
        # The reference's own span, without the comment that follows it in note 44.
        assert format_reference(ref, "chicago") == text[ref.span[0] : ref.span[1]].rstrip(".") + "."
    short = next(iter(note_references(paper_txt)[39]))
    assert format_reference(short, "chicago").endswith(
        "(Institute for International Economics, 2000), p. 181."
    )
    taylor = next(r for r in note_references(paper_txt)[56] if r.unresolved)
    assert format_reference(taylor, "chicago") == "Taylor (2000)."


def test_cite_the_paper_itself_in_every_format(paper_pdf: Document) -> None:
    assert cite_paper(paper_pdf, 12, "text") == "Posen 2001, p. 12"
    assert cite_paper(paper_pdf, None, "text") == "Posen 2001"
    chicago = cite_paper(paper_pdf, 12, "chicago")
    assert chicago.startswith("Adam S. Posen, “Finance and Changing US-Japan Relations")
    assert chicago.endswith("(Institute for International Economics, 2001), p. 12.")
    (entry,) = bibtexparser.parse_string(cite_paper(paper_pdf, 12, "bibtex")).entries
    assert entry.key == "posen2001finance" and entry.fields_dict["pages"].value == "12"
    (record,) = ris_records(cite_paper(paper_pdf, 12, "ris"))
    assert ("SP", "12") in record
    jsonschema.validate(json.loads(cite_paper(paper_pdf, 12, "csl-json")), csl_schema())


def test_unknown_style_is_an_error(all_refs: list) -> None:  # type: ignore[type-arg]
    # Neither a built-in format nor a bundled CSL style (see test_csl.py) nor a .csl file.
    assert "harvard" not in STYLES
    with pytest.raises(StyleError, match="unknown citation style 'harvard'"):
        format_reference(all_refs[0], "harvard")


def test_cite_a_paper_titled_in_capitals_without_front_matter() -> None:
    from dataclasses import replace

    from .conftest import make_document

    doc = replace(make_document({}, [("Text.", [])]), title="LESSONS FROM THE US: A STUDY")
    assert cite_paper(doc, 1, "text") == "Writer 2020, p. 1"
    assert cite_paper(doc, 1, "chicago") == "Ann Writer, Lessons from the US: A Study (2020), p. 1."


# -- BibTeX entries complete for their type ------------------------------------


def test_bibtex_entries_are_complete_for_their_type(paper_txt: Document) -> None:
    from posenqa.references.bibtex import REQUIRED

    works = works_cited(paper_txt)
    library = bibtexparser.parse_string(format_references([w.reference for w in works], "bibtex"))
    assert not library.failed_blocks
    for entry in library.entries:
        have = set(entry.fields_dict)
        if entry.entry_type == "book" and "editor" in have:
            have.add("author")
        assert set(REQUIRED[entry.entry_type]) <= have, (entry.key, entry.entry_type, have)
    # A report its organization issues itself names that organization as the institution.
    report = next(e for e in library.entries if e.key == "american2001usjapan")
    assert report.entry_type == "techreport"
    assert report.fields_dict["institution"].value == "American Chamber of Commerce in Japan"


def test_a_work_never_given_in_full_says_so_in_every_export(paper_txt: Document) -> None:
    taylor = next(w.reference for w in works_cited(paper_txt) if w.key == "taylor2000")
    assert taylor.unresolved
    says = "The paper never gives this work in full; it cites it only as “Taylor (2000)”."
    (entry,) = bibtexparser.parse_string(format_reference(taylor, "bibtex")).entries
    assert entry.entry_type == "misc" and entry.fields_dict["note"].value == says
    assert f"N1  - {says}" in format_reference(taylor, "ris").splitlines()
    (item,) = json.loads(format_reference(taylor, "csl-json"))
    assert item["note"] == says


def test_an_incomplete_entry_becomes_misc_saying_what_is_missing() -> None:
    # A chapter with its book but no publisher: @incollection would lack a required field.
    (full,) = resolve_notes(
        [(1, "Ann Lee, “A Chapter,” in Bo Ma, ed., A Book (Boston: Acme, 2001), p. 3.")]
    )[1]
    ref = replace(full, publisher=None, place=None)
    assert ref.kind == "chapter" and ref.publisher is None
    (entry,) = bibtexparser.parse_string(format_reference(ref, "bibtex")).entries
    assert entry.entry_type == "misc"
    assert entry.fields_dict["howpublished"].value == "In A Book"
    assert entry.fields_dict["note"].value == "The paper gives no publisher for this chapter."


def test_unresolved_surnames_read_naturally() -> None:
    (ref,) = resolve_notes([(1, "Fukao and Kester (1992) disagree.")])[1]
    assert format_reference(ref, "text").startswith("Fukao and Kester. 1992.")


def test_legal_bibtex_names_the_case_once() -> None:
    # A @jurisdiction falls back to @misc in styles without legal drivers, which print
    # title, note and year: the note holds only what the other fields do not say.
    from posenqa.references import resolve_notes

    (case,) = resolve_notes([(1, "Commonwealth v. Washington, 287 A.3d 300, 305 (Pa. 2022).")])[1]
    entry = format_reference(case, "bibtex").split(",", 1)[1]  # the fields, not the key
    assert entry.count("Commonwealth v. Washington") == 1 and entry.count("2022") == 1
    assert "note = {287 A.3d 300 (Pa.)}" in entry
    (code,) = resolve_notes([(1, "21 U.S.C. § 360k(a).")])[1]
    fields = format_reference(code, "bibtex").split(",", 1)[1]
    assert fields.count("360k") == 2  # title and section, no note
