"""`ApiState`: the snapshot the service screens against, swapped whole, and the control-topic follower.

Like a worker, the service starts on the `--list` files (or the built-in list), then follows
`holdline.control`: once caught up it applies the latest complete publication, then each new one. A
publication that does not load never replaces a good snapshot. A broker that is down or a missing topic
does not stop the service: it keeps serving what it has and retries (and says so in its log).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from matchers.gc_pause import settle_after_load
from matchers.lists.store import SnapshotStore
from streams.api.view import SnapshotView, build_view
from streams.compliance.publication import Assembled, Assembler, PublicationError
from streams.readiness import NO_LIST, ReadinessPolicy, screening_readiness
from streams.settings import ComplianceSettings, Settings
from streams.snapshot import ActiveSnapshot, list_data_time, load_screener

log = logging.getLogger(__name__)


class ApiState:
    def __init__(self, settings: Settings, compliance: ComplianceSettings) -> None:
        self.settings = settings
        self.compliance = compliance
        self.view: SnapshotView | None = None
        self.error: str | None = "lists not loaded yet"
        self.snapshot = ActiveSnapshot(screener=None, error=self.error)
        self.publication: str | None = None
        self.swaps = 0

    def unavailable(self) -> str | None:
        """The shared "can we screen" decision (`streams.readiness`), as the worker and the CLI ask it."""
        if self.view is None:
            return self.error or NO_LIST
        c = self.compliance
        policy = ReadinessPolicy(max_age=c.list_max_age, stale_hold=c.list_stale_hold)
        return screening_readiness(self.snapshot, policy).reason

    def load(self, paths: Sequence[str | Path]) -> None:
        """Load the start-up snapshot; a failure leaves the service up and not ready (fail closed)."""
        try:
            screener = load_screener(paths, self.settings.threshold)
            view = build_view(screener, datetime.now(UTC))
        except Exception as exc:  # list-load boundary: the service stays up and not ready (fail closed)
            self.error = f"cannot load lists: {type(exc).__name__}: {exc}"
            log.error("no list snapshot: %s; every screening request answers 503", self.error)
            return
        self.swap(view)

    def swap(self, view: SnapshotView, publication: str | None = None) -> None:
        # Staleness is measured on the lists' own date (the file's, else the store manifest's), as everywhere.
        self.snapshot = ActiveSnapshot(screener=view.screener, data_time=list_data_time(view.screener))
        self.view, self.error = view, None
        # As the worker does (decision 0002): a full collection walking the snapshot's objects would stall
        # requests for ~0.5 s each time the allocations of screening trigger one.
        settle_after_load()
        self.publication = publication or self.publication
        self.swaps += 1
        log.info(
            "list snapshot %s active: %d entries, %d datasets",
            view.version,
            len(view.screener.entries),
            len(view.datasets),
        )


class ControlFollower:
    """Tails the control topic and applies complete publications to an `ApiState`."""

    def __init__(self, state: ApiState, retry: float = 10.0) -> None:
        from streams.compliance.signing import KeyConfigError, Keyring, configured_keyring
        from streams.compliance.trust import ControlGate

        self.state = state
        self.retry = retry
        try:
            keyring = configured_keyring(state.compliance)
        except (KeyConfigError, ValueError, OSError) as exc:  # refuse every publication, serve on
            log.error("publication keys unusable (%s): publications will be refused", exc)
            keyring = Keyring()
        if not len(keyring):
            log.warning("no trusted keys (HOLDLINE_TRUSTED_KEYS): publications will be refused")
        # The workers' gate: a publication counts only if a trusted publisher signed it, newer than the last.
        self.gate = ControlGate(keyring, frozenset())
        self._published_at: str | None = None
        self._assembler = Assembler()
        self.latest: Assembled | None = None
        self._caught_up = False
        self._lock = asyncio.Lock()
        self._tail: Any = None
        self._task: asyncio.Task[None] | None = None
        self._dir = Path(tempfile.mkdtemp(prefix="holdline-api-store-"))
        self.store = SnapshotStore(self._dir)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="holdline-api-control")

    async def _run(self) -> None:
        from streams.compliance.state_topic import TopicTail, aiokafka_config

        topic = self.state.compliance.topic_control
        while True:
            config = aiokafka_config(self.state.settings)
            tail = TopicTail(config, [topic], self.apply, name="holdline-api-control")
            try:
                await tail.start()
                self._tail = tail
                await tail.wait_ready(timeout=300)
                break
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # task boundary: following is retried; the service keeps its snapshot
                log.error(
                    "cannot follow %s on %s: %s: %s; serving snapshot %s, retrying in %.0fs",
                    topic,
                    self.state.settings.broker,
                    type(exc).__name__,
                    exc,
                    self.state.view.version if self.state.view else None,
                    self.retry,
                )
                with contextlib.suppress(Exception):
                    await tail.stop()
                self._tail = None
                await asyncio.sleep(self.retry)
        self._caught_up = True
        log.info(
            "following %s: caught up (latest publication: %s)",
            topic,
            self.latest[0].publication_id if self.latest else None,
        )
        if self.latest is not None:
            await self._activate(*self.latest)

    def apply(self, topic: str, key: str, value: bytes | None) -> None:
        if value is None:
            return
        import json

        from streams.compliance.signing import SignatureError

        try:
            record = json.loads(value)
            if isinstance(record, dict) and record.get("kind") == "snapshot_published":
                self.gate.publication(record, self._published_at)
                self._published_at = str(record.get("published_at") or "")
            done = self._assembler.add(record)
        except SignatureError as exc:
            log.error("refused a snapshot publication: %s", exc)
            return
        except (PublicationError, ValueError) as exc:
            log.error("ignoring a broken snapshot publication: %s", exc)
            return
        if done is None:
            return
        self.latest = done
        log.info("publication %s received (%d files)", done[0].publication_id, len(done[0].files))
        if self._caught_up:
            asyncio.get_running_loop().create_task(self._activate(*done))

    async def _activate(self, manifest: Any, files: dict[str, dict[str, bytes]]) -> None:
        async with self._lock:
            if manifest.publication_id == self.state.publication:
                return
            loop = asyncio.get_running_loop()
            started = time.perf_counter()

            def load() -> SnapshotView:
                snap = self.store.import_files(files, "publish")
                screener = load_screener(snap.list_paths(), self.state.settings.threshold)
                return build_view(screener, datetime.now(UTC))

            try:
                view = await loop.run_in_executor(None, load)
            # Input boundary: a bad publication (any failure to load it) never replaces a good snapshot.
            except Exception as exc:
                log.error(
                    "publication %s refused: %s: %s; keeping snapshot %s",
                    manifest.publication_id,
                    type(exc).__name__,
                    exc,
                    self.state.view.version if self.state.view else None,
                )
                return
            self.state.swap(view, manifest.publication_id)
            log.info("publication %s active in %.2fs", manifest.publication_id, time.perf_counter() - started)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        if self._tail is not None:
            with contextlib.suppress(Exception):
                await self._tail.stop()
        shutil.rmtree(self._dir, ignore_errors=True)
