"""Background measurements on the worker's event loop: loop responsiveness and consumer lag.

The loop-lag probe is how we know screening does not stall the loop: a task asks to sleep for
`interval` and records how late it wakes up. Anything CPU-bound run on the loop shows up directly.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from faust.exceptions import NotReady

from streams.metrics import Metrics

log = logging.getLogger(__name__)


async def loop_lag_probe(metrics: Metrics, interval: float = 0.25) -> None:
    """Runs until cancelled; every `interval` seconds records how late the loop woke the probe."""
    loop = asyncio.get_running_loop()
    while True:
        started = loop.time()
        await asyncio.sleep(interval)
        metrics.event_loop_lag.observe(max(0.0, loop.time() - started - interval))


def assigned_partitions(app: Any) -> int:
    """Partitions this worker consumes now; 0 while the consumer is not started or not yet assigned."""
    try:
        return len(app.consumer.assignment())
    # Readiness boundary (`/healthz` and the metrics): `ConsumerNotStarted` while the consumer starts or
    # stops, and whatever else a consumer in another state raises, reads as "no partitions": not ready.
    except Exception:
        return 0


def consumer_lags(app: Any) -> list[tuple[str, int, int]]:
    """(topic, partition, lag) per assigned partition: highwater minus committed offset.

    The highwater is the one the last fetch response carried (no extra broker request); the committed
    offset is Faust's own record of what it committed (the next offset to read). A partition never
    fetched from yet is left out rather than reported with a made-up value.
    """
    consumer = app.consumer
    try:
        assignment = consumer.assignment()
    except NotReady:  # `ConsumerNotStarted`: the consumer is starting or was stopped
        return []
    committed = getattr(consumer, "_committed_offset", {})
    out: list[tuple[str, int, int]] = []
    for tp in sorted(assignment):
        try:
            highwater = consumer.highwater(tp)
        # Not started, or revoked by a rebalance since `assignment()` (aiokafka asserts the partition is
        # assigned, then reads its state, from the consumer's own thread): left out this time.
        except (NotReady, AssertionError, AttributeError, KeyError):
            continue
        if highwater is None:
            continue
        position = committed.get(tp) or 0
        out.append((tp.topic, tp.partition, max(0, int(highwater) - int(position))))
    return out


def refresh_consumer_metrics(app: Any, metrics: Metrics) -> None:
    metrics.assigned_partitions.set(assigned_partitions(app))
    metrics.set_lag(consumer_lags(app))
