"""`ScreeningPool`: screen batches in processes forked beside the worker, on the other cores.

Why processes: screening is CPU-bound Python. In a thread it shares the GIL, hence one core, with the
Faust event loop, so the worker's throughput is bounded by the sum of both costs (measured: README,
"Pipeline"). A child forked after the list snapshot is loaded shares the snapshot's memory copy-on-write
(the snapshot is `gc.freeze()`d, so the collector does not touch its pages), starts in milliseconds
rather than reloading the lists, and routes whole batches (decode, validate, screen, build and encode
the record) while the event loop only moves bytes.

What stays in the worker process: allow-list suppression (its state follows the compliance topics) and
every metric (children report durations and cache use with each batch). A new snapshot (hot reload)
forks new children; a batch in flight finishes on the old ones, whose decision names the old version.

Fail closed: if a child dies, the pool breaks or a batch takes longer than `BATCH_TIMEOUT_SECONDS`, the
children are killed and the batch is routed by the worker's own screening thread instead, so every message
still gets its one record; the next batch forks a fresh pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass

from streams.cache import PartyCache
from streams.processing import Inbound, Outbound, Processor
from streams.records import HoldReason, HoldRecord, Summary
from streams.snapshot import Snapshot

log = logging.getLogger(__name__)

PARENT_POLL_SECONDS = 1.0
# A batch of 200 events screens in well under a second; a child silent this long is stuck (a lock
# inherited held across fork, say) and is replaced.
BATCH_TIMEOUT_SECONDS = 120.0


@dataclass(frozen=True)
class Routed:
    """One output record as it crosses back from a child: bytes and a summary, no pydantic objects."""

    topic: str
    key: bytes | None
    value: bytes
    summary: Summary


@dataclass(frozen=True)
class BatchResult:
    routed: list[Routed]
    durations: list[float]  # screening time of each screened event, for the worker's histogram
    cache_hits: int
    cache_misses: int


class _Pinned:
    """The one snapshot a child screens against (what `Processor` reads as `snapshots.current`)."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.current = snapshot


# Set in the worker right before a pool forks; each child inherits it (fork copies the module).
_CHILD_PROCESSOR: Processor | None = None


def _child_init(cache_size: int) -> None:
    """Runs first in each child: signals are the worker's business, and the child must not outlive it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    with contextlib.suppress(ValueError):
        signal.set_wakeup_fd(-1)  # the inherited fd belongs to the worker's event loop
    processor = _CHILD_PROCESSOR
    if processor is not None:
        # A fresh cache: the inherited one's lock may have been held by a thread at fork time.
        pinned = processor.snapshots.current
        cache = PartyCache(cache_size) if pinned.screener is not None else None
        processor.snapshots = _Pinned(dataclasses.replace(pinned, cache=cache))
    parent = os.getppid()
    threading.Thread(target=_exit_with_parent, args=(parent,), name="holdline-parent-watch",
                     daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(0)  # the worker died (kill -9): its messages will be redelivered, nothing here to save


def _route_batch(msgs: Sequence[Inbound]) -> BatchResult:
    """In a child: route every message; never raises (`Processor.route` turns failures into records)."""
    processor = _CHILD_PROCESSOR
    if processor is None:
        raise RuntimeError("screening process started without a processor")
    durations: list[float] = []
    processor.observe_duration = durations.append
    cache = processor.snapshots.current.cache
    hits, misses = (cache.hits, cache.misses) if cache is not None else (0, 0)
    routed = [Routed(out.topic, out.key, out.value, out.summary) for out in processor.route_many(list(msgs))]
    if cache is not None:
        hits, misses = cache.hits - hits, cache.misses - misses
    return BatchResult(routed, durations, hits, misses)


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class ScreeningPool:
    """Routes batches for the agents (`Batcher`); same interface as `Processor.process`."""

    def __init__(self, processor: Processor, processes: int, fallback: Executor,
                 batch_timeout: float = BATCH_TIMEOUT_SECONDS) -> None:
        self.processor = processor
        self.processes = processes
        self.batch_timeout = batch_timeout
        self.fallback = fallback  # the worker's screening thread
        self._pool: ProcessPoolExecutor | None = None
        self._snapshot: Snapshot | None = None
        self.forks = 0

    async def process(self, msgs: list[Inbound], executor: Executor | None = None) -> list[Outbound]:
        snapshot = self.processor.snapshots.current
        if snapshot.screener is None:  # nothing to screen with: holds (fail closed) are cheap, stay here
            return await self.processor.process(msgs, self.fallback)
        try:
            pool = self._pool_for(snapshot)
        except Exception as exc:  # fork failed (memory, process limit): screen here rather than stop
            log.error("cannot start a screening process (%r); routing %d messages in the worker", exc,
                      len(msgs))
            return await self.processor.process(msgs, self.fallback)
        try:
            routed = asyncio.get_running_loop().run_in_executor(pool, _route_batch, msgs)
            result = await asyncio.wait_for(routed, self.batch_timeout)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a child died (OOM, signal), hung, or the pool broke: route here instead
            log.error("screening process failed (%r); routing %d messages in the worker", exc, len(msgs))
            self._discard(pool)
            return await self.processor.process(msgs, self.fallback)
        return self._adopt(msgs, result, snapshot)

    def _adopt(self, msgs: list[Inbound], result: BatchResult, snapshot: Snapshot) -> list[Outbound]:
        metrics = self.processor.metrics
        for seconds in result.durations:
            metrics.screening_duration.observe(seconds)
        if result.cache_hits:
            metrics.screening_cache.labels(result="hit").inc(result.cache_hits)
        if result.cache_misses:
            metrics.screening_cache.labels(result="miss").inc(result.cache_misses)
        outs = []
        for msg, routed in zip(msgs, result.routed, strict=True):
            out = Outbound(source=msg, topic=routed.topic, key=routed.key, value=routed.value,
                           summary=routed.summary)
            if routed.summary.hold_reason == HoldReason.MATCH and self.processor.suppressor is not None:
                out = self._suppress(out, snapshot)
            outs.append(out)
        return outs

    def _suppress(self, out: Outbound, snapshot: Snapshot) -> Outbound:
        """Allow-list suppression, as the in-thread path applies it (`Processor._route`)."""
        suppressor = self.processor.suppressor
        assert suppressor is not None
        try:
            record = HoldRecord.model_validate_json(out.value)
            decided = suppressor(record, snapshot)
        except Exception:  # fail closed: an allow-list failure never turns into a clearance
            log.exception("allow-list suppression failed for %s[%d]@%d; decision kept", out.source.topic,
                          out.source.partition, out.source.offset)
            return out
        if decided is record:
            return out
        business_id = out.key.decode() if out.key is not None else decided.event_id
        return self.processor._decision(out.source, decided, business_id)

    def _pool_for(self, snapshot: Snapshot) -> ProcessPoolExecutor:
        if self._pool is not None and self._snapshot is snapshot:
            return self._pool
        old, self._pool = self._pool, None
        if old is not None:
            old.shutdown(wait=False)  # a batch in flight there still completes
        global _CHILD_PROCESSOR
        child = type(self.processor)(self.processor.settings, _Pinned(snapshot), self.processor.metrics)
        _CHILD_PROCESSOR = child
        pool = ProcessPoolExecutor(max_workers=self.processes, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_child_init,
                                   initargs=(self.processor.settings.screen_cache_size,))
        started = time.perf_counter()
        try:
            # Fork now, while `_CHILD_PROCESSOR` is this snapshot's (3.11 forks every child on first submit).
            pool.submit(os.getpid).result()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        self.forks += 1
        log.info("%d screening process(es) forked for snapshot %s in %.0f ms", self.processes,
                 snapshot.version, (time.perf_counter() - started) * 1000)
        self._pool, self._snapshot = pool, snapshot
        return pool

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        if self._pool is pool:
            self._pool, self._snapshot = None, None
        children = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for child in children:  # a hung child would never read the shutdown request
            with contextlib.suppress(Exception):
                child.kill()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool, self._snapshot = None, None
