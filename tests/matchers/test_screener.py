"""The screener on the built-in October 2019 list: the seed cases the product exists for."""

from __future__ import annotations

import pickle
import threading
from pathlib import Path

import pytest

from matchers import Screener
from matchers.lists import BUILTIN_LIST
from matchers.models import EntityKind, Entry, LoadedList, Match, SourceInfo
from matchers.screener import match_of, parse_kind, trusted_match


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_paths([BUILTIN_LIST])


def top(screener: Screener, name: str, **kw: str) -> tuple[str, float] | None:
    matches = screener.screen(name, **kw)
    return (matches[0].name, matches[0].score) if matches else None


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Zhejiang Dahua Technology Co., Ltd.", "Dahua Technology"),  # leading province + legal form
        ("DAHUA TECHNOLOGY CO LTD", "Dahua Technology"),
        ("Hikvision Co., Ltd.", "Hikvision"),
        ("SenseTime", "Sense Time"),  # missing space
        ("Sense Time Group Limited", "Sense Time"),
        ("Megvii Tech", "Megvii Technology"),  # abbreviation
        ("Yitu Technology", "Yitu Technologies"),
        ("Xiamen Meiya Pico Information Company Limited", "Xiamen Meiya Pico Information Co. Ltd."),
        ("Yixin Sci & Tech Co", "Yixin Science and Technology Co. Ltd."),
        ("Ecguard", "Yixin Science and Technology Co. Ltd."),  # an alias
        ("Kumul Municipality Public Security Bureau", "Hami Municipality Public Security Bureau"),
        ("Qumul Municipal PSB", "Hami Municipality Public Security Bureau"),  # alias + acronym
        ("Tumxuk Municipal Public Security Bureau", "Tumushuke Municipal Public Security Bureau"),
        ("xinjiang police college", "Xinjiang Police College"),
        ("Urumqi Municipal Public Securty Bureau", "Urumqi Municipal Public Security Bureau"),  # typo
        ("Мегвии", "Megvii Technology"),  # Cyrillic
        ("Hangzhou Hikvision Digital Technology Co., Ltd.", "Hikvision"),
    ],
)
def test_listed_party_is_hit(screener: Screener, query: str, listed: str) -> None:
    matches = screener.screen(query)
    assert screener.is_hit(matches), f"{query!r} missed: {[(m.matched, m.score) for m in matches]}"
    assert matches[0].name == listed


def test_generic_words_do_not_confuse_bureaus(screener: Screener) -> None:
    matches = screener.screen("Altay Municipality Public Security Bureau")
    assert matches[0].name == "Altay Municipality Public Security Bureau"
    hami = [m for m in matches if m.name.startswith("Hami")]
    assert all(m.score < screener.threshold for m in hami)


@pytest.mark.parametrize(
    "query",
    [
        "Lanzhou Municipal Public Security Bureau",
        "Public Security Bureau",
        "Shanghai Technology Co., Ltd.",
        "Apple Inc.",
        "Hangzhou Digital Technology Co., Ltd.",
        "Xinjiang Cotton Trading Company",
    ],
)
def test_unlisted_party_is_not_hit(screener: Screener, query: str) -> None:
    matches = screener.screen(query)
    assert not screener.is_hit(matches), [(m.matched, m.score) for m in matches]


def test_country_agreement_raises_and_conflict_lowers(screener: Screener) -> None:
    plain = screener.screen("Hikvision Digital")[0].score
    agree = screener.screen("Hikvision Digital", country="CN")[0].score
    conflict = screener.screen("Hikvision Digital", country="France")[0].score
    assert conflict < plain < agree


def test_conflicting_country_never_hides_a_strong_match(screener: Screener) -> None:
    matches = screener.screen("Hikvision", country="US", kind="person")
    assert screener.is_hit(matches)


def test_explanation_names_the_alias_and_the_aligned_tokens(screener: Screener) -> None:
    match = screener.screen("Qumul Municipality Public Security Bureau", country="China")[0]
    assert match.matched == "Qumul Municipality Public Security Bureau"
    assert match.name == "Hami Municipality Public Security Bureau"
    exp = match.explanation
    assert {"query": "qumul", "listed": "qumul", "similarity": 1.0, "weight": 1.0} in exp["aligned"]
    assert exp["country"]["effect"] == "agree"
    assert {"listed_coverage", "query_coverage", "name_score", "score"} <= exp.keys()
    assert match.citation and "54002" in match.citation


def test_candidate_retrieval_does_not_scan_every_name(screener: Screener) -> None:
    from matchers.index import MAX_CANDIDATES

    ids = screener.candidate_ids("Megvii Technology")
    assert 0 < len(ids) <= MAX_CANDIDATES
    assert len(ids) < len(screener.entries)
    by_name = {entry.name: entry.id for entry in screener.entries.values()}
    assert by_name["Megvii Technology"] in ids
    assert by_name["Aksu District Public Security Bureau"] not in ids


def test_screening_is_thread_safe_and_deterministic(screener: Screener) -> None:
    queries = ["Hikvision", "Sense Time", "Dahua Tech", "Kumul PSB", "Apple Inc."] * 40
    expected = [[(m.entry_id, m.score) for m in screener.screen(q)] for q in queries]
    results: list[list] = [None] * len(queries)  # type: ignore[list-item]

    def work(offset: int) -> None:
        for i in range(offset, len(queries), 4):
            results[i] = [(m.entry_id, m.score) for m in screener.screen(queries[i])]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == expected


def _list(entries: list[Entry]) -> LoadedList:
    info = SourceInfo(list="t", path="mem", format="test", entries=len(entries), aliases=0, content_hash="x")
    return LoadedList(source=info, entries=tuple(entries))


def test_a_subset_screens_only_its_entries() -> None:
    a = Entry(id="t:1", list="t", name="Acme Rocket Works", kind=EntityKind.ORGANISATION)
    b = Entry(id="t:2", list="t", name="Zenith Optics Bureau", kind=EntityKind.ORGANISATION)
    b2 = b.model_copy(update={"aliases": ("Zenith Optical",)})
    c = Entry(id="t:3", list="t", name="Kestrel Drone Labs", kind=EntityKind.ORGANISATION)
    old, new = Screener([_list([a, b])]), Screener([_list([a, b2, c])])
    delta = new.subset({"t:2", "t:3"})  # what streams.compliance.rescreen.snapshot_delta finds (its tests)
    assert old.screen("Acme Rocket Works")[0].entry_id == "t:1"
    assert delta.screen("Acme Rocket Works") == []
    assert delta.screen("Kestrel Drone Labs")[0].entry_id == "t:3"
    assert delta.screen("Zenith Optical")[0].entry_id == "t:2"


def test_builtin_list_is_packaged() -> None:
    assert Path(BUILTIN_LIST).is_file()


def test_a_trusted_match_is_the_model_construct_one() -> None:
    """The screener's fast constructor must build exactly what pydantic's `model_construct` builds."""
    fields = {
        "list": "bis-entity-list",
        "entry_id": "bis:1",
        "name": "Dahua Technology",
        "matched": "Zhejiang Dahua Technology",
        "score": 0.91,
        "explanation": {"score": 0.91},
        "kind": EntityKind.ORGANISATION,
        "countries": ("CN",),
        "citation": "84 FR 54002",
    }
    fast, slow = trusted_match(dict(fields)), Match.model_construct(**fields)
    assert fast == slow
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.model_dump_json() == slow.model_dump_json()
    assert pickle.loads(pickle.dumps(fast)) == slow
    with pytest.raises(KeyError):
        trusted_match({k: v for k, v in fields.items() if k != "citation"})


def test_a_match_of_values_is_the_model_construct_one() -> None:
    """The screener builds each match from its values (`match_of`, no key check): every field in the
    model's order, the same model as `model_construct` and the same JSON record."""
    values = (
        "un-consolidated",
        "un:KPi.066",
        "Korea Mining Development Trading Corporation",
        "KOMID",
        0.87,
        {"score": 0.87, "aligned": [{"query": "komid", "listed": "komid"}]},
        EntityKind.ORGANISATION,
        ("KP",),
        None,
    )
    fields = dict(zip(Match.model_fields, values, strict=True))
    fast, slow = match_of(*values), Match.model_construct(**fields)
    assert fast.model_dump() == fields
    assert fast == slow
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.to_record() == slow.model_dump(mode="json")
    assert fast.model_dump_json() == slow.model_dump_json()


@pytest.mark.parametrize(
    "kind",
    [None, "person", "Individual", " ORG ", "company", "ship", "aircraft", "unknown", "", "alien", "vessel"],
)
def test_a_kind_is_parsed_as_entity_kind_parses_it(kind: str | None) -> None:
    # (Memoised by the value passed: asked twice, the same answer.)
    assert parse_kind(kind) is EntityKind.parse(kind)
    assert parse_kind(kind) is EntityKind.parse(kind)


def test_an_entity_kind_is_its_own_parse_and_made_up_kinds_stay_unknown() -> None:
    for kind in EntityKind:
        assert parse_kind(kind) is kind
    # More made-up kinds than the memo keeps: each still unknown, and the known ones still known after.
    assert all(parse_kind(f"kind-{n}") is EntityKind.UNKNOWN for n in range(1000))
    assert parse_kind("person") is EntityKind.PERSON and parse_kind("Entity") is EntityKind.ORGANISATION


def test_matches_come_best_first_then_by_entry_id(screener: Screener) -> None:
    # (Generic words only: many bureaus at equal scores, ordered among themselves by entry id.)
    matches = screener.screen("Public Security Bureau", floor=0.0)
    assert len({m.score for m in matches}) < len(matches) > 1
    assert [(m.score, m.entry_id) for m in matches] == sorted(
        ((m.score, m.entry_id) for m in matches), key=lambda k: (-k[0], k[1])
    )
