"""Quotation check: forgiving of typography, strict about words."""

from __future__ import annotations

import pytest

from posenqa.document import Document
from posenqa.references import QuoteError, check_quote
from posenqa.references.quotes import find_quote

from .conftest import make_document

ORIGINAL = (
    "The resolution of the jusen industry was fundamentally flawed and illustrated to the "
    "market the government’s unwillingness to objectively assess and manage the financial crisis."
)


@pytest.fixture(scope="module")
def doc() -> Document:
    return make_document(
        {1: "Ann Lee, “On Banks,” in Bo Kim, ed., Money (Acme Press, 1999), p. 4."},
        [("Some opening words about long-term credit banks.", []), (ORIGINAL, [1])],
    )


@pytest.mark.parametrize(
    "quote",
    [
        ORIGINAL,
        # re-wrapped: line breaks and double spaces
        "fundamentally flawed and illustrated to the\nmarket the  government’s unwillingness",
        # hyphenated at a line end, as copied from a PDF
        "unwilling-\nness to objectively as-\nsess and manage",
        # straight apostrophe for a curly one, other case
        "THE GOVERNMENT'S unwillingness",
        # an ellipsis for omitted words
        "The resolution of the jusen industry ... the financial crisis.",
        "was fundamentally flawed … objectively assess",
        # an en dash where the paper has a hyphen
        "about long–term credit banks",
    ],
    ids=["exact", "rewrapped", "hyphenated", "quotes-case", "ellipsis", "ellipsis-char", "dash"],
)
def test_found_despite_typography(doc: Document, quote: str) -> None:
    match = check_quote(doc, quote)
    assert match.found
    assert match.closest is None
    assert match.section == "1" and match.page in (1, 2)


def test_found_text_is_the_papers_own_wording(doc: Document) -> None:
    match = check_quote(doc, "THE GOVERNMENT'S unwillingness")
    assert match.text == "the government’s unwillingness"
    assert match.page == 2 and match.block == "b0002"


@pytest.mark.parametrize(
    "quote",
    [
        "The resolution of the jusen industry was deeply flawed",  # a changed word
        "The resolution of the jusen industry was flawed",  # a dropped word
        "to objectively assess and fully manage the financial crisis",  # an added word
        "the financial crisis ... The resolution of the jusen",  # pieces out of order
    ],
    ids=["changed", "dropped", "added", "reordered"],
)
def test_altered_quotation_is_not_found_but_closest_is_given(doc: Document, quote: str) -> None:
    match = check_quote(doc, quote)
    assert not match.found and match.text is None
    assert match.closest is not None
    assert match.closest.block == "b0002"
    assert 0.5 < match.closest.score < 1.0


def test_quote_from_a_note(doc: Document) -> None:
    match = check_quote(doc, "“On Banks,” in Bo Kim")
    assert match.found and match.note == 1


def test_unrelated_text_has_no_closest(doc: Document) -> None:
    match = check_quote(doc, "completely different sentence about elephants and the moon")
    assert not match.found and match.closest is None


@pytest.mark.parametrize("quote", ["", "   ", "\n", "“ ”", "..."])
def test_empty_quotation_is_an_error(doc: Document, quote: str) -> None:
    with pytest.raises(QuoteError):
        check_quote(doc, quote)


def test_find_quote_span() -> None:
    text = "As one said, “[T]he grounds for crisis are laid” early."
    start, end = find_quote(text, "the grounds for crisis") or (0, 0)
    assert text[start:end] == "[T]he grounds for crisis"


def test_real_paper_block_quote_rewrapped(paper_pdf: Document) -> None:
    quote = (
        "This reluctance to use public funds further\n"
        "delayed resolution of the non-perform-\ning loan problem"
    )
    match = check_quote(paper_pdf, quote)
    assert match.found and match.section == "1B"
    altered = quote.replace("further", "greatly")
    miss = check_quote(paper_pdf, altered)
    assert not miss.found and miss.closest is not None and miss.closest.section == "1B"
