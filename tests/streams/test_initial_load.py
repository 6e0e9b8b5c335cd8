"""`InitialLoad`: the worker's lists load once, when the consumer's first join begins (decision 0512),
and the cyclic collector paused for the start is on again once they are in (decision 0529)."""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from streams.initial_load import (
    JOIN_HEADSTART_SECONDS,
    InitialLoad,
    pause_collector,
    resume_collector_when_settled,
)
from streams.settings import builtin_list_path
from streams.snapshot import SnapshotHolder


class _Loads:
    def __init__(self) -> None:
        self.count = 0
        self.done = threading.Event()
        self.threads: list[str] = []

    def __call__(self) -> None:
        self.count += 1
        self.threads.append(threading.current_thread().name)
        self.done.set()


def test_start_runs_the_load_once_in_a_thread_of_its_own() -> None:
    loads = _Loads()
    initial = InitialLoad(loads)
    assert initial.start() and not initial.start()
    assert loads.done.wait(5)
    assert loads.count == 1 and loads.threads == ["holdline-initial-load"] and initial.started


def _app() -> Any:
    """A Faust app (not started): `start_at_first_join` connects to its `on_partitions_revoked` signal."""
    import faust

    return faust.App("holdline-test-initial-load", autodiscover=False)


def test_the_first_join_starts_the_load_and_neither_a_later_join_nor_the_fallback_runs_it_again() -> None:
    loads = _Loads()
    initial = InitialLoad(loads)
    app = _app()
    fallback = JOIN_HEADSTART_SECONDS * 10
    initial.start_at_first_join(app, fallback=fallback)

    async def joins() -> None:
        assert not initial.started
        await app.on_partitions_revoked.send(app, set())  # Faust sends it before every join
        assert not initial.started  # the JoinGroup request goes out first
        await asyncio.sleep(JOIN_HEADSTART_SECONDS * 3)
        assert initial.started
        await app.on_partitions_revoked.send(app, set())
        await asyncio.sleep(fallback * 2)  # past the fallback timer

    asyncio.run(joins())
    assert loads.done.wait(5) and loads.count == 1


def test_with_no_join_the_fallback_starts_the_load() -> None:
    loads = _Loads()
    InitialLoad(loads).start_at_first_join(_app(), fallback=0.01)
    assert loads.done.wait(5) and loads.count == 1


@pytest.fixture
def collector_restored() -> Iterator[None]:
    was_on = gc.isenabled()
    yield
    if was_on:
        gc.enable()
    else:
        gc.disable()


def _settles_with_the_collector(lists: list[Path]) -> tuple[bool, bool, bool]:
    """Pause the collector as `holdline worker` does, load `lists` as its initial load in a thread, and
    say whether the collector was on while the load ran, when `settled()` returned, and whether the lists
    loaded."""
    holder = SnapshotHolder()
    holder.begin_initial_load()
    during: list[bool] = []
    holder.after_initial_load(lambda: during.append(gc.isenabled()))  # runs before the resume below
    gc.enable()
    assert pause_collector() is True
    resume_collector_when_settled(holder)
    loaded: list[bool] = []
    threading.Thread(target=lambda: loaded.append(holder.load_initial(lists, 0.82).loaded)).start()

    async def settled() -> bool:
        await holder.settled()
        return gc.isenabled()

    on_when_settled = asyncio.run(settled())
    return during == [False], on_when_settled, loaded == [True]


def test_the_collector_is_on_again_before_the_initial_lists_settle(collector_restored: None) -> None:
    off_during, on_when_settled, loaded = _settles_with_the_collector([builtin_list_path()])
    assert loaded and off_during and on_when_settled


def test_the_collector_is_on_again_when_the_initial_load_fails(
    collector_restored: None, tmp_path: Path
) -> None:
    off_during, on_when_settled, loaded = _settles_with_the_collector([tmp_path])  # a folder with no list
    assert not loaded and off_during and on_when_settled


def test_a_worker_that_stops_before_serving_turns_the_collector_on_again(collector_restored: None) -> None:
    """`holdline worker` pauses the collector first thing; a usage error returns with it on again."""
    from streams.cli.main import build_parser
    from streams.cli.worker import run

    gc.enable()
    args = build_parser().parse_args(["worker", "--role", "compliance"])
    env = {"HOLDLINE_COMPLIANCE_WORKFLOW": "false"}
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        assert run(args) == 2
    assert gc.isenabled()
