"""The sentence splitter: never cuts inside a sentence, splits where a sentence ends."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from posenqa.sentences import split_sentences, split_spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.", ["One.", "Two."]),
        # an initial inside a name
        ("Adam S. Posen wrote it. It was 2001.", ["Adam S. Posen wrote it.", "It was 2001."]),
        # dotted country abbreviation mid-sentence
        ("The U.S. Treasury acted. Japan waited.", ["The U.S. Treasury acted.", "Japan waited."]),
        ("Rates fell, e.g. in Japan. Then rose.", ["Rates fell, e.g. in Japan.", "Then rose."]),
        ("Mr. Greenspan spoke. Markets rose.", ["Mr. Greenspan spoke.", "Markets rose."]),
        ("See Smith (eds.) for more. Also Jones.", ["See Smith (eds.) for more.", "Also Jones."]),
        ("Kane et al. disagree. We agree.", ["Kane et al. disagree.", "We agree."]),
        # decimals have no space after the point
        ("Growth was 3.5 percent. It fell.", ["Growth was 3.5 percent.", "It fell."]),
        # numbering abbreviations only before a number
        ("See No. 5 and pp. 12-14. Done.", ["See No. 5 and pp. 12-14.", "Done."]),
        ('He said "No." Then left.', ['He said "No."', "Then left."]),
        # issue 14: an abbreviation ending a compound word does not end the sentence
        (
            "Then the Garn-St. Germain Act passed. It legalized much.",
            ["Then the Garn-St. Germain Act passed.", "It legalized much."],
        ),
        ("Sony Inc. Bought it. Then.", ["Sony Inc. Bought it.", "Then."]),
        ("Toyota Motor Co. Ltd. sold. Then.", ["Toyota Motor Co. Ltd. sold.", "Then."]),
        ("In Smith v. Jones the court held. Next.", ["In Smith v. Jones the court held.", "Next."]),
        (
            "As the U.S. Congress held, i.e. Congress. Next.",
            ["As the U.S. Congress held, i.e. Congress.", "Next."],
        ),
        ("Dr. Posen and Mr. Kane agree. Next.", ["Dr. Posen and Mr. Kane agree.", "Next."]),
        ("Apples, pears, etc. And more. Next.", ["Apples, pears, etc. And more.", "Next."]),
        # capitalised "No." is numbering before a word too; lower-case "no." ends a sentence
        ("Bank No. Five won. Next.", ["Bank No. Five won.", "Next."]),
        ("The answer was no. Then it went.", ["The answer was no.", "Then it went."]),
        ("Why? Because! Yes.", ["Why?", "Because!", "Yes."]),
        # closing quote and bracket stay with their sentence
        ('It was "over." (Or was it?) Next.', ['It was "over."', "(Or was it?)", "Next."]),
        # a lower-case continuation is not a new sentence
        ("The rate was 5 p.c. and rising.", ["The rate was 5 p.c. and rising."]),
        ("", []),
        ("No terminal punctuation", ["No terminal punctuation"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@given(st.text(alphabet=st.sampled_from(list("ab. ?!U.S\n")), max_size=60))
def test_spans_cover_every_non_space_character_once(text: str) -> None:
    spans = split_spans(text)
    covered = [i for s, e in spans for i in range(s, e)]
    assert len(covered) == len(set(covered))
    assert all(s < e for s, e in spans)
    assert [s for s, _ in spans] == sorted(s for s, _ in spans)
    missing = set(range(len(text))) - set(covered)
    assert all(text[i].isspace() for i in missing)
