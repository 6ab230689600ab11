"""References saved beside an index are read back instead of resolved again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from posenqa.references import cache, works
from posenqa.references.model import Reference

from .conftest import make_document
from .test_legal import NOTES


def _doc():  # type: ignore[no-untyped-def]
    return make_document(NOTES, [(f"Claim {n}.", [n]) for n in NOTES])


def _no_resolving(*_args: object) -> object:
    raise AssertionError("references were resolved again")


def test_reference_round_trips_through_json() -> None:
    for refs in works.sequence_references(_doc()).values():
        for ref in refs:
            assert Reference.from_dict(json.loads(json.dumps(ref.to_dict()))) == ref


def test_saved_references_are_read_not_resolved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = works.sequence_references(_doc())
    cache.save_references(tmp_path, _doc())
    monkeypatch.setattr(works, "_RESOLVED", {})
    monkeypatch.setattr(works, "resolve_sequences", _no_resolving)
    doc = _doc()  # a new object, as a new process reads the index
    cache.attach_index(tmp_path, doc)
    assert works.sequence_references(doc) == expected


def test_references_of_another_version_are_resolved_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.save_references(tmp_path, _doc())
    path = tmp_path / cache.REFERENCES
    data = json.loads(path.read_text(encoding="utf-8"))
    data["notes"][0]["references"] = []  # what an older resolver might have said
    data["digest"] = "0" * 64
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(works, "_RESOLVED", {})
    doc = _doc()
    cache.attach_index(tmp_path, doc)
    assert works.sequence_references(doc)[("", 1)][0].title == "Terry v. Ohio"


def test_a_damaged_file_is_resolved_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / cache.REFERENCES).write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(works, "_RESOLVED", {})
    doc = _doc()
    cache.attach_index(tmp_path, doc)
    assert works.sequence_references(doc)[("", 1)][0].title == "Terry v. Ohio"
