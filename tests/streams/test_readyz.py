"""`/readyz`: the readiness a rolling deploy waits for (decision 0511): lists usable and the Kafka client
started, the consumer group's assignment reported but not waited for. `/healthz` keeps "partitions
assigned" (tests/streams/test_probes.py)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from matchers import Screener
from streams.settings import builtin_list_path
from streams.snapshot import SnapshotHolder
from streams.web import health, readiness
from tests.support.harness import Pipeline, WorkerPool


class Client:
    def __init__(self, started: bool, crashed: bool = False) -> None:
        self.started, self.crashed = started, crashed
        self.partitions: set[tuple[str, int]] = set()

    def assignment(self) -> set[tuple[str, int]]:
        if not self.started:
            raise RuntimeError("Consumer thread not yet started")
        return self.partitions


class App:
    def __init__(self, consumer: Client, producer_only: bool = False, producer: Client | None = None) -> None:
        self.consumer, self.producer_only = consumer, producer_only
        self.producer = producer or Client(True)


def test_ready_without_partitions_once_lists_and_client_are_up() -> None:
    holder = SnapshotHolder(freeze_gc=False)
    started = App(Client(True))
    ready, body = readiness(started, holder)
    assert not ready and "lists not loaded" in body["reasons"][0]

    holder.swap(Screener.from_paths([builtin_list_path()]))
    ready, body = readiness(App(Client(False)), holder)
    assert not ready and body["reasons"] == ["Kafka client not started (broker not reached yet)"]
    ready, body = readiness(App(Client(True, crashed=True)), holder)
    assert not ready and body["client_started"] is False

    # A standby (no partitions: the group join is under way, or more workers than partitions) is ready for
    # a rollout, and /healthz still says it does no work.
    ready, body = readiness(started, holder)
    assert ready and body["assigned_partitions"] == 0 and body["client_started"] is True
    assert health(started, holder)[1]["reasons"] == ["no partitions assigned"]
    started.consumer.partitions = {("in", 0)}
    assert readiness(started, holder)[1]["assigned_partitions"] == 1


def test_a_producer_only_worker_asks_its_producer_and_its_role() -> None:
    holder = SnapshotHolder(freeze_gc=False)
    holder.swap(Screener.from_paths([builtin_list_path()]))
    app = App(Client(False), producer_only=True, producer=Client(True))
    assert readiness(app, holder)[0]
    ready, body = readiness(app, holder, role_ready=lambda: (False, ["compliance state not caught up"]))
    assert not ready and body["reasons"] == ["compliance state not caught up"]


def _get(worker: Any, path: str) -> tuple[int, bytes]:
    try:
        return worker.http_get(path)
    except OSError:  # the web server is not listening yet
        return 0, b""


def _first_200(worker: Any, deadline: float) -> tuple[float, float, dict[str, Any]]:
    ready_at = healthy_at = 0.0
    body: dict[str, Any] = {}
    while time.monotonic() < deadline and not healthy_at:
        if not ready_at:
            status, raw = _get(worker, "/readyz")
            if status == 200:
                ready_at, body = time.monotonic(), json.loads(raw)
        if _get(worker, "/healthz")[0] == 200:
            healthy_at = time.monotonic()
        time.sleep(0.02)
    return ready_at, healthy_at, body


def test_a_worker_is_ready_no_later_than_it_is_assigned_and_not_ready_without_lists(
    pipeline: Pipeline, workers: WorkerPool, tmp_path: Path
) -> None:
    worker = workers.start(pipeline, [builtin_list_path()])
    ready_at, healthy_at, body = _first_200(worker, time.monotonic() + 120)
    assert ready_at and healthy_at and ready_at <= healthy_at
    assert body["lists_loaded"] and body["client_started"] and body["list_version"]

    empty = tmp_path / "no-lists"
    empty.mkdir()
    failing = workers.start(pipeline, [empty], name="no-lists")
    deadline = time.monotonic() + 120
    status, doc = 0, {}
    while time.monotonic() < deadline:  # its Kafka client starts; the lists never load: never ready
        status, raw = _get(failing, "/readyz")
        doc = json.loads(raw or b"{}")
        if status == 503 and doc.get("client_started"):
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"no-lists worker: last /readyz {status} {doc}")
    assert doc["lists_loaded"] is False and "lists not loaded" in doc["reasons"][0]
