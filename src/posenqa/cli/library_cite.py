"""``cite`` over the whole library: ``--list`` names each work once with the papers citing
it; a QUERY finds the supporting notes in every paper."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from posenqa.cli.shared import safe
from posenqa.textsafe import json_text

if TYPE_CHECKING:
    from posenqa.answer import Answer
    from posenqa.document import Document
    from posenqa.library.registry import PaperEntry
    from posenqa.pipeline.explain import Hit
    from posenqa.references.cache import SavedReferences


def list_library_works(index_dir: str, style: str, as_json: bool) -> None:
    """Print the works cited by the library's papers (read from their indexes, no model;
    each paper's works kept beside the library once computed)."""
    from posenqa.cli.cite_cmd import _MACHINE, _entries, load_paper
    from posenqa.cli.library_shared import left_out_said
    from posenqa.library.manage import searchable
    from posenqa.library.registry import read_library
    from posenqa.library.works import merge_works
    from posenqa.library.works_cache import paper_works
    from posenqa.references import format_reference

    root = Path(index_dir)
    cited = []
    # An empty library, or one whose every paper is lost, is said as `ask` says it (exit 1).
    for paper in searchable(root, read_library(root), left_out_said):
        document, saved = load_paper(paper.where(), index_dir)
        cited.append((_named(paper, document), paper_works(root, paper.id, document, saved)))
    works = merge_works(cited)
    if as_json:
        click.echo(json_text({"works": [w.to_dict() for w in works]}, indent=2))
        return
    if style in _MACHINE:
        click.echo(safe(_entries([w.reference for w in works], style)))
        return
    shared = sum(1 for w in works if len(w.cited_by) > 1)
    click.echo(
        f"Works cited in {len(cited)} papers: {len(works)} ({shared} cited by more than one)"
    )
    for i, work in enumerate(works, start=1):
        click.echo(safe(f"{i:3}. {format_reference(work.reference, style)}"))
        for citing in work.cited_by:
            places = ", ".join(
                # A citation in the body text itself has no note.
                ("text" if c.note is None else f"n. {c.note}")
                + (f", p. {c.page}" if c.page is not None else "")
                for c in citing.work.cited_in
            )
            click.echo(safe(f"     {citing.paper.short} ({citing.paper.id}): {places}"))


def _named(paper: PaperEntry, document: Document) -> PaperEntry:
    """``paper``, named from its document when the library has not indexed it yet (the
    bundled paper at first: "Posen 2001", not its id twice)."""
    if paper.sha256 is not None:
        return paper
    from posenqa.library.labels import best_metadata

    return best_metadata(document).onto(paper)


@dataclass(frozen=True, slots=True)
class _Answered:
    """One paper's share of a library answer, in the shape ``support_for`` reads an engine."""

    document: Document
    answer: Answer
    references: SavedReferences | None

    def ask(self, question: str, **_options: object) -> Answer:
        return self.answer


def cite_across_library(
    query: str,
    index_dir: str,
    model: str | None,
    k: int,
    mode: str,
    rerank: bool | None,
    style: str,
    as_json: bool,
) -> None:
    """``cite QUERY`` over every paper's notes: one ranking of the whole library (as ``ask``),
    then the supporting notes of each paper that has hits, best paper first."""
    from posenqa.answer import check_question
    from posenqa.cli.cite_cmd import _print_support, support_json
    from posenqa.cli.library_shared import open_library_engine
    from posenqa.references.support import support_for

    check_question(query)
    library = open_library_engine(index_dir, model)
    result = library.ask(query, k=k, mode=mode, rerank=rerank)
    groups: dict[str, list[Hit]] = {}
    for hit, paper in zip(result.answer.hits, result.papers, strict=True):
        groups.setdefault(paper.id, []).append(hit)
    if not groups:  # nothing matched: still one (empty) support, with the judgement
        groups[next(iter(library.papers))] = []
    supports = []
    for paper_id, hits in groups.items():
        document = library.document(paper_id)
        hits_only = replace(result.answer, hits=tuple(hits))
        share = _Answered(document, hits_only, library.references(paper_id))
        supports.append((library.papers[paper_id], document, support_for(share, query, k=k)))
    if as_json:
        # The single-paper shape, each note and passage with its paper, in rank order.
        parts = [(p, support_json(s, doc, style)) for p, doc, s in supports]
        data = {key: v for key, v in parts[0][1].items() if key not in ("notes", "passages")}
        for key in ("notes", "passages"):
            items = [{**item, "paper": p.info()} for p, part in parts for item in part[key]]
            data[key] = sorted(items, key=lambda item: item["rank"])
        click.echo(json_text(data))
        return
    for paper, document, support in supports:
        click.echo(safe(f"== {paper.heading} ({paper.id})"))
        _print_support(support, document, style)


__all__ = ["cite_across_library", "list_library_works"]
