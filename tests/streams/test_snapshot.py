"""The active list snapshot: atomic swaps, fail-closed load errors, and the list metrics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matchers import Screener
from matchers.models import EntityKind, Entry, LoadedList, SourceInfo
from streams.metrics import Metrics
from streams.settings import builtin_list_path
from streams.snapshot import SnapshotHolder


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_paths([builtin_list_path()])


def tiny_screener() -> Screener:
    entry = Entry(id="test:1", list="test-list", kind=EntityKind.ORGANISATION, name="Example Listed Works")
    source = SourceInfo(list="test-list", path="mem", format="test", entries=1, aliases=0, content_hash="abc")
    return Screener([LoadedList(source=source, entries=(entry,))])


def test_a_new_holder_is_not_loaded_and_says_so() -> None:
    metrics = Metrics()
    holder = SnapshotHolder(metrics, freeze_gc=False)
    assert not holder.current.loaded and holder.current.error
    assert "holdline_lists_loaded 0.0" in metrics.render().decode()


def test_loading_publishes_entries_version_and_load_time(screener: Screener) -> None:
    metrics = Metrics()
    holder = SnapshotHolder(metrics, freeze_gc=False)
    snapshot = holder.load([builtin_list_path()], threshold=0.8)
    assert snapshot.loaded and snapshot.error is None
    assert snapshot.version == screener.version
    text = metrics.render().decode()
    per_list: dict[str, int] = {}
    for entry in screener.entries.values():
        per_list[entry.list] = per_list.get(entry.list, 0) + 1
    for list_id, count in per_list.items():
        assert f'holdline_list_entries{{list="{list_id}"}} {float(count)}' in text
    assert f'holdline_list_snapshot_info{{version="{screener.version}"}} 1.0' in text
    assert "holdline_lists_loaded 1.0" in text
    assert f"holdline_list_loaded_timestamp_seconds {snapshot.loaded_at:.9e}"[:45] in text


@pytest.mark.parametrize("content", [None, '{"entities": [ not json', ""])
def test_an_unreadable_list_fails_closed_instead_of_raising(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "list.json"
    if content is not None:
        path.write_text(content)
    metrics = Metrics()
    holder = SnapshotHolder(metrics, freeze_gc=False)
    snapshot = holder.load([path], threshold=0.8)
    assert not snapshot.loaded and snapshot.screener is None
    assert "cannot load lists" in (snapshot.error or "") and str(path.name) in (snapshot.error or "")
    assert "holdline_lists_loaded 0.0" in metrics.render().decode()


def test_a_list_with_no_entries_is_an_error_not_an_empty_screen(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text(
        json.dumps(
            {
                "list_id": "bis_entity_list",
                "source_file": "x",
                "extracted": "2019-10-09",
                "count": 0,
                "entities": [],
            }
        )
    )
    snapshot = SnapshotHolder(freeze_gc=False).load([path], threshold=0.8)
    assert not snapshot.loaded, "an empty snapshot would clear every event"


def test_swap_replaces_the_snapshot_and_its_cache_and_version_series(screener: Screener) -> None:
    metrics = Metrics()
    holder = SnapshotHolder(metrics, freeze_gc=False)
    first = holder.swap(screener)
    assert first.cache is not None
    first.cache.put(("x", None, None), ())
    subset = tiny_screener()
    assert subset.version != screener.version
    second = holder.swap(subset)
    assert holder.current is second and second.cache is not None and len(second.cache) == 0
    text = metrics.render().decode()
    assert f'version="{subset.version}"' in text
    assert f'version="{screener.version}"' not in text, "only the active snapshot's version is 1"


def test_a_failure_after_a_good_snapshot_is_visible(screener: Screener) -> None:
    metrics = Metrics()
    holder = SnapshotHolder(metrics, freeze_gc=False)
    holder.swap(screener)
    holder.fail("operator said so")
    assert not holder.current.loaded and holder.current.error == "operator said so"
    text = metrics.render().decode()
    assert "holdline_lists_loaded 0.0" in text and "holdline_list_entries{" not in text


def test_the_store_manifest_name_is_the_stores() -> None:
    """`manifest_time` looks for the store's manifest by name without importing the store."""
    from matchers.lists.store import MANIFEST
    from streams.snapshot import STORE_MANIFEST

    assert STORE_MANIFEST == MANIFEST


def test_a_compiled_snapshots_entries_are_counted_per_list_without_reading_one(tmp_path: Path) -> None:
    """The list-entries gauge of a worker started from a compiled snapshot: the same counts as counting
    every entry by its list, read from the packed lists instead (decision 0528), so no entry is unpickled
    on the way to ready."""
    from collections import Counter

    from matchers import compiled
    from streams.snapshot import entries_per_list

    lists = Path(__file__).resolve().parents[3] / "shared" / "lists" / "us_bis_state_2026-07"
    paths = [str(builtin_list_path()), str(lists / "bis_meu.json"), str(lists / "dhs_uflpa.json")]
    build = lambda: Screener.from_paths(paths)  # noqa: E731
    built, first = compiled.load_or_build(paths, 0.8, build, tmp_path)
    loaded, second = compiled.load_or_build(paths, 0.8, build, tmp_path)
    assert (first.status, second.status) == ("built", "hit")
    assert loaded.packed is not None and built.packed is None
    counts = entries_per_list(loaded)
    assert loaded.packed.store.loaded() == 0
    assert counts == Counter(entry.list for entry in built.entries.values()) == entries_per_list(built)
    assert len(counts) == 3 and sum(counts.values()) == loaded.entry_count

    metrics = Metrics()
    SnapshotHolder(metrics, freeze_gc=False).swap(loaded, paths)
    text = metrics.render().decode()
    for list_id, count in counts.items():
        assert f'holdline_list_entries{{list="{list_id}"}} {float(count)}' in text
    assert loaded.packed.store.loaded() == 0
