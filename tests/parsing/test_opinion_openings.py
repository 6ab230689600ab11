"""A court opinion's opening line starts a section of its own, so what follows is that
opinion's (a concurrence or dissent had been read as part of the last section before it:
Justice Gorsuch's dissent in Kemp as the Court's Part II.B.2)."""

from __future__ import annotations

import pytest

from posenqa.parsing.note_sequences import opinion_opener


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("JUSTICE THOMAS, concurring.", "thomas-concurring"),
        ("Justice Gorsuch, dissenting.", "gorsuch-dissenting"),
        ("CHIEF JUSTICE ROBERTS delivered the opinion of the Court.", "court"),
        ("Justice Thomas delivered the opinion of the Court.", "court"),
        ("JUSTICE BARRETT, concurring in part.", "barrett-concurring"),
        ("JUSTICE KAGAN, concurring in part and dissenting in part.", "kagan-concurring"),
        (
            "JUSTICE SOTOMAYOR, with whom JUSTICE KAGAN and JUSTICE JACKSON join,\ndissenting.",
            "sotomayor-dissenting",
        ),
    ],
)
def test_an_opinions_opening_names_it_as_its_running_heads_do(text: str, part: str) -> None:
    assert opinion_opener(text) == part


@pytest.mark.parametrize(
    "text",
    [
        "Justice Gorsuch, dissenting, argues that the rule reaches further.",
        "See ante, at 3 (THOMAS, J., concurring).",
        "JUSTICE SOTOMAYOR has thoroughly addressed the",
        "Justice Thomas delivered",
    ],
)
def test_a_sentence_about_an_opinion_opens_none(text: str) -> None:
    assert opinion_opener(text) is None
