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

Everything here is pure except :func:`parse_text`, which reads the file.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from posenqa.document import (
    FRONT_MATTER,
    INTRODUCTION,
    Block,
    BlockKind,
    Document,
    NoteMarker,
    Section,
)
from posenqa.errors import InputError
from posenqa.parsing import heuristics as h
from posenqa.parsing.assemble import link_notes

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_ONE_SPACE = re.compile(r"^ \S")
_NOTE_LINE = re.compile(r"^[1-9]\d{0,2}[.)]?\s+\S")
_FRONT_CUES = re.compile(
    r"copyright|©|all rights reserved|working paper|acknowledg|grateful|thank|contact:|"
    r"e-?mail|\w@\w|prepared (?:for|on)|views expressed|keywords?:|jel class|abstract",
    re.IGNORECASE,
)
_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_DATE = re.compile(_MONTHS + r"\s+(?:\d{1,2},?\s+)?((?:19|20)\d{2})\b")
_COPYRIGHT_YEAR = re.compile(r"(?:copyright|©)\D{0,20}((?:19|20)\d{2})", re.IGNORECASE)
_SERIES = re.compile(r"\b(?:number|no\.|vol\.|volume|working paper|series|issn|isbn)\b", re.I)
_NAME_WORD = r"(?:[A-Z][A-Za-z'’-]+|(?:[A-Z]\.)+)"
_NAME = re.compile(_NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){1,4}")
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
_NOT_NAME_WORDS = h.words(
    "without with and of the for in on until now from to a an between over under after before "
    "toward towards beyond against through about institute university college department "
    "school center centre fellow senior professor number copyright paper working press "
    "economics relations finance abstract introduction contents"
)


@dataclass(frozen=True, slots=True)
class _Line:
    """One physical line after page segmentation."""

    text: str
    page: int
    """Physical page index, 0 for the first page of the file."""
    kind: str
    """"body", "note", "blank" (empty) or "gap" (whitespace only: extra vertical space)."""
    page_start: bool = False


#: Kinds of row groups: the block kinds, plus headings (which become Sections).
_GroupKind = Literal["paragraph", "quote", "caption", "heading"]


@dataclass(slots=True)
class _Row:
    """A body line with what surrounds it, for block building.

    Not frozen, unlike the model: the passes below (headings, quotes) tag
    the rows of one parse in place, and the rows never leave this module.
    """

    text: str
    page: int
    page_start: bool
    gap_before: str = "none"
    """"none" (directly after the previous body line), "blank", "hard" or "page"."""
    heading: h.HeadingMatch | None = None
    heading_part: bool = False
    quote: bool = False


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
    lines = _release_orphan_notes(_drop_running_heads(lines))
    vocabulary = h.build_vocabulary(line.text for line in lines if line.kind in ("body", "note"))

    rows = _rows(lines)
    double = _double_spaced(lines)
    margin = h.right_margin([h.text_width(r.text.strip()) for r in rows])
    _mark_headings(rows, double, margin)
    _mark_quotes(rows, double)
    groups = _group_rows(rows, double, margin)

    keep = _default_hyphen_keep(lines, vocabulary)
    built = _build(groups, vocabulary, keep)
    front_count = _front_matter_count(built, margin)
    if front_count:
        # Title pages mix single and double spacing: no block quotes there.
        front_rows = [r for b in built[:front_count] for r in b.rows]
        for row in front_rows:
            row.quote = False
        regrouped = _build(_group_rows(front_rows, double, margin), vocabulary, keep)
        built = regrouped + built[front_count:]
        front_count = len(regrouped)
    title, author, year = _title_author_year(built[:front_count] or built[:12], source)

    note_lines = [(line.text, printed[line.page]) for line in lines if line.kind == "note"]
    raw_notes, _ = h.split_notes(note_lines)
    bodies = h.note_texts(raw_notes, vocabulary)

    sections, body = _sections(built[front_count:], printed)
    warnings: list[str] = []
    if not any(s.label != INTRODUCTION for s in sections):
        warnings.append("no section headings found: the body is one untitled section")
    blocks = _blocks(body, printed, set(bodies), start=front_count + 1)
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


# --- pages ------------------------------------------------------------------


def segment_pages(raw_lines: Sequence[str]) -> tuple[list[_Line], dict[int, int]]:
    """Split raw lines into pages and tag each line body, note, blank or gap.

    Returns the lines (page furniture removed: separators and page-number
    lines) and the printed numbers seen, ``{physical page: printed number}``.
    """
    expanded: list[tuple[str, bool]] = []  # (line, starts a page by form feed)
    for line in raw_lines:
        parts = line.split("\f")
        expanded.append((parts[0], False))
        expanded.extend((part, True) for part in parts[1:])
    form_feeds = any(starts for _, starts in expanded)
    non_blank = [line for line, _ in expanded if line.strip()]
    one_space_pages = bool(non_blank) and (
        sum(1 for line in non_blank if _ONE_SPACE.match(line)) < 0.15 * len(non_blank)
    )

    out: list[_Line] = []
    anchors: dict[int, int] = {}
    page, in_notes, content = 0, False, False
    last_printed = 0

    def new_page(always: bool = False) -> None:
        nonlocal page, in_notes, content
        if content or always:
            page += 1
        in_notes, content = False, False

    for i, (line, form_feed) in enumerate(expanded):
        if form_feed:
            new_page(always=bool(out))  # a form feed makes a page even when it is empty
        previous = expanded[i - 1][0] if i else ""
        following = expanded[i + 1][0] if i + 1 < len(expanded) else ""
        if h.is_separator_line(line) and any(x.strip() for x, _ in expanded[i + 1 : i + 3]):
            in_notes = True
            continue
        number = h.page_number(line)
        next_is_new_page = i + 1 < len(expanded) and expanded[i + 1][1]
        if (
            number is not None
            and number > last_printed
            and (h.is_blank(previous) or form_feed)
            and (h.is_blank(following) or next_is_new_page)
        ):
            if form_feeds:
                # Pages are already split: the number labels the page it stands on.
                anchors.setdefault(page, number)
                last_printed = number
            else:
                # Without form feeds the number line is what marks the new page.
                new_page()
                anchors[page] = last_printed = number
            continue
        if h.is_blank(line):
            in_notes = False
            out.append(_Line("", page, "gap" if line else "blank"))
            continue
        starts = (
            one_space_pages
            and _ONE_SPACE.match(line) is not None
            and not h.is_blank(previous)
            and not (in_notes and _NOTE_LINE.match(following))
        )
        if starts:
            new_page()
            line = line[1:]
        out.append(_Line(line.rstrip("\n"), page, "note" if in_notes else "body", starts))
        content = True
    return out, anchors


def printed_pages(page_count: int, anchors: dict[int, int]) -> list[int | None]:
    """The printed number of each physical page, counted on from the numbers seen.

    Pages before the first printed number count back from it; a page that
    would come out below 1 (a cover) has none. With no printed numbers at all,
    physical page numbers (from 1) stand in.
    """
    if not anchors:
        return list(range(1, page_count + 1))
    result: list[int | None] = []
    first = min(anchors)
    for page in range(page_count):
        before = [a for a in anchors if a <= page]
        if before:
            anchor = max(before)
            result.append(anchors[anchor] + page - anchor)
        else:
            value = anchors[first] - (first - page)
            result.append(value if value >= 1 else None)
    return result


def running_head_key(text: str) -> str:
    """A line's text with digits and spacing erased, to compare running heads across pages."""
    return " ".join(re.sub(r"\d+", "#", text).split()).lower()


def _drop_running_heads(lines: list[_Line]) -> list[_Line]:
    """Remove running heads and feet: the same short line first or last on most pages.

    A line counts when, digits aside, it opens or closes the body of at least
    three pages and of at least half of the pages that have a body.
    """
    ends: dict[int, list[_Line]] = {}
    for line in lines:
        if line.kind == "body":
            ends.setdefault(line.page, []).append(line)
    keys: dict[str, set[int]] = {}
    for page, body in ends.items():
        for line in {id(body[0]): body[0], id(body[-1]): body[-1]}.values():
            if len(line.text.split()) <= 12:
                keys.setdefault(running_head_key(line.text), set()).add(page)
    heads = {k for k, pages in keys.items() if len(pages) >= max(3, len(ends) / 2)}
    if not heads:
        return lines
    edge = {id(body[0]) for body in ends.values()} | {id(body[-1]) for body in ends.values()}
    return [
        line for line in lines if not (id(line) in edge and running_head_key(line.text) in heads)
    ]


def _release_orphan_notes(lines: list[_Line]) -> list[_Line]:
    """Turn note-zone lines that precede any numbered note back into body lines.

    A "separator" followed by text that starts no note was not a note
    separator; its lines must not be lost.
    """
    note_lines = [(line.text, line.page) for line in lines if line.kind == "note"]
    _, orphans = h.split_notes(note_lines)
    if not orphans:
        return lines
    remaining = len(orphans)
    out: list[_Line] = []
    for line in lines:
        if line.kind == "note" and remaining:
            remaining -= 1
            line = _Line(line.text, line.page, "body", line.page_start)
        out.append(line)
    return out


def _double_spaced(lines: Sequence[_Line]) -> bool:
    """True when wrapped lines are followed by a blank line (a double-spaced original).

    Only long lines count: in single-spaced text the blank lines follow the
    short last lines of paragraphs, while in double-spaced text they follow
    every line, including the full ones in mid-paragraph.
    """
    widths = [h.text_width(line.text.strip()) for line in lines if line.kind == "body"]
    long_enough = 0.7 * h.right_margin(widths, quantile=0.9)
    followed = total = 0
    for line, after in itertools.pairwise(lines):
        if line.kind == "body" and h.text_width(line.text.strip()) >= long_enough:
            total += 1
            followed += after.kind in ("blank", "gap")
    return total >= 4 and followed > 0.5 * total


def _rows(lines: Sequence[_Line]) -> list[_Row]:
    """Body lines with the kind of gap that precedes each."""
    rows: list[_Row] = []
    skipped: list[_Line] = []
    for line in lines:
        if line.kind != "body":
            skipped.append(line)
            continue
        if rows and (line.page_start or line.page != rows[-1].page):
            gap = "page"
            if any(s.kind == "gap" and s.page == line.page for s in skipped):
                gap = "hard"
        elif any(s.kind == "gap" for s in skipped) and rows:
            gap = "hard"
        elif any(s.kind == "blank" for s in skipped):
            gap = "blank"
        else:
            gap = "none"
        rows.append(_Row(line.text, line.page, line.page_start, gap))
        skipped = []
    return rows


# --- blocks -----------------------------------------------------------------


def _mark_headings(rows: list[_Row], double: bool, margin: float) -> None:
    """Tag heading rows (and the rows continuing a wrapped heading) in place.

    Besides its shape (:func:`heuristics.match_heading`), a heading must stand
    alone, must not go back in numbering or repeat a label, and must not be
    an item of a list: a numbered line after a colon, or right after another
    numbered line that was not taken as a heading.
    """
    last_major = 0
    labels: set[str] = set()
    in_list = False
    for i, row in enumerate(rows):
        if row.heading_part:
            continue
        match = h.match_heading(row.text)
        if match is None:
            in_list = False
            continue
        previous = rows[i - 1] if i else None
        if (
            in_list
            or match.label in labels
            or not last_major <= match.major <= last_major + 2
            or (last_major == 0 and match.major > 3)
            or (previous is not None and not _stands_alone(previous, row, double))
        ):
            in_list = True
            continue
        title = match.title
        j = i + 1
        while j < len(rows) and j <= i + 2 and rows[j].gap_before == "none":
            nxt = rows[j].text.strip()
            if (title.isupper() and nxt.isupper()) or (
                h.is_title_like(nxt)
                and h.text_width(rows[j - 1].text.strip()) >= 0.6 * margin
                and not h.match_heading(nxt)
            ):
                title = f"{title} {nxt}"
                rows[j].heading_part = True
                j += 1
            else:
                break
        row.heading = h.HeadingMatch(match.label, " ".join(title.split()), match.level, match.major)
        last_major = match.major
        labels.add(match.label)


def _stands_alone(previous: _Row, row: _Row, double: bool) -> bool:
    """True when ``row`` is not the middle of a paragraph nor the first item of a list."""
    if previous.heading is not None or previous.heading_part:
        return True
    if previous.text.rstrip().endswith(":"):
        return False
    if row.gap_before == "hard" or (not double and row.gap_before == "blank"):
        return True
    return h.ends_sentence(previous.text)


def _mark_quotes(rows: list[_Row], double: bool) -> None:
    """Tag block-quote rows: single-spaced runs in double-spaced text, or indented runs."""
    if double:
        i = 0
        while i < len(rows):
            j = i
            while (
                j + 1 < len(rows)
                and rows[j + 1].gap_before == "none"
                and rows[j + 1].heading is None
                and not rows[j + 1].heading_part
                and not h.is_caption(rows[j + 1].text)
            ):
                j += 1
            if j > i and rows[i].heading is None and not rows[i].heading_part:
                for row in rows[i : j + 1]:
                    row.quote = True
            i = j + 1
        return
    indents = [len(r.text) - len(r.text.lstrip()) for r in rows]
    if not indents:
        return
    base = max(set(indents), key=indents.count)
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and indents[j] >= base + 2 and rows[j].heading is None:
            j += 1
        if j - i >= 2:
            for row in rows[i:j]:
                row.quote = True
        i = max(j, i + 1)


def _group_rows(
    rows: list[_Row], double: bool, margin: float
) -> list[tuple[_GroupKind, list[_Row]]]:
    """Group rows into blocks: headings alone, captions, quotes and paragraphs."""
    groups: list[tuple[_GroupKind, list[_Row]]] = []
    current: list[_Row] = []
    kind: _GroupKind = "paragraph"

    def close() -> None:
        nonlocal current
        if current:
            groups.append((kind, current))
        current = []

    for row in rows:
        if row.heading_part:
            continue
        if row.heading is not None:
            close()
            groups.append(("heading", [row]))
            continue
        row_kind: _GroupKind = (
            "caption" if h.is_caption(row.text) else ("quote" if row.quote else "paragraph")
        )
        if current and _breaks_before(current[-1], row, row_kind, kind, double, margin):
            close()
        if not current:
            kind = row_kind
        current.append(row)
    close()
    return groups


def _breaks_before(
    previous: _Row, row: _Row, row_kind: str, kind: str, double: bool, margin: float
) -> bool:
    """True when ``row`` starts a new block after ``previous`` (in a block of ``kind``)."""
    if row_kind == "caption" or (row_kind == "quote") != (kind == "quote"):
        return True
    if row.gap_before == "hard" or (not double and row.gap_before == "blank"):
        return True
    if kind == "quote":
        return False
    return h.ends_paragraph(previous.text, row.text, margin)


@dataclass(frozen=True, slots=True)
class _Built:
    """A group of rows with its joined text: a block (or heading) before ids and markers."""

    kind: _GroupKind
    rows: list[_Row]
    text: str


def _build(
    groups: Sequence[tuple[_GroupKind, list[_Row]]], vocabulary: h.Vocabulary, keep: bool
) -> list[_Built]:
    return [
        _Built(kind, rows, h.join_lines([r.text for r in rows], vocabulary, keep))
        for kind, rows in groups
    ]


def _default_hyphen_keep(lines: Sequence[_Line], vocabulary: h.Vocabulary) -> bool:
    """Keep undecided line-end hyphens unless the decided ones were mostly soft."""
    kept = dropped = 0
    texts = [line.text for line in lines if line.kind in ("body", "note")]
    for line, nxt in itertools.pairwise(texts):
        if line.endswith("-") and nxt.strip():
            decision = h.keep_line_end_hyphen(line.rsplit(" ", 1)[-1], nxt.split()[0], vocabulary)
            kept += decision is True
            dropped += decision is False
    return kept >= dropped


# --- front matter, title, sections --------------------------------------------


def _front_matter_count(built: Sequence[_Built], margin: float) -> int:
    """How many leading blocks are front matter (cover, title page, acknowledgements).

    Front matter ends where the body begins (a heading, or a long full-width
    paragraph without front-matter wording) and takes whole pages: every block
    up to the last page, among the first three, that shows front-matter wording
    (copyright, acknowledgements, contact, abstract ...).
    """
    if not built:
        return 0
    first_page = built[0].rows[0].page
    stop = len(built)
    last_cue: int | None = None
    for i, block in enumerate(built):
        if block.kind == "heading" or block.rows[0].page > first_page + 2 or i >= 60:
            stop = i
            break
        if _FRONT_CUES.search(block.text):
            last_cue = i
        elif len(block.rows) >= 3 and sum(
            h.text_width(r.text.strip()) for r in block.rows
        ) >= 0.75 * margin * len(block.rows):
            stop = i
            break
    if last_cue is None:
        return 0
    cue_page = built[last_cue].rows[-1].page
    return max(i for i in range(last_cue, stop) if built[i].rows[0].page <= cue_page) + 1


def _title_author_year(front: Sequence[_Built], source: str) -> tuple[str, str, int | None]:
    """Title, author and year from the front matter's lines; generic, with fallbacks.

    The author is a line of personal names (one with an initial preferred)
    below the first line of its page; the title is what stands above it on
    that page, series numbers and copyright lines aside; the year comes from
    a date line, else from the copyright line.
    """
    rows = [r for b in front if b.kind != "heading" for r in b.rows]
    texts = [" ".join(r.text.split()) for r in rows]
    content = [i for i, t in enumerate(texts) if t and not _SERIES.search(t)]
    page_first = {rows[i].page: i for i in reversed(content)}
    names = [i for i in content if page_first.get(rows[i].page) != i and author_names(texts[i])]
    names.sort(key=lambda i: re.search(r"\b[A-Z]\.", texts[i]) is None)
    author_at = names[0] if names else None
    author = author_names(texts[author_at]) or "" if author_at is not None else ""
    if author_at is not None:
        page = rows[author_at].page
        candidates = [t for t, r in zip(texts[:author_at], rows, strict=False) if r.page == page]
    elif front and len(front[0].text.split()) <= 20 and not front[0].text.endswith((".", ":")):
        # No author line: a short first block that is no sentence may still be the title.
        candidates = [" ".join(front[0].text.split())]
    else:
        candidates = []
    title_parts = [
        t for t in candidates if t and not _SERIES.search(t) and not _FRONT_CUES.search(t)
    ]
    title = " ".join(title_parts[:6]) or Path(source).stem
    # "Leverage— Until Now": a dash glued on one side only lost its other side's glue.
    title = re.sub(r"(\w)([—–])\s+(\w)", r"\1\2\3", " ".join(title.split()))
    year = None
    for pattern in (_DATE, _COPYRIGHT_YEAR):
        found = next((m for t in texts if (m := pattern.search(t))), None)
        if found:
            year = int(found.group(1))
            break
    return title[:300], author, year


def author_names(text: str) -> str | None:
    """``text`` without a leading "by" if it is a line of personal names, else None.

    "Adam S. Posen", "Jane Smith and J. R. Doe", "by A. Author, B. Writer".
    Lines with words that are not names ("Senior Fellow", "Institute for ...")
    are refused, as are all-capital lines without an initial (titles).
    """
    text = re.sub(r"^[Bb]y\s+", "", text.strip())
    parts = [p for p in _AUTHOR_SPLIT.split(text) if p]
    if not parts or len(parts) > 8:
        return None
    for part in parts:
        if not _NAME.fullmatch(part):
            return None
        if any(w.lower() in _NOT_NAME_WORDS for w in part.split() if not w.endswith(".")):
            return None
    if text.isupper() and re.search(r"\b[A-Z]\.", text) is None:
        return None
    return text


def _sections(
    built: Sequence[_Built], printed: Sequence[int | None]
) -> tuple[list[Section], list[tuple[str, _Built]]]:
    """The sections (an untitled introduction first, when there is text before a heading)."""
    sections: list[Section] = []
    body: list[tuple[str, _Built]] = []
    label = INTRODUCTION
    for block in built:
        row = block.rows[0]
        if block.kind == "heading" and row.heading is not None:
            label = row.heading.label
            if any(s.label == label for s in sections):
                label = f"{label}~{len(sections)}"
            sections.append(Section(label, row.heading.title, row.heading.level, printed[row.page]))
            continue
        if label == INTRODUCTION and not any(s.label == INTRODUCTION for s in sections):
            sections.insert(0, Section(INTRODUCTION, "", 1, printed[row.page]))
        body.append((label, block))
    return sections, body


def _blocks(
    body: Sequence[tuple[str, _Built]], printed: Sequence[int | None], known: set[int], start: int
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
        blocks.append(
            Block(block.id, block.kind, label, block.page, block.last_page, text.rstrip(), notes)
        )
    return blocks


def _plain_block(built: _Built, label: str, printed: Sequence[int | None], number: int) -> Block:
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
    )


__all__ = [
    "author_names",
    "parse_lines_to_document",
    "parse_text",
    "printed_pages",
    "running_head_key",
    "segment_pages",
]
