"""The Faust agents: one per input topic, each turning every message into exactly one output record.

At-least-once: a source offset is acknowledged (hence committable) only once the broker has acknowledged
the output record made from it, so a crash before that replays the message rather than losing it.
Acks are manual (`stream.noack()`) and come from the producer's delivery callback, which lets the agent
screen the next event while the previous record is still in flight. Redelivered messages yield the same
decision (see `streams.decide`), and consumers deduplicate by `event_id`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from concurrent.futures import Executor
from typing import Any, Protocol

from streams.metrics import Metrics
from streams.processing import Inbound, Outbound, Processor

log = logging.getLogger(__name__)

RETRY_BACKOFF = (0.5, 1.0, 2.0, 5.0, 10.0)


class Emitter:
    """Sends output records; acks the source event on delivery, retries (forever, logged) on failure.

    A failed send is never acked: the offset stays uncommitted, lag grows (and alerts), nothing is lost.
    """

    def __init__(self, topics: Mapping[str, Any], metrics: Metrics) -> None:
        self.topics = topics
        self.metrics = metrics
        self._retries: set[asyncio.Task[None]] = set()

    async def emit(self, event: Any, out: Outbound, attempt: int = 0) -> None:
        try:
            fut = await self.topics[out.topic].send(key=out.key, value=out.value)
        except Exception as exc:  # the producer refused to even buffer it: retried like a failed delivery
            fut = asyncio.get_running_loop().create_future()
            fut.set_exception(exc)
        fut.add_done_callback(lambda f: self._on_delivery(event, out, attempt, f))

    def _on_delivery(self, event: Any, out: Outbound, attempt: int, fut: asyncio.Future[Any]) -> None:
        exc = fut.exception() if not fut.cancelled() else asyncio.CancelledError()
        if exc is None:
            self.metrics.observe_summary(out.source.topic, out.summary)
            if out.source.timestamp:
                self.metrics.decision_latency.observe(max(0.0, time.time() - out.source.timestamp))
            event.ack()
            return
        delay = RETRY_BACKOFF[min(attempt, len(RETRY_BACKOFF) - 1)]
        src = out.source
        log.error("sending to %s failed (attempt %d, retry in %.1fs; %s[%d]@%d stays uncommitted): %r",
                  out.topic, attempt + 1, delay, src.topic, src.partition, src.offset, exc)
        task = asyncio.ensure_future(self._retry(event, out, attempt + 1, delay))
        self._retries.add(task)
        task.add_done_callback(self._retries.discard)

    async def _retry(self, event: Any, out: Outbound, attempt: int, delay: float) -> None:
        await asyncio.sleep(delay)
        await self.emit(event, out, attempt)


class Router(Protocol):
    """Turns a batch of messages into their records off the event loop (`Processor` or `ScreeningPool`)."""

    async def process(self, msgs: list[Inbound], executor: Executor | None) -> list[Outbound]: ...


def register_agents(app: Any, processor: Processor, executor: Executor, metrics: Metrics,
                    router: Router | None = None) -> Emitter:
    settings = processor.settings
    outputs = {name: app.topic(name, key_serializer="raw", value_serializer="raw")
               for name in settings.output_topics}
    emitter = Emitter(outputs, metrics)
    for topic_name, event_type in ((settings.topic_purchases, "purchase_order"),
                                   (settings.topic_shipments, "shipment")):
        source = app.topic(topic_name, key_serializer="raw", value_serializer="raw")
        batcher = Batcher(router or processor, executor, emitter, settings.max_batch)
        app.agent(source, name=f"holdline.screen_{event_type}")(batcher.agent)
    return emitter


class Batcher:
    """Adaptive micro-batching between the agent's stream and the screening process or thread.

    The agent only queues events; one drain task hands everything queued so far (up to `max_batch`) to
    screening in one hop, then sends the records in input order. At a low rate a batch is one event (no
    added latency, no timer); under load batches grow while screening is busy, so the per-hop cost
    (pipe or thread wake-up, GIL hand-over: about as much as screening a cached event) is shared. The
    queue is bounded, so slow screening applies back-pressure to the fetcher. One batch is in flight at a
    time (docs/decisions/0006-adaptive-batching.md).
    """

    def __init__(self, processor: Router, executor: Executor, emitter: Emitter, max_batch: int) -> None:
        self.processor = processor
        self.executor = executor
        self.emitter = emitter
        self.max_batch = max_batch

    async def agent(self, stream: Any) -> None:
        queue: asyncio.Queue[Any] = asyncio.Queue(maxsize=self.max_batch * 4)
        drain = asyncio.ensure_future(self._drain(queue))
        try:
            async for event in stream.noack().events():
                if drain.done():  # the drain task died: surface it rather than queue forever
                    drain.result()
                    raise RuntimeError("screening drain task stopped")
                await queue.put(event)
        finally:
            drain.cancel()

    async def _drain(self, queue: asyncio.Queue[Any]) -> None:
        while True:
            batch = [await queue.get()]
            while len(batch) < self.max_batch and not queue.empty():
                batch.append(queue.get_nowait())
            msgs = [_inbound(event.message) for event in batch]
            outs = await self.processor.process(msgs, self.executor)
            for event, out in zip(batch, outs, strict=True):
                await self.emitter.emit(event, out)


def _inbound(message: Any) -> Inbound:
    return Inbound(topic=message.topic, partition=message.partition, offset=message.offset,
                   key=message.key, value=message.value, timestamp=message.timestamp)
