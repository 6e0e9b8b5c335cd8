"""Fail closed (no snapshot, stale snapshot under the hold policy, engine error: 503 with a reason) and
`/v1/screen` answering exactly what `holdline screen --jsonl` writes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from matchers import Screener
from streams.api.app import create_app
from streams.api.settings import ApiSettings
from streams.settings import ComplianceSettings
from tests.streams.api.conftest import FTM, LISTS

MATCH = {"queries": {"q": {"schema": "Company", "properties": {"name": ["Huawei Technologies"]}}}}
SCREEN = {"parties": [{"id": 1, "name": "Huawei Technologies"}]}


def no_auth(lists: list[str], compliance: ComplianceSettings | None = None) -> TestClient:
    return TestClient(create_app(lists, api=ApiSettings(), compliance=compliance, no_auth=True, follow=False))


def assert_503(client: TestClient, words: str) -> None:
    for response in (
        client.post("/match/default", json=MATCH),
        client.post("/v1/screen", json=SCREEN),
        client.get("/catalog"),
        client.get("/readyz"),
    ):
        assert response.status_code == 503, response.text
        assert words in response.text
    assert client.get("/healthz").status_code == 200


def test_no_snapshot_is_503_with_the_reason(tmp_path: Path) -> None:
    broken = tmp_path / "entities.ftm.json"
    broken.write_text('{"id": "x", "schema": "Person", "properties": {"name": ["A"]}}\n{"id": \n')
    with no_auth([str(broken)]) as client:
        assert_503(client, "line 2")


def test_stale_snapshot_under_the_hold_policy_is_503(tmp_path: Path) -> None:
    old = tmp_path / "entities.ftm.json"
    shutil.copy(FTM / "t1" / "entities.ftm.json", old)
    os.utime(old)  # a freshly copied old list: its own date decides, never the file's modification time
    with no_auth([str(old)], ComplianceSettings(list_max_age_hours=24, list_stale_hold=True)) as client:
        assert_503(client, "stale")
    # Without the hold policy a stale snapshot still screens (the worker's rule).
    with no_auth([str(old)], ComplianceSettings(list_max_age_hours=24, list_stale_hold=False)) as client:
        assert client.get("/readyz").status_code == 200
        assert client.post("/match/default", json=MATCH).status_code == 200


class FailingScreener(Screener):
    """An engine fault: the real screener's data, but screening raises."""

    def screen(self, *args: object, **kwargs: object) -> list:  # type: ignore[override]
        raise RuntimeError("index corrupted")


def test_an_engine_error_is_503_never_an_empty_result() -> None:
    with no_auth([str(FTM / "t1" / "entities.ftm.json")]) as client:
        view = client.app.state.api.view
        view.screener = FailingScreener(view.screener.lists)
        for response in (client.post("/match/default", json=MATCH), client.post("/v1/screen", json=SCREEN)):
            assert response.status_code == 503 and "index corrupted" in response.json()["detail"]
        many = {"parties": [{"id": i, "name": f"Party {i}"} for i in range(20)]}  # the threaded path
        response = client.post("/v1/screen", json=many)
        assert response.status_code == 503 and "index corrupted" in response.json()["detail"]


def test_v1_screen_answers_what_screen_jsonl_writes(tmp_path: Path) -> None:
    lists = [str(LISTS / "us_bis_state_2026-07"), str(FTM / "t1" / "entities.ftm.json")]
    t1 = [json.loads(line) for line in (FTM / "t1" / "entities.ftm.json").read_text().splitlines()]
    parties = [
        {"id": "a", "name": "Huawei Technologies", "country": "CN", "kind": "org"},
        {"id": 7, "name": next(e["caption"] for e in t1 if e["schema"] == "Person"), "kind": "person"},
        {"id": "c", "name": "Northwind Garden Supplies"},
        {"id": "d", "name": "   "},
        {"id": "e", "name": "Rosoboronexport", "kind": "spaceship"},
    ]
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "streams.cli.main",
            "screen",
            "--jsonl",
            *[a for p in lists for a in ("--list", p)],
        ],
        input="".join(json.dumps(p) + "\n" for p in parties),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    expected = [json.loads(line) for line in cli.stdout.splitlines()]
    with no_auth(lists) as client:
        response = client.post("/v1/screen", json={"parties": parties})
        assert response.status_code == 200
        body = response.json()
    results = body["results"]
    assert [r["id"] for r in results] == [p["id"] for p in parties]
    for got, want in zip(results, expected, strict=True):
        if "error" in want:
            assert "error" in got and "hit" not in got
        else:
            assert got == want
    assert results[0]["hit"] and results[1]["hit"] and not results[2]["hit"]
    assert body["threshold"] == pytest.approx(0.82) and body["list_version"]


def test_v1_screen_limits() -> None:
    with no_auth([str(FTM / "t1" / "entities.ftm.json")]) as client:
        too_many = {"parties": [{"id": i, "name": "x"} for i in range(1001)]}
        assert client.post("/v1/screen", json=too_many).status_code == 400
        assert client.post("/v1/screen", json={"parties": "nope"}).status_code == 422
        parties = [{"id": i, "name": f"Name {i}"} for i in range(1000)]
        ok = client.post("/v1/screen", json={"parties": parties})
        assert ok.status_code == 200 and len(ok.json()["results"]) == 1000


def test_only_publications_signed_by_a_trusted_publisher_are_followed(tmp_path: Path) -> None:
    """The API follows the control topic through the workers' gate: unsigned or untrusted is refused."""
    from streams.api.state import ApiState, ControlFollower
    from streams.compliance.publication import collect_files, encode
    from streams.compliance.signing import Role, Signer
    from streams.settings import Settings

    publisher, stranger = Signer.generate("publisher"), Signer.generate("publisher")
    compliance = ComplianceSettings(trusted_keys=publisher.public_text([Role.PUBLISHER]))
    files = collect_files([FTM / "t1" / "entities.ftm.json"])

    def follow(signer: Signer | None) -> ControlFollower:
        follower = ControlFollower(ApiState(Settings(), compliance))
        _, records = encode(files, publisher="publisher", lists={"eu_fsf": 6}, signer=signer)
        for record in records:
            follower.apply("holdline.control", "k", json.dumps(record).encode())
        return follower

    assert follow(None).latest is None
    assert follow(stranger).latest is None
    accepted = follow(publisher).latest
    assert accepted is not None and set(accepted[1]) == set(files)
