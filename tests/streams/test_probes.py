"""Loop-lag probe, consumer lag and readiness, with a stand-in for Faust's consumer."""

from __future__ import annotations

import asyncio
import time
from typing import Any, NamedTuple

from faust.exceptions import ConsumerNotStarted

from matchers import Screener
from streams.metrics import Metrics
from streams.probes import consumer_lags, loop_lag_probe, refresh_consumer_metrics
from streams.settings import builtin_list_path
from streams.snapshot import SnapshotHolder
from streams.web import health


class TP(NamedTuple):
    topic: str
    partition: int


class FakeConsumer:
    def __init__(
        self, assignment: set[TP], highwaters: dict[TP, int | None], committed: dict[TP, int | None]
    ) -> None:
        self._assignment = assignment
        self._highwaters = highwaters
        self._committed_offset = committed

    def assignment(self) -> set[TP]:
        return self._assignment

    def highwater(self, tp: TP) -> int | None:
        return self._highwaters.get(tp)


class FakeApp:
    def __init__(self, consumer: Any) -> None:
        self.consumer = consumer


class NotStarted:
    def assignment(self) -> set[TP]:
        raise ConsumerNotStarted("Consumer thread not yet started")  # what faust's aiokafka driver raises


def test_consumer_lag_is_highwater_minus_committed() -> None:
    a, b, c = TP("in", 0), TP("in", 1), TP("in", 2)
    consumer = FakeConsumer({a, b, c}, {a: 10, b: 4, c: None}, {a: 7})
    # A partition never fetched from has no highwater yet: left out, not reported as 0.
    assert consumer_lags(FakeApp(consumer)) == [("in", 0, 3), ("in", 1, 4)]


def test_refresh_sets_assigned_partitions_and_lag_series() -> None:
    metrics = Metrics()
    a = TP("in", 0)
    refresh_consumer_metrics(FakeApp(FakeConsumer({a}, {a: 5}, {a: 5})), metrics)
    text = metrics.render().decode()
    assert "holdline_assigned_partitions 1.0" in text
    assert 'holdline_consumer_lag{partition="0",topic="in"} 0.0' in text
    refresh_consumer_metrics(FakeApp(NotStarted()), metrics)
    assert "holdline_assigned_partitions 0.0" in metrics.render().decode()


def test_the_probe_sees_a_blocked_loop() -> None:
    metrics = Metrics()

    async def scenario() -> None:
        probe = asyncio.ensure_future(loop_lag_probe(metrics, interval=0.01))
        await asyncio.sleep(0.05)
        time.sleep(0.2)  # what screening on the loop would do
        await asyncio.sleep(0.05)
        probe.cancel()

    asyncio.run(scenario())
    samples = {
        s.name: s.value
        for fam in metrics.registry.collect()
        for s in fam.samples
        if s.name.startswith("holdline_event_loop_lag_seconds")
    }
    assert samples["holdline_event_loop_lag_seconds_count"] >= 3
    # One wake-up came ~0.2 s late: it is in the sum and above the 0.1 s bucket.
    assert samples["holdline_event_loop_lag_seconds_sum"] >= 0.15


def test_ready_only_with_lists_and_partitions() -> None:
    holder = SnapshotHolder(freeze_gc=False)
    tp = TP("in", 0)
    assigned, unassigned = FakeApp(FakeConsumer({tp}, {}, {})), FakeApp(FakeConsumer(set(), {}, {}))

    ready, body = health(assigned, holder)
    assert not ready and body["lists_loaded"] is False and "lists not loaded" in body["reasons"][0]

    holder.swap(Screener.from_paths([builtin_list_path()]))
    ready, body = health(unassigned, holder)
    assert not ready and body["reasons"] == ["no partitions assigned"]
    ready, body = health(FakeApp(NotStarted()), holder)
    assert not ready and body["assigned_partitions"] == 0

    ready, body = health(assigned, holder)
    assert ready and body == {
        "ready": True,
        "reasons": [],
        "lists_loaded": True,
        "list_version": holder.current.version,
        "assigned_partitions": 1,
    }
