"""`SnapshotHolder`: the list snapshot every event is screened against, swapped atomically.

An event reads `holder.current` once and screens every party against that one snapshot, so a hot reload
(the compliance work's control topic) never mixes two list versions inside one decision. When no list
could be loaded, `current.screener` is None and its `error` says why: the worker keeps running and holds
everything (fail closed) while `/healthz` reports not ready.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from matchers.gc_pause import gc_paused, settle_after_load
from streams.cache import PartyCache

if TYPE_CHECKING:  # `holdline screen` loads snapshots without a metrics registry (prometheus_client)
    from matchers import Screener  # the engine is imported when lists load (decision 0516)
    from streams.metrics import Metrics

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ActiveSnapshot:
    """The lists a process screens against right now (loaded in memory), or why there are none.

    Not `matchers.lists.store.Snapshot`, which is a verified list folder on disk: that one is loaded into
    an `ActiveSnapshot` when it is activated or received as a publication.
    """

    screener: Screener | None
    error: str | None = None
    loaded_at: float = field(default_factory=time.time)
    paths: tuple[str, ...] = ()
    cache: PartyCache | None = None  # results of this screener only; a swap starts a fresh one
    data_time: datetime | None = None  # the lists' own date (`list_data_time`): what staleness is measured on

    @property
    def loaded(self) -> bool:
        return self.screener is not None

    @property
    def version(self) -> str | None:
        return self.screener.version if self.screener is not None else None


def load_screener(paths: Sequence[str | Path], threshold: float | None = None) -> Screener:
    """Load and check a snapshot; a snapshot with no entries would clear everything, so it is an error.

    The compiled snapshot (`matchers.compiled`) is used when one matches these lists and this engine,
    e.g. the one `holdline lists publish` wrote for the publication a worker receives; else the lists are
    parsed and indexed, and the result compiled for the next process.
    """
    from matchers import compiled
    from matchers.screener import Screener
    from streams.settings import DEFAULT_THRESHOLD, Settings

    names = [str(p) for p in paths]
    value = DEFAULT_THRESHOLD if threshold is None else threshold
    build = lambda: Screener.from_paths(names, threshold=value)  # noqa: E731
    cache_dir = Settings().compiled_cache_dir  # HOLDLINE_CACHE_DIR
    with gc_paused():
        screener, outcome = compiled.load_or_build(names, value, build, cache_dir, background=True)
        if outcome.status == "hit":
            # Everything just unpickled is alive and acyclic: frozen before the collector is back on, the
            # first allocation does not trigger a young collection over millions of objects, nor does
            # `settle_after_load` walk them again (docs/performance.md).
            gc.freeze()
    log.info(
        "lists %s in %.2fs (compiled snapshot: %s%s)",
        "loaded" if outcome.status == "hit" else "built",
        outcome.seconds,
        outcome.status,
        f", {outcome.reason}" if outcome.reason else "",
    )
    if not screener.entry_count:
        raise ValueError(f"the lists at {', '.join(map(str, paths))} hold no entries")
    return screener


DEFAULT_CACHE_SIZE = 100_000


class SnapshotHolder:
    def __init__(
        self, metrics: Metrics | None = None, cache_size: int = DEFAULT_CACHE_SIZE, freeze_gc: bool = True
    ) -> None:
        self._metrics = metrics
        self.cache_size = cache_size
        self.freeze_gc = freeze_gc
        self._lock = threading.Lock()
        self._current = ActiveSnapshot(screener=None, error="lists not loaded yet")
        self._placeholder = self._current
        self._settled = threading.Event()
        self._settled.set()
        self._after_initial: list[Callable[[], object]] = []
        self._publish(self._current)

    @property
    def current(self) -> ActiveSnapshot:
        return self._current

    def swap(
        self,
        screener: Screener,
        paths: Sequence[str | Path] = (),
        *,
        only_replacing: ActiveSnapshot | None = None,
    ) -> ActiveSnapshot:
        """Make `screener` the active snapshot; events already being screened finish on the old one.

        With `only_replacing`, only if that snapshot is still the active one (checked and replaced under one
        lock, so a snapshot made active meanwhile is never overwritten); the active snapshot is returned."""
        snapshot = ActiveSnapshot(
            screener=screener,
            paths=tuple(str(p) for p in paths),
            cache=self._new_cache(),
            data_time=list_data_time(screener),
        )
        if not self._install(snapshot, only_replacing):
            return self._current
        if self.freeze_gc:
            # A full collection walking the snapshot's objects stalls every thread, heartbeats included
            # (docs/decisions/0002-freeze-the-snapshot.md). An old snapshot stays frozen after a swap
            # (freed by refcount).
            settle_after_load()
        log.info(
            "list snapshot %s active: %d entries from %s",
            snapshot.version,
            screener.entry_count,
            ", ".join(snapshot.paths) or "(in memory)",
        )
        return snapshot

    def fail(
        self,
        error: str,
        paths: Sequence[str | Path] = (),
        *,
        only_replacing: ActiveSnapshot | None = None,
    ) -> ActiveSnapshot:
        """No usable snapshot: every event is held with `screening_unavailable` until a swap
        (`only_replacing` as for `swap`)."""
        snapshot = ActiveSnapshot(screener=None, error=error, paths=tuple(str(p) for p in paths))
        if not self._install(snapshot, only_replacing):
            return self._current
        log.error("no list snapshot: %s; holding every event (fail closed)", error)
        return snapshot

    def _install(self, snapshot: ActiveSnapshot, only_replacing: ActiveSnapshot | None) -> bool:
        """Make `snapshot` active (unless `only_replacing` is given and no longer active: checked and
        replaced under one lock); whether it was."""
        with self._lock:
            if only_replacing is not None and self._current is not only_replacing:
                return False
            self._current = snapshot
            self._publish(snapshot)
        return True

    def load(self, paths: Sequence[str | Path], threshold: float) -> ActiveSnapshot:
        """Load lists from files; on any failure the holder fails closed instead of raising."""
        try:
            screener = load_screener(paths, threshold)
        except Exception as exc:  # list-load boundary: the holder fails closed instead of raising
            return self.fail(f"cannot load lists: {type(exc).__name__}: {exc}", paths)
        return self.swap(screener, paths)

    def begin_initial_load(self) -> None:
        """The lists will be loaded by `load_initial` (in a thread) while the worker starts and joins its
        group; until then `settled()` waits, so nothing screens or applies state before the lists are in
        (docs/decisions/0512-lists-load-while-the-group-joins.md)."""
        self._settled.clear()

    def after_initial_load(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the initial load is in, before `settled()` returns (at once if it is)."""
        if self._settled.is_set():
            callback()
        else:
            self._after_initial.append(callback)

    def load_initial(self, paths: Sequence[str | Path], threshold: float) -> ActiveSnapshot:
        """`load`, for the snapshot a worker starts with: it never replaces a snapshot made active
        meanwhile (a publication, a failure declared by the stale check), then the `after_initial_load`
        callbacks run and `settled()` returns."""
        try:
            try:
                screener = load_screener(paths, threshold)
            except Exception as exc:  # list-load boundary: the holder fails closed instead of raising
                screener, error = None, f"cannot load lists: {type(exc).__name__}: {exc}"
            placeholder = self._placeholder
            if screener is not None:
                active = self.swap(screener, paths, only_replacing=placeholder)
            else:
                active = self.fail(error, paths, only_replacing=placeholder)
            if active.screener is not screener or (screener is None and active.error != error):
                log.warning("initial lists not used: a snapshot was made active while they loaded")
            for callback in self._after_initial:
                try:
                    callback()
                except Exception:  # plug-in boundary: a hook's failure must not leave the worker unsettled
                    log.exception("after-initial-load callback failed")
            return self._current
        finally:
            self._after_initial.clear()
            self._settled.set()

    async def settled(self) -> None:
        """Return once no initial load is pending (at once when none was begun)."""
        if self._settled.is_set():
            return
        import asyncio

        await asyncio.get_running_loop().run_in_executor(None, self._settled.wait)

    def _new_cache(self) -> PartyCache:
        m = self._metrics
        if m is None:
            return PartyCache(self.cache_size)
        return PartyCache(
            self.cache_size,
            on_hit=m.screening_cache.labels(result="hit").inc,
            on_miss=m.screening_cache.labels(result="miss").inc,
        )

    def _publish(self, snapshot: ActiveSnapshot) -> None:
        m = self._metrics
        if m is None:
            return
        m.list_entries.clear()
        m.list_snapshot_info.clear()
        if snapshot.screener is None:
            m.lists_loaded.set(0)
            return
        for list_id, count in sorted(entries_per_list(snapshot.screener).items()):
            m.list_entries.labels(list=list_id).set(count)
        m.list_snapshot_info.labels(version=str(snapshot.version)).set(1)
        m.list_loaded_timestamp.set(snapshot.loaded_at)
        m.lists_loaded.set(1)


def entries_per_list(screener: Screener) -> Counter[str]:
    """How many entries each list id holds (the `holdline_list_entries` gauge), without reading them.

    A screener loaded from a compiled snapshot keeps its entries packed until read (decision 0520);
    counting them by their `list` field unpickled all 36,000 in the initial load, before the worker's
    agents may screen (`settled`; decision 0528). Its packed lists say the same: list i's entries are
    `bounds[i]` to `bounds[i + 1]` of the store, each carrying its source's list id (a loaded list is one
    list: `matchers/lists/assemble.py`), and a packed snapshot holds distinct ids only, as `entries` does."""
    packed = screener.packed
    if packed is None:
        return Counter(entry.list for entry in screener.entries.values())
    counts: Counter[str] = Counter()
    for i, source in enumerate(packed.sources):
        counts[source.list] += packed.bounds[i + 1] - packed.bounds[i]
    return counts


def list_data_time(screener: Screener) -> datetime | None:
    """The oldest list's own date (the stalest list decides), or None when any list's date is unknown."""
    oldest: datetime | None = None
    for source in screener.sources:
        when = _parse(source.snapshot) or manifest_time(Path(source.path))
        if when is None:
            return None
        oldest = when if oldest is None else min(oldest, when)
    return oldest


# `matchers.lists.store.MANIFEST` (a test keeps them equal), named here so looking costs no import.
STORE_MANIFEST = "manifest.json"


def manifest_time(path: Path) -> datetime | None:
    """When the store fetched `path` (its manifest's record of the file), if it lies in a store snapshot.

    The store's module (its models and the list parsers' package) is imported only when a manifest is
    found: a list folder outside a store costs a `holdline screen` nothing more."""
    for folder in path.parents:
        manifest_path = folder / STORE_MANIFEST
        if not manifest_path.is_file():
            continue
        from matchers.lists.store import Manifest

        try:
            manifest = Manifest.model_validate_json(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        rel = os.path.relpath(path, folder / "lists")
        for source in manifest.sources:
            for record in source.files:
                if f"{source.name}/{record.path}" == rel:
                    return record.fetched_at
        return manifest.created_at
    return None


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
