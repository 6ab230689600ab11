"""``cite`` across the library: a work cited by two generated papers is listed once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from posenqa.cli import cli
from posenqa.library.registry import bundled_entry


@pytest.fixture
def run(tmp_path: Path, fake_embedder_type):  # type: ignore[no-untyped-def]
    obj = {"embedder": fake_embedder_type()}  # the real parser reads the PDFs
    index = tmp_path / "index"

    def invoke(*args: str) -> Any:
        return CliRunner().invoke(cli, [*args, "--index-dir", str(index)], obj=obj)

    return invoke


def test_a_work_cited_by_two_papers_is_listed_once_with_both(run, citing_pdfs) -> None:  # type: ignore[no-untyped-def]
    run("remove", bundled_entry().id)
    assert run("add", *map(str, citing_pdfs)).exit_code == 0
    data = json.loads(run("cite", "--list", "--json").stdout)
    kane = [w for w in data["works"] if "Insurance Mess" in (w["reference"]["title"] or "")]
    assert len(kane) == 1  # "S&L" and "S & L", with and without a pinpoint: one work
    papers = kane[0]["papers"]
    assert [p["paper"]["id"] for p in papers] == ["first", "second"]
    assert [(c["note"], c["page"]) for p in papers for c in p["cited_in"]] == [(1, 1), (1, 1)]
    text = run("cite", "--list").stdout
    assert text.startswith("Works cited in 2 papers: 1 (1 cited by more than one)")
    assert "Alpha 2026 (first): n. 1, p. 1" in text
    assert "Beta 2026 (second): n. 1, p. 1" in text


def test_cite_a_claim_searches_every_papers_notes(run, citing_pdfs) -> None:  # type: ignore[no-untyped-def]
    run("remove", bundled_entry().id)
    run("add", *map(str, citing_pdfs))
    result = run("cite", "deposit insurance moral hazard thrifts", "--json", "--no-rerank")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    first = data["notes"][0]
    assert first["paper"]["id"] == "second"
    assert first["number"] == 1
    assert "Insurance Mess" in json.dumps(first["references"])
    assert [n["rank"] for n in data["notes"]] == sorted(n["rank"] for n in data["notes"])
