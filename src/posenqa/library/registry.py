"""The library's manifest on disk: which papers it holds and what each one is.

``<index root>/library.json`` lists the papers in the order they were added,
each by the name of its own index (``<index root>/<id>/``, a single-paper index
of :mod:`posenqa.store`), with its source file, the checksum it was indexed at
and its metadata (title, author, year, pages, notes, passages, when indexed).
No manifest yet means the library holds the bundled paper alone, not yet indexed.

Changes happen under the library's lock (``<index root>/_library.lock``, the
same ``flock`` as index builds; no paper's index can have that name, since index
names never start with ``_``) and the manifest is replaced atomically (written
beside it, synced, renamed), so readers see the old list or the new one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from posenqa.errors import IndexError_, InputError
from posenqa.library.labels import LABELS_VERSION, best_metadata, short_label
from posenqa.paths import BUNDLED_PAPER
from posenqa.store import MANIFEST, index_name, lock, read_manifest, unwritable

LIBRARY_FILE = "library.json"
LOCK_NAME = "_library"
FORMAT = 1
#: How many papers an error names before saying how many more there are.
NAMED = 6
#: What a command that needs papers says of a library holding none (exit status 1).
EMPTY_LIBRARY = "the library is empty: add papers with `posenqa add FILE`"


@dataclass(frozen=True, slots=True)
class PaperEntry:
    """One paper of the library."""

    id: str
    """The name of its index under the index root (also what ``--doc`` and ``remove`` take)."""
    source: str
    """The absolute path of the file it was added from."""
    sha256: str | None = None
    """The checksum of the file when it was indexed; None until it is first indexed."""
    title: str = ""
    author: str = ""
    year: int | None = None
    pages: int = 0
    notes: int = 0
    passages: int = 0
    indexed_at: str | None = None
    """UTC time (ISO 8601) of the last indexing."""
    labels: int | None = None
    """The :data:`~posenqa.library.labels.LABELS_VERSION` that made title, author and year
    (None: made by none, or by a posenqa before it was kept: made again on opening)."""
    stat: tuple[int, int] | None = None
    """The source file's size and modification time (ns) when it was last opened as
    ``sha256``: ``posenqa library`` trusts an unchanged file without reading it again."""

    @property
    def short(self) -> str:
        """Author-year, e.g. ``Posen 2001``, ``GAO 2005``, or a case's name, court and year,
        ``Triplet v. Franklin (10th Cir. 2010)`` (:func:`posenqa.library.labels.short_label`;
        the id when the paper's author is unknown)."""
        return short_label(self.title, self.author, self.year, self.id)

    @property
    def heading(self) -> str:
        """How the paper is named above its results: ``Posen 2001, Finance and ...``; the
        label alone when it holds the title (a case: ``Triplet v. Franklin (10th Cir. 2010)``)."""
        short = self.short
        if not self.title or self.title in short:
            return short
        return f"{short}, {self.title}"

    @property
    def named(self) -> str:
        """How the CLI names the paper beside its id: :attr:`heading`, without the id again
        when the author is unknown (the title, else the file's name:
        ``posen-2001-wp01-8.pdf`` before the bundled paper is indexed)."""
        file = Path(self.source).name
        short = self.short
        if short == self.id:  # no author: the id would only be said again
            return self.title or file
        return self.heading if self.title else f"{short}, {file}"

    def where(self) -> str:
        """What opens the paper: its file while it is there, else the name of its index (the
        file moved or deleted: the index answers as it is)."""
        return self.source if Path(self.source).is_file() else self.id

    def info(self) -> dict[str, Any]:
        """The ``paper`` object of ``ask --json`` results."""
        authors = [a.strip() for a in self.author.replace(" and ", ",").split(",") if a.strip()]
        return {"id": self.id, "title": self.title, "authors": authors, "year": self.year}

    def to_dict(self) -> dict[str, Any]:
        """One element of the manifest's ``papers``."""
        return {
            "id": self.id,
            "source": self.source,
            "sha256": self.sha256,
            "title": self.title,
            "author": self.author,
            "year": self.year,
            "pages": self.pages,
            "notes": self.notes,
            "passages": self.passages,
            "indexed_at": self.indexed_at,
            "labels": self.labels,
            "stat": list(self.stat) if self.stat is not None else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PaperEntry:
        """An entry from :meth:`to_dict` output."""
        return cls(
            id=str(data["id"]),
            source=str(data["source"]),
            sha256=data.get("sha256"),
            title=str(data.get("title") or ""),
            author=str(data.get("author") or ""),
            year=data.get("year"),
            pages=int(data.get("pages") or 0),
            notes=int(data.get("notes") or 0),
            passages=int(data.get("passages") or 0),
            indexed_at=data.get("indexed_at"),
            labels=data.get("labels") if isinstance(data.get("labels"), int) else None,
            stat=_stat_of(data.get("stat")),
        )


def _stat_of(value: Any) -> tuple[int, int] | None:
    """A manifest's ``stat`` ([size, mtime_ns]), or None when absent or not that."""
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return (value[0], value[1])
    return None


def source_stat(source: str) -> tuple[int, int] | None:
    """The size and modification time (ns) of the file ``source``; None when it is gone."""
    try:
        found = os.stat(source)
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns)


def bundled_entry() -> PaperEntry:
    """The bundled paper, as a new library holds it (not indexed yet)."""
    return PaperEntry(id=index_name(BUNDLED_PAPER), source=str(BUNDLED_PAPER))


def read_library(root: Path) -> tuple[PaperEntry, ...]:
    """The library's papers; IndexError_ when the manifest is damaged."""
    file = root / LIBRARY_FILE
    if not file.exists():
        return (bundled_entry(),)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {FORMAT}")
        return tuple(PaperEntry.from_dict(p) for p in data["papers"])
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise IndexError_(f"{file}: damaged library manifest ({exc})") from exc


def write_library(root: Path, papers: Sequence[PaperEntry]) -> None:
    """Replace the manifest atomically. Call under :func:`editing`."""
    file = root / LIBRARY_FILE
    tmp = root / f".{LIBRARY_FILE}.tmp-{uuid.uuid4().hex}"
    text = json.dumps(
        {"format": FORMAT, "papers": [p.to_dict() for p in papers]}, indent=2, ensure_ascii=False
    )
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, file)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise IndexError_(unwritable(root, exc)) from exc


@contextlib.contextmanager
def editing(root: Path) -> Iterator[None]:
    """Hold the library's lock (one change to the manifest at a time)."""
    with lock(root, LOCK_NAME):
        yield


def find(papers: Sequence[PaperEntry], name: str) -> PaperEntry | None:
    """The paper ``name`` denotes: its id; else, when ``name`` is a file, the paper added from
    that file (any spelling; None when it is a file the library does not hold); else the
    paper added from a file of that name (``paper.pdf``), the one whose id starts so, or
    the one :func:`matching` its words (``kemp``, ``Triplet v. Franklin``, ``Posen 2001``,
    ``kemp 2022``: what ``posenqa library`` shows of a paper, not only its id).

    InputError when ``name`` matches several papers: which one is meant is unknown.
    """
    for paper in papers:
        if paper.id == name:
            return paper
    path = Path(name).expanduser()
    if path.is_file():
        resolved = str(path.resolve())
        return next((p for p in papers if p.source == resolved), None)
    if not name.strip() or path.name != name:  # a path to no file: nothing to guess from
        return None
    by_file = [p for p in papers if Path(p.source).name == name]
    if len(by_file) == 1:
        return by_file[0]
    found = [p for p in papers if p.id.startswith(name)] or matching(papers, name)
    if len(found) > 1:
        ids = ", ".join(p.id for p in found[:NAMED])
        more = f" and {len(found) - NAMED} more" if len(found) > NAMED else ""
        raise InputError(f"{name}: several papers match ({ids}{more}); give more of the name")
    return found[0] if found else None


def locate(root: Path, papers: Sequence[PaperEntry], name: str) -> PaperEntry | None:
    """The paper of the library ``name`` denotes (:func:`find`), or None when it denotes a
    file or an index under ``root`` that the library does not hold (a paper answered alone).

    InputError, one line, when it denotes nothing: empty, a folder, no file and no paper
    (naming what the library holds), or several papers.
    """
    if not name.strip():
        raise InputError("a paper's name is empty (`posenqa library` lists the names)")
    found = find(papers, name)
    if found is not None:
        return found
    path = Path(name).expanduser()
    if path.is_file():
        return None
    if path.exists():
        raise InputError(f"{name}: not a file")
    if path.name == name and name not in (".", "..") and (root / name).is_dir():
        return None  # an index under the root, outside the library (`posenqa build` made it)
    raise InputError(
        f"{name}: no such file, and no paper of that name in the library ({holding(papers)})"
    )


def require(papers: Sequence[PaperEntry], name: str) -> PaperEntry:
    """:func:`find`, or InputError naming the papers the library holds."""
    if not name.strip():
        raise InputError("a paper's name is empty (`posenqa library` lists the names)")
    found = find(papers, name)
    if found is None and Path(name).expanduser().is_file():
        raise InputError(f"{name}: a file not in the library (`posenqa add` adds it)")
    if found is None:
        raise InputError(f"{name}: not in the library ({holding(papers)})")
    return found


def search_text(paper: Any) -> str:
    """What a filter of papers looks in, lower case: the paper's id, heading (author-year and
    title), author, year and file name (``posenqa library WORDS``, the TUI's ctrl+f)."""
    parts = [paper.id, getattr(paper, "heading", ""), getattr(paper, "author", "")]
    parts += [str(getattr(paper, "year", "") or ""), Path(getattr(paper, "source", "")).name]
    return " ".join(p for p in parts if p).casefold()


def matching(papers: Sequence[PaperEntry], needle: str) -> list[PaperEntry]:
    """The papers whose :func:`search_text` holds every word of ``needle`` (all for none)."""
    words = needle.casefold().split()
    return [p for p in papers if all(w in search_text(p) for w in words)]


def holding(papers: Sequence[PaperEntry]) -> str:
    """What the library holds, for an error: ``it holds: a, b`` (the first :data:`NAMED`
    ids and how many more: a library of thousands must not fill the screen)."""
    if not papers:
        return "it holds no paper"
    shown = ", ".join(p.id for p in papers[:NAMED])
    more = len(papers) - NAMED
    if more > 0:
        shown += f" and {more} more: `posenqa library` lists them"
    return f"it holds: {shown}"


def selection(papers: Sequence[PaperEntry], names: Sequence[str]) -> tuple[str, ...]:
    """The ids of the papers ``names`` denote (:func:`require`), in library order; () for
    every paper (none named, or all of them): the paper filter of ``ask --doc`` and the TUI."""
    wanted = {require(papers, name).id for name in names}
    chosen = tuple(p.id for p in papers if p.id in wanted)
    return () if len(chosen) == len(papers) else chosen


def described(
    entry: PaperEntry, document: Any, passages: int, sha256: str, *, rebuilt: bool
) -> PaperEntry:
    """``entry`` with the metadata of its opened index (``rebuilt``: just (re)indexed):
    the best the document has (:func:`posenqa.library.labels.best_metadata`).

    ``entry`` as it is when it already describes that index (not rebuilt, the same file,
    pages and passages, labels made by the current rules): opening a library of
    thousands of papers must not look for a court's name in each again.
    """
    stat = source_stat(entry.source)
    if (
        not rebuilt
        and entry.sha256 == sha256
        and entry.labels == LABELS_VERSION
        and entry.pages == document.pages
        and entry.passages == passages
        and entry.indexed_at is not None
    ):
        return entry if entry.stat == stat else replace(entry, stat=stat)
    meta = best_metadata(document)
    return replace(
        entry,
        sha256=sha256,
        title=meta.title,
        author=meta.author,
        year=meta.year,
        pages=document.pages,
        notes=sum(1 for n in document.footnotes if not n.missing),
        passages=passages,
        indexed_at=now() if rebuilt or entry.indexed_at is None else entry.indexed_at,
        labels=LABELS_VERSION,
        stat=stat,
    )


def now() -> str:
    """The current UTC time, to the second, ISO 8601."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def unreachable(root: Path, entry: PaperEntry) -> str | None:
    """Why paper ``entry`` cannot be opened at all, or None: its file and its index are both
    gone (nothing to answer from, nothing to index again). Two ``stat`` calls."""
    if Path(entry.source).is_file() or (root / entry.id / MANIFEST).is_file():
        return None
    return f"its file ({entry.source}) and its index are gone"


def index_status(root: Path, entry: PaperEntry) -> str:
    """In words: whether the paper's index is there and current with its file."""
    from posenqa.parsing import file_sha256

    gone = unreachable(root, entry)
    if gone is not None:
        return f"cannot be searched: {gone} (`posenqa remove {entry.id}`)"
    try:
        manifest = read_manifest(root / entry.id)
    except IndexError_:
        return "not indexed yet" if entry.sha256 is None else "index missing (rebuilt on use)"
    source = Path(entry.source)
    if not source.is_file():
        return "indexed (source file gone; the index is used as it is)"
    indexed = manifest.get("document", {}).get("sha256")
    if entry.stat is not None and entry.stat == source_stat(entry.source):
        # The file as it was when opened as entry.sha256: not read again (a thousand
        # papers' files are a gigabyte), unless the index is of other bytes.
        return "indexed" if indexed == entry.sha256 else "file changed (re-indexed on use)"
    if indexed != file_sha256(source):
        return "file changed (re-indexed on use)"
    return "indexed"


__all__ = [
    "EMPTY_LIBRARY",
    "LIBRARY_FILE",
    "LOCK_NAME",
    "NAMED",
    "PaperEntry",
    "bundled_entry",
    "described",
    "editing",
    "find",
    "holding",
    "index_status",
    "locate",
    "matching",
    "now",
    "read_library",
    "require",
    "search_text",
    "selection",
    "source_stat",
    "unreachable",
    "write_library",
]
