"""``posenqa ask``: the passages of a paper that answer a question, with the notes they cite."""

from __future__ import annotations

import sys
import textwrap
from typing import TYPE_CHECKING, Any

import click

from posenqa.cli.shared import (
    DEFAULT_PAPER,
    doc_option,
    index_dir_option,
    mode_option,
    model_option,
    safe,
)
from posenqa.errors import GoldError, QuestionError
from posenqa.textsafe import json_text

if TYPE_CHECKING:
    from posenqa.answer import Answer, Engine, Hit

_WIDTH = 96


@click.command()
@click.argument("question", required=False)
@click.option(
    "--k",
    "k",
    default=5,
    show_default=True,
    type=click.IntRange(1, 100),
    help="How many passages to show.",
)
@mode_option("Ranking: BM25 terms, dense similarity, or both fused.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@click.option(
    "--color/--no-color",
    default=None,
    help="Bold question terms and underline the best sentence (default: when on a terminal).",
)
@doc_option
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
    as_json: bool,
    color: bool | None,
    doc: str | None,
    model: str | None,
    questions: str | None,
    index_dir: str,
) -> None:
    """Answer QUESTION from the paper: ranked passages, best sentence marked, notes below.

    Builds the index first when it is missing or stale. When the paper does not
    seem to answer, says so and still lists the nearest passages.
    """
    from posenqa.answer import Engine, check_question

    if (question is None) == (questions is None):
        raise click.UsageError("give either a QUESTION or --questions FILE")
    # Check questions before opening the index: a bad one should not wait for a build.
    batch = read_questions(questions) if questions else None
    if question is not None:
        check_question(question)
    engine = Engine.open(
        doc or str(DEFAULT_PAPER),
        index_root=index_dir,
        model=model,
        log=lambda message: click.echo(safe(message), err=True),
        **injected(),
    )
    if batch is not None:
        for qid, text in batch:
            answer = engine.ask(text, k=k, mode=mode)
            click.echo(json_text({"id": qid, **answer.to_dict()}))
        return
    answer = engine.ask(question or "", k=k, mode=mode)
    if as_json:
        click.echo(json_text(answer.to_dict(), indent=2))
        return
    if color is None:
        color = sys.stdout.isatty()
    click.echo(format_answer(answer, engine, color=color), color=color)


def injected() -> dict[str, Any]:
    """``embedder`` and ``parse`` handed in through the click context object (tests do)."""
    obj = click.get_current_context().obj
    if not isinstance(obj, dict):
        return {}
    return {key: obj[key] for key in ("embedder", "parse") if key in obj}


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
    threshold = engine.bm25_abstain_threshold if answer.mode == "bm25" else engine.abstain_threshold
    if answer.abstained:
        lines.append(
            f"Not answered in the paper (confidence {answer.confidence:.2f} is below "
            f"{threshold:.2f}). The nearest passages:"
        )
        lines.append("")
    if not answer.hits:
        lines.append("No passage matches the question.")
    terms = tokenize(answer.question, engine.settings.tokenizer)
    style = click.style if color else None
    for hit in answer.hits:
        p = hit.passage
        lines.append(_heading(hit, engine))
        spans = term_spans(p.text, terms, engine.settings.tokenizer)
        body = render(p.text, p.markers, spans, hit.best_span, style=style)
        lines.extend(_wrap(body, "    "))
        if hit.footnotes:
            lines.append("    Notes:")
            for note in hit.footnotes:
                text = (
                    note.text if not note.missing else "(the note's text is missing from the paper)"
                )
                lines.extend(_wrap(safe(f"[{note.number}] {text}"), "      ", "        "))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


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
    out: list[str] = []
    for paragraph in text.split("\n\n"):
        out.extend(
            textwrap.wrap(
                " ".join(paragraph.split()),
                width=_WIDTH,
                initial_indent=indent,
                subsequent_indent=subsequent if subsequent is not None else indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
            or [indent]
        )
    return out
