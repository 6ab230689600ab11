"""One file made ready for embedding: parsed and cut into passages (a worker's job).

:mod:`posenqa.library.ingest` runs :func:`prepare` in worker processes while the
embedder works in the main one. This module is light at import time on purpose:
a spawned worker imports it to run :func:`single_threaded` before its first task,
so numpy and the parser must load later, inside the task, after the thread
counts are set.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from posenqa.document import Document
from posenqa.errors import PosenqaError

if TYPE_CHECKING:
    from posenqa.passages import Passage
    from posenqa.settings import PassageSettings

#: The variables numeric libraries read their thread count from.
THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A file parsed and cut into passages, ready to embed."""

    path: Path
    document: Document
    passages: tuple[Passage, ...]


@dataclass(frozen=True, slots=True)
class Failure:
    """A file that could not be added, and why (one line, without the traceback)."""

    file: str
    reason: str


def single_threaded() -> None:
    """A worker's initializer: one thread per worker, and Ctrl-C left to the parent.

    The cores not given to workers belong to the embedder in the main process;
    a worker that started a thread per core would take them back. SIGINT reaches
    every process of the terminal's group: the parent stops the pool itself and
    reports what was added, so a worker must not die with its own traceback.
    """
    for name in THREAD_VARIABLES:
        os.environ[name] = "1"
    signal.signal(signal.SIGINT, signal.SIG_IGN)


#: A parser: a function, or the name of one (``"package.module:function"``), which is
#: how a parser is sent to a worker process.
Parser = Callable[[Path], Document] | str


def parser_name(parse: Callable[[Path], Document]) -> str | None:
    """The name a worker imports ``parse`` by; None for a function defined inside another."""
    qualname = getattr(parse, "__qualname__", "")
    module = getattr(parse, "__module__", None)
    if not module or not qualname or "<" in qualname:  # <locals>, <lambda>
        return None
    return f"{module}:{qualname}"


def prepare(
    path: Path, settings: PassageSettings, parse: Parser | None = None
) -> Prepared | Failure:
    """``path`` parsed (``parse``, default :func:`posenqa.parsing.parse_file`) and cut into
    passages; a :class:`Failure` when it cannot be, so one bad file stops nothing else."""
    from posenqa.passages import make_passages

    try:
        document = _parser(parse)(path)
        passages = tuple(make_passages(document, settings))
    except PosenqaError as exc:
        return Failure(str(path), str(exc))
    except Exception as exc:  # a parser bug on one file must not stop the other files
        return Failure(str(path), f"{path}: cannot be parsed ({type(exc).__name__}: {exc})")
    return Prepared(path, document, passages)


def _parser(parse: Parser | None) -> Callable[[Path], Document]:
    if parse is None:
        from posenqa.parsing import parse_file

        return parse_file
    if callable(parse):
        return parse
    import importlib

    module, _, name = parse.partition(":")
    found: object = importlib.import_module(module)
    for part in name.split("."):
        found = getattr(found, part)
    return found  # type: ignore[return-value]


__all__ = [
    "THREAD_VARIABLES",
    "Failure",
    "Parser",
    "Prepared",
    "parser_name",
    "prepare",
    "single_threaded",
]
