"""Pure, reusable heuristics for turning extracted lines of a paper into structure.

Nothing here reads files or knows which paper it is looking at: every function
takes strings (or small tuples of them) and returns plain values, so the
parsers can share them and tests can check them one by one.

Both front ends call them: the text parser for everything here, the PDF
parser for every idea that does not depend on layout (line joining and
dehyphenation through :func:`join_line` and :func:`build_vocabulary`, the
numbered-heading shape through :func:`numbered_heading`, a note label's "N."
shape through :func:`note_prefix`, the caption shape through
:func:`is_caption`, the line-end estimate through :func:`right_margin`, roman
numerals through :func:`roman_value`), so a fix to one of those lands in both.
Each group lives in a module of its own:

* :mod:`~posenqa.parsing.page_furniture`: separator lines, stray page numbers;
* :mod:`~posenqa.parsing.hyphenation`: line joining, with line-end
  dehyphenation that keeps real hyphens;
* :mod:`~posenqa.parsing.paragraph_ends`: an estimate of printed line width,
  to tell a line that ended because the paragraph did from one that ended
  because the margin came;
* :mod:`~posenqa.parsing.headings`: numbered section headings ("1.", "1A.",
  "2.1", "IV.") and captions;
* :mod:`~posenqa.parsing.numerals`: roman numerals, read and written;
* :mod:`~posenqa.parsing.markers`: note-marker candidates in flat text and the
  most plausible increasing sequence of them;
* :mod:`~posenqa.parsing.note_zones`: the note-label shape, and splitting
  footnote zones into numbered notes.
"""

from __future__ import annotations

from posenqa.parsing.headings import (
    HeadingMatch,
    is_caption,
    is_title_like,
    match_heading,
    numbered_heading,
)
from posenqa.parsing.hyphenation import (
    Vocabulary,
    build_vocabulary,
    join_line,
    join_lines,
    keep_line_end_hyphen,
    words,
)
from posenqa.parsing.markers import (
    MarkerCandidate,
    choose_markers,
    marker_candidates,
    remove_spans,
)
from posenqa.parsing.note_zones import NotePrefix, note_prefix, note_start, note_texts, split_notes
from posenqa.parsing.numerals import roman_value, to_roman
from posenqa.parsing.page_furniture import is_blank, is_separator_line, page_number
from posenqa.parsing.paragraph_ends import ends_paragraph, ends_sentence, right_margin, text_width

__all__ = [
    "HeadingMatch",
    "MarkerCandidate",
    "NotePrefix",
    "Vocabulary",
    "build_vocabulary",
    "choose_markers",
    "ends_paragraph",
    "ends_sentence",
    "is_blank",
    "is_caption",
    "is_separator_line",
    "is_title_like",
    "join_line",
    "join_lines",
    "keep_line_end_hyphen",
    "marker_candidates",
    "match_heading",
    "note_prefix",
    "note_start",
    "note_texts",
    "numbered_heading",
    "page_number",
    "remove_spans",
    "right_margin",
    "roman_value",
    "split_notes",
    "text_width",
    "to_roman",
    "words",
]
