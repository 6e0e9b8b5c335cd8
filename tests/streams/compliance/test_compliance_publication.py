"""Snapshot publications: chunked content with checksums; incomplete or altered ones are refused."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from matchers.lists.store import SnapshotStore
from streams.compliance.publication import CHUNK_BYTES, Assembler, PublicationError, collect_files, encode

LISTS = Path(__file__).resolve().parents[3] / ".." / "shared" / "lists"


def test_round_trip_of_a_multi_chunk_file_and_a_folder(tmp_path: Path) -> None:
    sdn = LISTS / "us_ofac_sdn_2024-05" / "sdn.csv"
    files = collect_files([sdn, LISTS / "us_ofac_cons_2025-12"])
    assert list(files) == ["01-sdn.csv", "02-us_ofac_cons_2025-12"]
    assert "cons_prim.csv" in files["02-us_ofac_cons_2025-12"]
    publication_id, records = encode(files, publisher="ops")
    assert sum(r["kind"] == "snapshot_chunk" for r in records) > sdn.stat().st_size // CHUNK_BYTES
    assert max(len(json.dumps(r)) for r in records) < 900_000  # under Kafka's default 1 MB message size
    assembler = Assembler()
    results = [assembler.add(json.loads(json.dumps(r))) for r in records]
    assert results[:-1] == [None] * (len(records) - 1)
    manifest, assembled = results[-1]
    assert manifest.publication_id == publication_id and manifest.publisher == "ops"
    assert assembled["01-sdn.csv"]["sdn.csv"] == sdn.read_bytes()
    # What a worker does with it: a verified snapshot in its local store, loadable as a whole.
    store = SnapshotStore(tmp_path / "store")
    snap = store.import_files(assembled, origin="publish")
    from matchers.lists import load_paths

    loaded = load_paths([sdn, LISTS / "us_ofac_cons_2025-12"])
    expected = {lst.source.list: len(lst.entries) for lst in loaded}
    assert {s.name: s.lists for s in snap.manifest.sources} == {
        "01-sdn.csv": {"ofac-sdn": expected["ofac-sdn"]},
        "02-us_ofac_cons_2025-12": {"ofac-cons": expected["ofac-cons"]},
    }


def test_missing_or_altered_chunks_are_refused(tmp_path: Path) -> None:
    data = os.urandom(CHUNK_BYTES * 2 + 10)
    (tmp_path / "big.json").write_bytes(data)
    _, records = encode(collect_files([tmp_path / "big.json"]), publisher="ops")
    assembler = Assembler()
    for r in records[:1] + records[2:-1]:  # the second chunk never arrives
        assembler.add(r)
    with pytest.raises(PublicationError, match="incomplete"):
        assembler.add(records[-1])
    _, records = encode(collect_files([tmp_path / "big.json"]), publisher="ops")
    manifest = dict(records[-1])
    manifest["files"] = [{**manifest["files"][0], "sha256": "0" * 64}]
    assembler = Assembler()
    for r in records[:-1]:
        assembler.add(r)
    with pytest.raises(PublicationError, match="sha256"):
        assembler.add(manifest)


def test_missing_paths_are_refused(tmp_path: Path) -> None:
    with pytest.raises(PublicationError, match="no such file"):
        collect_files([tmp_path / "nope.json"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(PublicationError, match="empty folder"):
        collect_files([tmp_path / "empty"])


def test_a_snapshot_with_unsafe_names_is_refused(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path / "store")
    with pytest.raises(Exception, match="unsafe"):
        store.import_files({"x": {"../../etc/passwd": b"x"}}, origin="publish")
    assert store.current() is None


def test_a_chunk_inflating_past_its_size_is_refused_not_decompressed() -> None:
    import base64
    import gzip

    bomb = gzip.compress(b"\0" * (CHUNK_BYTES * 40), 9)  # ~10 MiB from a few KiB
    record = {
        "kind": "snapshot_chunk",
        "publication_id": "p1",
        "source": "s",
        "path": "f",
        "index": 0,
        "data_b64": base64.b64encode(bomb).decode(),
    }
    with pytest.raises(PublicationError, match="bad chunk"):
        Assembler().add(record)
    honest = gzip.compress(b"x" * CHUNK_BYTES, 9)
    assert Assembler().add({**record, "data_b64": base64.b64encode(honest).decode()}) is None
