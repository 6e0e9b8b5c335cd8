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
reads and writes itself, non-blocking, with no helper thread; the child blocks on its ends.

What stays in the worker process: allow-list suppression (its state follows the compliance topics) and
every metric (children report durations and cache use with each batch). A new snapshot (hot reload)
forks new children; the old ones finish the batches they were sent, whose decisions name the old version.

Fail closed: if a child dies, its pipe breaks or a batch takes longer than `BATCH_TIMEOUT_SECONDS`, the
child is killed and the batch is routed by the worker's own screening thread instead, so every message
still gets its one record; the next batch forks a fresh child.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import fcntl
import itertools
import logging
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from multiprocessing.process import BaseProcess

from matchers.errors import HoldlineError
from streams.cache import PartyCache
from streams.processing import Inbound, Outbound, Processor
from streams.records import HoldReason, HoldRecord, Summary
from streams.snapshot import Snapshot

log = logging.getLogger(__name__)

PARENT_POLL_SECONDS = 1.0
# A batch of 200 events screens in well under a second; a child silent this long is stuck (a lock
# inherited held across fork, say) and is replaced.
BATCH_TIMEOUT_SECONDS = 120.0
# Pipes big enough for a few batches each way (Linux default: 64 KiB, a third of one result), so
# neither side waits for the other to read. Best effort: capped by /proc/sys/fs/pipe-max-size.
PIPE_BYTES = 1 << 20
HEADER_BYTES = 8


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
    threading.Thread(
        target=_exit_with_parent, args=(parent,), name="holdline-parent-watch", daemon=True
    ).start()


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


def _serve(read_fd: int, write_fd: int) -> None:
    """A child's loop: read a batch, route it, write the result; exit when the worker closes the pipe."""
    while True:
        header = _read_exact(read_fd, HEADER_BYTES)
        if header is None:
            return
        payload = _read_exact(read_fd, int.from_bytes(header, "big"))
        if payload is None:
            return
        seq, msgs = pickle.loads(payload)
        result: BatchResult | BaseException
        try:
            result = _route_batch(msgs)
        except Exception as exc:  # reported to the worker, which routes the batch itself
            result = exc
        data = pickle.dumps((seq, result), protocol=pickle.HIGHEST_PROTOCOL)
        _write_all(write_fd, len(data).to_bytes(HEADER_BYTES, "big") + data)


def _read_exact(fd: int, n: int) -> bytes | None:
    parts, left = [], n
    while left:
        chunk = os.read(fd, min(left, PIPE_BYTES))
        if not chunk:
            return None
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _child_main(read_fd: int, write_fd: int, close_fds: tuple[int, ...], cache_size: int) -> None:
    for fd in close_fds:  # the worker's ends, this child's and every other child's
        with contextlib.suppress(OSError):
            os.close(fd)
    _child_init(cache_size)
    _serve(read_fd, write_fd)


class ChildLost(HoldlineError, RuntimeError):
    pass


# Every pipe end the worker holds; a new child closes them all, so each pipe has exactly one reader and
# one writer and a dead process is seen as end-of-file by the other side.
_WORKER_FDS: set[int] = set()


class _Child:
    """One screening process and its two pipes, driven by the event loop (no threads)."""

    def __init__(self, process: BaseProcess, to_child: int, from_child: int) -> None:
        self.process = process
        self.to_child = to_child
        self.from_child = from_child
        self.pending: dict[int, asyncio.Future[BatchResult]] = {}
        self.alive = True
        self.retiring = False
        self._seq = itertools.count()
        self._inbox = bytearray()
        self._outbox = bytearray()
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def submit(self, msgs: Sequence[Inbound]) -> asyncio.Future[BatchResult]:
        loop = asyncio.get_running_loop()
        self._bind(loop)
        seq = next(self._seq)
        future: asyncio.Future[BatchResult] = loop.create_future()
        if not self.alive:
            future.set_exception(ChildLost(f"screening process {self.pid} is gone"))
            return future
        self.pending[seq] = future
        data = pickle.dumps((seq, list(msgs)), protocol=pickle.HIGHEST_PROTOCOL)
        self._outbox += len(data).to_bytes(HEADER_BYTES, "big")
        self._outbox += data
        self._flush()
        return future

    def _bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """Watch the pipes from this loop (tests run one loop per call; the worker one for its life)."""
        if self._loop is loop or not self.alive:
            return
        self._loop = loop
        loop.add_reader(self.from_child, self._on_readable)

    def _flush(self) -> None:
        try:
            while self._outbox:
                written = os.write(self.to_child, self._outbox)
                del self._outbox[:written]
        except BlockingIOError:
            assert self._loop is not None
            self._loop.add_writer(self.to_child, self._on_writable)
            return
        except OSError as exc:  # broken pipe: the child died
            self._lost(exc)
            return
        if self.retiring:
            self._close_input()

    def _on_writable(self) -> None:
        assert self._loop is not None
        self._loop.remove_writer(self.to_child)
        self._flush()

    def _on_readable(self) -> None:
        try:
            while True:
                chunk = os.read(self.from_child, PIPE_BYTES)
                if not chunk:
                    self._lost(ChildLost(f"screening process {self.pid} closed its pipe"))
                    return
                self._inbox += chunk
        except BlockingIOError:
            pass
        except OSError as exc:
            self._lost(exc)
            return
        self._deliver()

    def _deliver(self) -> None:
        inbox = self._inbox
        while len(inbox) >= HEADER_BYTES:
            size = int.from_bytes(inbox[:HEADER_BYTES], "big")
            if len(inbox) < HEADER_BYTES + size:
                return
            seq, result = pickle.loads(memoryview(inbox)[HEADER_BYTES : HEADER_BYTES + size])
            del inbox[: HEADER_BYTES + size]
            future = self.pending.pop(seq, None)
            if future is None or future.done():  # timed out meanwhile
                continue
            if isinstance(result, BaseException):
                future.set_exception(result)
            else:
                future.set_result(result)
        if self.retiring and not self.pending:
            self.stop()

    def _lost(self, exc: BaseException) -> None:
        pending, self.pending = self.pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(exc)
        self.stop()

    def retire(self) -> None:
        """No new batches; the child finishes those it has, then exits on end-of-file."""
        self.retiring = True
        if not self._outbox:
            self._close_input()
        if not self.pending:
            self.stop()

    def _close_input(self) -> None:
        if self.to_child in _WORKER_FDS:
            if self._loop is not None and not self._loop.is_closed():
                self._loop.remove_writer(self.to_child)
            _WORKER_FDS.discard(self.to_child)
            os.close(self.to_child)

    def stop(self, kill: bool = False) -> None:
        """Close both pipes (the child exits on end-of-file); `kill` for a child that may be stuck."""
        self.alive = False
        if kill:
            with contextlib.suppress(Exception):
                self.process.kill()
        self._close_input()
        if self.from_child in _WORKER_FDS:
            if self._loop is not None and not self._loop.is_closed():
                self._loop.remove_reader(self.from_child)
            _WORKER_FDS.discard(self.from_child)
            os.close(self.from_child)
        with contextlib.suppress(Exception):
            self.process.join(timeout=0.5 if kill else 0)  # reap it if it already exited


def _pipe() -> tuple[int, int]:
    read_fd, write_fd = os.pipe()
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
    if set_size is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(write_fd, set_size, PIPE_BYTES)
    return read_fd, write_fd


def _fork_child(cache_size: int) -> _Child:
    """Fork one child for `_CHILD_PROCESSOR`; the worker keeps the ends it writes and reads."""
    down_r, down_w = _pipe()  # worker -> child
    up_r, up_w = _pipe()  # child -> worker
    close_in_child = (*_WORKER_FDS, down_w, up_r)
    process = multiprocessing.get_context("fork").Process(
        target=_child_main,
        args=(down_r, up_w, close_in_child, cache_size),
        name="holdline-screen",
        daemon=True,
    )
    try:
        process.start()
    except BaseException:
        for fd in (down_r, down_w, up_r, up_w):
            os.close(fd)
        raise
    os.close(down_r)
    os.close(up_w)
    for fd in (down_w, up_r):
        os.set_blocking(fd, False)
        _WORKER_FDS.add(fd)
    return _Child(process, down_w, up_r)


class ScreeningPool:
    """Routes batches for the agents (`Batcher`); same interface as `Processor.process`."""

    def __init__(
        self,
        processor: Processor,
        processes: int,
        fallback: Executor,
        batch_timeout: float = BATCH_TIMEOUT_SECONDS,
    ) -> None:
        self.processor = processor
        self.processes = processes
        self.batch_timeout = batch_timeout
        self.fallback = fallback  # the worker's screening thread
        self._children: list[_Child] = []
        self._snapshot: Snapshot | None = None
        self.forks = 0

    def child_pids(self) -> list[int]:
        return [c.pid for c in self._children if c.alive and c.pid is not None]

    async def process(self, msgs: list[Inbound], executor: Executor | None = None) -> list[Outbound]:
        snapshot = self.processor.snapshots.current
        if snapshot.screener is None:  # nothing to screen with: holds (fail closed) are cheap, stay here
            return await self.processor.process(msgs, self.fallback)
        try:
            child = self._child_for(snapshot)
        except Exception as exc:  # fork failed (memory, process limit): screen here rather than stop
            log.error(
                "cannot start a screening process (%r); routing %d messages in the worker", exc, len(msgs)
            )
            return await self.processor.process(msgs, self.fallback)
        try:
            result = await asyncio.wait_for(child.submit(msgs), self.batch_timeout)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the child died (OOM, signal), hung, or its pipe broke: route here instead
            log.error(
                "screening process %s failed (%r); routing %d messages in the worker",
                child.pid,
                exc,
                len(msgs),
            )
            self._discard(child)
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
            out = Outbound(
                source=msg, topic=routed.topic, key=routed.key, value=routed.value, summary=routed.summary
            )
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
            log.exception(
                "allow-list suppression failed for %s[%d]@%d; decision kept",
                out.source.topic,
                out.source.partition,
                out.source.offset,
            )
            return out
        if decided is record:
            return out
        business_id = out.key.decode() if out.key is not None else decided.event_id
        return self.processor._decision(out.source, decided, business_id)

    def _child_for(self, snapshot: Snapshot) -> _Child:
        """The least busy child screening `snapshot`, forking what is missing."""
        if self._snapshot is not snapshot:
            for old in self._children:
                old.retire()  # batches sent there still complete
            self._children, self._snapshot = [], snapshot
        self._children = [c for c in self._children if c.alive]
        if len(self._children) < self.processes:
            global _CHILD_PROCESSOR
            _CHILD_PROCESSOR = type(self.processor)(
                self.processor.settings, _Pinned(snapshot), self.processor.metrics, self.processor.policy
            )
            started = time.perf_counter()
            while len(self._children) < self.processes:
                self._children.append(_fork_child(self.processor.settings.screen_cache_size))
                self.forks += 1
            log.info(
                "screening process(es) %s forked for snapshot %s in %.0f ms",
                self.child_pids(),
                snapshot.version,
                (time.perf_counter() - started) * 1000,
            )
        return min(self._children, key=lambda c: len(c.pending))

    def _discard(self, child: _Child) -> None:
        if child in self._children:
            self._children.remove(child)
        child.stop(kill=True)  # a hung child would never read end-of-file

    def close(self) -> None:
        for child in self._children:
            child.stop(kill=True)
        self._children, self._snapshot = [], None
