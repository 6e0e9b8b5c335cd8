"""One real worker on the real test broker: the endpoints, redelivery idempotency, the live metrics.

The harness's end-to-end tests cover the mixed batch, restarts and scaling; this checks the parts the
streaming app promises on its own: a redelivered event (same bytes again, as at-least-once delivery
does after a crash) gets the same decision and evidence, and the worker's web port tells the truth.
"""

from __future__ import annotations

import json
import time

from streams.kafka_io import Producer, read_until
from streams.settings import builtin_list_path
from tests.support.harness import Pipeline, WorkerPool


def test_redelivered_events_get_the_same_decision_and_the_endpoints_report(
    pipeline: Pipeline, workers: WorkerPool
) -> None:
    worker = workers.start(pipeline, [builtin_list_path()])
    health = worker.wait_ready()
    assert health["ready"] and health["lists_loaded"] and health["list_version"]
    assert worker.http_get("/livez")[0] == 200

    s = pipeline.settings
    po = {
        "event_id": "po-1",
        "event_type": "purchase_order",
        "occurred_at": "2019-10-10T09:00:00Z",
        "po_number": "PO-1",
        "buyer": {"name": "Northwind Traders", "country": "US"},
        "end_user": {"name": "Megvii Tech", "country": "CN", "contact": "kept"},
    }
    ship = {
        "event_id": "sh-1",
        "event_type": "shipment",
        "occurred_at": "2019-10-11T09:00:00Z",
        "shipment_id": "SH-1",
        "po_number": "PO-2",
        "consignee": {"name": "Contoso Ltd"},
    }
    with Producer(pipeline.bootstrap, one_record_per_batch=True) as producer:
        for _ in range(2):  # the second copy is what a redelivery looks like
            producer.send(s.topic_purchases, json.dumps(po).encode(), b"PO-1")
            producer.send(s.topic_shipments, json.dumps(ship).encode(), b"SH-1")

    records = read_until(pipeline.bootstrap, list(s.output_topics), lambda r: len(r) >= 4, timeout=60)
    by_id: dict[str, list[tuple[str, bytes | None, dict]]] = {}
    for rec in records:
        doc = json.loads(rec.value or b"")
        by_id.setdefault(doc["event_id"], []).append((rec.topic, rec.key, doc))
    assert sorted(by_id) == ["po-1", "sh-1"] and all(len(v) == 2 for v in by_id.values())

    (t1, k1, first), (t2, k2, second) = by_id["po-1"]
    assert t1 == t2 == s.topic_hold and k1 == k2 == b"PO-1"
    assert first["hits"][0]["role"] == "end_user" and first["hits"][0]["party"]["contact"] == "kept"
    first.pop("screened_at")
    second.pop("screened_at")
    assert first == second
    assert [(t, k) for t, k, _ in by_id["sh-1"]] == [(s.topic_cleared, b"SH-1")] * 2

    deadline = time.monotonic() + 15
    metrics = worker.metrics()
    while (
        metrics.get(("holdline_decision_latency_seconds_count", frozenset()), 0) < 4
        and time.monotonic() < deadline
    ):
        time.sleep(0.3)
        metrics = worker.metrics()
    assert metrics[("holdline_decision_latency_seconds_count", frozenset())] == 4
    assert metrics[("holdline_screening_cache_total", frozenset({("result", "hit")}))] >= 3, (
        "the redelivered copies were served from the snapshot's cache"
    )
    assert metrics[("holdline_event_loop_lag_seconds_count", frozenset())] > 0
    lags = {labels: v for (name, labels), v in metrics.items() if name == "holdline_consumer_lag"}
    inputs = {lbl: v for lbl, v in lags.items() if dict(lbl)["topic"] in s.input_topics}
    assert inputs and all(v >= 0 for v in inputs.values())
    assert worker.terminate() == 0
