"""``ask`` shows the works behind each note: a note result's, and every cited note's.

Run from a temporary directory on the bundled paper, BM25 mode with the fake
embedder; the note records must be exactly what ``cite --note N --json`` prints.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from posenqa.cli import cli
from posenqa.paths import INDEX_DIR_ENV

# Note 22 reads only "Steil, Illusions of Liberalization."; note 11 has the full reference.
SHORT_FORM_QUESTION = "Steil illusion of liberalization"
# The passage on p. 7 that cites notes 10 and 11.
CITING_QUESTION = "compartmentalization between securities and banking Glass-Steagall"


@pytest.fixture(autouse=True)
def _no_reranker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Answer without the cross-encoder: these tests are about notes, and reading
    every candidate with it costs minutes on a shared machine."""
    from posenqa.answer import Engine

    monkeypatch.setattr(Engine, "load_reranker", lambda self: None)


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One index folder for the module: the paper is parsed and indexed once."""
    return tmp_path_factory.mktemp("indexes")


@pytest.fixture
def obj(  # type: ignore[no-untyped-def]
    tmp_path: Path, indexes: Path, monkeypatch: pytest.MonkeyPatch, fake_embedder_type
) -> dict[str, Any]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(INDEX_DIR_ENV, str(indexes))
    return {"embedder": fake_embedder_type()}


def _ask(obj: dict[str, Any], question: str, *args: str):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, ["ask", question, "--mode", "bm25", *args], obj=obj)
    assert result.exit_code == 0, result.output
    return result


def _cite_note(number: int) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["cite", "--note", str(number), "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize("question", [SHORT_FORM_QUESTION, CITING_QUESTION])
def test_every_note_in_ask_json_is_the_cite_note_record(obj: dict[str, Any], question: str) -> None:
    results = json.loads(_ask(obj, question, "--json", "--k", "10").stdout)["results"]
    records = [n for r in results for n in r["footnotes"]]
    records += [r["note"] for r in results if r["kind"] == "footnote"]
    assert records, "the question should reach at least one note"
    for record in records:
        assert record == _cite_note(record["number"])


def test_a_note_result_carries_its_resolved_reference(obj: dict[str, Any]) -> None:
    results = json.loads(_ask(obj, SHORT_FORM_QUESTION, "--json", "--k", "10").stdout)["results"]
    note = next(r for r in results if r["kind"] == "footnote" and r["number"] == 22)
    (reference,) = note["note"]["references"]
    assert reference["form"] == "short" and reference["resolved_from"] == 11
    assert reference["publisher"] == "Royal Institute of International Affairs"
    assert note["note"]["cited_in"][0]["page"] == 11  # the passage that cites it
    assert all("note" not in r for r in results if r["kind"] != "footnote")


def test_text_shows_the_full_reference_under_a_note_result(obj: dict[str, Any]) -> None:
    text = " ".join(_ask(obj, SHORT_FORM_QUESTION, "--k", "10").stdout.split())
    block = re.split(r" \d+\. \[", text[text.index("Note 22 —") :])[0]  # up to the next result
    assert "Cited at p. 11, §1B: “Steil offers ample evidence" in block
    assert "= Steil, Benn. 1995. Illusions of Liberalization" in block
    assert "(short form, full reference in note 11)" in block


def test_text_lists_the_works_of_each_cited_note(obj: dict[str, Any]) -> None:
    text = _ask(obj, CITING_QUESTION, "--k", "10").stdout
    joined = " ".join(text.split())
    # Note 10 is cited by the p. 7 passage; its works follow it, in the "text" format.
    after = joined[joined.index("[10] See Shijuro Ogata") :]
    assert after.index("= Ogata, Shijuro. 1996.") < after.index("= Hoshi, Takeo")
