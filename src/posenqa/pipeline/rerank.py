"""Stage 3, rerank: a cross-encoder rereads the first stage's best candidates.

Which candidates it reads (the pool) and how its scores reorder them are pure
functions; the scoring itself is :class:`posenqa.search.rerank.CrossEncoder`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from posenqa.passages import FOOTNOTE, Passage
from posenqa.pipeline.answer_type import SOURCE, wanted_type
from posenqa.pipeline.judge import sigmoid
from posenqa.search.diversify import diversify
from posenqa.search.fusion import min_max, ranks
from posenqa.settings import RERANK_METHODS


class Scorer(Protocol):
    """What the stage needs from a cross-encoder: one logit per passage text."""

    def scores(self, question: str, passages: Sequence[str]) -> list[float]: ...


def candidate_pool(
    ranked: Sequence[str], extra: Sequence[str], depth: int, n_extra: int
) -> list[str]:
    """The first ``depth`` of ``ranked``, then the first ``n_extra`` of ``extra`` not yet in.

    ``extra`` is another ranker's order (dense, sentences): its best candidates reach
    the reranker even when fusion ranked them below ``depth``. An extra may be another
    window of a paragraph already in the pool: the reranked order is diversified
    afterwards (:func:`one_per_block`), so the cross-encoder picks the paragraph's window.
    """
    pool = list(dict.fromkeys(ranked[:depth]))
    added = 0
    for doc in extra:
        if added >= n_extra:
            break
        if doc not in pool:
            pool.append(doc)
            added += 1
    return pool


def one_per_block(
    ranked: Sequence[tuple[str, float, float | None]],
    blocks_of: Mapping[str, Sequence[str]] | None,
) -> list[tuple[str, float, float | None]]:
    """``(id, score, logit)`` rows in order, keeping the best of passages sharing a block."""
    if blocks_of is None:
        return list(ranked)
    kept = set(diversify([row[0] for row in ranked], blocks_of))
    return [row for row in ranked if row[0] in kept]


def reorder(pool: Sequence[str], logits: Sequence[float]) -> list[tuple[str, float]]:
    """``pool`` by descending logit; ties keep the first stage's order."""
    if len(pool) != len(logits):
        raise ValueError(f"{len(pool)} candidates but {len(logits)} scores")
    scored = sorted(enumerate(zip(pool, logits, strict=True)), key=lambda t: (-t[1][1], t[0]))
    return [pair for _, pair in scored]


def combine(
    pool: Sequence[str],
    logits: Sequence[float],
    first: Sequence[float],
    method: str = "replace",
    weight: float = 1.0,
    rrf_k: int = 60,
) -> list[tuple[str, float]]:
    """``pool`` reordered by the cross-encoder, as ``(id, final score)`` best first.

    ``first`` holds each candidate's first-stage (fused) score. ``replace`` ranks by
    logit alone; ``interp`` by ``weight * logit' + (1 - weight) * first'``, each
    min-max scaled over the pool (:func:`interpolate`); ``rrf`` by a weighted
    reciprocal-rank fusion of the two orders (:func:`rank_fusion`). Ties keep the
    first stage's order.
    """
    if not len(pool) == len(logits) == len(first):
        raise ValueError(f"{len(pool)} candidates but {len(logits)} logits, {len(first)} scores")
    if method == "replace":
        return reorder(pool, logits)
    if method == "interp":
        return reorder(pool, interpolate(logits, first, weight))
    if method == "rrf":
        return reorder(pool, rank_fusion(logits, first, weight, rrf_k))
    raise ValueError(f"unknown rerank method {method!r} (choose from {', '.join(RERANK_METHODS)})")


def scale(values: Sequence[float]) -> list[float]:
    """Min-max scaling to [0, 1] (:func:`posenqa.search.fusion.min_max`, over a list)."""
    return list(min_max(dict(enumerate(values))).values())


def interpolate(logits: Sequence[float], first: Sequence[float], weight: float) -> list[float]:
    """``weight * scaled logit + (1 - weight) * scaled first-stage score``, per candidate.

    Both are min-max scaled over the pool, so the weight trades the two orders'
    spreads, not their units (a logit spans ~20, an RRF score ~0.02).
    """
    return [weight * a + (1 - weight) * b for a, b in zip(scale(logits), scale(first), strict=True)]


def rank_fusion(
    logits: Sequence[float], first: Sequence[float], weight: float, k: int = 60
) -> list[float]:
    """``weight / (k + logit rank) + (1 - weight) / (k + first-stage rank)``, per candidate.

    Ranks are 1-based, by descending value, ties by position (the first stage's order).
    """
    by_logit, by_first = ranks(dict(enumerate(logits))), ranks(dict(enumerate(first)))
    return [
        weight / (k + by_logit[i]) + (1 - weight) / (k + by_first[i]) for i in range(len(logits))
    ]


def wants_source(question: str) -> bool:
    """Whether ``question`` asks for a cited work or note (:mod:`posenqa.pipeline.answer_type`)."""
    return wanted_type(question) == SOURCE


def cross_text(passage: Passage, source: bool, note_context: bool = False) -> str:
    """What the cross-encoder reads of ``passage`` for a question that asks for a
    source (``source``) or not.

    A note passage is indexed with the sentence that cites it, so that a question
    about the claim finds the note. Read that way, a note whose body is a bare
    reference ("Friedman, 'Japan Now and the United States Then.'") scores as if it
    stated its citing sentence, and outranks the paragraph that does, although the
    answer shows only the body. So unless the question asks for a source (or
    ``note_context``), a note is read by its body alone; the paragraph is read as
    indexed.
    """
    if passage.kind == FOOTNOTE and not (source or note_context):
        return passage.text
    return passage.searchable


def paper_of(passage_id: str) -> str:
    """The paper part of a passage id: "" for a single paper's ("p0031"), the library's
    paper id for a merged library's ("smith2001:p0031")."""
    return passage_id.rpartition(":")[0]


def cited_note_passages(passages: Sequence[Passage]) -> dict[str, tuple[str, ...]]:
    """Body passage id -> the ids of the note passages among ``passages`` it cites, in
    marker order.

    A note belongs to its own paper's passages (:func:`paper_of`). A note number can
    repeat within a paper where numbering restarts (court opinions, appendices): then
    the note printed on the citing passage's page or the nearest after it is taken,
    else the nearest before it.
    """
    by_number: dict[tuple[str, int], list[Passage]] = {}
    for p in passages:
        if p.kind == FOOTNOTE and p.number is not None:
            by_number.setdefault((paper_of(p.id), p.number), []).append(p)
    out: dict[str, tuple[str, ...]] = {}
    for p in passages:
        if p.kind == FOOTNOTE or not p.notes:
            continue
        page = p.page or 0  # an unknown page: the first note of that number
        ids = []
        for number in p.notes:
            notes = by_number.get((paper_of(p.id), number), [])
            if notes:
                after = [n for n in notes if (n.page or 0) >= page]
                nearest = min if after else max
                ids.append(nearest(after or notes, key=lambda n: n.page or 0))
        if ids:
            out[p.id] = tuple(dict.fromkeys(n.id for n in ids))
    return out


def wants_full_reference(question: str) -> bool:
    """Whether ``question`` asks for a work's full reference, not just which work."""
    return _FULL_REFERENCE.search(question) is not None


_FULL_REFERENCE = re.compile(
    r"\b(full|complete|whole)\s+(bibliographic\s+)?(reference|citation|details)\b|"
    r"\bbibliographic\b",
    re.IGNORECASE,
)


def full_reference_notes(
    passages: Sequence[Passage], full_of: Mapping[int, Sequence[int]]
) -> dict[str, tuple[str, ...]]:
    """Note passage id -> the ids of the note passages among ``passages`` that hold the
    full references of its short forms (``full_of``: note number -> those notes' numbers,
    from the paper's resolved references; a note with a full reference of its own is
    left out of it). A single paper's only: a merged library's note numbers repeat."""
    ids = {p.number: p.id for p in passages if p.kind == FOOTNOTE and p.number is not None}
    out: dict[str, tuple[str, ...]] = {}
    for number, short in ids.items():
        full = [ids[n] for n in full_of.get(number, ()) if n in ids and n != number]
        if full:
            out[short] = tuple(dict.fromkeys(full))
    return out


def notes_before_citers(
    pairs: Sequence[tuple[str, float]], notes_of: Mapping[str, Sequence[str]]
) -> list[tuple[str, float]]:
    """``pairs`` with each note passage moved just ahead of the first passage citing it.

    ``notes_of`` maps a body passage's id to the ids of the note passages it cites (and
    a note's to the notes holding its short forms' full references, which then go
    ahead of it in turn).
    For a question that asks for a source, the note holds the answer (the work) while
    the paragraph holds the claim; the cross-encoder reads both as about the claim and
    often puts the paragraph first. Notes not in ``pairs`` stay out; notes cited by
    one passage keep their order among themselves; every other row keeps its place
    relative to the rest.

    A moved note is ranked by the passage it goes ahead of, so it takes that passage's
    score (:func:`notes_placed` tells which): the list stays ordered by its scores, and
    the note's relevance is its citer's, the chance that the claim asked about is the
    one its marker stands on.
    """
    return notes_first(pairs, notes_of)[0]


def notes_placed(
    pairs: Sequence[tuple[str, float]], notes_of: Mapping[str, Sequence[str]]
) -> dict[str, str]:
    """Note passage id -> the id of the row whose score it takes, for each note of
    ``pairs`` that :func:`notes_before_citers` moves: the passage citing it, or for a
    full reference's note moved ahead of a short form's, the passage that note goes
    ahead of (the short form's note itself where that one stays in its place)."""
    return notes_first(pairs, notes_of)[1]


def notes_first(
    pairs: Sequence[tuple[str, float]], notes_of: Mapping[str, Sequence[str]]
) -> tuple[list[tuple[str, float]], dict[str, str]]:
    """:func:`notes_before_citers` and :func:`notes_placed` of ``pairs`` from one pass
    (the engine needs both for each source question)."""
    where = {i: n for n, (i, _) in enumerate(pairs)}
    out: list[tuple[str, float]] = []
    placed: set[str] = set()
    moved: dict[str, str] = {}

    def place(n: int, score: float, citer: str | None) -> None:
        i = pairs[n][0]
        placed.add(i)
        if citer is not None:
            moved[i] = citer
        for m in sorted(where[note] for note in notes_of.get(i, ()) if where.get(note, -1) > n):
            if pairs[m][0] not in placed:
                # a note may in turn point at a note (a short form at its full one)
                place(m, score, citer or i)
        out.append((i, score))

    for n, (i, score) in enumerate(pairs):
        if i not in placed:
            place(n, score, None)
    return out, moved


def sentence_windows(sentences: Sequence[str], size: int, whole: str) -> list[str]:
    """What the cross-encoder rereads of a passage: every run of ``size`` consecutive
    ``sentences`` (stride 1), or ``[whole]`` (its indexed text) when it has no more."""
    if size < 1:
        raise ValueError(f"a window holds at least one sentence, got {size}")
    if len(sentences) <= size:
        return [whole]
    return [" ".join(sentences[i : i + size]) for i in range(len(sentences) - size + 1)]


def reread(
    pairs: Sequence[tuple[str, float]], logits: Sequence[float], windows: Sequence[float]
) -> list[tuple[str, float]]:
    """``pairs`` with its first ``len(windows)`` reordered by what a second reading says.

    ``logits[j]`` is ``pairs[j]``'s passage logit and ``windows[j]`` its best window's
    logit (:func:`sentence_windows`); the head is reordered by their mean, which becomes
    its score, and the rest of ``pairs`` keeps its order and scores after it. A passage
    whose answer is one or two sentences among others on other things reads weaker
    whole than its best window does; the mean keeps the whole passage's say. Ties keep
    the order of ``pairs``.
    """
    if len(logits) != len(windows) or len(windows) > len(pairs):
        raise ValueError(f"{len(logits)} logits and {len(windows)} window logits")
    head = [
        (i, (logit + window) / 2)
        for (i, _), logit, window in zip(pairs, logits, windows, strict=False)
    ]
    return reorder([i for i, _ in head], [v for _, v in head]) + list(pairs[len(windows) :])


def reread_settled(
    pairs: Sequence[tuple[str, float]], top: int, window: Callable[[str], float]
) -> list[tuple[str, float]]:
    """:func:`reread` of ``pairs`` (ordered by logit, their scores) from its first ``top``
    on, going on down the list while the next passage's logit beats a reread one's mean.

    ``window(i)`` is passage ``i``'s best window's logit, asked only of the passages
    reread. A reread passage whose best window reads weaker than its whole falls to its
    mean; a passage below it whose logit beats that mean is reread too, so that no
    passage is ranked below one it beats unread. The list is then ordered by one score
    (the mean where reread, else the logit), the one its relevance calibrates
    (:func:`relevance`).
    """
    n = min(top, len(pairs))
    windows = [window(i) for i, _ in pairs[:n]]
    means = [(v + w) / 2 for (_, v), w in zip(pairs, windows, strict=False)]
    while n < len(pairs) and means and pairs[n][1] > min(means):
        windows.append(window(pairs[n][0]))
        means.append((pairs[n][1] + windows[-1]) / 2)
        n += 1
    return reread(pairs, [v for _, v in pairs[:n]], windows)


def relevance(score: float, scale: float, shift: float) -> float:
    """The calibrated probability (0..1) that a passage answers: Platt scaling of the
    score it was ranked by, a logit (its passage logit, or the mean of that and its best
    window's, :func:`reread`; a note moved ahead of its citer, the citer's,
    :func:`notes_before_citers`)."""
    return sigmoid(scale * score + shift)


__all__ = [
    "Scorer",
    "candidate_pool",
    "cited_note_passages",
    "combine",
    "cross_text",
    "full_reference_notes",
    "interpolate",
    "notes_before_citers",
    "notes_first",
    "notes_placed",
    "one_per_block",
    "paper_of",
    "rank_fusion",
    "relevance",
    "reorder",
    "reread",
    "reread_settled",
    "scale",
    "sentence_windows",
    "wants_full_reference",
    "wants_source",
]
