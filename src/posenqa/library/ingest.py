"""Adding many files at once: parsing in worker processes, embedding in this one.

Parsing a PDF keeps one core busy for one to ten seconds (the shared real PDFs,
``benchmarks/README.md``); embedding its passages takes as long or longer.
:func:`add_files` overlaps the two: worker processes (:mod:`posenqa.library.prepare`,
one thread each) parse files and cut them into passages while this process
embeds the previous ones with the model loaded once, writes each paper's index
(:func:`posenqa.store.build_index`, the same index ``Engine.open`` builds) and
records it in the library.

Threads are set deliberately (:func:`plan_threads`): ``cores - 1`` workers, the
embedder in this process on the cores they leave (at least one). A single file,
or a parser that cannot be sent to another process, is prepared here instead:
starting a worker costs more than it saves then.

One bad file stops nothing: it is reported with its reason and the others are
added; so is a file whose worker the system killed (out of memory): a new
worker parses the files left. Ctrl-C stops the workers at once; every paper
indexed before it stays in the library (the manifest is written on the way out)
and the report says which files were not added.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posenqa.errors import InputError, PosenqaError
from posenqa.library.manage import COPY, Added, checked_file, entry_of, record, settle
from posenqa.library.prepare import Failure, Prepared, parser_name, prepare, single_threaded
from posenqa.library.registry import PaperEntry, read_library
from posenqa.settings import Settings, default_settings
from posenqa.store import IndexKey, build_index, clear_debris, index_name, lock, usable_index

if TYPE_CHECKING:
    from posenqa.document import Document
    from posenqa.search.embedder import Embedder

#: Write the library's manifest at most this often while adding (and always at the end):
#: rewriting it after each of thousands of papers would cost more than the papers.
FLUSH_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class ThreadPlan:
    """How the cores are shared: parsing workers, and the embedder's threads."""

    workers: int
    """Worker processes that parse (0: parse in this process, one file after another)."""
    embed_threads: int
    """Intra-op threads of the embedder (0: one per core, the model runtime's default)."""


@dataclass(frozen=True, slots=True)
class Report:
    """What :func:`add_files` did."""

    added: tuple[Added, ...]
    """In the order the files were finished."""
    failed: tuple[Failure, ...]
    not_done: tuple[str, ...] = ()
    """Files not reached because the run was interrupted."""
    plan: ThreadPlan = ThreadPlan(0, 0)

    @property
    def interrupted(self) -> bool:
        """Whether Ctrl-C stopped the run before every file was handled."""
        return bool(self.not_done)


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def plan_threads(
    files: int, workers: int | None = None, available: int | None = None
) -> ThreadPlan:
    """The split of ``available`` cores for ``files`` files to parse.

    ``workers`` None chooses ``available - 1`` (the embedder keeps one core); no
    workers for a single file or a single core.
    """
    available = available or cores()
    if workers is None:
        workers = available - 1 if files > 1 else 0
    workers = max(0, min(workers, files))
    if workers == 0:
        return ThreadPlan(0, 0)
    return ThreadPlan(workers, max(1, available - workers))


@dataclass(frozen=True, slots=True)
class _Job:
    path: Path
    existing: PaperEntry | None
    key: IndexKey


def add_files(
    root: Path,
    files: Sequence[str | Path],
    *,
    checksum: str,
    embedder: Callable[[], Embedder],
    settings: Settings | None = None,
    parse: Callable[[Path], Document] | None = None,
    workers: int | None = None,
    on_result: Callable[[Added | Failure], None] | None = None,
    progress: Callable[[Path, int, int], None] | None = None,
) -> Report:
    """Add ``files`` to the library at ``root``; files already indexed and unchanged cost nothing.

    ``checksum`` is the embedding model's (it decides whether an index is current
    without loading the model); ``embedder()`` loads the model, called once, on
    the first file that needs embedding. ``on_result`` hears each file as it is
    finished, ``progress(path, done, total)`` the embedding of each.
    """
    from posenqa.parsing import file_sha256

    settings = settings or default_settings()
    tell = on_result or (lambda _result: None)
    added: list[Added] = []
    failed: list[Failure] = []

    def fail(failure: Failure) -> None:
        failed.append(failure)
        tell(failure)

    def done(result: Added) -> None:
        added.append(result)
        tell(result)

    papers = read_library(root)
    jobs: list[_Job] = []
    claimed: dict[str, Path] = {}
    # The papers by the checksum of their file: a copy of one (same bytes, another
    # name) is that paper, not a second one answering every question twice.
    held = _by_checksum(papers)
    firsts: dict[str, Path] = {}  # this command's new files by checksum
    copies: list[tuple[str, str]] = []  # (file, checksum): copies of one of those
    for file in dict.fromkeys(files):
        try:
            path = checked_file(file)
            if path in claimed.values():
                continue
            sha = file_sha256(path)
            if _copy_of(held.get(sha), path):
                # The same bytes as a paper whose file is still there: a copy, whatever its
                # name (a copy of the papers' folder holds files of the same names).
                done(Added(held[sha], COPY, str(file)))
                continue
            name = index_name(path)
            if name in claimed:
                raise InputError(
                    f"{path}: another file of the same name ({claimed[name]}) is being added "
                    f"as {name!r}; rename one of them"
                )
            existing = entry_of(papers, path)
        except InputError as exc:
            fail(Failure(str(file), str(exc)))
            continue
        except OSError as exc:  # unreadable: "paper.pdf: permission denied"
            fail(Failure(str(file), f"{file}: {(exc.strerror or str(exc)).lower()}"))
            continue
        if existing is None and sha in held:
            done(Added(held[sha], COPY, str(file)))
            continue
        if existing is None and sha in firsts:
            copies.append((str(file), sha))  # settled once its first is added (or not)
            continue
        claimed[name] = path
        firsts.setdefault(sha, path)
        key = IndexKey.current(sha, checksum, settings)
        # What an add killed mid-write left of this paper (a half-written index beside it).
        clear_debris(root, name)
        stored, _why = usable_index(root / name, key)
        if stored is None:
            jobs.append(_Job(path, existing, key))
        else:
            done(settle(existing, path, stored.document, len(stored.passages), sha, rebuilt=False))
    # The unchanged papers are recorded now: their indexes may be newer than the manifest.
    record(root, [a.entry for a in added])

    sendable = parse is None or parser_name(parse) is not None
    plan = plan_threads(len(jobs), workers if sendable else 0)
    model: list[Embedder] = []
    finished: set[Path] = set()
    pending: list[PaperEntry] = []
    last_flush = time.monotonic()
    parsed = _prepared(jobs, settings, parse, plan)
    try:
        for job, prepared in zip(jobs, parsed, strict=True):
            if isinstance(prepared, Failure):
                finished.add(job.path)
                fail(prepared)
                continue
            try:
                if not model:
                    model.append(embedder())
                result = _index(root, job, prepared, model[0], plan, progress)
            except PosenqaError as exc:
                finished.add(job.path)
                fail(Failure(str(job.path), str(exc)))
                continue
            finished.add(job.path)
            pending.append(result.entry)
            done(result)
            if time.monotonic() - last_flush > FLUSH_SECONDS:
                record(root, pending)
                pending, last_flush = [], time.monotonic()
    except KeyboardInterrupt:
        not_done = tuple(str(j.path) for j in jobs if j.path not in finished)
        not_done += tuple(file for file, _ in copies)
        return Report(tuple(added), tuple(failed), not_done or ("(interrupted)",), plan)
    finally:
        parsed.close()  # the workers stop now, interrupted or not
        record(root, pending)
    now_held = {a.entry.sha256: a.entry for a in added}
    for file, sha in copies:
        if sha in now_held:
            done(Added(now_held[sha], COPY, file))
        else:
            fail(Failure(file, f"{file}: the same file as {firsts[sha]}, which was not added"))
    return Report(tuple(added), tuple(failed), (), plan)


def _by_checksum(papers: Sequence[PaperEntry]) -> dict[str, PaperEntry]:
    """The papers by the checksum of their file. A paper not indexed yet has none recorded
    (the bundled paper, as a new library holds it): its file's is read now, so that adding
    a copy of it ("posenqa add corpus/") finds that paper, not a clash of names."""
    from posenqa.parsing import file_sha256

    held: dict[str, PaperEntry] = {}
    for paper in papers:
        sha = paper.sha256
        if sha is None:
            with contextlib.suppress(OSError):
                sha = file_sha256(Path(paper.source))
        if sha is not None:
            held.setdefault(sha, paper)
    return held


def _copy_of(paper: PaperEntry | None, path: Path) -> bool:
    """Whether ``path`` is a copy of ``paper`` (same bytes, found by checksum): another file,
    while ``paper``'s own is still there (a paper whose file is gone is moved, not copied:
    adding its new place records that place)."""
    return paper is not None and paper.source != str(path) and Path(paper.source).is_file()


def _index(
    root: Path,
    job: _Job,
    prepared: Prepared,
    embedder: Embedder,
    plan: ThreadPlan,
    progress: Callable[[Path, int, int], None] | None,
) -> Added:
    """Embed and write one prepared paper's index; what adding it did."""
    name = index_name(job.path)

    def step(done: int, total: int) -> None:
        if progress is not None:
            progress(job.path, done, total)

    with _threads(embedder, plan.embed_threads), lock(root, name):
        build_index(
            root, name, job.path, prepared.document, prepared.passages, job.key, embedder,
            progress=step,
        )  # fmt: skip
    _keep_works(root, name, prepared.document)
    sha = job.key.document_sha256 or prepared.document.sha256
    return settle(
        job.existing, job.path, prepared.document, len(prepared.passages), sha, rebuilt=True
    )


def _keep_works(root: Path, paper_id: str, document: Document) -> None:
    """Compute the paper's works cited now and keep them (``library.works_cache``): ~0.1 s a
    paper here, its references just resolved for its index, against ~0.1 s a paper at
    the first ``cite --list`` or ctrl+l of a library of thousands, all at once."""
    from posenqa.library.works_cache import paper_works

    # A cache: a paper whose works cannot be computed now is added all the same, and
    # listing the works computes them again and says what is wrong.
    with contextlib.suppress(Exception):
        paper_works(root, paper_id, document)


@contextlib.contextmanager
def _threads(embedder: Any, threads: int) -> Iterator[None]:
    """The embedder's batch threads set to ``threads`` (when it has that setting)."""
    if not threads or not hasattr(embedder, "build_threads"):
        yield
        return
    before = embedder.build_threads
    embedder.build_threads = threads
    try:
        yield
    finally:
        embedder.build_threads = before


def _prepared(
    jobs: Sequence[_Job],
    settings: Settings,
    parse: Callable[[Path], Document] | None,
    plan: ThreadPlan,
) -> Iterator[Prepared | Failure]:
    """Each job's file parsed and cut into passages, in the jobs' order.

    With workers, a few files are parsed ahead of the embedder (twice the
    workers, plus one), not all of them: parsed papers waiting in memory for an
    embedder that is slower than the parser would otherwise pile up. A worker
    that dies (killed by the system) costs its file only
    (:func:`posenqa.library.workers.run_ordered`).
    """
    if plan.workers == 0:
        for job in jobs:
            yield prepare(job.path, settings.passages, parse)
        return
    from posenqa.library.workers import Lost, run_ordered

    sent = None if parse is None else parser_name(parse)
    tasks = [(job.path, settings.passages, sent) for job in jobs]
    results = run_ordered(
        prepare, tasks, workers=plan.workers, ahead=2 * plan.workers + 1,
        initializer=single_threaded,
    )  # fmt: skip
    # Closed on the way out, interrupted or not: the workers stop now, not after their files.
    with contextlib.closing(results):
        for job, result in zip(jobs, results, strict=True):
            if isinstance(result, Lost):
                # A worker the system killed (out of memory, often) is that file's failure.
                result = Failure(str(job.path), f"{job.path}: not parsed: {result.reason}")
            yield result


__all__ = ["FLUSH_SECONDS", "Report", "ThreadPlan", "add_files", "cores", "plan_threads"]
