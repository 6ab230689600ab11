"""A library opened from its pack keeps a bounded number of parsed documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from posenqa.library import engine as library_engine


def test_documents_read_from_the_pack_are_kept_up_to_a_bound(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A long session over a large library answers from many papers; each hit's paper's
    # document is read for the judge and the notes, and was kept for good.
    reads: list[str] = []

    def read_document(folder: Path) -> tuple[str, None]:
        reads.append(folder.name)
        return (f"document of {folder.name}", None)

    monkeypatch.setattr(library_engine, "read_document", read_document)
    monkeypatch.setattr(library_engine, "DOCUMENTS_KEPT", 3)
    papers = library_engine._FromPack(tmp_path, pack=None, passages=None, position={})  # type: ignore[arg-type]
    for paper in ("a", "b", "c", "a", "d"):  # "a" used again, so "b" is the oldest
        assert papers.document(paper) == f"document of {paper}"
    assert reads == ["a", "b", "c", "d"]
    papers.document("a")
    papers.document("c")
    papers.document("d")
    assert reads == ["a", "b", "c", "d"]  # still kept
    papers.document("b")
    assert reads == ["a", "b", "c", "d", "b"]  # dropped, read again
