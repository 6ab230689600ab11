"""What an index derives from its passages' text once, at build time: BM25 terms and
sentence counts (so opening an index re-tokenizes and re-splits nothing)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from posenqa.passages import Passage

if TYPE_CHECKING:
    import numpy as np

    from posenqa.settings import TokenizerSettings


@dataclass(frozen=True, slots=True)
class PassageTerms:
    """The BM25 terms of each passage of one paper, as arrays.

    ``ids[offsets[i]:offsets[i + 1]]`` are passage ``i``'s terms, as positions in
    ``vocabulary`` (numbered in order of first occurrence, the order BM25 sums idfs in).
    """

    vocabulary: tuple[str, ...]
    ids: np.ndarray
    """int32 term ids of every passage's terms, passages in order."""
    counts: np.ndarray
    """int32 number of terms of each passage."""

    @property
    def offsets(self) -> np.ndarray:
        """int64, one more than the passages: where each passage's terms start in ``ids``."""
        import numpy as np

        out = np.zeros(len(self.counts) + 1, dtype=np.int64)
        np.cumsum(self.counts, out=out[1:])
        return out

    def lists(self) -> list[list[str]]:
        """Each passage's terms as strings (what ``tokenize`` returned at build time)."""
        offsets = self.offsets.tolist()
        words = [self.vocabulary[i] for i in self.ids.tolist()]
        return [words[offsets[i] : offsets[i + 1]] for i in range(len(self.counts))]


def passage_terms(passages: Sequence[Passage], tokenizer: TokenizerSettings) -> PassageTerms:
    """The BM25 terms of each passage's searchable text."""

    from posenqa.search.tokenize import tokenize

    lists = [tokenize(p.searchable, tokenizer) for p in passages]
    return terms_of(lists)


def terms_of(lists: Sequence[Sequence[str]]) -> PassageTerms:
    """:class:`PassageTerms` of already tokenized passages."""
    import numpy as np

    flat = [term for terms in lists for term in terms]
    vocabulary = {term: i for i, term in enumerate(dict.fromkeys(flat))}
    ids = np.fromiter(map(vocabulary.__getitem__, flat), dtype=np.int32, count=len(flat))
    counts = np.array([len(terms) for terms in lists], dtype=np.int32)
    return PassageTerms(tuple(vocabulary), ids, counts)


def passage_sentences(passages: Sequence[Passage]) -> list[list[str]]:
    """The sentences of each passage's display text, as the best-sentence pick splits them."""
    from posenqa.search.evidence import sentence_spans

    return [[p.text[s:e] for s, e in sentence_spans(p.text)] for p in passages]


def sentence_counts(passages: Sequence[Passage]) -> np.ndarray:
    """int32 number of sentences of each passage (its rows in the sentence vectors)."""
    import numpy as np

    return np.array([len(s) for s in passage_sentences(passages)], dtype=np.int32)


__all__ = ["PassageTerms", "passage_sentences", "passage_terms", "sentence_counts", "terms_of"]
