"""`ScreeningPool`: screen batches in processes forked beside the worker, on the other cores.

Why processes: screening is CPU-bound Python. In a thread it shares the GIL, hence one core, with the
Faust event loop, so the worker's throughput is bounded by the sum of both costs. A child forked after
the list snapshot is loaded shares the snapshot's memory copy-on-write (the snapshot is `gc.freeze()`d,
so the collector does not touch its pages), starts in milliseconds rather than reloading the lists, and
routes whole batches (decode, validate, screen, build and encode the record) while the event loop only
moves bytes.

Why not `ProcessPoolExecutor`: its manager and feeder threads must win the worker's GIL from the busy
event loop for every batch, which leaves the child waiting for work or blocked on a full pipe
(docs/decisions/0003-screening-processes-on-pipes.md). Here each child has two pipes that the event loop
reads and writes itself (`streams/screening_process.py`, frames in `streams/pipe_frames.py`); the child
blocks on its ends (`streams/screening_child.py`).

What stays in the worker process: allow-list suppression (its state follows the compliance topics) and
every metric (children report durations and cache use with each batch). A new snapshot (hot reload)
forks new children; the old ones finish the batches they were sent, whose decisions name the old version.

Fail closed: if a child dies, its pipe breaks or a batch takes longer than `BATCH_TIMEOUT_SECONDS`, the
child is killed and the batch is routed by the worker's own screening thread instead, so every message
still gets its one record; the next batch forks a fresh child.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import Executor
from typing import TYPE_CHECKING

from streams.processing import Inbound, Outbound, Processor
from streams.screening_child import BatchResult, PinnedSnapshot
from streams.screening_process import ScreeningProcess, fork_available, fork_screening_process
from streams.snapshot import ActiveSnapshot

if TYPE_CHECKING:
    from matchers import Screener

__all__ = ["BATCH_TIMEOUT_SECONDS", "ScreeningPool", "fork_available"]

log = logging.getLogger(__name__)

# A batch of 200 events screens in well under a second; a child silent this long is stuck (a lock
# inherited held across fork, say) and is replaced.
BATCH_TIMEOUT_SECONDS = 120.0

Fork = Callable[[Processor, int], ScreeningProcess]


class ScreeningPool:
    """Routes batches for the agents (`Batcher`); same interface as `Processor.process`.

    `fork` starts one screening process for a processor and a cache size (tests pass one that fails,
    as a full process table or memory would).
    """

    def __init__(
        self,
        processor: Processor,
        processes: int,
        fallback: Executor,
        batch_timeout: float = BATCH_TIMEOUT_SECONDS,
        fork: Fork = fork_screening_process,
    ) -> None:
        self.processor = processor
        self.processes = processes
        self.batch_timeout = batch_timeout
        self.fallback = fallback  # the worker's screening thread
        self.fork = fork
        self._children: list[ScreeningProcess] = []
        self._snapshot: ActiveSnapshot | None = None
        self.forks = 0
        self._warmed = False

    @property
    def snapshot(self) -> ActiveSnapshot | None:
        """The snapshot the current children screen against (None before the first fork)."""
        return self._snapshot

    def child_pids(self) -> list[int]:
        return [c.pid for c in self._children if c.alive and c.pid is not None]

    async def process(self, msgs: list[Inbound], executor: Executor | None = None) -> list[Outbound]:
        snapshot = self.processor.snapshots.current
        if snapshot.screener is None:  # nothing to screen with: holds (fail closed) are cheap, stay here
            return await self.processor.process(msgs, self.fallback)
        try:
            child = self._child_for(snapshot)
        except OSError as exc:  # fork failed (memory, process limit): screen here rather than stop
            log.error(
                "cannot start a screening process (%r); routing %d messages in the worker", exc, len(msgs)
            )
            return await self.processor.process(msgs, self.fallback)
        try:
            result = await asyncio.wait_for(child.submit(msgs), self.batch_timeout)
        except asyncio.CancelledError:
            raise
        # Process boundary: whatever the child raised or however it died (OOM, signal, hang: `ChildLost`,
        # `TimeoutError`, a broken pipe, an unpicklable result), the batch is routed here instead.
        except Exception as exc:
            log.error(
                "screening process %s failed (%r); routing %d messages in the worker",
                child.pid,
                exc,
                len(msgs),
            )
            self._discard(child)
            return await self.processor.process(msgs, self.fallback)
        return self._adopt(msgs, result, snapshot)

    def _adopt(self, msgs: list[Inbound], result: BatchResult, snapshot: ActiveSnapshot) -> list[Outbound]:
        metrics = self.processor.metrics
        for seconds in result.durations:
            metrics.screening_duration.observe(seconds)
        if result.cache_hits:
            metrics.screening_cache.labels(result="hit").inc(result.cache_hits)
        if result.cache_misses:
            metrics.screening_cache.labels(result="miss").inc(result.cache_misses)
        return [
            self.processor.suppressed(
                Outbound(source=msg, topic=r.topic, key=r.key, value=r.value, summary=r.summary), snapshot
            )
            for msg, r in zip(msgs, result.routed, strict=True)
        ]

    def _child_for(self, snapshot: ActiveSnapshot) -> ScreeningProcess:
        """The least busy child screening `snapshot`, forking what is missing."""
        if self._snapshot is not snapshot:
            for old in self._children:
                old.retire()  # batches sent there still complete
            self._children, self._snapshot = [], snapshot
        self._children = [c for c in self._children if c.alive]
        if len(self._children) < self.processes:
            if not self._warmed and snapshot.screener is not None:
                warm_up(snapshot.screener)
                self._warmed = True
            base = self.processor
            pinned = type(base)(base.settings, PinnedSnapshot(snapshot), base.metrics, base.policy)
            started = time.perf_counter()
            while len(self._children) < self.processes:
                self._children.append(self.fork(pinned, base.settings.screen_cache_size))
                self.forks += 1
            log.info(
                "screening process(es) %s forked for snapshot %s in %.0f ms",
                self.child_pids(),
                snapshot.version,
                (time.perf_counter() - started) * 1000,
            )
        return min(self._children, key=lambda c: len(c.pending))

    def _discard(self, child: ScreeningProcess) -> None:
        if child in self._children:
            self._children.remove(child)
        child.stop(kill=True)  # a hung child would never read end-of-file

    def close(self) -> None:
        for child in self._children:
            child.stop(kill=True)
        self._children, self._snapshot = [], None


# One name per script the engine transliterates, with a country and a kind: together they load what every
# process loads on first use (word frequencies, ICU transliterators, country names).
WARM_UP_NAMES = (
    ("Warm Up Trading Co., Ltd.", "CN", "org"),
    ("SMITH, John", "United Kingdom", "person"),
    ("北京某某科技有限公司", "China", None),
    ("Иванов Иван", "Russia", "person"),
    ("محمد علي", None, None),
)


def warm_up(screener: Screener) -> None:
    """Screen a few names in the worker before its first fork, so every screening process inherits the
    engine's first-use tables (about 0.1 s of CPU each, more on a busy machine) instead of loading them
    while its first batch waits."""
    for name, country, kind in WARM_UP_NAMES:
        screener.screen(name, country=country, kind=kind)
