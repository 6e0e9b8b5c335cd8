"""What runs inside a screening process: route the batches the worker sends, report back, exit with it.

The child is forked from the worker after the list snapshot is loaded, so it inherits the `Processor`
(and the snapshot's memory, copy-on-write) as the fork's argument: nothing is pickled on the way in but
the batches themselves.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pickle
import signal
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from streams.cache import PartyCache
from streams.pipe_frames import frame, read_frame, write_all
from streams.processing import Inbound, Processor
from streams.records import Summary
from streams.snapshot import ActiveSnapshot

PARENT_POLL_SECONDS = 1.0


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


class PinnedSnapshot:
    """The one snapshot a child screens against (what `Processor` reads as `snapshots.current`)."""

    def __init__(self, snapshot: ActiveSnapshot) -> None:
        self.current = snapshot


def child_main(
    processor: Processor, read_fd: int, write_fd: int, close_fds: tuple[int, ...], cache_size: int
) -> None:
    """The forked process's entry: let go of the worker's pipe ends, then serve batches until EOF."""
    for fd in close_fds:  # the worker's ends, this child's and every other child's
        with contextlib.suppress(OSError):
            os.close(fd)
    _detach_from_worker()
    # A fresh cache: the inherited one's lock may have been held by a thread at fork time.
    pinned = processor.snapshots.current
    cache = PartyCache(cache_size) if pinned.screener is not None else None
    processor.snapshots = PinnedSnapshot(dataclasses.replace(pinned, cache=cache))
    serve(processor, read_fd, write_fd)


def _detach_from_worker() -> None:
    """Signals are the worker's business, and the child must not outlive it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    with contextlib.suppress(ValueError):
        signal.set_wakeup_fd(-1)  # the inherited fd belongs to the worker's event loop
    parent = os.getppid()
    threading.Thread(
        target=_exit_with_parent, args=(parent,), name="holdline-parent-watch", daemon=True
    ).start()


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(0)  # the worker died (kill -9): its messages will be redelivered, nothing here to save


def route_batch(processor: Processor, msgs: Sequence[Inbound]) -> BatchResult:
    """Route every message (`Processor.route` turns failures into records) and measure what it cost."""
    durations: list[float] = []
    processor.observe_duration = durations.append
    cache = processor.snapshots.current.cache
    hits, misses = (cache.hits, cache.misses) if cache is not None else (0, 0)
    routed = [Routed(out.topic, out.key, out.value, out.summary) for out in processor.route_many(list(msgs))]
    if cache is not None:
        hits, misses = cache.hits - hits, cache.misses - misses
    return BatchResult(routed, durations, hits, misses)


def serve(processor: Processor, read_fd: int, write_fd: int) -> None:
    """Read a batch, route it, write the result; return when the worker closes the pipe."""
    while (payload := read_frame(read_fd)) is not None:
        seq, msgs = pickle.loads(payload)
        result: BatchResult | BaseException
        try:
            result = route_batch(processor, msgs)
        except Exception as exc:  # process boundary: reported to the worker, which routes the batch itself
            result = exc
        write_all(write_fd, frame(pickle.dumps((seq, result), protocol=pickle.HIGHEST_PROTOCOL)))
