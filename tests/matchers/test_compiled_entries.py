"""A compiled snapshot's entries: packed, read on first use, the values and answers of the built screener."""

from __future__ import annotations

import pickle
from array import array
from pathlib import Path

import pytest

from matchers import compiled
from matchers.entry_store import EntryStore, PackedLists
from matchers.lists import BUILTIN_LIST
from matchers.models import EntityKind, Entry, LoadedList
from matchers.screener import DEFAULT_THRESHOLD, Screener

PATHS = [str(BUILTIN_LIST)]


def _loaded(tmp_path: Path) -> tuple[Screener, Screener]:
    built, outcome = compiled.load_or_build(
        PATHS, DEFAULT_THRESHOLD, lambda: Screener.from_paths(PATHS), tmp_path
    )
    assert outcome.status == "built"
    loaded, again = compiled.load_or_build(PATHS, DEFAULT_THRESHOLD, Screener.from_paths, tmp_path)
    assert again.status == "hit"
    return built, loaded


def test_loaded_screener_reads_no_entry_to_count_or_screen(tmp_path: Path) -> None:
    built, loaded = _loaded(tmp_path)
    assert loaded.packed is not None and built.packed is None
    store = loaded.packed.store
    assert store.loaded() == 0
    assert loaded.entry_count == built.entry_count == len(built.entries) == 28
    assert loaded.sources == built.sources and loaded.version == built.version
    assert store.loaded() == 0  # neither the count nor the sources read an entry
    name = built.lists[0].entries[3].name
    matches = loaded.screen(name)
    assert matches and [m.to_record() for m in matches] == [m.to_record() for m in built.screen(name)]
    assert store.loaded() == 0  # screening reads no entry either (decision 0521)
    assert loaded.screen("Acme Widgets of Nowhere") == built.screen("Acme Widgets of Nowhere")


# Parties near the reporting floor: parts of listed names, other countries and kinds lowering the score.
NEAR_FLOOR = [
    ("Public Security Bureau", "DE", "org"),
    ("Kashgar Security Bureau", "US", None),
    ("Altay Municipal Police", "RU", "person"),
    ("Hikvision Digital", "FR", "org"),
    ("Yixin Science", None, "person"),
    ("Xinjiang Police", "KZ", None),
    ("Hami Public Security", "CN", "org"),
    ("Megvii", "US", "vessel"),
    ("Turpan Bureau", None, None),
    ("Acme Widgets of Nowhere", "GB", "org"),
]


def test_screening_reads_no_entry(tmp_path: Path) -> None:
    """Kind and countries are weighed, and a match's id, list, name and citation written, from the
    screener's tables: neither a candidate near the floor nor a reported match reads its entry (decision
    0521), and the answers are the built screener's."""
    built, loaded = _loaded(tmp_path)
    assert loaded.packed is not None
    store = loaded.packed.store
    reported: set[str] = set()
    for name, country, kind in NEAR_FLOOR:
        for floor in (None, 0.0):
            matches = loaded.screen(name, country=country, kind=kind, floor=floor)
            assert [m.to_record() for m in matches] == [
                m.to_record() for m in built.screen(name, country=country, kind=kind, floor=floor)
            ]
            reported.update(m.entry_id for m in matches)
    assert 0 < len(reported) < 28 and store.loaded() == 0
    # The matches name each entry as the entry itself does.
    for match in (m for n, c, k in NEAR_FLOOR for m in loaded.screen(n, country=c, kind=k, floor=0.0)):
        entry = built.entries[match.entry_id]
        assert (match.list, match.name, match.citation) == (entry.list, entry.name, entry.citation)
        assert (match.kind, match.countries) == (entry.kind, entry.countries)


def test_loaded_lists_and_entries_equal_the_built_ones(tmp_path: Path) -> None:
    built, loaded = _loaded(tmp_path)
    assert loaded.lists == built.lists
    assert loaded.entries == built.entries and list(loaded.entries) == list(built.entries)
    for entry in loaded.entries.values():
        assert type(entry) is Entry and entry.model_fields_set == built.entries[entry.id].model_fields_set
        assert entry.content_hash() == built.entries[entry.id].content_hash()
    # One object per entry whichever view reads it first (the index reads the store).
    assert loaded.packed is not None
    store = loaded.packed.store
    assert all(loaded.entries[e.id] is e for e in store)
    assert all(e is store[i] for i, e in enumerate(e for lst in loaded.lists for e in lst.entries))
    assert loaded.subset(list(built.entries)[:5]).entry_count == 5


def test_store_round_trips_every_field_kind() -> None:
    entries = [
        Entry(id="x:1", list="x", name="Alpha Ltd", kind=EntityKind.ORGANISATION, countries=("CN",)),
        Entry(
            id="x:2", list="x", name="Бета", aliases=("Beta", "Beta Co"), listed_on="2019-10-09", citation="c"
        ),
        Entry(
            id="x:3",
            list="x",
            name="Gamma",
            kind=EntityKind.PERSON,
            birth_dates=("1970",),
            identifiers=("9",),
        ),
    ]
    store = EntryStore.pack(entries)
    assert store is not None
    again = pickle.loads(pickle.dumps(store, protocol=5))
    assert again.loaded() == 0 and len(again) == 3
    assert again[2] == entries[2] and again.loaded() == 1
    assert list(again) == entries and again[-1] is again[2] and again[0:2] == entries[0:2]
    with pytest.raises(IndexError):
        again[3]
    with pytest.raises(ValueError):
        EntryStore(b"abc", array("q", [0, 2]))


def test_lists_with_an_id_twice_are_pickled_whole(tmp_path: Path) -> None:
    """The packed form holds only lists whose entries are the index's, in order; else nothing changes."""
    base = Screener.from_paths(PATHS)
    twice = LoadedList(
        source=base.lists[0].source, entries=(*base.lists[0].entries, base.lists[0].entries[0])
    )
    screener = Screener([twice])
    assert PackedLists.pack(screener.lists, list(screener.entries.values())) is None
    target = tmp_path / "twice.screener"
    compiled.write(screener, target, key="k")
    loaded = compiled.read(target, key="k", expect=Screener)
    assert loaded.packed is None and loaded.entry_count == 28
    assert loaded.lists == screener.lists and loaded.entries == screener.entries
    name = base.lists[0].entries[3].name
    assert [m.to_record() for m in loaded.screen(name)] == [m.to_record() for m in base.screen(name)]


def test_loaded_screener_written_again_stays_packed(tmp_path: Path) -> None:
    """A loaded screener whose lists were read is written packed again: one object per entry once loaded."""
    built, loaded = _loaded(tmp_path)
    assert loaded.lists == built.lists  # every entry read
    target = tmp_path / "again.screener"
    compiled.write(loaded, target, key="k")
    again = compiled.read(target, key="k", expect=Screener)
    assert again.packed is not None and again.packed.store.loaded() == 0
    assert again.lists == built.lists and again.entries == built.entries
    assert all(again.entries[e.id] is e for e in again.packed.store)
