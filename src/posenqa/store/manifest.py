"""What an index depends on (its key), its manifest, and why an index is stale."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posenqa.errors import IndexError_
from posenqa.store.layout import FORMAT_VERSION, MANIFEST

if TYPE_CHECKING:
    from posenqa.settings import Settings


class IndexFormatError(IndexError_):
    """The index was written by a posenqa with another on-disk format: stale, not damaged."""


def text_versions() -> dict[str, str]:
    """The versions of the sentence splitter and the tokenizer, as the manifest records them.

    Read when a key is made (not frozen at import), so a changed version is seen.
    """
    from posenqa.search.tokenize import TOKENIZER_VERSION
    from posenqa.sentences import SPLITTER_VERSION

    return {"sentence_splitter": SPLITTER_VERSION, "tokenizer": TOKENIZER_VERSION}


@dataclass(frozen=True, slots=True)
class IndexKey:
    """What an index depends on: when any of these changes, the index is stale."""

    document_sha256: str | None
    """None when the source file is not available (the index is used as it is)."""
    parser_version: str
    model_checksum: str
    settings: dict[str, Any]
    text: dict[str, str] = field(default_factory=text_versions)
    """:func:`text_versions`: the stored sentences' vectors and terms depend on them."""

    @classmethod
    def current(
        cls, document_sha256: str | None, model_checksum: str, settings: Settings
    ) -> IndexKey:
        """The key an index must match to be current for this posenqa: the document's and
        the model's checksums as given, this parser's version, the settings' index part
        (:meth:`~posenqa.settings.Settings.index_dict`), this splitter's and tokenizer's
        versions. Every index is keyed here (``Engine.open``, the library's adding and
        opening), so they never disagree on what makes an index stale."""
        from posenqa.parsing import PARSER_VERSION  # read when called, like text_versions

        return cls(document_sha256, PARSER_VERSION, model_checksum, settings.index_dict())


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of the index at ``path``; IndexError_ when missing or unreadable."""
    file = path / MANIFEST
    if not file.is_file():
        raise IndexError_(f"{path}: no index here (missing {MANIFEST})")
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise IndexError_(f"{file}: unreadable manifest ({exc})") from exc
    if not isinstance(manifest, dict) or "format" not in manifest:
        raise IndexError_(f"{file}: not an index manifest")
    if manifest["format"] != FORMAT_VERSION:
        raise IndexFormatError(
            f"index format changed (from {manifest['format']} to {FORMAT_VERSION})"
        )
    return manifest


_TEXT_CHANGES = {"sentence_splitter": "sentence splitter changed", "tokenizer": "tokenizer changed"}


def stale_reason(manifest: dict[str, Any], key: IndexKey) -> str | None:
    """Why an index with this manifest does not match ``key``, or None when it is current."""
    from posenqa import __version__

    doc = manifest.get("document", {})
    if key.document_sha256 is not None and doc.get("sha256") != key.document_sha256:
        return "document changed"
    if doc.get("parser_version") != key.parser_version:
        return "parser version changed"
    if manifest.get("model", {}).get("checksum") != key.model_checksum:
        return "embedding model changed"
    if manifest.get("settings") != key.settings:
        return "settings changed"
    text = manifest.get("text", {})
    for part, change in _TEXT_CHANGES.items():
        if text.get(part) != key.text.get(part):
            return change
    if manifest.get("posenqa_version") != __version__:
        return "posenqa version changed"
    return None


__all__ = ["IndexFormatError", "IndexKey", "read_manifest", "stale_reason", "text_versions"]
