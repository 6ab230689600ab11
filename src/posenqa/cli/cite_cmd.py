"""``posenqa cite``: notes and works behind a claim, a note's references, works cited, quotes.

``--note``, ``--list``, ``--quote`` and ``--paper`` need only the parsed paper
(read from a built index when it is current, else parsed: no model, no torch);
a QUERY runs retrieval through the index like ``posenqa ask``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from posenqa.cli.shared import (
    DEFAULT_PAPER,
    doc_option,
    index_dir_option,
    mode_option,
    model_option,
    rerank_option,
    safe,
)
from posenqa.errors import InputError, PosenqaError
from posenqa.references.records import NoteNotFound
from posenqa.textsafe import json_text

if TYPE_CHECKING:
    from posenqa.document import Document
    from posenqa.references import Citation, Reference
    from posenqa.references.cache import SavedReferences
    from posenqa.references.support import Support

FORMATS = ("text", "chicago", "bibtex", "ris", "csl-json")
_MACHINE = ("bibtex", "ris", "csl-json")
#: Exit status of ``cite --quote`` when the quotation is not in the paper (grep's "no match").
QUOTE_NOT_FOUND = 1


@click.command()
@click.argument("query", required=False)
@click.option(
    "--note",
    "note",
    default=None,
    metavar="N|SEQ:N",
    help="Show a note and its references: its number, or SEQUENCE:NUMBER (e.g. dissent:3) "
    "in a paper whose note numbering restarts (parse --json lists the sequences).",
)
@click.option(
    "--list",
    "list_works",
    is_flag=True,
    help="List the works cited (without --doc: across the library, "
    "each work once with the papers citing it).",
)
@click.option("--quote", default=None, help="Check whether TEXT is quoted exactly from the paper.")
@click.option("--paper", is_flag=True, help="Cite the paper itself (with --page: at a page).")
@click.option("--page", type=int, default=None, help="Page to cite the paper at (with --paper).")
@click.option(
    "--format",
    "style",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Citation format.",
)
@click.option(
    "--style",
    "csl_style",
    default=None,
    metavar="NAME|FILE.csl",
    help="Render references in a CSL style: chicago-notes-bibliography, chicago-author-date, "
    "apa, mla (bundled), or a .csl file. Replaces --format text/chicago.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@doc_option
@click.option(
    "--k",
    "-k",
    "k",
    default=5,
    show_default=True,
    type=click.IntRange(1, 50),
    help="Passages to search.",
)
@mode_option("Ranking used for a QUERY.")
@rerank_option
@model_option
@index_dir_option
def cite(
    query: str | None,
    note: str | None,
    list_works: bool,
    quote: str | None,
    paper: bool,
    page: int | None,
    style: str,
    csl_style: str | None,
    as_json: bool,
    doc: str | None,
    k: int,
    mode: str,
    rerank: bool | None,
    model: str | None,
    index_dir: str,
) -> None:
    """Citations for writers: the notes and works that support QUERY (a claim or topic).

    Or, instead of QUERY: --note N (a note's references, short forms resolved),
    --list (the works cited), --quote TEXT (is the quotation in the paper?), or
    --paper [--page N] (how to cite the paper itself). --format picks the
    citation format; bibtex, ris and csl-json print only the entries. --style
    renders references in a CSL style instead (the bundled styles are CC BY-SA 3.0,
    from the official CSL repository).
    """
    chosen = [
        name
        for name, on in (
            ("QUERY", query is not None),
            ("--note", note is not None),
            ("--list", list_works),
            ("--quote", quote is not None),
            ("--paper", paper),
        )
        if on
    ]
    if len(chosen) != 1:
        what = "several of " + ", ".join(chosen) if chosen else "none"
        raise click.UsageError(
            f"give exactly one of QUERY, --note, --list, --quote, --paper ({what})"
        )
    if page is not None and not paper:
        raise click.UsageError("--page goes with --paper")
    if csl_style is not None:
        from posenqa.references.csl import style_file

        if style != "text":
            raise click.UsageError(
                "--style renders text; --format picks a built-in format or an export: give one"
            )
        style_file(csl_style)  # an unknown name or a missing file is a clear error now
        style = csl_style
    if doc is not None:
        from posenqa.cli.library_shared import paper_file

        doc = paper_file(doc, index_dir)  # a paper of the library by any of its names
    if query is not None and doc is None:
        from posenqa.cli.library_cite import cite_across_library

        cite_across_library(query, index_dir, model, k, mode, rerank, style, as_json)
        return
    if query is not None:
        _query(query, doc, index_dir, k, mode, rerank, model, style, as_json)
        return
    if list_works and doc is None:
        from posenqa.cli.library_cite import list_library_works

        list_library_works(index_dir, style, as_json)
        return
    document, saved = load_paper(doc, index_dir)
    if note is not None:
        _note(document, saved, note, style, as_json)
    elif list_works:
        _list(document, saved, style, as_json)
    elif quote is not None:
        _quote(document, quote, style, as_json)
    else:
        _paper(document, page, style, as_json)


# -- loading ------------------------------------------------------------------


def load_paper(doc: str | None, index_dir: str) -> tuple[Document, SavedReferences | None]:
    """The parsed paper and its saved references: from a current index when there is one
    (the references as its manifest lists them), else parsed now (no saved references)."""
    from posenqa.document import Document
    from posenqa.parsing import PARSER_VERSION, file_sha256, parse_file
    from posenqa.references.cache import saved_references
    from posenqa.store import DOCUMENT, index_name, read_manifest

    path = Path(doc) if doc else DEFAULT_PAPER
    root = Path(index_dir)
    if path.is_file():
        folder = root / index_name(path)
        try:
            manifest = read_manifest(folder)
            info = manifest.get("document", {})
            if (
                info.get("parser_version") == PARSER_VERSION
                and info.get("sha256") == file_sha256(path)
                and (folder / DOCUMENT).is_file()
            ):
                data = json.loads((folder / DOCUMENT).read_text(encoding="utf-8"))
                return Document.from_dict(data), saved_references(folder, manifest)
        except (PosenqaError, OSError, ValueError, KeyError, TypeError):
            pass  # no usable index: parse the file instead
        return parse_file(path), None
    if doc and "/" not in doc and (root / doc / DOCUMENT).is_file():
        try:
            data = json.loads((root / doc / DOCUMENT).read_text(encoding="utf-8"))
            return Document.from_dict(data), _manifest_references(root / doc)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{root / doc}: damaged index ({exc})") from exc
    if path.exists():
        raise InputError(f"{path}: not a file")
    raise InputError(f"{path}: no such file, and no index of that name under {root}")


def _manifest_references(folder: Path) -> SavedReferences | None:
    """The saved references the index ``folder``'s manifest lists (None: none, or no manifest)."""
    from posenqa.references.cache import saved_references
    from posenqa.store import read_manifest

    try:
        return saved_references(folder, read_manifest(folder))
    except (PosenqaError, OSError, ValueError):
        return None


# -- actions ------------------------------------------------------------------


def _ref_json(ref: Reference, style: str, *, entry: bool = False) -> dict[str, Any]:
    from posenqa.references.records import reference_record

    return reference_record(ref, style, entry=entry)


def _status(ref: Reference, sequence: str = "") -> str:
    from posenqa.references.records import reference_status

    return reference_status(ref, sequence)


def _entries(refs: list[Reference], style: str) -> str:
    from posenqa.references import format_references

    unique = list({r.key: r for r in refs}.values())
    return format_references(unique, style)


def _note(
    doc: Document, saved: SavedReferences | None, name: str, style: str, as_json: bool
) -> None:
    from posenqa.references import format_reference, note_citations, sequence_references
    from posenqa.references.records import find_note, note_record

    footnote = find_note(doc, name)
    number, sequence = footnote.number, footnote.sequence
    refs = list(sequence_references(doc, saved).get(footnote.key, ()))
    if as_json:
        click.echo(json_text(note_record(doc, number, style, sequence, saved=saved), indent=2))
        return
    if style in _MACHINE:
        if refs:
            click.echo(safe(_entries(refs, style)))
        return
    if footnote.missing:
        click.echo(
            safe(f"Note {footnote.ref}: its text is missing from the paper (p. {footnote.page}).")
        )
        return
    click.echo(safe(f"Note {footnote.ref} (p. {footnote.page})"))
    click.echo(safe(f"  {footnote.text}"))
    for citation in note_citations(doc, number, sequence):
        if citation.sentence:
            click.echo(safe(f"  cited at p. {citation.page}, section {citation.section}:"))
            click.echo(safe(f"    “{citation.sentence}”"))
    if not refs:
        click.echo("  No references: the note is comment only.")
        return
    click.echo("References:")
    for i, ref in enumerate(refs, start=1):
        click.echo(safe(f"  {i}. [{ref.key}] {format_reference(ref, style)}"))
        click.echo(safe(f"     ({_status(ref, sequence)})"))


def _list(doc: Document, saved: SavedReferences | None, style: str, as_json: bool) -> None:
    from posenqa.references import format_entry, works_cited

    works = works_cited(doc, saved)
    if as_json:
        data = {
            "works": [
                {
                    "key": w.key,
                    "reference": _ref_json(w.reference, style, entry=True),
                    "cited_in": [c.to_dict() for c in w.cited_in],
                }
                for w in works
            ]
        }
        click.echo(json_text(data, indent=2))
        return
    if style in _MACHINE:
        click.echo(safe(_entries([w.reference for w in works], style)))
        return
    unresolved = sum(1 for w in works if w.reference.unresolved)
    click.echo(f"Works cited: {len(works)} ({unresolved} without a full reference in the paper)")
    for i, work in enumerate(works, start=1):
        click.echo(safe(f"{i:3}. [{work.key}] {format_entry(work.reference, style)}"))
        places = ", ".join(dict.fromkeys(_place(c) for c in work.cited_in))
        click.echo(safe(f"     cited in {places}"))


def _place(citation: Citation) -> str:
    """ "n. 3 (p. 7, II)" for a note; "text p. 12 (III.A)" for the body text itself."""
    if citation.note is None:
        return f"text p. {citation.page}" + (f" ({citation.section})" if citation.section else "")
    where = f"n. {citation.note_ref}"
    return f"{where} (p. {citation.page}, {citation.section})" if citation.section else where


def _quote(doc: Document, quote: str, style: str, as_json: bool) -> None:
    from posenqa.library.labels import paper_citation
    from posenqa.references import check_quote

    match = check_quote(doc, quote)
    citation = paper_citation(doc, match.page, style) if match.found else None
    if as_json:
        data = match.to_dict()
        data["citation"] = citation
        click.echo(json_text(data, indent=2))
        _exit_unless(match.found)
        return
    if match.found:
        where = f"note {match.note}" if match.note is not None else f"section {match.section}"
        click.echo(safe(f"Found: {where}, p. {match.page}"))
        click.echo(safe(f"  “{match.text}”"))
        click.echo(safe(f"Cite as: {citation}"))
        return
    click.echo("Not found in the paper.")
    if match.closest is None:
        click.echo("No passage comes close.")
    else:
        c = match.closest
        where = f"note {c.note}" if c.note is not None else f"section {c.section}"
        click.echo(
            safe(f"Closest passage ({where}, p. {c.page}; {c.score:.0%} of the words, in order):")
        )
        click.echo(safe(f"  {c.text}"))
    _exit_unless(False)


def _exit_unless(found: bool) -> None:
    # Like grep: a quotation not in the paper is a failure a script can test for.
    if not found:
        click.get_current_context().exit(QUOTE_NOT_FOUND)


def _paper(doc: Document, page: int | None, style: str, as_json: bool) -> None:
    from posenqa.library.labels import labelled, paper_citation
    from posenqa.references import paper_reference

    text = paper_citation(doc, page, style)
    if as_json:
        data = {"citation": text, "reference": paper_reference(labelled(doc), page).to_dict()}
        click.echo(json_text(data, indent=2))
        return
    click.echo(safe(text))


def _query(
    query: str,
    doc: str | None,
    index_dir: str,
    k: int,
    mode: str,
    rerank: bool | None,
    model: str | None,
    style: str,
    as_json: bool,
) -> None:
    from posenqa.answer import check_question
    from posenqa.cli.shared import open_engine
    from posenqa.references.support import support_for

    check_question(query)
    engine = open_engine(doc, index_dir, model=model)
    support = support_for(engine, query, k=k, mode=mode, rerank=rerank)
    if as_json:
        click.echo(json_text(support_json(support, engine.document, style)))
        return
    _print_support(support, engine.document, style)


def support_json(support: Support, doc: Document, style: str) -> dict[str, Any]:
    """The ``cite QUERY --json`` shape."""
    from posenqa.library.labels import paper_citation

    return {
        "query": support.query,
        "mode": support.mode,
        "supported": support.supported,
        "confidence": round(support.confidence, 6),
        "threshold": round(support.threshold, 6),
        "reasons": list(support.reasons),
        "notes": [
            {
                "number": n.number,
                "page": n.page,
                "rank": n.rank,
                "claim": n.claim,
                "text": n.text,
                "cited_in": [c.to_dict() for c in n.citations],
                "references": [_ref_json(r, style) for r in n.references],
            }
            for n in support.notes
        ],
        "passages": [
            {
                "id": p.id,
                "section": p.section,
                "page": p.page,
                "rank": p.rank,
                "sentence": p.sentence,
                "citation": paper_citation(doc, p.page, style),
            }
            for p in support.passages
        ],
    }


def unsupported_message(support: Support) -> str:
    """The notice that the paper does not support a claim, with the threshold it used."""
    from posenqa.pipeline.judge import notice

    return (
        notice(
            "Nothing in the paper supports this",
            support.confidence,
            support.threshold,
            support.reasons,
        )
        + "."
    )


def _print_support(support: Support, doc: Document, style: str) -> None:
    from posenqa.library.labels import paper_citation
    from posenqa.references import format_reference

    if not support.notes and not support.passages:
        click.echo("Nothing in the paper matches.")
        return
    if not support.supported:
        # The same judgement as ``ask``: shown instead of notes that would not back the claim.
        click.echo(unsupported_message(support), err=style in _MACHINE)
        return
    if style in _MACHINE:
        refs = [r for n in support.notes for r in n.references]
        if refs:
            click.echo(safe(_entries(refs, style)))
        return
    for i, note in enumerate(support.notes, start=1):
        first = note.citations[0] if note.citations else None
        section = f", section {first.section}" if first and first.section else ""
        page = first.page if first else note.page
        click.echo(safe(f"{i}. Note {note.number} (claim on p. {page}{section})"))
        if note.claim:
            click.echo(safe(f"   Claim: “{note.claim}”"))
        click.echo(safe(f"   Note: {note.text}"))
        if not note.references:
            click.echo("   (the note cites no work)")
        for ref in note.references:
            click.echo(safe(f"   - {format_reference(ref, style)}"))
            if ref.unresolved:
                click.echo(safe(f"     ({_status(ref)})"))
    if support.passages:
        click.echo("Passages citing no note (cite the paper itself):")
        for p in support.passages:
            click.echo(safe(f"   - “{p.sentence}” — {paper_citation(doc, p.page, style)}"))


__all__ = ["FORMATS", "NoteNotFound", "cite", "load_paper", "support_json"]
