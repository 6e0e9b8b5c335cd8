"""The compliance workflow's metrics, on the worker's own registry (names are a contract with deploy/)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class ComplianceMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = r = registry
        self.snapshot_age = Gauge(
            "holdline_list_snapshot_age_seconds",
            "Age of the active list snapshot (since published or fetched)",
            registry=r,
        )
        self.stale = Gauge(
            "holdline_list_stale", "1 when the active snapshot is older than the maximum age", registry=r
        )
        self.decisions = Counter(
            "holdline_decisions", "Reviewers' decisions applied, by action", ["action"], registry=r
        )
        self.decisions_rejected = Counter(
            "holdline_decisions_rejected", "Decisions refused, by reason", ["code"], registry=r
        )
        self.refused = Counter(
            "holdline_decisions_refused",
            "Control records (decisions, allowances, publications) refused: unsigned, bad_signature, "
            "unknown_key, replayed, not_allowed, chain_break, self_approval, shrink, malformed",
            ["reason"],
            registry=r,
        )
        self.suppressed = Counter(
            "holdline_allowlist_suppressed",
            "Matches an allowance suppressed (each also in the audit trail)",
            registry=r,
        )
        self.holds_open = Gauge("holdline_holds_open", "Holds awaiting a decision", registry=r)
        self.rescreen_holds = Counter(
            "holdline_rescreen_holds", "Hold records emitted by list-update re-screening", registry=r
        )
        self.rescreen_duration = Histogram(
            "holdline_rescreen_duration_seconds",
            "Re-screening the remembered counterparties after a snapshot swap",
            buckets=(0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 300),
            registry=r,
        )
        self.open_events = Gauge(
            "holdline_open_events", "Open POs and shipments remembered for re-screening", registry=r
        )
        self.stale.set(0)
        for action in ("release", "confirm"):
            self.decisions.labels(action=action)
        for reason in ("unsigned", "bad_signature", "unknown_key", "replayed"):
            self.refused.labels(reason=reason)
