"""The BM25 tokenizer for English academic prose."""

from __future__ import annotations

import pytest

from posenqa.search.tokenize import stem, tokenize
from posenqa.settings import TokenizerSettings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Japan's banks", ["japan", "banks"]),  # possessive dropped
        ("Japan’s banks", ["japan", "banks"]),  # curly apostrophe too
        ("the U.S. economy", ["us", "economy"]),  # dotted abbreviation joined, "us" kept
        ("the S&L crisis", ["s&l", "crisis"]),  # ampersand names stay whole
        ("grew 3.5% in the 1980s", ["grew", "3.5%", "1980s"]),
        ("US-Japan relations", ["us", "japan", "relations"]),
        ("Why did THE regulators fail?", ["regulators", "fail"]),  # case folding, stop words
    ],
)
def test_tokenize(text: str, expected: list[str]) -> None:
    assert tokenize(text) == expected


def test_stop_words_are_a_setting() -> None:
    assert tokenize("the bank", TokenizerSettings(stopwords=False)) == ["the", "bank"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("banks", "bank"),
        ("regulators", "regulator"),
        ("taxes", "tax"),
        ("policies", "policy"),
        ("banking", "bank"),
        ("crisis", "crisis"),  # -is is not a plural
        ("us", "us"),  # too short to stem
        ("1980s", "1980s"),  # numbers untouched
    ],
)
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_stemming_is_a_setting() -> None:
    assert tokenize("banks lending", TokenizerSettings(stem=True)) == ["bank", "lend"]
    assert tokenize("banks lending") == ["banks", "lending"]
