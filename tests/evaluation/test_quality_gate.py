"""CI gate: retrieval and abstention quality on the gold DEV half must not drop.

Runs the real engine (the real embedding model and cross-encoder, one engine for
the module) over the dev split of ``evals/gold.jsonl`` with k = 10 in every mode,
each first stage with and without reranking. The gate reads the dev half, not the
test half the README reports: the test half stays unseen by every choice a
failing gate would push a change towards.

Abstention is gated where the product abstains: at the calibrated thresholds
(``src/posenqa/data/calibration.json``), as the share of negatives caught
(floor) and of answerable questions lost (ceiling). The floors sit a few
questions under the values measured with the command in ``MEASURED``; the
measured values are kept beside them so a reader can see the margin.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from posenqa.evaluation.gold import load_gold, select_split
from posenqa.evaluation.metrics import ModeScores, score_mode
from posenqa.evaluation.runner import run_questions
from posenqa.models.fetch_reranker import reranker_dir
from posenqa.pipeline.modes import LABELS

pytestmark = pytest.mark.model

GOLD = Path(__file__).resolve().parents[2] / "evals" / "gold.jsonl"
MEASURED = "posenqa eval --mode all --split dev --k 10 (2026-11-30)"
K = 10

# dev half: 86 answerable (one question is 0.012), 35 paraphrases (0.029),
# 18 citation questions (0.056), 48 negatives (0.021).
#: (mode, metric, floor, measured on the dev half).
FLOORS: list[tuple[str, str, float, float]] = []
#: (mode, metric, ceiling, measured on the dev half): lower is better.
CEILINGS: list[tuple[str, str, float, float]] = []


@pytest.fixture(scope="module")
def scores(corpus_pdf: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModeScores]:
    from posenqa.answer import Engine
    from posenqa.pipeline.modes import LabelledAsker

    if not reranker_dir().is_dir():
        pytest.fail(f"the reranker is not installed in {reranker_dir()} (make install fetches it)")
    engine = LabelledAsker(Engine.open(corpus_pdf, index_root=tmp_path_factory.mktemp("gate")))
    questions = select_split(load_gold(GOLD), "dev")
    return {
        mode: score_mode(questions, run_questions(engine, questions, mode=mode, k=K))
        for mode in LABELS
    }


def _value(scores: ModeScores, metric: str) -> float | None:
    if metric.startswith("note@"):
        return scores.citation[metric]
    if metric == "negatives abstained":
        return scores.negatives_abstained
    if metric == "false abstention":
        return scores.false_abstention
    if metric.startswith("paraphrase "):
        return scores.by_kind["paraphrase"][metric.removeprefix("paraphrase ")]
    return scores.overall[metric]


def test_every_mode_is_gated() -> None:
    assert {mode for mode, *_ in FLOORS} == set(LABELS)
    assert {mode for mode, *_ in CEILINGS} == set(LABELS)


@pytest.mark.parametrize(("mode", "metric", "floor", "measured"), FLOORS)
def test_quality_does_not_drop_below_the_floor(
    scores: dict[str, ModeScores], mode: str, metric: str, floor: float, measured: float
) -> None:
    value = _value(scores[mode], metric)
    assert value is not None
    assert value >= floor, f"{mode} {metric} = {value:.3f}, floor {floor} (measured {measured})"


@pytest.mark.parametrize(("mode", "metric", "ceiling", "measured"), CEILINGS)
def test_wrong_abstention_does_not_rise_above_the_ceiling(
    scores: dict[str, ModeScores], mode: str, metric: str, ceiling: float, measured: float
) -> None:
    value = _value(scores[mode], metric)
    assert value is not None
    assert value <= ceiling, f"{mode} {metric} = {value:.3f}, ceiling {ceiling} ({measured})"
