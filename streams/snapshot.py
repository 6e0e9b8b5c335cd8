"""`SnapshotHolder`: the list snapshot every event is screened against, swapped atomically.

An event reads `holder.current` once and screens every party against that one snapshot, so a hot reload
(the compliance work's control topic) never mixes two list versions inside one decision. When no list
could be loaded, `current.screener` is None and its `error` says why: the worker keeps running and holds
everything (fail closed) while `/healthz` reports not ready.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from matchers import Screener
from matchers.gc_pause import settle_after_load
from streams.cache import PartyCache
from streams.metrics import Metrics

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    screener: Screener | None
    error: str | None = None
    loaded_at: float = field(default_factory=time.time)
    paths: tuple[str, ...] = ()
    cache: PartyCache | None = None  # results of this screener only; a swap starts a fresh one

    @property
    def loaded(self) -> bool:
        return self.screener is not None

    @property
    def version(self) -> str | None:
        return self.screener.version if self.screener is not None else None


def load_screener(paths: Sequence[str | Path], threshold: float) -> Screener:
    """Load and check a snapshot; a snapshot with no entries would clear everything, so it is an error."""
    screener = Screener.from_paths([str(p) for p in paths], threshold=threshold)
    if not screener.entries:
        raise ValueError(f"the lists at {', '.join(map(str, paths))} hold no entries")
    return screener


DEFAULT_CACHE_SIZE = 100_000


class SnapshotHolder:
    def __init__(self, metrics: Metrics | None = None, cache_size: int = DEFAULT_CACHE_SIZE,
                 freeze_gc: bool = True) -> None:
        self._metrics = metrics
        self.cache_size = cache_size
        self.freeze_gc = freeze_gc
        self._lock = threading.Lock()
        self._current = Snapshot(screener=None, error="lists not loaded yet")
        self._publish(self._current)

    @property
    def current(self) -> Snapshot:
        return self._current

    def swap(self, screener: Screener, paths: Sequence[str | Path] = ()) -> Snapshot:
        """Make `screener` the active snapshot; events already being screened finish on the old one."""
        snapshot = Snapshot(screener=screener, paths=tuple(str(p) for p in paths), cache=self._new_cache())
        with self._lock:
            self._current = snapshot
            self._publish(snapshot)
        if self.freeze_gc:
            # A full collection walking the snapshot's objects stalls every thread, heartbeats included
            # (docs/decisions/0002-freeze-the-snapshot.md). An old snapshot stays frozen after a swap
            # (freed by refcount).
            settle_after_load()
        log.info("list snapshot %s active: %d entries from %s", snapshot.version, len(screener.entries),
                 ", ".join(snapshot.paths) or "(in memory)")
        return snapshot

    def fail(self, error: str, paths: Sequence[str | Path] = ()) -> Snapshot:
        """No usable snapshot: every event is held with `screening_unavailable` until a swap."""
        snapshot = Snapshot(screener=None, error=error, paths=tuple(str(p) for p in paths))
        with self._lock:
            self._current = snapshot
            self._publish(snapshot)
        log.error("no list snapshot: %s; holding every event (fail closed)", error)
        return snapshot

    def load(self, paths: Sequence[str | Path], threshold: float) -> Snapshot:
        """Load lists from files; on any failure the holder fails closed instead of raising."""
        try:
            screener = load_screener(paths, threshold)
        except Exception as exc:
            return self.fail(f"cannot load lists: {type(exc).__name__}: {exc}", paths)
        return self.swap(screener, paths)

    def _new_cache(self) -> PartyCache:
        m = self._metrics
        if m is None:
            return PartyCache(self.cache_size)
        return PartyCache(self.cache_size, on_hit=m.screening_cache.labels(result="hit").inc,
                          on_miss=m.screening_cache.labels(result="miss").inc)

    def _publish(self, snapshot: Snapshot) -> None:
        m = self._metrics
        if m is None:
            return
        m.list_entries.clear()
        m.list_snapshot_info.clear()
        if snapshot.screener is None:
            m.lists_loaded.set(0)
            return
        per_list = Counter(entry.list for entry in snapshot.screener.entries.values())
        for list_id, count in sorted(per_list.items()):
            m.list_entries.labels(list=list_id).set(count)
        m.list_snapshot_info.labels(version=str(snapshot.version)).set(1)
        m.list_loaded_timestamp.set(snapshot.loaded_at)
        m.lists_loaded.set(1)
