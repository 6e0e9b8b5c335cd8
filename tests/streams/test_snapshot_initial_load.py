"""The worker's initial list load runs while its consumer joins: nothing screens before it is in, and it
never replaces a snapshot made active meanwhile (docs/decisions/0512-lists-load-while-the-group-joins.md)."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from matchers.models import EntityKind, Entry, LoadedList, SourceInfo
from streams.agents import Batcher
from streams.metrics import Metrics
from streams.processing import Inbound, Outbound
from streams.settings import builtin_list_path
from streams.snapshot import ActiveSnapshot, SnapshotHolder


def _tiny() -> Any:
    from matchers import Screener

    entry = Entry(id="t:1", list="test-list", kind=EntityKind.ORGANISATION, name="Example Listed Works")
    source = SourceInfo(list="test-list", path="mem", format="test", entries=1, aliases=0, content_hash="x")
    return Screener([LoadedList(source=source, entries=(entry,))])


async def _yield_a_few() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


def test_settled_waits_for_the_initial_load_and_its_callbacks_see_the_lists() -> None:
    holder = SnapshotHolder(Metrics(), freeze_gc=False)
    holder.begin_initial_load()
    seen: list[ActiveSnapshot] = []
    holder.after_initial_load(lambda: seen.append(holder.current))
    assert seen == []  # pending: the callback waits for the load

    async def scenario() -> None:
        waiter = asyncio.ensure_future(holder.settled())
        await _yield_a_few()
        assert not waiter.done()
        holder.load_initial([builtin_list_path()], threshold=0.8)
        await asyncio.wait_for(waiter, 10)

    asyncio.run(scenario())
    assert holder.current.loaded
    assert [s.loaded for s in seen] == [True]
    late: list[bool] = []
    holder.after_initial_load(lambda: late.append(holder.current.loaded))
    assert late == [True]  # once settled, a callback runs at once


def test_the_initial_load_never_replaces_a_snapshot_made_active_meanwhile() -> None:
    holder = SnapshotHolder(Metrics(), freeze_gc=False)
    holder.begin_initial_load()
    published = holder.swap(_tiny(), ["published"])
    result = holder.load_initial([builtin_list_path()], threshold=0.8)
    assert result is published and holder.current is published
    asyncio.run(asyncio.wait_for(holder.settled(), 5))


def test_a_conditional_swap_or_failure_leaves_a_newer_snapshot_in_place() -> None:
    holder = SnapshotHolder(Metrics(), freeze_gc=False)
    placeholder = holder.current
    published = holder.swap(_tiny(), ["published"])
    assert holder.swap(_tiny(), ["initial"], only_replacing=placeholder) is published
    assert holder.fail("cannot load lists", ["initial"], only_replacing=placeholder) is published
    assert holder.current is published
    replaced = holder.fail("stale", ["published"], only_replacing=published)
    assert holder.current is replaced and not replaced.loaded


def test_an_initial_load_that_fails_fails_closed_and_still_settles(tmp_path: Path) -> None:
    broken = tmp_path / "list.json"
    broken.write_text('{"entities": [ not json')
    holder = SnapshotHolder(Metrics(), freeze_gc=False)
    holder.begin_initial_load()
    holder.after_initial_load(lambda: (_ for _ in ()).throw(RuntimeError("a broken hook")))
    result = holder.load_initial([broken], threshold=0.8)
    assert not result.loaded and result.error and "cannot load lists" in result.error
    asyncio.run(asyncio.wait_for(holder.settled(), 5))


class _Recorder:
    """A router that records when it was asked to screen."""

    def __init__(self, holder: SnapshotHolder) -> None:
        self.holder = holder
        self.loaded_when_called: list[bool] = []

    async def process(self, msgs: list[Inbound], executor: Any) -> list[Outbound]:
        self.loaded_when_called.append(self.holder.current.loaded)
        raise asyncio.CancelledError  # stop the drain after its first batch


def test_the_agents_screen_nothing_before_the_initial_lists_are_in() -> None:
    holder = SnapshotHolder(Metrics(), freeze_gc=False)
    holder.begin_initial_load()
    router = _Recorder(holder)
    emitter = SimpleNamespace(batches_in_progress=0, last_batch_end=0.0)
    batcher = Batcher(router, None, emitter, max_batch=8, settled=holder.settled)  # type: ignore[arg-type]

    class Message:
        topic, partition, offset, key, value, timestamp = "t", 0, 0, None, b"{}", None

    class Event:
        message = Message()

    async def scenario() -> None:
        queue: asyncio.Queue[Any] = asyncio.Queue()
        queue.put_nowait(Event())
        drain = asyncio.ensure_future(batcher._drain(queue))
        await _yield_a_few()
        assert router.loaded_when_called == [] and not drain.done()
        holder.load_initial([builtin_list_path()], threshold=0.8)
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(drain, 10)

    asyncio.run(scenario())
    assert router.loaded_when_called == [True]
