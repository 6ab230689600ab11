"""A paper's resolved references, kept beside its index so ``ask`` never recomputes them.

Resolving a legal paper's notes imports eyecite (over a second) and reads every
note and body block (seconds more on a report with 457 notes). The index build
does it once and writes ``references.json`` into the index folder
(:func:`save_references`), and the manifest records the file's size, checksum
and the digest of what the references depend on (notes, body text, resolver
version). Reading the index gives a :class:`SavedReferences` (no I/O), which
the caller hands to the resolver (``works.resolution(doc, saved)``): the first
request for the paper's references reads the file instead of resolving.

A file whose digest is not the paper's, or whose checksum is not the manifest's,
is ignored, never trusted. It is not one of the index's required data files
(``store.layout.DATA_FILES``): losing it costs time, not answers, so a missing or
damaged file means resolving again, not rebuilding the index; and it is verified
when first read, not each time an index is opened (a library opens thousands).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from posenqa.document import Document
from posenqa.references.model import Reference

#: The file in an index folder.
REFERENCES = "references.json"
#: The manifest's entry for it: {"size", "sha256", "digest"}.
MANIFEST_KEY = "references"

#: Resolved references: (sequence, number) -> the references of that note or body block.
Resolution = dict[tuple[str, int], tuple[Reference, ...]]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SavedReferences:
    """An index folder's ``references.json`` as its manifest describes it (not yet read)."""

    path: Path
    size: int
    sha256: str
    digest: str
    """:func:`~posenqa.references.works.resolution_digest` of the paper they were resolved for."""

    def load(self, digest: str) -> Resolution | None:
        """The saved references when they are for ``digest`` and the file is sound, else
        None (a paper or resolver of another version, a missing or damaged file)."""
        if digest != self.digest:
            return None
        from posenqa.store.files import file_info

        try:
            if file_info(self.path) != {"size": self.size, "sha256": self.sha256}:
                logger.warning("%s: checksum differs from the manifest, ignored", self.path)
                return None
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return {
                (note["sequence"], note["number"]): tuple(
                    Reference.from_dict(r) for r in note["references"]
                )
                for note in data["notes"]
            }
        except (OSError, ValueError, KeyError, TypeError) as exc:
            logger.warning("%s: unreadable, references resolved again (%s)", self.path, exc)
            return None


def save_references(folder: Path, doc: Document) -> dict[str, Any]:
    """Resolve ``doc``'s references, write them into the index ``folder`` and return the
    manifest's entry for the file (:data:`MANIFEST_KEY`)."""
    from posenqa.references.works import resolution, resolution_digest
    from posenqa.store.files import file_info

    digest = resolution_digest(doc)
    data = {
        "digest": digest,
        "notes": [
            {"sequence": seq, "number": number, "references": [r.to_dict() for r in refs]}
            for (seq, number), refs in resolution(doc).items()
        ],
    }
    path = folder / REFERENCES
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return {**file_info(path), "digest": digest}


def saved_references(folder: Path, manifest: Mapping[str, Any]) -> SavedReferences | None:
    """The saved references of the index at ``folder`` as its manifest lists them; None for
    an index that lists none (built before they were saved). No I/O."""
    entry = manifest.get(MANIFEST_KEY)
    try:
        return SavedReferences(
            folder / REFERENCES, int(entry["size"]), str(entry["sha256"]), str(entry["digest"])
        )
    except (TypeError, KeyError, ValueError):
        return None


__all__ = [
    "MANIFEST_KEY",
    "REFERENCES",
    "Resolution",
    "SavedReferences",
    "save_references",
    "saved_references",
]
