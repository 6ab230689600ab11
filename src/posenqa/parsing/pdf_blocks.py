"""Sections and blocks (paragraphs, quotes, captions) from the body lines of a PDF.

Pure functions over :class:`~posenqa.parsing.layout.Line` values in reading
order, with the footnote zones and page furniture already removed. The body
is split at the headings :mod:`~posenqa.parsing.pdf_headings` finds.
Paragraphs break at a first-line indent, extra spacing, or a short line that
ends a sentence, and never at a page break alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from posenqa.document import INTRODUCTION, Block, NoteMarker, Section
from posenqa.parsing.headings import is_caption
from posenqa.parsing.hyphenation import join_line
from posenqa.parsing.layout import Line
from posenqa.parsing.pdf_context import Context, same_style
from posenqa.parsing.pdf_headings import find_headings, heading_markers


def sections_and_blocks(
    lines: Sequence[Line], ctx: Context, warnings: list[str]
) -> tuple[list[Section], list[Block]]:
    """Split the body at headings and build the blocks of each section."""
    heads = find_headings(lines, ctx)

    sections: list[Section] = []
    blocks: list[Block] = []
    first = heads[0][0] if heads else len(lines)
    if not heads:
        warnings.append("no section headings found: the body is one untitled section")
    if lines[:first]:
        sections.append(Section(INTRODUCTION, "", 1, ctx.page_no(lines[0].page), lines[0].page + 1))
        blocks.extend(blocks_of(lines[:first], ctx, INTRODUCTION, start=1))
    seen: set[str] = set()
    pending: list[NoteMarker] = []
    for k, (at, head) in enumerate(heads):
        stop = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        section = head.section
        if section.label in seen:
            warnings.append(f"section {section.label} appears twice; the second is kept apart")
            section = replace(section, label=f"{section.label}#{k}")
        seen.add(section.label)
        sections.append(section)
        body = list(lines[head.end : stop])
        if head.rest is not None and head.rest.text:
            body.insert(0, head.rest)
        own = blocks_of(body, ctx, section.label, start=len(blocks) + 1)
        if head.rest is None:
            pending += heading_markers(lines[at : head.end], ctx)
        if pending and own:
            # A note on a heading ("Food Products" with its marker) is cited where the text
            # under it begins (under its first subheading, when one follows at once).
            own[0] = replace(own[0], notes=(*pending, *own[0].notes))
            pending = []
        blocks.extend(own)
    return sections, blocks


@dataclass(slots=True)
class _Draft:
    kind: str
    lines: list[Line]


def _line_kinds(lines: Sequence[Line], ctx: Context) -> list[str]:
    """ "quote" or "paragraph" for each line.

    A quotation is prose set smaller and indented, or a run of three or more
    prose lines at body size indented on both sides to a common measure. Small
    indented rows of figures are a table; indented lists and displayed maths
    are not quotations.
    """
    kinds: list[str] = []
    both: list[bool] = []
    for line in lines:
        left, right = ctx.edges(line)
        indented = line.x0 > left + 0.02 * ctx.width
        text = line.text
        letters = sum(c.isalpha() for c in text)
        small = line.size < 0.95 * ctx.body_size
        prose = letters >= 0.6 * len(text)
        # A short last line still belongs to the quotation it ends.
        run_on = bool(kinds) and kinds[-1] == "quote"
        words = len(text.split())
        quoted = small and indented and prose and (words >= 3 or run_on)
        kinds.append("quote" if quoted else "paragraph")
        both.append(
            indented
            and not small
            and letters >= 0.75 * len(text)
            and len(text.split()) >= 6
            and text[:1].isalpha()
            and line.x1 < right - 0.04 * (right - left)
        )
    i = 0
    while i < len(lines):
        j = i
        while (
            j < len(lines)
            and both[j]
            and lines[j].page == lines[i].page
            and abs(lines[j].x0 - lines[i].x0) < 2
        ):
            j += 1
        if j - i >= 3:
            kinds[i:j] = ["quote"] * (j - i)
        i = max(j, i + 1)
    return kinds


_BULLET = ("•", "◦", "▪", "‣", "·", "–", "*")


def _starts_block(
    prev: Line | None,
    line: Line,
    kind: str,
    prev_kind: str,
    ctx: Context,
    *,
    loose: bool = False,
    first: Line | None = None,
) -> bool:
    """Whether ``line`` opens a new block after ``prev`` (``first`` opened the current one)."""
    if prev is None or kind != prev_kind:
        return True
    if loose:
        # Title pages centre their lines: only spacing and type style separate blocks.
        return (
            line.page != prev.page
            or prev.y - line.y > 1.45 * max(ctx.leading, prev.size)
            or not (prev.bold == line.bold and abs(prev.size - line.size) <= 0.5)
        )
    left = ctx.edges(line)[0]
    if kind == "paragraph" and line.x0 > left + max(4.0, 0.6 * ctx.body_size):
        if line.text.startswith(_BULLET):
            return True  # the next item of a list
        # A list item's wrapped lines hang under its text, right of the bullet.
        hanging = first is not None and first.text.startswith(_BULLET) and line.x0 > first.x0 + 2
        if not hanging:
            return True  # first-line indent
    if line.page == prev.page and prev.y - line.y > 1.45 * max(ctx.leading, prev.size):
        return True  # paragraph spacing
    prev_left, prev_right = ctx.edges(prev)
    short = prev.x1 < prev_right - 0.12 * (prev_right - prev_left)
    return short and prev.text[-1:] in ".!?:\"”'’)" and kind == "paragraph"


def blocks_of(
    lines: Sequence[Line], ctx: Context, section: str, *, start: int = 1, prefix: str = "b"
) -> list[Block]:
    drafts: list[_Draft] = []
    prev: Line | None = None
    prev_kind = ""
    kinds = _line_kinds(lines, ctx)
    for line, line_kind in zip(lines, kinds, strict=True):
        if is_caption(line.text):
            drafts.append(_Draft("caption", [line]))
            prev, prev_kind = line, "caption"
            continue
        kind = "paragraph" if prefix == "f" else line_kind
        if (
            prev is not None
            and prev_kind == "caption"
            and (
                # Table rows, sources and notes under a caption are set small.
                line.size < 0.95 * ctx.body_size
                or (
                    same_style(prev, line)
                    and not _starts_block(prev, line, "caption", "caption", ctx)
                )
            )
        ):
            drafts[-1].lines.append(line)
            prev = line
            continue
        first = drafts[-1].lines[0] if drafts else None
        if _starts_block(prev, line, kind, prev_kind, ctx, loose=prefix == "f", first=first):
            drafts.append(_Draft(kind, [line]))
        else:
            drafts[-1].lines.append(line)
        prev, prev_kind = line, kind
    blocks: list[Block] = []
    for draft in drafts:
        text, markers = _block_text(draft.lines, ctx)
        if not text:
            continue
        number = start + len(blocks)
        blocks.append(
            Block(
                id=f"{prefix}{number:04d}",
                kind=draft.kind,  # type: ignore[arg-type]
                section=section,
                page=ctx.page_no(draft.lines[0].page),
                last_page=ctx.page_no(draft.lines[-1].page),
                text=text,
                notes=tuple(markers),
                page_index=draft.lines[0].page + 1,
                last_page_index=draft.lines[-1].page + 1,
            )
        )
    return blocks


def _block_text(lines: Sequence[Line], ctx: Context) -> tuple[str, list[NoteMarker]]:
    """The block's text with markers cut out, lines rejoined, and the markers' offsets."""
    text = ""
    markers: list[NoteMarker] = []
    for line in lines:
        line_text = ""
        line_markers: list[tuple[int, int, int]] = []
        for piece in line.pieces:
            if piece.note:
                line_markers.append((piece.note, piece.sequence, len(line_text.rstrip())))
                line_text = line_text.rstrip()
                continue
            fragment = piece.text
            if line_text.endswith(" ") and fragment.startswith(" "):
                fragment = fragment.lstrip()
            line_text += fragment
        line_text = " ".join(line_text.split())
        joined = join_line(text, line_text, ctx.vocab)
        shift = len(joined) - len(line_text)
        for number, sequence, offset in line_markers:
            name = ctx.sequences[sequence] if sequence < len(ctx.sequences) else ""
            markers.append(NoteMarker(number, min(shift + offset, len(joined)), name))
        text = joined
    return text, markers


__all__ = ["blocks_of", "sections_and_blocks"]
