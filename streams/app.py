"""`create_app`: the Faust app of one worker, wired from `Settings`.

Returns a `Holdline` bundle rather than the bare faust.App. Extensions (the compliance workflow) are
plug-ins (streams/plugins.py) handed in by the caller: they get the same snapshot holder (hot reload),
metrics registry and processor that the agents use, and this module never imports them.

Choices forced by the brokers we run on:
- No Faust tables: the test broker (Tansu) answers ListOffsets with a wrong latest offset for
  multi-record batches, which corrupts changelog recovery; nothing here needs local state anyway.
- No leader-assignor topic (`topic_disable_leader`) and no topic declaration by the worker: topics are
  created explicitly by `holdline topics create` (Tansu never auto-creates them; production Kafka
  usually forbids it).
- New consumer groups start from the earliest offset, so events produced before the first worker
  joined are screened, not skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from streams.agents import Emitter, register_agents
from streams.events import ROLES
from streams.faust_discovery import skip_discovery_records
from streams.metrics import Metrics
from streams.plugins import Extension, ReadinessCheck, Role, WorkerContext, WorkerPlugin
from streams.probes import loop_lag_probe, refresh_consumer_metrics
from streams.processing import Processor
from streams.readiness import ReadinessPolicy
from streams.screening_pool import ScreeningPool, fork_available
from streams.security import faust_credentials
from streams.settings import Settings
from streams.snapshot import SnapshotHolder
from streams.web import register_views

if TYPE_CHECKING:
    import faust

log = logging.getLogger(__name__)


__all__ = ["Holdline", "Role", "create_app", "faust_config"]

LOOP_PROBE_INTERVAL = 0.25
PRODUCER_BATCH_BYTES = 256 * 1024
PRODUCER_LINGER_MS = 2


@dataclass
class Holdline:
    app: faust.App
    settings: Settings
    metrics: Metrics
    snapshots: SnapshotHolder
    processor: Processor
    emitter: Emitter | None  # None in a compliance worker: it screens nothing
    executor: ThreadPoolExecutor
    screening: ScreeningPool | None = None  # screening processes, when `screen_processes` > 0
    extensions: list[Extension] = field(default_factory=list)  # what the plug-ins registered
    role: Role = Role.ALL

    def close(self) -> None:
        if self.screening is not None:
            self.screening.close()
        self.executor.shutdown(wait=False, cancel_futures=True)


def faust_config(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for faust.App; kept apart so tests can check them without starting anything."""
    session = settings.session_timeout
    return {
        "broker": [f"kafka://{host}" for host in settings.bootstrap_servers],
        "broker_credentials": faust_credentials(settings),
        "broker_session_timeout": session,
        # Kafka requires heartbeats well inside the session timeout; a third is the usual ceiling.
        "broker_heartbeat_interval": min(3.0, session / 5),
        "broker_commit_interval": settings.commit_interval,
        "consumer_auto_offset_reset": "earliest",
        # Static membership when set (decision 0514): no LeaveGroup on shutdown, the same partitions on
        # a rejoin within the session timeout.
        "consumer_group_instance_id": settings.worker_instance_id,
        "key_serializer": "raw",
        "value_serializer": "raw",
        "store": "memory://",
        "autodiscover": False,
        # No table is declared: without Faust's one-second wait for tables before subscribing.
        "TableManager": "streams.faust_tables:TablelessManager",
        "topic_disable_leader": True,
        "topic_allow_declare": False,
        "datadir": str(settings.datadir),
        "web_enabled": True,
        "web_bind": settings.web_host,
        "web_host": settings.web_host,
        "web_port": settings.web_port,
        # Output records (evidence, parties, the event echoed) are about twice the input's size; with
        # Faust's 16 KiB batches that is a produce request every ~9 records, and the socket writes become
        # the worker's largest cost. Larger batches with a short linger trade 2 ms of latency for that
        # cost (docs/decisions/0005-large-producer-batches.md).
        "producer_max_batch_size": PRODUCER_BATCH_BYTES,
        "producer_linger_ms": PRODUCER_LINGER_MS,
        # Set together with the output topics' max.message.bytes (streams/topics.py); the processor
        # dead-letters any decision larger than `max_record_bytes`, so no send can be refused for size.
        "producer_max_request_size": settings.max_request_bytes,
    }


def create_app(
    settings: Settings,
    *,
    snapshots: SnapshotHolder | None = None,
    metrics: Metrics | None = None,
    role: Role | str = Role.ALL,
    plugins: Sequence[WorkerPlugin] = (),
) -> Holdline:
    """Build the app; the caller loads lists into `snapshots` (before start, or hot later).

    `plugins` are installed in order (the composition root chooses them: streams/cli/worker.py).
    """
    import faust

    role = Role(role)
    compliance = settings.compliance
    if role is Role.COMPLIANCE and not plugins:
        raise ValueError("role 'compliance' needs the compliance workflow on (HOLDLINE_COMPLIANCE_WORKFLOW)")
    metrics = metrics or Metrics()
    snapshots = snapshots or SnapshotHolder(metrics)
    metrics.prime(settings.input_topics, ROLES)
    config = faust_config(settings)
    skip_discovery_records(config["autodiscover"])  # decision 0530
    app = faust.App(settings.group_id, **config)
    if role is Role.COMPLIANCE:
        # Faust's producer-only mode: web server, producer, tasks and timers, no Faust consumer, so the
        # worker never joins the screening group (the runtime has its own consumer group).
        app.producer_only = True
    # One screening thread: screening is CPU-bound Python, so more threads would only fight for the GIL,
    # while one keeps the event loop free (docs/decisions/0001-screening-off-the-event-loop.md). With
    # screening processes the thread is their fallback (a child died) and screens while no list is loaded.
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="holdline-screen")
    policy = ReadinessPolicy(max_age=compliance.list_max_age, stale_hold=compliance.list_stale_hold)
    processor = Processor(settings, snapshots, metrics, policy)
    screening = None
    emitter: Emitter | None = None
    if role is not Role.COMPLIANCE:
        if settings.screen_processes > 0 and fork_available():
            screening = ScreeningPool(
                processor, settings.screen_processes, executor, batch_timeout=settings.screen_batch_timeout
            )
        elif settings.screen_processes > 0:
            log.warning("no fork() on this platform: screening in a thread of the worker")
        emitter = register_agents(
            app, processor, executor, metrics, router=screening, settled=snapshots.settled
        )
    holdline = Holdline(
        app=app,
        settings=settings,
        metrics=metrics,
        snapshots=snapshots,
        processor=processor,
        emitter=emitter,
        executor=executor,
        screening=screening,
        role=role,
    )
    busy = emitter.busy if emitter is not None else None
    context = WorkerContext(app, settings, role, snapshots, metrics, processor, screening_busy=busy)
    holdline.extensions = [plugin.install(context) for plugin in plugins]
    _wire(holdline)
    role_ready = _readiness(holdline.extensions) if role is Role.COMPLIANCE else None
    register_views(app, snapshots, metrics, policy, role_ready=role_ready)

    async def probe_loop() -> None:
        await loop_lag_probe(metrics, LOOP_PROBE_INTERVAL)

    async def refresh_lag() -> None:
        refresh_consumer_metrics(app, metrics)

    app.task(probe_loop)
    app.timer(settings.lag_interval)(refresh_lag)
    return holdline


def _wire(holdline: Holdline) -> None:
    """Hook what the plug-ins registered into the processor and the app's shutdown."""
    suppressors = [e.suppressor for e in holdline.extensions if e.suppressor is not None]
    if len(suppressors) > 1:
        raise ValueError("more than one plug-in registered an allow-list suppressor")
    holdline.processor.suppressor = suppressors[0] if suppressors else None
    holdline.processor.suppressor_applies = next(
        (e.suppressor_applies for e in holdline.extensions if e.suppressor is not None), None
    )
    for extension in holdline.extensions:
        if extension.shutdown is not None:
            stop = extension.shutdown

            async def shutdown(*_args: Any, _stop: Any = stop, **_kwargs: Any) -> None:
                await _stop()

            holdline.app.on_before_shutdown.connect(shutdown)


def _readiness(extensions: list[Extension]) -> ReadinessCheck:
    """Readiness of a worker that screens nothing: every plug-in's own check."""
    checks = [e.readiness for e in extensions if e.readiness is not None]

    def ready() -> tuple[bool, list[str]]:
        reasons = [reason for check in checks for reason in check()[1]]
        return not reasons, reasons

    return ready
