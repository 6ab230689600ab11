"""Naming a paper on the command line as ``posenqa library`` shows it: every command that
takes --doc takes the same names, and a name that denotes nothing is one line, exit 1."""

from __future__ import annotations

import json

import pytest

from posenqa.library.registry import bundled_entry

EMPTY = "a paper's name is empty (`posenqa library` lists the names)"


@pytest.fixture
def three(run, papers):  # type: ignore[no-untyped-def]
    """A library of alpha ("Alpha 1999, Banks and Land"), beta and gamma; ``run``."""
    run("remove", bundled_entry().id)
    assert run("add", *(str(p) for p in papers.values())).exit_code == 0
    return run


@pytest.mark.parametrize(
    ("name", "paper"),
    [
        ("banks and land", "alpha-txt"),  # part of its title, any case
        ("Beta 2003", "beta-txt"),  # its author-year, as results name it
        ("land 1999", "alpha-txt"),  # words of its heading, apart
        ("amma", "gamma-txt"),  # part of its id
        ("gamma.txt", "gamma-txt"),  # its file's name
    ],
)
def test_ask_and_cite_take_a_paper_by_what_the_library_shows_of_it(
    three, name: str, paper: str
) -> None:  # type: ignore[no-untyped-def]
    asked = three("ask", "land banks dollar", "--doc", name, "--json", "--mode", "bm25")
    assert asked.exit_code == 0, asked.output
    assert {r["paper"]["id"] for r in json.loads(asked.stdout)["results"]} == {paper}
    cited = three("cite", "--paper", "--doc", name, "--json")
    assert cited.exit_code == 0, cited.output
    title = json.loads(cited.stdout)["reference"]["title"]
    listed = {r["id"]: r["title"] for r in json.loads(three("library", "--json").stdout)}
    assert title == listed[paper]
    note = three("cite", "--note", "1", "--doc", name)
    assert note.exit_code == 0 and note.stdout.startswith("Note 1"), note.output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("ask", "land", "--doc", ""), EMPTY),
        (("ask", "land", "--doc", "  "), EMPTY),
        (("cite", "--paper", "--doc", ""), EMPTY),
        (("cite", "land", "--doc", ""), EMPTY),
        (("ask", "land", "--doc", "nope"), "nope: no such file, and no paper of that name in "
         "the library (it holds: alpha-txt, beta-txt, gamma-txt)"),
        (("cite", "--list", "--doc", "nope"), "nope: no such file, and no paper of that name in "
         "the library (it holds: alpha-txt, beta-txt, gamma-txt)"),
        (("ask", "land", "--doc", "txt"), "txt: several papers match (alpha-txt, beta-txt, "
         "gamma-txt); give more of the name"),
        (("cite", "--paper", "--doc", "an"), "an: several papers match (alpha-txt, beta-txt, "
         "gamma-txt); give more of the name"),
    ],
)  # fmt: skip
def test_a_name_that_denotes_nothing_is_one_line(three, args, said: str) -> None:  # type: ignore[no-untyped-def]
    result = three(*args)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"Error: {said}"]


def test_cite_paper_names_a_court_opinion_as_the_library_does(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from posenqa.cli import cli
    from posenqa.store import DOCUMENT

    from .test_labels import OPINIONS

    root = tmp_path / "index"
    (root / "triplet").mkdir(parents=True)
    document, _, label = OPINIONS[0]  # the parser's metadata: "TENTH CIRCUIT", 2010
    (root / "triplet" / DOCUMENT).write_text(json.dumps(document.to_dict()), encoding="utf-8")

    def cite(*args: str) -> str:
        result = CliRunner().invoke(cli, ["cite", "--paper", "--doc", "triplet", *args,
                                          "--index-dir", str(root)])  # fmt: skip
        assert result.exit_code == 0, result.output
        return result.stdout

    assert cite() == f"{label}\n"  # "Triplet v. Franklin (10th Cir. 2010)", not "CIRCUIT 2010"
    assert cite("--page", "1") == f"{label}, p. 1\n"
    reference = json.loads(cite("--json"))["reference"]
    assert (reference["title"], reference["authors"]) == (
        "Triplet v. Franklin",
        ["U.S. Court of Appeals for the Tenth Circuit"],
    )


def test_remove_checks_every_name_before_removing_any(three) -> None:  # type: ignore[no-untyped-def]
    result = three("remove", "alpha-txt", "nope")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("Error: nope: not in the library")
    listed = [r["id"] for r in json.loads(three("library", "--json").stdout)]
    assert listed == ["alpha-txt", "beta-txt", "gamma-txt"]  # alpha is still there
    twice = three("remove", "alpha-txt", "alph")  # one paper named twice: removed once
    assert twice.exit_code == 0 and twice.stdout.count("removed:") == 1


def test_library_words_list_the_papers_matching_them(three) -> None:  # type: ignore[no-untyped-def]
    found = three("library", "BANKS", "1999")
    assert found.exit_code == 0
    assert found.stdout.splitlines()[0] == "alpha-txt: Alpha 1999, Banks and Land"
    assert len(found.stdout.splitlines()) == 2  # the paper, and its facts
    as_json = json.loads(three("library", "gamma.txt", "--json").stdout)
    assert [r["id"] for r in as_json] == ["gamma-txt"]  # by its file's name too
    none = three("library", "zebra")
    assert none.exit_code == 1
    assert none.stderr.splitlines() == ["Error: no paper of the 3 matches 'zebra'"]


def test_a_claims_passages_cite_an_opinion_by_its_caption() -> None:
    from posenqa.library.labels import paper_citation

    from .test_labels import OPINIONS

    document, _, label = OPINIONS[0]  # what cite "claim" prints after a passage citing no note
    assert paper_citation(document, 1, "text") == f"{label}, p. 1"
    assert paper_citation(document, None, "text") == label
