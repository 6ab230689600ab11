"""``posenqa parse``: show the structure a parser found in a paper."""

from __future__ import annotations

import click

from posenqa.cli.shared import DEFAULT_PAPER, safe
from posenqa.textsafe import json_text


@click.command()
@click.argument("file", type=click.Path(dir_okay=False), default=str(DEFAULT_PAPER))
@click.option("--json", "as_json", is_flag=True, help="Print the whole document model as JSON.")
def parse(file: str, as_json: bool) -> None:
    """Parse FILE (a PDF or a text extraction) into sections, paragraphs and notes.

    Prints an outline: sections with pages, block and note counts, notes whose
    bodies are missing, and warnings. FILE defaults to the bundled paper.
    """
    from posenqa.parsing import parse_file
    from posenqa.parsing.assemble import compress_keys

    doc = parse_file(file)
    if as_json:
        click.echo(json_text(doc.to_dict(), indent=2))
        return
    click.echo(safe(f"{doc.title}"))
    click.echo(safe(f"{doc.author} ({doc.year})  {doc.source}  {doc.pages} pages"))
    click.echo("")
    click.echo("Sections:")
    for section in doc.sections:
        blocks = [b for b in doc.blocks if b.section == section.label]
        notes = {key for b in blocks for key in b.note_keys}
        title = section.title or "(untitled)"
        indent = "  " * section.level
        click.echo(
            safe(
                f"{indent}{section.label:<6} {title}  p. {section.page}  "
                f"[{len(blocks)} blocks, {len(notes)} notes cited]"
            )
        )
    kinds = {
        k: sum(1 for b in doc.blocks if b.kind == k) for k in ("paragraph", "quote", "caption")
    }
    click.echo("")
    click.echo(
        f"Blocks: {len(doc.blocks)} ({kinds['paragraph']} paragraphs, {kinds['quote']} quotes, "
        f"{kinds['caption']} captions); front matter: {len(doc.front_matter)} blocks"
    )
    present = [n.key for n in doc.footnotes if not n.missing]
    click.echo(safe(f"Notes: {len(present)} with bodies ({compress_keys(present) or 'none'})"))
    missing = [n.key for n in doc.footnotes if n.missing]
    if missing:
        click.echo(safe(f"Missing note bodies: {compress_keys(missing)}"))
    for warning in doc.warnings:
        click.echo(safe(f"warning: {warning}"), err=True)
