"""Adding, removing and opening the papers of a library (I/O at the edge: files, indexes).

``open_paper`` is how a paper's own index is opened, building it when missing or
stale (:meth:`posenqa.answer.Engine.open` with the CLI's progress and the
shared model); these functions only decide which papers and keep the manifest.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from posenqa.answer import Engine
from posenqa.document import Document
from posenqa.errors import InputError
from posenqa.library.engine import EngineFactory, LibraryEngine
from posenqa.library.registry import (
    EMPTY_LIBRARY,
    PaperEntry,
    bundled_entry,
    described,
    editing,
    read_library,
    require,
    unreachable,
    write_library,
)
from posenqa.store import MANIFEST, StoredIndex, index_name, lock

#: Opens (building when needed) the index of a file, or of an index name whose file is gone.
OpenPaper = Callable[[str | Path], Engine]

ADDED, UNCHANGED, REINDEXED, COPY = "added", "unchanged", "re-indexed", "copy"


@dataclass(frozen=True, slots=True)
class Added:
    """What adding one file did."""

    entry: PaperEntry
    status: str
    """``added``, ``unchanged`` (same file, index current: nothing was done), ``re-indexed``,
    or ``copy``: another file with the same bytes as ``entry``'s, not added again."""
    file: str = ""
    """The file given, for a ``copy``."""


def checked_file(file: str | Path) -> Path:
    """``file`` resolved; InputError when it is missing or not a file."""
    path = Path(file).expanduser()
    if not path.is_file():
        raise InputError(f"{file}: no such file" if not path.exists() else f"{file}: not a file")
    return path.resolve()


#: What a folder given to ``posenqa add`` contributes: its PDFs and text extractions.
PAPER_SUFFIXES = (".pdf", ".txt")


def papers_in(folder: Path) -> list[Path]:
    """The PDFs and text files under ``folder`` (any depth, hidden ones skipped: ``.git``,
    ``.DS_Store``), in name order: how a library of hundreds is added in one command."""
    found = []
    for path in folder.rglob("*"):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if not hidden and path.suffix.lower() in PAPER_SUFFIXES and path.is_file():
            found.append(path)
    return sorted(found)


def entry_of(papers: Sequence[PaperEntry], path: Path) -> PaperEntry | None:
    """The library's entry for the file ``path`` (None when new).

    InputError when another file of the same name is in the library: two papers
    must not share an index.
    """
    paper_id = index_name(path)
    existing = next((p for p in papers if p.id == paper_id), None)
    if existing is not None and existing.source != str(path) and Path(existing.source).exists():
        raise InputError(
            f"{path}: another file of the same name is in the library as {paper_id!r} "
            f"({existing.source}); rename one of them"
        )
    return existing


def settle(
    existing: PaperEntry | None,
    path: Path,
    document: Document,
    passages: int,
    sha256: str,
    *,
    rebuilt: bool,
) -> Added:
    """What adding ``path`` did, given its entry before (None: new) and its opened index."""
    base = replace(existing or PaperEntry(id=index_name(path), source=""), source=str(path))
    entry = described(base, document, passages, sha256, rebuilt=rebuilt)
    if existing is None:
        return Added(entry, ADDED)
    changed = rebuilt or existing.sha256 != sha256
    return Added(entry, REINDEXED if changed else UNCHANGED)


def with_entries(papers: Sequence[PaperEntry], entries: Sequence[PaperEntry]) -> list[PaperEntry]:
    """``papers`` with each of ``entries`` replacing the paper of its id, or appended."""
    new = {e.id: e for e in entries}
    merged = [new.pop(p.id, p) for p in papers]
    return merged + list(new.values())


def record(root: Path, entries: Sequence[PaperEntry]) -> None:
    """Write ``entries`` into the library's manifest (under its lock), when anything changed."""
    if not entries:
        return
    with editing(root):
        papers = list(read_library(root))
        merged = with_entries(papers, entries)
        if merged != papers:
            write_library(root, merged)


def add_paper(root: Path, file: str | Path, open_paper: OpenPaper) -> Added:
    """Add ``file`` to the library (parse and embed it unless its index is current).

    InputError when it is not a file, or when another file of the same name is in
    the library (two papers must not share an index). Several files at once:
    :func:`posenqa.library.ingest.add_files` (parsing in worker processes).
    """
    path = checked_file(file)
    paper_id = index_name(path)
    with editing(root):
        papers = list(read_library(root))
        existing = entry_of(papers, path)
        before = _stamp(root, paper_id)
        engine = open_paper(path)
        rebuilt = _stamp(root, paper_id) != before
        sha = engine.manifest["document"]["sha256"]
        added = settle(existing, path, engine.document, len(engine.passages), sha, rebuilt=rebuilt)
        if existing != added.entry:
            write_library(root, with_entries(papers, [added.entry]))
    return added


def remove_paper(root: Path, name: str) -> PaperEntry:
    """Take paper ``name`` (its id or file) out of the library and delete its index.

    The bundled paper's index is kept: the single-paper commands open it by
    default. No other paper's index is touched.
    """
    with editing(root):
        papers = read_library(root)
        entry = require(papers, name)
        write_library(root, [p for p in papers if p.id != entry.id])
    from posenqa.library.works_cache import forget

    forget(root, entry.id)
    if entry.id != bundled_entry().id:
        with lock(root, entry.id):
            target = root / entry.id
            if target.exists():
                # Renamed first: a reader sees the whole index or none of it.
                old = root / f".{entry.id}.old-{uuid.uuid4().hex}"
                with contextlib.suppress(OSError):
                    os.rename(target, old)
                    shutil.rmtree(old, ignore_errors=True)
    return entry


def searchable(
    root: Path, papers: Sequence[PaperEntry], left_out: Callable[[PaperEntry, str], None] | None
) -> list[PaperEntry]:
    """``papers`` less those that cannot be opened (:func:`registry.unreachable`), each told
    to ``left_out``; InputError when none is left."""
    if not papers:
        raise InputError(EMPTY_LIBRARY)
    kept, why = [], ""
    for paper in papers:
        why = unreachable(root, paper) or ""
        if not why:
            kept.append(paper)
        elif left_out is not None:
            left_out(paper, why)
    if not kept:
        raise InputError(f"no paper of the library can be searched ({paper.id}: {why})")
    return kept


def open_library(
    root: Path,
    open_paper: OpenPaper,
    make_engine: Callable[[StoredIndex], Engine],
    names: Sequence[str] = (),
    left_out: Callable[[PaperEntry, str], None] | None = None,
    papers: Sequence[PaperEntry] | None = None,
) -> LibraryEngine:
    """The engine over every paper of the library, indexing any paper not indexed yet or
    whose file changed, and recording what was (re)indexed. A paper that cannot be opened
    at all (its file and its index gone) is left out and told to ``left_out`` with why:
    one lost file must not stop every question. ``papers``: the library's manifest as the
    caller has just read it (default: read here; 10,000 papers' manifest is ~0.1 s a read).

    A choice of papers to search (``ask --doc``, the TUI's filter) is asked of this
    engine (``LibraryEngine.ask(papers=...)``): the BM25 statistics stay the whole
    library's, so a passage scores the same whichever papers are chosen (the search
    contract, :mod:`posenqa.search.backend`). ``names`` instead makes a library of
    those papers alone, with their own statistics (a paper evaluated without the
    others: ``evals/distractors.py``).
    """
    papers = searchable(root, read_library(root) if papers is None else papers, left_out)
    chosen = [require(papers, n) for n in dict.fromkeys(names)] if names else list(papers)
    # Merged in order of id, not of adding: ties then break the same way however the
    # library was assembled, so it answers as one built from scratch does.
    chosen.sort(key=lambda p: p.id)
    one = functools.partial(_open_one, root, open_paper)
    if not names and isinstance(make_engine, EngineFactory):
        # The whole library, from its pack (packed first when stale): O(1) files read.
        from posenqa.library.packed import open_packed

        library, changed = open_packed(root, chosen, one, make_engine)
        if library is not None:
            _record_changed(root, changed)
            return library
    opened = [one(entry) for entry in chosen]
    _record_changed(root, {c.id: c for (c, _), e in zip(opened, chosen, strict=True) if c != e})
    return LibraryEngine(opened, root, make_engine=make_engine)


def _open_one(
    root: Path, open_paper: OpenPaper, entry: PaperEntry
) -> tuple[PaperEntry, StoredIndex]:
    """Paper ``entry``'s index (re-indexed when stale) and its entry as it now is."""
    before = _stamp(root, entry.id)
    engine = open_paper(entry.where())
    rebuilt = _stamp(root, entry.id) != before
    sha = engine.manifest["document"]["sha256"]
    current = described(entry, engine.document, len(engine.passages), sha, rebuilt=rebuilt)
    return current, engine.stored


def _record_changed(root: Path, changed: dict[str, PaperEntry]) -> None:
    """Write the entries of re-indexed papers into the library's manifest."""
    if changed:
        with editing(root):
            latest = read_library(root)
            write_library(root, [changed.get(p.id, p) for p in latest])


def _stamp(root: Path, paper_id: str) -> bytes | None:
    """The bytes of a paper's index manifest: they change exactly when the index is rewritten."""
    try:
        return (root / paper_id / MANIFEST).read_bytes()
    except OSError:
        return None


__all__ = [
    "ADDED",
    "COPY",
    "PAPER_SUFFIXES",
    "REINDEXED",
    "UNCHANGED",
    "Added",
    "OpenPaper",
    "add_paper",
    "checked_file",
    "entry_of",
    "open_library",
    "papers_in",
    "record",
    "remove_paper",
    "settle",
    "with_entries",
]
