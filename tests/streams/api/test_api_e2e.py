"""End to end on a real broker: the API and a worker screen the same party alike, and both follow a
snapshot publication on the control topic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from streams.api.tokens import create as create_token
from streams.cli.main import main
from streams.compliance.signing import Role, Signer
from streams.kafka_io import Producer, read_until
from streams.settings import ComplianceSettings
from streams.topics import compliance_topics, create_topics
from tests.streams.api.conftest import FTM, LISTS
from tests.support.broker import free_port

T1 = FTM / "t1" / "entities.ftm.json"
ZALA = FTM / "zala" / "entities.ftm.json"
BIS = LISTS / "us_bis_state_2026-07" / "bis_entity_list.json"


def wait_for(predicate: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


@pytest.fixture
def env(pipeline: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """This test's compliance topics (created), also set in this process (`lists publish` reads them)."""
    prefix = pipeline.settings.group_id
    defaults = ComplianceSettings()
    topics = [f for f in ComplianceSettings.model_fields if f.startswith("topic_")]
    names = {f: f"{prefix}.{getattr(defaults, f)}" for f in topics}
    create_topics(pipeline.settings, compliance_topics(pipeline.settings, ComplianceSettings(**names)))
    out = {**pipeline.worker_env(), **{f"HOLDLINE_{k.upper()}": v for k, v in names.items()}}
    out["HOLDLINE_LIST_STORE"] = str(tmp_path / "store")
    out["HOLDLINE_OPERATOR"] = "olga"
    # Publications count only when a trusted publisher signed them; this process publishes.
    publisher = Signer.generate("publisher")
    out["HOLDLINE_TRUSTED_KEYS"] = publisher.public_text([Role.PUBLISHER])
    out["HOLDLINE_SIGNING_KEY"] = publisher.private_text()
    for key, value in out.items():
        monkeypatch.setenv(key, value)
    return out


@pytest.fixture
def api(env: dict[str, str], tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    tokens = tmp_path / "tokens"
    token = create_token("e2e", tokens)
    port = free_port()
    log = open(tmp_path / "api.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streams.cli.main",
            "api",
            "serve",
            "--port",
            str(port),
            "--list",
            str(T1),
            "--list",
            str(BIS),
        ],
        env={**os.environ, **env, "HOLDLINE_API_TOKENS_FILE": str(tokens), "PYTHONUNBUFFERED": "1"},
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        assert proc.poll() is None, (tmp_path / "api.log").read_text()
        try:
            return httpx.get(url + "/readyz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_for(ready, 90, "the API to be ready")
        yield url, {"Authorization": f"Bearer {token}"}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_api_and_stream_agree_and_both_follow_publications(
    pipeline: Any, workers: Any, env: dict[str, str], api: tuple[str, dict[str, str]]
) -> None:
    url, auth = api
    settings = pipeline.settings
    worker = workers.start(pipeline, [T1, BIS], extra_env=env)
    worker.wait_ready(timeout=90)
    person = next(e for e in map(json.loads, T1.read_text().splitlines()) if e["schema"] == "Person")
    party = {
        "name": person["caption"],
        "country": person["properties"].get("nationality", ["ru"])[0].upper(),
        "kind": "person",
    }
    supplier = {"name": "Huawei Technologies", "country": "CN", "kind": "org"}
    event = {
        "event_id": "api-e2e-1",
        "event_type": "purchase_order",
        "occurred_at": datetime.now(UTC).isoformat(),
        "po_number": "PO-API-1",
        "buyer": party,
        "supplier": supplier,
        "lines": [{"sku": "X", "description": "widgets", "quantity": 1}],
    }
    with Producer(pipeline.bootstrap) as producer:
        producer.send(settings.topic_purchases, json.dumps(event).encode(), b"PO-API-1")

    def ours(records: list[Any]) -> list[dict[str, Any]]:
        values = (json.loads(r.value) for r in records if r.value)
        return [v for v in values if v.get("event_id") == "api-e2e-1"]

    raw = read_until(pipeline.bootstrap, [settings.topic_hold], ours, timeout=90, quiet=0.5)
    hold = ours(raw)[0]
    stream = {h["role"]: [(m["entry_id"], m["score"]) for m in h["matches"]] for h in hold["hits"]}
    assert set(stream) == {"buyer", "supplier"}

    # The same parties over HTTP: the same matches at the same scores, on the same snapshot.
    response = httpx.post(
        url + "/v1/screen",
        headers=auth,
        timeout=30,
        json={"parties": [{"id": "buyer", **party}, {"id": "supplier", **supplier}]},
    )
    body = response.json()
    assert body["list_version"] == hold["list_version"]
    for result in body["results"]:
        hits = [(m["entry_id"], m["score"]) for m in result["matches"] if m["score"] >= hold["threshold"]]
        assert hits == stream[result["id"]]
    matched = httpx.post(
        url + "/match/default",
        headers=auth,
        timeout=30,
        params={"limit": 50},
        json={
            "queries": {
                "buyer": {
                    "schema": "Person",
                    "properties": {"name": [party["name"]], "nationality": [party["country"]]},
                }
            }
        },
    )
    results = matched.json()["responses"]["buyer"]["results"]
    top_entry, top_score = stream["buyer"][0]
    assert results[0]["id"] == top_entry.split(":", 1)[1] and results[0]["score"] == top_score

    # A publication reaches the API like the workers: the zala cluster becomes screenable.
    company = next(
        e
        for e in map(json.loads, ZALA.read_text().splitlines())
        if e.get("target") and e["schema"] == "Company"
    )
    query = {"queries": {"c": {"schema": "Company", "properties": {"name": [company["caption"]]}}}}

    def found() -> bool:
        answer = httpx.post(url + "/match/default", headers=auth, json=query, timeout=30).json()
        return any(r["id"] == company["id"] for r in answer["responses"]["c"]["results"])

    assert not found()
    assert (
        main(
            [
                "lists",
                "publish",
                "--broker",
                settings.broker,
                "--list",
                str(T1),
                "--list",
                str(ZALA),
                "--list",
                str(BIS),
            ]
        )
        == 0
    )
    wait_for(found, 60, "the API to swap to the published snapshot")
    ready = httpx.get(url + "/readyz", timeout=5).json()
    assert ready["publication"] and ready["version"] != hold["list_version"]
    wait_for(
        lambda: worker.metric("holdline_list_snapshot_info", version=ready["version"]) == 1,
        60,
        "the worker to serve the same snapshot version",
    )
