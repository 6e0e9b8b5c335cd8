"""Progress on stderr for CLI steps a user waits on (loading a whole folder of lists takes seconds).

A ticker rather than a bar: the loaders give no per-file callback, and an honest "still loading, 7 s"
beats a bar that guesses. It writes only to a terminal (a pipe or a log file gets nothing, so scripts
and `--jsonl` consumers see clean streams) and only once the step has taken longer than `delay`.
"""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType
from typing import TextIO

SPINNER = "|/-\\"


class Progress:
    """`with Progress("loading lists"):` shows `loading lists ... 3s` on stderr while the block runs."""

    def __init__(
        self,
        label: str,
        *,
        quiet: bool = False,
        stream: TextIO | None = None,
        delay: float = 1.0,
        interval: float = 0.2,
    ) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = not quiet and _is_terminal(self.stream)
        self.delay = delay
        self.interval = interval
        self.shown = False
        self.elapsed = 0.0
        self._started = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Progress:
        self._started = time.monotonic()
        if self.enabled:
            self._thread = threading.Thread(target=self._run, name="holdline-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.elapsed = time.monotonic() - self._started
        if self.shown:
            outcome = "failed" if exc_type is not None else "done"
            self._write(f"\r\x1b[K{self.label}: {outcome} in {self.elapsed:.1f}s\n")

    def _run(self) -> None:
        if self._stop.wait(self.delay):
            return
        tick = 0
        while not self._stop.is_set():
            self.shown = True
            spent = time.monotonic() - self._started
            self._write(f"\r\x1b[K{self.label} {SPINNER[tick % len(SPINNER)]} {spent:.0f}s")
            tick += 1
            self._stop.wait(self.interval)

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed stderr must not break the command it decorates
            self.enabled = False


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def describe_lists(paths: list[str] | None) -> str:
    """`loading lists from A, B` (or the built-in list) for the progress label."""
    if not paths:
        return "loading the built-in list"
    shown = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
    return f"loading lists from {shown}"
