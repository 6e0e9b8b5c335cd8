"""Every topic the product uses, and their creation (`holdline topics create`).

The test broker (Tansu) never auto-creates topics and a production Kafka usually forbids it, so topics
are declared here once, with their partition counts and configs, and created explicitly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from streams.settings import ComplianceSettings, Settings

COMPACT = {"cleanup.policy": "compact"}


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    replication_factor: int
    purpose: str
    config: Mapping[str, str] = field(default_factory=dict)


def product_topics(settings: Settings) -> list[TopicSpec]:
    """Inputs, outputs, then the compliance workflow's topics (named in `Settings.compliance`)."""
    p, rf = settings.partitions, settings.replication_factor
    # Outputs accept every record the worker's producer may send (its max_request_size, same value).
    sized = {"max.message.bytes": str(settings.max_request_bytes)}
    specs = [
        TopicSpec(settings.topic_purchases, p, rf, "input: purchase-order events"),
        TopicSpec(settings.topic_shipments, p, rf, "input: shipment events"),
        TopicSpec(settings.topic_hold, p, rf, "output: held events with the evidence", sized),
        TopicSpec(settings.topic_cleared, p, rf, "output: cleared events", sized),
        TopicSpec(settings.topic_deadletter, p, rf, "output: unreadable input, original bytes kept", sized),
    ]
    return specs + compliance_topics(settings)


def compliance_topics(settings: Settings, compliance: ComplianceSettings | None = None) -> list[TopicSpec]:
    """The compliance workflow's topics: decisions, refusals, blocked, control and the compacted state."""
    c = compliance or settings.compliance
    p, rf = settings.partitions, settings.replication_factor
    return [
        TopicSpec(c.topic_decisions, p, rf, "reviewers' signed decisions, keyed by event id"),
        TopicSpec(c.topic_refusals, p, rf, "refused decisions, allowances and publications, with reasons"),
        TopicSpec(c.topic_blocked, p, rf, "output: events confirmed as true matches"),
        # One partition: a publication's chunks and its manifest must be read in order.
        TopicSpec(c.topic_control, 1, rf, "list snapshot publications (`holdline lists publish`)"),
        TopicSpec(c.topic_holds_state, p, rf, "compacted: state of every hold, keyed by event id", COMPACT),
        TopicSpec(c.topic_allowlist, p, rf, "compacted: allow-list, keyed by allowance id", COMPACT),
        TopicSpec(c.topic_open_events, p, rf, "compacted: counterparties of open POs and shipments", COMPACT),
    ]


@dataclass(frozen=True)
class CreateResult:
    created: list[str]
    existing: list[str]
    # Topics that exist with fewer partitions than settings ask for: never altered automatically, since
    # adding partitions moves keys between partitions and breaks per-PO ordering.
    fewer_partitions: dict[str, int]


def create_topics(
    settings: Settings, specs: Sequence[TopicSpec] | None = None, timeout_ms: int = 15_000
) -> CreateResult:
    from kafka import KafkaAdminClient
    from kafka.admin import NewTopic
    from kafka.errors import TopicAlreadyExistsError

    from streams.security import kafka_python_config

    specs = list(specs if specs is not None else product_topics(settings))
    admin = KafkaAdminClient(
        bootstrap_servers=settings.bootstrap_servers,
        client_id="holdline-topics",
        request_timeout_ms=timeout_ms,
        bootstrap_timeout_ms=timeout_ms,
        **kafka_python_config(settings),
    )
    try:
        existing_names = set(admin.list_topics())
        wanted = [s for s in specs if s.name not in existing_names]
        created: list[str] = []
        existing = [s.name for s in specs if s.name in existing_names]
        for spec in wanted:
            topic = NewTopic(
                spec.name, spec.partitions, spec.replication_factor, topic_configs=dict(spec.config)
            )
            try:
                admin.create_topics([topic], timeout_ms=timeout_ms)
                created.append(spec.name)
            except TopicAlreadyExistsError:  # created concurrently (another worker's start-up job)
                existing.append(spec.name)
        fewer = _fewer_partitions(admin, {s.name: s.partitions for s in specs if s.name in existing})
        return CreateResult(created=created, existing=existing, fewer_partitions=fewer)
    finally:
        admin.close()


def _fewer_partitions(admin: object, wanted: Mapping[str, int]) -> dict[str, int]:
    if not wanted:
        return {}
    described = admin.describe_topics(list(wanted))  # type: ignore[attr-defined]
    out: dict[str, int] = {}
    for topic in described:
        have = len(topic.get("partitions") or [])
        name = topic.get("name") or topic.get("topic")  # kafka-python 3 says "name", 2 said "topic"
        if name in wanted and have < wanted[name]:
            out[name] = have
    return out
