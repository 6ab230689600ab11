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


@dataclass(frozen=True, slots=True)
class Settings:
    """All settings. ``index_dict()`` is the part that keys the index on disk."""

    passages: PassageSettings = field(default_factory=PassageSettings)
    tokenizer: TokenizerSettings = field(default_factory=TokenizerSettings)
    retrieval: RetrievalSettings = field(default_factory=RetrievalSettings)

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


#: Written by ``posenqa eval --calibrate``: the abstention thresholds chosen on
#: the gold set's dev half. They override the fallbacks above when present.
CALIBRATION_FILE = Path(__file__).resolve().parent / "data" / "calibration.json"


def _calibrated_retrieval() -> RetrievalSettings:
    """The retrieval defaults with the calibrated thresholds, when the file is there and sound."""
    try:
        values = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))["settings"]["retrieval"]
        return _build(RetrievalSettings, values, "retrieval")
    except (OSError, ValueError, KeyError, TypeError, SettingsError):
        return RetrievalSettings()


DEFAULT_SETTINGS = Settings(retrieval=_calibrated_retrieval())

__all__ = [
    "DEFAULT_SETTINGS",
    "PassageSettings",
    "RetrievalSettings",
    "Settings",
    "SettingsError",
    "TokenizerSettings",
]
