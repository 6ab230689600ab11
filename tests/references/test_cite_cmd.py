"""``posenqa cite`` through click's CliRunner: notes, works, quotes, the paper, a query."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
from click.testing import CliRunner

from posenqa.cli import cli

REFERENCE_KEYS = {
    "authors",
    "title",
    "container",
    "editors",
    "publisher",
    "place",
    "year",
    "pages",
    "url",
    "key",
    "resolved_from",
    "unresolved",
}


def run(*args: str, obj: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["cite", *args], obj=obj)


@pytest.fixture(scope="module")
def txt_args(corpus_txt: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    # An empty index directory: the text extraction is parsed, never read from an index.
    return ["--doc", str(corpus_txt), "--index-dir", str(tmp_path_factory.mktemp("noindex"))]


def test_note_text_output(txt_args: list[str]) -> None:
    result = run("--note", "8", *txt_args)
    assert result.exit_code == 0, result.output
    assert "Note 8" in result.output
    assert "Friedman, “Japan Now and the United States Then.”" in result.output
    assert "[friedman2000japan]" in result.output
    assert "full reference in note 7" in result.output


def test_note_json_shape(txt_args: list[str]) -> None:
    result = run("--note", "56", "--json", *txt_args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"number", "text", "page", "references"} <= set(data)
    assert data["number"] == 56 and data["text"].startswith("Taylor (2000)")
    taylor, dominguez = data["references"]
    assert set(taylor) >= REFERENCE_KEYS
    assert taylor["unresolved"] is True and taylor["resolved_from"] is None
    assert dominguez["authors"] == ["Kathryn Dominguez", "Jeffrey Frankel"]
    assert dominguez["unresolved"] is False and dominguez["year"] == 1993


def test_note_bibtex_parses(txt_args: list[str]) -> None:
    result = run("--note", "36", "--format", "bibtex", *txt_args)
    assert result.exit_code == 0, result.output
    library = bibtexparser.parse_string(result.output)
    assert not library.failed_blocks
    assert [e.key for e in library.entries] == [
        "posen2000introduction",
        "cargill2000financial",
        "friedman2000japan",
        "glauber2000discussions",
        "hoshi2001corporate",
        "shimizu2000convoy",
    ]


def test_list_json_shape(txt_args: list[str]) -> None:
    result = run("--list", "--json", *txt_args)
    assert result.exit_code == 0, result.output
    works = json.loads(result.output)["works"]
    assert len({w["key"] for w in works}) == len(works)
    vogel = next(w for w in works if w["key"] == "vogel1996freer")
    assert set(vogel["reference"]) >= REFERENCE_KEYS
    assert [c["note"] for c in vogel["cited_in"]] == [3, 12, 14, 28]
    assert {"note", "page", "section"} <= set(vogel["cited_in"][0])


def test_list_text_counts_unresolved(txt_args: list[str]) -> None:
    result = run("--list", *txt_args)
    assert result.exit_code == 0, result.output
    works = json.loads(run("--list", "--json", *txt_args).output)["works"]
    loose = sum(1 for w in works if w["reference"]["unresolved"])
    assert f"Works cited: {len(works)} ({loose} without a full reference" in result.output


def test_quote_found_and_not_found_json(txt_args: list[str]) -> None:
    quote = "the MOF became a shadow of\nits former self"
    found = run("--quote", quote, "--json", *txt_args)
    assert found.exit_code == 0, found.output
    data = json.loads(found.output)
    assert data["found"] is True and data["section"] == "1B" and data["closest"] is None
    assert data["text"] == "the MOF became a shadow of its former self"
    assert data["citation"] == f"Posen 2001, p. {data['page']}"
    missed = run("--quote", "the MOF became a ghost of its former self", "--json", *txt_args)
    assert missed.exit_code == 1  # not in the paper: a failure a script can test for
    miss = json.loads(missed.output)
    assert miss["found"] is False and miss["text"] is None
    assert miss["closest"]["section"] == "1B" and "shadow" in miss["closest"]["text"]


def test_quote_not_found_text_exits_non_zero(txt_args: list[str]) -> None:
    result = run("--quote", "bitcoin is a speculative bubble", *txt_args)
    assert result.exit_code == 1
    assert result.output.startswith("Not found in the paper.")
    assert "Traceback" not in result.output


def test_paper_citation(txt_args: list[str]) -> None:
    result = run("--paper", "--page", "12", *txt_args)
    assert result.exit_code == 0 and result.output.strip() == "Posen 2001, p. 12"
    ris = run("--paper", "--page", "12", "--format", "ris", *txt_args).output
    assert ris.splitlines()[0] == "TY  - RPRT" and ris.splitlines()[-1] == "ER  - "


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--note", "999"], "no note 999"),
        (["--quote", "  "], "quotation is empty"),
        (["--paper", "--page", "0"], "page 0 is not in the paper (pages 1-"),
        # issue 14: a page past the paper's end is refused with the valid range
        (["--paper", "--page", "9999"], "page 9999 is not in the paper (pages 1-"),
        (["--note", "3", "--list"], "exactly one of"),
        ([], "exactly one of"),
        (["--note", "3", "--page", "2"], "--page goes with --paper"),
    ],
)
def test_bad_input_is_a_clear_error(txt_args: list[str], args: list[str], message: str) -> None:
    result = run(*args, *txt_args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_missing_document_is_an_error(tmp_path: Path) -> None:
    result = run("--note", "1", "--doc", str(tmp_path / "nope.pdf"), "--index-dir", str(tmp_path))
    assert result.exit_code != 0 and "no such file" in result.output


def test_note_list_quote_do_not_load_torch(corpus_pdf: Path, tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from posenqa.cli import cli\n"
        f"base = ['--doc', {str(corpus_pdf)!r}, '--index-dir', {str(tmp_path)!r}]\n"
        "for args in (['--note', '7'], ['--list'], ['--quote', 'Japan'], ['--help']):\n"
        "    result = CliRunner().invoke(cli, ['cite', *args, *base])\n"
        "    assert result.exit_code == 0, result.output\n"
        "heavy = ('torch', 'sentence_transformers', 'faiss', 'textual')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_query_finds_the_note_supporting_a_claim(
    corpus_txt: Path, tmp_path: Path, fake_embedder_type: type
) -> None:
    obj = {"embedder": fake_embedder_type()}
    base = ["--doc", str(corpus_txt), "--index-dir", str(tmp_path), "--mode", "bm25"]
    result = run("sterilized intervention does work", "--json", *base, obj=obj)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    numbers = [n["number"] for n in data["notes"]]
    assert 56 in numbers[:2]
    note = next(n for n in data["notes"] if n["number"] == 56)
    assert "sterilized" in note["claim"]
    taylor, dominguez = note["references"]
    assert taylor["unresolved"] and dominguez["key"] == "dominguez1993does"
    text = run("sterilized intervention does work", *base, obj=obj)
    assert text.exit_code == 0, text.output
    assert "Note 56" in text.stdout
    assert "Dominguez, Kathryn, and Jeffrey Frankel. 1993. Does Foreign" in text.stdout
    assert "no full reference in the paper" in text.stdout


def test_note_reads_document_from_a_current_index(
    corpus_txt: Path, tmp_path: Path, fake_embedder_type: type
) -> None:
    from posenqa.answer import Engine
    from posenqa.cli.cite_cmd import load_paper

    engine = Engine.open(corpus_txt, index_root=tmp_path, embedder=fake_embedder_type())
    doc, saved = load_paper(str(corpus_txt), str(tmp_path))
    assert doc == engine.document
    # The references saved beside the index come with it, as the engine has them.
    assert saved is not None and saved == engine.references
    # By index name too, as `posenqa ask --doc NAME` accepts.
    name = engine.index_path.name
    assert load_paper(name, str(tmp_path)) == (engine.document, engine.references)
