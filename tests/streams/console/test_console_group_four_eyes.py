"""Group decisions under four-eyes: a group release is proposed hold by hold; a second reviewer approves
the group's proposals together; the proposer cannot; every decision names the group."""

from __future__ import annotations

import asyncio
import json
import re
from html import unescape

from aiohttp.test_utils import TestClient, TestServer

from streams.compliance.holds_state import HoldStatus
from streams.console.app import create_console
from streams.console.auth import Authenticator
from streams.console.backend import MemoryBackend
from tests.streams.console.test_console_security import REVIEWERS, hold, login


def form_of(html: str, marker: str) -> dict[str, str]:
    """The hidden fields of the first group form whose submit button says `marker`."""
    for form in re.findall(r"<form method=\"post\" action=\"(/groups/[^\"]+)\">(.*?)</form>", html, re.S):
        if marker in form[1]:
            fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form[1]))
            return {"action_url": form[0], **{k: unescape(v) for k, v in fields.items()}}
    raise AssertionError(f"no group form with {marker!r}")


def test_a_group_release_under_four_eyes_is_approved_by_a_second_reviewer() -> None:
    backend = MemoryBackend(four_eyes=frozenset({"release"}))
    for i in range(4):
        backend.add_hold(hold(f"ev-{i}"), {"bis:1": "h1"})

    async def main() -> None:
        client = TestClient(TestServer(create_console(backend, Authenticator(REVIEWERS))))
        await client.start_server()
        try:
            token = await login(client, "alice")
            groups = await (await client.get("/groups")).text()
            assert "4 holds" in groups
            form = form_of(groups, "Decide 4 holds")
            resp = await client.post(
                form["action_url"],
                data={
                    "csrf_token": token,
                    "members": form["members"],
                    "action": "release",
                    "reason": "a namesake in Hangzhou, not the listed company",
                },
            )
            page = await resp.text()
            assert resp.status == 200 and page.count("release proposed") == 4
            assert all(backend.book.get(f"ev-{i}").status is HoldStatus.OPEN for i in range(4))
            mine = await (await client.get("/groups")).text()
            assert "await a second reviewer" not in mine  # no approval form for the proposer

            # The proposer answering her own proposals through a forged form: refused hold by hold.
            proposals = {f"ev-{i}": backend.book.get(f"ev-{i}").pending.decision_id for i in range(4)}
            own = await client.post(
                form["action_url"],
                data={
                    "csrf_token": token,
                    "members": form["members"],
                    "proposals": json.dumps(proposals),
                    "action": "approve",
                    "reason": "me again",
                },
            )
            assert own.status == 409 and (await own.text()).count("cannot also approve") == 4

            await client.post("/logout", data={"csrf_token": token})
            token = await login(client, "bob", "another secret!")
            groups = await (await client.get("/groups")).text()
            approve = form_of(groups, "Approve 4")
            assert json.loads(approve["proposals"]) == proposals
            resp = await client.post(
                approve["action_url"],
                data={
                    "csrf_token": token,
                    "members": approve["members"],
                    "proposals": approve["proposals"],
                    "action": "approve",
                    "reason": "agreed: different registration number",
                },
            )
            assert resp.status == 200 and "4 of 4 holds decided" in await resp.text()
        finally:
            await client.close()

    asyncio.run(main())
    for i in range(4):
        state = backend.book.get(f"ev-{i}")
        assert state.status is HoldStatus.RELEASED
        assert state.decision.reviewer == "alice" and state.decision.approved_by == "bob"
    decided = [e for i in range(4) for e in backend.history(f"ev-{i}") if e.step.value == "decided"]
    assert len(decided) == 8  # a proposal and an approval per hold
    assert len({e.detail.get("group_id") for e in decided}) == 1 and decided[0].detail.get("group_id")
