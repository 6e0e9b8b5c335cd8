"""The console behind a TLS-terminating reverse proxy, in a real browser: a reviewer releases a hold.

The proxy is started here on 127.0.0.1 (aiohttp, with a self-signed certificate made by `cryptography`);
it forwards to the console over plain HTTP and says so in `X-Forwarded-Proto` / `X-Forwarded-Host`, as
nginx or an ingress controller does. The console trusts those headers only from the configured proxy
address, so the browser's `Origin: https://...` is accepted and the form posts go through.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession, web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from streams.compliance.holds_state import HoldStatus
from streams.compliance.processor import Target
from streams.console.app import create_console
from streams.console.auth import Authenticator
from streams.console.backend import MemoryBackend
from tests.streams.compliance.conftest import chromium  # noqa: F401  (the browser fixture)
from tests.streams.console.test_console_security import REVIEWERS, SECRET, hold
from tests.support.broker import free_port

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "upgrade",
    "proxy-authorization",
    "proxy-authenticate",
    "trailer",
    "content-length",
    "content-encoding",
    "host",
}


def self_signed(directory: Path) -> ssl.SSLContext:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "proxy.crt", directory / "proxy.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    return context


def reverse_proxy(upstream: str) -> web.Application:
    """A TLS-terminating proxy in the way nginx is usually configured (X-Forwarded-* set, Host rewritten)."""

    async def forward(request: web.Request) -> web.StreamResponse:
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        headers["X-Forwarded-Proto"] = "https"
        headers["X-Forwarded-Host"] = request.host
        headers["X-Forwarded-For"] = request.remote or ""
        async with (
            ClientSession(auto_decompress=False) as session,
            session.request(
                request.method,
                upstream + request.rel_url.path_qs,
                headers=headers,
                data=await request.read(),
                allow_redirects=False,
            ) as resp,
        ):
            body = await resp.read()
            out = web.Response(status=resp.status, body=body)
            for key, value in resp.headers.items():
                if key.lower() not in HOP_BY_HOP:
                    out.headers.add(key, value)
            return out

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", forward)
    return app


@pytest.fixture
def proxied_console(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[str, MemoryBackend]]:
    """The console (trusting the proxies in `request.param`) behind the proxy: (proxy URL, backend)."""
    backend = MemoryBackend()
    backend.add_hold(hold("ev-1"), {"bis:1": "h1"})
    console_port, proxy_port = free_port(), free_port()
    context = self_signed(tmp_path)
    loop = asyncio.new_event_loop()
    started = threading.Event()
    runners: list[web.AppRunner] = []

    async def start() -> None:
        console = create_console(
            backend, Authenticator(REVIEWERS), secure_cookies=True, trusted_proxies=request.param
        )
        for app, port, ssl_context in (
            (console, console_port, None),
            (reverse_proxy(f"http://127.0.0.1:{console_port}"), proxy_port, context),
        ):
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", port, ssl_context=ssl_context).start()
            runners.append(runner)
        started.set()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        loop.run_forever()

    thread = threading.Thread(target=run, name="console-and-proxy", daemon=True)
    thread.start()
    assert started.wait(30), "console and proxy did not start"
    try:
        yield f"https://127.0.0.1:{proxy_port}", backend
    finally:

        async def stop() -> None:
            for runner in runners:
                await runner.cleanup()

        asyncio.run_coroutine_threadsafe(stop(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(30)
        loop.close()


@pytest.mark.parametrize("proxied_console", ["127.0.0.1"], indirect=True)
def test_a_reviewer_releases_a_hold_through_a_tls_terminating_proxy(
    proxied_console: tuple[str, MemoryBackend],
    chromium: Any,  # noqa: F811
) -> None:
    url, backend = proxied_console
    context = chromium.new_context(ignore_https_errors=True)  # the test's own self-signed certificate
    page = context.new_page()
    page.goto(url + "/")
    assert page.url == url + "/login"
    page.fill("input[name=name]", "alice")
    page.fill("input[name=secret]", SECRET)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/")
    cookies = {c["name"]: c for c in context.cookies()}
    assert cookies["holdline_session"]["secure"] and cookies["holdline_session"]["httpOnly"]
    page.click("a[href='/holds/ev-1']")
    page.check("input[value=release]")
    page.fill("textarea[name=reason]", "A reseller with a similar name; registry checked.")
    page.click("button[type=submit]:has-text('Submit decision')")
    page.wait_for_url(url + "/")
    assert "Release of ev-1 submitted" in page.content()
    state = backend.book.get("ev-1")
    assert state is not None and state.status is HoldStatus.RELEASED and state.decision.reviewer == "alice"
    cleared = [o.value for o in backend.published if o.target is Target.CLEARED]
    assert len(cleared) == 1 and cleared[0]["decision_ref"]["reviewer"] == "alice"
    context.close()


@pytest.mark.parametrize("proxied_console", ["10.9.9.9"], indirect=True)
def test_forwarded_headers_from_an_untrusted_address_are_ignored(
    proxied_console: tuple[str, MemoryBackend],
    chromium: Any,  # noqa: F811
) -> None:
    """The same proxy, not configured as trusted: its https origin does not match, so posts are refused."""
    url, backend = proxied_console
    context = chromium.new_context(ignore_https_errors=True)
    page = context.new_page()
    page.goto(url + "/login")
    page.fill("input[name=name]", "alice")
    page.fill("input[name=secret]", SECRET)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.click("button[type=submit]")
    assert posted.value.status == 403 and "nothing was changed" in page.content()
    assert "holdline_session" not in {c["name"] for c in context.cookies()}
    assert backend.book.get("ev-1").status is HoldStatus.OPEN
    context.close()
