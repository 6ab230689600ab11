"""How ``ask`` shows an answer from the library: each result as a single-paper result, with
its paper named (author-year and title) and its notes read in its own paper."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from posenqa.cli.shared import safe

if TYPE_CHECKING:
    from posenqa.library.engine import LibraryAnswer, LibraryEngine


def library_answer_json(answer: LibraryAnswer, library: LibraryEngine) -> dict[str, Any]:
    """The ``ask --json`` shape, each result with a ``paper`` object (id, title, authors, year)
    and its notes in the ``cite --note --json`` shape of its own paper."""
    from posenqa.cli.ask_cmd import answer_json

    data = answer.to_dict()
    data["results"] = [
        {
            **answer_json(
                replace(answer.answer, hits=(hit,)),
                library.document(paper.id),
                library.references(paper.id),
            )["results"][0],
            "paper": paper.info(),
        }
        for hit, paper in zip(answer.answer.hits, answer.papers, strict=True)
    ]
    return data


def format_library_answer(answer: LibraryAnswer, library: LibraryEngine, *, color: bool) -> str:
    """The answer as text: the abstention notice once, then each result under its paper."""
    from posenqa.cli.ask_cmd import abstention_message, format_answer

    lines: list[str] = []
    if not answer.answer.hits:  # no "nearest passages" to announce
        lines.append("No passage matches the question.")
    elif answer.answer.abstained:
        lines += [abstention_message(answer.answer, "the papers searched"), ""]
    for hit, paper in zip(answer.answer.hits, answer.papers, strict=True):
        one = replace(answer.answer, hits=(hit,), abstained=False)
        text = format_answer(one, library.paper_engine(paper.id), color=color).rstrip("\n")
        heading, _, rest = text.partition("\n")
        lines += [heading, safe(f"    {paper.heading}"), rest, ""]
    return "\n".join(lines).rstrip() + "\n"


__all__ = ["format_library_answer", "library_answer_json"]
