"""``posenqa ask``: the passages of a paper that answer a question, with the notes they cite."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from posenqa.cli.shared import (
    index_dir_option,
    mode_option,
    model_option,
    open_engine,
    rerank_option,
    safe,
    use_color,
)
from posenqa.errors import GoldError, QuestionError
from posenqa.textsafe import json_text

if TYPE_CHECKING:
    from posenqa.answer import Answer, Engine, Hit
    from posenqa.document import Document
    from posenqa.library.registry import PaperEntry
    from posenqa.references.cache import SavedReferences

_WIDTH = 96
#: An SGR sequence (what click.style adds): no width on screen.
_STYLE_CODE = re.compile(r"\x1b\[[0-9;]*m")


@click.command()
@click.argument("question", required=False)
@click.option(
    "--k",
    "-k",
    "k",
    default=5,
    show_default=True,
    type=click.IntRange(1, 100),
    help="How many passages to show.",
)
@mode_option("Ranking: BM25 terms, dense similarity, or both fused.")
@rerank_option
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@click.option(
    "--color/--no-color",
    default=None,
    help="Bold question terms and underline the best sentence (default: when stdout is a "
    "terminal and $NO_COLOR is not set).",
)
@click.option(
    "--doc",
    "docs",
    multiple=True,
    help="Only this paper of the library: its name in `posenqa library` (or part of it, or "
    "its author-year or title) or its file; repeatable. Its passages score as in the whole "
    "library. A file not in the library is answered from alone (default: every paper of the "
    "library).",
)
@model_option
@click.option(
    "--questions",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help='A JSON Lines file of {"id", "question"}: answer each, one JSON line each.',
)
@index_dir_option
def ask(
    question: str | None,
    k: int,
    mode: str,
    rerank: bool | None,
    as_json: bool,
    color: bool | None,
    docs: tuple[str, ...],
    model: str | None,
    questions: str | None,
    index_dir: str,
) -> None:
    """Answer QUESTION from the library's papers: ranked passages, each naming its paper,
    best sentence marked, notes below.

    Each note a passage cites, and a passage that is itself a note, comes with
    the works it cites, short forms resolved to their full reference. Builds
    the index first when it is missing or stale (progress on stderr). When the
    paper does not seem to answer, says so and still lists the nearest passages.
    """
    from posenqa.answer import check_question
    from posenqa.library.registry import read_library

    if (question is None) == (questions is None):
        raise click.UsageError("give either a QUESTION or --questions FILE")
    # Check questions before opening the index: a bad one should not wait for a build.
    batch = read_questions(questions) if questions else None
    if question is not None:
        check_question(question)
    papers = read_library(Path(index_dir))  # read once: 10,000 papers' manifest is ~0.1 s
    if not _single_paper(docs, index_dir, papers):
        _ask_library(
            question, batch, docs, papers, index_dir, model, k, mode, rerank, as_json, color
        )
        return
    engine = open_engine(docs[0], index_dir, model=model)
    if batch is not None:
        for qid, text in batch:
            answer = engine.ask(text, k=k, mode=mode, rerank=rerank)
            data = answer_json(answer, engine.document, engine.references)
            click.echo(json_text({"id": qid, **data}))
        return
    answer = engine.ask(question or "", k=k, mode=mode, rerank=rerank)
    if as_json:
        click.echo(json_text(answer_json(answer, engine.document, engine.references), indent=2))
        return
    color = use_color(color)
    click.echo(format_answer(answer, engine, color=color), color=color)


def _single_paper(docs: tuple[str, ...], index_dir: str, papers: Sequence[PaperEntry]) -> bool:
    """Whether to answer as before the library (of ``papers``): one --doc naming a file (or an
    index) that the library does not hold. A name denoting nothing is refused here, in one
    line, before anything is opened."""
    from posenqa.library.registry import locate

    located = [locate(Path(index_dir), papers, doc) for doc in docs]
    return len(docs) == 1 and located[0] is None


def _ask_library(
    question: str | None,
    batch: list[tuple[Any, str]] | None,
    docs: tuple[str, ...],
    papers: Sequence[PaperEntry],
    index_dir: str,
    model: str | None,
    k: int,
    mode: str,
    rerank: bool | None,
    as_json: bool,
    color: bool | None,
) -> None:
    """``ask`` over the library, ``docs`` restricting the results to those papers (the
    statistics staying the whole library's, as the TUI's paper filter does)."""
    from posenqa.cli.library_shared import open_library_engine
    from posenqa.cli.library_view import format_library_answer, library_answer_json
    from posenqa.errors import InputError
    from posenqa.library.registry import selection, unreachable

    # Named before opening: a misspelt name should not wait for papers to be re-indexed.
    chosen = selection(papers, docs) or None
    for paper in (p for p in papers if p.id in (chosen or ())):
        why = unreachable(Path(index_dir), paper)
        if why is not None:
            raise InputError(f"{paper.id} cannot be searched: {why} (`posenqa remove {paper.id}`)")
    library = open_library_engine(index_dir, model, papers)
    for qid, text in batch if batch is not None else [(None, question or "")]:
        answer = library.ask(text, k=k, mode=mode, rerank=rerank, papers=chosen)
        if batch is not None:
            data = library_answer_json(answer, library)
            click.echo(json_text({"id": qid, **data}))
        elif as_json:
            data = library_answer_json(answer, library)
            click.echo(json_text(data, indent=2))
        else:
            on = use_color(color)
            click.echo(format_library_answer(answer, library, color=on), color=on)


def answer_json(
    answer: Answer, document: Document, saved: SavedReferences | None = None
) -> dict[str, Any]:
    """The ``ask --json`` shape: the answer, each note in the ``cite --note --json`` shape.

    A result's ``footnotes`` (the notes it cites) carry their page, where they are
    cited and their resolved references; a result that is itself a note has the
    same record under ``note``.
    """
    from posenqa.references.records import note_record

    data = answer.to_dict()
    for result in data["results"]:
        result["footnotes"] = [
            note_record(document, n["number"], saved=saved) or n for n in result["footnotes"]
        ]
        if result["kind"] == "footnote" and result["number"] is not None:
            result["note"] = note_record(document, result["number"], saved=saved)
    return data


def read_questions(path: str) -> list[tuple[Any, str]]:
    """``(id, question)`` pairs from a JSON Lines file; GoldError names the first bad line."""
    from posenqa.answer import check_question
    from posenqa.jsonl import read_jsonl

    pairs: list[tuple[Any, str]] = []
    # read_jsonl names the line of bytes that are not UTF-8 or not JSON.
    for number, item in read_jsonl(path, "questions file"):
        if not isinstance(item, dict) or "question" not in item or "id" not in item:
            raise GoldError(f'{path}:{number}: expected an object with "id" and "question"')
        if not isinstance(item["question"], str):
            raise GoldError(f"{path}:{number}: the question is not a string")
        try:
            check_question(item["question"])
        except QuestionError as exc:
            raise GoldError(f"{path}:{number}: {exc}") from exc
        pairs.append((item["id"], item["question"]))
    if not pairs:
        raise GoldError(f"{path}: no questions")
    return pairs


def format_answer(answer: Answer, engine: Engine, *, color: bool) -> str:
    """The answer as text for a terminal (styled when ``color``) or a pipe (plain)."""
    from posenqa.highlight import render, term_spans
    from posenqa.search.tokenize import tokenize

    lines: list[str] = []
    if not answer.hits:  # no "nearest passages" to announce
        lines.append("No passage matches the question.")
    elif answer.abstained:
        lines.append(abstention_message(answer))
        lines.append("")
    terms = tokenize(answer.question, engine.settings.tokenizer)
    style = click.style if color else None
    for hit in answer.hits:
        p = hit.passage
        lines.append(_heading(hit, engine))
        spans = term_spans(p.text, terms, engine.settings.tokenizer)
        body = render(p.text, p.markers, spans, hit.best_span, style=style)
        lines.extend(_wrap(body, "    "))
        if p.kind == "footnote" and p.number is not None:
            lines.extend(_note_lines(engine, p.number, "    ", cited_in=True))
        if hit.footnotes:
            lines.append("    Notes:")
            for note in hit.footnotes:
                text = (
                    note.text if not note.missing else "(the note's text is missing from the paper)"
                )
                lines.extend(_wrap(safe(f"[{note.number}] {text}"), "      ", "        "))
                lines.extend(_note_lines(engine, note.number, "          "))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _note_lines(engine: Engine, number: int, indent: str, *, cited_in: bool = False) -> list[str]:
    """Note ``number``'s works, short forms resolved (with ``cited_in``: where it is cited)."""
    from posenqa.references import format_reference, note_citations, note_references
    from posenqa.references.records import DEFAULT_STYLE, reference_status

    document = engine.document
    lines: list[str] = []
    if cited_in:
        for place in note_citations(document, number):
            if place.sentence:
                where = f"p. {place.page}, §{place.section}"
                lines.extend(_wrap(safe(f"Cited at {where}: “{place.sentence}”"), indent))
    for ref in note_references(document, engine.references).get(number, ()):
        status = "" if ref.form == "full" else f" ({reference_status(ref)})"
        text = f"= {format_reference(ref, DEFAULT_STYLE)}{status}"
        lines.extend(_wrap(safe(text), indent, indent + "  "))
    return lines


def abstention_message(answer: Answer, where: str = "the paper") -> str:
    """The notice that ``where`` does not seem to answer, with the threshold the answer used."""
    from posenqa.pipeline.judge import notice

    lead = f"Not answered in {where}"
    return (
        notice(lead, answer.confidence, answer.threshold, answer.reasons)
        + ". The nearest passages:"
    )


def _heading(hit: Hit, engine: Engine) -> str:
    p = hit.passage
    where = f"§{p.section} {p.section_title}".rstrip()
    pages = _pages(p.page, p.last_page)
    if p.kind == "footnote":
        citing = [engine.passage(i) for i in hit.cited_by]
        cited = ", ".join(
            f"{c.id} (§{c.section}{', ' + _pages(c.page, c.last_page) if c.page else ''})"
            for c in citing
            if c is not None
        )
        text = f"{hit.rank}. [{hit.score:.4f}] Note {p.number} — {where}, {pages}"
        if cited:
            text += f" — cited by {cited}"
    else:
        text = f"{hit.rank}. [{hit.score:.4f}] {where} — {pages}"
    return safe(text)


def _pages(first: int | None, last: int | None) -> str:
    if first is None:
        return "page unknown"
    return f"p. {first}" if last in (None, first) else f"pp. {first}-{last}"


def _wrap(text: str, indent: str, subsequent: str | None = None) -> list[str]:
    """``text`` wrapped at ``_WIDTH`` columns, paragraphs (blank-line separated) kept.

    Greedy on white space like ``textwrap`` without breaking words, but counting
    only what shows: the style codes of a coloured answer take no columns (with
    ``textwrap`` they did, so styled lines came out short and ragged).
    """
    rest = subsequent if subsequent is not None else indent
    out: list[str] = []
    for paragraph in text.split("\n\n"):
        line, width, empty = indent, len(indent), True
        for word in paragraph.split():
            size = len(_STYLE_CODE.sub("", word))
            if not empty and width + 1 + size > _WIDTH:
                out.append(line)
                line, width = rest + word, len(rest) + size
            else:
                line += word if empty else " " + word
                width += size if empty else 1 + size
            empty = False
        out.append(line)
    return out
