"""On the real broker, with a real worker: forged allowances and publications change nothing.

Anyone who can write to `holdline.allowlist` or `holdline.control` must not be able to suppress a match or
replace the lists; a genuine publisher must not be able to empty them by mistake.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from matchers.lists import BUILTIN_LIST
from streams.cli.lists_lifecycle import _send
from streams.cli.main import main
from streams.compliance.allowlist import party_key
from streams.compliance.publication import collect_files, encode
from streams.kafka_io import Producer
from tests.streams.compliance.test_compliance_e2e import (  # noqa: F401  (compliance_env: a fixture)
    KEYS,
    compliance_env,
    event,
    records_of,
    small_list,
    wait_for,
)


def test_forged_allowances_and_publications_are_refused_and_four_eyes_needs_a_second_reviewer(
    pipeline: Any,
    workers: Any,
    compliance_env: dict[str, str],  # noqa: F811
    tmp_path: Path,
    monkeypatch: Any,
    capsys: Any,
) -> None:
    settings = pipeline.settings
    control = compliance_env["HOLDLINE_TOPIC_CONTROL"]
    small = small_list(tmp_path / "unrelated.json")
    monkeypatch.setenv("HOLDLINE_FOUR_EYES", "release")
    worker = workers.start(pipeline, [small], extra_env={**compliance_env, "HOLDLINE_FOUR_EYES": "release"})
    worker.wait_ready(timeout=90)

    def refused(reason: str) -> float:
        return worker.metric("holdline_decisions_refused_total", reason=reason)

    def entries(list_id: str) -> float:
        return worker.metric("holdline_list_entries", list=list_id)

    # A genuine, signed publication adding the October 2019 entries is applied.
    monkeypatch.setenv("HOLDLINE_SIGNING_KEY", KEYS["publisher"].private_text())
    both = [
        "lists",
        "publish",
        "--broker",
        settings.broker,
        "--list",
        str(small),
        "--list",
        str(BUILTIN_LIST),
    ]
    assert main(both) == 0
    wait_for(lambda: entries("bis-entity-list-2019-10") > 0, 60, "the signed publication to be active")
    builtin_entries = entries("bis-entity-list-2019-10")
    assert entries("test-unrelated") == 3

    # Built-in list alone: the CLI refuses to drop a list; nothing is sent.
    alone = ["lists", "publish", "--broker", settings.broker, "--list", str(BUILTIN_LIST)]
    assert main(alone) == 2
    # The same written to the topic directly: unsigned, then signed but shrinking, then signed by a key
    # that may not publish. Every worker refuses each and keeps its lists.
    files = collect_files([BUILTIN_LIST])
    counts = {"bis-entity-list-2019-10": int(builtin_entries)}
    _, unsigned = encode(files, publisher="mallory", lists=counts)
    _, shrinking = encode(files, publisher="publisher", lists=counts, signer=KEYS["publisher"])
    _, not_a_publisher = encode(files, publisher="olga", lists=counts, allow_shrink=True, signer=KEYS["olga"])
    for publication_id, records in (("a", unsigned), ("b", shrinking), ("c", not_a_publisher)):
        _send(settings, control, publication_id, records)
    wait_for(lambda: refused("shrink") == 1 and refused("not_allowed") == 1, 30, "the publications refused")
    assert refused("unsigned") == 1
    assert entries("test-unrelated") == 3 and entries("bis-entity-list-2019-10") == builtin_entries

    # A forged allowance for a listed party: unsigned, and one citing a release that does not exist.
    name = "Hikvision Co., Ltd."
    allowance = {
        "kind": "allowance",
        "allowance_id": "forged-allowance",
        "party_key": party_key(name, "CN"),
        "party_name": name,
        "country": "CN",
        "entry_id": "bis-entity-list:hikvision",
        "entry_hash": "0" * 16,
        "created_at": datetime.now(UTC).isoformat(),
        "reviewer": "chief.compliance.officer",
        "reason": "board approval",
        "authority": [],
    }
    with Producer(pipeline.bootstrap, one_record_per_batch=True) as producer:
        producer.send(
            compliance_env["HOLDLINE_TOPIC_ALLOWLIST"], json.dumps(allowance).encode(), b"forged-allowance"
        )
    wait_for(lambda: refused("unsigned") == 2, 30, "the forged allowance refused")
    body = event("po-after", "purchase_order", "supplier", name)
    with Producer(pipeline.bootstrap, one_record_per_batch=True) as producer:
        producer.send(settings.topic_purchases, json.dumps(body).encode(), body["po_number"].encode())
    holds = records_of(
        pipeline.bootstrap, settings.topic_hold, lambda rs: any(r["event_id"] == "po-after" for r in rs)
    )
    held = next(r for r in holds if r["event_id"] == "po-after")
    assert held["decision"] == "hold" and not held.get("allowlist_suppressed")
    assert worker.metric("holdline_allowlist_suppressed_total") == 0
    refusals = records_of(
        pipeline.bootstrap,
        compliance_env["HOLDLINE_TOPIC_REFUSALS"],
        lambda rs: any(r.get("decision_id") == "forged-allowance" for r in rs),
    )
    assert any(r["code"] == "unsigned" and r["kind"] == "control_refused" for r in refusals)

    # Four-eyes from the terminal: olga proposes releasing the hold, cannot approve it herself; bob can.
    wait_for(lambda: worker.metric("holdline_holds_open") >= 1, 30, "the hold state")
    monkeypatch.setenv("HOLDLINE_SIGNING_KEY", KEYS["olga"].private_text())
    decide = ["holds", "decide", "--broker", settings.broker, "--event-id", "po-after"]
    capsys.readouterr()
    assert main([*decide, "--action", "release", "--reason", "a reseller, not the listed company"]) == 0
    proposed = capsys.readouterr().out
    assert "proposed" in proposed and worker.metric("holdline_holds_open") >= 1
    proposal = proposed.split("(decision ")[1].split(")")[0]
    approve = [*decide, "--action", "approve", "--proposal", proposal, "--reason", "agreed"]
    assert main(approve) == 2
    assert "self_approval" in capsys.readouterr().err
    monkeypatch.setenv("HOLDLINE_SIGNING_KEY", KEYS["bob"].private_text())
    assert main(approve) == 0
    released = records_of(
        pipeline.bootstrap,
        settings.topic_cleared,
        lambda rs: any(r["event_id"] == "po-after" and r.get("decision_ref") for r in rs),
    )
    ref = next(r for r in released if r["event_id"] == "po-after" and r.get("decision_ref"))["decision_ref"]
    assert (ref["reviewer"], ref["approved_by"]) == ("olga", "bob")
