"""The Apache Kafka broker of the `--broker kafka` benchmarks, in the parts that need no Java: its
configuration (a single KRaft node that answers a new group's first join at once, as Compose's does), its
cluster ids, the command lines it runs, and the broker a benchmark's `--broker` names."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from tests.support.broker import BrokerError, TansuBroker
from tests.support.kafka_broker import (
    KafkaBroker,
    java_command,
    make_broker,
    new_cluster_id,
    render_server_properties,
)

ROOT = Path(__file__).resolve().parents[2]


def parse(text: str) -> dict[str, str]:
    pairs = [line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#")]
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)), "a key is written twice"
    return dict(pairs)


def test_the_node_is_broker_and_controller_on_its_own_two_ports(tmp_path: Path) -> None:
    props = parse(render_server_properties("127.0.0.1", 40001, 40002, tmp_path / "data", node_id=3))
    assert props["process.roles"] == "broker,controller"
    assert props["node.id"] == "3"
    assert props["controller.quorum.voters"] == "3@127.0.0.1:40002"
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:40001,CONTROLLER://127.0.0.1:40002"
    assert props["advertised.listeners"] == "PLAINTEXT://127.0.0.1:40001"
    assert props["controller.listener.names"] == "CONTROLLER"
    assert props["log.dirs"] == str(tmp_path / "data")


def test_the_broker_is_configured_as_compose_configures_production_kafka(tmp_path: Path) -> None:
    """Every broker setting Compose gives Kafka (`KAFKA_X_Y` = `x.y`) that is not about addresses or
    folders has the same value here: the benchmark measures the broker the product deploys against."""
    props = parse(render_server_properties("127.0.0.1", 1, 2, tmp_path))
    compose = (ROOT / "deploy" / "compose" / "compose.yaml").read_text()
    wanted = {
        "group.initial.rebalance.delay.ms",
        "offsets.topic.replication.factor",
        "transaction.state.log.replication.factor",
        "transaction.state.log.min.isr",
        "auto.create.topics.enable",
    }
    seen = set()
    for line in compose.splitlines():
        key, sep, value = line.strip().partition(":")
        name = key.removeprefix("KAFKA_").lower().replace("_", ".")
        if sep and key.startswith("KAFKA_") and name in wanted:
            assert props[name] == value.strip().strip('"'), name
            seen.add(name)
    assert seen == wanted, f"compose.yaml no longer sets {wanted - seen}"
    assert props["group.initial.rebalance.delay.ms"] == "0"


def test_overrides_replace_a_default_without_duplicating_it(tmp_path: Path) -> None:
    props = parse(
        render_server_properties(
            "127.0.0.1", 1, 2, tmp_path, overrides={"group.initial.rebalance.delay.ms": "3000", "x.y": "z"}
        )
    )
    assert props["group.initial.rebalance.delay.ms"] == "3000"
    assert props["x.y"] == "z"


def test_cluster_ids_are_kafka_uuids_and_new_each_time() -> None:
    ids = {new_cluster_id() for _ in range(50)}
    assert len(ids) == 50
    for cluster_id in ids:
        assert len(cluster_id) == 22 and "=" not in cluster_id
        assert len(base64.urlsafe_b64decode(cluster_id + "==")) == 16


def test_the_java_command_runs_the_class_on_the_cached_jars_with_its_logging(tmp_path: Path) -> None:
    cmd = java_command(
        "/usr/bin/java", tmp_path / "libs", tmp_path / "conf", "kafka.Kafka", "server.properties"
    )
    assert cmd[0] == "/usr/bin/java"
    assert cmd[cmd.index("-cp") + 1] == f"{tmp_path / 'libs'}/*"
    assert cmd[-2:] == ["kafka.Kafka", "server.properties"]
    assert f"-Dlog4j.configuration=file:{tmp_path / 'conf' / 'log4j.properties'}" in cmd
    assert any(arg.startswith("-Xmx") for arg in cmd)


def test_the_broker_a_benchmark_names_is_made_and_not_started() -> None:
    kafka = make_broker("kafka")
    try:
        assert isinstance(kafka, KafkaBroker)
        with pytest.raises(BrokerError, match="not started"):
            _ = kafka.url
    finally:
        kafka.close()
    tansu = make_broker("tansu")
    try:
        assert isinstance(tansu, TansuBroker)
        assert tansu.pid is None
    finally:
        tansu.close()
    with pytest.raises(ValueError, match="unknown broker 'redpanda'"):
        make_broker("redpanda")


def test_a_machine_without_java_is_told_so_before_anything_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-jdk"))
    broker = KafkaBroker(libs=tmp_path)
    try:
        with pytest.raises(BrokerError, match="Java is not installed"):
            broker.start()
        assert broker.pid is None
    finally:
        broker.close()
