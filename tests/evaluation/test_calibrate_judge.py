"""Fitting the judge and the relevance scale from reranked run records."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from posenqa.evaluation.calibrate import fit_logistic, fit_relevance, write_calibration
from posenqa.evaluation.gold import parse_gold
from posenqa.evaluation.judge_fit import fit_judge
from posenqa.settings import Settings


def test_logistic_fit_separates_and_ignores_a_constant_feature() -> None:
    rows = [[x, 1.0] for x in (-3, -2, -1, 1, 2, 3)]
    labels = [False, False, False, True, True, True]
    (w, constant), bias = fit_logistic(rows, labels, l2=0.1)
    assert w > 0 and constant == 0.0
    p = [1 / (1 + math.exp(-(bias + w * r[0]))) for r in rows]
    assert all(v < 0.5 for v in p[:3]) and all(v > 0.5 for v in p[3:])


def _questions():  # type: ignore[no-untyped-def]
    lines = [
        json.dumps({"id": f"a{i}", "question": "q?", "kind": "fact", "evidence": ["yes here"]})
        for i in range(6)
    ] + [
        json.dumps({"id": f"n{i}", "question": "q?", "kind": "negative", "evidence": []})
        for i in range(6)
    ]
    return parse_gold(lines)


def _judge(logit: float, missing: bool) -> dict:
    return {
        "logit": logit,
        "type_missing": missing,
        "missing": 0.2,
        "beyond": False,
        "wanted": None,
    }


def test_the_judge_learns_that_a_missing_answer_type_means_no_answer() -> None:
    # Answerable and negative questions have the same logits; only the type check tells.
    records = [{"id": f"a{i}", "judge": _judge(float(i), False)} for i in range(6)] + [
        {"id": f"n{i}", "judge": _judge(float(i), True)} for i in range(6)
    ]
    fit = fit_judge(_questions(), records, max_false_abstention=0.05)
    assert fit.weights[1] < 0  # type missing pushes towards abstaining
    assert fit.calibration.false_abstention == 0.0
    assert fit.calibration.negatives_answered == 0.0
    assert set(fit.settings()) == {
        "weight_logit",
        "weight_type",
        "weight_missing",
        "weight_time",
        "weight_year",
        "weight_support",
        "bias",
        "min_logit",
        "abstain_threshold",
    }


def test_relevance_scale_grows_with_the_logit() -> None:
    records = [
        {
            "id": f"a{i}",
            "results": [
                {"text": "yes here", "score": 3.0 + i % 3, "relevance": 0.9},
                {"text": "no", "score": -2.0 - i % 2, "relevance": 0.1},
                {"text": "no", "score": 1.0, "relevance": 0.5},
                {"text": "yes here", "score": 0.5, "relevance": 0.5},
            ],
        }
        for i in range(6)
    ]
    scale, shift = fit_relevance(_questions(), records)
    assert scale > 0
    assert (
        1 / (1 + math.exp(-(scale * 4 + shift))) > 0.5 > 1 / (1 + math.exp(-(scale * -2 + shift)))
    )


def test_judge_and_rerank_groups_are_written_in_settings_shape(tmp_path: Path) -> None:
    path = tmp_path / "calibration.json"
    write_calibration({}, path, groups={"judge": {"bias": 0.5}, "rerank": {"relevance_scale": 2.0}})
    data = json.loads(path.read_text())
    settings = Settings.from_dict(data["settings"])
    assert settings.judge.bias == 0.5 and settings.rerank.relevance_scale == 2.0


def test_rejudge_recomputes_confidence_and_abstention_from_saved_features() -> None:
    from posenqa.evaluation.judge_fit import rejudge
    from posenqa.settings import JudgeSettings

    records = [
        {"id": "a", "results": [{}], "judge": _judge(4.0, False), "confidence": 0.1},
        {"id": "n", "results": [{}], "judge": _judge(4.0, True), "confidence": 0.9},
        {"id": "plain", "results": [{}], "confidence": 0.3, "abstained": False},
    ]
    settings = JudgeSettings(weight_logit=1.0, weight_type=-10.0, abstain_threshold=0.5)
    a, n, plain = rejudge(records, settings)
    assert a["confidence"] == pytest.approx(1 / (1 + math.exp(-4.0))) and not a["abstained"]
    assert n["confidence"] < 0.5 and n["abstained"]
    assert plain == records[2]


def test_a_weight_the_data_pushes_the_wrong_way_is_held_at_zero() -> None:
    from posenqa.evaluation.judge_fit import fit_signed

    # The second feature is higher for the positives, but may only lower the score.
    rows = [[x, 0.9 if x > 0 else 0.1] for x in (-3, -2, -1, 1, 2, 3)]
    labels = [x > 0 for x in (-3, -2, -1, 1, 2, 3)]
    (w, held), _ = fit_signed(rows, labels, (1, -1), l2=0.1)
    assert w > 0 and held == 0.0


def test_cross_validation_judges_each_question_by_a_fit_that_never_saw_it() -> None:
    from posenqa.evaluation.judge_fit import cross_validate_judge

    # 20 answerable and 10 negative rows: only "type missing" (second feature) tells.
    rows = [[float(i % 5), 0.0, 0.2, 0.0, 0.0, float(i % 5)] for i in range(20)]
    rows += [[float(i % 5), 1.0, 0.2, 0.0, 0.0, float(i % 5)] for i in range(10)]
    labels = [True] * 20 + [False] * 10
    cv = cross_validate_judge(rows, labels, 0.05, folds=5, repeats=2)
    assert cv.caught == 1.0 and cv.lost == 0.0 and cv.auc == 1.0
    # Without the type feature nothing separates them: no negative is caught at 5%.
    blind = cross_validate_judge(rows, labels, 0.05, use=("logit", "support"), folds=5, repeats=2)
    assert blind.caught == 0.0


def test_a_judge_fit_on_some_features_gives_the_others_no_weight() -> None:
    from posenqa.evaluation.judge_fit import fit_judge_rows

    rows = [[float(i), float(i < 3), 0.5, 0.0, float(i < 2), 1.0] for i in range(6)]
    labels = [i >= 3 for i in range(6)]
    fit = fit_judge_rows(rows, labels, use=("logit", "type_missing"))
    assert fit.weights[1] < 0 and fit.weights[4] == 0.0 and fit.weights[5] == 0.0
    with pytest.raises(Exception, match="unknown judge feature"):
        fit_judge_rows(rows, labels, use=("logit", "colour"))


def test_the_floor_is_set_on_off_topic_questions_and_loses_no_answerable_one() -> None:
    from posenqa.evaluation.judge_fit import choose_floor, fit_judge_rows

    # Answerable logits -1, 0, 1, 2; negatives (on topic) score high, as the hard ones do.
    rows = [[float(x), 0.0, 0.2, 0.0, 0.0, float(x)] for x in (-1, 0, 1, 2)]
    rows += [[float(x), 1.0, 0.2, 0.0, 0.0, float(x)] for x in (1, 3)]
    labels = [True] * 4 + [False] * 2
    # Off-topic questions at -6, -4 and -2: the floor lies between -2 and the lowest
    # answerable score (-1), so it catches all three and loses nothing.
    assert choose_floor(rows, labels, (-6.0, -4.0, -2.0)) == (-2 + -1) / 2
    fit = fit_judge_rows(rows, labels, offtopic=(-6.0, -4.0, -2.0))
    assert fit.min_logit == (-2 + -1) / 2
    # An off-topic question scoring above an answerable one is not worth losing it.
    assert choose_floor(rows, labels, (-6.0, 0.5)) == (-6 + -1) / 2
    # Without off-topic questions the negatives set it (none is below -1 here).
    assert choose_floor(rows, labels) < -1


def test_cross_validation_reports_the_off_topic_questions_below_the_floor() -> None:
    from posenqa.evaluation.judge_fit import cross_validate_judge

    rows = [[float(i % 5), 0.0, 0.2, 0.0, 0.0, float(i % 5)] for i in range(20)]
    rows += [[float(i % 5), 1.0, 0.2, 0.0, 0.0, float(i % 5)] for i in range(10)]
    labels = [True] * 20 + [False] * 10
    offtopic = [-5.0 - i for i in range(10)]
    cv = cross_validate_judge(rows, labels, 0.05, folds=5, repeats=2, offtopic=offtopic)
    assert cv.offtopic_caught == 1.0 and cv.lost == 0.0
    assert cross_validate_judge(rows, labels, 0.05, folds=5, repeats=2).offtopic_caught is None
