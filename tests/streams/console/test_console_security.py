"""The review console refuses unauthenticated, forged and malformed decisions, and records who decided."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from streams.compliance.holds_state import HoldStatus
from streams.compliance.processor import Target
from streams.console.app import create_console
from streams.console.auth import (
    SCRYPT_N,
    AuthConfigError,
    Authenticator,
    hash_secret,
    parse_reviewers,
    verify_secret,
)
from streams.console.backend import MemoryBackend

SECRET = "correct horse battery"
# A cheap scrypt cost for the accounts every test signs in with (verification reads N from the stored
# hash); `test_reviewer_configuration` checks the product's default cost.
TEST_COST = 2**10
REVIEWERS = {"alice": hash_secret(SECRET, n=TEST_COST), "bob": hash_secret("another secret!", n=TEST_COST)}


def hold(event_id: str, name: str = "Hangzhou Hikvision Digital Technology Co., Ltd.") -> dict[str, Any]:
    party = {"name": name, "country": "CN"}
    return {
        "event_id": event_id,
        "event_type": "purchase_order",
        "decision": "hold",
        "reason": "match",
        "po_number": f"PO-{event_id}",
        "list_version": "v1",
        "screened_at": datetime.now(UTC).isoformat(),
        "event": {"event_id": event_id},
        "parties_screened": [{"role": "supplier", "party": party}],
        "hits": [
            {
                "role": "supplier",
                "party": party,
                "matches": [
                    {
                        "list": "bis-entity-list",
                        "entry_id": "bis:1",
                        "name": "Hikvision",
                        "matched": "Hikvision",
                        "score": 0.93,
                        "citation": "84 FR 54002",
                        "explanation": {"method": "token"},
                    }
                ],
            }
        ],
    }


Scenario = Callable[[TestClient, MemoryBackend], Awaitable[None]]


def run(scenario: Scenario, identity_header: str | None = None) -> MemoryBackend:
    backend = MemoryBackend()
    backend.add_hold(hold("ev-1"), {"bis:1": "h1"})
    backend.add_hold(hold("ev-2", name="<script>alert(1)</script> Trading"), {"bis:1": "h1"})

    async def main() -> None:
        auth = Authenticator(REVIEWERS, identity_header=identity_header)
        client = TestClient(TestServer(create_console(backend, auth)))
        await client.start_server()
        try:
            await scenario(client, backend)
        finally:
            await client.close()

    asyncio.run(main())
    return backend


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "page has no CSRF token"
    return found.group(1)


async def login(client: TestClient, name: str = "alice", secret: str = SECRET) -> str:
    page = await (await client.get("/login")).text()
    resp = await client.post(
        "/login", data={"name": name, "secret": secret, "csrf_token": csrf_of(page)}, allow_redirects=False
    )
    assert resp.status == 303, await resp.text()
    queue = await (await client.get("/")).text()
    return csrf_of(queue)


def untouched(backend: MemoryBackend) -> None:
    assert backend.book.get("ev-1").status is HoldStatus.OPEN
    assert all(o.target is Target.STATE for o in backend.published)  # only the holds' own state records


def test_unauthenticated_pages_redirect_to_sign_in_and_a_release_is_refused() -> None:
    async def scenario(client: TestClient, backend: MemoryBackend) -> None:
        resp = await client.get("/", allow_redirects=False)
        assert resp.status == 303 and resp.headers["Location"] == "/login"
        # A POST with the sign-in page's own valid token but no sign-in: still refused (no session).
        token = csrf_of(await (await client.get("/login")).text())
        resp = await client.post(
            "/holds/ev-1/decision", data={"csrf_token": token, "action": "release", "reason": "looks fine"}
        )
        assert resp.status == 403
        for path in ("/audit.csv", "/allowances", "/holds/ev-1"):
            assert (await client.get(path, allow_redirects=False)).status == 303

    untouched(run(scenario))


def test_forged_releases_without_a_valid_token_or_from_another_origin_are_refused() -> None:
    async def scenario(client: TestClient, backend: MemoryBackend) -> None:
        token = await login(client)
        form = {"action": "release", "reason": "looks fine"}
        assert (await client.post("/holds/ev-1/decision", data=form)).status == 403
        bad = await client.post(
            "/holds/ev-1/decision", data={**form, "csrf_token": ("y" if token[0] == "x" else "x") + token[1:]}
        )
        assert bad.status == 403 and "nothing was changed" in await bad.text()
        cross = await client.post(
            "/holds/ev-1/decision",
            data={**form, "csrf_token": token},
            headers={"Origin": "https://evil.example"},
        )
        assert cross.status == 403

    untouched(run(scenario))


def test_the_reviewer_cannot_be_typed_in_and_malformed_decisions_change_nothing() -> None:
    async def scenario(client: TestClient, backend: MemoryBackend) -> None:
        token = await login(client)
        for form in (
            {"action": "release", "reason": "fine", "reviewer": "mallory"},
            {"action": "approve", "reason": "fine by me"},
            {"action": "release", "reason": " "},
            {"action": "release", "reason": "ok then", "allow": "1", "allow_days": "-3"},
        ):
            resp = await client.post("/holds/ev-1/decision", data={**form, "csrf_token": token})
            assert resp.status == 400, form
            assert "malformed" in await resp.text()
        unknown = await client.post(
            "/holds/nope/decision", data={"action": "release", "reason": "fine by me", "csrf_token": token}
        )
        assert unknown.status == 404

    untouched(run(scenario))


def test_an_authenticated_release_records_the_signed_in_reviewer_and_a_second_decision_is_refused() -> None:
    async def scenario(client: TestClient, backend: MemoryBackend) -> None:
        token = await login(client)
        page = await (await client.get("/")).text()
        assert "ev-1" in page and "84 FR 54002" in page and "supplier" in page and "0.93" in page
        resp = await client.post(
            "/holds/ev-1/decision",
            allow_redirects=False,
            data={
                "action": "release",
                "reason": "different company",
                "allow": "1",
                "allow_days": "90",
                "csrf_token": token,
            },
        )
        assert resp.status == 303
        assert "Release of ev-1 submitted" in await (await client.get("/")).text()
        again = await client.post(
            "/holds/ev-1/decision",
            data={"action": "confirm", "reason": "changed my mind", "csrf_token": token},
        )
        assert again.status == 409 and "already released by alice" in await again.text()
        detail = await (await client.get("/holds/ev-1")).text()
        assert "released" in detail and "different company" in detail

    backend = run(scenario)
    state = backend.book.get("ev-1")
    assert state.status is HoldStatus.RELEASED and state.decision.reviewer == "alice"
    cleared = [o.value for o in backend.published if o.target is Target.CLEARED]
    assert len(cleared) == 1 and cleared[0]["decision_ref"]["reviewer"] == "alice"
    allowances = [o.value for o in backend.published if o.target is Target.ALLOWLIST]
    assert len(allowances) == 1 and allowances[0]["reviewer"] == "alice" and allowances[0]["expires_at"]
    assert not [o for o in backend.published if o.target is Target.BLOCKED]


def test_pages_escape_event_data_and_forbid_scripts() -> None:
    async def scenario(client: TestClient, backend: MemoryBackend) -> None:
        await login(client)
        resp = await client.get("/")
        html = await resp.text()
        assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        # One same-origin script file (the keyboard, docs/decisions/0604); no inline script, no other origin.
        assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/console.js" defer>']
        assert "script-src 'self';" in resp.headers["Content-Security-Policy"]
        assert "unsafe" not in resp.headers["Content-Security-Policy"]
        assert "default-src 'none'" in resp.headers["Content-Security-Policy"]
        assert resp.headers["X-Frame-Options"] == "DENY"
        cookie = resp.headers.get("Set-Cookie") or ""
        login_resp = await client.get("/login")
        cookie = login_resp.headers.get("Set-Cookie") or cookie
        assert "http" not in html.lower().replace("http-equiv", "")  # no external resources at all

    run(scenario)


def test_cookies_are_httponly_and_samesite_strict_and_sign_in_rotates_the_session() -> None:
    async def scenario(client: TestClient, backend: MemoryBackend) -> None:
        first = await client.get("/login")
        cookie = first.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert "holdline_session" not in first.cookies  # no session before sign-in
        page = await first.text()
        resp = await client.post(
            "/login",
            allow_redirects=False,
            data={"name": "alice", "secret": SECRET, "csrf_token": csrf_of(page)},
        )
        signed_in = resp.cookies["holdline_session"]
        assert signed_in["httponly"] and signed_in["samesite"] == "Strict"
        await client.post("/logout", data={"csrf_token": csrf_of(await (await client.get("/")).text())})
        assert (await client.get("/", allow_redirects=False)).status == 303  # the old session is gone

    run(scenario)


def test_anonymous_requests_create_no_sessions() -> None:
    auth = Authenticator(REVIEWERS)

    async def main() -> None:
        client = TestClient(TestServer(create_console(MemoryBackend(), auth)))
        await client.start_server()
        try:
            for _ in range(200):
                async with client.session.get(client.make_url("/"), allow_redirects=False) as resp:
                    assert resp.status == 303
                client.session.cookie_jar.clear()
                await client.post("/holds/ev-1/decision", data={"action": "release", "reason": "x"})
            assert auth.session_count == 0
        finally:
            await client.close()

    asyncio.run(main())


@pytest.mark.parametrize("token", ["é" * 43, "\u2028", "x" * 5000, "🔑"])
def test_malformed_tokens_are_refused_with_403_not_500(token: str) -> None:
    async def scenario(client: TestClient, backend: MemoryBackend) -> None:
        await login(client)
        resp = await client.post(
            "/holds/ev-1/decision", data={"action": "confirm", "reason": "abc", "csrf_token": token}
        )
        assert resp.status == 403
        resp = await client.post("/login", data={"name": "alice", "secret": SECRET, "csrf_token": token})
        assert resp.status == 403

    untouched(run(scenario))


def test_failed_sign_ins_back_off_exponentially_per_address_and_per_account() -> None:
    clock = [1000.0]
    auth = Authenticator(REVIEWERS, clock=lambda: clock[0])

    async def main() -> None:
        assert (await auth.login("bob", "wrong!", "10.0.0.9")).session is None
        retry = await auth.login("bob", "another secret!", "10.0.0.9")  # right secret, but too soon
        assert retry.session is None and retry.retry_after == pytest.approx(1.0)
        clock[0] += 1.0
        assert (await auth.login("bob", "wrong again", "10.0.0.9")).session is None
        assert (await auth.login("bob", "another secret!", "10.0.0.7")).retry_after == pytest.approx(2.0)
        clock[0] += 2.0
        ok = await auth.login("bob", "another secret!", "10.0.0.7")  # waited: not locked out
        assert ok.session is not None and ok.session.reviewer == "bob"
        # Someone failing for alice from many addresses delays her by at most the account cap.
        for n in range(12):
            clock[0] += 31.0
            await auth.login("alice", "guess", f"10.1.0.{n}")
        assert auth.by_account.wait("alice") <= 30.0
        clock[0] += 30.0
        assert (await auth.login("alice", SECRET, "192.168.1.5")).session is not None

    asyncio.run(main())


def test_sign_in_answers_429_with_retry_after_while_backing_off() -> None:
    async def scenario(client: TestClient, backend: MemoryBackend) -> None:
        token = csrf_of(await (await client.get("/login")).text())
        resp = await client.post("/login", data={"name": "bob", "secret": "wrong!", "csrf_token": token})
        assert resp.status == 401
        again = await client.post(
            "/login", data={"name": "bob", "secret": "another secret!", "csrf_token": token}
        )
        assert again.status == 429 and int(again.headers["Retry-After"]) >= 1
        unknown = await client.post("/login", data={"name": "eve", "secret": SECRET, "csrf_token": token})
        assert unknown.status == 429  # the same address backs off too

    untouched(run(scenario))


def test_a_trusted_proxy_makes_the_proxied_origin_acceptable_and_others_cannot_claim_it() -> None:
    def origin_check(trusted: str, remote_is_proxy: bool) -> int:
        status = 0

        async def scenario(client: TestClient, backend: MemoryBackend) -> None:
            nonlocal status
            token = await login(client)
            headers = {
                "Origin": "https://review.example",
                "X-Forwarded-Proto": "https",
                "X-Forwarded-Host": "review.example",
            }
            resp = await client.post(
                "/holds/ev-1/decision",
                allow_redirects=False,
                headers=headers,
                data={"action": "confirm", "reason": "true match", "csrf_token": token},
            )
            status = resp.status

        backend = MemoryBackend()
        backend.add_hold(hold("ev-1"), {"bis:1": "h1"})

        async def main() -> None:
            app = create_console(
                backend, Authenticator(REVIEWERS), trusted_proxies=trusted if remote_is_proxy else "10.9.9.9"
            )
            client = TestClient(TestServer(app))
            await client.start_server()
            try:
                await scenario(client, backend)
            finally:
                await client.close()

        asyncio.run(main())
        return status

    assert origin_check("127.0.0.1", remote_is_proxy=True) == 303  # accepted: the proxy is trusted
    assert origin_check("127.0.0.1", remote_is_proxy=False) == 403  # headers from anyone else: ignored


def test_trusted_proxy_identity_header() -> None:
    async def scenario(client: TestClient, backend: MemoryBackend) -> None:
        assert (await client.get("/", allow_redirects=False)).status == 303  # no header: not signed in
        stranger = {"X-Forwarded-User": "mallory"}
        assert (await client.get("/", headers=stranger, allow_redirects=False)).status == 303
        alice = {"X-Forwarded-User": "alice"}
        page = await (await client.get("/", headers=alice)).text()
        token = csrf_of(page)
        # The same session cookie with another identity does not inherit alice's session or token.
        bob = {"X-Forwarded-User": "bob"}
        resp = await client.post(
            "/holds/ev-1/decision",
            headers=bob,
            data={"action": "confirm", "reason": "true match", "csrf_token": token},
        )
        assert resp.status == 403
        token = csrf_of(await (await client.get("/", headers=alice)).text())  # a fresh session for alice
        resp = await client.post(
            "/holds/ev-1/decision",
            headers=alice,
            allow_redirects=False,
            data={"action": "confirm", "reason": "true match", "csrf_token": token},
        )
        assert resp.status == 303

    backend = run(scenario, identity_header="X-Forwarded-User")
    assert backend.book.get("ev-1").status is HoldStatus.BLOCKED
    assert backend.book.get("ev-1").decision.reviewer == "alice"


def test_reviewer_configuration() -> None:
    encoded = hash_secret(SECRET)
    assert encoded.startswith(f"scrypt${SCRYPT_N}$")
    assert verify_secret(SECRET, encoded) and not verify_secret(SECRET + "x", encoded)
    assert not verify_secret(SECRET, "md5$abc")
    assert parse_reviewers(f" alice:{encoded} ,\nbob:{encoded}") == {"alice": encoded, "bob": encoded}
    with pytest.raises(AuthConfigError):
        parse_reviewers("alice:plaintext-password")
    with pytest.raises(AuthConfigError):
        hash_secret("short")


def test_four_eyes_in_the_console_pending_approval_self_approval_refused_second_reviewer_approves() -> None:
    backend = MemoryBackend(four_eyes=frozenset({"release", "allowlist"}))
    backend.add_hold(hold("ev-1"), {"bis:1": "h1"})

    async def main() -> None:
        client = TestClient(TestServer(create_console(backend, Authenticator(REVIEWERS))))
        await client.start_server()
        try:
            token = await login(client, "alice")
            resp = await client.post(
                "/holds/ev-1/decision",
                data={"action": "release", "reason": "reseller", "allow": "1", "csrf_token": token},
            )
            assert resp.status == 200 and "proposed" in await resp.text()
            assert backend.book.get("ev-1").status is HoldStatus.OPEN  # nothing released yet
            proposal = backend.book.get("ev-1").pending.decision_id
            queue = await (await client.get("/")).text()
            assert "Pending approvals (1)" in queue and "another reviewer must approve" in queue
            detail = await (await client.get("/holds/ev-1")).text()
            assert 'value="approve"' not in detail  # no Approve button for the proposer
            own = await client.post(
                "/holds/ev-1/decision",
                data={
                    "action": "approve",
                    "proposal_id": proposal,
                    "reason": "me again",
                    "csrf_token": token,
                },
            )
            assert own.status == 403 and "cannot also approve" in await own.text()
            await client.post("/logout", data={"csrf_token": token})
            token = await login(client, "bob", "another secret!")
            detail = await (await client.get("/holds/ev-1")).text()
            assert 'value="approve"' in detail and "Proposed release and allow-list by alice" in detail
            resp = await client.post(
                "/holds/ev-1/decision",
                allow_redirects=False,
                data={"action": "approve", "proposal_id": proposal, "reason": "agreed", "csrf_token": token},
            )
            assert resp.status == 303
        finally:
            await client.close()

    asyncio.run(main())
    state = backend.book.get("ev-1")
    assert state.status is HoldStatus.RELEASED
    assert state.decision.reviewer == "alice" and state.decision.approved_by == "bob"
    cleared = [o.value for o in backend.published if o.target is Target.CLEARED]
    assert cleared[0]["decision_ref"]["approved_by"] == "bob"
    assert [o.target for o in backend.published].count(Target.ALLOWLIST) == 1


def test_decisions_wait_while_the_console_is_catching_up() -> None:
    class CatchingUp(MemoryBackend):
        def caught_up(self) -> bool:
            return False

    backend = CatchingUp()
    backend.add_hold(hold("ev-1"), {"bis:1": "h1"})

    async def main() -> None:
        client = TestClient(TestServer(create_console(backend, Authenticator(REVIEWERS))))
        await client.start_server()
        try:
            token = await login(client)
            assert "Still reading the hold state" in await (await client.get("/")).text()
            resp = await client.post(
                "/holds/ev-1/decision",
                data={"action": "confirm", "reason": "true match", "csrf_token": token},
            )
            assert resp.status == 503
        finally:
            await client.close()

    asyncio.run(main())
    untouched(backend)


def test_an_unknown_name_is_checked_at_the_accounts_own_scrypt_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    """Timing must not tell an unknown name from a wrong secret, whatever cost the accounts were hashed at."""
    import hashlib

    real_scrypt = hashlib.scrypt
    costs: list[int] = []

    def scrypt(*args: Any, **kwargs: Any) -> bytes:
        costs.append(kwargs["n"])
        return real_scrypt(*args, **kwargs)

    for accounts, cost in ((REVIEWERS, TEST_COST), ({"carol": hash_secret(SECRET)}, SCRYPT_N)):
        authenticator = Authenticator(accounts)
        costs.clear()
        monkeypatch.setattr(hashlib, "scrypt", scrypt)
        for address, name in (("10.0.0.1", "alice"), ("10.0.0.2", "mallory")):
            assert asyncio.run(authenticator.login(name, "not the secret", address=address)).session is None
        monkeypatch.setattr(hashlib, "scrypt", real_scrypt)
        assert costs == [cost, cost], costs  # a wrong secret (or an unknown name), then an unknown name
