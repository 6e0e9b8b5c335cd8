"""The console's new views as HTML, without a browser: evidence, entry panel, queue paging/search, groups."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from matchers import Screener
from streams.compliance.holds_state import HoldState
from streams.console.backend import MemoryBackend
from streams.console.entries import EntryDirectory, entry_panel, federal_register_links
from streams.console.evidence_html import evidence_inline, evidence_table, marked_name, score_bar
from streams.console.groups_page import GROUPS_PER_PAGE, groups_body, members_value, parse_members
from streams.console.queue_index import QueueIndex
from streams.console.queue_page import render_queue
from streams.console.queue_view import QueueQuery, group_id
from streams.evidence_text import evidence_line
from streams.settings import builtin_list_path


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_paths([builtin_list_path()])


def record(
    event_id: str,
    party: str,
    screener: Screener,
    minutes_ago: int = 0,
    po: str | None = None,
    role: str = "supplier",
) -> dict[str, Any]:
    matches = [m.to_record() for m in screener.screen(party, country="CN")[:2]]
    assert matches, party
    return {
        "event_id": event_id,
        "event_type": "purchase_order",
        "decision": "hold",
        "reason": "match",
        "po_number": po or f"PO-{event_id}",
        "list_version": screener.version,
        "screened_at": (datetime.now(UTC) - timedelta(minutes=minutes_ago)).isoformat(),
        "threshold": screener.threshold,
        "event": {"event_id": event_id},
        "parties_screened": [],
        "hits": [{"role": role, "party": {"name": party, "country": "CN"}, "matches": matches}],
    }


def test_the_queue_line_marks_matched_and_missing_words_in_both_names(screener: Screener) -> None:
    match = screener.screen("Hikvison Digital Technology <b>Co</b>", country="CN")[0].to_record()
    html = evidence_inline("Hikvison Digital Technology <b>Co</b>", match, 0.82)
    assert "<mark>Hikvison</mark>" in html and "<mark>Hikvision</mark>" in html
    assert "<del" in html and "Hangzhou</del>" in html  # the listed word the party lacks
    assert "<b>" not in html and "&lt;b&gt;" in html  # escaped, never markup
    assert 'aria-label="score 0.' in html and "threshold 0.82" in html and 'class="thr"' in html
    assert "country CN agrees" in html
    assert "{" not in html  # no JSON on the queue


def test_the_hold_page_table_says_how_each_word_matched_and_hides_json(screener: Screener) -> None:
    match = screener.screen("Hikvison Digital Technology Co", country="CN")[0].to_record()
    html = evidence_table(match)
    assert re.search(r"<td>hikvison</td><td>hikvision</td><td>typo", html)
    assert "distinctive" in html and "common" in html
    assert f"Why: {evidence_line(match['explanation'])}" in html.replace("&#x27;", "'")
    before, _, inside = html.partition("<details>")
    assert "similarity" not in before and "similarity" in inside  # the raw numbers only in details


def test_marked_name_and_score_bar_edges() -> None:
    assert marked_name("ACME Co", {"acme"}, set()) == "<mark>ACME</mark> Co"
    assert score_bar("n/a", 0.8) == ""
    assert 'width="100.0"' in score_bar(1.4, None)


def test_federal_register_links_from_citations() -> None:
    assert federal_register_links("84 FR 54002, 10/9/19") == [
        ("84 FR 54002", "https://www.federalregister.gov/citation/84-FR-54002")
    ]
    assert [t for t, _ in federal_register_links("84 FR 22961, 85 FR 29852, 84 FR 22961")] == [
        "84 FR 22961",
        "85 FR 29852",
    ]
    assert federal_register_links("Non-SDN Chinese Military-Industrial Complex") == []
    assert federal_register_links(None) == []


def test_the_entry_panel_shows_the_list_facts_and_where_they_come_from(screener: Screener) -> None:
    directory = EntryDirectory([builtin_list_path()])
    assert directory.wait(60)
    match = screener.screen("Aqsu District Public Security Bureau", country="CN")[0].to_record()
    html = entry_panel(match, directory, "v123")
    assert "Aksu District Public Security Bureau" in html
    assert "<li>Aqsu District Public Security Bureau</li>" in html  # the alias
    assert "2019-10-09" in html and 'href="https://www.federalregister.gov/citation/84-FR-54002"' in html
    assert "publication of 2019-10-09" in html and "list version v123" in html
    missing = entry_panel({"entry_id": "nope:1", "list": "x", "name": "Someone"}, directory, None)
    assert "not in the loaded lists" in missing and "Someone" in missing


def test_the_entry_panel_says_when_entries_cannot_be_loaded() -> None:
    def broken(_paths: list[Any]) -> list[Any]:
        raise OSError("no such folder")

    directory = EntryDirectory(["/nowhere"], loader=broken)
    assert directory.wait(10)
    assert "could not be loaded (OSError: no such folder)" in entry_panel({"entry_id": "a"}, directory, None)


@pytest.fixture(scope="module")
def crowded(screener: Screener) -> MemoryBackend:
    backend = MemoryBackend()
    names = [
        "Hikvision Digital Technology",
        "Dahua Technology",
        "Urumqi Municipal Public Security Bureau",
        "Xinjiang Police College",
        "iFlytek",
        "Megvii Technology",
        "SenseTime Group",
    ]
    for i in range(230):
        backend.add_hold(
            record(f"e{i:03d}", names[i % len(names)], screener, minutes_ago=i, po=f"PO-{9000 + i}")
        )
    return backend


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr class="hold" data-event="([^"]+)"', html)


def test_the_queue_pages_on_the_server(crowded: MemoryBackend) -> None:
    first = render_queue(crowded, QueueQuery.parse({}), "alice", "t", ["supplier"])
    assert len(_rows(first)) == 50 and "Showing 1–50 of 230" in first and "Page 1 of 5" in first
    assert _rows(first)[0] == "e229"  # oldest first by default
    last = render_queue(crowded, QueueQuery.parse({"page": "5"}), "alice", "t", ["supplier"])
    assert len(_rows(last)) == 30 and "Showing 201–230 of 230" in last and 'rel="next"' not in last
    assert not set(_rows(first)) & set(_rows(last))
    beyond = render_queue(crowded, QueueQuery.parse({"page": "99", "per_page": "7"}), "a", "t", [])
    assert "Page 5 of 5" in beyond  # an unknown page size falls back to 50, a page past the end to the last


def test_the_queue_searches_party_po_number_and_entry(crowded: MemoryBackend, screener: Screener) -> None:
    def found(q: str) -> list[str]:
        html = render_queue(crowded, QueueQuery.parse({"q": q, "per_page": "200"}), "a", "t", [])
        return _rows(html)

    assert sorted(found("PO-9007")) == ["e007"]
    assert len(found("dahua")) == 33 and all(int(e[1:]) % 7 == 1 for e in found("dahua"))
    entry_id = crowded.hold("e004").hits()[0]["matches"][0]["entry_id"]  # type: ignore[union-attr]
    assert "e004" in found(entry_id)
    assert found("no such party anywhere") == []


def test_the_queue_sorts_by_score_and_list(crowded: MemoryBackend) -> None:
    index = crowded.index
    by_score = index.select(QueueQuery(sort="score", order="asc", per_page=200))
    scores = [by_score.scores[s.event_id] for s in by_score.items]
    assert scores == sorted(scores) and scores[0] < scores[-1]
    by_list = index.select(QueueQuery(sort="list", order="asc", per_page=200))
    firsts = [index.summary(s.event_id).first_list for s in by_list.items]  # type: ignore[union-attr]
    assert firsts == sorted(firsts)


def test_groups_gather_holds_by_party_and_entry(crowded: MemoryBackend) -> None:
    groups = crowded.index.groups()
    assert len(groups) == 7 and sum(g.count for g in groups) == 230
    biggest = groups[0]
    assert biggest.count == 33 and biggest.group_id == group_id(biggest.party, biggest.entry_id)
    members = parse_members(members_value(biggest))
    assert len(members) == 33 and set(members.values()) == {1}
    assert parse_members('{"a": 1, "b": "x", "": 2, "c": 3, "d": true, "e": 0}') == {"a": 1, "c": 3}
    assert parse_members("a:1") == {} and parse_members("[1]") == {}


def test_a_changed_hold_is_summarised_again(screener: Screener) -> None:
    index = QueueIndex()
    state = HoldState.model_validate({"event_id": "x", "hold": record("x", "Dahua Technology", screener)})
    index.put(state)
    assert "dahua" in index.summary("x").haystack  # type: ignore[union-attr]
    changed = state.model_copy(update={"generation": 2, "hold": record("x", "iFlytek", screener)})
    index.put(changed)
    assert "iflytek" in index.summary("x").haystack  # type: ignore[union-attr]
    assert index.select(QueueQuery(q="dahua")).total == 0 and index.select(QueueQuery(q="iflytek")).total == 1
    assert len(index.groups()) == 1 and index.groups()[0].party == "iFlytek"  # the old group is gone


def test_the_queue_filters_by_list_role_and_age(crowded: MemoryBackend) -> None:
    index = crowded.index
    assert index.select(QueueQuery(role="supplier")).total == 230
    assert index.select(QueueQuery(role="buyer")).total == 0
    some_list = index.known_lists()[0]
    assert index.select(QueueQuery(list=some_list)).total > 0
    assert index.select(QueueQuery(list="no-such-list")).total == 0
    young = index.select(QueueQuery(max_age_h="1", per_page=200))  # held i minutes ago
    assert young.total in (60, 61) and all(int(s.event_id[1:]) <= 60 for s in young.items)
    old = index.select(QueueQuery(min_age_h="3", per_page=200))
    assert old.total in (49, 50) and all(int(s.event_id[1:]) >= 180 for s in old.items)
    assert index.select(QueueQuery(min_age_h="soon")).total == 230  # not a number: no bound


def test_the_groups_page_shows_25_groups_a_page(screener: Screener) -> None:
    """A list update can flag thousands of distinct parties: the page lists a page of groups, not all."""
    template = record("x", "Dahua Technology", screener)
    index = QueueIndex()
    for i in range(60):  # 60 distinct parties: 60 groups, the first 20 with two holds each
        for copy in range(2 if i < 20 else 1):
            hold = {**template, "event_id": f"g{i:02d}-{copy}", "hits": [dict(template["hits"][0])]}
            hold["hits"][0]["party"] = {"name": f"Dahua Technology Branch {i:02d}", "country": "CN"}
            index.put(HoldState.model_validate({"event_id": hold["event_id"], "hold": hold}))
    first = groups_body(index.group_page(1, GROUPS_PER_PAGE), "t")
    assert "(60 groups, 80 holds)" in first and "Showing groups 1–25 of 60" in first
    assert first.count('<section class="group"') == 25 and "Page 1 of 3" in first
    assert 'href="/groups?page=2"' in first and 'rel="prev"' not in first
    assert first.count("2 holds</span>") == 20  # the largest groups first
    last = groups_body(index.group_page(9, GROUPS_PER_PAGE), "t")  # past the end: the last page
    assert "Showing groups 51–60 of 60" in last and 'rel="next"' not in last
    assert last.count('<section class="group"') == 10
    assert "pager" not in groups_body(QueueIndex().group_page(1, GROUPS_PER_PAGE), "t")
