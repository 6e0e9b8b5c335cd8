"""Which topics the compliance workflow reads and writes, and with which consumer group.

Kept apart from the runtime so the Kafka ACLs (deploy/k8s, tests/deploy/test_kafka_acls.py) can be
checked against exactly what the code uses without starting anything.
"""

from __future__ import annotations

from streams.compliance.processor import Target
from streams.settings import ComplianceSettings, Settings


def tailed_topics(c: ComplianceSettings) -> list[str]:
    """Read whole by every worker (no group): the folded state and the control topic."""
    return [c.topic_holds_state, c.topic_allowlist, c.topic_open_events, c.topic_control]


def consumed_topics(settings: Settings, c: ComplianceSettings) -> list[str]:
    """Read by the compliance consumer group (`compliance_group`)."""
    return [settings.topic_hold, settings.topic_cleared, c.topic_decisions]


def compliance_group(settings: Settings) -> str:
    return f"{settings.group_id}.compliance"


def written_topics(settings: Settings, c: ComplianceSettings) -> dict[Target | str, str]:
    """Where a worker's compliance workflow writes. Never the decisions or control topics: those carry
    what only reviewers and publishers may say (the Kafka ACLs in deploy/k8s grant exactly these)."""
    return {
        Target.STATE: c.topic_holds_state,
        Target.ALLOWLIST: c.topic_allowlist,
        Target.DECISIONS: c.topic_refusals,  # rejection records
        Target.BLOCKED: c.topic_blocked,
        Target.CLEARED: settings.topic_cleared,
        "hold": settings.topic_hold,  # list-update holds
        "open_events": c.topic_open_events,
    }
