"""The worker's handle on one screening process: fork it, feed it batches, collect results, stop it.

Both pipes are driven by the worker's event loop, non-blocking, with no helper thread
(docs/decisions/0003-screening-processes-on-pipes.md): each batch is a future resolved when its result
frame arrives, or failed with `ChildLost` when the child dies or its pipe breaks.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import multiprocessing
import os
import pickle
from collections.abc import Sequence
from multiprocessing.process import BaseProcess

from matchers.errors import HoldlineError
from streams.pipe_frames import PIPE_BYTES, FrameBuffer, frame, make_pipe
from streams.processing import Inbound, Processor
from streams.screening_child import BatchResult, child_main


class ChildLost(HoldlineError, RuntimeError):
    pass


class PipeEnds:
    """Every pipe end this process holds towards its screening processes.

    File descriptors belong to the process, not to a pool, so there is one registry per process
    (`WORKER_PIPE_ENDS`): a newly forked child closes them all, so each pipe keeps exactly one reader
    and one writer and a dead process is seen as end-of-file by the other side.
    """

    def __init__(self) -> None:
        self._fds: set[int] = set()

    def add(self, fd: int) -> None:
        self._fds.add(fd)

    def snapshot(self) -> tuple[int, ...]:
        return tuple(self._fds)

    def close(self, fd: int) -> bool:
        """Close `fd` if this process still holds it; False when it was closed already."""
        if fd not in self._fds:
            return False
        self._fds.discard(fd)
        os.close(fd)
        return True

    def __contains__(self, fd: int) -> bool:
        return fd in self._fds


WORKER_PIPE_ENDS = PipeEnds()


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class ScreeningProcess:
    """One screening process and its two pipes, driven by the event loop (no threads)."""

    def __init__(
        self, process: BaseProcess, to_child: int, from_child: int, ends: PipeEnds = WORKER_PIPE_ENDS
    ) -> None:
        self.process = process
        self.to_child = to_child
        self.from_child = from_child
        self.ends = ends
        self.pending: dict[int, asyncio.Future[BatchResult]] = {}
        self.alive = True
        self.retiring = False
        self._seq = itertools.count()
        self._inbox = FrameBuffer()
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
        self._outbox += frame(pickle.dumps((seq, list(msgs)), protocol=pickle.HIGHEST_PROTOCOL))
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
                self._inbox.feed(chunk)
        except BlockingIOError:
            pass
        except OSError as exc:
            self._lost(exc)
            return
        self._deliver()

    def _deliver(self) -> None:
        for payload in self._inbox.frames():
            seq, result = pickle.loads(payload)
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
        if self.to_child in self.ends:
            if self._loop is not None and not self._loop.is_closed():
                self._loop.remove_writer(self.to_child)
            self.ends.close(self.to_child)

    def stop(self, kill: bool = False) -> None:
        """Close both pipes (the child exits on end-of-file); `kill` for a child that may be stuck."""
        self.alive = False
        if kill:
            with contextlib.suppress(OSError, ValueError):  # already gone, or already closed
                self.process.kill()
        self._close_input()
        if self.from_child in self.ends:
            if self._loop is not None and not self._loop.is_closed():
                self._loop.remove_reader(self.from_child)
            self.ends.close(self.from_child)
        with contextlib.suppress(OSError, ValueError, AssertionError):
            self.process.join(timeout=0.5 if kill else 0)  # reap it if it already exited


def fork_screening_process(
    processor: Processor, cache_size: int, ends: PipeEnds = WORKER_PIPE_ENDS
) -> ScreeningProcess:
    """Fork one child routing with `processor`; the worker keeps the ends it writes and reads."""
    down_r, down_w = make_pipe()  # worker -> child
    up_r, up_w = make_pipe()  # child -> worker
    close_in_child = (*ends.snapshot(), down_w, up_r)
    process = multiprocessing.get_context("fork").Process(
        target=child_main,
        args=(processor, down_r, up_w, close_in_child, cache_size),
        name="holdline-screen",
        daemon=True,
    )
    try:
        process.start()
    except BaseException:  # clean-up, re-raised: a fork that fails leaves no pipe open
        for fd in (down_r, down_w, up_r, up_w):
            os.close(fd)
        raise
    os.close(down_r)
    os.close(up_w)
    for fd in (down_w, up_r):
        os.set_blocking(fd, False)
        ends.add(fd)
    return ScreeningProcess(process, down_w, up_r, ends)
