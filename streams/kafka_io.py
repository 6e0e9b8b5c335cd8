"""Plain (synchronous, kafka-python) topic I/O for the CLI tools, the demo, the benchmark and the tests.

Kept outside the Faust app on purpose: producing samples or reading a topic end to end needs no agent,
no consumer group and no event loop. Nothing here trusts a broker's end offsets: the test broker (Tansu)
reports a wrong latest offset for multi-record batches, so readers stop on a predicate or on quiet.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

DEFAULT_PARTITIONS = 4


def bootstrap_of(url: str) -> str:
    """`kafka://h1:9092;kafka://h2:9092` (Faust's form) -> `h1:9092,h2:9092` (kafka-python's form)."""
    hosts = []
    for part in url.replace(";", ",").split(","):
        part = part.strip()
        if "://" in part:
            part = part.split("://", 1)[1]
        if part:
            hosts.append(part.rstrip("/"))
    if not hosts:
        raise ValueError(f"no broker address in {url!r}")
    return ",".join(hosts)


@dataclass(frozen=True)
class Record:
    """A consumed record, detached from the client library."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    timestamp_ms: int


def create_topics(bootstrap: str, names: Iterable[str], partitions: int = DEFAULT_PARTITIONS) -> list[str]:
    """Create missing topics (Tansu never auto-creates them); returns the names that were created."""
    from kafka import KafkaAdminClient
    from kafka.admin import NewTopic

    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="holdline-io", request_timeout_ms=10_000)
    try:
        existing = set(admin.list_topics())
        wanted = [n for n in dict.fromkeys(names) if n not in existing]
        if wanted:
            admin.create_topics([NewTopic(n, partitions, 1) for n in wanted])
        return wanted
    finally:
        admin.close()


class Producer:
    """Batches records like any Kafka producer (a few ms of linger).

    `one_record_per_batch` is a test-broker workaround, never needed on Kafka: the Tansu test broker's
    ListOffsets answers the start of the last batch + 1, so with one record per batch its end offsets (lag,
    `seek_to_end`) stay right. Tests pass it explicitly; the CLI takes it from the setting
    `producer_one_record_per_batch` (off by default).
    """

    def __init__(self, bootstrap: str, one_record_per_batch: bool = False, **client: Any) -> None:
        """`client`: extra kafka-python settings (TLS/SASL, see `streams.security.kafka_python_config`)."""
        from kafka import KafkaProducer

        batching: dict[str, Any] = {"batch_size": 1, "linger_ms": 0}
        if not one_record_per_batch:
            batching = {"linger_ms": 5}
        self._producer = KafkaProducer(
            bootstrap_servers=bootstrap, client_id="holdline-producer", acks="all", **batching, **client
        )

    def send(self, topic: str, value: bytes, key: bytes | None = None, partition: int | None = None) -> Any:
        return self._producer.send(topic, value=value, key=key, partition=partition)

    def flush(self, timeout: float = 30.0) -> None:
        self._producer.flush(timeout=timeout)

    def close(self) -> None:
        self._producer.close(timeout=10)

    def __enter__(self) -> Producer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.flush()
        self.close()


def produce(
    bootstrap: str,
    topic: str,
    records: Iterable[tuple[bytes | None, bytes]],
    one_record_per_batch: bool = False,
) -> int:
    """Send (key, value) pairs and wait until the broker acknowledged them all."""
    n = 0
    with Producer(bootstrap, one_record_per_batch) as producer:
        futures = [producer.send(topic, value, key) for key, value in records]
        producer.flush()
        for future in futures:
            future.get(timeout=30)
            n += 1
    return n


class TopicReader:
    """Reads whole topics from the beginning (or only what arrives after `from_end`), without a group."""

    def __init__(self, bootstrap: str, topics: Sequence[str], from_end: bool = False, **client: Any) -> None:
        from kafka import KafkaConsumer, TopicPartition

        self._consumer = KafkaConsumer(
            bootstrap_servers=bootstrap,
            client_id="holdline-reader",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            **client,
        )
        partitions = []
        deadline = time.monotonic() + 15
        for topic in topics:
            found = self._consumer.partitions_for_topic(topic)
            while not found and time.monotonic() < deadline:
                time.sleep(0.2)
                found = self._consumer.partitions_for_topic(topic)
            if not found:
                self._consumer.close()
                raise LookupError(f"topic {topic!r} does not exist on {bootstrap}")
            partitions += [TopicPartition(topic, p) for p in sorted(found)]
        self._consumer.assign(partitions)
        # Records older than this are skipped when following from the end: the test broker's end offset
        # can point inside the last batch, which would replay part of it.
        self._not_before_ms = int(time.time() * 1000) if from_end else 0
        if from_end:
            self._consumer.seek_to_end()
        else:
            self._consumer.seek_to_beginning()

    def poll(self, timeout: float = 0.5) -> list[Record]:
        out: list[Record] = []
        batches = self._consumer.poll(timeout_ms=int(timeout * 1000))
        for messages in batches.values():
            for m in messages:
                if m.timestamp < self._not_before_ms:
                    continue
                out.append(Record(m.topic, m.partition, m.offset, m.key, m.value, m.timestamp))
        return out

    def follow(self, idle_timeout: float | None = None) -> Iterator[Record]:
        """Yield records as they come; stop after `idle_timeout` seconds without one (None: never)."""
        last = time.monotonic()
        while True:
            records = self.poll()
            if records:
                last = time.monotonic()
                yield from records
            elif idle_timeout is not None and time.monotonic() - last >= idle_timeout:
                return

    def close(self) -> None:
        self._consumer.close()

    def __enter__(self) -> TopicReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_until(
    bootstrap: str,
    topics: Sequence[str],
    done: Callable[[list[Record]], bool],
    timeout: float = 60.0,
    quiet: float = 0.0,
) -> list[Record]:
    """Everything in `topics` once `done(records)` holds (plus `quiet` seconds to catch stragglers).

    Returns what was read when `timeout` passes, so callers can report what is missing.
    """
    records: list[Record] = []
    deadline = time.monotonic() + timeout
    with TopicReader(bootstrap, topics) as reader:
        while time.monotonic() < deadline:
            records += reader.poll()
            if done(records):
                break
        if quiet > 0:
            settle = time.monotonic() + quiet
            while time.monotonic() < settle:
                batch = reader.poll(timeout=min(0.5, quiet))
                if batch:
                    records += batch
                    settle = time.monotonic() + quiet
    return records


def read_quiet(
    bootstrap: str, topics: Sequence[str], quiet: float = 1.5, timeout: float = 60.0
) -> list[Record]:
    """Everything in `topics` once nothing new arrived for `quiet` seconds."""
    return read_until(bootstrap, topics, lambda _: True, timeout=timeout, quiet=quiet)
