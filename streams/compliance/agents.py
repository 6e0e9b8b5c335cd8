"""Wires the compliance workflow into a worker (called by `streams.app.create_app`).

- a task running the `ComplianceRuntime`: it tails the state and control topics, then consumes the hold,
  cleared and decisions topics in a consumer group of its own (`<group>.compliance`): hold state,
  remembered counterparties, reviewers' decisions (release -> cleared, confirm -> blocked);
- timers for the snapshot's age (and fail-closed when stale) and for forgetting old open events;
- allow-list suppression hooked into the screening processor.
"""

from __future__ import annotations

import logging
from typing import Any

from streams.compliance.runtime import ComplianceRuntime
from streams.compliance.settings import ComplianceSettings
from streams.compliance.suppress import make_suppressor

log = logging.getLogger(__name__)

STALE_CHECK_INTERVAL = 5.0
EXPIRE_INTERVAL = 600.0


def install(holdline: Any, compliance: ComplianceSettings | None = None) -> ComplianceRuntime:
    app = holdline.app
    compliance = compliance or ComplianceSettings()
    runtime = ComplianceRuntime(holdline.settings, compliance, holdline.snapshots, holdline.metrics.registry)
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
