"""Shared fixtures: one real Kafka-protocol broker (Tansu) per session, unique names per test; test markers.

Following the faust-streaming testing guide, each outbound dependency has its own fixture: `broker` (the
Kafka-protocol broker), `pipeline` (this test's topics, group and settings on it) and `workers` (worker
processes, stopped and reported on at teardown). Integration tests talk to a REAL broker on a free
loopback port, never a fixed one, and fail (never skip) when it cannot start.

Every test gets its kind markers from what it needs, so no test has to remember to mark itself: `broker`
(it uses the broker fixture, directly or through `pipeline`, `workers` or a fixture built on them),
`browser` (it drives Chromium), `deploy` (under tests/deploy/), and `unit` when none of these applies.
`pytest -m unit` runs the fast ones; `pytest -m "not broker and not browser"` everything without a broker.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.broker import TansuBroker
from tests.support.harness import Pipeline, WorkerPool, unique_name


@pytest.fixture(scope="session", autouse=True)
def compiled_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Compiled snapshots of this session go to a folder of its own (inherited by worker processes), not
    to the user's cache; a test that needs no cache or another folder sets HOLDLINE_CACHE_DIR itself."""
    import os

    from matchers.compiled import ENV_CACHE_DIR

    folder = tmp_path_factory.mktemp("compiled-cache")
    previous = os.environ.get(ENV_CACHE_DIR)
    os.environ[ENV_CACHE_DIR] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop(ENV_CACHE_DIR, None)
    else:
        os.environ[ENV_CACHE_DIR] = previous


@pytest.fixture(scope="session")
def broker() -> Iterator[TansuBroker]:
    with TansuBroker() as running:
        yield running


@pytest.fixture
def unique(request: pytest.FixtureRequest) -> str:
    """A name prefix no other test uses (topics, consumer groups) on the shared broker."""
    return unique_name(request.node.name)


@pytest.fixture
def pipeline(broker: TansuBroker, unique: str, tmp_path: Path) -> Pipeline:
    """This test's own input/output topics (created) and consumer group on the shared broker."""
    return Pipeline.create(broker.url, unique, tmp_path)


@pytest.fixture
def workers(request: pytest.FixtureRequest) -> Iterator[WorkerPool]:
    """Starts `holdline worker` processes; kills leftovers at teardown and prints their logs on failure."""
    pool = WorkerPool()
    yield pool
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    pool.close(show_logs=failed)


TESTS = Path(__file__).resolve().parent
BROKER_FIXTURES = {"broker", "pipeline", "workers"}
BROWSER_FIXTURES = {"chromium"}


def kinds_of(item: pytest.Item) -> set[str]:
    """The kind markers of a test, from what it needs; `unit` only when it needs none of the others."""
    fixtures = set(getattr(item, "fixturenames", ()))
    kinds = set()
    if fixtures & BROWSER_FIXTURES:
        kinds.add("browser")
    if fixtures & BROKER_FIXTURES:
        kinds.add("broker")
    if item.path.resolve().is_relative_to(TESTS / "deploy"):
        kinds.add("deploy")
    return kinds or {"unit"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for kind in sorted(kinds_of(item)):
            item.add_marker(kind)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
