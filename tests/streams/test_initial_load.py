"""`InitialLoad`: the worker's lists load once, when the consumer's first join begins (decision 0512),
and the cyclic collector paused for the start is on again once they are in (decision 0529)."""

from __future__ import annotations

import asyncio
import gc
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from streams.initial_load import JOIN_HEADSTART_SECONDS, InitialLoad, pause_collector


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


class _CollectorDuringLoad:
    """A load that records whether the cyclic collector was on while it ran, then maybe fails."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.collector_on: bool | None = None
        self.returned = threading.Event()

    def __call__(self) -> None:
        self.collector_on = gc.isenabled()
        self.returned.set()
        if self.fail:
            raise RuntimeError("the lists could not be read")


@pytest.fixture
def collector_restored() -> Iterator[None]:
    was_on = gc.isenabled()
    yield
    if was_on:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # the failing load's
@pytest.mark.parametrize("fail", [False, True], ids=["loaded", "load-failed"])
def test_the_collector_paused_at_start_is_on_again_once_the_load_returns(
    fail: bool, collector_restored: None
) -> None:
    gc.enable()
    assert pause_collector() is True and not gc.isenabled()
    load = _CollectorDuringLoad(fail=fail)
    initial = InitialLoad(load, resume_collector=True)
    initial.start()
    assert load.returned.wait(5)
    deadline = time.monotonic() + 5
    while not gc.isenabled() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert load.collector_on is False  # the load itself ran with the collector off
    assert gc.isenabled()


def test_without_resume_the_load_leaves_the_collector_as_it_was(collector_restored: None) -> None:
    gc.disable()
    load = _CollectorDuringLoad()
    InitialLoad(load).start()
    assert load.returned.wait(5)
    time.sleep(0.05)
    assert not gc.isenabled()


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
