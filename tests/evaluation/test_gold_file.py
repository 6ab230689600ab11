"""Checks on the gold question set, evals/gold.jsonl.

The gold set is hand-written data; these tests keep it honest: every evidence
string must be a verbatim span of one line of the text extraction, every note
number must have a body in that text, and the dev/test split must stay
balanced. The note scan here is deliberately independent of posenqa's parser,
so a parser bug cannot hide a bad gold file (or the other way round).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parents[2] / "evals" / "gold.jsonl"

KEYS = {"id", "question", "kind", "evidence", "footnotes", "section", "split"}
KINDS = {"fact", "concept", "paraphrase", "citation", "negative", "offtopic"}
#: Questions the paper does not answer: on topic (negative) or about something else.
UNANSWERABLE = {"negative", "offtopic"}
SECTIONS = {"intro", "1", "1A", "1B", "1C", "2", "2A", "2B", "2C", "3"}
MIN_PER_KIND = 20
MIN_WORDS, MAX_WORDS = 6, 20

# A note body starts a line with its number and a full stop ("12. Vogel, ...").
# Section headings look the same ("1. THE COURSE OF ...") but are in capitals.
_NOTE_START = re.compile(r"^(\d{1,3})\. (\S.*)$")


def note_body_numbers(text: str) -> set[int]:
    """Return the numbers of the note bodies found in a text extraction."""
    numbers = set()
    for line in text.splitlines():
        match = _NOTE_START.match(line)
        if match and match.group(2).upper() != match.group(2):
            numbers.add(int(match.group(1)))
    return numbers


def load_gold() -> list[dict]:
    """Parse every line of the gold file, failing with the line number."""
    rows = []
    for number, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines(), 1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            pytest.fail(f"gold.jsonl line {number} is not JSON: {exc}")
    return rows


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return load_gold()


@pytest.fixture(scope="module")
def corpus_lines(corpus_txt: Path) -> list[str]:
    return corpus_txt.read_text(encoding="utf-8").splitlines()


def test_note_scan_reads_bodies_and_skips_headings() -> None:
    text = "\n".join(
        [
            "1. THE COURSE OF FINANCIAL LIBERALIZATION",  # a section heading
            "1973. Garn-St. Germain also removed all limits",  # a year at line start
            "7. Benjamin Friedman, “Japan Now and the United States Then,” in",
            "Mikitani and Posen, eds.",  # a continuation line
            "8. Friedman, “Japan Now.”",
        ]
    )
    assert note_body_numbers(text) == {7, 8}


def test_every_row_has_exactly_the_required_keys(gold: list[dict]) -> None:
    for row in gold:
        assert set(row) == KEYS, row.get("id")


def test_ids_are_unique_and_named_after_their_kind(gold: list[dict]) -> None:
    ids = [row["id"] for row in gold]
    assert len(ids) == len(set(ids))
    for row in gold:
        assert re.fullmatch(rf"{row['kind']}-\d{{3}}", row["id"]), row["id"]


def test_questions_are_unique_and_nonempty(gold: list[dict]) -> None:
    questions = [row["question"].strip() for row in gold]
    assert all(questions)
    assert len(questions) == len(set(questions))


def test_kinds_are_valid_and_each_has_enough_questions(gold: list[dict]) -> None:
    counts = Counter(row["kind"] for row in gold)
    assert set(counts) == KINDS
    for kind in KINDS:
        assert counts[kind] >= MIN_PER_KIND, (kind, counts[kind])


def test_split_is_dev_or_test_and_balanced_per_kind(gold: list[dict]) -> None:
    for kind in KINDS:
        splits = Counter(row["split"] for row in gold if row["kind"] == kind)
        assert set(splits) <= {"dev", "test"}, kind
        assert abs(splits["dev"] - splits["test"]) <= 1, (kind, splits)


def test_evidence_is_present_exactly_when_the_question_is_answerable(
    gold: list[dict],
) -> None:
    for row in gold:
        if row["kind"] in UNANSWERABLE:
            assert row["evidence"] == [], row["id"]
            assert row["footnotes"] == [], row["id"]
        else:
            assert 1 <= len(row["evidence"]) <= 3, row["id"]
            assert len(set(row["evidence"])) == len(row["evidence"]), row["id"]


def test_evidence_has_between_6_and_20_words(gold: list[dict]) -> None:
    for row in gold:
        for span in row["evidence"]:
            assert MIN_WORDS <= len(span.split()) <= MAX_WORDS, (row["id"], span)


def test_evidence_is_a_verbatim_span_of_one_corpus_line(
    gold: list[dict], corpus_lines: list[str]
) -> None:
    for row in gold:
        for span in row["evidence"]:
            assert "\n" not in span, row["id"]
            assert span == span.strip(), (row["id"], span)
            assert any(span in line for line in corpus_lines), (row["id"], span)


def test_citation_questions_name_at_least_one_note(gold: list[dict]) -> None:
    for row in gold:
        if row["kind"] == "citation":
            assert row["footnotes"], row["id"]


def test_every_footnote_has_a_body_in_the_corpus(gold: list[dict], corpus_txt: Path) -> None:
    bodies = note_body_numbers(corpus_txt.read_text(encoding="utf-8"))
    for row in gold:
        assert all(isinstance(n, int) for n in row["footnotes"]), row["id"]
        missing = set(row["footnotes"]) - bodies
        assert not missing, (row["id"], sorted(missing))


def test_section_labels_are_valid(gold: list[dict]) -> None:
    for row in gold:
        if row["kind"] in UNANSWERABLE:
            assert row["section"] is None, row["id"]
        else:
            assert row["section"] in SECTIONS, (row["id"], row["section"])


def test_questions_cover_every_section(gold: list[dict]) -> None:
    covered = {row["section"] for row in gold if row["kind"] not in UNANSWERABLE}
    assert covered == SECTIONS
