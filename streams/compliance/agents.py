"""Wires the compliance workflow into a worker (called by `streams.app.create_app`).

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
from typing import Any

from streams.compliance.runtime import ComplianceRuntime
from streams.compliance.settings import ComplianceSettings
from streams.compliance.state_topic import TopicTail
from streams.compliance.suppress import make_suppressor

log = logging.getLogger(__name__)

STALE_CHECK_INTERVAL = 5.0
EXPIRE_INTERVAL = 600.0


class ScreeningRuntime(ComplianceRuntime):
    """The part of the workflow a screening-only worker needs: allow-list suppression, list publications
    (hot reload) and the stale check. It tails only the allow-list and control topics and joins no
    compliance consumer group, so it applies no decision, writes no hold state or open event and
    re-screens nothing: the compliance workers do all of that."""

    def __init__(self, settings: Any, compliance: ComplianceSettings, snapshots: Any, registry: Any) -> None:
        super().__init__(settings, compliance, snapshots, registry)
        topics = [compliance.topic_allowlist, compliance.topic_control]
        self.tail = TopicTail(self._config, topics, self._apply, name=f"{settings.group_id}-screening-tail")

    async def _start_consumer(self) -> None:
        return None


def install(
    holdline: Any, compliance: ComplianceSettings | None = None, role: str = "all"
) -> ComplianceRuntime:
    app = holdline.app
    compliance = compliance or ComplianceSettings()
    kind = ScreeningRuntime if role == "screening" else ComplianceRuntime
    runtime = kind(holdline.settings, compliance, holdline.snapshots, holdline.metrics.registry)
    holdline.processor.suppressor = make_suppressor(runtime.allowlist, runtime.metrics.suppressed.inc)

    async def run_runtime() -> None:
        await runtime.run()

    async def stale_check() -> None:
        runtime.check_stale()

    async def expire() -> None:
        if runtime.ready.is_set():
            await runtime.expire_open_events()

    async def shutdown(*_args: Any, **_kwargs: Any) -> None:
        await runtime.stop()

    app.task(run_runtime)
    app.timer(STALE_CHECK_INTERVAL)(stale_check)
    app.timer(EXPIRE_INTERVAL)(expire)
    app.on_before_shutdown.connect(shutdown)
    runtime.check_stale()
    return runtime
