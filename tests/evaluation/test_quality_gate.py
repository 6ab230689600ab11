"""CI gate: retrieval quality on the gold test half must not drop below what was measured.

Runs the real engine (the real embedding model, one engine for the module)
over the test split of ``evals/gold.jsonl`` with k = 10 in bm25 and hybrid
mode. The floors sit four to six questions under the numbers measured on
2026-11-30 with the enlarged gold set (66 hard negatives and 38 paraphrases
added; see ``evals/README.md``); a change that loses more fails here.
Abstention is gated by the confidence AUC, which does not depend on where the
threshold is set (that is calibrated separately).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from posenqa.evaluation.gold import load_gold, select_split
from posenqa.evaluation.metrics import ModeScores, score_mode
from posenqa.evaluation.runner import run_questions

pytestmark = pytest.mark.model

GOLD = Path(__file__).resolve().parents[2] / "evals" / "gold.jsonl"

#: (mode, metric, floor, measured on the test half) -- measured values are kept
#: beside the floors so a reader can see the margin.
FLOORS: list[tuple[str, str, float, float]] = [
    ("hybrid", "R@1", 0.45, 0.512),  # 84 answerable questions: one is 0.012
    ("hybrid", "R@5", 0.71, 0.774),
    ("hybrid", "R@10", 0.77, 0.821),
    ("hybrid", "MRR@10", 0.57, 0.627),
    ("hybrid", "note@5", 0.94, 1.000),  # 18 citation questions: one miss is 0.944
    # Below 0.5: the hard negatives use the paper's own words, so today's confidence
    # ranks most of them above many answerable questions. The floor only stops it
    # getting worse.
    ("hybrid", "confidence_auc", 0.35, 0.412),
    ("bm25", "R@5", 0.63, 0.690),
    ("bm25", "R@10", 0.67, 0.726),
    ("bm25", "MRR@10", 0.50, 0.558),
    ("bm25", "note@5", 0.94, 1.000),
    ("bm25", "confidence_auc", 0.30, 0.354),
]
#: Results asked for per mode (see the module docstring).
K = {"hybrid": 10, "bm25": 10}


@pytest.fixture(scope="module")
def scores(corpus_pdf: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModeScores]:
    from posenqa.answer import Engine

    engine = Engine.open(corpus_pdf, index_root=tmp_path_factory.mktemp("gate-index"))
    questions = select_split(load_gold(GOLD), "test")
    return {
        mode: score_mode(questions, run_questions(engine, questions, mode=mode, k=k))
        for mode, k in K.items()
    }


def _value(scores: ModeScores, metric: str) -> float | None:
    if metric.startswith("note@"):
        return scores.citation[metric]
    if metric == "confidence_auc":
        return scores.confidence_auc
    return scores.overall[metric]


@pytest.mark.parametrize(("mode", "metric", "floor", "measured"), FLOORS)
def test_quality_does_not_drop_below_the_floor(
    scores: dict[str, ModeScores], mode: str, metric: str, floor: float, measured: float
) -> None:
    value = _value(scores[mode], metric)
    assert value is not None
    assert value >= floor, f"{mode} {metric} = {value:.3f}, floor {floor} (measured {measured})"
