"""The compliance workflow as a worker plug-in (`CompliancePlugin`, streams/plugins.py).

Registered by the composition root (`holdline worker`, streams/cli/worker.py); installs:

- a task running the `ComplianceRuntime`: it tails the state and control topics, then consumes the hold,
  cleared and decisions topics in a consumer group of its own (`<group>.compliance`): hold state,
  remembered counterparties, reviewers' decisions (release -> cleared, confirm -> blocked);
- timers for the snapshot's age (and fail-closed when stale) and for forgetting old open events;
- allow-list suppression hooked into the screening processor.

What runs depends on the worker's role (`holdline worker --role`): `all` runs everything above;
`compliance` too (its worker screens nothing); `screening` keeps only what screening needs (the
allow-list, list publications and the stale check) and leaves the hold, cleared and decisions topics, the
hold state and the open events to the compliance workers, off the screening event loop.
"""

from __future__ import annotations

import logging

from prometheus_client import CollectorRegistry

from streams.compliance.runtime import ComplianceRuntime
from streams.compliance.state_topic import TopicTail
from streams.compliance.suppress import make_suppressor, suppression_applies
from streams.plugins import Extension, Role, WorkerContext
from streams.settings import ComplianceSettings, Settings
from streams.snapshot import SnapshotHolder

log = logging.getLogger(__name__)

STALE_CHECK_INTERVAL = 5.0
EXPIRE_INTERVAL = 600.0


class ScreeningRuntime(ComplianceRuntime):
    """The part of the workflow a screening-only worker needs: allow-list suppression, list publications
    (hot reload) and the stale check. It tails only the allow-list and control topics and joins no
    compliance consumer group, so it applies no decision, writes no hold state or open event and
    re-screens nothing: the compliance workers do all of that."""

    def __init__(
        self,
        settings: Settings,
        compliance: ComplianceSettings,
        snapshots: SnapshotHolder,
        registry: CollectorRegistry,
    ) -> None:
        super().__init__(settings, compliance, snapshots, registry)
        topics = [compliance.topic_allowlist, compliance.topic_control]
        self.tail = TopicTail(self._config, topics, self._apply, name=f"{settings.group_id}-screening-tail")

    async def _start_consumer(self) -> None:
        return None


class CompliancePlugin:
    """The compliance workflow in a worker; `runtime` once installed (tests and the role checks read it)."""

    name = "compliance"

    def __init__(self) -> None:
        self.runtime: ComplianceRuntime | None = None

    def install(self, worker: WorkerContext) -> Extension:
        compliance = worker.settings.compliance
        kind = ScreeningRuntime if worker.role is Role.SCREENING else ComplianceRuntime
        runtime = kind(worker.settings, compliance, worker.snapshots, worker.metrics.registry)
        runtime.screening_busy = worker.screening_busy
        self.runtime = runtime
        app = worker.app

        async def run_runtime() -> None:
            await runtime.run()

        async def stale_check() -> None:
            runtime.check_stale()

        async def expire() -> None:
            if runtime.ready.is_set():
                await runtime.expire_open_events()

        app.task(run_runtime)
        app.timer(STALE_CHECK_INTERVAL)(stale_check)
        app.timer(EXPIRE_INTERVAL)(expire)
        # The lists' date and the stale check, once the worker's lists are in (at once if they are).
        worker.snapshots.after_initial_load(runtime.on_initial_lists)
        return Extension(
            name=self.name,
            suppressor=make_suppressor(runtime.allowlist, runtime.metrics.suppressed.inc),
            suppressor_applies=suppression_applies(runtime.allowlist),
            readiness=lambda: _readiness(runtime),
            shutdown=runtime.stop,
        )


def _readiness(runtime: ComplianceRuntime) -> tuple[bool, list[str]]:
    """A compliance worker is ready once its state caught up and it owns partitions of its group."""
    reasons = []
    if not runtime.ready.is_set():
        reasons.append("compliance state not caught up")
    elif not runtime.assigned():
        reasons.append("no compliance partitions assigned")
    return not reasons, reasons
