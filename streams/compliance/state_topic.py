"""Compacted state topics, tailed whole by every reader and written one record at a time.

Not Faust tables: the test broker (Tansu) reports a wrong latest offset for multi-record batches, which
breaks changelog recovery; and every reader needs ALL keys (any worker or console serves any hold), which a
partitioned table would not give. So each reader assigns itself every partition, reads from the
beginning and keeps following; it is "caught up" once it reached the reported end offsets AND a fetch came
back empty (the empty fetch is what makes a too-small reported end offset harmless). Writers wait for
the broker's acknowledgement (`send`, or `enqueue` and the future later); with the test broker's setting
(`producer_one_record_per_batch`) every record is a batch of its own, which keeps its offsets right.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from typing import Any, cast

from streams.security import ssl_context
from streams.settings import SecurityProtocol, Settings

log = logging.getLogger(__name__)


def aiokafka_config(settings: Settings) -> dict[str, Any]:
    """Connection keyword arguments for aiokafka clients, from the same settings as the worker's."""
    config: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap_servers,
        "security_protocol": settings.security_protocol.value,
    }
    if settings.security_protocol in (SecurityProtocol.SSL, SecurityProtocol.SASL_SSL):
        config["ssl_context"] = ssl_context(settings)
    if settings.security_protocol in (SecurityProtocol.SASL_PLAINTEXT, SecurityProtocol.SASL_SSL):
        config["sasl_mechanism"] = settings.sasl_mechanism.value
        config["sasl_plain_username"] = settings.sasl_username
        config["sasl_plain_password"] = (
            settings.sasl_password.get_secret_value() if settings.sasl_password else None
        )
    return config


class TopicTail:
    """Follows whole topics from the beginning and hands every record to `apply(topic, key, value)`."""

    def __init__(
        self,
        config: dict[str, Any],
        topics: Sequence[str],
        apply: Callable[[str, str, bytes | None], None],
        name: str = "holdline-state",
    ) -> None:
        self.config = config
        self.topics = list(topics)
        self.apply = apply
        self.name = name
        self.ready = asyncio.Event()
        self._consumer: Any = None
        self._task: asyncio.Task[None] | None = None

    async def start(self, metadata_timeout: float = 30.0) -> None:
        from aiokafka import AIOKafkaConsumer, TopicPartition

        consumer = AIOKafkaConsumer(
            client_id=self.name,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            **self.config,
        )
        await consumer.start()
        try:
            partitions = []
            loop = asyncio.get_running_loop()
            deadline = loop.time() + metadata_timeout
            for topic in self.topics:
                found = consumer.partitions_for_topic(topic)
                while not found:
                    if loop.time() > deadline:
                        raise LookupError(f"topic {topic!r} does not exist (run `holdline topics create`)")
                    await consumer.topics()  # refreshes metadata
                    found = consumer.partitions_for_topic(topic)
                    if not found:
                        await asyncio.sleep(0.2)
                partitions += [TopicPartition(topic, p) for p in sorted(found)]
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            ends = await consumer.end_offsets(partitions)
        # Clean-up, re-raised: a start-up that fails or is cancelled closes its consumer.
        except BaseException:
            await consumer.stop()
            raise
        self._consumer = consumer
        self._task = asyncio.create_task(self._run(partitions, ends), name=f"{self.name}-tail")

    async def _run(self, partitions: list[Any], ends: dict[Any, int]) -> None:
        consumer = self._consumer
        while True:
            try:
                batches = await consumer.getmany(timeout_ms=250, max_records=2000)
            except asyncio.CancelledError:
                raise
            except (
                Exception
            ):  # task boundary: the fold runs for the process's life; any fetch error is retried
                log.exception("%s: fetch failed; retrying", self.name)
                await asyncio.sleep(1.0)
                continue
            for tp, records in batches.items():
                for rec in records:
                    key = rec.key.decode("utf-8", "replace") if rec.key is not None else ""
                    try:
                        self.apply(tp.topic, key, rec.value)
                    # Input boundary: a record from the topic is untrusted and the fold must go on past a
                    # bad one (any error, not only a parse error: a record of an unexpected shape), logged.
                    except Exception:
                        log.exception(
                            "%s: cannot apply %s[%d]@%d", self.name, tp.topic, tp.partition, rec.offset
                        )
            if not batches and not self.ready.is_set():
                positions = [await consumer.position(tp) for tp in partitions]
                if all(pos >= ends.get(tp, 0) for pos, tp in zip(positions, partitions, strict=True)):
                    self.ready.set()

    async def wait_ready(self, timeout: float = 60.0) -> None:
        await asyncio.wait_for(self.ready.wait(), timeout)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        if self._consumer is not None:
            await self._consumer.stop()


class StateWriter:
    """Publishes JSON state records and waits for the broker's acknowledgement.

    `send` waits for each record; `enqueue` only hands it to the producer and returns the delivery
    future, so a caller writing one record per input record (the open events) pays one produce request
    per batch of records rather than one round trip per record, and awaits the futures before it
    commits. Records of one key keep their order (one partition, one request in flight). With
    `one_record_per_batch` (the test broker's end-offset defect, `Settings.producer_one_record_per_batch`)
    every record is a batch of its own, as `send` always made it.
    """

    def __init__(
        self, config: dict[str, Any], name: str = "holdline-state-writer", one_record_per_batch: bool = False
    ) -> None:
        self.config = config
        self.name = name
        self.one_record_per_batch = one_record_per_batch
        self._producer: Any = None

    async def start(self) -> None:
        from aiokafka import AIOKafkaProducer

        batching = {"max_batch_size": 1} if self.one_record_per_batch else {}
        self._producer = AIOKafkaProducer(
            client_id=self.name, acks="all", linger_ms=0, **batching, **self.config
        )
        await self._producer.start()

    async def send(self, topic: str, key: str, value: bytes | None) -> None:
        await self._producer.send_and_wait(topic, key=key.encode(), value=value)

    async def enqueue(self, topic: str, key: str, value: bytes | None) -> asyncio.Future[Any]:
        """Hand the record to the producer; the returned future resolves once the broker has it."""
        return cast("asyncio.Future[Any]", await self._producer.send(topic, key=key.encode(), value=value))

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
