"""The compliance workflow inside a worker: state folded from Kafka, decisions, snapshots, re-screening.

One `ComplianceRuntime` per worker. It tails the compacted state topics and the control topic (every
worker sees every hold, allowance and open event), applies the decisions its agent receives, swaps list
snapshots published on the control topic and re-screens the open events of the partitions it owns.
Nothing here can stop screening: if the compliance topics are missing, the worker logs it and screens on.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from streams.business_key import business_key
from streams.compliance.allowlist import AllowList
from streams.compliance.decisions import Action, DecisionError, parse_decision_record
from streams.compliance.holds_state import HoldsBook, encode_state
from streams.compliance.metrics import ComplianceMetrics
from streams.compliance.processor import Output, Target, fold_hold, process_decision
from streams.compliance.publication import Assembled, Assembler, PublicationError, shrink_problems
from streams.compliance.readback import ClearedEcho, read_output, released
from streams.compliance.rescreen import (
    CounterpartyMemory,
    Delta,
    OpenEvent,
    RescreenResult,
    delta_screener,
    remember,
    rescreen,
    snapshot_delta,
)
from streams.compliance.signing import KeyConfigError, Keyring, Refusal, SignatureError, configured_keyring
from streams.compliance.state_topic import StateWriter, TopicTail, aiokafka_config
from streams.compliance.topic_routing import compliance_group, consumed_topics, tailed_topics, written_topics
from streams.compliance.trust import ControlGate
from streams.events import parse_event
from streams.records import ReceivedCleared, ReceivedHold
from streams.settings import ComplianceSettings, Settings
from streams.snapshot import SnapshotHolder, load_screener

if TYPE_CHECKING:  # the engine and its list store are imported when first used (decision 0516)
    from matchers import Screener
    from matchers.lists.store import SnapshotStore

log = logging.getLogger(__name__)

WRITE_RETRY_BACKOFF = (0.5, 1.0, 2.0, 5.0, 10.0)
# A `--role all` worker's compliance consumer waits at most this long for its screening to pause before
# each fetch, polling every `SCREENING_FIRST_STEP` (decision 0510).
SCREENING_FIRST_SECONDS = 1.0
SCREENING_FIRST_STEP = 0.05


@dataclass
class LastSwap:
    """The latest swap, so records screened on the replaced snapshot but seen after it are re-screened."""

    old_version: str | None
    new: Screener
    delta: Delta
    delta_screener: Screener | None
    old: Screener | None


async def yield_to_screening(busy: Callable[[], bool] | None) -> None:
    """In a worker that also screens: while its agents are busy, wait (at most `SCREENING_FIRST_SECONDS`)
    before the next fetch, so on a saturated worker screening gets the CPU first. Only the timing of
    the compliance work changes: its consumer lags during a backlog (`holdline_consumer_lag` of its
    group) and catches up when screening is idle; nothing is skipped or committed early."""
    if busy is None:
        return
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SCREENING_FIRST_SECONDS
    while busy() and loop.time() < deadline:
        await asyncio.sleep(SCREENING_FIRST_STEP)


def snapshot_time(paths: list[Path] | tuple[str, ...]) -> datetime:
    """When the list data was made: a store manifest's time, else the newest file's modification time."""
    newest = 0.0
    for raw in paths:
        from matchers.lists.store import MANIFEST, Manifest

        path = Path(raw)
        for candidate in (path, *path.parents):
            manifest = candidate / MANIFEST
            if manifest.is_file():
                try:
                    return Manifest.model_validate_json(manifest.read_text()).created_at
                except ValueError:
                    break
        files = (
            [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else []
        )
        for f in files:
            newest = max(newest, f.stat().st_mtime)
    return datetime.fromtimestamp(newest or time.time(), UTC)


class ComplianceRuntime:
    @functools.cached_property
    def store(self) -> SnapshotStore:
        """Where received publications are kept; made on the first publication, not at start-up (the list
        store imports every list parser)."""
        from matchers.compiled import cached_verifier
        from matchers.lists.store import SnapshotStore

        return SnapshotStore(self.compliance.list_store / self.settings.group_id, verifier=cached_verifier)

    def __init__(
        self,
        settings: Settings,
        compliance: ComplianceSettings,
        snapshots: SnapshotHolder,
        registry: Any,
    ) -> None:
        self.settings = settings
        self.compliance = compliance
        self.snapshots = snapshots
        self.metrics = ComplianceMetrics(registry)
        self._consumer: Any = None
        self._swept: set[tuple[str, int]] = set()
        self._consume_task: asyncio.Task[None] | None = None
        self.book = HoldsBook()
        # Counted when scraped, not per record: the book grows with every hold ever seen.
        self.metrics.holds_open.set_function(self.book.open_count)
        self.allowlist = AllowList()
        self.memory = CounterpartyMemory(compliance.rescreen_window)
        self.ready = asyncio.Event()  # caught up: decisions and holds can be applied
        self.started = asyncio.Event()  # start-up finished, successfully or not
        self.enabled = True
        # The lists' own date (streams.readiness); a file's modification time only when none is known.
        self.snapshot_created = snapshots.current.data_time or snapshot_time(snapshots.current.paths)
        self.active_publication: str | None = None
        self.last_swap: LastSwap | None = None
        self._assembler = Assembler()
        self._latest: Assembled | None = None
        self._swap_lock = asyncio.Lock()
        try:
            keyring, four_eyes = configured_keyring(compliance), compliance.four_eyes_actions()
        except (KeyConfigError, ValueError, OSError) as exc:  # refuse every control record, screen on
            log.error("control-record keys unusable (%s): decisions and publications will be refused", exc)
            keyring, four_eyes = Keyring(), frozenset({"release", "allowlist"})
        if not len(keyring):
            log.warning("no trusted keys (HOLDLINE_TRUSTED_KEYS): decisions and publications will be refused")
        self.four_eyes = four_eyes
        self.gate = ControlGate(keyring, four_eyes)
        self._manifest_lists: dict[str, int] | None = None  # entry counts of the last accepted publication
        self._manifest_published_at: str | None = None
        self._stale_screener: Screener | None = None
        config = aiokafka_config(settings)
        c = compliance
        self._topics = written_topics(settings, c)
        self.tail = TopicTail(
            config,
            tailed_topics(c),
            self._apply,
            name=f"{settings.group_id}-compliance",
        )
        self.writer = StateWriter(
            config,
            name=f"{settings.group_id}-compliance-writer",
            one_record_per_batch=settings.producer_one_record_per_batch,
        )
        # In a worker that also screens (`--role all`): whether its agents are screening right now.
        self.screening_busy: Callable[[], bool] | None = None
        # Open-event writes of the records being consumed, awaited before their offsets are committed.
        self._pending_writes: list[tuple[asyncio.Future[Any], tuple[str, str, bytes | None]]] = []
        self._config = config
        self._hashes_of: Screener | None = None  # the snapshot `_hashes` belong to
        self._hashes: dict[str, str] = {}

    def assigned(self) -> set[tuple[str, int]]:
        """Partitions of the hold, cleared and decisions topics this worker's compliance consumer owns."""
        if self._consumer is None:
            return set()
        return {(tp.topic, tp.partition) for tp in self._consumer.assignment()}

    def on_initial_lists(self) -> None:
        """The worker's lists are in: date them and check their age before anything is screened."""
        current = self.snapshots.current
        self.snapshot_created = current.data_time or snapshot_time(current.paths)
        self.check_stale()

    async def run(self) -> None:
        """Started as a Faust task: once the worker's initial lists are in (a publication must never be
        replaced by them, nor checked against no lists), catch up on the state topics, then apply the
        latest publication."""
        await self.snapshots.settled()
        try:
            await self.writer.start()
            await self.tail.start()
            await self.tail.wait_ready(timeout=300)
        # Task boundary: whatever stops the start-up (missing topics, broker, timeout), screening goes on.
        except Exception as exc:
            self.enabled = False
            self.started.set()
            log.error(
                "compliance workflow disabled: %s: %s (run `holdline topics create`)", type(exc).__name__, exc
            )
            return
        log.info(
            "compliance state caught up: %d holds (%d open), %d allowances, %d open events",
            len(self.book),
            self.book.open_count(),
            len(self.allowlist),
            len(self.memory),
        )
        self.metrics.open_events.set(len(self.memory))
        self.ready.set()
        self.started.set()
        if self._latest is not None:
            await self._activate(*self._latest)
        await self._start_consumer()

    async def _start_consumer(self) -> None:
        """A consumer group of its own (`<group>.compliance`) on the hold, cleared and decisions topics.

        Not Faust agents in the screening group: the screening group's assignment (and its metrics,
        rebalances and scaling) stays about the input topics. Each partition has one owner here, which
        applies the decisions of its events and re-screens its open events.
        """
        from aiokafka import AIOKafkaConsumer

        s = self.settings
        session_ms = int(s.session_timeout * 1000)
        self._consumer = AIOKafkaConsumer(
            *consumed_topics(s, self.compliance),
            group_id=compliance_group(s),
            client_id=f"{s.group_id}-compliance-consumer",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            session_timeout_ms=session_ms,
            heartbeat_interval_ms=max(100, min(3000, session_ms // 5)),
            rebalance_timeout_ms=session_ms,
            **self._config,
        )
        await self._consumer.start()
        self._consume_task = asyncio.create_task(self._consume(), name="holdline-compliance-consume")

    async def _consume(self) -> None:
        consumer = self._consumer
        while True:
            await self._yield_to_screening()
            try:
                batches = await consumer.getmany(timeout_ms=500, max_records=500)
            except asyncio.CancelledError:
                raise
            except Exception:  # task boundary: the consumer loop runs for the process's life; retried
                log.exception("compliance consumer: fetch failed; retrying")
                await asyncio.sleep(1.0)
                continue
            for tp, records in batches.items():
                for rec in records:
                    try:
                        if tp.topic == self.compliance.topic_decisions:
                            await self.on_decision(rec.value, (tp.topic, tp.partition, rec.offset))
                        else:
                            cleared = tp.topic == self.settings.topic_cleared
                            record = read_output(rec.value or b"", cleared)
                            await self.on_output(tp.topic, tp.partition, record)
                    except Exception:  # input boundary: one bad record must not stop the workflow
                        log.exception("compliance: failed on %s[%d]@%d", tp.topic, tp.partition, rec.offset)
            await self._sweep_new_partitions()
            if batches:
                await self._writes_delivered()
                try:
                    await consumer.commit()  # after the records' effects were sent: at least once
                except Exception:  # task boundary: a failed commit only means redelivery (at least once)
                    log.exception("compliance consumer: commit failed (records will be seen again)")

    async def _yield_to_screening(self) -> None:
        await yield_to_screening(self.screening_busy)

    async def _enqueue(self, topic: str, key: str, value: bytes | None) -> None:
        """Hand a state record of the records being consumed to the writer; `_writes_delivered` awaits it
        (and sends it again if it failed) before their offsets are committed (decision 0506)."""
        write = (topic, key, value)
        self._pending_writes.append((await self.writer.enqueue(*write), write))

    async def _writes_delivered(self) -> None:
        """Wait for the open-event writes of the records just consumed; a failed one is sent again
        (backing off) until the broker has it, so a committed offset never stands for a lost write."""
        pending, self._pending_writes = self._pending_writes, []
        results = await asyncio.gather(*(future for future, _ in pending), return_exceptions=True)
        for (_, record), result in zip(pending, results, strict=True):
            attempt = 0
            while isinstance(result, BaseException):
                delay = WRITE_RETRY_BACKOFF[min(attempt, len(WRITE_RETRY_BACKOFF) - 1)]
                log.error("compliance: open-event write failed (%r); retrying in %.1fs", result, delay)
                await asyncio.sleep(delay)
                attempt += 1
                try:
                    await self.writer.send(*record)
                    result = None
                except Exception as exc:  # broker boundary: retried until delivered, never committed past
                    result = exc

    async def _sweep_new_partitions(self) -> None:
        """Partitions this worker newly owns (start-up, rebalance) are re-screened against the last swap.

        Covers a publication applied while the partition's previous owner was gone; re-screening an event
        twice is harmless (the hold state ignores a hold that brings nothing new).
        """
        owned = self.assigned()
        fresh = owned - self._swept
        self._swept = owned
        swap = self.last_swap
        if not fresh or swap is None or not swap.delta.screen_ids:
            return
        events = self.memory.open_events(owned=lambda e: (e.source_topic, e.source_partition) in fresh)
        if not events:
            return
        result = await self._rescreen_and_hold(events, swap)
        log.info(
            "re-screened %d open events of %d newly assigned partitions: %d held (list_update)",
            result.events,
            len(fresh),
            len(result.holds),
        )

    async def stop(self) -> None:
        if self._consume_task is not None:
            self._consume_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._consume_task
        if self._consumer is not None:
            with contextlib.suppress(Exception):
                await self._consumer.stop()
        await self.tail.stop()
        await self.writer.stop()

    def _apply(self, topic: str, key: str, value: bytes | None) -> None:
        c = self.compliance
        if topic == c.topic_holds_state:
            self.book.apply_state_record(key, value)
        elif topic == c.topic_allowlist:
            try:
                self.gate.fold_allowance(self.allowlist, key, value)
            except SignatureError as exc:
                self._refused_live(exc.reason, topic, key, str(exc), value)
                revocation = self.gate.revoked_raw.get(key)
                if exc.reason is Refusal.REPLAYED and revocation is not None and self.ready.is_set():
                    # Written again so that compaction keeps the revocation, not the replayed record.
                    raw = revocation.encode() if isinstance(revocation, str) else revocation
                    asyncio.get_running_loop().create_task(self.writer.send(topic, key, raw))
            except ValueError as exc:
                log.error("ignoring a malformed allowance %s: %s", key, exc)
        elif topic == c.topic_open_events:
            self.memory.apply_record(key, value)
        elif topic == c.topic_control and value is not None:
            try:
                record = json.loads(value)
                if isinstance(record, dict) and record.get("kind") == "snapshot_published":
                    self._check_manifest(record)
                done = self._assembler.add(record)
            except SignatureError as exc:
                self._refused_live(exc.reason, topic, key, str(exc), value)
                return
            except (PublicationError, ValueError) as exc:
                log.error("ignoring a broken snapshot publication: %s", exc)
                return
            if done is not None:
                self._latest = done
                if self.ready.is_set():
                    asyncio.get_running_loop().create_task(self._activate(*done))

    def _check_manifest(self, record: dict[str, Any]) -> None:
        """Signed by a publisher, newer than the last one, and no list dropped or shrunk unless allowed."""
        self.gate.publication(record, self._manifest_published_at)
        raw_lists = record.get("lists")
        lists: dict[str, int] = dict(raw_lists) if isinstance(raw_lists, dict) else {}
        old = self._manifest_lists
        if old is None and self.snapshots.current.screener is not None:
            old = dict(Counter(e.list for e in self.snapshots.current.screener.entries.values()))
        problems = shrink_problems(old or {}, lists, self.compliance.publication_max_shrink)
        if problems and not record.get("allow_shrink"):
            raise SignatureError(Refusal.SHRINK, "; ".join(problems) + " (--allow-shrink if meant)")
        self._manifest_lists = {str(k): int(v) for k, v in lists.items()}
        self._manifest_published_at = str(record.get("published_at") or "")

    def refused(
        self, reason: Refusal | str, topic: str, key: str, error: str, value: bytes | str | None = None
    ) -> dict[str, Any]:
        """Count and log a refused control record; the record to keep on the refusals topic."""
        reason = Refusal(reason).value if reason in set(Refusal) else str(reason)
        self.metrics.refused.labels(reason=reason).inc()
        log.warning("refused a record on %s (key %s): %s: %s", topic, key[:80], reason, error)
        record: dict[str, Any] = {}
        with contextlib.suppress(ValueError, TypeError):
            loaded = json.loads(value or b"")
            record = loaded if isinstance(loaded, dict) else {}
        sig = record.get("signature") if isinstance(record.get("signature"), dict) else {}
        claimed = record.get("reviewer") or record.get("publisher") or record.get("revoked_by")
        kind = "decision_rejected" if topic == self.compliance.topic_decisions else "control_refused"
        return {
            "kind": kind,
            "topic": topic,
            "key": key,
            "event_id": record.get("event_id"),
            "code": reason,
            "error": error[:500],
            "reviewer": f"unverified: {claimed}" if claimed else None,
            "decision_id": record.get("decision_id")
            or record.get("allowance_id")
            or record.get("publication_id"),
            "signed_by": (sig or {}).get("key_id"),
            "at": str(
                record.get("decided_at")
                or record.get("created_at")
                or record.get("published_at")
                or datetime.now(UTC).isoformat()
            ),
        }

    def _refused_live(self, reason: Refusal, topic: str, key: str, error: str, value: bytes | None) -> None:
        """A refusal found while tailing: counted always, written once caught up (not at every restart)."""
        out = self.refused(reason, topic, key, error, value)
        if self.ready.is_set():
            with contextlib.suppress(RuntimeError):
                asyncio.get_running_loop().create_task(
                    self.writer.send(self._topics[Target.DECISIONS], key, json.dumps(out).encode())
                )

    async def publish(self, out: Output) -> None:
        value = None if out.value is None else json.dumps(out.value, default=str).encode()
        await self.writer.send(self._topics[out.target], out.key, value)

    async def send_hold(self, record: dict[str, Any]) -> None:
        key = business_key(
            record.get("event_type"), record.get("po_number"), record.get("shipment_id"), record["event_id"]
        )
        await self.writer.send(self._topics["hold"], key, json.dumps(record).encode())

    def entry_hash(self, version: str | None) -> Callable[[str], str | None]:
        """Content hashes of the active snapshot's entries, for holds screened on it (else None).

        Kept per snapshot: a listed party is held again and again, and hashing an entry costs about as
        much as folding the hold itself."""
        screener = self.snapshots.current.screener
        if screener is None or screener.version != version:
            return lambda _entry_id: None
        if self._hashes_of is not screener:
            self._hashes_of, self._hashes = screener, {}
        hashes = self._hashes

        def lookup(entry_id: str) -> str | None:
            known = hashes.get(entry_id)
            if known is None:
                entry = screener.entries.get(entry_id)
                if entry is None:
                    return None
                known = hashes[entry_id] = entry.content_hash()
            return known

        return lookup

    async def on_output(
        self, topic: str, partition: int, record: ReceivedHold | ReceivedCleared | ClearedEcho
    ) -> None:
        """A hold or cleared record: update the hold state and remember the event's counterparties."""
        await self.started.wait()
        if not self.enabled:
            return
        if isinstance(record, ReceivedHold):
            folded = fold_hold(self.book, record, self.entry_hash(record.list_version))
            if folded is not None:
                # Encoded by pydantic-core straight from the state (decision 0525): the same JSON value as
                # dumping it to a dict and through `json.dumps`, at a fraction of the cost.
                state = encode_state(folded)
                self.book.wrote(folded.event_id, state, folded)  # read back by the tail: not validated again
                # Pipelined like the open-event writes: awaited before the offsets are committed.
                await self._enqueue(self._topics[Target.STATE], folded.event_id, state)
        if released(record):  # a reviewer's release: the event is done
            return
        try:
            parsed = parse_event(record.event)
        except ValueError:
            return
        key, value = remember(parsed, topic, partition, dump=record.event)
        previous = self.memory.get(key)
        self.memory.put(key, value)
        if value is None or previous is None or previous.event_id != value.event_id:
            raw = None if value is None else value.model_dump_json().encode()
            self.memory.wrote(key, raw, value)
            await self._enqueue(self._topics["open_events"], key, raw)
        self.metrics.open_events.set(len(self.memory))
        swap = self.last_swap
        if (
            value is not None
            and swap is not None
            and swap.old_version is not None
            and record.list_version == swap.old_version
            and swap.delta.screen_ids
        ):
            # Screened on the snapshot just replaced, seen after the swap: re-screen it now (one event:
            # on the loop, not worth a hop to a thread).
            await self._rescreen_and_hold([value], swap, in_thread=False)

    async def on_decision(self, raw: bytes | None, where: object = None) -> None:
        """One record of the decisions topic; `where` (topic, partition, offset) tells a redelivery (the
        same record read again after a rebalance) from a replay (the same record written again)."""
        await self.started.wait()
        if not self.enabled:
            return
        topic = self.compliance.topic_decisions
        try:
            record = json.loads(raw or b"")
        except ValueError:
            log.error("ignoring an undecodable record on %s", topic)
            return
        if not isinstance(record, dict) or record.get("kind") != "decision":
            return  # anything else is not a decision
        key = str(record.get("event_id") or "")
        try:
            if self.gate.decision(record, where) is None:
                return  # redelivered (at least once), already handled
        except SignatureError as exc:
            if key:
                refusal = self.refused(exc.reason, topic, key, str(exc), raw)
                await self.writer.send(self._topics[Target.DECISIONS], key, json.dumps(refusal).encode())
            else:
                self.refused(exc.reason, topic, key, str(exc), raw)
            return
        try:
            decision = parse_decision_record(record)
        except DecisionError as exc:
            log.error("refused a malformed decision for %s: %s", record.get("event_id"), exc)
            self.metrics.decisions_rejected.labels(code="malformed").inc()
            if key:
                refusal = self.refused("malformed", topic, key, str(exc), raw)
                await self.writer.send(self._topics[Target.DECISIONS], key, json.dumps(refusal).encode())
            return
        outputs = process_decision(self.book, decision, record, self.four_eyes)
        for out in outputs:
            await self.publish(out)
        if outputs and outputs[0].target is Target.DECISIONS:
            code = str((outputs[0].value or {}).get("code"))
            self.metrics.decisions_rejected.labels(code=code).inc()
            if code in ("chain_break", "self_approval"):
                self.metrics.refused.labels(reason=code).inc()
            log.warning(
                "refused decision %s on %s: %s",
                decision.decision_id,
                decision.event_id,
                (outputs[0].value or {}).get("error"),
            )
        elif outputs and outputs[0].target is Target.STATE:
            log.info(
                "%s of %s by %s recorded (four-eyes)",
                decision.action.value,
                decision.event_id,
                decision.reviewer,
            )
        elif outputs:
            applied = decision if decision.action is not Action.APPROVE else None
            action = applied.action.value if applied else "release"
            self.metrics.decisions.labels(action=action).inc()
            log.info("%s of %s by %s applied", decision.action.value, decision.event_id, decision.reviewer)

    async def _activate(self, manifest: Any, files: dict[str, dict[str, bytes]]) -> None:
        async with self._swap_lock:
            if manifest.publication_id == self.active_publication:
                return
            loop = asyncio.get_running_loop()
            try:
                snap = await loop.run_in_executor(None, lambda: self.store.import_files(files, "publish"))
                new = await loop.run_in_executor(
                    None, lambda: load_screener(snap.list_paths(), self.settings.threshold)
                )
                loaded = dict(Counter(e.list for e in new.entries.values()))
                if manifest.lists and loaded != manifest.lists:
                    raise PublicationError(f"the files load as {loaded}, not the {manifest.lists} signed for")
            # Input boundary: a bad publication (any failure to load it) never replaces a good snapshot.
            except Exception as exc:
                log.error(
                    "publication %s refused: %s: %s; keeping snapshot %s",
                    manifest.publication_id,
                    type(exc).__name__,
                    exc,
                    self.snapshots.current.version,
                )
                return
            old = self.snapshots.current.screener or self._stale_screener
            self.snapshots.swap(new, [str(p) for p in snap.list_paths()])
            self._stale_screener = None
            self.active_publication = manifest.publication_id
            self.snapshot_created = self.snapshots.current.data_time or manifest.published_at
            log.info(
                "publication %s by %s active: snapshot %s, %d entries",
                manifest.publication_id,
                manifest.publisher,
                new.version,
                len(new.entries),
            )
            self.check_stale()
            await self._rescreen(old, new)

    async def _rescreen(self, old: Screener | None, new: Screener) -> None:
        delta = snapshot_delta(old, new)
        subset = delta_screener(new, delta.screen_ids) if delta.screen_ids else None
        swap = LastSwap(old.version if old else None, new, delta, subset, old)
        self.last_swap = swap
        if not delta.screen_ids:
            return
        owned = self.assigned()
        self._swept = owned
        events: list[OpenEvent] = self.memory.open_events(
            owned=lambda e: (e.source_topic, e.source_partition) in owned
        )
        started = time.perf_counter()
        result = await self._rescreen_and_hold(events, swap)
        self.metrics.rescreen_duration.observe(time.perf_counter() - started)
        log.info(
            "re-screened %d open events (%d distinct parties) against %d added and %d changed entries "
            "in %.2fs: %d held (list_update)",
            result.events,
            result.distinct_parties,
            len(delta.added),
            len(delta.changed),
            result.seconds,
            len(result.holds),
        )

    async def _rescreen_and_hold(
        self, events: list[OpenEvent], swap: LastSwap, in_thread: bool = True
    ) -> RescreenResult:
        """Re-screen `events` against what `swap` changed, then send each list-update hold it found.

        The one path for all three occasions: a new snapshot, partitions newly owned after one, and an
        event screened on the replaced snapshot but seen after the swap.
        """

        def run() -> RescreenResult:
            return rescreen(events, swap.old, swap.new, delta=swap.delta, subset=swap.delta_screener)

        result = await asyncio.get_running_loop().run_in_executor(None, run) if in_thread else run()
        for hold in result.holds:
            self.metrics.rescreen_holds.inc()
            await self.send_hold(hold)
        return result

    def check_stale(self) -> None:
        """Age metrics; with `list_stale_hold`, a stale snapshot makes the worker hold everything."""
        age = (datetime.now(UTC) - self.snapshot_created).total_seconds()
        self.metrics.snapshot_age.set(max(0.0, age))
        max_age = self.compliance.list_max_age
        stale = max_age is not None and age > max_age.total_seconds()
        self.metrics.stale.set(1 if stale else 0)
        current = self.snapshots.current
        if stale and max_age is not None and self.compliance.list_stale_hold and current.screener is not None:
            self._stale_screener = current.screener
            self.snapshots.fail(
                f"list snapshot {current.version} is stale: {age / 3600:.1f} h old, maximum "
                f"{max_age.total_seconds() / 3600:.1f} h (HOLDLINE_LIST_MAX_AGE_HOURS)",
                current.paths,
            )
        elif not stale and self._stale_screener is not None and current.screener is None:
            self.snapshots.swap(self._stale_screener, current.paths)
            self._stale_screener = None

    async def expire_open_events(self) -> None:
        owned = self.assigned()
        for key in self.memory.expired():
            event = self.memory.get(key)
            if event is not None and (event.source_topic, event.source_partition) in owned:
                self.memory.put(key, None)
                await self.writer.send(self._topics["open_events"], key, None)
