"""References saved beside an index are read back, when handed over, instead of resolved."""

from __future__ import annotations

import json
from dataclasses import replace
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


def _saved(folder: Path) -> cache.SavedReferences:
    """The references of ``_doc()`` saved in ``folder``, as an index's manifest lists them."""
    entry = cache.save_references(folder, _doc())
    saved = cache.saved_references(folder, {cache.MANIFEST_KEY: entry})
    assert saved is not None
    return saved


def test_reference_round_trips_through_json() -> None:
    for refs in works.sequence_references(_doc()).values():
        for ref in refs:
            assert Reference.from_dict(json.loads(json.dumps(ref.to_dict()))) == ref


def test_saved_references_are_read_not_resolved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = works.sequence_references(_doc())
    saved = _saved(tmp_path)
    monkeypatch.setattr(works, "_RESOLVED", {})
    monkeypatch.setattr(works, "resolve_sequences", _no_resolving)
    assert works.sequence_references(_doc(), saved) == expected


def test_without_saved_references_the_paper_is_resolved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing is found on the side: a paper is read from its index only when handed over.
    _saved(tmp_path)
    monkeypatch.setattr(works, "_RESOLVED", {})
    monkeypatch.setattr(works, "resolve_sequences", _no_resolving)
    with pytest.raises(AssertionError, match="resolved again"):
        works.sequence_references(_doc())


def test_references_of_another_version_are_resolved_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = replace(_saved(tmp_path), digest="0" * 64)  # an older paper or resolver
    (tmp_path / cache.REFERENCES).unlink()  # not even read: the digest says it is not this one
    monkeypatch.setattr(works, "_RESOLVED", {})
    assert saved.load(works.resolution_digest(_doc())) is None
    assert works.sequence_references(_doc(), saved)[("", 1)][0].title == "Terry v. Ohio"


@pytest.mark.parametrize("damage", ["{not json", '{"digest": "x", "notes": []}'])
def test_a_changed_or_damaged_file_is_resolved_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    saved = _saved(tmp_path)
    (tmp_path / cache.REFERENCES).write_text(damage, encoding="utf-8")
    monkeypatch.setattr(works, "_RESOLVED", {})
    assert saved.load(works.resolution_digest(_doc())) is None  # checksum differs
    assert works.sequence_references(_doc(), saved)[("", 1)][0].title == "Terry v. Ohio"


def test_an_index_lists_its_references_in_the_manifest(
    corpus_txt: Path, tmp_path: Path, fake_embedder_type: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    from posenqa.answer import Engine
    from posenqa.store import read_index
    from posenqa.store.files import file_info

    engine = Engine.open(corpus_txt, index_root=tmp_path, embedder=fake_embedder_type())
    entry = engine.manifest[cache.MANIFEST_KEY]
    path = engine.index_path / cache.REFERENCES
    assert {k: entry[k] for k in ("size", "sha256")} == file_info(path)
    assert entry["digest"] == works.resolution_digest(engine.document)
    stored = read_index(engine.index_path)
    assert (
        stored.references
        == engine.references
        == cache.SavedReferences(path, entry["size"], entry["sha256"], entry["digest"])
    )
    expected = works.sequence_references(stored.document)
    monkeypatch.setattr(works, "_RESOLVED", {})
    monkeypatch.setattr(works, "resolve_sequences", _no_resolving)
    assert works.sequence_references(stored.document, stored.references) == expected


def test_an_index_without_saved_references_has_none(tmp_path: Path) -> None:
    # An index written before the references were saved lists none: they are resolved.
    assert cache.saved_references(tmp_path, {"files": {}}) is None
    assert cache.saved_references(tmp_path, {cache.MANIFEST_KEY: {"size": 1}}) is None
