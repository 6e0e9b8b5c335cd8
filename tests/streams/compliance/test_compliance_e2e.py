"""The 9 October 2019 scenario end to end, on the real broker, with a real worker, console and Chromium.

A worker screens on a list WITHOUT the October 2019 Entity List additions; orders and shipments naming
Hikvision, the Hami (Kumul) public security bureau and clean parties are all cleared. The additions are
published with `holdline lists publish`; within seconds the open events naming listed parties are held
with reason `list_update` (the clean ones are not). A reviewer releases one hold in the console (Chromium)
and an operator confirms another from the CLI; the released event reaches the cleared topic, the
confirmed one the blocked topic, and the audit export shows both histories.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from matchers.lists import BUILTIN_LIST
from streams.cli.main import main
from streams.compliance.signing import Role, Signer
from streams.console.auth import hash_secret
from streams.kafka_io import Producer, read_until
from streams.settings import ComplianceSettings
from streams.topics import compliance_topics, create_topics
from tests.support.broker import free_port

SECRET = "release-with-care-2019"
# Every signer of this test: the console, the operator olga (CLI) and the list publisher.
KEYS = {name: Signer.generate(name) for name in ("console", "olga", "bob", "publisher")}

LISTED = {
    "po-hik": ("purchase_order", "supplier", "Hikvision Co., Ltd."),
    "sh-hami": ("shipment", "consignee", "Hami Municipal Public Security Bureau"),
    "po-kumul": ("purchase_order", "end_user", "Kumul Municipality Public Security Bureau"),
}
CLEAN = {
    "po-clean": ("purchase_order", "supplier", "Shenzhen Bright Components Co., Ltd."),
    "sh-clean": ("shipment", "consignee", "Northwind Traders GmbH"),
}


def event(event_id: str, event_type: str, role: str, name: str) -> dict[str, Any]:
    flagged = {"name": name, "country": "CN"}
    if event_type == "purchase_order":
        body = {
            "po_number": f"PO-{event_id}",
            "buyer": {"name": "Contoso Security Systems Ltd", "country": "GB"},
            "supplier": {"name": "Fabrikam Optics", "country": "DE"},
            "lines": [{"sku": "CAM-4K", "description": "network camera", "quantity": 40}],
        }
    else:
        body = {
            "shipment_id": f"SH-{event_id}",
            "po_number": f"PO-{event_id}",
            "shipper": {"name": "Fabrikam Optics", "country": "DE"},
            "origin_country": "DE",
            "destination_country": "CN",
        }
    return {
        "event_id": event_id,
        "event_type": event_type,
        "occurred_at": datetime.now(UTC).isoformat(),
        **body,
        role: flagged,
    }


def small_list(path: Path) -> Path:
    """A BIS-format list with a few entries unrelated to the October 2019 additions."""
    entities = [
        {
            "name": name,
            "aliases": [],
            "country": country,
            "address": None,
            "status": None,
            "effective_date": None,
            "federal_register": "test fixture",
            "notes": None,
        }
        for name, country in (
            ("Rosoboronexport", "Russia"),
            ("Mahan Air", "Iran"),
            ("Korea Mining Development Trading Corporation", "North Korea"),
        )
    ]
    path.write_text(
        json.dumps(
            {
                "list_id": "test-unrelated",
                "source_file": "test",
                "extracted": "2019-10-01",
                "count": len(entities),
                "entities": entities,
            }
        )
    )
    return path


def wait_for(predicate: Any, timeout: float, what: str, interval: float = 0.5) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def records_of(bootstrap: str, topic: str, want: Any, timeout: float = 60.0) -> list[dict[str, Any]]:
    raw = read_until(
        bootstrap,
        [topic],
        lambda rs: want([json.loads(r.value) for r in rs if r.value]),
        timeout=timeout,
        quiet=1.0,
    )
    return [json.loads(r.value) for r in raw if r.value]


@pytest.fixture
def compliance_env(pipeline: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """This test's compliance topics (created), reviewer accounts and operator, also set in this process."""
    prefix = pipeline.settings.group_id
    defaults = ComplianceSettings()
    names = {
        f: f"{prefix}.{getattr(defaults, f)}"
        for f in (
            "topic_decisions",
            "topic_blocked",
            "topic_control",
            "topic_holds_state",
            "topic_allowlist",
            "topic_open_events",
            "topic_refusals",
        )
    }
    create_topics(pipeline.settings, compliance_topics(pipeline.settings, ComplianceSettings(**names)))
    env = {f"HOLDLINE_{k.upper()}": v for k, v in names.items()}
    env.update(
        {
            "HOLDLINE_LIST_STORE": str(tmp_path / "store"),
            "HOLDLINE_REVIEWERS": f"alice:{hash_secret(SECRET)}",
            "HOLDLINE_TRUSTED_KEYS": ",".join(
                [
                    KEYS["console"].public_text([Role.CONSOLE]),
                    KEYS["olga"].public_text([Role.REVIEWER]),
                    KEYS["bob"].public_text([Role.REVIEWER]),
                    KEYS["publisher"].public_text([Role.PUBLISHER]),
                ]
            ),
            # This process acts as the operator olga (CLI); the console gets its own key below.
            "HOLDLINE_SIGNING_KEY": KEYS["olga"].private_text(),
        }
    )
    for key, value in {**pipeline.worker_env(), **env}.items():
        monkeypatch.setenv(key, value)
    return env


@pytest.fixture
def console(pipeline: Any, compliance_env: dict[str, str], tmp_path: Path) -> Any:
    port = free_port()
    log = open(tmp_path / "console.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "streams.cli.main", "console", "serve", "--port", str(port)],
        env={**os.environ, "PYTHONUNBUFFERED": "1", "HOLDLINE_SIGNING_KEY": KEYS["console"].private_text()},
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as resp:
                return resp.status == 200
        except OSError:
            assert proc.poll() is None, (tmp_path / "console.log").read_text()
            return False

    try:
        wait_for(up, 60, "the console to serve")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_list_update_holds_open_events_and_reviewers_decide_them(
    pipeline: Any,
    workers: Any,
    compliance_env: dict[str, str],
    console: str,
    chromium: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = pipeline.settings
    bootstrap = pipeline.bootstrap
    small = small_list(tmp_path / "unrelated.json")
    worker = workers.start(pipeline, [small], extra_env=compliance_env)
    worker.wait_ready(timeout=90)

    everything = {**LISTED, **CLEAN}
    with Producer(bootstrap, one_record_per_batch=True) as producer:
        for event_id, (event_type, role, name) in everything.items():
            body = event(event_id, event_type, role, name)
            topic = settings.topic_purchases if event_type == "purchase_order" else settings.topic_shipments
            key = body.get("shipment_id") or body["po_number"]
            producer.send(topic, json.dumps(body).encode(), key.encode())
    cleared = records_of(
        bootstrap, settings.topic_cleared, lambda rs: {r["event_id"] for r in rs} >= set(everything)
    )
    assert {r["event_id"] for r in cleared} == set(everything)  # nothing listed yet: all cleared
    wait_for(
        lambda: worker.metric("holdline_open_events") >= len(everything), 30, "counterparties remembered"
    )
    old_version = cleared[0]["list_version"]

    # 9 October 2019: the additions are published to every worker on the broker, by the list publisher.
    monkeypatch.setenv("HOLDLINE_SIGNING_KEY", KEYS["publisher"].private_text())
    published_at = time.monotonic()
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
                "--note",
                "84 FR 54002",
            ]
        )
        == 0
    )

    monkeypatch.setenv("HOLDLINE_SIGNING_KEY", KEYS["olga"].private_text())

    def list_update_holds(records: list[dict[str, Any]]) -> bool:
        return {r["event_id"] for r in records if r.get("reason") == "list_update"} >= set(LISTED)

    holds = records_of(bootstrap, settings.topic_hold, list_update_holds, timeout=60)
    held_after = time.monotonic() - published_at
    assert held_after < 30, f"list-update holds took {held_after:.1f}s"
    by_id = {r["event_id"]: r for r in holds}
    assert set(by_id) == set(LISTED)  # the clean events were not held
    for event_id, (event_type, role, name) in LISTED.items():
        hold = by_id[event_id]
        assert hold["decision"] == "hold" and hold["reason"] == "list_update"
        assert hold["event_type"] == event_type and hold["list_version"] != old_version
        assert [h["role"] for h in hold["hits"]] == [role] and hold["hits"][0]["party"]["name"] == name
        assert hold["hits"][0]["matches"][0]["citation"] == "84 FR 54002, 10/9/19"
        assert hold["list_update"]["citations"] == ["84 FR 54002, 10/9/19"]
        assert hold["list_update"]["from_version"] == old_version
    wait_for(
        lambda: worker.metric("holdline_list_snapshot_info", version=by_id["po-hik"]["list_version"]) == 1,
        10,
        "the worker to expose the new snapshot version",
    )

    # A reviewer releases the Hikvision order in the console, in a real browser.
    page = chromium.new_page()
    page.goto(console + "/")
    assert page.url.endswith("/login")
    page.fill("input[name=name]", "alice")
    page.fill("input[name=secret]", SECRET)
    page.click("button[type=submit]")
    wait_for(
        lambda: "po-hik" in page.content() and "po-kumul" in page.content(),
        30,
        "the console to list the list-update holds",
        interval=1.0,
    )
    if not page.url.endswith("/"):
        page.goto(console + "/")
    assert "84 FR 54002" in page.content()
    page.click("a[href='/holds/po-hik']")
    page.check("input[value=release]")
    page.fill(
        "textarea[name=reason]",
        "Reseller 'Hikvision Co.' in Ningbo is not the listed entity (checked registry).",
    )
    page.click("button[type=submit]:has-text('Submit decision')")
    page.wait_for_url(console + "/", timeout=40_000)
    assert "Release of po-hik submitted" in page.content()
    assert 'href="/holds/po-hik"' not in page.content()  # no longer an open hold

    released = records_of(
        bootstrap,
        settings.topic_cleared,
        lambda rs: any(r.get("decision_ref") and r["event_id"] == "po-hik" for r in rs),
    )
    release = next(r for r in released if r.get("decision_ref"))
    assert release["event_id"] == "po-hik" and release["reason"] == "released"
    assert release["decision_ref"]["reviewer"] == "alice"
    assert release["event"]["po_number"] == "PO-po-hik"

    # An operator confirms the Hami shipment from the terminal; deciding it again is refused.
    assert (
        main(
            [
                "holds",
                "decide",
                "--broker",
                settings.broker,
                "--event-id",
                "sh-hami",
                "--action",
                "confirm",
                "--reason",
                "Consignee is the listed Hami Municipality PSB",
            ]
        )
        == 0
    )
    blocked = records_of(
        bootstrap,
        compliance_env["HOLDLINE_TOPIC_BLOCKED"],
        lambda rs: any(r["event_id"] == "sh-hami" for r in rs),
    )
    assert [(r["event_id"], r["decision_ref"]["reviewer"]) for r in blocked] == [("sh-hami", "olga")]
    assert (
        main(
            [
                "holds",
                "decide",
                "--broker",
                settings.broker,
                "--event-id",
                "sh-hami",
                "--action",
                "release",
                "--reason",
                "second thoughts",
            ]
        )
        == 2
    )

    # Anyone who can write to the decisions topic is NOT a reviewer: a forged release of the open Kumul
    # hold (unsigned; signed by an unknown key; a genuine signature on altered content) changes nothing.
    kumul = next(r for r in holds if r["event_id"] == "po-kumul")
    forged = {
        "kind": "decision",
        "decision_id": "forged-1",
        "event_id": "po-kumul",
        "action": "release",
        "reviewer": "chief.compliance.officer",
        "reason": "approved at board level",
        "decided_at": datetime.now(UTC).isoformat(),
        "hold_ref": {"event_id": "po-kumul", "generation": 1, "list_version": kumul["list_version"]},
        "allow": True,
        "via": "console",
    }
    outsider = Signer.generate("console")  # claims the console's key id, with another key
    altered = {**KEYS["olga"].sign({**forged, "decision_id": "forged-3", "reviewer": "olga"}), "allow": False}
    unknown = Signer.generate("mallory").sign({**forged, "decision_id": "forged-4", "reviewer": "mallory"})
    # And alice's genuine, signed release of the Hikvision order, written to the topic again.
    genuine = records_of(
        bootstrap,
        compliance_env["HOLDLINE_TOPIC_DECISIONS"],
        lambda rs: any(r.get("event_id") == "po-hik" for r in rs),
    )
    replay = next(r for r in genuine if r.get("event_id") == "po-hik")
    with Producer(bootstrap, one_record_per_batch=True) as producer:
        producer.send(compliance_env["HOLDLINE_TOPIC_DECISIONS"], json.dumps(replay).encode(), b"po-hik")
        for record in (forged, outsider.sign({**forged, "decision_id": "forged-2"}), altered, unknown):
            producer.send(
                compliance_env["HOLDLINE_TOPIC_DECISIONS"], json.dumps(record).encode(), b"po-kumul"
            )
    refusals = records_of(
        bootstrap,
        compliance_env["HOLDLINE_TOPIC_REFUSALS"],
        lambda rs: (
            {r.get("decision_id") for r in rs}
            >= {"forged-1", "forged-2", "forged-3", "forged-4", replay["decision_id"]}
        ),
    )
    codes = {r["decision_id"]: r["code"] for r in refusals if r["event_id"] in ("po-kumul", "po-hik")}
    assert codes == {
        "forged-1": "unsigned",
        "forged-2": "bad_signature",
        "forged-3": "bad_signature",
        "forged-4": "unknown_key",
        replay["decision_id"]: "replayed",
    }
    assert worker.metric("holdline_decisions_refused_total", reason="unsigned") == 1
    assert worker.metric("holdline_decisions_refused_total", reason="bad_signature") == 2
    assert worker.metric("holdline_decisions_refused_total", reason="unknown_key") == 1
    assert worker.metric("holdline_decisions_refused_total", reason="replayed") == 1
    assert worker.metric("holdline_holds_open") == 1  # the Kumul hold stays open
    assert worker.metric("holdline_decisions_total", action="release") == 1  # only alice's

    # The audit export shows both histories.
    out = tmp_path / "audit.json"
    assert (
        main(["audit", "export", "--broker", settings.broker, "--format", "json", "--output", str(out)]) == 0
    )
    audit = {row["event_id"]: row for row in json.loads(out.read_text())}
    assert set(audit) == set(LISTED)
    steps = {event_id: [s["step"] for s in audit[event_id]["history"]] for event_id in audit}
    assert steps["po-hik"] == ["cleared", "held", "decided", "decision_rejected", "released"]  # + the replay
    assert steps["sh-hami"] == ["cleared", "held", "decided", "blocked"]
    assert steps["po-kumul"] == ["cleared", "held"] + ["decision_rejected"] * 4
    rejected = [s for s in audit["po-kumul"]["history"] if s["step"] == "decision_rejected"]
    assert all(not s["actor"].startswith("chief") for s in rejected)  # never shown as the officer's
    assert audit["po-hik"]["status"] == "released" and audit["sh-hami"]["status"] == "blocked"
    decided = {
        e: next(s for s in audit[e]["history"] if s["step"] == "decided") for e in ("po-hik", "sh-hami")
    }
    assert decided["po-hik"]["actor"] == "alice" and decided["sh-hami"]["actor"] == "olga"
    csv_out = tmp_path / "audit.csv"
    assert (
        main(["audit", "export", "--broker", settings.broker, "--format", "csv", "--output", str(csv_out)])
        == 0
    )
    assert csv_out.read_text().count("\npo-hik,") == 5
    assert main(["audit", "export", "--broker", settings.broker, "--format", "json", "--verify"]) == 0
    assert worker.metric("holdline_decisions_total", action="release") == 1
    assert worker.metric("holdline_decisions_total", action="confirm") == 1

    # The open hold survives a restart: the new worker folds it back from Kafka.
    assert worker.terminate() == 0
    worker.start()
    worker.wait_ready(timeout=90)
    wait_for(
        lambda: worker.metric("holdline_holds_open") == 1, 30, "the restarted worker to know the open hold"
    )
