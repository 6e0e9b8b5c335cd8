"""`holdline worker --role`: screening and compliance in separate processes keep every guarantee.

On the real broker: a `screening` worker screens the input topics, a `compliance` worker owns the hold
state, the open events, decisions and re-screening. A publication re-holds the open events naming listed
parties exactly once; a reviewer's release is applied exactly once; the screening worker applies none of
it (it joins no compliance group and tails no hold state).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from matchers.lists import BUILTIN_LIST
from streams.cli.main import main
from streams.kafka_io import Producer
from tests.streams.compliance.test_compliance_e2e import (  # noqa: F401 - compliance_env is a fixture
    CLEAN,
    KEYS,
    LISTED,
    compliance_env,
    event,
    records_of,
    small_list,
    wait_for,
)


def test_screening_and_compliance_roles_split_the_work(
    pipeline: Any,
    workers: Any,
    compliance_env: dict[str, str],  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = pipeline.settings
    bootstrap = pipeline.bootstrap
    small = small_list(tmp_path / "unrelated.json")
    screening = workers.start(
        pipeline,
        [small],
        name="screening",
        extra_env=compliance_env,
        argv=_worker_cmd(pipeline, [small], "screening"),
    )
    compliance = workers.start(
        pipeline,
        [small],
        name="compliance",
        extra_env=compliance_env,
        argv=_worker_cmd(pipeline, [small], "compliance"),
    )
    screening.wait_ready(timeout=90)
    compliance.wait_ready(timeout=90)
    status, body = compliance.health()
    assert status == 200 and body["assigned_partitions"] == 0  # ready without any input partition

    everything = {**LISTED, **CLEAN}
    with Producer(bootstrap) as producer:
        for event_id, (event_type, role, name) in everything.items():
            body = event(event_id, event_type, role, name)
            topic = settings.topic_purchases if event_type == "purchase_order" else settings.topic_shipments
            key = body.get("shipment_id") or body["po_number"]
            producer.send(topic, json.dumps(body).encode(), key.encode())
    cleared = records_of(
        bootstrap, settings.topic_cleared, lambda rs: {r["event_id"] for r in rs} >= set(everything)
    )
    assert {r["event_id"] for r in cleared} == set(everything)
    wait_for(
        lambda: compliance.metric("holdline_open_events") >= len(everything), 30, "open events remembered"
    )
    assert screening.metric("holdline_open_events") == 0  # the screening worker keeps no open events

    monkeypatch.setenv("HOLDLINE_SIGNING_KEY", KEYS["publisher"].private_text())
    assert (
        main(
            [
                "lists",
                "publish",
                "--broker",
                settings.broker,
                "--list",
                str(small),
                "--list",
                str(BUILTIN_LIST),
            ]
        )
        == 0
    )
    monkeypatch.setenv("HOLDLINE_SIGNING_KEY", KEYS["olga"].private_text())

    def list_update_holds(records: list[dict[str, Any]]) -> bool:
        return {r["event_id"] for r in records if r.get("reason") == "list_update"} >= set(LISTED)

    holds = records_of(bootstrap, settings.topic_hold, list_update_holds, timeout=60)
    per_event = Counter(r["event_id"] for r in holds if r.get("reason") == "list_update")
    assert per_event == Counter(set(LISTED))  # each affected open event re-held exactly once
    # The screening worker swapped to the published snapshot too: it screens new events against it.
    new_version = next(r["list_version"] for r in holds if r.get("reason") == "list_update")
    wait_for(
        lambda: screening.metric("holdline_list_snapshot_info", version=new_version) == 1,
        30,
        "the screening worker to load the publication",
    )

    assert (
        main(
            [
                "holds",
                "decide",
                "--broker",
                settings.broker,
                "--event-id",
                "po-hik",
                "--action",
                "release",
                "--reason",
                "Reseller in Ningbo is not the listed entity.",
            ]
        )
        == 0
    )
    released = records_of(
        bootstrap,
        settings.topic_cleared,
        lambda rs: any(r.get("decision_ref") and r["event_id"] == "po-hik" for r in rs),
    )
    assert [r["event_id"] for r in released if r.get("decision_ref")] == ["po-hik"]
    wait_for(lambda: compliance.metric("holdline_decisions_total", action="release") == 1, 30, "the decision")
    assert screening.metric("holdline_decisions_total", action="release") == 0
    assert compliance.metric("holdline_holds_open") == len(LISTED) - 1
    assert screening.metric("holdline_holds_open") == 0


def _worker_cmd(pipeline: Any, lists: list[Path], role: str) -> list[str]:
    """`holdline worker --role ROLE` (the harness passes the web port in HOLDLINE_WEB_PORT)."""
    cmd = [
        sys.executable,
        "-m",
        "streams.cli.main",
        "worker",
        "--broker",
        pipeline.settings.broker,
        "--role",
        role,
    ]
    for path in lists:
        cmd += ["--list", str(path)]
    return cmd


def test_compliance_role_needs_the_workflow(pipeline: Any) -> None:
    env = {**pipeline.worker_env(), "HOLDLINE_COMPLIANCE_WORKFLOW": "false"}
    proc = subprocess.run(
        [sys.executable, "-m", "streams.cli.main", "worker", "--role", "compliance"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2 and "--role compliance needs" in proc.stderr
