"""The compliance workflow's topics, appended to `holdline topics create` by `streams.topics`."""

from __future__ import annotations

from streams.compliance.settings import ComplianceSettings
from streams.settings import Settings
from streams.topics import TopicSpec

COMPACT = {"cleanup.policy": "compact"}


def compliance_topics(settings: Settings, compliance: ComplianceSettings | None = None) -> list[TopicSpec]:
    c = compliance or ComplianceSettings()
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
