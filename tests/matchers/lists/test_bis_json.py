"""BIS / State JSON lists on the real 2026 files: counts, repairs of the Entity List's defects, merging."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from matchers.lists import BUILTIN_LIST, load_path
from matchers.models import EntityKind, Entry, LoadedList

FOLDER = "us_bis_state_2026-07"


@pytest.fixture(scope="module")
def entity_list(lists_dir: Path) -> LoadedList:
    [loaded] = load_path(lists_dir / FOLDER / "bis_entity_list.json")
    return loaded


@pytest.fixture(scope="module")
def raw_entity_list(lists_dir: Path) -> dict:
    return json.loads((lists_dir / FOLDER / "bis_entity_list.json").read_text(encoding="utf-8"))


def by_name(loaded: LoadedList, name: str) -> Entry:
    return next(e for e in loaded.entries if e.name == name)


def test_entity_list_counts_match_the_published_figures(
    entity_list: LoadedList, raw_entity_list: dict
) -> None:
    source = entity_list.source
    assert (source.list, source.format, source.snapshot) == ("bis-entity-list", "bis-json", "2026-07-09")
    records = raw_entity_list["entities"]
    assert len(records) == 3409
    assert sum(len(r["aliases"]) for r in records) == 5172
    # Every record is an entry or was merged into the entry of the same party under another country.
    assert source.entries + source.cleaned["merged_repeated_name"] == 3409
    assert source.entries == len(entity_list.entries) and source.aliases == sum(
        len(e.aliases) for e in entity_list.entries
    )


def test_every_alias_read_is_kept_split_or_skipped_with_a_reason(entity_list: LoadedList) -> None:
    source = entity_list.source
    removed = sum(n for reason, n in source.skipped.items() if reason.startswith("alias_"))
    added = source.cleaned.get("alias_split", 0) + source.cleaned.get("alias_from_name", 0)
    assert source.aliases == 5172 + added - removed
    assert source.skipped["alias_duplicate"] > 100  # the repeated records' aliases, once each


def test_party_listed_under_several_countries_is_one_entry(entity_list: LoadedList) -> None:
    matches = [e for e in entity_list.entries if e.name == "Fazal Rahim Farid"]
    assert len(matches) == 1
    entry = matches[0]
    assert set(entry.countries) == {"AF", "PK"}
    assert entry.aliases == ("Fazel Rahim Farid", "Farid", "Engineer Idris")  # not repeated per country
    assert any("Kabul" in a for a in entry.addresses) and any("Peshawar" in a for a in entry.addresses)
    assert len(entity_list.entries) == len({e.id for e in entity_list.entries})


def test_citation_and_listing_date_come_from_the_federal_register_text(entity_list: LoadedList) -> None:
    dahua = by_name(entity_list, "Dahua Technology")
    assert dahua.citation is not None and dahua.citation.startswith("84 FR 54004, 10/9/19")
    assert "85 FR 44159, 7/22/20" in dahua.citation
    assert dahua.listed_on == date(2019, 10, 9)  # the earliest date: when it was added
    assert dahua.countries == ("CN",)
    assert dahua.kind == EntityKind.UNKNOWN  # the file has no entity type; none is guessed


def test_alias_joined_with_a_trailing_and_is_repaired(entity_list: LoadedList) -> None:
    entry = by_name(entity_list, "Center for High Pressure Science and Technology Advanced Research")
    assert "HPSTAR" in entry.aliases and not any(a.endswith("and") for a in entry.aliases)
    assert entity_list.source.cleaned["trailing_conjunction_removed"] >= 3


def test_address_glued_to_an_alias_becomes_an_address(entity_list: LoadedList) -> None:
    entry = by_name(entity_list, "Magtech")
    assert entry.aliases == ("M.A.G. Tech",)
    assert "5762 Royalmount Ave, Montreal, QC, H4P 1K5, Canada" in entry.addresses
    assert entity_list.source.cleaned["alias_address_removed"] > 20


def test_fka_clause_inside_the_name_becomes_an_alias(entity_list: LoadedList) -> None:
    entry = next(e for e in entity_list.entries if e.name == "Zorsecurity Center")
    assert "Esage Lab" in entry.aliases


def test_fragments_are_skipped_and_counted(entity_list: LoadedList) -> None:
    entry = by_name(entity_list, "Pakistan Atomic Energy Commission (PAEC)")
    assert "National Development Complex (NDC)" in entry.aliases
    assert not any("the following" in a for a in entry.aliases)  # `the following two aliases:` dropped
    assert entity_list.source.skipped["alias_fragment"] >= 2
    assert "alias_note" in entity_list.source.skipped  # `(all of preceding located in ...)`


def test_meu_and_dpl_counts(lists_dir: Path) -> None:
    [meu] = load_path(lists_dir / FOLDER / "bis_meu.json")
    assert meu.source.entries == 70 and meu.source.list == "bis-meu"
    [dpl] = load_path(lists_dir / FOLDER / "bis_dpl.json")
    assert dpl.source.entries + dpl.source.cleaned["merged_repeated_name"] == 564
    person = next(e for e in dpl.entries if e.name == "PRESTON JOHN ENGEBRETSON")
    assert len(person.addresses) == 2 and person.listed_on == date(2002, 1, 24)  # effective_date field


def test_builtin_list_is_the_october_2019_rule(lists_dir: Path) -> None:
    [builtin] = load_path(BUILTIN_LIST)
    assert builtin.source.list == "bis-entity-list-2019-10" and builtin.source.snapshot == "2019-10-09"
    assert len(builtin.entries) == 28
    assert all(e.countries == ("CN",) and e.citation == "84 FR 54002, 10/9/19" for e in builtin.entries)
    assert all(e.listed_on == date(2019, 10, 9) for e in builtin.entries)
    hami = by_name(builtin, "Hami Municipality Public Security Bureau")
    assert hami.aliases == (
        "Kumul Municipality Public Security Bureau",
        "Qumul Municipality Public Security Bureau",
    )
    yixin = by_name(builtin, "Yixin Science and Technology Co. Ltd.")
    assert yixin.aliases == (
        "Yixin Technology",
        "Yuxin Technology",
        "Yuxin Science and Technology",
        "Ecguard",
    )
    # 12 aliases in the rule as the article lists it, and the company name its text gives Hikvision.
    assert builtin.source.aliases == 13 and not builtin.source.skipped
    # Every party of the rule is in the 2026 Entity List too (with its later names).
    [current] = load_path(lists_dir / FOLDER / "bis_entity_list.json")
    cited = {e.name for e in current.entries if e.citation and "84 FR 54004" in e.citation}
    assert len(cited) == 28


def test_ids_are_stable_across_reloads(entity_list: LoadedList, lists_dir: Path) -> None:
    [again] = load_path(lists_dir / FOLDER / "bis_entity_list.json")
    assert [e.id for e in again.entries] == [e.id for e in entity_list.entries]
    assert again.source.content_hash == entity_list.source.content_hash
    assert all(e.id.startswith("bis-entity-list:") for e in again.entries)
