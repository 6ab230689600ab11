"""Turn passages, hits and notes into styled ``rich.text.Text`` for the TUI.

Pure functions, no widgets: PDF text never goes through markup parsing here,
it is made terminal-safe and wrapped in ``Text`` objects with explicit spans,
so a ``[bold]`` in a paper stays literal text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from rich.text import Text

from posenqa import highlight
from posenqa.document import FRONT_MATTER, INTRODUCTION, NoteMarker
from posenqa.search.tokenize import tokenize
from posenqa.settings import TokenizerSettings
from posenqa.textsafe import terminal_safe

MarkerStyle = Literal["superscript", "brackets"]

# Colours chosen to stay readable on both the light and the dark theme.
TERM_STYLE = "bold #1d1d1d on #f2c94c"
BEST_STYLE = "underline"
MARKER_STYLE = "bold #e07b00"
CURRENT_MARKER_STYLE = "bold reverse #e07b00"
DIM_STYLE = "dim"
# Orange stays visible on both themes and on the blue of the highlighted row.
BAR_STYLE = "#f4a261"

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_BAR_PARTS = " ▏▎▍▌▋▊▉"
_PSEUDO_TITLES = {FRONT_MATTER: "Front matter", INTRODUCTION: "Introduction"}
# Highlighting conflates plurals and -ing/-ed forms ("regulators" lights up
# "regulator") with the project's own tokenizer, so it agrees with BM25.
_HIGHLIGHT = TokenizerSettings(stem=True)


def marker_label(number: int, style: MarkerStyle = "superscript") -> str:
    """How a note marker is shown: ``¹²`` or ``[12]``."""
    if style == "brackets":
        return f"[{number}]"
    return str(number).translate(_SUPERSCRIPT)


def query_terms(question: str) -> tuple[str, ...]:
    """The content terms of a question (stop words dropped, lightly stemmed), once each."""
    return tuple(dict.fromkeys(tokenize(question, _HIGHLIGHT)))


def term_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of the words of ``text`` that match one of the query ``terms``."""
    return highlight.term_spans(text, terms, _HIGHLIGHT)


def sentence_span(text: str, sentence: str) -> tuple[int, int] | None:
    """Where ``sentence`` stands in ``text``, tolerant of differing whitespace; None if absent."""
    sentence = sentence.strip()
    if not sentence:
        return None
    start = text.find(sentence)
    if start >= 0:
        return start, start + len(sentence)
    words = sentence.split()
    pattern = r"\s+".join(re.escape(w) for w in words)
    match = re.search(pattern, text)
    return match.span() if match else None


def passage_text(
    text: str,
    markers: Sequence[NoteMarker] = (),
    *,
    terms: Iterable[str] = (),
    best_sentence: str = "",
    best_span: tuple[int, int] | None = None,
    marker_style: MarkerStyle = "superscript",
    current_marker: int | None = None,
) -> Text:
    """A passage with query terms highlighted, the best sentence marked and note markers shown.

    ``markers`` carry offsets into ``text`` (markers removed); each is re-inserted
    at its offset. ``best_span`` (character offsets) wins over finding
    ``best_sentence`` in the text. ``current_marker`` is the index in ``markers`` to show as
    selected (the reader's marker cursor).
    """
    spans: list[tuple[int, int, str]] = []
    best = best_span if best_span and best_span[1] > best_span[0] else None
    best = best or sentence_span(text, best_sentence)
    if best:
        spans.append((*best, BEST_STYLE))
    spans.extend((s, e, TERM_STYLE) for s, e in term_spans(text, terms))

    ordered = sorted(enumerate(markers), key=lambda im: (im[1].offset, im[0]))
    inserts = [
        (min(max(m.offset, 0), len(text)), marker_label(m.number, marker_style), i)
        for i, m in ordered
    ]

    def shift(position: int, *, end: bool) -> int:
        # A marker inserted at offset o stands before character o: it moves a
        # span start at o but not a span end at o.
        return position + sum(
            len(label)
            for offset, label, _ in inserts
            if offset < position or (not end and offset == position)
        )

    out = Text()
    cursor = 0
    for offset, label, index in inserts:
        out.append(terminal_safe(text[cursor:offset]))
        style = CURRENT_MARKER_STYLE if index == current_marker else MARKER_STYLE
        out.append(label, style=style)
        cursor = offset
    out.append(terminal_safe(text[cursor:]))
    # terminal_safe only drops control characters, which PDF text extraction
    # does not produce inside words; if it ever did, spans would drift slightly.
    for start, end, style in spans:
        out.stylize(style, shift(start, end=False), shift(end, end=True))
    return out


def score_bar(fraction: float, width: int = 8) -> str:
    """A bar of ``width`` cells filled to ``fraction`` (0..1), with eighth-cell precision."""
    if fraction <= 0:
        return " " * width
    eighths = round(min(fraction, 1.0) * width * 8)
    full, part = divmod(eighths, 8)
    bar = "█" * full + (_BAR_PARTS[part] if part else "")
    return bar.ljust(width)


def bar_fractions(hits: Sequence[Any]) -> tuple[tuple[float, ...], bool]:
    """How full each hit's bar is, and whether that is an absolute relevance.

    With ``Hit.relevance`` (0..1, the same meaning in every mode) the bar is
    that relevance. Without it, raw scores mean nothing to a reader (RRF
    0.027-0.033, BM25 ~6), so the bar only ranks the list against itself:
    the best hit full, the weakest one eighth, the rest in proportion.
    """
    relevances = [getattr(h, "relevance", None) for h in hits]
    if hits and all(r is not None for r in relevances):
        return tuple(min(max(float(r), 0.0), 1.0) for r in relevances), True  # type: ignore[arg-type]
    scores = [h.score for h in hits]
    high, low = max(scores, default=0.0), min(scores, default=0.0)
    if high <= low:
        return tuple(1.0 for _ in hits), False
    floor = 1 / 8
    return tuple(floor + (1 - floor) * (s - low) / (high - low) for s in scores), False


def opening_words(text: str, limit: int = 70) -> str:
    """The start of ``text`` on one line, cut at a word boundary, with an ellipsis if cut."""
    flat = " ".join(terminal_safe(text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def place_label(passage: Any) -> str:
    """``§2A p. 5`` for a body passage, ``note 12 p. 8`` for a footnote passage.

    Pseudo-sections (front matter, the untitled introduction) show their title
    instead of an internal label.
    """
    page = f"p. {passage.page}" if passage.page is not None else "p. ?"
    if passage.kind == "footnote":
        return f"note {passage.number} {page}"
    label = passage.section or ""
    if label in (FRONT_MATTER, INTRODUCTION):
        title = getattr(passage, "section_title", "") or _PSEUDO_TITLES[label]
        return f"{title} {page}"
    return f"§{label} {page}" if label else page


def chance_label(relevance: float) -> str:
    """A relevance (0..1) as the chance a reader reads: ``39%``, ``<1%``, ``>99%``."""
    if relevance < 0.005:
        return "<1%"
    if relevance > 0.995:
        return ">99%"
    return f"{relevance:.0%}"


def paper_line(paper: Any) -> str:
    """A paper in a result or a heading, as ``ask`` names it (``PaperEntry.heading``):
    ``Posen 2001, Finance and Changing…``, a case by its label alone (uncut)."""
    return getattr(paper, "heading", None) or paper.short


def hit_prompt(
    hit: Any,
    fraction: float,
    width: int = 40,
    relevance: float | None = None,
    *,
    paper: Any | None = None,
) -> Text:
    """The entry of a hit in the results list: rank, bar, place; its paper; opening words.

    ``fraction`` fills the bar (see :func:`bar_fractions`); ``relevance``, the
    chance that the passage answers, is printed beside it only when it is an
    absolute relevance and the room allows. A note placed ahead of the passage citing
    it (``Hit.placed_before``) is marked "cited below": its bar is that passage's.
    ``paper`` (when the library holds several) names the paper on a line of its own.
    ``width`` is the room for a line: each line is cut to fit it.
    """
    head = Text()
    head.append(f"{hit.rank:>2} ", style="bold")
    head.append(score_bar(fraction, 6), style=BAR_STYLE)
    if relevance is not None and width >= 34:
        head.append(f" {chance_label(relevance):>4}", style=DIM_STYLE)
    head.append(" " + terminal_safe(place_label(hit.passage)), style="bold")
    if getattr(hit, "placed_before", None) is not None:
        # A note put just ahead of the passage citing it is ranked, and its bar filled,
        # by that passage: say so, or the bar reads as the note's own chance.
        head.append(" · cited below", style=DIM_STYLE)
    head.truncate(width, overflow="ellipsis")
    out = head
    if paper is not None:
        line = Text("   " + terminal_safe(paper_line(paper)), style="italic")
        line.truncate(width, overflow="ellipsis")
        out += Text("\n") + line
    out += Text("\n   ")
    out.append(opening_words(hit.passage.text, max(width - 4, 12)))
    return out


def citation_line(citation: Any) -> str:
    """Where a note is cited: 'cited on p. 11, §1B: “Steil offers ample evidence…”'."""
    where = f"p. {citation.page}" if citation.page is not None else "an unknown page"
    if citation.section:
        where += f", §{citation.section}"
    sentence = f": “{citation.sentence}”" if citation.sentence else ""
    return f"cited on {where}{sentence}"


def note_prompt(
    footnote: Any,
    references: Sequence[str] = (),
    marker_style: MarkerStyle = "superscript",
    citations: Sequence[Any] = (),
) -> Text:
    """A note in the notes pane: header, full text, its resolved references.

    ``citations`` (``posenqa.references.Citation``) are the body passages that
    cite the note, shown when the note is itself the result.
    """
    out = Text()
    out.append(marker_label(footnote.number, marker_style), style=MARKER_STYLE)
    page = f" · p. {footnote.page}" if footnote.page is not None else ""
    out.append(f" Note {footnote.number}{page}", style="bold")
    out.append("\n")
    if footnote.missing:
        out.append("(the text of this note was not found in the document)", style="italic dim")
    else:
        out.append(terminal_safe(footnote.text))
    for reference in references:
        out.append("\n  → ", style=DIM_STYLE)
        out.append(terminal_safe(reference), style="italic")
    for citation in citations:
        out.append("\n  ↳ ", style=DIM_STYLE)
        out.append(terminal_safe(citation_line(citation)))
    return out


__all__ = [
    "MarkerStyle",
    "bar_fractions",
    "chance_label",
    "citation_line",
    "hit_prompt",
    "marker_label",
    "note_prompt",
    "opening_words",
    "paper_line",
    "passage_text",
    "place_label",
    "query_terms",
    "score_bar",
    "sentence_span",
    "term_spans",
]
