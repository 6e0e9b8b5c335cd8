"""The console's probes: ready (`/healthz`) only once it has read the hold state to the end; alive
(`/livez`) as long as it answers. Served by the real app over HTTP, the Kafka backend not yet caught up."""

from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient, TestServer

from streams.console.app import create_console
from streams.console.auth import Authenticator
from streams.console.kafka_backend import KafkaBackend
from streams.settings import Settings


def test_not_ready_until_the_hold_state_is_read_but_alive() -> None:
    settings = Settings()
    backend = KafkaBackend(settings, settings.compliance)  # never started: no broker is needed here

    async def main() -> None:
        client = TestClient(TestServer(create_console(backend, Authenticator({}))))
        await client.start_server()
        try:
            ready = await client.get("/healthz")
            assert ready.status == 503 and "catching up" in await ready.text()
            assert (await client.get("/livez")).status == 200
            backend.tail.ready.set()  # what the topic reader does once it reached the end offsets
            ready = await client.get("/healthz")
            assert ready.status == 200 and await ready.text() == "ok\n"
            assert ready.headers["Cache-Control"] == "no-store"  # the security headers apply to probes too
        finally:
            await client.close()

    asyncio.run(main())
