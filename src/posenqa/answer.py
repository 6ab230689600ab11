"""Question -> answer: where the index, the models and the ranking pipeline meet.

``Engine.open`` loads (building when missing, stale or damaged) the index of one
paper; ``Engine.ask`` runs the stages of :mod:`posenqa.pipeline` on a question:
retrieve (BM25, dense), fuse, rerank (a cross-encoder rereads the best
candidates, by default when it is installed), judge (does the paper answer?)
and explain (best sentence, notes). Answers are extractive: nothing is generated.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from posenqa.document import Document, Footnote
from posenqa.errors import IndexError_, InputError, ModelError, QuestionError
from posenqa.passages import Passage, make_passages
from posenqa.paths import BUNDLED_PAPER as DEFAULT_PAPER
from posenqa.paths import default_index_dir
from posenqa.pipeline.explain import Answer, Hit, make_hits
from posenqa.pipeline.fuse import fuse, order
from posenqa.pipeline.judge import (
    Features,
    cited_notes,
    features,
    first_stage_confidence,
    judge,
)
from posenqa.pipeline.modes import MODES
from posenqa.pipeline.rerank import (
    Scorer,
    candidate_pool,
    cited_note_passages,
    combine,
    cross_text,
    full_reference_notes,
    notes_first,
    one_per_block,
    paper_of,
    relevance,
    reread_settled,
    sentence_windows,
    wants_full_reference,
    wants_source,
)
from posenqa.pipeline.retrieve import RANKERS, retrieve, sentence_scores
from posenqa.search.backend import SearchBackend
from posenqa.search.embedded import EmbeddedBackend
from posenqa.search.evidence import best_spans, coverage, sentence_spans
from posenqa.search.stored import VectorSearch, keyword_scores, paper_passages
from posenqa.search.tokenize import tokenize
from posenqa.settings import DEFAULT_SETTINGS, Settings, default_settings
from posenqa.store import (
    IndexKey,
    StoredIndex,
    build_index,
    clear_debris,
    index_name,
    open_index,
    read_manifest,
    rewrite_dense,
)

if TYPE_CHECKING:
    import numpy as np

    from posenqa.search.dense import DenseIndex
    from posenqa.search.embedder import Embedder

CHECKSUM_CACHE = "model-checksums.json"


class Engine:
    """Answers questions about one paper from its index.

    Its first stage asks a :class:`~posenqa.search.backend.SearchBackend`: by
    default the embedded one over this paper alone; a library's engine is given
    one over all its papers (:mod:`posenqa.library.engine`).
    """

    #: How many BM25 candidates the first stage asks for (None: every passage with a
    #: question term) and whether the dense side may rank every passage when its index
    #: is exact (else only the ``nearest`` the pipeline reads).
    keyword_limit: int | None = None
    rank_every_vector: bool = True

    def __init__(
        self,
        stored: StoredIndex,
        *,
        settings: Settings | None = None,
        model_path: Path | None = None,
        embedder: Embedder | None = None,
        checksum_cache: Path | None = None,
        reranker: Scorer | None = None,
        reranker_dir: Path | None = None,
        log: Callable[[str], None] | None = None,
        backend: SearchBackend | None = None,
    ) -> None:
        """``backend`` None: the embedded backend over this index's passages."""
        settings = settings or default_settings()
        self.document: Document = stored.document
        self.passages: list[Passage] = stored.passages
        self.settings = settings
        self.index_path = stored.path
        self.manifest = stored.manifest
        #: The paper's saved references, for ``references.works_cited(doc, saved)`` and kin.
        self.references = stored.references
        # Thresholds as attributes: ``posenqa eval --threshold`` overrides them per run.
        self.abstain_threshold: float = settings.retrieval.abstain_threshold
        self.bm25_abstain_threshold: float = settings.retrieval.bm25_abstain_threshold
        self.dense_abstain_threshold: float = settings.retrieval.dense_abstain_threshold
        self.rerank_abstain_threshold: float = settings.judge.abstain_threshold
        self._stored = stored
        #: Where the engine says what it repaired or left out (``Engine.open``'s ``log``).
        self.log: Callable[[str], None] = log or (lambda _message: None)
        self._model_path = model_path
        self._checksum_cache = checksum_cache
        self._embedder = embedder
        self._dense_loaded = False
        self._dense_exact = False
        self._dense_lock = threading.Lock()
        self._reranker = reranker
        self._reranker_dir = reranker_dir
        self._reranker_error: str | None = None
        self._reranker_lock = threading.Lock()
        self._search: SearchBackend = backend or self._own_backend(stored)
        self._ids = [p.id for p in self.passages]
        self._position = {p.id: i for i, p in enumerate(self.passages)}
        self._by_id = {p.id: p for p in self.passages}
        self._blocks = {p.id: p.block_ids for p in self.passages}
        citing: dict[int, list[str]] = {}
        for p in self.passages:
            for n in p.notes:
                citing.setdefault(n, []).append(p.id)
        self._cited_by = {n: tuple(ids) for n, ids in citing.items()}
        # Row ranges of each passage's sentences in the stored sentence vectors
        # (counted at build time: opening splits no sentence).
        self._sentence_rows: dict[str, tuple[int, int]] = {}
        row = 0
        for p, count in zip(self.passages, stored.sentence_rows().tolist(), strict=True):
            self._sentence_rows[p.id] = (row, row + count)
            row += count

    def _own_backend(self, stored: StoredIndex) -> EmbeddedBackend:
        """The embedded backend over this index alone (dense: its stored faiss file)."""
        r = self.settings.retrieval
        backend = EmbeddedBackend(
            self.settings.tokenizer,
            k1=r.bm25_k1,
            b=r.bm25_b,
            make_dense=lambda _vectors: self._read_dense(),
        )
        backend.add(paper_passages(stored, stored.path.name or "paper", self.settings))
        return backend

    @property
    def search(self) -> SearchBackend:
        """The backend the first stage asks."""
        return self._search

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
        reranker: Scorer | None = None,
    ) -> Engine:
        """Open the index of ``paper`` (a file, or the name of an index under ``index_root``,
        by default :func:`posenqa.paths.default_index_dir`).

        Builds the index when it is missing, stale or damaged (or ``rebuild``),
        saying why through ``log``. BM25 works at once; the embedder is loaded
        on the first dense or hybrid question (or by :meth:`load_dense`).
        ``parse`` replaces ``posenqa.parsing.parse_file`` (e.g. for a parser of another format);
        ``reranker`` replaces the installed cross-encoder (tests).
        """
        from posenqa.parsing import file_sha256
        from posenqa.search.embedder import index_model_checksum, resolve_model_path

        settings = settings or default_settings()
        say = log or (lambda _message: None)
        root = Path(index_root) if index_root is not None else default_index_dir()
        source, name = _locate(paper, root)
        clear_debris(root, name)
        cache = root / CHECKSUM_CACHE
        model_path = None if embedder is not None else resolve_model_path(model)
        key = IndexKey.current(
            file_sha256(source) if source is not None else None,
            index_model_checksum(embedder, model_path, cache),
            settings,
        )

        def build(why: str, path: Path) -> None:
            nonlocal embedder
            say(f"{why}; building the index of {path.name}".lstrip("; "))
            # Parse first: a broken file is reported before seconds of model loading.
            document = (parse or _parse_file)(path)
            if embedder is None:
                from posenqa.search.embedder import load_embedder

                embedder = load_embedder(model_path, cache)
            passages = make_passages(document, settings.passages)
            build_index(root, name, path, document, passages, key, embedder, progress=progress)

        builder = None if source is None else functools.partial(build, path=source)
        stored = open_index(root, name, key, builder, rebuild)
        return cls(
            stored,
            settings=settings,
            model_path=model_path,
            embedder=embedder,
            checksum_cache=cache,
            reranker=reranker,
            log=say,
        )

    @property
    def stored(self) -> StoredIndex:
        """The verified index the engine answers from (the library merges these)."""
        return self._stored

    # -- dense side, loaded lazily --------------------------------------------

    def load_dense(self) -> None:
        """Load the embedder and the faiss index now (the TUI calls this in a worker)."""

        with self._dense_lock:
            if self._dense_loaded and self._embedder is not None:
                return
            if self._embedder is None:
                from posenqa.search.embedder import load_embedder

                self._embedder = load_embedder(self._model_path, self._checksum_cache)
            prepare = getattr(self._search, "dense", None)  # an embedded backend: load now
            if prepare is not None:
                dense = prepare()
                if dense.size != len(self.passages) or dense.dim != self._embedder.dim:
                    raise IndexError_(
                        f"{self._stored.faiss_path}: {dense.size} vectors of dimension "
                        f"{dense.dim}, expected {len(self.passages)} of {self._embedder.dim}"
                    )
                self._dense_exact = dense.exact
            self._dense_loaded = True

    def _read_dense(self) -> DenseIndex:
        """The faiss index of the stored vectors (the embedded backend of one paper)."""
        from posenqa.search.dense import DenseIndex

        try:
            return DenseIndex.read(self._stored.faiss_path)
        except IndexError_ as exc:
            # Its checksum matched, yet faiss cannot read it (tampered, or written by
            # another faiss); it is derived from the verified vectors: rebuild it.
            self.log(f"{exc}; rebuilding it from the index's vectors")
            dense = DenseIndex.build(self._stored.embeddings)
            with contextlib.suppress(IndexError_):  # a read-only index still answers
                rewrite_dense(self._stored.path, dense.write)
            return dense

    def _dense_parts(self, papers: Collection[str] | None = None) -> tuple[Embedder, VectorSearch]:
        self.load_dense()
        if self._embedder is None or not self._dense_loaded:
            raise IndexError_("the dense index could not be loaded")
        every = self.rank_every_vector and self._dense_exact
        return self._embedder, VectorSearch(self._search, self._position, every, papers)

    def _keyword_scores(self, question: str, papers: Collection[str] | None = None) -> np.ndarray:
        """The backend's BM25 candidates as a score per passage (0 for the others)."""
        return keyword_scores(self._search, self._position, question, self.keyword_limit, papers)

    @property
    def dense_ready(self) -> bool:
        """Whether dense and hybrid questions can be answered without loading anything."""
        return self._dense_loaded and self._embedder is not None

    # -- the reranker, loaded lazily ---------------------------------------------

    def load_reranker(self) -> Scorer | None:
        """Load the cross-encoder now (the TUI calls this in a worker); None when unavailable.

        When its files are missing or damaged, says so once through ``log`` and
        answers from then on without reranking.
        """
        with self._reranker_lock:
            if self._reranker is None and self._reranker_error is None:
                from posenqa.search.rerank import load_reranker

                try:
                    self._reranker = load_reranker(
                        self._reranker_dir, threads=self.settings.rerank.threads
                    )
                except ModelError as exc:
                    self._reranker_error = str(exc)
                    self.log(f"answering without reranking: {exc}")
            return self._reranker

    @property
    def reranker_ready(self) -> bool:
        """Whether reranked questions can be answered without loading anything."""
        return self._reranker is not None

    @property
    def reranker_error(self) -> str | None:
        """Why the reranker is unavailable, once loading it failed."""
        return self._reranker_error

    # -- asking -----------------------------------------------------------------

    def ask(
        self,
        question: str,
        *,
        k: int = 5,
        mode: str = "hybrid",
        rerank: bool | None = None,
        papers: Collection[str] | None = None,
    ) -> Answer:
        """The ``k`` best passages for ``question``; QuestionError for an unusable question.

        ``papers`` restricts the passages to those papers' (a library's backend; the
        statistics stay those of every paper).

        ``rerank`` None follows the settings (on when the reranker is installed);
        True asks for it, and still answers without it, saying so once, when its
        files are missing or damaged (``Answer.reranked`` tells).
        """
        question = self.check_question(question)
        if mode not in MODES:
            raise QuestionError(f"unknown mode {mode!r} (choose from {', '.join(MODES)})")
        if k < 1:
            raise QuestionError(f"k must be at least 1, got {k}")
        want = self.settings.rerank.enabled if rerank is None else rerank
        scorer = self.load_reranker() if want else None
        r, rr = self.settings.retrieval, self.settings.rerank
        embeds = "dense" in RANKERS[mode]
        pool_depth = rr.depth if embeds else rr.bm25_depth
        window_top = rr.window_top if embeds else rr.bm25_window_top
        depth = max(k, pool_depth) if scorer is not None else k
        first = retrieve(
            question,
            RANKERS[mode],
            self._ids,
            functools.partial(self._keyword_scores, papers=papers),
            functools.partial(self._dense_parts, papers),
            100 + 10 * depth,
        )
        fused = fuse(first, mode, r)
        blocks = self._blocks if r.diversify else None
        ranked = order(fused, blocks, depth)
        scores = [fused[i] for i in ranked]
        logits: list[float | None] = [None] * len(ranked)
        placed: dict[str, str] = {}  # a note moved ahead of its citer -> that citer
        logit_of: dict[str, float] = {}
        if scorer is not None:
            extra = rr.dense_extra if mode == "hybrid" else 0
            dense_order = order(first.cosines, blocks) if extra else []
            pool = candidate_pool(ranked, dense_order, pool_depth, extra)
            if rr.sentence_extra and first.query_vector is not None:
                # A library (or a paper filter) scores only the first stage's candidates:
                # every sentence of a large library costs a scan of millions of vectors, and
                # a filter must not bring in other papers' passages.
                among = None  # every passage
                if papers is not None or not self.rank_every_vector:
                    among = sorted({i for run in first.runs.values() for i in run})
                sentence_order = order(self._sentence_run(first.query_vector, among), blocks)
                pool = candidate_pool(pool, sentence_order, len(pool), rr.sentence_extra)
            source = wants_source(question)
            texts = [cross_text(self._by_id[i], source, rr.note_context) for i in pool]
            read_text = dict(zip(pool, texts, strict=True))
            logit_of.update(zip(pool, scorer.scores(question, texts), strict=True))
            pairs = combine(
                pool,
                [logit_of[i] for i in pool],
                [fused.get(i, 0.0) for i in pool],
                rr.method,
                rr.weight,
            )
            if window_top and rr.method == "replace":
                pairs = reread_settled(
                    pairs,
                    window_top,
                    lambda i: self._best_window(scorer, question, i, logit_of[i], read_text[i]),
                )
            if source and rr.source_notes_first:
                candidates = [self._by_id[i] for i in pool]
                links = cited_note_passages(candidates)
                if wants_full_reference(question):
                    links |= full_reference_notes(candidates, self._full_references)
                pairs, placed = notes_first(pairs, links)
            pooled = set(pool)
            rest = [i for i in ranked if i not in pooled]
            rows = one_per_block(
                [(i, v, logit_of[i]) for i, v in pairs] + [(i, fused[i], None) for i in rest],
                blocks,
            )
            ranked = [i for i, _, _ in rows]
            scores = [v for _, v, _ in rows]
            logits = [logit for _, _, logit in rows]
        ranked, scores, logits = ranked[:k], scores[:k], logits[:k]
        tok = self.settings.tokenizer
        q_terms = tokenize(question, tok)
        passages = [self._by_id[i] for i in ranked]
        # A hit's relevance calibrates the score it was ranked by: with ``replace`` a
        # logit (the passage's, its window reread's mean, a moved note's citer's); the
        # other methods rank by a pool-scaled mix, no logit, so it is the passage's logit.
        ranked_by = scores if rr.method == "replace" else logits
        hits = make_hits(
            passages,
            scores,
            self._best_spans(passages, q_terms, first.query_vector),
            self.document,
            self._cited_by,
            first.cosines,
            [
                None if logit is None else relevance(v, rr.relevance_scale, rr.relevance_shift)
                for v, logit in zip(ranked_by, logits, strict=True)
            ],
            [placed.get(i) for i in ranked],
        )
        top_text = hits[0].passage.searchable if hits else ""
        reasons: tuple[str, ...] = ()
        top_logit = logits[0] if logits else None
        read = None
        if top_logit is not None:
            judged_logits = [v for v in logits if v is not None]
            citer = placed.get(ranked[0])
            if citer is not None:
                # A note moved ahead of the passage citing it is first because that
                # passage answers: the judge reads the citer's score, not the one of the
                # note's body alone, which a bare reference makes look unrelated.
                judged_logits[0] = logit_of[citer]
            read = self.judge_features(
                question, hits[0].passage, judged_logits, hits[0].best_sentence
            )
            judged = judge(read, self.settings.judge)
            confidence, threshold, reasons = (
                judged.confidence,
                self.rerank_abstain_threshold,
                judged.reasons,
            )
        else:
            top_cosine = max(first.cosines.values(), default=0.0)
            covered = coverage(q_terms, top_text, self._search.weight, tok)
            confidence = first_stage_confidence(mode, top_cosine, covered)
            threshold = {
                "hybrid": self.abstain_threshold,
                "bm25": self.bm25_abstain_threshold,
                "dense": self.dense_abstain_threshold,
            }[mode]
        return Answer(
            question,
            mode,
            confidence < threshold or not hits,
            confidence,
            tuple(hits),
            reranked=top_logit is not None,
            threshold=threshold,
            reasons=reasons,
            judged=read,
        )

    def judge_features(
        self,
        question: str,
        passage: Passage,
        logits: Sequence[float],
        best_sentence: str = "",
        *,
        near_share: float | None = None,
        sure_logit: float | None = None,
    ) -> Features:
        """The judge's features for ``question`` and ``passage`` ranked first, given the
        reranker's ``logits`` of the candidates, best first, and the sentence the answer
        shows for it: what :meth:`ask` judges, gathered in one place so that an evaluation
        script rejudging saved answers reads exactly the same inputs. ``near_share`` and
        ``sure_logit`` replace the settings (a script measuring other values)."""
        tok = self.settings.tokenizer
        return features(
            question,
            passage.searchable,
            logits,
            tokenize(question, tok),
            self._search.weight,
            tok,
            self.paper_year(passage),
            cited_notes(passage, self.footnotes_of(passage)),
            near_share=self.settings.judge.near_share if near_share is None else near_share,
            sure_logit=self.settings.judge.sure_logit if sure_logit is None else sure_logit,
            best_sentence=best_sentence,
        )

    def check_question(self, question: str) -> str:
        """The question with white space normalized; QuestionError when unusable."""
        return check_question(question, self.settings.retrieval.max_question_chars)

    def passage(self, passage_id: str) -> Passage | None:
        """The passage with this id, or None."""
        return self._by_id.get(passage_id)

    def paper_year(self, passage: Passage) -> int | None:
        """The year of the paper ``passage`` comes from, from its own metadata (the
        judge's time-after-the-paper check reads it)."""
        return self.document.year

    def footnotes_of(self, passage: Passage) -> tuple[Footnote, ...]:
        """The notes ``passage`` cites, from its own paper (the judge reads their bodies)."""
        return self.document.footnotes_numbered(passage.notes)

    def _sentence_run(
        self, query_vector: np.ndarray, among: Sequence[str] | None = None
    ) -> dict[str, float]:
        """Passage id -> its best sentence's cosine with the question (the sentence ranker),
        over every passage or only the ids ``among``."""
        ids = self._ids if among is None else list(among)
        rows = [self._sentence_rows[i] for i in ids]
        best = sentence_scores(query_vector, self._stored.sentence_embeddings, rows)
        return dict(zip(ids, best, strict=True))

    @functools.cached_property
    def _full_references(self) -> dict[int, tuple[int, ...]]:
        """Note number -> the notes holding the full references of its short forms, for a
        note without a full reference of its own (the paper's resolved references, read
        once). Empty where note numbers repeat: a merged library (several papers) or a
        paper whose numbering restarts (sequences)."""
        full_of: dict[int, tuple[int, ...]] = {}
        single = not any(paper_of(p.id) for p in self.passages[:1])
        if not single or any(n.sequence for n in self.document.footnotes):
            return full_of
        from posenqa.references.works import resolution

        for (_, number), refs in resolution(self.document, self.references).items():
            if refs and all(r.form != "full" for r in refs):
                found = [r.resolved_from for r in refs if r.resolved_from is not None]
                if found:
                    full_of[number] = tuple(dict.fromkeys(found))
        return full_of

    def _best_window(
        self, scorer: Scorer, question: str, passage_id: str, logit: float, read: str
    ) -> float:
        """The best logit of passage ``passage_id``'s sentence windows (``logit``, that of
        ``read``, the text the cross-encoder read whole, when the passage is no longer than
        one window: no pair is read twice)."""
        p = self._by_id[passage_id]
        sentences = [p.text[a:b] for a, b in sentence_spans(p.text)]
        windows = sentence_windows(sentences, self.settings.rerank.window_sentences, read)
        if windows == [read]:
            return logit
        return max(scorer.scores(question, windows))

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
        return best_spans(
            texts, q_terms, self._search.weight, self.settings.tokenizer, similarities
        )


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
