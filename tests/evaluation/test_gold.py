"""Loading gold files: any file in the format works; bad lines are named by number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from posenqa.errors import GoldError
from posenqa.evaluation.gold import hash_split, load_gold, parse_gold, select_split


def _line(**fields) -> str:
    base = {"id": "q1", "question": "What?", "kind": "fact", "evidence": ["x"], "footnotes": []}
    base.update(fields)
    return json.dumps(base)


def test_loads_questions_with_their_fields(gold_file: Path) -> None:
    questions = load_gold(gold_file)
    assert [q.id for q in questions] == ["f1", "f2", "c1", "n1", "n2"]
    c1 = questions[2]
    assert (c1.kind, c1.footnotes, c1.section, c1.split, c1.line) == (
        "citation",
        (7,),
        "2",
        "dev",
        3,
    )
    assert [q.answerable for q in questions] == [True, True, True, False, False]


def test_blank_lines_are_skipped_and_line_numbers_count_them() -> None:
    questions = parse_gold(["", _line(id="a"), "   ", _line(id="b")])
    assert [(q.id, q.line) for q in questions] == [("a", 2), ("b", 4)]


def test_a_file_without_split_is_split_by_id_hash_deterministically() -> None:
    lines = [_line(id=f"q{i}") for i in range(40)]
    first = parse_gold(lines)
    again = parse_gold(reversed(lines))
    by_id = {q.id: q.split for q in again}
    assert all(q.split == by_id[q.id] == hash_split(q.id) for q in first)
    # both halves are used
    assert {q.split for q in first} == {"dev", "test"}


def test_select_split() -> None:
    questions = parse_gold([_line(id="a", split="dev"), _line(id="b", split="test")])
    assert [q.id for q in select_split(questions, "dev")] == ["a"]
    assert [q.id for q in select_split(questions, "test")] == ["b"]
    assert [q.id for q in select_split(questions, "all")] == ["a", "b"]
    with pytest.raises(GoldError, match="unknown split"):
        select_split(questions, "train")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (_line(id=""), "id must be a non-empty string"),
        (_line(question=None), "question must be a non-empty string"),
        (_line(kind="trivia"), "kind 'trivia' is not one of"),
        (_line(evidence="x"), "evidence must be a list of strings"),
        (_line(evidence=[" "]), "evidence has an empty string"),
        (_line(footnotes=[0]), "footnotes must be a list of positive integers"),
        (_line(footnotes=[True]), "footnotes must be a list of positive integers"),
        (_line(kind="negative"), "a negative question has no evidence"),
        (_line(kind="offtopic"), "an offtopic question has no evidence"),
        (_line(kind="citation", evidence=[], footnotes=[]), "needs at least one footnote"),
        (_line(kind="concept", evidence=[]), "needs at least one evidence string"),
        (_line(section=3), "section must be a string or null"),
        (_line(split="train"), "split 'train' is not one of"),
    ],
)
def test_each_kind_of_bad_line_is_reported_with_its_line_number(bad: str, message: str) -> None:
    with pytest.raises(GoldError) as caught:
        parse_gold([_line(id="ok"), bad], source="g.jsonl")
    text = str(caught.value)
    assert text.startswith("g.jsonl: 1 bad line(s): line 2: ")
    assert message in text
    assert "\n" not in text


def test_all_bad_lines_are_reported_at_once_including_duplicate_ids() -> None:
    lines = [_line(id="a"), "oops", _line(id="a"), _line(id="b", kind="x")]
    with pytest.raises(GoldError) as caught:
        parse_gold(lines)
    text = str(caught.value)
    assert "3 bad line(s)" in text
    assert "line 2: not valid JSON" in text
    assert "line 3: id 'a' already used on line 1" in text
    assert "line 4: kind 'x'" in text


def test_long_lists_of_problems_are_summarised() -> None:
    with pytest.raises(GoldError, match=r"12 bad line\(s\).*; and 4 more$"):
        parse_gold(["oops"] * 12)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match="no such gold file"):
        load_gold(tmp_path / "missing.jsonl")
    with pytest.raises(GoldError, match="is a directory"):
        load_gold(tmp_path)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(GoldError, match="no questions"):
        load_gold(empty)
    binary = tmp_path / "bin.jsonl"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(GoldError, match="line 1: not UTF-8"):
        load_gold(binary)
    latin1 = tmp_path / "latin1.jsonl"
    latin1.write_bytes(b'\n{"id": "a", "question": "caf\xe9?"}\n')
    with pytest.raises(GoldError, match=r"line 2: not UTF-8 text \(byte 0xe9\)"):
        load_gold(latin1)


def test_unknown_fields_are_ignored() -> None:
    (question,) = parse_gold([_line(note="written from p. 4")])
    assert question.evidence == ("x",)
