"""One reader of `HOLDLINE_*`: the compliance section is read from the same flat names as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from streams.settings import ComplianceSettings, Settings


def test_compliance_values_come_from_the_flat_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOLDLINE_TOPIC_DECISIONS", "acme.decisions")
    monkeypatch.setenv("holdline_four_eyes", "release")  # case-insensitive, as every other setting
    monkeypatch.setenv("HOLDLINE_LIST_MAX_AGE_HOURS", "12")
    monkeypatch.setenv("HOLDLINE_TOPIC_HOLD", "acme.hold")
    settings = Settings()
    assert settings.topic_hold == "acme.hold"
    assert settings.compliance.topic_decisions == "acme.decisions"
    assert settings.compliance.four_eyes_actions() == frozenset({"release"})
    assert (
        settings.compliance.list_max_age is not None
        and settings.compliance.list_max_age.total_seconds() == 43200
    )


def test_the_section_is_frozen_and_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOLDLINE_CONSOLE_PORT", "not a port")
    with pytest.raises(ValidationError):
        Settings()
    monkeypatch.delenv("HOLDLINE_CONSOLE_PORT")
    with pytest.raises(ValidationError):
        Settings().compliance.console_port = 1  # type: ignore[misc]


def test_overrides_keep_the_rest_of_the_section(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOLDLINE_TOPIC_BLOCKED", "acme.blocked")
    settings = Settings().with_overrides(compliance={"console_port": 7000})
    assert settings.compliance.console_port == 7000 and settings.compliance.topic_blocked == "acme.blocked"
    assert ComplianceSettings().topic_blocked == "screening.blocked"  # the model alone reads no environment


def test_cache_dir_is_a_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOLDLINE_CACHE_DIR", str(tmp_path))
    assert Settings().compiled_cache_dir == tmp_path
    monkeypatch.setenv("HOLDLINE_CACHE_DIR", "off")
    assert Settings().compiled_cache_dir is None
