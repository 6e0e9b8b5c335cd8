"""Fixtures of the console tests: a real headless Chromium (as the compliance tests use) and a console
served over the in-memory backend on a free loopback port, in a thread of its own."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.streams.compliance.conftest import chromium  # noqa: F401  (the one browser fixture)

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.fixture
def artifacts() -> Path:
    """Where browser tests leave screenshots for a reviewer of a change (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


class ServedConsole:
    """`create_console(...)` on 127.0.0.1:PORT in a background event loop."""

    def __init__(self, app: Any) -> None:
        from tests.support.broker import free_port

        self.app = app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.loop = asyncio.new_event_loop()
        self._runner: Any = None
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def call(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=30)

    def __enter__(self) -> ServedConsole:
        from aiohttp import web

        self._thread.start()

        async def start() -> Any:
            runner = web.AppRunner(self.app, access_log=None)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", self.port).start()
            return runner

        self._runner = self.call(start())
        return self

    def __exit__(self, *exc: object) -> None:
        self.call(self._runner.cleanup())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
