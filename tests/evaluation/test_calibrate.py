"""Choosing the abstention threshold: balanced accuracy, ties, and the file it is kept in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from posenqa.errors import GoldError, InputError
from posenqa.evaluation.calibrate import (
    calibrate_records,
    candidate_thresholds,
    choose_threshold,
    evaluate_threshold,
    read_calibration,
    write_calibration,
)
from posenqa.evaluation.gold import parse_gold


def test_candidates_lie_below_between_and_above_the_values() -> None:
    candidates = candidate_thresholds([0.5, 0.1, 0.3, 0.3])
    margin = (0.5 - 0.1) * 0.05
    assert candidates == pytest.approx(
        [0.1 - margin, (0.1 + 0.3) / 2, (0.3 + 0.5) / 2, 0.5 + margin]
    )


def test_separable_confidences_get_a_threshold_between_the_groups() -> None:
    calibration = choose_threshold(answerable=[0.6, 0.8, 0.9], negatives=[0.1, 0.3])
    assert calibration.threshold == pytest.approx((0.3 + 0.6) / 2)
    assert calibration.balanced_accuracy == 1.0
    assert calibration.false_abstention == 0.0
    assert calibration.negatives_answered == 0.0
    assert (calibration.answerable, calibration.negatives) == (3, 2)


def test_overlapping_confidences_maximise_balanced_accuracy() -> None:
    answerable = [0.2, 0.5, 0.6, 0.7]
    negatives = [0.1, 0.4, 0.55]
    calibration = choose_threshold(answerable, negatives)
    # at (0.55 + 0.6) / 2: answerable abstained 2/4 (0.2, 0.5), negatives answered 0/3,
    # which beats e.g. (0.4 + 0.5) / 2: 1/4 abstained but 1/3 (0.55) answered
    assert calibration.threshold == pytest.approx((0.55 + 0.6) / 2)
    assert calibration.balanced_accuracy == pytest.approx(((1 - 2 / 4) + (1 - 0 / 3)) / 2)
    assert evaluate_threshold(0.45, answerable, negatives).balanced_accuracy == pytest.approx(
        ((1 - 1 / 4) + (1 - 1 / 3)) / 2
    )
    # no other threshold does better
    for t in candidate_thresholds([*answerable, *negatives]):
        other = evaluate_threshold(t, answerable, negatives)
        assert other.balanced_accuracy <= calibration.balanced_accuracy + 1e-12


def test_ties_go_to_fewer_false_abstentions() -> None:
    # (0.2 + 0.3) / 2 answers both answerable and one negative: (1 + 1/2) / 2;
    # (0.5 + 0.7) / 2 abstains on 0.3 but on both negatives: (1/2 + 1) / 2. Same
    # balanced accuracy; the first abstains wrongly less.
    answerable = [0.3, 0.7]
    negatives = [0.2, 0.5]
    calibration = choose_threshold(answerable, negatives)
    assert calibration.balanced_accuracy == pytest.approx(((1 - 0 / 2) + (1 - 1 / 2)) / 2)
    assert calibration.false_abstention == 0.0
    assert calibration.threshold == pytest.approx((0.2 + 0.3) / 2)


def test_calibration_needs_both_groups() -> None:
    with pytest.raises(GoldError, match="0 negative"):
        choose_threshold([0.5], [])
    with pytest.raises(GoldError, match="0 answerable"):
        choose_threshold([float("nan")], [0.5])


def test_calibrate_records_reads_confidence_by_id() -> None:
    questions = parse_gold(
        [
            '{"id": "a", "question": "q?", "kind": "fact", "evidence": ["x"]}',
            '{"id": "n", "question": "q?", "kind": "negative", "evidence": []}',
        ]
    )
    records = [{"id": "a", "confidence": 0.9}, {"id": "n", "confidence": 0.2}]
    assert calibrate_records(questions, records).threshold == pytest.approx((0.2 + 0.9) / 2)


def test_write_merges_per_mode_thresholds_in_settings_shape(tmp_path: Path) -> None:
    path = tmp_path / "data" / "calibration.json"
    hybrid = choose_threshold([0.6], [0.2])
    write_calibration({"hybrid": hybrid}, path, split="dev")
    bm25 = choose_threshold([0.9], [0.3])
    write_calibration({"bm25": bm25}, path, split="dev")
    data = json.loads(path.read_text(encoding="utf-8"))
    # the first calibration survives the second
    assert data["settings"]["retrieval"] == {
        "abstain_threshold": pytest.approx((0.2 + 0.6) / 2),
        "bm25_abstain_threshold": pytest.approx((0.3 + 0.9) / 2),
    }
    assert data["calibration"]["bm25"]["split"] == "dev"
    assert read_calibration(path) == data["settings"]["retrieval"]
    # the settings part is what the engine's Settings accepts
    from posenqa.settings import Settings

    settings = Settings.from_dict(data["settings"])
    assert (
        settings.retrieval.abstain_threshold == data["settings"]["retrieval"]["abstain_threshold"]
    )


def test_read_calibration_refuses_bad_files(tmp_path: Path) -> None:
    assert read_calibration(tmp_path / "none.json") == {}
    path = tmp_path / "calibration.json"
    path.write_text('{"settings": {"retrieval": {"abstain_threshold": "high"}}}', encoding="utf-8")
    with pytest.raises(InputError, match="abstain_threshold is not a finite number"):
        read_calibration(path)
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(InputError, match="not a calibration file"):
        read_calibration(path)
    with pytest.raises(InputError, match="no abstention setting for mode"):
        write_calibration({"sparse": choose_threshold([0.6], [0.2])}, path)


def test_a_cap_on_false_abstention_rules_out_thresholds_that_abstain_too_often() -> None:
    answerable, negatives = [0.15, 0.9, 0.9, 0.9], [0.1, 0.2]
    # Free choice: a threshold between 0.2 and 0.9 catches both negatives but
    # abstains on one answerable question of four.
    free = choose_threshold(answerable, negatives)
    assert free.false_abstention == 1 / 4
    assert free.balanced_accuracy == ((1 - 1 / 4) + (1 - 0)) / 2
    # At most 10% false abstention: the threshold must stay at or below 0.15,
    # where the best it can do is catch the negative at 0.1.
    capped = choose_threshold(answerable, negatives, max_false_abstention=0.10)
    assert capped.false_abstention == 0.0
    assert capped.threshold <= 0.15
    assert capped.negatives_answered == 1 / 2
