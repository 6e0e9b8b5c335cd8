"""Wires the compliance workflow into a worker's Faust app (called by `streams.app.create_app`).

- an agent on the hold and cleared topics: hold state, remembered counterparties (same consumer group
  as screening, so each partition has one owner: the worker that re-screens its open events);
- an agent on `screening.decisions`: applies reviewers' decisions (release -> cleared, confirm -> blocked);
- a task tailing the state and control topics; timers for snapshot age and expiring open events;
- allow-list suppression hooked into the screening processor.
"""

from __future__ import annotations

import json
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
    settings = holdline.settings
    compliance = compliance or ComplianceSettings()

    def assigned() -> set[tuple[str, int]]:
        try:
            return {(tp.topic, tp.partition) for tp in app.consumer.assignment()}
        except Exception:  # not started yet
            return set()

    runtime = ComplianceRuntime(settings, compliance, holdline.snapshots, holdline.metrics.registry, assigned)
    holdline.processor.suppressor = make_suppressor(runtime.allowlist, runtime.metrics.suppressed.inc)

    outputs = app.topic(
        settings.topic_hold, settings.topic_cleared, key_serializer="raw", value_serializer="raw"
    )
    decisions = app.topic(compliance.topic_decisions, key_serializer="raw", value_serializer="raw")

    async def follow_outputs(stream: Any) -> None:
        async for event in stream.events():
            message = event.message
            try:
                record = json.loads(message.value or b"")
            except ValueError:
                continue
            if not isinstance(record, dict):
                continue
            try:
                await runtime.on_output(message.topic, message.partition, record)
            except Exception:
                log.exception(
                    "compliance: failed on %s[%d]@%d", message.topic, message.partition, message.offset
                )

    async def apply_decisions(stream: Any) -> None:
        async for value in stream:
            try:
                await runtime.on_decision(value)
            except Exception:
                log.exception("compliance: failed to apply a decision")

    async def run_runtime() -> None:
        await runtime.run()

    async def stale_check() -> None:
        runtime.check_stale()

    async def expire() -> None:
        if runtime.ready.is_set():
            await runtime.expire_open_events()

    async def shutdown(*_args: Any, **_kwargs: Any) -> None:
        await runtime.stop()

    app.agent(outputs, name="holdline.compliance_outputs")(follow_outputs)
    app.agent(decisions, name="holdline.compliance_decisions")(apply_decisions)
    app.task(run_runtime)
    app.timer(STALE_CHECK_INTERVAL)(stale_check)
    app.timer(EXPIRE_INTERVAL)(expire)
    app.on_before_shutdown.connect(shutdown)
    runtime.check_stale()
    return runtime
