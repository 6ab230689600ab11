"""Headings in the body lines of a PDF: numbered, lettered, bare-numeral and unnumbered.

Pure functions over :class:`~posenqa.parsing.layout.Line` values in reading
order. Numbered lines are headings when they stand out (bold, larger,
capitals, another font, centred) or open a paragraph in bold (run-in);
unnumbered headings must be bold or larger (or set off in another face) and
stand alone. The shapes of labels come from the shared
:mod:`~posenqa.parsing.headings` and :mod:`~posenqa.parsing.outline`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from posenqa.document import NoteMarker, Section
from posenqa.parsing.headings import HeadingMatch, is_caption, is_title_like, numbered_heading
from posenqa.parsing.hyphenation import join_line
from posenqa.parsing.layout import Line, Piece
from posenqa.parsing.note_sequences import opinion_opener
from posenqa.parsing.outline import bare_label, lettered_heading, outline
from posenqa.parsing.pdf_context import Context, same_style


def heading_label(
    lines: Sequence[Line], i: int, body_size: float, main_font: str = "", *, numbered: bool = True
) -> HeadingMatch | None:
    """A whole-line numbered heading at line ``i``.

    It must stand out: bold, larger than the body, in capitals, or in another
    font than the body text (small capitals, a sans face). With ``numbered``
    false, a lettered heading ("A. Title") is judged the same way.
    """
    line = lines[i]
    if numbered:
        found = numbered_heading(line.text)
    else:
        lettered = lettered_heading(line.text)
        found = HeadingMatch(lettered[0], lettered[1], 2, 0) if lettered else None
    if found is None:
        return None
    title = found.title
    if not _WORD.search(title):
        return None  # "1 X": a numbered line of displayed maths, no title
    letters = [c for c in title if c.isalpha()]
    caps = len(letters) >= 4 and all(c.isupper() for c in letters)
    other_font = bool(main_font) and bool(line.font) and line.font != main_font
    styled = line.bold or line.size >= 1.1 * body_size or caps or other_font
    # Raised text after the label is a note marker or an exponent of running text, unless
    # the line is set bold and larger: a heading with maths in it ("5.2 Construction of H0").
    display = line.bold and line.size >= 1.05 * body_size
    raised = any(p.sup for p in line.pieces[1:]) and not display
    if not styled or len(title.split()) > 20 or raised:
        return None
    if line.size < _MIN_HEADING_SIZE * body_size:
        return None  # a subscript row of displayed maths ("1 m"), not a heading
    return found


#: A word of two letters or more: every heading title has one.
_WORD = re.compile(r"[^\W\d_]{2}")
#: A heading is set no smaller than this share of the body size.
_MIN_HEADING_SIZE = 0.9


def _unnumbered_heading(line: Line, body_size: float, *, wraps: bool = False) -> bool:
    """A stand-alone heading line; ``wraps`` when the heading goes on onto the next line
    (a comma may then end this one: "Aligning Agencywide Goals," / "Objectives ...")."""
    text = _heading_text(line)
    words = text.split()
    if not words or len(words) > 20 or not any(c.isalpha() for c in text):
        return False
    # A note marker may end a heading ("Food Products" with note 102); other raised text not.
    raised = [p for p in line.pieces if p.sup]
    if raised and (raised != [line.pieces[-1]] or not raised[0].note):
        return False
    if text[-1] in ".;" or (text[-1] == "," and not wraps):
        return False
    return (line.bold and line.size >= 0.95 * body_size) or line.size >= 1.15 * body_size


#: Mathematical relations: no title of an unnumbered heading holds one.
_RELATION = re.compile(r"[=≤≥<>←→∑]")
#: An unnumbered heading opens with a word, or a year and a word ("2007 CRS Reanalysis").
_YEAR_OR_WORD = re.compile(r"^(?:[^\W\d_]|(?:1[89]|20)\d\d\s+[^\W\d_])")


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading found at a line of the body."""

    end: int
    """Index of the first line after the heading."""
    section: Section
    rest: Line | None = None
    """The body text that follows a run-in heading on its own line."""
    part: str | None = None
    """The opinion an opinion's opening line begins (its label too), else None."""


def _heading_at(lines: Sequence[Line], i: int, ctx: Context, numbered_any: bool) -> Heading | None:
    line = lines[i]
    page = ctx.page_no(line.page)
    found = numbered_heading(line.text)
    if found is not None and _numbered_listing(lines, i, found.label):
        return None
    if found is not None:
        label, level = found.label, found.level
        run_in = _run_in(line)
        if run_in is not None:
            title, rest = run_in
            return Heading(i + 1, Section(label, title, level, page, line.page + 1), rest)
        if heading_label(lines, i, ctx.body_size, ctx.font) is not None or _centred(line, ctx):
            end = _heading_end(lines, i, ctx)
            title = _join_texts(lines[i:end], ctx)
            whole = numbered_heading(title)
            title = whole.title if whole else title
            return Heading(end, Section(label, title, level, page, line.page + 1))
        return None
    bare = bare_label(line.text)
    if (
        bare is not None
        and (_centred(line, ctx) or line.bold)
        and (line.font == ctx.font or line.bold)  # not a maths symbol on its own line
        and line.size >= 0.95 * ctx.body_size
    ):
        return Heading(i + 1, Section(bare, "", 1, page, line.page + 1))
    lettered = lettered_heading(line.text)
    if lettered is not None and (
        heading_label(lines, i, ctx.body_size, ctx.font, numbered=False) is not None
        or _centred(line, ctx)
        or _short_flush_line(lines, i, ctx)
    ):
        end = _heading_end(lines, i, ctx)
        title = lettered_heading(_join_texts(lines[i:end], ctx))
        return Heading(end, Section(lettered[0], (title or lettered)[1], 2, page, line.page + 1))
    if is_caption(line.text):
        return None
    end = _heading_end(lines, i, ctx)
    if not (
        _unnumbered_heading(line, ctx.body_size, wraps=end > i + 1)
        or _set_off_heading(lines, i, end, ctx)
    ):
        return None
    group = lines[i:end]
    if not _YEAR_OR_WORD.match(line.text):
        return None  # algorithm steps, equation numbers, table cells
    if line.text[0].islower():
        return None  # the rest of a sentence set in bold, not a title
    nxt = lines[end] if end < len(lines) else None
    if nxt is not None and nxt.page == line.page and same_style(nxt, line):
        return None
    title = _join_texts(group, ctx)
    if title.endswith(":"):
        return None  # a lead-in to the list or text that follows ("Ross data suggest:")
    if _RELATION.search(title):
        return None  # a table's or figure's header row ("RV = 0 RV = 1 row sum")
    level = 1 if numbered_any else _size_level(line, ctx)
    return Heading(end, Section("", title, level, page, line.page + 1))


def _numbered_listing(lines: Sequence[Line], i: int, label: str) -> bool:
    """Whether a numbered line is one row of a numbered listing (an algorithm's steps, a
    list): the number before or after it opens a line of the same size on the same page
    within three lines, whatever its indent or face (an algorithm sets its keywords bold,
    its comments in another face). Headings have text between them."""
    if not label.isdigit():
        return False
    line = lines[i]
    neighbours = {str(int(label) - 1), str(int(label) + 1)}
    for j in range(i - _LISTING_REACH, i + _LISTING_REACH + 1):
        if (
            j != i
            and 0 <= j < len(lines)
            and lines[j].page == line.page
            and abs(lines[j].size - line.size) <= 0.5
        ):
            other = numbered_heading(lines[j].text)
            if other is not None and other.label in neighbours:
                return True
    return False


#: How many lines away the next number of a listing may open (a comment or a displayed
#: symbol may stand between two steps).
_LISTING_REACH = 3


def _short_flush_line(lines: Sequence[Line], i: int, ctx: Context) -> bool:
    """A short line at the left margin that ends no sentence, after a line that did:
    how typewritten court opinions set "A. Justiciability" (no bold, no centring)."""
    line = lines[i]
    left = ctx.left.get(line.page, ctx.left[-1])
    prev = lines[i - 1] if i > 0 else None
    return (
        abs(line.x0 - left) < 2
        and line.x1 < left + 0.6 * (ctx.right - left)
        and line.text[-1:] not in ".,;:"
        and (prev is None or prev.page != line.page or prev.text[-1:] in '.:!?"”')
    )


def _heading_text(line: Line) -> str:
    """A line's text without the note markers it carries (a heading's title)."""
    return "".join(p.text for p in line.pieces if not p.note).strip()


def _join_texts(lines: Sequence[Line], ctx: Context) -> str:
    text = ""
    for line in lines:
        text = join_line(text, _heading_text(line), ctx.vocab)
    return text


#: Space around a heading set in the body size, in lines of the body's leading.
_SET_OFF = 1.3


def _set_off_heading(lines: Sequence[Line], i: int, end: int, ctx: Context) -> bool:
    """A heading set in the body size but in another face (italic), flush left, with
    extra space above and below it, and title-shaped: a report's lowest heading level."""
    line, last = lines[i], lines[end - 1]
    prev = lines[i - 1] if i > 0 else None
    nxt = lines[end] if end < len(lines) else None
    gap = _SET_OFF * ctx.leading
    return (
        bool(line.font)
        and line.font != ctx.font
        and abs(line.size - ctx.body_size) < 0.5
        and abs(line.x0 - ctx.left.get(line.page, ctx.left[-1])) < 2
        and (prev is None or prev.page != line.page or prev.y - line.y > gap)
        and (nxt is None or nxt.page != last.page or last.y - nxt.y > gap)
        and _heading_text(last)[-1:] not in ".,;:"
        and all(is_title_like(_heading_text(ln)) for ln in lines[i:end])
    )


def _centred(line: Line, ctx: Context) -> bool:
    left = ctx.left.get(line.page, ctx.left[-1])
    span = ctx.right - left
    middle = (line.x0 + line.x1) / 2
    return (
        abs(middle - (left + ctx.right) / 2) < 0.04 * span
        and line.x1 - line.x0 < 0.75 * span
        and line.x0 > left + 0.05 * span
    )


def _run_in(line: Line) -> tuple[str, Line] | None:
    """A bold heading ending in a period that opens a paragraph on the same line."""
    lead = line.bold_lead.strip()
    if not lead.endswith(".") or len(lead.split()) > 20 or line.lead_end <= 0:
        return None
    title = lead.rstrip(".").strip()
    if not title or not title[0].isalnum():
        return None
    rest = _drop_prefix(line, line.lead_end)
    if not rest.text:
        return None  # the whole line is the heading
    return title, rest


def _drop_prefix(line: Line, n: int) -> Line:
    pieces: list[Piece] = []
    for piece in line.pieces:
        if n >= len(piece.text):
            n -= len(piece.text)
            continue
        pieces.append(Piece(piece.text[n:], piece.sup) if n else piece)
        n = 0
    return replace(line, pieces=tuple(pieces), bold=False, bold_lead="", lead_end=0)


#: Lines an opinion's opening may wrap over ("JUSTICE GORSUCH, with whom JUSTICE THOMAS
#: and JUSTICE ALITO join, and with whom JUSTICE BARRETT joins as to Part I, dissenting.").
_OPENING_LINES = 3


def _opinion_opening(lines: Sequence[Line], i: int, ctx: Context) -> Heading | None:
    """The line(s) opening a court opinion at ``i`` ("JUSTICE THOMAS, concurring."), as a
    top-level section labelled by the opinion (``thomas-concurring``): the text after it is
    that opinion's, not the last section's of the opinion before."""
    line = lines[i]
    if not _heading_text(line)[:1].isalpha():
        return None
    text = ""
    for end in range(i, min(i + _OPENING_LINES, len(lines))):
        if lines[end].page != line.page:
            break
        text = join_line(text, _heading_text(lines[end]), ctx.vocab)  # "" + line: the line
        part = opinion_opener(text)
        if part is not None:
            section = Section(part, text, 1, ctx.page_no(line.page), line.page + 1)
            return Heading(end + 1, section, part=part)
    return None


def find_headings(lines: Sequence[Line], ctx: Context) -> list[tuple[int, Heading]]:
    """The headings among the body lines, each with the index of its first line, labelled
    as an outline (see :func:`posenqa.parsing.outline.outline`)."""
    numbered_any = any(
        heading_label(lines, i, ctx.body_size, ctx.font) is not None for i in range(len(lines))
    )
    heads: list[tuple[int, Heading]] = []
    unnumbered = 0
    i = 0
    while i < len(lines):
        if is_caption(lines[i].text):
            i = _heading_end(lines, i, ctx)  # a wrapped caption is not a heading
            continue
        head = _opinion_opening(lines, i, ctx) or _heading_at(lines, i, ctx, numbered_any)
        if head is None:
            i += 1
            continue
        if not head.section.label:
            appendix = _APPENDIX_TITLE.match(head.section.title)
            if appendix and appendix.group("title"):
                section = replace(
                    head.section,
                    label=f"Appendix {appendix.group('id')}",
                    title=appendix.group("title"),
                    level=1,
                )
            else:
                unnumbered += 1
                section = replace(head.section, label=f"s{unnumbered}")
            head = Heading(head.end, section, head.rest)
        heads.append((i, head))
        i = head.end

    heads = [(i, h) for i, h in heads if not _boilerplate(h, heads)]
    # An opinion's opening line names its part; other headings take their page's running
    # head's (a page may hold the end of one opinion and the start of the next).
    parts = [h.part or ctx.part(lines[i].page) for i, h in heads]
    labelled = outline([h.section for _, h in heads], parts)
    heads = [(i, replace(h, section=s)) for (i, h), s in zip(heads, labelled, strict=True)]
    return heads


def heading_markers(lines: Sequence[Line], ctx: Context) -> list[NoteMarker]:
    """The note markers a heading's lines carry, placed at the start of a block."""
    return [
        NoteMarker(p.note, 0, ctx.sequences[p.sequence] if p.sequence < len(ctx.sequences) else "")
        for line in lines
        for p in line.pieces
        if p.note
    ]


#: "Appendix A. Data and Methods", "Appendix I: Scope and Methodology": label and title.
_APPENDIX_TITLE = re.compile(
    r"^(?:Appendix|APPENDIX)\s+(?P<id>[IVXL]{1,6}|[A-Z]|\d{1,2})\s*[.:—–-]?\s*(?P<title>.*)$"
)


def _boilerplate(head: Heading, heads: Sequence[tuple[int, Heading]]) -> bool:
    """An unnumbered heading in capitals printed three times or more ("SUPREME COURT OF
    THE UNITED STATES" atop each opinion) is a caption, not a section."""
    title = head.section.title
    if head.section.label[:1] != "s" or not title.isupper():
        return False
    return sum(h.section.title == title for _, h in heads) >= 3


def _size_level(line: Line, ctx: Context) -> int:
    return 1 if line.size >= 1.3 * ctx.body_size else 2


#: Side heads in a report's margin column wrap onto as many as four lines.
_HEADING_MAX_LINES = 4


def _heading_end(lines: Sequence[Line], i: int, ctx: Context) -> int:
    """Index after the heading's last line: wrapped heading lines share its style."""
    head = lines[i]
    end = i + 1
    while (
        end < len(lines)
        and end - i < _HEADING_MAX_LINES
        and lines[end].page == head.page
        and same_style(lines[end], head)
        and (head.bold or head.size >= 1.1 * ctx.body_size or head.font != ctx.font)
        and numbered_heading(lines[end].text) is None
        and not is_caption(lines[end].text)
        and head.y - lines[end].y < 2.0 * head.size * (end - i)
    ):
        end += 1
    return end


__all__ = ["Heading", "find_headings", "heading_label", "heading_markers"]
