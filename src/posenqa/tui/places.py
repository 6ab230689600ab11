"""Where a result leads: the note it is, and the place the reader opens on. Pure functions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ReaderTarget:
    """The section the reader opens, the block it scrolls to and the note it follows."""

    section: str
    block_id: str | None
    note: int | None


def note_of(document: Any, hit: Any) -> Any | None:
    """The footnote a result is, when it is one."""
    if hit.passage.kind != "footnote":
        return None
    return document.footnote(hit.passage.number)


def reader_target(document: Any, hit: Any, selected_note: int | None = None) -> ReaderTarget:
    """Where to read ``hit``: its own block, or for a note the body block citing it.

    ``selected_note`` (a note chosen in the notes pane) is followed on opening.
    """
    passage = hit.passage
    block_id = passage.block_ids[0] if passage.block_ids else None
    section = passage.section
    note = selected_note
    if passage.kind == "footnote":
        note = passage.number
        footnote = document.footnote(passage.number)
        if footnote is not None and footnote.cited_by:
            block_id = footnote.cited_by[0]
            block = document.block(block_id)
            section = block.section if block is not None else section
    return ReaderTarget(section, block_id, note)


def same_question(a: str, b: str) -> bool:
    """Two questions are the same up to white space (as the engine normalizes them)."""
    return " ".join(a.split()) == " ".join(b.split())


__all__ = ["ReaderTarget", "note_of", "reader_target", "same_question"]
