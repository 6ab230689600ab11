"""The works cited across the library: the same work cited by several papers listed once.

Two papers' references are the same work when their authors' surnames, year and
title agree after normalization (case, accents, punctuation and a leading
article ignored). References without a title or without authors, and
unresolved short forms, are not merged: too little is known to say that two
papers mean the same work, so each stays its paper's own entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from posenqa.library.registry import PaperEntry
from posenqa.references.model import Reference, Work
from posenqa.references.names import surname_key, title_words


@dataclass(frozen=True, slots=True)
class CitingPaper:
    """One paper citing a work, with where (notes and pages) it does."""

    paper: PaperEntry
    work: Work
    """The work as that paper cites it (its key, reference and places)."""


@dataclass(frozen=True, slots=True)
class LibraryWork:
    """A distinct work cited in the library, with every paper that cites it."""

    reference: Reference
    """The reference as the first citing paper (in library order) gives it."""
    cited_by: tuple[CitingPaper, ...]

    def to_dict(self) -> dict[str, Any]:
        """One entry of ``cite --list --json`` across the library."""
        return {
            "key": self.cited_by[0].work.key,
            "reference": self.reference.to_dict(),
            "papers": [
                {
                    "paper": c.paper.info(),
                    "key": c.work.key,
                    "cited_in": [place.to_dict() for place in c.work.cited_in],
                }
                for c in self.cited_by
            ],
        }


def work_identity(ref: Reference) -> tuple[Any, ...] | None:
    """What makes two papers' references one work; None when too little is known."""
    if ref.unresolved or not ref.authors or not ref.title:
        return None
    surnames = tuple(surname_key(a) for a in ref.authors)
    return (surnames, ref.year, tuple(title_words(ref.title)))


def merge_works(papers: Sequence[tuple[PaperEntry, Sequence[Work]]]) -> list[LibraryWork]:
    """One entry per distinct work, in order of first citation paper by paper."""
    merged: dict[object, list[CitingPaper]] = {}
    for paper, works in papers:
        for work in works:
            identity = work_identity(work.reference)
            key = identity if identity is not None else (paper.id, work.key)
            merged.setdefault(key, []).append(CitingPaper(paper, work))
    return [LibraryWork(citing[0].work.reference, tuple(citing)) for citing in merged.values()]


__all__ = ["CitingPaper", "LibraryWork", "merge_works", "work_identity"]
