"""How an extension (the compliance workflow) plugs into a worker without the pipeline importing it.

The pipeline (`streams.app`) knows only this interface. The composition root (`holdline worker`,
streams/cli/worker.py) picks the plug-ins and hands them to `create_app`, which calls `install` once
per plug-in with a `WorkerContext` (what an extension may use) and wires what it returns (an
`Extension`). Dependencies point one way: `streams.compliance` imports this module, never the reverse
(the `pipeline-below-compliance` contract in pyproject.toml).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from streams.processing import Processor, Suppressor

if TYPE_CHECKING:
    import faust

    from streams.metrics import Metrics
    from streams.settings import Settings
    from streams.snapshot import SnapshotHolder

__all__ = ["Extension", "ReadinessCheck", "Role", "Suppressor", "WorkerContext", "WorkerPlugin"]

# -> (ready, reasons it is not): what `/healthz` adds for a role whose readiness the plug-in owns.
ReadinessCheck = Callable[[], tuple[bool, list[str]]]


class Role(StrEnum):
    """What one worker process runs (`holdline worker --role`).

    `screening`: the input topics only (consume, screen, produce), with the allow-list and list
    publications it needs; `compliance`: the compliance workflow only (hold state, decisions, open events,
    re-screening), in a consumer group of its own; `all`: both in one process, as before roles existed.
    """

    ALL = "all"
    SCREENING = "screening"
    COMPLIANCE = "compliance"


@dataclass(frozen=True)
class WorkerContext:
    """What a plug-in gets: the worker's app, settings and role, and access to its screening."""

    app: faust.App
    settings: Settings
    role: Role
    snapshots: SnapshotHolder  # the current list snapshot (its screener), and hot reload
    metrics: Metrics  # the worker's registry: a plug-in adds its own metrics there
    processor: Processor  # routes events; its screening is what a plug-in re-screens with
    # True while this worker's agents are screening (None when its role screens nothing): background work
    # on the same event loop yields to it.
    screening_busy: Callable[[], bool] | None = None


@dataclass(frozen=True)
class Extension:
    """What a plug-in registers with the worker.

    `suppressor`: applied to every decision before it is sent (allow-list suppression; failures keep the
    decision, fail closed). `suppressor_applies`: given a hold's matched entry ids, whether the suppressor
    could change it at all; a hold it says no to is sent as screened, without being read back from the
    screening process's bytes. `readiness`: the worker's readiness when its role screens nothing.
    `shutdown`: awaited before the worker stops. Tasks and timers a plug-in needs it adds to `app` itself.
    """

    name: str
    suppressor: Suppressor | None = None
    suppressor_applies: Callable[[Iterable[str]], bool] | None = None
    readiness: ReadinessCheck | None = None
    shutdown: Callable[[], Awaitable[None]] | None = None


class WorkerPlugin(Protocol):
    """An extension of the worker, chosen by the composition root."""

    name: str

    def install(self, worker: WorkerContext) -> Extension: ...
