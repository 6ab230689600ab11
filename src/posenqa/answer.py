"""Question -> answer: where passages, the index on disk and retrieval meet.

``Engine.open`` loads (building when missing, stale or damaged) the index of one
paper; ``Engine.ask`` ranks its passages for a question by BM25, dense
similarity or both fused, keeps overlapping windows of one paragraph from
crowding the top, picks the best sentence of each hit and attaches the notes
it cites. Answers are extractive: nothing is generated.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posenqa.document import Document, Footnote
from posenqa.errors import IndexError_, InputError, QuestionError
from posenqa.passages import Passage, make_passages
from posenqa.paths import BUNDLED_PAPER as DEFAULT_PAPER
from posenqa.paths import default_index_dir
from posenqa.search.bm25 import Bm25Index
from posenqa.search.diversify import diversify
from posenqa.search.evidence import best_spans, coverage
from posenqa.search.fusion import reciprocal_rank_fusion, top, weighted_fusion
from posenqa.search.tokenize import tokenize
from posenqa.settings import DEFAULT_SETTINGS, Settings
from posenqa.store import (
    IndexFormatError,
    IndexKey,
    StoredIndex,
    build_index,
    clear_debris,
    index_name,
    lock,
    passage_sentences,
    read_index,
    read_manifest,
    rewrite_dense,
    stale_reason,
)

if TYPE_CHECKING:
    import numpy as np

    from posenqa.search.dense import DenseIndex
    from posenqa.search.embedder import Embedder

MODES = ("hybrid", "bm25", "dense")
CHECKSUM_CACHE = "model-checksums.json"


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked passage with what is needed to show it."""

    rank: int
    score: float
    passage: Passage
    best_sentence: str
    footnotes: tuple[Footnote, ...]
    """The notes the passage cites, full text (missing ones flagged); empty for a note hit."""
    cited_by: tuple[str, ...]
    """For a note hit: ids of the passages citing the note."""
    best_span: tuple[int, int] = (0, 0)
    """Character span of ``best_sentence`` in the passage text."""
    dense_score: float | None = None
    """Cosine similarity with the question, when the dense ranking was computed."""

    def to_dict(self) -> dict[str, Any]:
        """One element of ``results`` in ``ask --json``."""
        p = self.passage
        return {
            "rank": self.rank,
            "score": round(self.score, 6),
            "kind": p.kind,
            "number": p.number,
            "section": p.section,
            "section_title": p.section_title,
            "page": p.page,
            "last_page": p.last_page,
            "id": p.id,
            "text": p.text,
            "best_sentence": self.best_sentence,
            "notes": list(p.notes),
            "footnotes": [
                {"number": n.number, "text": n.text, "missing": n.missing} for n in self.footnotes
            ],
            "cited_by": list(self.cited_by),
        }


@dataclass(frozen=True, slots=True)
class Answer:
    """The ranked passages for a question, or an abstention that still lists them."""

    question: str
    mode: str
    abstained: bool
    confidence: float
    """Higher is more confident: the top cosine (dense), the share of question terms
    found in the top passage (bm25), or the mean of the two (hybrid)."""
    hits: tuple[Hit, ...]

    def to_dict(self) -> dict[str, Any]:
        """The ``ask --json`` shape."""
        return {
            "question": self.question,
            "mode": self.mode,
            "abstained": self.abstained,
            "confidence": round(self.confidence, 6),
            "results": [h.to_dict() for h in self.hits],
        }


class Engine:
    """Answers questions about one paper from its index."""

    def __init__(
        self,
        stored: StoredIndex,
        *,
        settings: Settings = DEFAULT_SETTINGS,
        model_path: Path | None = None,
        embedder: Embedder | None = None,
        checksum_cache: Path | None = None,
    ) -> None:
        self.document: Document = stored.document
        self.passages: list[Passage] = stored.passages
        self.settings = settings
        self.index_path = stored.path
        self.manifest = stored.manifest
        self.abstain_threshold: float = settings.retrieval.abstain_threshold
        self.bm25_abstain_threshold: float = settings.retrieval.bm25_abstain_threshold
        self.dense_abstain_threshold: float = settings.retrieval.dense_abstain_threshold
        self._stored = stored
        #: Where the engine says what it repaired (``Engine.open``'s ``log``).
        self.log: Callable[[str], None] = lambda _message: None
        self._model_path = model_path
        self._checksum_cache = checksum_cache
        self._embedder = embedder
        self._dense: DenseIndex | None = None
        self._dense_lock = threading.Lock()
        r = settings.retrieval
        self._bm25 = Bm25Index(
            [p.searchable for p in self.passages], settings.tokenizer, k1=r.bm25_k1, b=r.bm25_b
        )
        self._by_id = {p.id: p for p in self.passages}
        citing: dict[int, list[str]] = {}
        for p in self.passages:
            for n in p.notes:
                citing.setdefault(n, []).append(p.id)
        self._cited_by = {n: tuple(ids) for n, ids in citing.items()}
        # Row ranges of each passage's sentences in the stored sentence vectors.
        self._sentence_rows: dict[str, tuple[int, int]] = {}
        row = 0
        for p, sentences in zip(self.passages, passage_sentences(self.passages), strict=True):
            self._sentence_rows[p.id] = (row, row + len(sentences))
            row += len(sentences)

    # -- opening and building -------------------------------------------------

    @classmethod
    def open(
        cls,
        paper: str | Path = DEFAULT_PAPER,
        *,
        index_root: str | Path | None = None,
        model: str | None = None,
        embedder: Embedder | None = None,
        progress: Callable[[int, int], None] | None = None,
        log: Callable[[str], None] | None = None,
        settings: Settings | None = None,
        rebuild: bool = False,
        parse: Callable[[Path], Document] | None = None,
    ) -> Engine:
        """Open the index of ``paper`` (a file, or the name of an index under ``index_root``,
        by default :func:`posenqa.paths.default_index_dir`).

        Builds the index when it is missing, stale or damaged (or ``rebuild``),
        saying why through ``log``. BM25 works at once; the embedder is loaded
        on the first dense or hybrid question (or by :meth:`load_dense`).
        ``parse`` replaces ``posenqa.parsing.parse_file`` (e.g. for a parser of another format).
        """
        from posenqa.parsing import PARSER_VERSION, file_sha256
        from posenqa.search.embedder import model_checksum, resolve_model_path

        settings = settings or DEFAULT_SETTINGS
        say = log or (lambda _message: None)
        root = Path(index_root) if index_root is not None else default_index_dir()
        source, name = _locate(paper, root)
        clear_debris(root, name)
        cache = root / CHECKSUM_CACHE
        model_path = None
        if embedder is not None:
            checksum = embedder.checksum
        else:
            model_path = resolve_model_path(model)
            checksum = model_checksum(model_path, cache)
        key = IndexKey(
            document_sha256=file_sha256(source) if source is not None else None,
            parser_version=PARSER_VERSION,
            model_checksum=checksum,
            settings=settings.index_dict(),
        )

        def usable() -> tuple[StoredIndex | None, str]:
            if rebuild:
                return None, ""
            try:
                stored = read_index(root / name)
            except IndexFormatError as exc:
                return None, f"index is stale ({exc})"
            except IndexError_ as exc:
                if not (root / name).exists():
                    return None, "no index yet"
                return None, f"index is damaged ({exc})"
            reason = stale_reason(stored.manifest, key)
            return (None, f"index is stale ({reason})") if reason else (stored, "")

        stored, _ = usable()
        if stored is None:
            with lock(root, name):
                # Another process may have built it while we waited for the lock.
                stored, why = usable()
                if stored is None:
                    if source is None:
                        raise IndexError_(f"{why}, and the source of {name!r} is not available")
                    say(f"{why}; building the index of {source.name}".lstrip("; "))
                    # Parse first: a broken file is reported before seconds of model loading.
                    document = (parse or _parse_file)(source)
                    if embedder is None:
                        from posenqa.search.embedder import load_embedder

                        embedder = load_embedder(model_path, cache)
                    passages = make_passages(document, settings.passages)
                    build_index(
                        root, name, source, document, passages, key, embedder, progress=progress
                    )
                    stored = read_index(root / name)
        engine = cls(
            stored,
            settings=settings,
            model_path=model_path,
            embedder=embedder,
            checksum_cache=cache,
        )
        engine.log = say
        return engine

    # -- dense side, loaded lazily --------------------------------------------

    def load_dense(self) -> None:
        """Load the embedder and the faiss index now (the TUI calls this in a worker)."""
        from posenqa.search.dense import DenseIndex

        with self._dense_lock:
            if self._dense is not None and self._embedder is not None:
                return
            if self._embedder is None:
                from posenqa.search.embedder import load_embedder

                self._embedder = load_embedder(self._model_path, self._checksum_cache)
            try:
                dense = DenseIndex.read(self._stored.faiss_path)
            except IndexError_ as exc:
                # Its checksum matched, yet faiss cannot read it (tampered, or written by
                # another faiss); it is derived from the verified vectors: rebuild it.
                self.log(f"{exc}; rebuilding it from the index's vectors")
                dense = DenseIndex.build(self._stored.embeddings)
                with contextlib.suppress(IndexError_):  # a read-only index still answers
                    rewrite_dense(self._stored.path, dense.write)
            if dense.size != len(self.passages) or dense.dim != self._embedder.dim:
                raise IndexError_(
                    f"{self._stored.faiss_path}: {dense.size} vectors of dimension {dense.dim}, "
                    f"expected {len(self.passages)} of {self._embedder.dim}"
                )
            self._dense = dense

    def _dense_parts(self) -> tuple[Embedder, DenseIndex]:
        self.load_dense()
        if self._embedder is None or self._dense is None:
            raise IndexError_("the dense index could not be loaded")
        return self._embedder, self._dense

    @property
    def dense_ready(self) -> bool:
        """Whether dense and hybrid questions can be answered without loading anything."""
        return self._dense is not None and self._embedder is not None

    # -- asking -----------------------------------------------------------------

    def ask(self, question: str, *, k: int = 5, mode: str = "hybrid") -> Answer:
        """The ``k`` best passages for ``question``; QuestionError for an unusable question."""
        question = self.check_question(question)
        if mode not in MODES:
            raise QuestionError(f"unknown mode {mode!r} (choose from {', '.join(MODES)})")
        if k < 1:
            raise QuestionError(f"k must be at least 1, got {k}")
        r = self.settings.retrieval
        ids = [p.id for p in self.passages]
        runs: list[dict[str, float]] = []
        cosines: dict[str, float] = {}
        query_vector = None
        if mode in ("bm25", "hybrid"):
            scores = self._bm25.scores(question)
            runs.append({i: float(s) for i, s in zip(ids, scores, strict=True) if s > 0})
        if mode in ("dense", "hybrid"):
            embedder, dense = self._dense_parts()
            query_vector = embedder.encode([question])[0]
            # An exact index ranks every passage; a graph index (large corpora)
            # only its nearest, which is all fusion needs from it.
            values, positions = dense.search(query_vector, None if dense.exact else 100 + 10 * k)
            cosines = {ids[int(i)]: float(v) for v, i in zip(values, positions, strict=True)}
            runs.append(cosines)
        if mode == "hybrid":
            if r.fusion == "weighted":
                fused = weighted_fusion(runs, [1 - r.dense_weight, r.dense_weight])
            else:
                fused = reciprocal_rank_fusion(runs, k=r.rrf_k)
        else:
            fused = runs[0]
        ranked = [doc for doc, _ in top(fused)]
        if r.diversify:
            chosen = diversify(ranked, {i: self._by_id[i].block_ids for i in ranked}, k)
        else:
            chosen = ranked[:k]
        tok = self.settings.tokenizer
        q_terms = tokenize(question, tok)
        hits = self._hits(chosen, fused, cosines, q_terms, query_vector)
        top_text = hits[0].passage.searchable if hits else ""
        if mode == "bm25":
            confidence = coverage(q_terms, top_text, self._bm25.weight, tok)
            abstained = confidence < self.bm25_abstain_threshold
        elif mode == "dense":
            confidence = max(cosines.values(), default=0.0)
            abstained = confidence < self.dense_abstain_threshold
        else:
            confidence = max(cosines.values(), default=0.0)
            if mode == "hybrid":
                # The top cosine alone separates answerable from unanswerable questions
                # poorly; averaging in the share of question terms the top passage holds
                # separated them better on the gold dev half (evals/README.md).
                confidence = (confidence + coverage(q_terms, top_text, self._bm25.weight, tok)) / 2
            abstained = confidence < self.abstain_threshold
        return Answer(question, mode, abstained or not hits, confidence, tuple(hits))

    def check_question(self, question: str) -> str:
        """The question with white space normalized; QuestionError when unusable."""
        return check_question(question, self.settings.retrieval.max_question_chars)

    def passage(self, passage_id: str) -> Passage | None:
        """The passage with this id, or None."""
        return self._by_id.get(passage_id)

    def _hits(
        self,
        chosen: Sequence[str],
        fused: dict[str, float],
        cosines: dict[str, float],
        q_terms: list[str],
        query_vector: np.ndarray | None,
    ) -> list[Hit]:
        passages = [self._by_id[pid] for pid in chosen]
        spans = self._best_spans(passages, q_terms, query_vector)
        hits = []
        for rank, (p, span) in enumerate(zip(passages, spans, strict=True), start=1):
            footnotes = tuple(n for n in map(self.document.footnote, p.notes) if n is not None)
            cited_by = self._cited_by.get(p.number, ()) if p.number is not None else ()
            hits.append(
                Hit(
                    rank=rank,
                    score=float(fused[p.id]),
                    passage=p,
                    best_sentence=p.text[span[0] : span[1]],
                    footnotes=footnotes,
                    cited_by=tuple(cited_by),
                    best_span=span,
                    dense_score=cosines.get(p.id),
                )
            )
        return hits

    def _best_spans(
        self, passages: Sequence[Passage], q_terms: list[str], query_vector: np.ndarray | None
    ) -> list[tuple[int, int]]:
        """Each passage's best sentence; with a query vector, the cosines of the sentences'
        vectors (embedded once, at build time) count too."""
        texts = [p.text for p in passages]
        similarities = None
        if query_vector is not None and self.settings.retrieval.best_sentence_dense:
            vectors = self._stored.sentence_embeddings
            similarities = [
                (vectors[slice(*self._sentence_rows[p.id])] @ query_vector).tolist()
                for p in passages
            ]
        return best_spans(texts, q_terms, self._bm25.weight, self.settings.tokenizer, similarities)


def check_question(
    question: str, limit: int = DEFAULT_SETTINGS.retrieval.max_question_chars
) -> str:
    """The question with white space normalized; QuestionError when empty or absurdly long."""
    if not isinstance(question, str) or not question.strip():
        raise QuestionError("the question is empty")
    question = " ".join(question.split())
    if len(question) > limit:
        raise QuestionError(
            f"the question is too long ({len(question)} characters; at most {limit})"
        )
    return question


def _parse_file(path: Path) -> Document:
    from posenqa.parsing import parse_file

    return parse_file(path)


def _locate(paper: str | Path, root: Path) -> tuple[Path | None, str]:
    """The source file (None when only an index is left) and the index name for ``paper``."""
    path = Path(paper)
    if path.is_file():
        return path, index_name(path)
    if path.exists():
        raise InputError(f"{path}: not a file")
    if isinstance(paper, str) and "/" not in paper and (root / paper).is_dir():
        source = read_manifest(root / paper).get("source")
        if source and Path(source).is_file():
            return Path(source), paper
        return None, paper
    raise InputError(f"{paper}: no such file, and no index of that name under {root}")


__all__ = ["MODES", "Answer", "Engine", "Hit", "check_question"]
