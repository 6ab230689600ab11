"""The core and the light commands never import torch, sentence-transformers, faiss, textual."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("torch", "sentence_transformers", "faiss", "textual", "transformers")

_CHECK = """
import sys
{body}
heavy = [m for m in {heavy!r} if m in sys.modules]
print(",".join(heavy))
"""


def _heavy_after(body: str) -> str:
    script = _CHECK.format(body=body, heavy=HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def test_importing_the_core_is_light() -> None:
    body = (
        "import posenqa, posenqa.cli, posenqa.answer, posenqa.store, posenqa.passages, "
        "posenqa.search, posenqa.search.embedder, posenqa.search.dense, posenqa.highlight, "
        "posenqa.cli.ask_cmd, posenqa.cli.build_cmd"
    )
    assert _heavy_after(body) == ""


def test_help_is_light() -> None:
    body = (
        "from click.testing import CliRunner\n"
        "from posenqa.cli import cli\n"
        "for args in (['--help'], ['ask', '--help'], ['build', '--help'], ['tui', '--help']):\n"
        "    assert CliRunner().invoke(cli, args).exit_code == 0, args"
    )
    assert _heavy_after(body) == ""


def test_parse_is_light(corpus_pdf) -> None:  # type: ignore[no-untyped-def]
    body = (
        "from click.testing import CliRunner\n"
        "from posenqa.cli import cli\n"
        f"result = CliRunner().invoke(cli, ['parse', {str(corpus_pdf)!r}])\n"
        "assert result.exit_code == 0, result.output"
    )
    assert _heavy_after(body) == ""


def test_bm25_question_needs_no_model(tmp_path, corpus_pdf, fake_embedder_type) -> None:  # type: ignore[no-untyped-def]
    from posenqa.answer import Engine
    from posenqa.search.embedder import default_model_path, model_checksum

    # An index keyed to the real model's checksum (a hash of its files, not a load) but
    # embedded by the fake; a fresh process asking in BM25 mode must load no heavy library.
    fake = fake_embedder_type()
    fake.checksum = model_checksum(default_model_path())
    Engine.open(corpus_pdf, index_root=tmp_path, embedder=fake)
    body = (
        "from posenqa.answer import Engine\n"
        f"engine = Engine.open({str(corpus_pdf)!r}, index_root={str(tmp_path)!r})\n"
        "assert engine.ask('S&L crisis lessons', mode='bm25').hits"
    )
    assert _heavy_after(body) == ""
