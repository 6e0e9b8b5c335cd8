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
from collections.abc import Awaitable, Callable, Mapping
from concurrent.futures import Executor
from typing import Any, Protocol

from streams.metrics import Metrics
from streams.processing import Inbound, Outbound, Processor

log = logging.getLogger(__name__)

RETRY_BACKOFF = (0.5, 1.0, 2.0, 5.0, 10.0)
SIZE_ERRORS = frozenset({"MessageSizeTooLargeError", "RecordTooLargeError", "RecordListTooLargeError"})


class InOrderAcks:
    """Acks source events strictly in offset order per partition: an offset is acked only once the output
    record of every earlier offset of its partition was delivered.

    Faust commits the end of the first consecutive run of acked offsets, but faust-streaming 0.15.3 lets
    that run start one past the committed offset (its check is `min(acked) - committed_offset > 1`), so an
    event whose record was never delivered, with its successors acked, would be committed past and lost.
    Acking in order means the acked offsets never hold such a gap: an undelivered event holds back the
    commit of its partition (lag grows, the alert fires) instead of being skipped. A rewind (a rebalance
    hands the partition back from the committed offset) starts a new run; the old run's records still ack
    in their own order when they are delivered.
    """

    class _Run:
        __slots__ = ("last", "pending")

        def __init__(self) -> None:
            self.pending: dict[int, list[Any]] = {}  # offset -> [event, delivered], in offset order
            self.last = -1

    def __init__(self) -> None:
        self._runs: dict[tuple[str, int], InOrderAcks._Run] = {}
        self._where: dict[int, tuple[InOrderAcks._Run, int]] = {}

    def track(self, event: Any, source: Inbound) -> None:
        """Called in consumption order, before the event's record is sent."""
        tp = (source.topic, source.partition)
        run = self._runs.get(tp)
        if run is None or source.offset <= run.last:
            run = self._runs[tp] = InOrderAcks._Run()
        run.last = source.offset
        run.pending[source.offset] = [event, False]
        self._where[id(event)] = (run, source.offset)

    def delivered(self, event: Any) -> None:
        """The event's record is on the broker: ack it and every delivered successor it was holding back."""
        where = self._where.pop(id(event), None)
        if where is None:  # never tracked: ack as before
            event.ack()
            return
        run, offset = where
        entry = run.pending.get(offset)
        if entry is None:
            return
        entry[1] = True
        while run.pending:
            first = next(iter(run.pending))
            held, done = run.pending[first]
            if not done:
                return
            del run.pending[first]
            held.ack()

    def waiting(self) -> int:
        """Events whose record was delivered but whose ack waits for an earlier offset."""
        return sum(1 for run in self._runs.values() for _, done in run.pending.values() if done)


class Emitter:
    """Sends output records; acks the source event on delivery (in offset order), retries on failure.

    A failed send is never acked: the offset stays uncommitted, lag grows (and alerts), nothing is lost.
    A record the producer or the broker refuses for its size cannot succeed on a retry: it is replaced by
    a dead-letter record saying so (`too_large`, given by the processor) instead of blocking its partition.
    """

    def __init__(
        self,
        topics: Mapping[str, Any],
        metrics: Metrics,
        too_large: Callable[[Outbound, str], Outbound] | None = None,
    ) -> None:
        self.topics = topics
        self.metrics = metrics
        self.too_large = too_large
        self.acks = InOrderAcks()
        self._retries: set[asyncio.Task[None]] = set()
        # Screening activity, kept by the agents' batchers: what a lower-priority consumer on the same
        # event loop (the compliance workflow of a `--role all` worker) yields to.
        self.batches_in_progress = 0
        self.last_batch_end = 0.0

    def busy(self, quiet: float = 0.1) -> bool:
        """Whether a batch is being screened or sent, or one ended less than `quiet` seconds ago."""
        return self.batches_in_progress > 0 or time.monotonic() - self.last_batch_end < quiet

    async def emit(self, event: Any, out: Outbound, attempt: int = 0) -> None:
        if attempt == 0:
            self.acks.track(event, out.source)
        try:
            fut = await self.topics[out.topic].send(key=out.key, value=out.value)
        # Producer boundary: whatever the producer raised instead of buffering it, the record is retried
        # like a failed delivery, so the offset is never acknowledged without its record.
        except Exception as exc:
            fut = asyncio.get_running_loop().create_future()
            fut.set_exception(exc)
        fut.add_done_callback(lambda f: self._on_delivery(event, out, attempt, f))

    def _on_delivery(self, event: Any, out: Outbound, attempt: int, fut: asyncio.Future[Any]) -> None:
        exc = fut.exception() if not fut.cancelled() else asyncio.CancelledError()
        if exc is None:
            self.metrics.observe_summary(out.source.topic, out.summary)
            if out.source.timestamp:
                self.metrics.decision_latency.observe(max(0.0, time.time() - out.source.timestamp))
            self.acks.delivered(event)
            return
        src = out.source
        if _size_refused(exc) and self.too_large is not None and out.summary.outcome != "deadletter":
            replacement = self.too_large(out, f"{type(exc).__name__}: {exc}")
            log.error(
                "sending to %s refused for size (%r); %s[%d]@%d goes to %s instead",
                out.topic,
                exc,
                src.topic,
                src.partition,
                src.offset,
                replacement.topic,
            )
            task = asyncio.ensure_future(self._retry(event, replacement, max(attempt, 1), 0.0))
        else:
            delay = RETRY_BACKOFF[min(attempt, len(RETRY_BACKOFF) - 1)]
            log.error(
                "sending to %s failed (attempt %d, retry in %.1fs; %s[%d]@%d stays uncommitted): %r",
                out.topic,
                attempt + 1,
                delay,
                src.topic,
                src.partition,
                src.offset,
                exc,
            )
            task = asyncio.ensure_future(self._retry(event, out, attempt + 1, delay))
        self._retries.add(task)
        task.add_done_callback(self._retries.discard)

    async def _retry(self, event: Any, out: Outbound, attempt: int, delay: float) -> None:
        await asyncio.sleep(delay)
        await self.emit(event, out, attempt)


def _size_refused(exc: BaseException) -> bool:
    """The producer (`MessageSizeTooLargeError`) or the broker (`RecordTooLargeError`, ...) refused the
    record for its size: retrying the same bytes can never succeed. Faust wraps the client's error in a
    `ProducerSendError`, so the whole chain of causes is looked at."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if type(current).__name__ in SIZE_ERRORS:
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


class Router(Protocol):
    """Turns a batch of messages into their records off the event loop (`Processor` or `ScreeningPool`)."""

    async def process(self, msgs: list[Inbound], executor: Executor | None) -> list[Outbound]: ...


def register_agents(
    app: Any,
    processor: Processor,
    executor: Executor,
    metrics: Metrics,
    router: Router | None = None,
    settled: Callable[[], Awaitable[None]] | None = None,
) -> Emitter:
    """The screening agents; `settled`: awaited before the first batch (the worker's initial list load)."""
    settings = processor.settings
    outputs = {
        name: app.topic(name, key_serializer="raw", value_serializer="raw") for name in settings.output_topics
    }
    emitter = Emitter(outputs, metrics, too_large=processor.record_refused)
    for topic_name, event_type in (
        (settings.topic_purchases, "purchase_order"),
        (settings.topic_shipments, "shipment"),
    ):
        source = app.topic(topic_name, key_serializer="raw", value_serializer="raw")
        batcher = Batcher(router or processor, executor, emitter, settings.max_batch, settled)
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

    def __init__(
        self,
        processor: Router,
        executor: Executor,
        emitter: Emitter,
        max_batch: int,
        settled: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.processor = processor
        self.executor = executor
        self.emitter = emitter
        self.max_batch = max_batch
        self.settled = settled

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
        if self.settled is not None:  # events wait (the queue applies back-pressure) for the initial lists
            await self.settled()
        while True:
            batch = [await queue.get()]
            while len(batch) < self.max_batch and not queue.empty():
                batch.append(queue.get_nowait())
            msgs = [_inbound(event.message) for event in batch]
            self.emitter.batches_in_progress += 1
            try:
                outs = await self.processor.process(msgs, self.executor)
                for event, out in zip(batch, outs, strict=True):
                    await self.emitter.emit(event, out)
            finally:
                self.emitter.batches_in_progress -= 1
                self.emitter.last_batch_end = time.monotonic()


def _inbound(message: Any) -> Inbound:
    return Inbound(
        topic=message.topic,
        partition=message.partition,
        offset=message.offset,
        key=message.key,
        value=message.value,
        timestamp=message.timestamp,
    )
