"""`holdline topics create` and `holdline schema` from the command line."""

from __future__ import annotations

import json

import pytest

from streams.cli.main import main
from tests.support.broker import TansuBroker


def test_schema_prints_every_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc["inputs"]) == {"purchase_order", "shipment"}
    assert {"hold", "cleared", "deadletter"} <= set(doc["outputs"])
    assert "po_number" in doc["inputs"]["purchase_order"]["properties"]


def test_schema_prints_one_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "deadletter"]) == 0
    assert "payload_b64" in json.loads(capsys.readouterr().out)["properties"]


def test_topics_create_on_the_broker(
    broker: TansuBroker, unique: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for field in ("purchases", "shipments", "hold", "cleared", "deadletter"):
        monkeypatch.setenv(f"HOLDLINE_TOPIC_{field.upper()}", f"{unique}.{field}")
    assert main(["topics", "create", "--broker", broker.url, "--partitions", "2"]) == 0
    out = capsys.readouterr().out
    assert f"created  {unique}.purchases" in out and "partitions=2" in out
    assert main(["topics", "create", "--broker", broker.url, "--partitions", "2"]) == 0
    assert f"exists   {unique}.deadletter" in capsys.readouterr().out


def test_topics_create_reports_an_unreachable_broker(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.support.broker import free_port

    code = main(["topics", "create", "--broker", f"kafka://127.0.0.1:{free_port()}", "--timeout", "1"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("holdline topics create: cannot reach the Kafka broker at kafka://127.0.0.1:")
    assert err.count("\n") == 1 and "HOLDLINE_BROKER" in err


def test_topics_create_rejects_bad_settings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["topics", "create", "--partitions", "0"]) == 2
    assert "invalid settings" in capsys.readouterr().err


def test_worker_rejects_bad_settings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["worker", "--threshold", "7"]) == 2
    assert "invalid settings" in capsys.readouterr().err
