"""A paper's resolved references, kept beside its index so ``ask`` never recomputes them.

Resolving a legal paper's notes imports eyecite (over a second) and reads every
note and body block (seconds more on a report with 457 notes). The index build
does it once and writes ``references.json`` into the index folder
(:func:`save_references`); opening the index only notes where that file is
(:func:`attach_index`, no I/O), and the first request for the paper's references
reads it instead of resolving. The file carries the digest of what the
references depend on (notes, body text, resolver version): a file that does not
match is ignored, never trusted. It is not one of the index's verified data
files: losing it costs time, not answers.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from posenqa.document import Document
from posenqa.references.model import Reference
from posenqa.references.works import resolution, resolution_digest

#: The file in an index folder.
REFERENCES = "references.json"

logger = logging.getLogger(__name__)

# id(doc) -> (doc, its index folder); the doc is kept so that its id stays its own.
_FOLDERS: dict[int, tuple[Document, Path]] = {}
_KEEP = 64


def save_references(folder: Path, doc: Document) -> None:
    """Resolve ``doc``'s references and write them into the index ``folder``."""
    resolved = resolution(doc)
    data = {
        "digest": resolution_digest(doc),
        "notes": [
            {"sequence": seq, "number": number, "references": [r.to_dict() for r in refs]}
            for (seq, number), refs in resolved.items()
        ],
    }
    (folder / REFERENCES).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def attach_index(folder: Path, doc: Document) -> None:
    """Note that ``doc`` was read from the index ``folder`` (whose references may be saved)."""
    if len(_FOLDERS) >= _KEEP:
        _FOLDERS.pop(next(iter(_FOLDERS)))
    _FOLDERS[id(doc)] = (doc, folder)


def saved_resolution(
    doc: Document, digest: str
) -> dict[tuple[str, int], tuple[Reference, ...]] | None:
    """``doc``'s references as saved beside its index, or None (no index, no file, or
    a file for another version of the paper or of the resolver)."""
    entry = _FOLDERS.get(id(doc))
    if entry is None or entry[0] is not doc:
        return None
    path = entry[1] / REFERENCES
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("digest") != digest:
            return None
        return {
            (note["sequence"], note["number"]): tuple(
                Reference.from_dict(r) for r in note["references"]
            )
            for note in data["notes"]
        }
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.warning("%s: unreadable, references resolved again (%s)", path, exc)
        return None


__all__ = ["REFERENCES", "attach_index", "save_references", "saved_resolution"]
