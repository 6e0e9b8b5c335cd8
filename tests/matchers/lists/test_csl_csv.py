"""The trade.gov Consolidated Screening List on the real May 2022 file: 13 lists, `alt_names` defects."""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from matchers.lists import load_path
from matchers.lists.csl_csv import list_id_for
from matchers.models import EntityKind, Entry, LoadedList

CSL = "us_csl_2022-05/consolidated.csv.gz"


@pytest.fixture(scope="module")
def csl(lists_dir: Path) -> dict[str, LoadedList]:
    return {loaded.source.list: loaded for loaded in load_path(lists_dir / CSL)}


@pytest.fixture(scope="module")
def rows(lists_dir: Path) -> list[dict[str, str]]:
    with gzip.open(lists_dir / CSL, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def entry(loaded: LoadedList, name: str) -> Entry:
    return next(e for e in loaded.entries if e.name == name)


def test_thirteen_lists_hold_every_row(csl: dict[str, LoadedList], rows: list[dict[str, str]]) -> None:
    assert len(rows) == 14160
    assert len(csl) == 13
    per_source = Counter(list_id_for(r["source"]) for r in rows)
    assert per_source["csl-sdn"] == 10026 and per_source["csl-entity-list"] == 2001
    assert per_source["csl-itar-debarred"] == 727 and per_source["csl-dpl"] == 462
    for list_id, loaded in csl.items():
        merged = loaded.source.cleaned.get("merged_repeated_key", 0)
        skipped = loaded.source.skipped.get("row_no_usable_name", 0)
        assert loaded.source.entries + merged + skipped == per_source[list_id], list_id
        assert loaded.source.format == "csl-csv+gzip"
        assert loaded.source.snapshot == "2022-05"  # no date inside the file: the folder's
    assert len({s.source.content_hash for s in csl.values()}) == 1  # one file


def test_aliases_are_accounted_for(csl: dict[str, LoadedList], rows: list[dict[str, str]]) -> None:
    raw = Counter()
    for r in rows:
        raw[list_id_for(r["source"])] += len([a for a in r["alt_names"].split(";") if a.strip()])
    for list_id, loaded in csl.items():
        s = loaded.source
        removed = sum(n for reason, n in s.skipped.items() if reason.startswith("alias_"))
        added = s.cleaned.get("alias_split", 0) + s.cleaned.get("alias_from_name", 0)
        assert s.aliases == raw[list_id] + added - removed, list_id


def test_semicolon_and_alias_is_repaired(csl: dict[str, LoadedList], rows: list[dict[str, str]]) -> None:
    row = next(r for r in rows if r["name"] == "140 Repair Plant JSC")
    assert row["alt_names"] == "Open Joint Stock Company 140 Repair Plant; and JSC 140 Repair Plant"
    repaired = entry(csl["csl-entity-list"], "140 Repair Plant JSC")
    assert repaired.aliases == ("Open Joint Stock Company 140 Repair Plant", "JSC 140 Repair Plant")
    assert csl["csl-entity-list"].source.cleaned["leading_and_removed"] > 200


def test_comma_and_join_is_split_after_a_legal_form(csl: dict[str, LoadedList]) -> None:
    sensetime = next(e for e in csl["csl-entity-list"].entries if e.name.startswith("Beijing Sensetime"))
    assert "Beijing Shangtang Technology Development Co., Ltd." in sensetime.aliases
    assert "Sense Time" in sensetime.aliases


def test_question_marks_standing_for_lost_characters_are_repaired(csl: dict[str, LoadedList]) -> None:
    el = csl["csl-entity-list"]
    luhansk = entry(el, "Luhansk People's Republic")  # `Luhansk People?s Republic` in the file
    assert "Lugansk People's Republic" in luhansk.aliases
    assert entry(el, 'OAO Ship Repair Center "Zvezdochka"')  # `?Zvezdochka?`: quotes
    assert entry(el, "SMT-K")  # `SMT?K`: a dash
    assert not any("?" in n for e in el.entries for n in e.names())
    assert el.source.cleaned["question_mark_repaired"] >= 100


def test_entry_fields(csl: dict[str, LoadedList]) -> None:
    plant = entry(csl["csl-entity-list"], "140 Repair Plant JSC")
    assert plant.countries == ("BY",) and plant.citation == "87 FR 20299"
    assert plant.listed_on == date(2022, 4, 7)
    assert plant.id == "csl-entity-list:4398d33e9e93c7477af39f1e0bfffc13ddd47bcc"
    rim = entry(csl["csl-sdn"], "'ABBAS, Rim")
    assert rim.kind == EntityKind.PERSON and rim.countries == ("SY",) and rim.programs == ("SYRIA",)
    assert rim.id == "csl-sdn:21944"
    kinds = Counter(e.kind for e in csl["csl-sdn"].entries)
    assert kinds[EntityKind.VESSEL] > 300 and kinds[EntityKind.AIRCRAFT] > 200


def test_vessels_named_by_a_number_are_kept(csl: dict[str, LoadedList]) -> None:
    names = {e.name for e in csl["csl-sdn"].entries}
    assert {"P-532", "7-28"} <= names  # a ship called `P-532` is a name to screen, not a fragment
