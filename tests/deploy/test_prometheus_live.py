"""A real Prometheus server scrapes two real `holdline worker` processes in one consumer group on the test
broker: its query API returns the Holdline metrics, every alert and recording rule evaluates without error
on the real series, every dashboard query runs, and the two workers split the input partitions.

The workers' configuration is the deployment's (one group, scraped as job="holdline"); only the scrape
target is a static loopback address instead of the compose DNS name or the Kubernetes ServiceMonitor.
"""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from deploylib import (
    GRAFANA_MACROS,
    PROMETHEUS_DIR,
    REPO,
    exported_series,
    load_rules,
    panel_queries,
    prometheus_binary,
)

from streams.kafka_io import Producer
from tests.support.broker import TansuBroker, free_port
from tests.support.harness import Pipeline, WorkerPool, WorkerProcess, unique_name

PARTITIONS = 3
# A real list from the shared store (read-only, never copied): small enough to load in a second.
LIST = REPO / ".." / "shared" / "lists" / "us_bis_state_2026-07" / "bis_meu.json"
TIMEOUT = 90.0


@dataclass
class Stack:
    pipeline: Pipeline
    workers: list[WorkerProcess]
    prometheus_url: str
    produced: int


def _get_json(url: str, timeout: float = 5.0) -> Any:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read())


def query(stack: Stack, promql: str) -> list[dict[str, Any]]:
    url = f"{stack.prometheus_url}/api/v1/query?{urllib.parse.urlencode({'query': promql})}"
    body = _get_json(url)
    assert body["status"] == "success", body
    return body["data"]["result"]


def poll(what: str, check: Any, timeout: float = TIMEOUT, interval: float = 0.5) -> Any:
    """Call `check()` until it returns something truthy; fail with the last value after `timeout`."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, AssertionError, KeyError, ValueError):
            last = check()
            if last:
                return last
        time.sleep(interval)
    raise AssertionError(f"{what}: not seen within {timeout:.0f}s (last: {last!r})")


def _prometheus_config(tmp: Path, targets: list[str]) -> Path:
    """The deployed rules, and the deployed job name, scraping these workers every second."""
    rules = yaml.safe_load((PROMETHEUS_DIR / "alerts.yml").read_text())
    for group in rules["groups"]:
        group.pop("interval", None)  # evaluate every second like the rest, not once a minute
    (tmp / "alerts.yml").write_text(yaml.safe_dump(rules, sort_keys=False))
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s", "scrape_timeout": "1s"},
        "rule_files": ["alerts.yml"],
        "scrape_configs": [{"job_name": "holdline", "static_configs": [{"targets": targets}]}],
    }
    path = tmp / "prometheus.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


@contextlib.contextmanager
def prometheus_server(config: Path, data: Path) -> Iterator[str]:
    binary = prometheus_binary()
    last_error = ""
    for _ in range(3):  # another process may take the free port before Prometheus binds it
        port = free_port()
        log = open(data.parent / f"prometheus-{port}.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(
            [
                binary,
                f"--config.file={config}",
                f"--web.listen-address=127.0.0.1:{port}",
                f"--storage.tsdb.path={data}",
                "--log.level=warn",
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and proc.poll() is None:
                ready = f"{url}/-/ready"
                with contextlib.suppress(OSError), urllib.request.urlopen(ready, timeout=2) as resp:
                    if resp.status == 200:
                        break
                time.sleep(0.2)
            if proc.poll() is None:
                yield url
                return
            last_error = Path(log.name).read_text(errors="replace")[-2000:]
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)
            log.close()
    raise AssertionError(f"prometheus did not start: {last_error}")


@pytest.fixture(scope="module")
def stack(broker: TansuBroker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    assert LIST.is_file(), f"shared list missing: {LIST}"
    tmp = tmp_path_factory.mktemp("prometheus-live")
    pipeline = Pipeline.create(broker.url, unique_name("prom-live"), tmp, partitions=PARTITIONS)
    pool = WorkerPool()
    try:
        workers = [pool.start(pipeline, [LIST], name=f"worker{i}") for i in (1, 2)]
        for worker in workers:
            worker.wait_ready(timeout=TIMEOUT)
        # Clean purchase orders before Prometheus starts; one unreadable record once it has scraped both
        # workers, so the dead-letter counter is seen rising (what the dead-letter alert looks for).
        events = [
            {
                "event_id": f"live-{i}",
                "event_type": "purchase_order",
                "occurred_at": "2026-01-05T10:00:00Z",
                "po_number": f"PO-LIVE-{i}",
                "buyer": {"name": "Northwind Traders"},
                "supplier": {"name": f"Contoso Components {i}"},
                "lines": [],
            }
            for i in range(6)
        ]
        with Producer(pipeline.bootstrap, one_record_per_batch=True) as producer:
            for event in events:
                producer.send(
                    pipeline.settings.topic_purchases, json.dumps(event).encode(), event["po_number"].encode()
                )
            producer.flush()
        config = _prometheus_config(tmp, [f"127.0.0.1:{w.web_port}" for w in workers])
        with prometheus_server(config, tmp / "tsdb") as url:
            live = Stack(pipeline, workers, url, len(events) + 1)
            poll(
                "two scrapes of both workers",
                lambda: len(query(live, 'count_over_time(up{job="holdline"}[1m]) >= 2')) == 2,
            )
            with Producer(pipeline.bootstrap, one_record_per_batch=True) as producer:
                producer.send(pipeline.settings.topic_shipments, b"{not json", b"broken")
                producer.flush()
            yield live
    finally:
        pool.close(show_logs=False)


def test_prometheus_scrapes_both_workers(stack: Stack) -> None:
    up = poll(
        "up == 1 for both workers",
        lambda: len([r for r in query(stack, 'up{job="holdline"}') if r["value"][1] == "1"]) == 2,
    )
    assert up


def test_query_api_returns_the_holdline_metrics(stack: Stack) -> None:
    def events() -> float:
        return sum(float(r["value"][1]) for r in query(stack, 'holdline_events_total{job="holdline"}'))

    # Every produced record is counted once, across the two workers, as Prometheus sees it.
    assert poll("holdline_events_total reaching the produced count", lambda: events() >= stack.produced)
    assert events() == stack.produced
    by_outcome = {
        r["metric"]["outcome"]: float(r["value"][1])
        for r in query(stack, 'sum by (outcome) (holdline_events_total{job="holdline"})')
    }
    assert by_outcome.get("deadletter") == 1.0
    assert by_outcome.get("cleared", 0) + by_outcome.get("hold", 0) == stack.produced - 1
    loaded = query(stack, 'holdline_lists_loaded{job="holdline"}')
    assert [float(r["value"][1]) for r in loaded] == [1.0, 1.0]
    entries = query(stack, 'sum(holdline_list_entries{job="holdline"})')
    assert float(entries[0]["value"][1]) > 0
    latency = query(stack, 'sum(holdline_decision_latency_seconds_count{job="holdline"})')
    assert float(latency[0]["value"][1]) >= stack.produced - 1


def test_every_series_prometheus_stored_is_in_the_registry_the_checks_use(stack: Stack) -> None:
    """The static dashboard/alert checks read streams.metrics; here the live scrape must agree with it."""
    names = _get_json(f"{stack.prometheus_url}/api/v1/label/__name__/values")["data"]
    holdline = {n for n in names if n.startswith("holdline_") and ":" not in n}
    assert holdline, names
    assert holdline - set(exported_series()) == set()
    for needed in (
        "holdline_events_total",
        "holdline_consumer_lag",
        "holdline_assigned_partitions",
        "holdline_list_loaded_timestamp_seconds",
        "holdline_screening_duration_seconds_bucket",
    ):
        assert needed in holdline


def test_every_rule_evaluates_without_error_on_real_series(stack: Stack) -> None:
    def evaluated() -> list[dict[str, Any]]:
        groups = _get_json(f"{stack.prometheus_url}/api/v1/rules")["data"]["groups"]
        rules = [rule for group in groups for rule in group["rules"]]
        return rules if rules and all(r["health"] != "unknown" for r in rules) else []

    rules = poll("every rule evaluated once", evaluated)
    assert {r["name"]: r.get("lastError", "") for r in rules if r["health"] != "ok"} == {}
    assert len(rules) == len(load_rules())
    firing = {r["name"] for r in rules if r.get("state") == "firing"}
    assert firing <= {"HoldlineDeadLettersAppearing"}, "healthy workers fire only on the dead letter"


def test_dead_letter_alert_fires_on_a_real_dead_letter(stack: Stack) -> None:
    def firing() -> list[dict[str, Any]]:
        alerts = _get_json(f"{stack.prometheus_url}/api/v1/alerts")["data"]["alerts"]
        return [
            a
            for a in alerts
            if a["labels"]["alertname"] == "HoldlineDeadLettersAppearing" and a["state"] == "firing"
        ]

    (alert,) = poll("HoldlineDeadLettersAppearing firing", firing)
    assert alert["labels"]["topic"] == stack.pipeline.settings.topic_shipments


def test_every_dashboard_query_runs(stack: Stack) -> None:
    problems = {}
    for title, expr in panel_queries():
        for macro, value in GRAFANA_MACROS.items():
            expr = expr.replace(macro, value)
        url = f"{stack.prometheus_url}/api/v1/query?{urllib.parse.urlencode({'query': expr})}"
        try:
            body = _get_json(url)
        except urllib.error.HTTPError as exc:
            body = json.loads(exc.read() or b"{}")
        if body.get("status") != "success":
            problems[title] = body.get("error")
    assert problems == {}


def _input_partitions(worker: WorkerProcess, inputs: tuple[str, ...]) -> set[tuple[str, str]]:
    """The input partitions a worker consumes: its lag series are exactly its fetched partitions."""
    return {
        (labels["topic"], labels["partition"])
        for (name, frozen), _ in worker.metrics().items()
        if name == "holdline_consumer_lag"
        for labels in [dict(frozen)]
        if labels["topic"] in inputs
    }


def test_two_workers_in_one_group_split_the_partitions(stack: Stack) -> None:
    """Each worker owns some input partitions, none is owned twice, together they own all of them."""
    inputs = stack.pipeline.settings.input_topics
    every = {(topic, str(p)) for topic in inputs for p in range(PARTITIONS)}

    def split() -> list[set[tuple[str, str]]]:
        owned = [_input_partitions(w, inputs) for w in stack.workers]
        return owned if set().union(*owned) == every and all(owned) else []

    first, second = poll("input partitions split over both workers", split)
    assert not first & second
    per_worker = [w.metric("holdline_assigned_partitions") for w in stack.workers]
    assert all(n > 0 for n in per_worker)
    seen = query(stack, 'sum(holdline_assigned_partitions{job="holdline"})')
    assert float(seen[0]["value"][1]) == sum(per_worker)


def test_survivor_takes_over_every_partition_when_a_worker_stops(stack: Stack) -> None:
    """Scaling in: SIGTERM one worker; the group rebalances and the other consumes every input partition.

    Runs last in this module: it stops a worker of the shared stack.
    """
    inputs = stack.pipeline.settings.input_topics
    every = {(topic, str(p)) for topic in inputs for p in range(PARTITIONS)}
    assert stack.workers[1].terminate(timeout=30) == 0
    poll(
        "the survivor consuming every input partition",
        lambda: _input_partitions(stack.workers[0], inputs) == every,
    )
    poll(
        "Prometheus seeing the stopped worker down",
        lambda: (
            [
                r["value"][1]
                for r in query(stack, 'up{job="holdline"}')
                if r["metric"]["instance"].endswith(f":{stack.workers[1].web_port}")
            ]
            == ["0"]
        ),
    )
