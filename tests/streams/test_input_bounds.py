"""Hostile, oversized and ambiguous input: every message still gets one record, nothing is cleared unscreened.

No broker: `Processor.route` and the agents' emitter, driven directly (the broker cases are in
tests/streams/test_no_event_lost.py).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from matchers import Screener
from streams.agents import Emitter, InOrderAcks
from streams.metrics import Metrics
from streams.processing import Inbound, Outbound, Processor
from streams.records import DeadLetterReason, HoldReason
from streams.settings import Settings, builtin_list_path
from streams.snapshot import SnapshotHolder

PURCHASES = "procurement.purchases"
LISTED = "Hikvision Co., Ltd."
CLEAN = "Northwind Traders"


def order(**fields: Any) -> dict[str, Any]:
    base = {
        "event_id": "e-1",
        "event_type": "purchase_order",
        "occurred_at": "2019-10-10T09:00:00Z",
        "po_number": "PO-1",
        "buyer": {"name": CLEAN},
    }
    return {**base, **fields}


def as_bytes(doc: Any) -> bytes:
    return json.dumps(doc).encode()


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_paths([builtin_list_path()])


def make(screener: Screener | None, **settings: Any) -> Processor:
    metrics = Metrics()
    holder = SnapshotHolder(metrics, freeze_gc=False)
    if screener is not None:
        holder.swap(screener, [builtin_list_path()])
    return Processor(Settings(**settings), holder, metrics)


@pytest.fixture
def processor(screener: Screener) -> Processor:
    return make(screener)


def route(processor: Processor, value: bytes, offset: int = 1) -> tuple[str, dict[str, Any]]:
    out = processor.route(Inbound(PURCHASES, 0, offset, b"k", value, timestamp=1.0))
    return out.summary.outcome, json.loads(out.value)


@pytest.mark.parametrize("name", ["\u0000", "\u200b\u200b", "...", "- / -", "Ltd."])
def test_a_name_empty_once_normalised_is_held_as_unscreenable(processor: Processor, name: str) -> None:
    outcome, record = route(processor, as_bytes(order(supplier={"name": name})))
    assert outcome == "hold" and record["reason"] == HoldReason.UNSCREENABLE_PARTY
    assert "supplier" in record["error"]


@pytest.mark.parametrize("name", ["trading " * 10_000, "x" * 30_000, "Acme " + "Holding " * 70])
def test_an_overlong_name_is_held_without_being_screened(processor: Processor, name: str) -> None:
    started = time.perf_counter()
    outcome, record = route(processor, as_bytes(order(supplier={"name": name})))
    assert outcome == "hold" and record["reason"] == HoldReason.UNSCREENABLE_PARTY
    assert "limit" in record["error"]
    assert time.perf_counter() - started < 5  # not screened: the engine never saw it


def test_a_listed_party_still_holds_as_a_match_beside_an_unscreenable_one(processor: Processor) -> None:
    outcome, record = route(processor, as_bytes(order(supplier={"name": LISTED}, end_user={"name": "..."})))
    assert outcome == "hold" and record["reason"] == HoldReason.MATCH
    assert "end_user" in record["error"]


def test_the_name_bounds_come_from_settings(screener: Screener) -> None:
    processor = make(screener, max_name_chars=20, max_name_tokens=4)
    for name in ("A" * 21, "a b c d e"):
        assert route(processor, as_bytes(order(supplier={"name": name})))[1]["reason"] == "unscreenable_party"
    assert route(processor, as_bytes(order(supplier={"name": CLEAN})))[0] == "cleared"


def test_a_duplicate_key_is_dead_lettered_as_ambiguous(processor: Processor) -> None:
    value = (
        b'{"event_id": "e-1", "event_type": "purchase_order", "occurred_at": "2019-10-10T09:00:00Z", '
        b'"po_number": "PO-1", "supplier": {"name": "' + LISTED.encode() + b'"}, '
        b'"supplier": {"name": "Northwind Traders"}}'
    )
    outcome, record = route(processor, value)
    assert outcome == "deadletter" and record["reason"] == DeadLetterReason.AMBIGUOUS_PAYLOAD
    assert "supplier" in record["error"] and record["event_id"] == "e-1"
    nested = as_bytes(order(supplier={"name": CLEAN})).replace(
        b'"name": "Northwind Traders"', b'"name": "x", "name": "y"'
    )
    assert route(processor, nested)[1]["reason"] == DeadLetterReason.AMBIGUOUS_PAYLOAD


@pytest.mark.parametrize(
    "fields",
    [
        {"vendor": {"name": LISTED}},
        {"parties": [{"name": CLEAN}, {"name": LISTED, "country": "CN"}]},
        {"supplier": {"name": CLEAN, "parent": {"name": LISTED}}},
        {"lines": [{"sku": "A-1", "maker": {"name": LISTED}}]},
    ],
)
def test_a_name_in_a_field_the_schema_does_not_know_is_screened_as_other(
    processor: Processor, fields: dict[str, Any]
) -> None:
    outcome, record = route(processor, as_bytes(order(**fields)))
    assert outcome == "hold" and record["reason"] == HoldReason.MATCH
    hit = record["hits"][0]
    assert hit["role"] == "other" and hit["path"].startswith("$.") and hit["party"]["name"] == LISTED


def test_other_parties_are_listed_as_screened_and_a_clean_one_clears(processor: Processor) -> None:
    outcome, record = route(processor, as_bytes(order(vendor={"name": CLEAN}, note={"name": None})))
    assert outcome == "cleared"
    assert [(p["role"], p["path"]) for p in record["parties_screened"]] == [
        ("buyer", None),
        ("other", "$.vendor"),
    ]


@pytest.mark.parametrize("name", [123, ["a"], {"first": LISTED}, True])
def test_an_other_party_whose_name_is_not_a_string_is_held(processor: Processor, name: Any) -> None:
    outcome, record = route(processor, as_bytes(order(vendor={"name": name})))
    assert outcome == "hold" and record["reason"] in (HoldReason.UNSCREENABLE_PARTY, HoldReason.MATCH)


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deep_nesting_is_undecodable_not_an_internal_error(processor: Processor, depth: int) -> None:
    value = as_bytes(order())[:-1] + b', "x": ' + b"[" * depth + b"]" * depth + b"}"
    outcome, record = route(processor, value)
    assert outcome == "deadletter" and record["reason"] == DeadLetterReason.UNDECODABLE


def test_an_event_over_max_event_bytes_is_dead_lettered_with_a_bounded_copy(screener: Screener) -> None:
    processor = make(screener, max_event_bytes=4096, deadletter_payload_bytes=1024)
    value = as_bytes(order(supplier={"name": LISTED}, notes="n" * 10_000))
    outcome, record = route(processor, value)
    assert outcome == "deadletter" and record["reason"] == DeadLetterReason.TOO_LARGE
    kept = base64.b64decode(record["payload_b64"])
    assert kept == value[:1024] and record["payload_truncated"] is True
    assert record["payload_bytes"] == len(value)
    assert record["payload_sha256"] == hashlib.sha256(value).hexdigest()


def test_default_bounds_keep_a_999_kb_order_out_of_the_screening_path(processor: Processor) -> None:
    value = as_bytes(order(supplier={"name": LISTED}, notes="n" * 999_000))
    out = processor.route(Inbound(PURCHASES, 0, 1, b"k", value, timestamp=1.0))
    assert out.summary.deadletter_reason == DeadLetterReason.TOO_LARGE
    assert len(out.value) <= processor.settings.max_record_bytes


def test_too_many_parties_are_dead_lettered(processor: Processor) -> None:
    parties = [{"name": f"{CLEAN} {i}"} for i in range(60)]
    outcome, record = route(processor, as_bytes(order(parties=parties)))
    assert outcome == "deadletter" and record["reason"] == DeadLetterReason.TOO_MANY_PARTIES


def test_a_decision_over_max_record_bytes_is_dead_lettered_not_sent(screener: Screener) -> None:
    limit = 128 * 1024
    processor = make(screener, max_record_bytes=limit, deadletter_payload_bytes=32 * 1024)
    value = as_bytes(order(supplier={"name": LISTED}, lines=[{"description": "d" * 1000}] * 150))
    assert len(value) < processor.settings.max_event_bytes
    out = processor.route(Inbound(PURCHASES, 0, 1, b"k", value, timestamp=1.0))
    record = json.loads(out.value)
    assert out.summary.deadletter_reason == DeadLetterReason.RECORD_TOO_LARGE
    assert "hold" in record["error"] and len(out.value) <= limit
    assert record["payload_sha256"] == hashlib.sha256(value).hexdigest()


class FakeEvent:
    def __init__(self) -> None:
        self.acks = 0

    def ack(self) -> bool:
        self.acks += 1
        return True


def _out(offset: int, topic: str = "hold", outcome: str = "hold") -> Outbound:
    from streams.records import Summary

    return Outbound(
        source=Inbound(PURCHASES, 0, offset, b"k", b"{}", None),
        topic=topic,
        key=b"k",
        value=b"x",
        summary=Summary(outcome),
    )


def test_acks_follow_offset_order_so_an_undelivered_event_holds_back_its_successors() -> None:
    acks = InOrderAcks()
    events = [FakeEvent() for _ in range(4)]
    for offset, event in enumerate(events):
        acks.track(event, _out(offset).source)
    acks.delivered(events[0])
    acks.delivered(events[2])
    acks.delivered(events[3])
    assert [e.acks for e in events] == [1, 0, 0, 0], "offset 1 undelivered: 2 and 3 must not be acked"
    acks.delivered(events[1])
    assert [e.acks for e in events] == [1, 1, 1, 1]


def test_a_rewound_partition_starts_a_new_run() -> None:
    acks = InOrderAcks()
    old, new = FakeEvent(), FakeEvent()
    acks.track(old, _out(5).source)
    acks.track(new, _out(5).source)  # redelivered after a rebalance
    acks.delivered(new)
    acks.delivered(old)
    assert (old.acks, new.acks) == (1, 1)


class SizeRefusingTopic:
    def __init__(self) -> None:
        self.sent = 0

    async def send(self, key: bytes | None, value: bytes) -> asyncio.Future[Any]:
        self.sent += 1
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

        from aiokafka.errors import MessageSizeTooLargeError
        from faust.exceptions import ProducerSendError

        try:  # what faust's producer raises: the client's error wrapped
            try:
                raise MessageSizeTooLargeError("The message is 1200000 bytes when serialized")
            except MessageSizeTooLargeError as exc:
                raise ProducerSendError(f"Error while sending: {exc!r}") from exc
        except ProducerSendError as wrapped:
            fut.set_exception(wrapped)
        return fut


class OkTopic:
    def __init__(self) -> None:
        self.sent: list[bytes] = []

    async def send(self, key: bytes | None, value: bytes) -> asyncio.Future[Any]:
        self.sent.append(value)
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        fut.set_result("ok")
        return fut


def test_a_record_refused_for_its_size_goes_to_dead_letter_instead_of_blocking(processor: Processor) -> None:
    async def scenario() -> None:
        hold, deadletter = SizeRefusingTopic(), OkTopic()
        emitter = Emitter(
            {"hold": hold, processor.settings.topic_deadletter: deadletter},
            Metrics(),
            too_large=processor.record_refused,
        )
        event = FakeEvent()
        await emitter.emit(event, _out(1))
        for _ in range(20):
            await asyncio.sleep(0.01)
        assert hold.sent == 1 and len(deadletter.sent) == 1 and event.acks == 1
        record = json.loads(deadletter.sent[0])
        assert record["reason"] == "record_too_large" and "MessageSizeTooLargeError" in record["error"]

    asyncio.run(scenario())


class HangingProcessor(Processor):
    """Hangs on batches holding offset 999, in the worker's own screening thread."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.release = threading.Event()

    def route_many(self, msgs: list[Inbound]) -> list[Outbound]:
        if any(m.offset == 999 for m in msgs):
            self.release.wait(30)
        return super().route_many(msgs)


def test_a_hung_batch_in_the_worker_thread_is_held_by_the_timeout(screener: Screener) -> None:
    base = make(screener, screen_batch_timeout=0.5)
    processor = HangingProcessor(base.settings, base.snapshots, base.metrics)
    thread = ThreadPoolExecutor(max_workers=1)
    listed = as_bytes(order(supplier={"name": LISTED}))
    clean = as_bytes(order(event_id="e-2", supplier={"name": CLEAN}))
    try:
        hung = asyncio.run(
            processor.process(
                [
                    Inbound(PURCHASES, 0, 999, b"k", clean, 1.0),
                    Inbound(PURCHASES, 0, 1000, b"k", b"nope", 1.0),
                ],
                thread,
            )
        )
        assert [o.summary.outcome for o in hung] == ["hold", "deadletter"]
        assert hung[0].summary.hold_reason == HoldReason.SCREENING_UNAVAILABLE
        assert "screen_batch_timeout" in json.loads(hung[0].value)["error"]
        after = asyncio.run(processor.process([Inbound(PURCHASES, 0, 1001, b"k", listed, 1.0)], thread))
        assert after[0].summary.hold_reason == HoldReason.MATCH, "the next batch waits behind the hung one"
    finally:
        processor.release.set()
        thread.shutdown(wait=True)


def test_the_producer_and_the_output_topics_accept_the_same_size() -> None:
    from streams.app import faust_config
    from streams.topics import product_topics

    settings = Settings(max_record_bytes=2 * 1024 * 1024, deadletter_payload_bytes=1024 * 1024)
    limit = settings.max_request_bytes
    assert limit > settings.max_record_bytes
    assert faust_config(settings)["producer_max_request_size"] == limit
    outputs = {spec.name: spec.config for spec in product_topics(settings)}
    assert all(outputs[name]["max.message.bytes"] == str(limit) for name in settings.output_topics)
    with pytest.raises(ValueError, match="deadletter_payload_bytes"):
        Settings(max_record_bytes=128 * 1024, deadletter_payload_bytes=512 * 1024)


def test_a_name_key_written_with_an_escape_is_still_found(processor: Processor) -> None:
    value = as_bytes(order(vendor={"nXme": LISTED})).replace(b'"nXme"', b'"n\\u0061me"')
    outcome, record = route(processor, value)
    assert outcome == "hold" and record["hits"][0]["path"] == "$.vendor"


class HangingEverywhere(Processor):
    """Hangs on offset 999 in a screening process and in the worker's thread alike."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.release = threading.Event()

    def route_many(self, msgs: list[Inbound]) -> list[Outbound]:
        if any(m.offset == 999 for m in msgs):
            self.release.wait(20)
        return super().route_many(msgs)


def test_a_batch_hanging_in_the_child_and_in_the_fallback_thread_is_held(screener: Screener) -> None:
    from streams.screening_pool import ScreeningPool

    base = make(screener, screen_batch_timeout=1.0)
    processor = HangingEverywhere(base.settings, base.snapshots, base.metrics)
    thread = ThreadPoolExecutor(max_workers=1)
    pool = ScreeningPool(processor, 1, thread, batch_timeout=1.0)
    clean = as_bytes(order(supplier={"name": CLEAN}))
    try:
        started = time.monotonic()
        outs = asyncio.run(pool.process([Inbound(PURCHASES, 0, 999, b"k", clean, 1.0)]))
        assert time.monotonic() - started < 10
        assert outs[0].summary.hold_reason == HoldReason.SCREENING_UNAVAILABLE
    finally:
        processor.release.set()
        pool.close()
        thread.shutdown(wait=True)
