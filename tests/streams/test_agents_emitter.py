"""Agent plumbing without a broker: acks only after delivery, retries on failure, batches keep order."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from matchers import Screener
from streams import agents
from streams.agents import Batcher, Emitter
from streams.metrics import Metrics
from streams.processing import Inbound, Outbound, Processor
from streams.records import DeadLetterReason, DeadLetterRecord, Summary
from streams.settings import Settings, builtin_list_path
from streams.snapshot import SnapshotHolder


class FakeTopic:
    """Records sends; each returns a future the test resolves (or fails), like a producer's."""

    def __init__(self, auto: bool = True, fail_first: int = 0) -> None:
        self.sent: list[tuple[bytes | None, bytes]] = []
        self.futures: list[asyncio.Future[Any]] = []
        self.auto = auto
        self.fail_first = fail_first

    async def send(self, key: bytes | None, value: bytes) -> asyncio.Future[Any]:
        self.sent.append((key, value))
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        if self.fail_first > 0:
            self.fail_first -= 1
            fut.set_exception(ConnectionError("broker gone"))
        elif self.auto:
            fut.set_result("metadata")
        self.futures.append(fut)
        return fut


class FakeMessage:
    def __init__(self, topic: str, offset: int, value: bytes) -> None:
        self.topic, self.partition, self.offset, self.key, self.value = topic, 0, offset, None, value
        self.timestamp = 1.0


class FakeEvent:
    def __init__(self, message: FakeMessage | None = None) -> None:
        self.message = message
        self.acks = 0

    def ack(self) -> bool:
        self.acks += 1
        return True


def deadletter_out() -> Outbound:
    source = Inbound(topic="in", partition=0, offset=3, key=None, value=b"x", timestamp=None)
    record = DeadLetterRecord.build(
        reason=DeadLetterReason.UNDECODABLE, error="e", topic="in", partition=0, offset=3, payload=b"x"
    )
    return Outbound(
        source=source,
        topic="dl",
        key=None,
        value=record.to_json_bytes(),
        summary=Summary.of(record),
        record=record,
    )


def test_the_source_event_is_acked_only_when_the_broker_acknowledged_the_output() -> None:
    async def scenario() -> None:
        topic = FakeTopic(auto=False)
        metrics = Metrics()
        emitter = Emitter({"dl": topic}, metrics)
        event = FakeEvent()
        await emitter.emit(event, deadletter_out())
        await asyncio.sleep(0)
        assert event.acks == 0, "acked before delivery: a crash now would lose the event"
        assert 'outcome="deadletter"' not in metrics.render().decode()
        topic.futures[0].set_result("metadata")
        await asyncio.sleep(0)
        assert event.acks == 1
        assert 'holdline_events_total{outcome="deadletter",topic="in"} 1.0' in metrics.render().decode()

    asyncio.run(scenario())


def test_a_failed_send_is_retried_and_never_acked_until_it_succeeds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(agents, "RETRY_BACKOFF", (0.01,))

    async def scenario() -> None:
        topic = FakeTopic(fail_first=2)
        emitter = Emitter({"dl": topic}, Metrics())
        event = FakeEvent()
        await emitter.emit(event, deadletter_out())
        await asyncio.sleep(0.005)
        assert event.acks == 0 and len(topic.sent) == 1
        for _ in range(50):
            if event.acks:
                break
            await asyncio.sleep(0.01)
        assert event.acks == 1 and len(topic.sent) == 3
        assert len({value for _, value in topic.sent}) == 1, "the same record is re-sent"

    asyncio.run(scenario())


def test_a_producer_that_refuses_to_buffer_is_retried_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(agents, "RETRY_BACKOFF", (0.01,))

    class Refusing(FakeTopic):
        async def send(self, key: bytes | None, value: bytes) -> asyncio.Future[Any]:
            if not self.sent:
                self.sent.append((key, value))
                raise BufferError("queue full")
            return await super().send(key, value)

    async def scenario() -> None:
        topic = Refusing()
        event = FakeEvent()
        await Emitter({"dl": topic}, Metrics()).emit(event, deadletter_out())
        for _ in range(50):
            if event.acks:
                break
            await asyncio.sleep(0.01)
        assert event.acks == 1 and len(topic.sent) == 2

    asyncio.run(scenario())


class FakeStream:
    """`stream.noack().events()` yielding prepared events, then waiting as a live stream would."""

    def __init__(self, events: list[FakeEvent], done: asyncio.Event) -> None:
        self._events, self._done = events, done

    def noack(self) -> FakeStream:
        return self

    async def events(self) -> Any:
        for event in self._events:
            yield event
        await self._done.wait()


def test_batches_keep_input_order_and_every_event_is_acked_once() -> None:
    settings = Settings()
    metrics = Metrics()
    holder = SnapshotHolder(metrics, freeze_gc=False)
    holder.swap(Screener.from_paths([builtin_list_path()]))
    processor = Processor(settings, holder, metrics)
    batch_sizes: list[int] = []
    route_many = processor.route_many

    def recording(msgs: list[Inbound]) -> list[Outbound]:
        batch_sizes.append(len(msgs))
        return route_many(msgs)

    processor.route_many = recording  # type: ignore[method-assign]
    names = ["Northwind Traders", "Hikvision", "Contoso Ltd"]
    events = []
    for i in range(30):
        doc = {
            "event_id": f"e-{i}",
            "event_type": "purchase_order",
            "occurred_at": "2019-10-10T00:00:00Z",
            "po_number": f"PO-{i}",
            "buyer": {"name": names[i % 3]},
        }
        events.append(FakeEvent(FakeMessage(settings.topic_purchases, i, json.dumps(doc).encode())))
    events.append(FakeEvent(FakeMessage(settings.topic_purchases, 30, b"not json")))
    topics = {name: FakeTopic() for name in settings.output_topics}

    async def scenario() -> None:
        done = asyncio.Event()
        with ThreadPoolExecutor(max_workers=1) as executor:
            batcher = Batcher(processor, executor, Emitter(topics, metrics), max_batch=8)
            task = asyncio.ensure_future(batcher.agent(FakeStream(events, done)))
            for _ in range(300):
                if all(e.acks for e in events):
                    break
                await asyncio.sleep(0.01)
            done.set()
            await task

    asyncio.run(scenario())
    assert [e.acks for e in events] == [1] * len(events)
    assert sum(batch_sizes) == len(events) and max(batch_sizes) <= 8
    assert max(batch_sizes) > 1, "queued events were screened together"
    holds = [json.loads(v)["event_id"] for _, v in topics[settings.topic_hold].sent]
    cleared = [json.loads(v)["event_id"] for _, v in topics[settings.topic_cleared].sent]
    assert holds == [f"e-{i}" for i in range(30) if i % 3 == 1]
    assert cleared == [f"e-{i}" for i in range(30) if i % 3 != 1]
    assert len(topics[settings.topic_deadletter].sent) == 1
