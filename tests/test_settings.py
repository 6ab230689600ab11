"""The shipped settings: calibrated values read from one file, and a bad file fails loudly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from posenqa.settings import CALIBRATION_FILE, Settings, SettingsError, load_settings


def test_missing_file_means_the_uncalibrated_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.json") == Settings()


def test_calibrated_values_override_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"settings": {"judge": {"abstain_threshold": 0.7}}}))
    assert load_settings(path).judge.abstain_threshold == 0.7


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON"),
        ('{"settings": 3}', "no settings object"),
        ('{"settings": {"judge": {"abstain_threshold": "high"}}}', "must be float"),
        ('{"settings": {"judge": {"threshold": 0.5}}}', "unknown judge setting"),
        ('{"settings": {"jugde": {}}}', "unknown settings group"),
    ],
)
def test_a_bad_calibration_file_fails_loudly_naming_it(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "calibration.json"
    path.write_text(content)
    with pytest.raises(SettingsError, match=message) as caught:
        load_settings(path)
    assert str(path) in str(caught.value)


def test_the_shipped_calibration_file_is_sound() -> None:
    assert CALIBRATION_FILE.is_file()
    load_settings(CALIBRATION_FILE)


def test_an_unknown_rerank_method_or_weight_out_of_range_is_refused() -> None:
    with pytest.raises(SettingsError, match=r"rerank\.method must be one of replace, interp, rrf"):
        Settings.from_dict({"rerank": {"method": "magic"}})
    with pytest.raises(SettingsError, match=r"rerank\.weight must be in \[0, 1\]"):
        Settings.from_dict({"rerank": {"weight": 1.5}})
    assert Settings.from_dict({"rerank": {"method": "interp", "weight": 0.5}}).rerank.weight == 0.5
