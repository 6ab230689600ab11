"""Why a passage answers: its best sentence, and how much of the question it covers.

Pure functions. A term's weight comes from the BM25 index (its idf, or for a
word the paper never uses, the idf of the rarest word), so rare question words
count for more than common ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from posenqa.search.tokenize import tokenize
from posenqa.sentences import split_spans
from posenqa.settings import TokenizerSettings

Weight = Callable[[str], float]


def coverage(
    q_terms: Sequence[str], text: str, weight: Weight, tokenizer: TokenizerSettings | None = None
) -> float:
    """The weighted share of the question's distinct terms that occur in ``text`` (0 to 1)."""
    wanted = set(q_terms)
    total = sum(weight(t) for t in wanted)
    if total <= 0:
        return 0.0
    found = wanted.intersection(tokenize(text, tokenizer))
    return sum(weight(t) for t in found) / total


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentence spans of ``text``; the whole text when it has none."""
    return split_spans(text) or [(0, len(text))]


def best_spans(
    texts: Sequence[str],
    q_terms: Sequence[str],
    weight: Weight,
    tokenizer: TokenizerSettings | None = None,
    similarities: Sequence[Sequence[float]] | None = None,
) -> list[tuple[int, int]]:
    """For each text, the span of its sentence that best matches the question.

    A sentence scores its :func:`coverage` of the question's terms, plus its
    cosine with the question when ``similarities`` gives one per sentence of
    :func:`sentence_spans`. Ties go to the earlier sentence.
    """
    chosen = []
    for i, text in enumerate(texts):
        spans = sentence_spans(text)
        scores = [coverage(q_terms, text[s:e], weight, tokenizer) for s, e in spans]
        if similarities is not None and len(similarities[i]) == len(spans):
            scores = [a + float(b) for a, b in zip(scores, similarities[i], strict=True)]
        best = 0
        for j, score in enumerate(scores):
            if score > scores[best]:
                best = j
        chosen.append(spans[best])
    return chosen


__all__ = ["best_spans", "coverage", "sentence_spans"]
