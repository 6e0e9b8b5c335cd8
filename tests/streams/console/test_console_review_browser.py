"""The review console in Chromium as a reviewer works it: paging, search, keyboard, the evidence and the
listed entry on a hold page, a group decision, and axe-core's accessibility check on every page.

Screenshots of the queue, a hold page and the groups page are saved under tests/artifacts/ (git-ignored)
so a reviewer of a change can look at them.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from matchers import Screener
from streams.compliance.holds_state import HoldStatus
from streams.console.app import create_console
from streams.console.auth import Authenticator, hash_secret
from streams.console.backend import MemoryBackend
from streams.console.entries import EntryDirectory
from streams.settings import builtin_list_path
from tests.streams.console.conftest import ServedConsole

SECRET = "correct horse battery"
AXE = Path(__file__).resolve().parents[3] / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
NAMES = [
    "Hikvision Digital Technology",
    "Dahua Technology",
    "Urumqi Municipal Public Security Bureau",
    "Xinjiang Police College",
    "iFlytek",
    "Megvii Technology",
    "SenseTime Group",
]


def hold_record(screener: Screener, i: int) -> dict[str, Any]:
    party = NAMES[i % len(NAMES)]
    matches = [m.to_record() for m in screener.screen(party, country="CN")[:2]]
    event_id = f"e{i:03d}"
    return {
        "event_id": event_id,
        "event_type": "purchase_order",
        "decision": "hold",
        "reason": "match",
        "po_number": f"PO-{9000 + i}",
        "list_version": screener.version,
        "screened_at": (datetime.now(UTC) - timedelta(minutes=i)).isoformat(),
        "threshold": screener.threshold,
        "event": {"event_id": event_id, "note": "<script>x()</script>"},
        "parties_screened": [],
        "hits": [{"role": "supplier", "party": {"name": party, "country": "CN"}, "matches": matches}],
    }


@pytest.fixture(scope="module")
def directory() -> EntryDirectory:
    entries = EntryDirectory([builtin_list_path()])
    assert entries.wait(120)
    return entries


@pytest.fixture
def served(directory: EntryDirectory) -> Any:
    screener = Screener.from_paths([builtin_list_path()])
    backend = MemoryBackend()
    for i in range(120):
        backend.add_hold(hold_record(screener, i))
    app = create_console(backend, Authenticator({"alice": hash_secret(SECRET)}), entries=directory)
    with ServedConsole(app) as console:
        console.backend = backend  # type: ignore[attr-defined]
        yield console


def sign_in(page: Any, url: str) -> None:
    page.goto(url + "/")
    page.fill("input[name=name]", "alice")
    page.fill("input[name=secret]", SECRET)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/")


def rows(page: Any) -> list[str]:
    return page.eval_on_selector_all("tr.hold", "rs => rs.map(r => r.dataset.event)")


def test_paging_search_and_keyboard_on_the_queue(chromium: Any, served: Any, artifacts: Path) -> None:
    page = chromium.new_page(viewport={"width": 1400, "height": 900})
    sign_in(page, served.url)
    assert len(rows(page)) == 50 and "Showing 1–50 of 120" in page.inner_text("nav.pager >> nth=0")
    assert "<mark>" in page.inner_html("tr.hold >> nth=0") and "svg" in page.inner_html("tr.hold >> nth=0")
    page.screenshot(path=str(artifacts / "console-queue.png"), full_page=False)
    first_page = rows(page)
    page.click("a[rel=next] >> nth=0")
    assert "Showing 51–100 of 120" in page.inner_text("nav.pager >> nth=0")
    assert not set(rows(page)) & set(first_page)

    page.fill("#f-q", "PO-9007")
    page.click("button:has-text('Apply')")
    assert rows(page) == ["e007"]
    page.fill("#f-q", "dahua")
    page.select_option("#f-sort", "score")
    page.click("button:has-text('Apply')")
    assert len(rows(page)) == 17 and all(int(e[1:]) % 7 == 1 for e in rows(page))

    page.goto(served.url + "/")
    order = rows(page)
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    page.keyboard.press("j")
    assert page.eval_on_selector("tr.hold.focused", "r => r.dataset.event") == order[1]
    page.keyboard.press("r")
    page.wait_for_url(re.compile(rf"/holds/{order[1]}\?action=release#decide$"))
    assert page.is_checked("input[name=action][value=release]")
    page.go_back()
    page.keyboard.press("j")
    page.keyboard.press("c")
    page.wait_for_url(re.compile(rf"/holds/{order[0]}\?action=confirm#decide$"))
    assert page.is_checked("input[name=action][value=confirm]")


def test_a_hold_page_shows_the_evidence_table_and_the_listed_entry(
    chromium: Any, served: Any, artifacts: Path
) -> None:
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    sign_in(page, served.url)
    page.goto(served.url + "/holds/e002")  # Urumqi Municipal Public Security Bureau
    table = page.inner_text("table.align >> nth=0")
    assert "How they matched" in table and "exact" in table and "distinctive" in table and "common" in table
    why = "Why: words urumqi, municipal, public, security, bureau; country CN agrees"
    assert why in page.inner_text("body")  # the words `holdline holds tail` prints
    entry = page.locator("section.entry").first
    text = entry.inner_text()
    assert "Urumqi Municipal Public Security Bureau" in text and "2019-10-09" in text
    assert "Listed on" in text and "bis-entity-list-2019-10 publication of 2019-10-09" in text
    link = entry.locator("a[href^='https://www.federalregister.gov/citation/84-FR-']").first
    assert link.get_attribute("rel") == "noreferrer noopener"
    page.screenshot(path=str(artifacts / "console-hold.png"), full_page=True)
    explanation = page.locator("details", has_text="Engine explanation").first
    assert not explanation.evaluate("d => d.open")  # raw JSON only behind the disclosure
    assert not page.locator("pre", has_text="similarity").first.is_visible()
    explanation.locator("summary").click()
    assert page.locator("pre", has_text="similarity").first.is_visible()
    assert "<script>x()" not in page.content()  # the event's text escaped


def test_a_group_decision_records_one_decision_per_hold(chromium: Any, served: Any, artifacts: Path) -> None:
    page = chromium.new_page(viewport={"width": 1400, "height": 900})
    sign_in(page, served.url)
    page.click("a[href='/groups']")
    first = page.locator("section.group").first
    heading = first.locator("h2").inner_text()
    assert "18 holds" in heading  # 120 holds over 7 parties: the first party has 18
    page.screenshot(path=str(artifacts / "console-groups.png"), full_page=False)
    first.locator("input[value=release]").check()
    first.locator("textarea[name=reason]").fill("a namesake: different address in the supplier master")
    first.locator("button[type=submit]").click()
    status = page.inner_text("[role=status]")
    assert status.startswith("18 of 18 holds decided")
    backend: MemoryBackend = served.backend
    released = [s for s in backend.book.all() if s.status is HoldStatus.RELEASED]
    assert len(released) == 18
    decided = [e for s in released for e in backend.history(s.event_id) if e.step.value == "decided"]
    assert len(decided) == 18 and {e.actor for e in decided} == {"alice"}
    assert {e.reason for e in decided} == {"a namesake: different address in the supplier master"}
    group_ids = {e.detail.get("group_id") for e in decided}
    assert len(group_ids) == 1 and None not in group_ids

    page.go_back()  # the same form again: every hold is refused on its own, nothing changes
    page.locator("section.group").first.wait_for()
    page.reload()
    assert "18 holds" not in page.locator("section.group").first.locator("h2").inner_text()


def test_a_group_form_for_decided_holds_is_refused_per_hold(served: Any) -> None:
    from html import unescape

    from aiohttp import ClientSession, CookieJar

    from streams.compliance.decisions import parse_request

    backend: MemoryBackend = served.backend

    async def scenario() -> tuple[int, str]:
        async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as client:  # unsafe: an IP host
            login = await (await client.get(served.url + "/login")).text()
            token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)  # type: ignore[union-attr]
            await client.post(
                served.url + "/login", data={"csrf_token": token, "name": "alice", "secret": SECRET}
            )
            groups = await (await client.get(served.url + "/groups")).text()
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', groups).group(1)  # type: ignore[union-attr]
            action = re.search(r'action="(/groups/[0-9a-f]+/decision)"', groups).group(1)  # type: ignore[union-attr]
            members = re.search(r'name="members" value="([^"]+)"', groups).group(1)  # type: ignore[union-attr]
            members = unescape(members)
            ids = list(json.loads(members))
            await backend.submit(
                parse_request({"event_id": ids[0], "action": "confirm", "reason": "decided one by one"}),
                "bob",
            )
            state = backend.hold(ids[1])
            assert state is not None
            backend.book.put(state.model_copy(update={"generation": state.generation + 1}))
            resp = await client.post(
                served.url + action,
                data={"csrf_token": csrf, "members": members, "action": "release", "reason": "namesake"},
            )
            return resp.status, await resp.text()

    status, html = served.call(scenario())
    assert status == 200
    assert "already blocked by bob (already_decided)" in html and "changed since the page was loaded" in html
    outcomes = re.findall(r"<td>(applied|refused)</td>", html)
    assert outcomes.count("refused") == 2 and outcomes.count("applied") == len(outcomes) - 2


def test_no_serious_or_critical_accessibility_violations(chromium: Any, served: Any) -> None:
    assert AXE.is_file(), f"axe-core is missing at {AXE} (make setup installs it with npm)"
    source = AXE.read_text()
    # axe is injected by the test (bypass_csp), never served by the console.
    context = chromium.new_context(bypass_csp=True, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    sign_in(page, served.url)
    found: dict[str, list[dict[str, Any]]] = {}
    for path in ("/", "/holds/e002", "/groups", "/allowances"):
        page.goto(served.url + path)
        page.evaluate(source)
        result = page.evaluate("""async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
        bad = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["html"][:120] for n in v["nodes"][:3]]}
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert result["passes"], "axe ran no checks"  # it did run, and looked at the page
        print(path, "axe violations by impact:", sorted((v["id"], v["impact"]) for v in result["violations"]))
        if bad:
            found[path] = bad
    assert not found, json.dumps(found, indent=1)
