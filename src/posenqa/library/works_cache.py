"""Each paper's works cited, kept beside the library: listing a thousand papers' works must
not read every paper's notes and body text again.

``works_cited`` reads a paper's body for the authors it names ("As Ogata notes"):
70-130 ms a paper, so ``cite --list`` and the TUI's works list took ~50 s on a
library of 1,000 papers, each time. A paper's works are computed once (when it is
added, or first listed) and written to ``<index root>/.works/<paper id>.json``,
keyed by what they depend on: the parsed paper itself (a digest of its whole JSON,
so a re-parse with other pages or notes is a new key) and the code that computes
them (a digest of the ``posenqa.references`` sources, so an upgrade never serves a
stale list). A file with another key, or unreadable, is computed again; a library
that cannot be written is listed without the file (slower, same answer).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from posenqa.document import Document
from posenqa.references.model import Citation, Reference, Work

#: The folder under the index root (a name no paper's index can have: index names never
#: start with a dot).
WORKS_DIR = ".works"
#: The shape of the files; change it with :func:`work_from_dict`.
FORMAT = 1

#: How a paper's works are computed (``references.works_cited``; the TUI may hand in another).
WorksCited = Callable[[Document, Any], Sequence[Work]]


@functools.cache
def code_digest() -> str:
    """A digest of the code the works depend on: every source file of
    ``posenqa.references``, and the sentence splitter and document model it reads."""
    import posenqa.document
    import posenqa.references
    import posenqa.sentences

    package = Path(posenqa.references.__file__).parent
    files = sorted(package.rglob("*.py"))
    files += [Path(posenqa.sentences.__file__), Path(posenqa.document.__file__)]
    digest = hashlib.sha256(f"works-format-{FORMAT}".encode())
    for file in files:
        digest.update(file.relative_to(package.parent).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def works_key(document: Document) -> str:
    """What a paper's works depend on: the code's digest and the paper's whole JSON."""
    text = json.dumps(document.to_dict(), ensure_ascii=False, sort_keys=True)
    return code_digest() + ":" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def work_from_dict(data: dict[str, Any]) -> Work:
    """The inverse of :meth:`Work.to_dict`."""
    return Work(
        key=str(data["key"]),
        reference=Reference.from_dict(data["reference"]),
        cited_in=tuple(Citation(**c) for c in data["cited_in"]),
    )


def works_file(root: Path, paper_id: str) -> Path:
    """Where paper ``paper_id``'s works are kept."""
    return root / WORKS_DIR / f"{paper_id}.json"


def paper_works(
    root: Path,
    paper_id: str,
    document: Document,
    saved: Any = None,
    *,
    compute: WorksCited | None = None,
) -> list[Work]:
    """Paper ``paper_id``'s works cited: read from the library's file when it was made for
    this paper by this code, else computed (``compute``, default ``works_cited(document,
    saved)``) and kept."""
    if compute is None:
        from posenqa.references import works_cited as compute
    key = works_key(document)
    file = works_file(root, paper_id)
    kept = _read(file, key)
    if kept is not None:
        return kept
    works = list(compute(document, saved))
    _write(file, key, works)
    return works


def forget(root: Path, paper_id: str) -> None:
    """Drop paper ``paper_id``'s kept works (it left the library)."""
    with contextlib.suppress(OSError):
        works_file(root, paper_id).unlink()


def _read(file: Path, key: str) -> list[Work] | None:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        return [work_from_dict(w) for w in data["works"]]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, another paper's or code's, or damaged: computed again


def _write(file: Path, key: str, works: Sequence[Work]) -> None:
    """Written beside and renamed (readers see a whole file or none); a folder that cannot
    be written keeps nothing (the works are computed at each listing instead)."""
    text = json.dumps({"key": key, "works": [w.to_dict() for w in works]}, ensure_ascii=False)
    tmp = file.with_name(f".{file.name}.tmp-{uuid.uuid4().hex}")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, file)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


__all__ = [
    "FORMAT",
    "WORKS_DIR",
    "code_digest",
    "forget",
    "paper_works",
    "work_from_dict",
    "works_file",
    "works_key",
]
