"""Parse a plain-text extraction of a paper (pages, notes, paragraphs lost in the flattening).

A text extraction keeps the words but not the layout, so structure is
recovered from what survives:

* pages: form feeds, stray page-number lines, or (in extractions that mark
  them so) a line starting with one space right after the previous page's
  last line;
* notes: the lines after a separator (a long run of spaces or a rule) at a
  page's foot, split into numbered notes; a note's continuation opens the
  next page's note zone;
* paragraphs: blank lines when the text is single-spaced; when it is
  double-spaced (a blank line after every line), a line ends a paragraph when
  it ends a sentence and the next word would still have fit on it;
* block quotes: single-spaced runs inside double-spaced text, or indented runs;
* headings, captions, markers: see :mod:`posenqa.parsing.heuristics`.

This module assembles the Document; the stages live in their own modules:
:mod:`~posenqa.parsing.text_pages` (pages and note zones),
:mod:`~posenqa.parsing.text_blocks` (headings, paragraphs, quotes, captions)
and :mod:`~posenqa.parsing.text_front` (front matter, title, author, year).
Everything here is pure except :func:`parse_text`, which reads the file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from posenqa.document import (
    FRONT_MATTER,
    INTRODUCTION,
    MAIN_SEQUENCE,
    Block,
    BlockKind,
    Document,
    NoteMarker,
    Section,
)
from posenqa.errors import InputError
from posenqa.parsing import heuristics as h
from posenqa.parsing.assemble import NoteBody, NoteKey, link_notes
from posenqa.parsing.text_blocks import (
    JoinedGroup,
    body_rows,
    group_rows,
    is_double_spaced,
    join_groups,
    mark_headings,
    mark_quotes,
)
from posenqa.parsing.text_front import author_names, front_matter_count, title_author_year
from posenqa.parsing.text_pages import (
    drop_running_heads,
    printed_pages,
    release_orphan_notes,
    running_head_key,
    segment_pages,
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def parse_text(path: Path) -> Document:
    """Parse a plain-text extraction of a paper into a Document.

    Raises InputError when the file cannot be read or holds no text.
    """
    from posenqa.parsing import file_sha256

    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from exc
    text = raw.decode("utf-8-sig", errors="replace")
    if not text.strip():
        raise InputError(f"{path.name}: no text")
    return parse_lines_to_document(text, source=path.name, sha256=file_sha256(path))


def parse_lines_to_document(text: str, source: str, sha256: str = "") -> Document:
    """Parse the text of an extraction (already read) into a Document; pure."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    "))
    if not text.strip():
        raise InputError(f"{source}: no text")
    lines, anchors = segment_pages(text.split("\n"))
    # Trailing blank lines after a last form feed are no page of their own.
    used = [line.page for line in lines if line.kind in ("body", "note")] + list(anchors)
    page_count = max(used, default=0) + 1
    printed = printed_pages(page_count, anchors)
    lines = release_orphan_notes(drop_running_heads(lines))
    vocabulary = h.build_vocabulary(line.text for line in lines if line.kind in ("body", "note"))

    rows = body_rows(lines)
    double = is_double_spaced(lines)
    margin = h.right_margin([h.text_width(r.text.strip()) for r in rows])
    mark_headings(rows, double, margin)
    mark_quotes(rows, double)
    groups = group_rows(rows, double, margin)

    built = join_groups(groups, vocabulary)
    front_count = front_matter_count(built, margin)
    if front_count:
        # Title pages mix single and double spacing: no block quotes there.
        front_rows = [r for b in built[:front_count] for r in b.rows]
        for row in front_rows:
            row.quote = False
        regrouped = join_groups(group_rows(front_rows, double, margin), vocabulary)
        built = regrouped + built[front_count:]
        front_count = len(regrouped)
    title, author, year = title_author_year(built[:front_count] or built[:12], source)

    # Notes carry their physical page (from 0) until the printed label is looked up.
    note_lines = [(line.text, line.page) for line in lines if line.kind == "note"]
    raw_notes, _ = h.split_notes(note_lines)
    bodies: dict[NoteKey, NoteBody] = {
        (MAIN_SEQUENCE, n): (text, _printed(printed, page), _index(page))
        for n, (text, page) in h.note_texts(raw_notes, vocabulary).items()
    }

    sections, body = _sections(built[front_count:], printed)
    warnings: list[str] = []
    if not any(s.label != INTRODUCTION for s in sections):
        warnings.append("no section headings found: the body is one untitled section")
    blocks = _blocks(body, printed, {n for _, n in bodies}, start=front_count + 1)
    front = [
        _plain_block(b, FRONT_MATTER, printed, i + 1) for i, b in enumerate(built[:front_count])
    ]
    footnotes, note_warnings = link_notes(blocks, bodies)
    if not bodies:
        warnings.append("no footnotes found")
    return Document(
        title=title,
        author=author,
        year=year,
        source=source,
        sha256=sha256,
        pages=page_count,
        sections=tuple(sections),
        blocks=tuple(blocks),
        footnotes=footnotes,
        front_matter=tuple(front),
        warnings=(*warnings, *note_warnings),
    )


def _sections(
    built: Sequence[JoinedGroup], printed: Sequence[int | None]
) -> tuple[list[Section], list[tuple[str, JoinedGroup]]]:
    """The sections (an untitled introduction first, when there is text before a heading)."""
    sections: list[Section] = []
    body: list[tuple[str, JoinedGroup]] = []
    label = INTRODUCTION
    for block in built:
        row = block.rows[0]
        if block.kind == "heading" and row.heading is not None:
            label = row.heading.label
            if any(s.label == label for s in sections):
                label = f"{label}~{len(sections)}"
            sections.append(
                Section(
                    label,
                    row.heading.title,
                    row.heading.level,
                    printed[row.page],
                    row.page + 1,
                )
            )
            continue
        if label == INTRODUCTION and not any(s.label == INTRODUCTION for s in sections):
            sections.insert(0, Section(INTRODUCTION, "", 1, printed[row.page], row.page + 1))
        body.append((label, block))
    return sections, body


def _blocks(
    body: Sequence[tuple[str, JoinedGroup]],
    printed: Sequence[int | None],
    known: set[int],
    start: int,
) -> list[Block]:
    """Body blocks with note markers found (using the note sequence) and removed."""
    candidates = [(i, c) for i, (_, b) in enumerate(body) for c in h.marker_candidates(b.text)]
    chosen = (
        h.choose_markers(
            [c.number for _, c in candidates], [c.strength for _, c in candidates], known
        )
        if known
        else [False] * len(candidates)
    )
    per_block: dict[int, list[h.MarkerCandidate]] = {}
    for (i, candidate), keep in zip(candidates, chosen, strict=True):
        if keep:
            per_block.setdefault(i, []).append(candidate)
    blocks: list[Block] = []
    for i, (label, built) in enumerate(body):
        markers = per_block.get(i, [])
        text, offsets = h.remove_spans(built.text, [(m.start, m.end) for m in markers])
        notes = tuple(NoteMarker(m.number, o) for m, o in zip(markers, offsets, strict=True))
        block = _plain_block(built, label, printed, start + i)
        blocks.append(replace(block, text=text.rstrip(), notes=notes))
    return blocks


def _plain_block(
    built: JoinedGroup, label: str, printed: Sequence[int | None], number: int
) -> Block:
    kind: BlockKind = "paragraph"
    if built.kind == "quote" or built.kind == "caption":
        kind = built.kind
    return Block(
        id=f"b{number:04d}",
        kind=kind,
        section=label,
        page=printed[built.rows[0].page],
        last_page=printed[built.rows[-1].page],
        text=built.text,
        page_index=built.rows[0].page + 1,
        last_page_index=built.rows[-1].page + 1,
    )


def _printed(printed: Sequence[int | None], page: int | None) -> int | None:
    return printed[page] if page is not None else None


def _index(page: int | None) -> int | None:
    return page + 1 if page is not None else None


__all__ = [
    "author_names",
    "parse_lines_to_document",
    "parse_text",
    "printed_pages",
    "running_head_key",
    "segment_pages",
]
