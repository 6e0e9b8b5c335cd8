"""`Metrics`: every Prometheus metric the worker exports, on a registry of its own.

A registry per worker (not prometheus_client's global one) so tests can run several apps in one process
and `/metrics` shows exactly what this worker measured. Labels never carry party names: only topics,
roles, list ids, reasons and versions, all bounded sets.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from streams.records import (
    DeadLetterReason,
    HoldReason,
    OutputRecord,
    Summary,
)

CONTENT_TYPE = CONTENT_TYPE_LATEST

# `*_created` series double the output and no dashboard or alert of ours reads them.
disable_created_metrics()

# Screening one event: sub-millisecond on a small list, up to seconds for pathological names on all lists.
SCREENING_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# End to end through the broker: milliseconds when keeping up, minutes when catching up on a backlog.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0)
LOOP_LAG_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class Metrics:
    """Attribute names follow the metric names without the `holdline_` prefix."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry(auto_describe=True)
        r = self.registry
        self.events = Counter(
            "holdline_events",
            "Input events by topic and outcome (hold|cleared|deadletter)",
            ["topic", "outcome"],
            registry=r,
        )
        self.parties_screened = Counter(
            "holdline_parties_screened", "Parties screened, by role", ["role"], registry=r
        )
        self.matches = Counter(
            "holdline_matches", "Matches at or above the threshold, by list", ["list"], registry=r
        )
        self.screening_duration = Histogram(
            "holdline_screening_duration_seconds",
            "Time to screen all parties of one event",
            buckets=SCREENING_BUCKETS,
            registry=r,
        )
        self.decision_latency = Histogram(
            "holdline_decision_latency_seconds",
            "Input record timestamp (produce time) to the broker acknowledging the decision record",
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.deadletters = Counter(
            "holdline_deadletters", "Dead-lettered input by reason", ["reason"], registry=r
        )
        self.holds = Counter(
            "holdline_holds", "Hold records by reason (match|screening_unavailable)", ["reason"], registry=r
        )
        self.list_entries = Gauge(
            "holdline_list_entries", "Entries in the active snapshot, by list", ["list"], registry=r
        )
        self.list_loaded_timestamp = Gauge(
            "holdline_list_loaded_timestamp_seconds",
            "Unix time the active list snapshot was loaded",
            registry=r,
        )
        self.list_snapshot_info = Gauge(
            "holdline_list_snapshot_info", "Active list snapshot (value 1)", ["version"], registry=r
        )
        self.lists_loaded = Gauge(
            "holdline_lists_loaded", "1 when a list snapshot is loaded, else 0 (fail closed)", registry=r
        )
        self.consumer_lag = Gauge(
            "holdline_consumer_lag",
            "Records not yet committed: highwater minus committed offset",
            ["topic", "partition"],
            registry=r,
        )
        self.assigned_partitions = Gauge(
            "holdline_assigned_partitions", "Partitions assigned to this worker", registry=r
        )
        self.screening_cache = Counter(
            "holdline_screening_cache",
            "Party screening results served from the snapshot's cache (hit|miss)",
            ["result"],
            registry=r,
        )
        self.event_loop_lag = Histogram(
            "holdline_event_loop_lag_seconds",
            "Delay of a periodic probe on the worker's event loop (stalls show here)",
            buckets=LOOP_LAG_BUCKETS,
            registry=r,
        )
        self.lists_loaded.set(0)
        self._children: dict[tuple[int, tuple[str, ...]], Any] = {}

    def render(self) -> bytes:
        return generate_latest(self.registry)

    def names(self) -> set[str]:
        """Every exported sample family name, as Prometheus sees them (counters gain `_total`)."""
        out: set[str] = set()
        for family in self.registry.collect():
            out.update(sample.name for sample in family.samples)
            out.add(family.name)
        return out

    def observe_output(self, source_topic: str, record: OutputRecord) -> None:
        """Count one emitted record (called once the broker acknowledged it)."""
        self.observe_summary(source_topic, Summary.of(record))

    def observe_summary(self, source_topic: str, summary: Summary) -> None:
        """Per output record, on the event loop: labelled series are looked up once and kept (a
        `labels()` call takes a lock and validates, several per record)."""
        child = self._child
        child(self.events, source_topic, summary.outcome).inc()
        if summary.deadletter_reason is not None:
            child(self.deadletters, summary.deadletter_reason).inc()
        for role in summary.roles:
            child(self.parties_screened, role).inc()
        if summary.hold_reason is not None:
            child(self.holds, summary.hold_reason).inc()
        for list_id in summary.match_lists:
            child(self.matches, list_id).inc()

    def _child(self, metric: Counter, *values: str) -> Any:
        key = (id(metric), values)
        found = self._children.get(key)
        if found is None:
            found = self._children[key] = metric.labels(*values)
        return found

    def set_lag(self, lags: Iterable[tuple[str, int, int]]) -> None:
        """Replace the lag series so partitions revoked in a rebalance disappear instead of going stale."""
        self.consumer_lag.clear()
        for topic, partition, lag in lags:
            self.consumer_lag.labels(topic=topic, partition=str(partition)).set(lag)

    def prime(self, input_topics: Iterable[str], roles: Iterable[str]) -> None:
        """Create the zero series up front so rates and alerts work before the first event arrives."""
        for topic in input_topics:
            for outcome in ("hold", "cleared", "deadletter"):
                self.events.labels(topic=topic, outcome=outcome)
        for role in roles:
            self.parties_screened.labels(role=role)
        # `increase()` cannot see the first increment of a series born at 1: alerts on the first dead
        # letter or the first fail-closed hold need these to exist at 0.
        for dead_reason in DeadLetterReason:
            self.deadletters.labels(reason=dead_reason.value)
        for hold_reason in HoldReason:
            self.holds.labels(reason=hold_reason.value)
        for result in ("hit", "miss"):
            self.screening_cache.labels(result=result)
