"""`InitialLoad`: the worker's lists load once, when the consumer's first join begins (decision 0512)."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from streams.initial_load import JOIN_HEADSTART_SECONDS, InitialLoad


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
