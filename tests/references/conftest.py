"""The paper parsed once per session, from its text extraction and from the PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from posenqa.document import Block, Document, Footnote, NoteMarker, Section


@pytest.fixture(scope="session")
def paper_txt(corpus_txt: Path) -> Document:
    from posenqa.parsing import parse_file

    return parse_file(corpus_txt)


@pytest.fixture(scope="session")
def paper_pdf(corpus_pdf: Path) -> Document:
    from posenqa.parsing import parse_file

    return parse_file(corpus_pdf)


def make_document(notes: dict[int, str], blocks: list[tuple[str, list[int]]]) -> Document:
    """A small hand-built Document: ``blocks`` are (text, note numbers marked at its end)."""
    built = []
    cited: dict[int, list[str]] = {}
    for i, (text, marks) in enumerate(blocks, start=1):
        block_id = f"b{i:04d}"
        built.append(
            Block(
                id=block_id,
                kind="paragraph",
                section="1",
                page=i,
                last_page=i,
                text=text,
                notes=tuple(NoteMarker(n, len(text)) for n in marks),
            )
        )
        for n in marks:
            cited.setdefault(n, []).append(block_id)
    footnotes = tuple(
        Footnote(number=n, text=t, page=1, cited_by=tuple(cited.get(n, ())))
        for n, t in sorted(notes.items())
    )
    return Document(
        title="A Test Paper",
        author="Ann Writer",
        year=2020,
        source="test.pdf",
        sha256="0" * 64,
        pages=len(blocks),
        sections=(Section("1", "One", 1, 1),),
        blocks=tuple(built),
        footnotes=footnotes,
    )
