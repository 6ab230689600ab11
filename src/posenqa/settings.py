"""Tunable settings for passages and retrieval, with the defaults the product ships.

Every number that changes what is indexed or how it is ranked lives here, so
the evaluation can measure alternatives and choose. The settings that change
the index (``PassageSettings``, the tokenizer) are recorded in the index
manifest: changing them makes an existing index stale.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from posenqa.errors import PosenqaError


class SettingsError(PosenqaError):
    """A settings mapping has an unknown key or a value of the wrong kind."""


@dataclass(frozen=True, slots=True)
class PassageSettings:
    """How blocks are cut into passages (sizes in words)."""

    max_words: int = 160
    """A paragraph longer than this is cut into overlapping windows of whole sentences."""
    overlap_sentences: int = 1
    """Sentences shared by consecutive windows of one paragraph."""
    min_words: int = 25
    """A block shorter than this joins a neighbour in the same section (if the sum fits)."""
    include_front_matter: bool = True
    """Index the title page and abstract as passages of section ``front``."""
    note_context: bool = True
    """A footnote passage's indexed text also holds the sentence that cites it."""
    notes_in_body: bool = False
    """A body passage's indexed text also holds the text of the notes it cites."""


@dataclass(frozen=True, slots=True)
class TokenizerSettings:
    """How text becomes BM25 terms."""

    stem: bool = False
    """Apply a light suffix stemmer (plurals, -ing, -ed, -ly...)."""
    stopwords: bool = True
    """Drop English function words."""


@dataclass(frozen=True, slots=True)
class RetrievalSettings:
    """How rankings are computed and fused at query time (no rebuild needed)."""

    bm25_k1: float = 1.5
    bm25_b: float = 0.75
    fusion: str = "rrf"
    """``"rrf"`` (reciprocal rank fusion) or ``"weighted"`` (min-max normalized scores)."""
    rrf_k: int = 60
    dense_weight: float = 0.5
    """Weight of the dense ranking in weighted fusion (BM25 gets ``1 - dense_weight``)."""
    diversify: bool = True
    """Keep only the best of several passages cut from the same block."""
    best_sentence_dense: bool = True
    """Pick a hit's best sentence by term overlap plus cosine with the question (else overlap)."""
    abstain_threshold: float = 0.35
    """Abstain in hybrid mode when the answer's confidence is below this."""
    dense_abstain_threshold: float = 0.35
    """Abstain in dense mode when the top cosine is below this."""
    bm25_abstain_threshold: float = 0.4
    """Abstain in BM25 mode when the idf-weighted share of question terms found is below this."""
    max_question_chars: int = 1000


#: How the cross-encoder's logits reorder its pool (``RerankSettings.method``; the
#: arithmetic is :func:`posenqa.pipeline.rerank.combine`).
RERANK_METHODS: tuple[str, ...] = ("replace", "interp", "rrf")


@dataclass(frozen=True, slots=True)
class RerankSettings:
    """The second stage: a cross-encoder rereads the first stage's best candidates."""

    enabled: bool = True
    """Rerank by default (``ask(rerank=None)``) when the reranker's files are installed."""
    depth: int = 10
    """How many first-stage candidates (distinct blocks) the cross-encoder reads in the
    modes that embed the question (hybrid, dense). With the sentence candidates below,
    10 ranks as well as 20 on dev at three quarters of the pairs
    (``evals/results/rerank-sweep.md``)."""
    dense_extra: int = 0
    """Top dense candidates added to the pool when not already in it (hybrid)."""
    bm25_depth: int = 20
    """The depth in bm25 mode, which embeds no question and so has no sentence candidates:
    at 10 it loses 0.048 MRR@10 on dev (0.670 -> 0.622)."""
    sentence_extra: int = 5
    """Top candidates of the sentence ranker (a passage scored by its best sentence's
    cosine) added to the pool when not already in it (modes that embed the question):
    paraphrases the first stage ranks low often match one sentence well."""
    method: str = "replace"
    """How logits reorder the pool: ``"replace"`` (logit alone), ``"interp"`` (``weight``
    of the pool-scaled logit plus the rest of the pool-scaled first-stage score) or
    ``"rrf"`` (``weight``-ed reciprocal-rank fusion of the two orders);
    :func:`posenqa.pipeline.rerank.combine`."""
    weight: float = 1.0
    """The cross-encoder's share in ``"interp"`` and ``"rrf"``."""
    window_top: int = 3
    """The reranked pool's first this many passages are reread window by window
    (:func:`posenqa.pipeline.rerank.reread`): each is scored by the mean of its logit and
    its best window's logit, and they are reordered among themselves (``method =
"replace"`` only: the other methods mix in first-stage scores). The reread goes on down
    the list while the next passage's logit beats a reread mean
    (:func:`posenqa.pipeline.rerank.reread_settled`), so the list is ordered by one score,
    the one ``Hit.relevance`` calibrates. 0 switches it off.
    On dev, 3 to 10 all give MRR@10 0.734-0.735 against 0.714 (R@10 unchanged); each
    reread passage costs its windows' pairs, so the cheapest of them, 3
    (``evals/results/rerank-sweep.md``)."""
    bm25_window_top: int = 0
    """``window_top`` in bm25 mode: off. There the reread changes no dev ranking figure
    (R@1 0.605, MRR@10 0.670 either way) while the judge, calibrated on the unreread
    order, wrongly abstains on 5 answerable dev questions instead of 2."""
    window_sentences: int = 2
    """Sentences per window of that reread (consecutive, stride 1); a passage with no more
    sentences than this is read whole (its logit counts twice). Windows of 3 gain nothing
    on dev."""
    note_context: bool = False
    """Whether the cross-encoder reads a note passage with the sentence citing it (its
    indexed text) when the question asks for no source. Off: it reads the note's body,
    what the answer shows; the citing sentence is the citing paragraph's to answer
    with (:func:`posenqa.pipeline.rerank.cross_text`). On dev, off: 3 questions
    better, none worse (MRR@10 0.763 -> 0.770, ``evals/results/rerank-sweep.md``)."""
    source_notes_first: bool = True
    """For a question asking for a source, put each reranked note just ahead of the
    first passage citing it (:func:`posenqa.pipeline.rerank.notes_before_citers`): the
    note holds the work, the paragraph the claim. On dev: 4 citation questions better,
    none worse (MRR@10 0.770 -> 0.795)."""
    threads: int = 1
    """onnxruntime intra-op threads: one by default, the machine is shared."""
    relevance_scale: float = 1.0
    relevance_shift: float = 0.0
    """``Hit.relevance = sigmoid(scale * score + shift)``: Platt scaling, fitted on dev
    (``eval --calibrate``), of the logit-scale score each hit was ranked by (``Hit.score``:
    the window reread's mean for the first few)."""

    def __post_init__(self) -> None:
        if self.method not in RERANK_METHODS:
            raise SettingsError(
                f"rerank.method must be one of {', '.join(RERANK_METHODS)}, got {self.method!r}"
            )
        if not 0.0 <= self.weight <= 1.0:
            raise SettingsError(f"rerank.weight must be in [0, 1], got {self.weight!r}")
        if min(self.window_top, self.bm25_window_top) < 0 or self.window_sentences < 1:
            raise SettingsError(
                "rerank.window_top and rerank.bm25_window_top must be at least 0 and"
                f" rerank.window_sentences at least 1, got {self.window_top!r},"
                f" {self.bm25_window_top!r} and {self.window_sentences!r}"
            )


@dataclass(frozen=True, slots=True)
class JudgeSettings:
    """When a reranked answer says the paper does not answer (``posenqa.pipeline.judge``)."""

    abstain_threshold: float = 0.5
    """Abstain when the judged probability that the best passage answers is below this."""
    min_logit: float = -8.0
    """Below this reranker score nothing in the paper is about the question: confidence 0.
    Calibrated as the floor that loses no answerable dev question (the gold set's
    negatives are on topic, so the logistic fit alone learns nothing about off-topic
    questions)."""
    near_share: float = 0.5
    """The answer-type check reads the sentences holding at least this share of the best
    sentence's weighted question terms (0: any sentence holding a term; 1: the best).
    Chosen on the gold dev half by cross-validation (evals/README.md): 0.5 catches as
    many negatives as 1 there, and reads the sentence after the best one when it goes
    on about the same thing ("The system, implemented in 1999, ..."), which lost
    answerable questions written for other papers."""
    sure_logit: float = 8.5
    """At this reranker score or above the best passage is not held to lack the answer's
    type or the year asked about: the cross-encoder is surer there than the patterns that
    recognize a date or a name in the passage, which miss forms they were not written
    for. Chosen on every development set together (the gold dev half, the four dev-only
    sets on this paper, the four library sets; 622 answerable questions, 308 on-topic
    negatives): no negative those checks caught scored above 7.95, while 18% of the
    answerable questions wanting a checked type score 8.5 or more; 0.5 of margin because
    the INT8 cross-encoder's scores move by a tenth or two between CPUs. It released no
    negative and saved one answerable question lost (evals/README.md, "A sure reranker
    overrules the patterns")."""
    weight_logit: float = 1.0
    weight_type: float = 0.0
    weight_missing: float = 0.0
    weight_time: float = 0.0
    weight_year: float = 0.0
    weight_support: float = 0.0
    bias: float = 0.0
    """The judge's logistic combination (fitted on dev by ``posenqa eval --calibrate``)."""


@dataclass(frozen=True, slots=True)
class Settings:
    """All settings. ``index_dict()`` is the part that keys the index on disk."""

    passages: PassageSettings = field(default_factory=PassageSettings)
    tokenizer: TokenizerSettings = field(default_factory=TokenizerSettings)
    retrieval: RetrievalSettings = field(default_factory=RetrievalSettings)
    rerank: RerankSettings = field(default_factory=RerankSettings)
    judge: JudgeSettings = field(default_factory=JudgeSettings)

    def to_dict(self) -> dict[str, Any]:
        """All settings as JSON-ready data."""
        return asdict(self)

    def index_dict(self) -> dict[str, Any]:
        """The settings an index depends on (query-time settings excluded)."""
        return {"passages": asdict(self.passages), "tokenizer": asdict(self.tokenizer)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        """Settings from (possibly partial) :meth:`to_dict` output; unknown keys are errors."""
        parts: dict[str, Any] = {}
        for name, kind in (
            ("passages", PassageSettings),
            ("tokenizer", TokenizerSettings),
            ("retrieval", RetrievalSettings),
            ("rerank", RerankSettings),
            ("judge", JudgeSettings),
        ):
            parts[name] = _build(kind, data.get(name, {}), name)
        unknown = set(data) - set(parts)
        if unknown:
            raise SettingsError(f"unknown settings group(s): {', '.join(sorted(unknown))}")
        return cls(**parts)

    def with_retrieval(self, **changes: Any) -> Settings:
        """A copy with some retrieval settings changed."""
        return replace(self, retrieval=replace(self.retrieval, **changes))


def _build(kind: type, values: dict[str, Any], group: str) -> Any:
    known = {f.name: f for f in fields(kind)}
    unknown = set(values) - set(known)
    if unknown:
        raise SettingsError(f"unknown {group} setting(s): {', '.join(sorted(unknown))}")
    defaults = kind()
    for key, value in values.items():
        expected = type(getattr(defaults, key))
        ok = isinstance(value, expected) or (expected is float and isinstance(value, int))
        if not ok or (expected is not bool and isinstance(value, bool)):
            raise SettingsError(f"{group}.{key} must be {expected.__name__}, got {value!r}")
    return kind(**values)


#: Written by ``posenqa eval --calibrate``: the abstention thresholds and the judge
#: chosen on the gold set's dev half, in the shape :meth:`Settings.from_dict` takes
#: under its ``settings`` key. They override the fallbacks above when present.
CALIBRATION_FILE = Path(__file__).resolve().parent / "data" / "calibration.json"


def load_settings(path: Path | None = None) -> Settings:
    """The shipped settings: the defaults above with the calibrated values of ``path``.

    A missing file means nothing was calibrated (the fallbacks hold). A file that is
    there but unreadable, not JSON, or holding unknown or ill-typed settings raises
    :class:`SettingsError` naming it: a damaged calibration must not silently
    turn abstention into the uncalibrated fallback.
    """
    path = path or CALIBRATION_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: calibration file unreadable ({exc})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SettingsError(f"{path}: calibration file is not JSON ({exc.msg})") from None
    values = data.get("settings") if isinstance(data, dict) else None
    if not isinstance(values, dict) or not all(isinstance(v, dict) for v in values.values()):
        raise SettingsError(f"{path}: calibration file has no settings object of groups")
    try:
        return Settings.from_dict(values)
    except SettingsError as exc:
        raise SettingsError(f"{path}: {exc}") from None


_loaded: Settings | None = None


def default_settings() -> Settings:
    """:func:`load_settings` of the package's calibration file, read once per process."""
    global _loaded
    if _loaded is None:
        _loaded = load_settings()
    return _loaded


#: The uncalibrated fallbacks, for limits that calibration never changes.
DEFAULT_SETTINGS = Settings()

__all__ = [
    "CALIBRATION_FILE",
    "DEFAULT_SETTINGS",
    "RERANK_METHODS",
    "JudgeSettings",
    "PassageSettings",
    "RerankSettings",
    "RetrievalSettings",
    "Settings",
    "SettingsError",
    "TokenizerSettings",
    "default_settings",
    "load_settings",
]
