"""The worker's HTTP endpoints, served by Faust's web server on `HOLDLINE_WEB_PORT`.

`/readyz` is the readiness Kubernetes gates a rolling deploy on (docs/decisions/0511-readiness-without-the-
group-join.md): the lists are loaded and usable and the worker's Kafka client has started against the
broker; the consumer group's assignment is reported, not waited for. `/healthz` says the worker is doing
its work: lists usable **and** partitions assigned (otherwise this worker does nothing), as before.
`/livez` only says the event loop answers, for liveness probes that must not kill an idle worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from streams.metrics import CONTENT_TYPE, Metrics
from streams.probes import assigned_partitions, refresh_consumer_metrics
from streams.readiness import ReadinessPolicy, screening_readiness
from streams.snapshot import SnapshotHolder


def _list_reasons(snapshots: SnapshotHolder, policy: ReadinessPolicy | None) -> list[str]:
    """Why the current snapshot may not be screened against (`streams.readiness`, the decision every entry
    point shares); empty when it may. Both `/healthz` and `/readyz` start from it."""
    snapshot = snapshots.current
    if not snapshot.loaded:
        return [f"lists not loaded: {snapshot.error}"]
    ready = screening_readiness(snapshot, policy or ReadinessPolicy())
    return [] if ready.ok else [f"lists not usable: {ready.reason}"]


def health(
    app: Any,
    snapshots: SnapshotHolder,
    policy: ReadinessPolicy | None = None,
    role_ready: Callable[[], tuple[bool, list[str]]] | None = None,
) -> tuple[bool, dict[str, Any]]:
    """Ready when the snapshot may be screened against (`streams.readiness`, the decision every entry
    point shares) and partitions are assigned; `role_ready`: the role's own check instead of the input
    partitions (a compliance worker has none)."""
    snapshot = snapshots.current
    partitions = assigned_partitions(app)
    reasons = _list_reasons(snapshots, policy)
    if role_ready is not None:
        reasons.extend(role_ready()[1])
    elif partitions == 0:
        reasons.append("no partitions assigned")
    body = {
        "ready": not reasons,
        "reasons": reasons,
        "lists_loaded": snapshot.loaded,
        "list_version": snapshot.version,
        "assigned_partitions": partitions,
    }
    return not reasons, body


def client_started(app: Any) -> bool:
    """Whether the worker's Kafka client has started: its consumer (a producer-only worker: its producer)
    bootstrapped against the broker, so the broker is reachable and the group join is under way."""
    try:
        client = app.producer if getattr(app, "producer_only", False) else app.consumer
        return bool(client.started) and not bool(client.crashed)
    except Exception:  # the app is not built far enough yet: faust's errors here have no common base
        return False


def readiness(
    app: Any,
    snapshots: SnapshotHolder,
    policy: ReadinessPolicy | None = None,
    role_ready: Callable[[], tuple[bool, list[str]]] | None = None,
) -> tuple[bool, dict[str, Any]]:
    """Ready to take part in its consumer group: the snapshot may be screened against and the Kafka client
    has started; `role_ready`: the role's own check (a compliance worker's state caught up). The partitions
    assigned are in the body; their number does not decide (a standby beyond the partition count, or a
    worker waiting for the broker's group join, is ready)."""
    snapshot = snapshots.current
    reasons = _list_reasons(snapshots, policy)
    started = client_started(app)
    if role_ready is not None:
        reasons.extend(role_ready()[1])
    elif not started:
        reasons.append("Kafka client not started (broker not reached yet)")
    body = {
        "ready": not reasons,
        "reasons": reasons,
        "lists_loaded": snapshot.loaded,
        "list_version": snapshot.version,
        "client_started": started,
        "assigned_partitions": assigned_partitions(app),
    }
    return not reasons, body


def register_views(
    app: Any,
    snapshots: SnapshotHolder,
    metrics: Metrics,
    policy: ReadinessPolicy | None = None,
    role_ready: Callable[[], tuple[bool, list[str]]] | None = None,
) -> None:
    @app.page("/healthz")
    async def healthz(self: Any, request: Any) -> Any:
        ready, body = health(self.app, snapshots, policy, role_ready)
        return self.json(body, status=200 if ready else 503)

    @app.page("/readyz")
    async def readyz(self: Any, request: Any) -> Any:
        ready, body = readiness(self.app, snapshots, policy, role_ready)
        return self.json(body, status=200 if ready else 503)

    @app.page("/livez")
    async def livez(self: Any, request: Any) -> Any:
        return self.json({"alive": True})

    @app.page("/metrics")
    async def prometheus(self: Any, request: Any) -> Any:
        refresh_consumer_metrics(self.app, metrics)  # lag as of now, not as of the last timer tick
        return self.bytes(metrics.render(), headers={"Content-Type": CONTENT_TYPE})
