"""Extensions plug into a worker through `streams/plugins.py`: what they get and what `create_app` wires."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from streams.app import create_app
from streams.compliance.agents import CompliancePlugin
from streams.compliance.allowlist import Allowance, party_key
from streams.plugins import Extension, Role, WorkerContext
from streams.processing import Decision
from streams.settings import Settings
from streams.snapshot import ActiveSnapshot


class Recorder:
    """A plug-in that records what it was given and registers a suppressor and a readiness check."""

    name = "recorder"

    def __init__(self, ready: bool = True) -> None:
        self.context: WorkerContext | None = None
        self.ready = ready

    def install(self, worker: WorkerContext) -> Extension:
        self.context = worker
        return Extension(
            name=self.name,
            suppressor=self.suppress,
            readiness=lambda: (self.ready, [] if self.ready else ["recorder not ready"]),
        )

    def suppress(self, record: Decision, snapshot: ActiveSnapshot) -> Decision:
        return record


def settings(tmp_path: Path) -> Settings:
    return Settings(broker="kafka://127.0.0.1:1", datadir=tmp_path, web_port=6999)


def test_a_plugin_gets_the_workers_parts_and_its_suppressor_is_wired(tmp_path: Path) -> None:
    plugin = Recorder()
    holdline = create_app(settings(tmp_path), role="screening", plugins=[plugin])
    try:
        context = plugin.context
        assert context is not None and context.role is Role.SCREENING
        assert context.app is holdline.app and context.settings is holdline.settings
        assert context.snapshots is holdline.snapshots and context.processor is holdline.processor
        assert holdline.processor.suppressor == plugin.suppress
        assert [e.name for e in holdline.extensions] == ["recorder"]
    finally:
        holdline.close()


def test_without_plugins_nothing_is_suppressed_and_the_compliance_role_is_refused(tmp_path: Path) -> None:
    holdline = create_app(settings(tmp_path), plugins=[])
    try:
        assert holdline.processor.suppressor is None and holdline.extensions == []
    finally:
        holdline.close()
    with pytest.raises(ValueError, match="compliance workflow"):
        create_app(settings(tmp_path), role="compliance", plugins=[])


def test_two_suppressors_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="more than one"):
        create_app(settings(tmp_path), plugins=[Recorder(), Recorder()])


def test_the_compliance_plugins_pre_check_is_wired_to_its_allow_list(tmp_path: Path) -> None:
    plugin = CompliancePlugin()
    holdline = create_app(settings(tmp_path), role="screening", plugins=[plugin])
    try:
        applies = holdline.processor.suppressor_applies
        assert applies is not None and plugin.runtime is not None
        assert not applies(["bis:1"])  # an empty allow-list touches no hold
        plugin.runtime.allowlist.put(
            Allowance(
                party_key=party_key("Acme Trading", "CN"),
                party_name="Acme Trading",
                country="CN",
                entry_id="bis:1",
                entry_hash="h1",
                created_at=datetime.now(UTC),
                reviewer="alice",
                reason="reseller, not the listed company",
            )
        )
        assert applies(["bis:2", "bis:1"]) and not applies(["bis:2"])
    finally:
        holdline.close()
    plain = create_app(settings(tmp_path / "plain"), role="screening", plugins=[Recorder()])
    try:
        assert plain.processor.suppressor_applies is None  # no pre-check: every match hold is read back
    finally:
        plain.close()
