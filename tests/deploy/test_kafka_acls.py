"""The Strimzi KafkaUsers against what the code really reads, writes and joins.

Each principal gets only what its process uses: a topic or group the code uses but the ACLs deny would
fail in production only; a right the ACLs grant beyond it is what a compromised process could misuse.
The topic and group names come from the code's own functions, not from copies in this test.
"""

from __future__ import annotations

from typing import Any

import pytest
from deploylib import K8S_DIR, render_kustomization

from streams.compliance.topic_routing import compliance_group, consumed_topics, tailed_topics, written_topics
from streams.console.kafka_backend import console_topics
from streams.settings import ComplianceSettings, Settings
from streams.topics import product_topics

USERS = {o["metadata"]["name"]: o for o in render_kustomization(K8S_DIR) if o["kind"] == "KafkaUser"}
SETTINGS = Settings()
COMPLIANCE = ComplianceSettings()
ALL_TOPICS = {spec.name for spec in product_topics(SETTINGS)}


def allowed(user: str, kind: str, name: str, operation: str) -> bool:
    for acl in USERS[user]["spec"]["authorization"]["acls"]:
        r = acl["resource"]
        hit = name.startswith(r["name"]) if r.get("patternType") == "prefix" else name == r["name"]
        grants = acl.get("type", "allow") == "allow" and operation in acl["operations"]
        if r["type"] == kind and hit and grants:
            return True
    return False


def writers(topic: str) -> set[str]:
    return {user for user in USERS if allowed(user, "topic", topic, "Write")}


# What each process uses, from the code.
WORKER_READS = {*SETTINGS.input_topics, *consumed_topics(SETTINGS, COMPLIANCE), *tailed_topics(COMPLIANCE)}
WORKER_WRITES = {*SETTINGS.output_topics, *written_topics(SETTINGS, COMPLIANCE).values()}
WORKER_GROUPS = {SETTINGS.group_id, compliance_group(SETTINGS)}
CONSOLE_READS, CONSOLE_WRITES = (set(t) for t in console_topics(SETTINGS, COMPLIANCE))
PUBLISHER = {COMPLIANCE.topic_control}


def test_there_is_one_user_per_role() -> None:
    assert set(USERS) == {"holdline", "holdline-console", "holdline-publisher", "holdline-auditor"}


@pytest.mark.parametrize(
    ("user", "reads", "writes", "groups"),
    [
        ("holdline", WORKER_READS, WORKER_WRITES, WORKER_GROUPS),
        ("holdline-console", CONSOLE_READS, CONSOLE_WRITES, set()),
        ("holdline-publisher", PUBLISHER, PUBLISHER, set()),
    ],
)
def test_each_principal_may_use_every_topic_and_group_its_code_uses(
    user: str, reads: set[str], writes: set[str], groups: set[str]
) -> None:
    for topic in reads:
        assert allowed(user, "topic", topic, "Read") and allowed(user, "topic", topic, "Describe"), topic
    for topic in writes:
        assert allowed(user, "topic", topic, "Write"), topic
    for group in groups:
        assert allowed(user, "group", group, "Read"), group


def test_the_compliance_group_is_granted_by_name() -> None:
    assert compliance_group(SETTINGS) == "holdline.compliance"
    assert allowed("holdline", "group", "holdline.compliance", "Read")
    assert not allowed("holdline", "group", "holdline.other", "Read")  # literal, not a prefix


def test_only_the_console_writes_decisions_and_only_the_publisher_writes_the_control_topic() -> None:
    assert writers(COMPLIANCE.topic_decisions) == {"holdline-console"}
    assert writers(COMPLIANCE.topic_control) == {"holdline-publisher"}
    assert COMPLIANCE.topic_decisions not in WORKER_WRITES and COMPLIANCE.topic_control not in WORKER_WRITES


def test_no_principal_may_write_more_than_its_code_writes() -> None:
    granted = {user: {t for t in ALL_TOPICS if allowed(user, "topic", t, "Write")} for user in USERS}
    faust_internal = {t for t in ALL_TOPICS if t.startswith(f"{SETTINGS.group_id}-")}
    assert granted["holdline"] - faust_internal == WORKER_WRITES
    assert granted["holdline-console"] == CONSOLE_WRITES
    assert granted["holdline-publisher"] == PUBLISHER
    assert granted["holdline-auditor"] == set()
    for user in USERS:
        assert not any(allowed(user, "topic", t, "Write") for t in SETTINGS.input_topics), user


def test_every_topic_a_user_names_exists() -> None:
    names: list[Any] = []
    for user in USERS.values():
        for acl in user["spec"]["authorization"]["acls"]:
            r = acl["resource"]
            if r["type"] == "topic" and r.get("patternType", "literal") == "literal":
                names.append(r["name"])
    assert set(names) <= ALL_TOPICS
