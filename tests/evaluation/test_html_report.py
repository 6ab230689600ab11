"""The HTML report: plots for whatever modes a run holds, robust to odd numbers."""

from __future__ import annotations

import math

from posenqa.evaluation import build_summary, parse_gold, score_mode
from posenqa.evaluation.curves import abstention_tradeoff, recall_curve
from posenqa.evaluation.html_report import render_html

GOLD = parse_gold(
    [
        '{"id": "a", "question": "q a?", "kind": "fact", "evidence": ["alpha"]}',
        '{"id": "b", "question": "q b?", "kind": "concept", "evidence": ["beta"]}',
        '{"id": "n", "question": "q n?", "kind": "negative"}',
        '{"id": "m", "question": "q m?", "kind": "negative"}',
    ]
)


def _record(qid: str, text: str, confidence: float, mode: str = "reranked") -> dict:
    return {"id": qid, "mode": mode, "results": [{"text": text}], "confidence": confidence}


def test_recall_curve_and_tradeoff_are_computed_from_ranks_and_confidences() -> None:
    assert recall_curve([1, 3, None], 3) == [1 / 3, 1 / 3, 2 / 3]
    records = [_record("a", "alpha", 0.9), _record("b", "x", 0.4), _record("n", "x", 0.3),
               _record("m", "x", 0.5)]  # fmt: skip
    curve = abstention_tradeoff(GOLD, records)
    # (threshold, answerable lost, negatives caught), from abstaining on nothing to on all
    assert curve[0] == (0.3, 0.0, 0.0)
    assert (0.5, 1 / 2, 1 / 2) in curve
    assert curve[-1][1:] == (1.0, 1.0)


def test_a_mode_the_report_has_never_seen_is_plotted_and_its_threshold_marked() -> None:
    runs = {
        "reranked": [
            _record("a", "alpha", 0.9),
            _record("b", "beta", 0.8),
            _record("n", "x", 0.1),
            _record("m", "x", 0.2),
        ],
    }
    summary = build_summary(
        "gold.jsonl", "all", {m: score_mode(GOLD, r) for m, r in runs.items()},
        k=5, questions=4, thresholds={"rerank_threshold": 0.5},
    )  # fmt: skip
    page = render_html(
        summary, questions=GOLD, runs=runs, settings_for_mode={"reranked": "rerank_threshold"}
    )
    assert page.count("<svg") == 3
    assert "<th>reranked</th>" in page
    assert "reranked threshold 0.500" in page


def test_odd_confidences_still_give_a_report() -> None:
    odd = [math.nan, math.inf, -math.inf, 1e308]
    runs = {"hybrid": [_record(q.id, "alpha", c, "hybrid") for q, c in zip(GOLD, odd, strict=True)]}
    summary = build_summary(
        "g", "all", {"hybrid": score_mode(GOLD, runs["hybrid"])}, k=3, questions=4,
        thresholds={"abstain_threshold": math.inf},
    )  # fmt: skip
    assert render_html(summary, questions=GOLD, runs=runs).count("<svg") == 3
