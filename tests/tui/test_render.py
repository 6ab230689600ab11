"""The pure pieces of the TUI: passage rendering, score bars, history, citations."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from posenqa.document import NoteMarker
from posenqa.tui.cite import formatted_references, note_citation, passage_citation
from posenqa.tui.history import QuestionHistory
from posenqa.tui.render import (
    BEST_STYLE,
    TERM_STYLE,
    bar_fractions,
    chance_label,
    hit_prompt,
    marker_label,
    opening_words,
    paper_line,
    passage_text,
    query_terms,
    score_bar,
    sentence_span,
)


def styled(text, style: str) -> list[str]:
    """The substrings of a rich Text carrying ``style``."""
    return [text.plain[s.start : s.end] for s in text.spans if str(s.style) == style]


@pytest.mark.parametrize(
    ("number", "style", "label"),
    [(1, "superscript", "¹"), (12, "superscript", "¹²"), (307, "brackets", "[307]")],
)
def test_marker_label(number: int, style: str, label: str) -> None:
    assert marker_label(number, style) == label  # type: ignore[arg-type]


def test_markers_are_reinserted_at_their_offsets() -> None:
    text = "Banks failed. Regulators waited."
    markers = (NoteMarker(4, len("Banks failed.")), NoteMarker(15, len(text)))
    out = passage_text(text, markers)
    assert out.plain == "Banks failed.⁴ Regulators waited.¹⁵"
    assert passage_text(text, markers, marker_style="brackets").plain == (
        "Banks failed.[4] Regulators waited.[15]"
    )


def test_term_and_sentence_spans_survive_marker_insertion() -> None:
    text = "Banks failed. Regulators waited for years."
    markers = (NoteMarker(1, len("Banks failed.")),)
    out = passage_text(
        text,
        markers,
        terms=query_terms("why did the regulators wait?"),
        best_sentence="Regulators waited for years.",
    )
    assert styled(out, TERM_STYLE) == ["Regulators", "waited"]
    assert styled(out, BEST_STYLE) == ["Regulators waited for years."]


def test_best_span_wins_over_searching_the_sentence() -> None:
    text = "One. Two. One."
    out = passage_text(text, best_sentence="One.", best_span=(10, 14))
    assert [(s.start, s.end) for s in out.spans if str(s.style) == BEST_STYLE] == [(10, 14)]


def test_pdf_text_is_never_parsed_as_markup_and_escapes_are_dropped() -> None:
    text = "A [bold]tag[/bold] and \x1b]52;c;ZXZpbA==\x07 an escape."
    out = passage_text(text)
    assert out.plain == "A [bold]tag[/bold] and  an escape."
    assert out.spans == []


def test_sentence_span_tolerates_whitespace_differences() -> None:
    text = "First part.\nThe best   sentence here. Tail."
    assert sentence_span(text, "The best sentence here.") == (
        12,
        12 + len("The best   sentence here."),
    )
    assert sentence_span(text, "Not there.") is None


@pytest.mark.parametrize(
    ("fraction", "bar"),
    [
        (1.0, "████████"),
        (0.5, "████    "),
        (1 / 16, "▌       "),  # 1/16 of 8 cells = half a cell = 4 eighths
        (0.0, "        "),
        (1.5, "████████"),  # never wider than the room
    ],
)
def test_score_bar(fraction: float, bar: str) -> None:
    assert score_bar(fraction, 8) == bar


def _hit(score: float, relevance: float | None = None) -> SimpleNamespace:
    return SimpleNamespace(score=score, relevance=relevance)


def test_bars_rank_the_list_against_itself_without_a_relevance() -> None:
    # RRF-like scores: nearly equal numbers, yet the bars span best to weakest.
    fractions, absolute = bar_fractions([_hit(0.033), _hit(0.030), _hit(0.027)])
    assert not absolute
    assert fractions == pytest.approx((1.0, 1 / 8 + 7 / 8 * 0.5, 1 / 8))
    assert bar_fractions([_hit(5.9), _hit(5.9)]) == ((1.0, 1.0), False)
    assert bar_fractions([]) == ((), False)


def test_bars_show_the_relevance_when_every_hit_has_one() -> None:
    assert bar_fractions([_hit(0.03, 0.9), _hit(0.02, 0.2)]) == ((0.9, 0.2), True)
    # One hit without a relevance (engine mid-change): fall back to ranking the list.
    assert bar_fractions([_hit(2.0, 0.9), _hit(1.0, None)]) == ((1.0, 1 / 8), False)


@pytest.mark.parametrize(
    ("relevance", "label"),
    [
        (0.39, "39%"),
        (0.004, "<1%"),  # not "0%": the passage may still answer
        (0.996, ">99%"),  # nor "100%"
        (0.5, "50%"),
    ],
)
def test_chance_label(relevance: float, label: str) -> None:
    assert chance_label(relevance) == label


def test_a_note_ranked_by_the_passage_citing_it_says_its_bar_is_that_passage_s() -> None:
    note = SimpleNamespace(kind="footnote", number=17, page=9, text="Hoshi and Kashyap (2001).")
    moved = SimpleNamespace(rank=1, passage=note, placed_before="p0042")
    assert (
        hit_prompt(moved, 0.55, 60, 0.55)
        .plain.split("\n")[0]
        .endswith(" 55% note 17 p. 9 · cited below")
    )
    # A note the reranker put where it is on its own merits carries no such mark.
    alone = SimpleNamespace(rank=1, passage=note, placed_before=None)
    assert "cited below" not in hit_prompt(alone, 0.55, 60, 0.55).plain


def test_a_hit_names_its_paper_on_a_line_of_its_own() -> None:
    from posenqa.library.registry import PaperEntry

    passage = SimpleNamespace(
        kind="passage", section="2A", section_title="", page=5, text="Banks lent against land."
    )
    hit = SimpleNamespace(rank=1, passage=passage)
    paper = PaperEntry("alpha", "alpha.pdf", title="Banks and Land", author="Ann Alpha", year=1999)
    lines = hit_prompt(hit, 0.39, 40, 0.39, paper=paper).plain.split("\n")
    assert lines[0].endswith(" 39% §2A p. 5")
    assert lines[1] == "   Alpha 1999, Banks and Land"
    assert lines[2] == "   Banks lent against land."
    assert len(hit_prompt(hit, 0.39, 40, 0.39).plain.split("\n")) == 2  # one paper: not named
    # A case's label holds its title already: not repeated.
    case = PaperEntry(
        "kemp",
        "kemp.pdf",
        title="Kemp v. United States",
        author="Supreme Court of the United States",
        year=2022,
    )
    assert paper_line(case) == "Kemp v. United States (2022)"


def test_opening_words_cut_at_a_word_boundary() -> None:
    assert opening_words("Short text.", 70) == "Short text."
    assert (
        opening_words("Capital flows from Japan financed the deficit", 20) == "Capital flows from…"
    )


def test_history_browses_back_and_forward_and_keeps_the_draft() -> None:
    history = QuestionHistory()
    for question in ("first", "second", "second", "third"):
        history.add(question)
    assert history.items == ["first", "second", "third"]
    assert history.back("draft") == "third"
    assert history.back("third") == "second"
    assert history.back("second") == "first"
    assert history.back("first") == "first"  # stops at the oldest
    assert history.forward("first") == "second"
    assert history.forward("second") == "third"
    assert history.forward("third") == "draft"


def test_note_citation_formats_the_notes_works_or_falls_back_to_its_text(fakes) -> None:
    refs = fakes.refs
    by_note = refs.note_references(fakes.document)
    note1 = fakes.document.footnote(1)
    cited = note_citation(refs, note1, by_note, "chicago")
    assert cited.text == refs.format_reference(by_note[1][0], "chicago")
    assert "Corporate Financing and Governance in Japan" in cited.text
    assert "note 1" in cited.what
    bibtex = note_citation(refs, note1, by_note, "bibtex")
    assert bibtex.text.startswith("@") and by_note[1][0].key in bibtex.text
    bare = note_citation(refs, note1, {}, "chicago")
    assert bare.text == note1.text
    assert "no work" in bare.what


def test_passage_citation_names_the_page(fakes) -> None:
    cited = passage_citation(fakes.refs, fakes.document, 4, "chicago")
    assert cited.text == fakes.refs.cite_paper(fakes.document, 4, "chicago")
    assert cited.text.endswith("p. 4.")
    assert cited.what == "Chicago citation of p. 4"


def test_notes_pane_references_say_when_a_short_form_was_not_resolved(fakes) -> None:
    by_note = fakes.refs.note_references(fakes.document)
    shown = formatted_references(fakes.refs, by_note, 2)
    for ref, line in zip(by_note[2], shown, strict=True):
        assert line.startswith(fakes.refs.format_reference(ref, "chicago"))
        assert line.endswith("full reference not found)") == ref.unresolved
