"""Evaluation against a gold question set: load, run, score, report, calibrate.

Dependencies point one way: this package reads the engine's answers (through
any object with ``ask``) and never imports the search stack itself, so its
metrics and reports work on saved runs without torch.
"""

from posenqa.evaluation.calibrate import (
    CALIBRATION_FILE,
    SETTING_FOR_MODE,
    Calibration,
    calibrate_records,
    choose_threshold,
    read_calibration,
    write_calibration,
)
from posenqa.evaluation.gold import KINDS, SPLITS, GoldQuestion, load_gold, parse_gold, select_split
from posenqa.evaluation.matching import evidence_matches, normalize
from posenqa.evaluation.metrics import ModeScores, score_mode
from posenqa.evaluation.report import build_summary, render_markdown, render_text
from posenqa.evaluation.runner import (
    MODES,
    RunInfo,
    SavedRun,
    load_run,
    read_run,
    records_by_mode,
    run_questions,
    write_run,
)

__all__ = [
    "CALIBRATION_FILE",
    "KINDS",
    "MODES",
    "SETTING_FOR_MODE",
    "SPLITS",
    "Calibration",
    "GoldQuestion",
    "ModeScores",
    "RunInfo",
    "SavedRun",
    "build_summary",
    "calibrate_records",
    "choose_threshold",
    "evidence_matches",
    "load_gold",
    "load_run",
    "normalize",
    "parse_gold",
    "read_calibration",
    "read_run",
    "records_by_mode",
    "render_markdown",
    "render_text",
    "run_questions",
    "score_mode",
    "select_split",
    "write_calibration",
    "write_run",
]
