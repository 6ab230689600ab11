"""How a paper is named on the command line (``--doc``, ``remove``, ``tui FILE``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from posenqa.errors import InputError
from posenqa.library.registry import PaperEntry, find, require, selection


@pytest.fixture
def shelf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[PaperEntry]:
    folder = tmp_path / "papers"
    folder.mkdir()
    for name in ("alpha.txt", "alpine.pdf", "beta.pdf"):
        (folder / name).write_text(name, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return [
        PaperEntry("alpha-txt", str(folder / "alpha.txt")),
        PaperEntry("alpine", str(folder / "alpine.pdf")),
        PaperEntry("beta", str(folder / "beta.pdf")),
    ]


@pytest.mark.parametrize(
    ("name", "paper"),
    [
        ("alpha-txt", "alpha-txt"),  # its id
        ("papers/alpha.txt", "alpha-txt"),  # its file, any spelling
        ("./papers/../papers/beta.pdf", "beta"),
        ("alpine.pdf", "alpine"),  # the name of its file (not here)
        ("bet", "beta"),  # the start of one id
        ("alpi", "alpine"),
        ("ETA", "beta"),  # part of one id, in any case
        ("  ", None),
        ("gamma", None),
        ("elsewhere/beta.pdf", None),  # a path to no file: no guessing
        ("", None),
    ],
)
def test_a_paper_is_found_by_id_file_file_name_or_unique_start(
    shelf: list[PaperEntry], name: str, paper: str | None
) -> None:
    found = find(shelf, name)
    assert (found.id if found else None) == paper


def test_a_file_not_in_the_library_is_not_a_paper_of_the_same_name(
    shelf: list[PaperEntry], tmp_path: Path
) -> None:
    (tmp_path / "beta.pdf").write_text("another beta", encoding="utf-8")
    assert find(shelf, "beta.pdf") is None  # answered alone, not as the library's beta


def test_a_start_shared_by_several_papers_is_refused(shelf: list[PaperEntry]) -> None:
    with pytest.raises(InputError, match=r"^alp: several papers match \(alpha-txt, alpine\)"):
        find(shelf, "alp")
    with pytest.raises(InputError, match="not in the library"):
        require(shelf, "gamma")


def test_a_file_not_in_the_library_is_named_as_such(
    shelf: list[PaperEntry], tmp_path: Path
) -> None:
    (tmp_path / "other.pdf").write_text("other", encoding="utf-8")
    with pytest.raises(InputError, match=r"^other.pdf: a file not in the library \(`posenqa add`"):
        require(shelf, "other.pdf")  # e.g. ask --doc other.pdf --doc beta


def test_a_selection_is_in_library_order_and_all_papers_is_none(shelf: list[PaperEntry]) -> None:
    assert selection(shelf, ["beta", "alpha-txt"]) == ("alpha-txt", "beta")
    assert selection(shelf, ["bet", "beta"]) == ("beta",)
    assert selection(shelf, ["alpha-txt", "alpine", "beta"]) == ()
    assert selection(shelf, []) == ()


def test_a_paper_without_metadata_is_named_by_its_file_not_its_id_twice() -> None:
    bare = PaperEntry("posen-2001-wp01-8", "/somewhere/posen-2001-wp01-8.pdf")
    assert bare.named == "posen-2001-wp01-8.pdf"
    untitled = PaperEntry("notes-txt", "/p/notes.txt", title="Reading notes")
    assert untitled.named == "Reading notes"  # not "notes-txt, Reading notes"
    authored = PaperEntry("x", "/p/x.pdf", author="Ann Alpha", year=1999)
    assert authored.named == "Alpha 1999, x.pdf"
    titled = PaperEntry("x", "/p/x.pdf", title="Banks and Land", author="Ann Alpha", year=1999)
    assert titled.named == titled.heading == "Alpha 1999, Banks and Land"
