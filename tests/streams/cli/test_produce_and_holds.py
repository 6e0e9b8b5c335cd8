"""`holdline produce` and `holdline holds tail` against the real test broker."""

from __future__ import annotations

import json
import re

import pytest

from matchers import Screener
from streams.cli.holds import explain, format_hold
from streams.cli.main import main
from streams.cli.terminal import safe
from streams.kafka_io import Producer, read_until
from streams.samples import SampleGenerator, builtin_entries
from streams.settings import builtin_list_path
from tests.support.harness import Pipeline


@pytest.fixture
def env(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> Pipeline:
    for name, value in pipeline.worker_env().items():
        monkeypatch.setenv(name, value)
    return pipeline


def test_produce_sends_the_seeded_samples_keyed_by_business_id(
    env: Pipeline, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["produce", "--broker", env.settings.broker, "--sample", "40", "--seed", "5", "--quiet"]) == 0
    assert "produced 40 events" in capsys.readouterr().out
    expected = list(SampleGenerator(builtin_entries(), seed=5).samples(40))
    records = read_until(
        env.bootstrap, list(env.settings.input_topics), lambda r: len(r) >= 40, timeout=30, quiet=0.5
    )
    assert len(records) == 40

    def stable(value: bytes | None) -> bytes:  # occurred_at is the time of sending
        return re.sub(rb'"occurred_at": "[^"]*"', b"", value or b"")

    got = sorted((r.topic, r.key, stable(r.value)) for r in records)
    want = sorted((env.topic_for(s), s.key, stable(s.value)) for s in expected)
    assert got == want


def test_produce_rejects_bad_arguments(env: Pipeline, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["produce", "--broker", env.settings.broker, "--sample", "-1"]) == 2
    assert main(["produce", "--broker", env.settings.broker, "--sample", "5", "--rate", "0"]) == 2
    assert "holdline produce" in capsys.readouterr().err


def _hold_record() -> dict[str, object]:
    """A hold record as the worker writes it, with a real match from the engine."""
    screener = Screener.from_paths([builtin_list_path()])
    matches = [
        m
        for m in screener.screen("Kumul Municipality Public Security Bureau", country="CN")
        if screener.is_hit([m])
    ]
    assert matches
    return {
        "event_id": "e-1",
        "event_type": "shipment",
        "decision": "hold",
        "reason": "match",
        "shipment_id": "SHP-1",
        "po_number": "PO-9",
        "list_version": screener.version,
        "screened_at": "2026-01-01T00:00:00Z",
        "hits": [
            {
                "role": "consignee",
                "party": {"name": "Kumul Municipality Public Security Bureau", "country": "CN"},
                "matches": [m.to_record() for m in matches],
            }
        ],
    }


def test_a_hold_reads_as_who_which_role_which_entry_and_why() -> None:
    record = _hold_record()
    text = format_hold(record)
    match = record["hits"][0]["matches"][0]  # type: ignore[index]
    assert "shipment SHP-1" in text
    assert "consignee: 'Kumul Municipality Public Security Bureau' (CN)" in text
    assert match["entry_id"] in text and match["name"] in text and match["list"] in text
    if match["matched"] != match["name"]:
        assert f"via alias {match['matched']!r}" in text
    if match["citation"]:
        assert match["citation"] in text
    assert f"score {match['score']:.2f}" in text
    assert explain(match["explanation"]) and explain(match["explanation"]) in text


def test_screening_unavailable_says_so() -> None:
    text = format_hold(
        {
            "event_id": "e-2",
            "event_type": "purchase_order",
            "po_number": "PO-2",
            "hits": [],
            "reason": "screening_unavailable",
            "error": "no restricted-party list is loaded",
        }
    )
    assert "purchase order PO-2" in text and "screening_unavailable: no restricted-party list" in text


def test_holds_tail_prints_old_holds_only_from_the_beginning(
    env: Pipeline, capsys: pytest.CaptureFixture[str]
) -> None:
    record = _hold_record()
    # Several records in one batch: the broker's end offset then points inside the batch, which a
    # tail from the end must not replay.
    with Producer(env.bootstrap, one_record_per_batch=False) as producer:
        for i in range(3):
            producer.send(
                env.settings.topic_hold,
                json.dumps({**record, "shipment_id": f"SHP-{i}"}).encode(),
                key=f"SHP-{i}".encode(),
                partition=0,
            )
    assert main(["holds", "tail", "--broker", env.settings.broker, "--timeout", "2"]) == 0
    assert capsys.readouterr().out == ""

    assert (
        main(
            [
                "holds",
                "tail",
                "--broker",
                env.settings.broker,
                "--from-beginning",
                "--max",
                "2",
                "--timeout",
                "20",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert out.count("HOLD shipment") == 2 and "SHP-0" in out and "SHP-1" in out and "SHP-2" not in out

    assert (
        main(
            ["holds", "tail", "--broker", env.settings.broker, "--from-beginning", "--json", "--timeout", "2"]
        )
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["shipment_id"] for line in lines] == ["SHP-0", "SHP-1", "SHP-2"]


def test_terminal_escape_sequences_in_event_data_never_reach_the_terminal() -> None:
    record = _hold_record()
    record["shipment_id"] = "SHP-\x1b]0;pwned\x07\x1b[2J"  # window title + clear screen
    record["hits"][0]["party"]["name"] = "Kumul\x1b[31m PSB\rfake line\u202e"  # type: ignore[index]
    text = format_hold(record)
    assert not any(c in text for c in "\x1b\x07\r\u202e")
    assert "SHP-\\x1b]0;pwned\\x07\\x1b[2J" in text and "\\u202e" in text
    assert safe("PO-1\x1b[1m\nnext", keep_newlines=False) == "PO-1\\x1b[1m\\nnext"
    assert safe("line one\nline two") == "line one\nline two"  # the CLI's own line breaks stay
