"""No event is lost or skipped by a commit, on the real broker and with faust's own commit bookkeeping.

The sequence that used to lose an event: a 999 KB purchase order naming a listed party at offset 1,
between ordinary events; its hold record was too large for the producer, every send failed, and
faust-streaming 0.15.3 committed past it anyway (`min(acked) - committed_offset > 1`). After SIGTERM and
a restart it was in no output topic.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from faust.transport.consumer import Consumer as FaustConsumer

from streams.agents import InOrderAcks
from streams.kafka_io import Producer, read_quiet, read_until
from streams.processing import Inbound
from streams.settings import builtin_list_path
from tests.support.broker import TansuBroker
from tests.support.harness import Pipeline, WorkerPool

LISTED = "Hikvision Co., Ltd."


def order(i: int, supplier: str, **extra: Any) -> bytes:
    return json.dumps(
        {
            "event_id": f"ev-{i}",
            "event_type": "purchase_order",
            "po_number": f"PO-{i}",
            "occurred_at": "2024-03-01T10:00:00Z",
            "supplier": {"name": supplier},
            **extra,
        }
    ).encode()


def test_an_oversized_event_between_ordinary_ones_lands_in_exactly_one_topic_across_a_restart(
    broker: TansuBroker, unique: str, tmp_path: Path, workers: WorkerPool
) -> None:
    pipeline = Pipeline.create(broker.url, unique, tmp_path, partitions=1)
    topic = pipeline.settings.topic_purchases
    values = [
        order(0, "Northwind Traders"),
        order(1, LISTED, notes="n" * 999_000),
        order(2, "Contoso Pharmaceuticals"),
        order(3, "Fabrikam Tools"),
    ]
    big = 2 * 1024 * 1024
    with Producer(pipeline.bootstrap, one_record_per_batch=True, max_request_size=big) as producer:
        offsets = [
            producer.send(topic, v, f"PO-{i}".encode(), partition=0).get(timeout=30).offset
            for i, v in enumerate(values)
        ]
    assert offsets == [0, 1, 2, 3]

    worker = workers.start(pipeline, [builtin_list_path()])
    worker.wait_ready()
    assert pipeline.wait_committed_to({(topic, 0): 4}, timeout=90), worker.log_tail()
    assert worker.terminate() == 0, worker.log_tail()
    worker.start()
    worker.wait_ready()
    more = order(4, "Tailspin Toys")
    with Producer(pipeline.bootstrap, one_record_per_batch=True) as producer:
        producer.send(topic, more, b"PO-4", partition=0).get(timeout=30)
    assert pipeline.wait_committed_to({(topic, 0): 5}, timeout=90), worker.log_tail()

    records = read_quiet(pipeline.bootstrap, pipeline.output_topics, quiet=2.0)
    where: Counter[tuple[str, int]] = Counter()
    for rec in records:
        doc = json.loads(rec.value or b"")
        offset = doc["source"]["offset"] if doc["decision"] == "deadletter" else int(doc["event_id"][3:])
        where[(rec.topic, offset)] += 1
    per_offset = Counter(offset for _, offset in where.elements())
    assert per_offset == {0: 1, 1: 1, 2: 1, 3: 1, 4: 1}, f"each event exactly once: {sorted(where.items())}"
    assert where[(pipeline.settings.topic_deadletter, 1)] == 1
    deadletter = next(
        json.loads(r.value or b"") for r in records if r.topic == pipeline.settings.topic_deadletter
    )
    assert deadletter["reason"] == "too_large" and deadletter["payload_bytes"] == len(values[1])
    assert len(json.dumps(deadletter)) <= pipeline.settings.max_record_bytes


class _Bookkeeping:
    """The state faust's `Consumer._new_offset` reads (the real method runs on it below)."""

    def __init__(self, committed: int) -> None:
        self._acked: dict[Any, list[int]] = {"tp": []}
        self._acked_index: dict[Any, set[int]] = {"tp": set()}
        self._gap: dict[Any, Any] = {"tp": None}
        self._committed_offset = {"tp": committed}


class _Event:
    def __init__(self, book: _Bookkeeping, offset: int) -> None:
        self.book, self.offset = book, offset

    def ack(self) -> None:
        self.book._acked["tp"].append(self.offset)
        self.book._acked_index["tp"].add(self.offset)


def _new_offset(book: _Bookkeeping) -> int | None:
    return FaustConsumer._new_offset(book, "tp")  # type: ignore[arg-type]


def test_faust_commits_past_an_unacked_offset_unless_acks_are_in_order() -> None:
    # Offset 0 committed (committed offset 1); 1's record is undeliverable; 2 and 3 were delivered.
    unguarded = _Bookkeeping(committed=1)
    for offset in (2, 3):
        _Event(unguarded, offset).ack()
    assert _new_offset(unguarded) == 4, "faust-streaming's off-by-one: offset 1 would be skipped"

    guarded = _Bookkeeping(committed=1)
    acks = InOrderAcks()
    events = {offset: _Event(guarded, offset) for offset in (1, 2, 3)}
    for offset, event in events.items():
        acks.track(event, Inbound("in", 0, offset, None, b"", None))
    acks.delivered(events[2])
    acks.delivered(events[3])
    assert _new_offset(guarded) is None, "nothing past the undelivered offset 1 may be committed"
    acks.delivered(events[1])
    assert _new_offset(guarded) == 4


def test_hostile_and_ambiguous_events_on_a_real_worker_are_never_cleared(
    pipeline: Pipeline, workers: WorkerPool
) -> None:
    topic = pipeline.settings.topic_purchases
    duplicate = order(3, LISTED)[:-1] + b', "supplier": {"name": "Northwind Traders"}}'
    cases = {
        0: (order(0, "\u200b\u200b"), "hold", "unscreenable_party"),
        1: (order(1, "trading " * 10_000), "hold", "unscreenable_party"),
        2: (order(2, "Northwind Traders", vendor={"name": LISTED}), "hold", "match"),
        3: (duplicate, "deadletter", "ambiguous_payload"),
        4: (
            order(4, "Northwind Traders")[:-1] + b', "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            "deadletter",
            "undecodable",
        ),
        5: (
            order(5, "Northwind Traders", parties=[{"name": f"P {i}"} for i in range(60)]),
            "deadletter",
            "too_many_parties",
        ),
        6: (order(6, "Northwind Traders"), "cleared", None),
    }
    with Producer(pipeline.bootstrap, one_record_per_batch=True) as producer:
        for i, (value, _, _) in cases.items():
            producer.send(topic, value, f"PO-{i}".encode()).get(timeout=30)
    worker = workers.start(pipeline, [builtin_list_path()])
    worker.wait_ready()
    outcomes = {
        "hold": pipeline.settings.topic_hold,
        "cleared": pipeline.settings.topic_cleared,
        "deadletter": pipeline.settings.topic_deadletter,
    }
    records = read_until(
        pipeline.bootstrap, pipeline.output_topics, lambda r: len(r) >= len(cases), timeout=90, quiet=1.0
    )
    got: dict[str, tuple[str, str | None]] = {}
    for rec in records:
        doc = json.loads(rec.value or b"")
        key = (rec.key or b"").decode()
        got[key] = (rec.topic, doc.get("reason"))
    assert len(records) == len(cases), worker.log_tail()
    for i, (_, outcome, reason) in cases.items():
        assert got[f"PO-{i}"] == (outcomes[outcome], reason), (i, got.get(f"PO-{i}"))
