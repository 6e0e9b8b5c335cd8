"""One settings object: env `HOLDLINE_*`, CLI overrides on top, validated and frozen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from matchers import DEFAULT_THRESHOLD
from matchers.lists import BUILTIN_LIST
from streams.security import kafka_python_config
from streams.settings import SecurityProtocol, Settings, bootstrap_servers


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith("HOLDLINE_"):
            monkeypatch.delenv(key)


def test_defaults() -> None:
    s = Settings()
    assert s.broker == "kafka://127.0.0.1:9092"
    assert s.lists == (Path(BUILTIN_LIST),)
    assert s.threshold == DEFAULT_THRESHOLD
    assert s.input_topics == ("procurement.purchases", "procurement.shipments")
    assert s.output_topics == ("screening.hold", "screening.cleared", "screening.deadletter")
    assert s.security_protocol == SecurityProtocol.PLAINTEXT


def test_environment_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "lists"
    monkeypatch.setenv("HOLDLINE_BROKER", "kafka://k1:9093")
    monkeypatch.setenv("HOLDLINE_LISTS", os.pathsep.join([str(a), str(b)]))
    monkeypatch.setenv("HOLDLINE_WEB_PORT", "7001")
    monkeypatch.setenv("HOLDLINE_THRESHOLD", "0.9")
    monkeypatch.setenv("HOLDLINE_TOPIC_HOLD", "custom.hold")
    monkeypatch.setenv("HOLDLINE_PARTITIONS", "12")
    s = Settings()
    assert (s.broker, s.lists, s.web_port, s.threshold) == ("kafka://k1:9093", (a, b), 7001, 0.9)
    assert s.topic_hold == "custom.hold" and s.partitions == 12


def test_cli_overrides_beat_the_environment_and_none_means_not_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOLDLINE_WEB_PORT", "7001")
    monkeypatch.setenv("HOLDLINE_BROKER", "kafka://from-env:9092")
    s = Settings().with_overrides(web_port=7002, broker=None, lists=("x.json",))
    assert s.web_port == 7002 and s.broker == "kafka://from-env:9092" and s.lists == (Path("x.json"),)


def test_settings_are_frozen() -> None:
    with pytest.raises(ValidationError):
        Settings().threshold = 0.5  # type: ignore[misc]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("HOLDLINE_THRESHOLD", "1.5"),
        ("HOLDLINE_WEB_PORT", "70000"),
        ("HOLDLINE_PARTITIONS", "0"),
        ("HOLDLINE_SECURITY_PROTOCOL", "SASL_SSL"),
        ("HOLDLINE_SECURITY_PROTOCOL", "CLEARTEXT"),
        ("HOLDLINE_LOGLEVEL", "loud"),
    ],
)
def test_bad_values_are_refused(monkeypatch: pytest.MonkeyPatch, key: str, value: str) -> None:
    monkeypatch.setenv(key, value)
    with pytest.raises(ValidationError):
        Settings()


def test_an_empty_list_setting_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOLDLINE_LISTS", os.pathsep)
    with pytest.raises(ValidationError):
        Settings()


@pytest.mark.parametrize(
    ("url", "servers"),
    [
        ("kafka://h:9092", ["h:9092"]),
        ("kafka://a:1;kafka://b:2", ["a:1", "b:2"]),
        ("a:1,b:2/", ["a:1", "b:2"]),
    ],
)
def test_bootstrap_servers(url: str, servers: list[str]) -> None:
    assert bootstrap_servers(url) == servers


def test_sasl_and_tls_pass_through_to_kafka_clients(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOLDLINE_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("HOLDLINE_SASL_MECHANISM", "SCRAM-SHA-512")
    monkeypatch.setenv("HOLDLINE_SASL_USERNAME", "holdline")
    monkeypatch.setenv("HOLDLINE_SASL_PASSWORD", "s3cret")
    monkeypatch.setenv("HOLDLINE_SSL_CAFILE", str(tmp_path / "ca.pem"))
    s = Settings()
    assert "s3cret" not in repr(s), "the password must not leak into logs"
    config = kafka_python_config(s)
    assert config == {
        "security_protocol": "SASL_SSL",
        "ssl_cafile": str(tmp_path / "ca.pem"),
        "ssl_certfile": None,
        "ssl_keyfile": None,
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "holdline",
        "sasl_plain_password": "s3cret",
    }


def test_faust_gets_sasl_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    import faust

    from streams.app import faust_config

    monkeypatch.setenv("HOLDLINE_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("HOLDLINE_SASL_USERNAME", "u")
    monkeypatch.setenv("HOLDLINE_SASL_PASSWORD", "p")
    creds = faust_config(Settings())["broker_credentials"]
    assert isinstance(creds, faust.SASLCredentials)
    assert (creds.username, creds.password, creds.mechanism.value) == ("u", "p", "PLAIN")


def test_faust_config_follows_settings() -> None:
    from streams.app import faust_config

    config = faust_config(Settings(broker="kafka://a:1;kafka://b:2", session_timeout=6, web_port=7100))
    assert config["broker"] == ["kafka://a:1", "kafka://b:2"]
    assert config["broker_session_timeout"] == 6
    assert config["broker_heartbeat_interval"] < 6 / 3, "heartbeats must fit inside the session timeout"
    assert config["web_port"] == 7100 and config["broker_credentials"] is None
    assert config["topic_disable_leader"] is True and config["consumer_auto_offset_reset"] == "earliest"
