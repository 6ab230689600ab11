"""From positioned PDF pages to a Document: zones, notes, headings, blocks, front matter.

Pure functions over :class:`~posenqa.parsing.layout.Page` values; the PDF
reader supplies the pages. The steps, in order: lines per page; the body
font size; page furniture (running heads, printed page numbers); the
footnote zone of each page; note bodies (joined across pages); note markers
in the body (raised numbers that fit the note sequence); front matter;
headings and sections; paragraphs, quotes and captions rejoined across lines
and pages; and finally the marker-to-note links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from posenqa.document import FRONT_MATTER, Document
from posenqa.parsing.assemble import link_notes
from posenqa.parsing.dates import title_page_year
from posenqa.parsing.headings import numbered_heading
from posenqa.parsing.hyphenation import build_vocabulary
from posenqa.parsing.layout import (
    Line,
    Page,
    body_font,
    body_font_size,
    build_lines,
    find_furniture,
    line_leading,
)
from posenqa.parsing.note_areas import footnote_zone
from posenqa.parsing.note_sequences import appendix_slug, opinion_slug, sequence_names
from posenqa.parsing.page_labels import page_labels
from posenqa.parsing.pdf_blocks import blocks_of, sections_and_blocks
from posenqa.parsing.pdf_context import Context, column_edges, left_margins, right_margin
from posenqa.parsing.pdf_headings import heading_label
from posenqa.parsing.pdf_notes import (
    IndexedBodies,
    accept_markers,
    mark_notes,
    named_bodies,
    note_bodies,
    raised_numbers,
)
from posenqa.parsing.toc import is_toc_line, toc_pages

_YEAR = re.compile(r"((?:19|20)\d\d)")


def build_document(
    pages: Sequence[Page],
    *,
    source: str,
    sha256: str,
    meta_title: str = "",
    meta_author: str = "",
    meta_date: str = "",
    page_label_ranges: Sequence[tuple[int, str, str, int]] = (),
) -> Document:
    """Assemble a Document from the pages the PDF reader produced.

    ``page_label_ranges`` are the PDF's own /PageLabels, if any (see
    :func:`posenqa.parsing.page_labels.page_labels`).
    """
    page_lines = [build_lines(page) for page in pages]
    all_lines = [line for lines in page_lines for line in lines]
    body_size = body_font_size(all_lines)
    furniture = find_furniture(page_lines, [p.height for p in pages])
    prose = {
        i
        for i, lines in enumerate(page_lines)
        if sum(abs(ln.size - body_size) < 0.5 for ln in lines) >= 5
    }
    labels = page_labels(furniture.candidates, len(pages), page_label_ranges, prose, furniture.weak)

    body: list[Line] = []
    zone: list[Line] = []
    leading = line_leading(all_lines, body_size)
    for page, lines in zip(pages, page_lines, strict=True):
        kept = [line for i, line in enumerate(lines) if (page.index, i) not in furniture.dropped]
        # Each column of a two-column page has its own notes at its foot.
        for group in _column_groups(kept):
            start = footnote_zone(group, page.rules, body_size, page.width, leading)
            body.extend(group[:start])
            zone.extend(group[start:])

    warnings: list[str] = []
    # A PDF's line ends are where its printer broke the lines: with no evidence
    # either way, a line-end hyphen is taken for a broken word.
    vocab = build_vocabulary((line.text for line in (*body, *zone)), keep_on_tie=False)
    raised = raised_numbers(body)
    found, stray = note_bodies(zone, raised, vocab)
    markers = accept_markers(raised, found)
    body = mark_notes(body, markers)
    names = _name_sequences(found, page_lines, furniture.heads)
    bodies = named_bodies(found, names, labels)
    if stray:
        body = sorted([*body, *stray], key=lambda ln: (ln.page, -ln.y))
    ctx = Context(
        body_size=body_size,
        font=body_font(body),
        leading=line_leading(body, body_size),
        left=left_margins(body, body_size),
        right=right_margin(body, body_size),
        columns=column_edges(body, body_size),
        width=max((p.width for p in pages), default=612.0),
        vocab=vocab,
        labels=tuple(labels),
        sequences=names,
        parts=tuple(opinion_slug(furniture.heads.get(i, ())) for i in range(len(pages))),
    )

    front_end = _front_matter_end(body, page_lines, body_size, len(pages))
    front_lines, main_lines = body[:front_end], body[front_end:]
    sections, blocks = sections_and_blocks(main_lines, ctx, warnings)
    front = blocks_of(front_lines, ctx, FRONT_MATTER, prefix="f")

    footnotes, link_warnings = link_notes(blocks, bodies)
    warnings.extend(link_warnings)
    first_page = [line for line in body if line.page == 0]
    if _junk_metadata(meta_title):
        meta_title = ""
    if _junk_metadata(meta_author):
        meta_author = ""
    title = meta_title or _first_page_title(first_page, body_size) or source.rsplit(".", 1)[0]
    return Document(
        title=title,
        author=meta_author or _first_page_author(first_page, title),
        year=_year(page_lines[0] if page_lines else [], meta_date),
        source=source,
        sha256=sha256,
        pages=len(pages),
        sections=tuple(sections),
        blocks=tuple(blocks),
        footnotes=footnotes,
        front_matter=tuple(front),
        warnings=tuple(warnings),
    )


def _column_groups(lines: Sequence[Line]) -> list[list[Line]]:
    """Runs of consecutive lines in one column (a single-column page is one group)."""
    groups: list[list[Line]] = []
    for line in lines:
        if groups and groups[-1][-1].column == line.column:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


# ---------------------------------------------------------- note sequences


def _name_sequences(
    bodies: IndexedBodies,
    page_lines: Sequence[Sequence[Line]],
    heads: dict[int, tuple[str, ...]],
) -> tuple[str, ...]:
    """A slug for each note sequence: the opinion its first page's running head names,
    else the last "Appendix X" heading before its first note, else none."""
    starts: dict[int, int] = {}
    for (sequence, _), (_, page) in bodies.items():
        starts[sequence] = min(page, starts.get(sequence, page))
    parts: list[str | None] = []
    previous = 0
    for sequence in range(max(starts, default=-1) + 1):
        page = starts.get(sequence, previous)
        name = opinion_slug(heads.get(page, ()))
        if name is None and sequence > 0:
            texts = [ln.text for lines in page_lines[previous + 1 : page + 1] for ln in lines]
            name = appendix_slug(texts)
        parts.append(name)
        previous = page
    return sequence_names(parts)


# ------------------------------------------------------------ front matter


def _front_matter_end(
    body: Sequence[Line], page_lines: Sequence[Sequence[Line]], body_size: float, n_pages: int
) -> int:
    """Index in ``body`` of the first line after the front matter (0 when there is none).

    Title pages are early pages carrying text larger than anything later in
    the document (the title), or an abstract or keywords; table-of-contents
    pages right after them belong to the front matter too. If the first
    section heading stands on such a page, the body starts at that heading.
    """
    if n_pages < 2:
        return 0
    cutoff = max(1, min(4, n_pages // 4))
    late_max = max(
        (line.size for lines in page_lines[cutoff:] for line in lines), default=body_size
    )
    front_pages: set[int] = set()
    for p in range(cutoff):
        lines = page_lines[p]
        big = any(ln.size > 1.05 * late_max and ln.size >= 1.15 * body_size for ln in lines)
        abstract = any(re.match(r"(?i)(abstract|keywords)\b", ln.text) for ln in lines)
        if big or (p == 0 and abstract):
            front_pages.add(p)
    # A table of contents and everything before it (cover, summary) is front matter.
    contents = toc_pages([[ln.text for ln in lines] for lines in page_lines])
    if not front_pages and not contents:
        return 0
    last = max(front_pages | set(contents))
    toc_before = bool(contents) and last == contents[-1]
    while last + 1 < n_pages:
        entries = sum(is_toc_line(ln.text) for ln in page_lines[last + 1])
        if entries >= 3 or (toc_before and entries >= 1):
            last += 1
            toc_before = True
        else:
            break
    end = 0
    while end < len(body) and body[end].page <= last:
        if (
            not toc_before
            and (
                heading_label(body, end, body_size) is not None
                or _abstract_head(body[end], body_size)
            )
            and body[end].page == last
        ):
            break
        end += 1
    return end


def _abstract_head(line: Line, body_size: float) -> bool:
    """An "Abstract" heading on a line of its own, bold or larger: the paper's first section
    (a run-in "Abstract. We ..." stays with the title page)."""
    return bool(_ABSTRACT.match(line.text)) and (line.bold or line.size >= 1.1 * body_size)


_ABSTRACT = re.compile(r"^\s*abstract\s*$", re.IGNORECASE)


# ---------------------------------------------------------------- metadata


_JUNK_METADATA = re.compile(
    r"^(?:untitled|anonymous|unknown|none|title|author|microsoft word\b.*"
    r"|.*\.(?:docx?|tex|dvi|pdf|rtf))$",
    re.IGNORECASE,
)


def _junk_metadata(value: str) -> bool:
    """Placeholder metadata that tools write when the author set none."""
    return bool(_JUNK_METADATA.match(value.strip()))


def _first_page_title(lines: Sequence[Line], body_size: float) -> str:
    """The first page's largest text: its first run of lines in that size and weight.

    It must stand out (bold or larger than the body) and not be a numbered
    section heading; otherwise there is no title on the page.
    """
    lines = [line for line in lines if numbered_heading(line.text) is None]
    lines = [line for line in lines if line.bold or line.size >= 1.15 * body_size]
    if not lines:
        return ""
    biggest = max(line.size for line in lines)
    title: list[str] = []
    first: Line | None = None
    for line in lines:
        if line.size >= biggest - 0.5 and (first is None or line.bold == first.bold):
            first = first or line
            title.append(line.text)
        elif first is not None:
            break
    return " ".join(" ".join(title).split())


def _first_page_author(lines: Sequence[Line], title: str) -> str:
    seen_title = False
    for line in lines:
        text = line.text
        if text and text in title:
            seen_title = True
            continue
        if seen_title:
            name = re.sub(r"^by\s+", "", text, flags=re.IGNORECASE)
            name = re.sub(r"[*†‡§¶⋄△▽]+", "", name)
            name = " ".join(re.sub(r",(\s*,)+", ",", name).split()).rstrip(",")
            words = name.split()
            if 2 <= len(words) <= 30 and not any(c.isdigit() for c in name):
                return name
    return ""


def _year(lines: Sequence[Line], meta_date: str) -> int | None:
    """The title page's year (:func:`~posenqa.parsing.dates.title_page_year`), else the
    metadata's."""
    year = title_page_year(line.text for line in lines)
    if year is not None:
        return year
    m = _YEAR.search(meta_date)
    return int(m.group(1)) if m else None


__all__ = ["build_document"]
