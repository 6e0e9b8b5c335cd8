"""A `--role all` worker's compliance consumer yields to its screening: bounded, and only while busy."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from types import SimpleNamespace

import pytest

from streams.agents import Batcher, Emitter
from streams.compliance import runtime as runtime_module
from streams.metrics import Metrics
from streams.processing import Outbound


class _FailingRouter:
    """Takes `delay` seconds over a batch, then fails (the batch still ends: the counter must drop)."""

    def __init__(self, delay: float) -> None:
        self.delay = delay

    async def process(self, msgs: list, executor: object = None) -> list[Outbound]:
        await asyncio.sleep(self.delay)
        raise RuntimeError("screening failed")


class _Stream:
    """A Faust stream as `Batcher.agent` reads it: one event now, a second after `pause` seconds."""

    def __init__(self, pause: float) -> None:
        self.pause = pause

    def noack(self) -> _Stream:
        return self

    async def events(self) -> AsyncIterator[SimpleNamespace]:
        yield _event()
        await asyncio.sleep(self.pause)
        yield _event()


def _event() -> SimpleNamespace:
    message = SimpleNamespace(topic="t", partition=0, offset=0, key=b"k", value=b"{}", timestamp=1.0)
    return SimpleNamespace(message=message)


def test_emitter_is_busy_while_a_batch_is_screened_and_a_quiet_moment_after() -> None:
    async def scenario() -> list[bool]:
        emitter = Emitter({}, Metrics())
        batcher = Batcher(_FailingRouter(0.2), None, emitter, max_batch=10)  # type: ignore[arg-type]
        seen = [emitter.busy(quiet=0.5)]
        agent = asyncio.ensure_future(batcher.agent(_Stream(pause=1.2)))
        await asyncio.sleep(0.1)
        seen.append(emitter.busy(quiet=0.5))  # being screened
        await asyncio.sleep(0.15)
        seen.append(emitter.busy(quiet=0.5))  # ended (failed) within the quiet moment
        await asyncio.sleep(0.8)
        seen.append(emitter.busy(quiet=0.5))  # quiet
        with pytest.raises(RuntimeError, match="screening failed"):  # the agent surfaces the failed batch
            await agent
        return seen

    assert asyncio.run(scenario()) == [False, True, True, False]


def test_compliance_waits_while_screening_is_busy_but_never_longer_than_the_cap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(runtime_module, "SCREENING_FIRST_SECONDS", 0.3)
    monkeypatch.setattr(runtime_module, "SCREENING_FIRST_STEP", 0.01)

    def waited(busy: Callable[[], bool] | None) -> float:
        started = time.monotonic()
        asyncio.run(runtime_module.yield_to_screening(busy))
        return time.monotonic() - started

    assert waited(None) < 0.05  # a worker that screens nothing never waits
    assert waited(lambda: False) < 0.05  # idle screening: no wait
    assert 0.29 <= waited(lambda: True) < 1.0  # always busy: the cap, then the fetch goes ahead
    ends = time.monotonic() + 0.1
    assert 0.09 <= waited(lambda: time.monotonic() < ends) < 0.25  # busy for 0.1 s: waits that long
