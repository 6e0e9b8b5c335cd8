"""A worker receiving a publication loads the snapshot the publisher compiled, without parsing again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import matchers.lists
from matchers import compiled
from matchers.lists import BUILTIN_LIST
from matchers.lists.store import SnapshotStore
from matchers.screener import DEFAULT_THRESHOLD
from streams.compliance.publication import Assembler, collect_files, encode
from streams.snapshot import SnapshotHolder, load_screener


def _second_list(folder: Path) -> Path:
    folder.mkdir()
    data = json.loads(BUILTIN_LIST.read_text())
    data["list_id"] = "bis-entity-list-copy"
    data["entities"] = data["entities"][:5]
    data.pop("count", None)
    (folder / "copy.json").write_text(json.dumps(data))
    return folder


def test_publication_is_verified_and_loaded_from_the_publishers_compiled_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(compiled.ENV_CACHE_DIR, str(tmp_path / "cache"))
    paths = [BUILTIN_LIST, _second_list(tmp_path / "second")]
    published, outcome = compiled.compile_paths(paths, DEFAULT_THRESHOLD)  # what `lists publish` does
    assert outcome.status == "built"

    # The worker's side: the publication's records assembled, imported into its store, then loaded.
    _, records = encode(collect_files(paths), publisher="test")
    assembler = Assembler()
    done = [d for d in (assembler.add(r) for r in records) if d is not None]
    assert len(done) == 1

    def no_parsing(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the worker parsed the lists instead of using the compiled snapshot")

    monkeypatch.setattr(matchers.lists, "load_paths", no_parsing)
    store = SnapshotStore(tmp_path / "worker-store", verifier=compiled.cached_verifier)  # as the worker
    snap = store.import_files(done[0][1], "publish")
    assert [s.entries for s in snap.manifest.sources] == [28, 5]
    screener = load_screener(snap.list_paths(), DEFAULT_THRESHOLD)
    assert screener.version == published.version
    assert screener.entries.keys() == published.entries.keys()
    for name in ("Hikvision", "Dahua Technology"):
        expected = [m.to_record() for m in published.screen(name)]
        assert [m.to_record() for m in screener.screen(name)] == expected


def test_holder_fails_closed_when_the_lists_are_missing_even_with_a_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(compiled.ENV_CACHE_DIR, str(tmp_path / "cache"))
    holder = SnapshotHolder(freeze_gc=False)
    snapshot = holder.load([tmp_path / "missing.json"], DEFAULT_THRESHOLD)
    assert not snapshot.loaded and "missing.json" in (snapshot.error or "")
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())
