"""Screening processes: the same records as the in-thread path, metrics reported back, fail closed."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from matchers import Screener
from streams.metrics import Metrics
from streams.pipe_frames import PIPE_BYTES
from streams.processing import Inbound, Outbound, Processor
from streams.records import ClearedRecord, HoldRecord
from streams.samples import SampleGenerator, builtin_entries
from streams.screening_pool import ScreeningPool, fork_available
from streams.screening_process import ScreeningProcess
from streams.settings import Settings, builtin_list_path
from streams.snapshot import SnapshotHolder

SETTINGS = Settings()
TOPICS = {"purchases": SETTINGS.topic_purchases, "shipments": SETTINGS.topic_shipments}


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_paths([builtin_list_path()])


@pytest.fixture
def thread() -> Iterator[ThreadPoolExecutor]:
    executor = ThreadPoolExecutor(max_workers=1)
    yield executor
    executor.shutdown(wait=True)


def make_processor(screener: Screener | None) -> Processor:
    metrics = Metrics()
    holder = SnapshotHolder(metrics, freeze_gc=False)
    if screener is not None:
        holder.swap(screener, [builtin_list_path()])
    return Processor(SETTINGS, holder, metrics)


@pytest.fixture
def pool(screener: Screener, thread: ThreadPoolExecutor) -> Iterator[ScreeningPool]:
    pool = ScreeningPool(make_processor(screener), 1, thread)
    yield pool
    pool.close()


def messages(n: int = 120, seed: int = 7) -> list[Inbound]:
    samples = SampleGenerator(builtin_entries(), seed=seed).samples(n)
    return [Inbound(TOPICS[s.stream], 0, i, s.key, s.value, timestamp=1.0) for i, s in enumerate(samples)]


def comparable(out: Outbound) -> tuple[str, bytes | None, dict[str, Any]]:
    doc = json.loads(out.value)
    doc.pop("screened_at", None)
    doc.pop("received_at", None)
    return out.topic, out.key, doc


def run(pool: ScreeningPool, msgs: list[Inbound]) -> list[Outbound]:
    return asyncio.run(pool.process(msgs))


def test_this_platform_can_fork_screening_processes() -> None:
    """The worker only falls back to a thread where fork() is missing; CI must exercise the processes."""
    assert fork_available()


def test_a_child_routes_every_message_as_the_worker_thread_would(pool: ScreeningPool) -> None:
    msgs = messages()
    outs = run(pool, msgs)
    expected = pool.processor.route_many(msgs)
    assert [comparable(o) for o in outs] == [comparable(o) for o in expected]
    assert [o.source for o in outs] == msgs
    assert [o.summary for o in outs] == [o.summary for o in expected]
    assert {o.summary.outcome for o in outs} == {"hold", "cleared", "deadletter"}  # the sample has all 3
    assert pool.forks == 1
    [child] = pool.child_pids()
    assert child != os.getpid()


def test_children_report_durations_and_cache_use_to_the_worker_metrics(pool: ScreeningPool) -> None:
    msgs = messages(80)
    outs = run(pool, msgs)
    m = pool.processor.metrics
    screened = sum(1 for o in outs if o.summary.outcome != "deadletter")
    text = m.render().decode()
    assert f"holdline_screening_duration_seconds_count {float(screened)}" in text
    hits = m.registry.get_sample_value("holdline_screening_cache_total", {"result": "hit"}) or 0
    misses = m.registry.get_sample_value("holdline_screening_cache_total", {"result": "miss"}) or 0
    parties = sum(len(o.summary.roles) for o in outs)
    assert misses > 0 and hits + misses <= parties


def test_a_dead_child_does_not_lose_the_batch_and_a_new_one_is_forked(pool: ScreeningPool) -> None:
    run(pool, messages(5))
    for pid in pool.child_pids():
        os.kill(pid, signal.SIGKILL)
    msgs = messages(40, seed=8)
    outs = run(pool, msgs)  # routed by the worker's thread instead
    assert [comparable(o) for o in outs] == [comparable(o) for o in pool.processor.route_many(msgs)]
    run(pool, messages(5, seed=9))
    assert pool.forks == 2


def test_a_batch_larger_than_the_pipes_crosses_whole(pool: ScreeningPool) -> None:
    msgs = messages(900, seed=5)  # ~2 KB of records per event: the result alone exceeds a 1 MiB pipe
    outs = run(pool, msgs)
    assert sum(len(o.value) for o in outs) > PIPE_BYTES
    assert [comparable(o) for o in outs] == [comparable(o) for o in pool.processor.route_many(msgs)]


def test_concurrent_batches_spread_over_several_processes(
    screener: Screener, thread: ThreadPoolExecutor
) -> None:
    pool = ScreeningPool(make_processor(screener), 2, thread)
    first, second = messages(60, seed=11), messages(60, seed=12)

    async def both() -> tuple[list[Outbound], list[Outbound]]:
        return await asyncio.gather(pool.process(first), pool.process(second))

    try:
        outs = asyncio.run(both())
        assert pool.forks == 2 and len(set(pool.child_pids())) == 2
    finally:
        pool.close()
    for msgs, got in zip((first, second), outs, strict=True):
        assert [comparable(o) for o in got] == [comparable(o) for o in pool.processor.route_many(msgs)]


class HangingProcessor(Processor):
    """Hangs on a batch holding the message at offset 999, but only in a screening process."""

    def route_many(self, msgs: list[Inbound]) -> list[Outbound]:
        if os.getpid() != PARENT_PID and any(m.offset == 999 for m in msgs):
            time.sleep(600)
        return super().route_many(msgs)


PARENT_PID = os.getpid()


def test_a_hung_child_is_killed_and_its_batch_routed_in_the_worker(
    screener: Screener, thread: ThreadPoolExecutor
) -> None:
    base = make_processor(screener)
    processor = HangingProcessor(base.settings, base.snapshots, base.metrics)
    pool = ScreeningPool(processor, 1, thread, batch_timeout=1.0)
    try:
        run(pool, messages(3))
        children = pool.child_pids()
        assert children
        msgs = [*messages(5), Inbound(TOPICS["purchases"], 0, 999, b"k", b"not json", timestamp=1.0)]
        outs = run(pool, msgs)
        assert [o.source for o in outs] == msgs
        assert outs[-1].summary.outcome == "deadletter"
        assert pool.child_pids() == [] and pool.forks == 1
        for pid in children:
            for _ in range(50):
                if _gone(pid):
                    break
                time.sleep(0.1)
            assert _gone(pid)
    finally:
        pool.close()


def test_when_no_process_can_be_started_the_worker_screens_itself(
    screener: Screener, thread: ThreadPoolExecutor
) -> None:
    def no_fork(processor: Processor, cache_size: int) -> ScreeningProcess:
        raise OSError(12, "Cannot allocate memory")

    pool = ScreeningPool(make_processor(screener), 1, thread, fork=no_fork)
    msgs = messages(30)
    outs = run(pool, msgs)
    assert [comparable(o) for o in outs] == [comparable(o) for o in pool.processor.route_many(msgs)]
    assert pool.forks == 0 and pool.child_pids() == []


def test_a_new_snapshot_forks_children_that_screen_against_it(pool: ScreeningPool) -> None:
    run(pool, messages(5))
    [old] = pool.child_pids()
    fresh = Screener.from_paths([builtin_list_path()])
    holder = pool.processor.snapshots
    assert isinstance(holder, SnapshotHolder)
    holder.swap(fresh, [builtin_list_path()])
    outs = run(pool, messages(5))
    assert pool.forks == 2
    assert pool.snapshot is holder.current
    assert old not in pool.child_pids()
    assert {json.loads(o.value).get("list_version") for o in outs} - {None} == {holder.current.version}
    deadline = time.monotonic() + 10
    while not _gone(old) and time.monotonic() < deadline:  # the replaced child exits on end-of-file
        time.sleep(0.05)
    assert _gone(old)


def test_allow_list_suppression_runs_in_the_worker(pool: ScreeningPool) -> None:
    seen: list[str] = []

    def clear_everything(record: HoldRecord | ClearedRecord, snapshot: Any) -> HoldRecord | ClearedRecord:
        seen.append(record.event_id)
        fields = record.model_dump(exclude={"decision", "reason", "hits", "error", "allowlist_suppressed"})
        return ClearedRecord.model_validate({**fields, "allowlist_suppressed": [{"by": "test"}]})

    held = [o for o in pool.processor.route_many(messages()) if o.summary.outcome == "hold"]
    pool.processor.suppressor = clear_everything
    outs = run(pool, messages())
    assert held and len(seen) >= len(held)
    assert all(o.summary.outcome != "hold" for o in outs)
    suppressed = [json.loads(o.value) for o in outs if o.topic == SETTINGS.topic_cleared]
    assert sum(1 for d in suppressed if d.get("allowlist_suppressed")) == len(held)


def test_holds_no_allowance_names_are_sent_as_screened_without_a_read_back(pool: ScreeningPool) -> None:
    """The worker reads a hold back from the screening process's bytes only when an allowance names one of
    its matched entries; every other hold is sent as the screening process wrote it."""
    holds = [o for o in pool.processor.route_many(messages()) if o.summary.outcome == "hold"]
    entries = {e for o in holds for e in o.summary.match_entries}
    assert len(entries) >= 2
    allowed = sorted(entries)[0]
    asked: list[tuple[str, ...]] = []
    read_back: list[str] = []

    def applies(entry_ids: Iterable[str]) -> bool:
        ids = tuple(entry_ids)
        asked.append(ids)
        return allowed in ids

    def keep(record: HoldRecord | ClearedRecord, snapshot: Any) -> HoldRecord | ClearedRecord:
        read_back.append(record.event_id)
        return record

    pool.processor.suppressor = keep
    pool.processor.suppressor_applies = applies
    outs = run(pool, messages())
    held = [o for o in outs if o.summary.outcome == "hold"]
    assert len(asked) == len(held) == len(holds)
    naming = [o for o in held if allowed in o.summary.match_entries]
    assert naming and len(naming) < len(held)
    assert sorted(read_back) == sorted(json.loads(o.value)["event_id"] for o in naming)
    assert all(
        set(o.summary.match_entries)
        == {str(m["entry_id"]) for h in json.loads(o.value)["hits"] for m in h["matches"]}
        for o in held
    )


def test_a_failing_allow_list_keeps_the_hold(pool: ScreeningPool) -> None:
    def broken(record: HoldRecord | ClearedRecord, snapshot: Any) -> HoldRecord | ClearedRecord:
        raise RuntimeError("allow-list store unreadable")

    pool.processor.suppressor = broken
    outs = run(pool, messages())
    assert any(o.topic == SETTINGS.topic_hold for o in outs)


def test_without_lists_everything_is_held_and_nothing_is_forked(thread: ThreadPoolExecutor) -> None:
    pool = ScreeningPool(make_processor(None), 1, thread)
    try:
        outs = run(pool, messages(30))
    finally:
        pool.close()
    assert pool.forks == 0
    decided = [json.loads(o.value) for o in outs if o.summary.outcome != "deadletter"]
    assert decided
    assert all(d["decision"] == "hold" and d["reason"] == "screening_unavailable" for d in decided)


CHILD_SCRIPT = """
import asyncio, sys, time
from concurrent.futures import ThreadPoolExecutor
from streams.screening_pool import ScreeningPool
sys.path.insert(0, {tests!r})
from test_screening_pool import make_processor, messages
from matchers import Screener
from streams.settings import builtin_list_path
pool = ScreeningPool(make_processor(Screener.from_paths([builtin_list_path()])), 1, ThreadPoolExecutor(1))
asyncio.run(pool.process(messages(3)))
print(*pool.child_pids(), flush=True)
time.sleep(60)
"""


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as status:
            return any(line.startswith("State:") and "Z" in line for line in status)
    except FileNotFoundError:
        return True


def test_children_exit_when_the_worker_is_killed() -> None:
    """kill -9 of the worker (not its process group) must not leave screening processes behind."""
    script = CHILD_SCRIPT.format(tests=str(Path(__file__).parent))
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2]
    )
    try:
        assert proc.stdout is not None
        children = [int(pid) for pid in proc.stdout.readline().split()]
        assert children and not any(_gone(pid) for pid in children)
        proc.kill()
        proc.wait(timeout=10)
        deadline = time.monotonic() + 10
        while not all(_gone(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert all(_gone(pid) for pid in children)
    finally:
        proc.kill()
