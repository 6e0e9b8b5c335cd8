"""`streams.topics` against the real test broker: every product topic created, idempotently."""

from __future__ import annotations

from kafka import KafkaAdminClient

from streams.settings import Settings
from streams.topics import create_topics, product_topics
from tests.support.broker import TansuBroker


def _settings(broker: TansuBroker, unique: str, partitions: int) -> Settings:
    names = {
        f: f"{unique}.{getattr(Settings(), f)}"
        for f in ("topic_purchases", "topic_shipments", "topic_hold", "topic_cleared", "topic_deadletter")
    }
    return Settings(broker=broker.url, partitions=partitions, **names)


def _partitions(broker: TansuBroker, names: list[str]) -> dict[str, int]:
    admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap)
    try:
        return {t["name"]: len(t["partitions"]) for t in admin.describe_topics(names)}
    finally:
        admin.close()


def test_product_topics_cover_inputs_and_outputs() -> None:
    settings = Settings()
    names = [spec.name for spec in product_topics(settings)]
    assert set(settings.input_topics) | set(settings.output_topics) <= set(names)
    assert len(names) == len(set(names))
    assert all(spec.partitions == settings.partitions for spec in product_topics(settings)[:5])


def test_create_is_idempotent_and_reports_short_topics(broker: TansuBroker, unique: str) -> None:
    settings = _settings(broker, unique, partitions=3)
    ours = [s.name for s in product_topics(settings) if s.name.startswith(unique)]
    first = create_topics(settings)
    assert set(ours) <= set(first.created)
    assert _partitions(broker, ours) == dict.fromkeys(ours, 3)

    again = create_topics(settings)
    assert not set(ours) & set(again.created) and set(ours) <= set(again.existing)
    assert not set(ours) & set(again.fewer_partitions)

    more = create_topics(settings.with_overrides(partitions=5))
    assert {name: more.fewer_partitions[name] for name in ours} == dict.fromkeys(ours, 3)
    assert _partitions(broker, ours) == dict.fromkeys(ours, 3), "existing topics are never altered"
