"""CPU seconds of a set of processes over a wall-clock window, sampled from /proc (Linux).

The pipeline benchmark's throughput moves with whatever else runs on a shared machine; the CPU each
process spends per event does not. `CpuSampler` polls the worker processes (their screening children
included) and the broker in a thread, and `cpu_between(t0, t1)` interpolates each group's CPU seconds
inside a window given in wall-clock time (the output records' timestamps).
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of a live process (0.0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK


def children(pid: int) -> list[int]:
    """Direct children of `pid` (the worker's screening processes)."""
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except OSError:
        pass
    return found


class CpuSampler:
    """Samples, every `interval` seconds, the CPU of named groups of processes.

    `groups` maps a name to a function returning the group's pids at that moment. A process's CPU counts
    from its first sample, so one that lives through the window (the workers, their screening children,
    the broker) is measured exactly; CPU is attributed linearly between samples.
    """

    def __init__(self, groups: Mapping[str, Callable[[], Sequence[int]]], interval: float = 0.25) -> None:
        self.groups = dict(groups)
        self.interval = interval
        self.samples: list[tuple[float, dict[str, float]]] = []
        self._base: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cpu-sampler", daemon=True)

    def __enter__(self) -> CpuSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def _sample(self) -> None:
        now = time.time()
        totals: dict[str, float] = {}
        for name, pids in self.groups.items():
            total = 0.0
            for pid in pids():
                cpu = process_cpu(pid)
                total += cpu - self._base.setdefault(pid, cpu if self.samples else 0.0)
            totals[name] = total
        self.samples.append((now, totals))

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)
        self._sample()

    def cpu_between(self, start: float, end: float) -> dict[str, float]:
        """CPU seconds of each group between two wall-clock times (interpolated between samples)."""
        return {name: self._at(name, end) - self._at(name, start) for name in self.groups}

    def _at(self, name: str, when: float) -> float:
        samples = self.samples
        if not samples:
            return 0.0
        if when <= samples[0][0]:
            return samples[0][1][name]
        for (t0, a), (t1, b) in itertools.pairwise(samples):
            if t0 <= when <= t1:
                share = (when - t0) / (t1 - t0) if t1 > t0 else 1.0
                return a[name] + (b[name] - a[name]) * share
        return samples[-1][1][name]
