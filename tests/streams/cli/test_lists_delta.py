"""`holdline lists apply-delta` on the shared OpenSanctions samples, and what re-screening then covers."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from matchers import Screener
from matchers.lists import ftm_json
from matchers.lists.store import SnapshotStore
from streams.cli.main import main
from streams.compliance.rescreen import OpenEvent, RememberedParty, rescreen, snapshot_delta

FTM = Path(__file__).resolve().parents[3] / ".." / "shared" / "formats" / "opensanctions_ftm_2024-05"


@pytest.fixture
def store(tmp_path: Path) -> SnapshotStore:
    store = SnapshotStore(tmp_path / "store")
    data = (FTM / "t1" / "entities.ftm.json").read_bytes()
    store.import_files({"opensanctions": {"entities.ftm.json": data}}, "import")
    return store


def delta_ops() -> list[ftm_json.DeltaOp]:
    ops = []
    for version in sorted(p.name for p in (FTM / "t2").iterdir() if p.is_dir()):
        path = FTM / "t2" / version / "entities.delta.json"
        ops += ftm_json.read_delta(path, path.read_bytes()) if path.read_bytes().strip() else []
    return ops


def test_index_applies_every_version_once(store: SnapshotStore, capsys: pytest.CaptureFixture[str]) -> None:
    before = store.current()
    assert (
        main(["lists", "apply-delta", "--store", str(store.root), str(FTM / "t2" / "delta.json"), "--json"])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    after = store.current()
    assert after.version == out["snapshot"] != before.version
    assert after.manifest.origin == "delta:20240528134729-3iv"
    ops = delta_ops()
    assert out["operations"] == {op: sum(1 for o in ops if o.op == op) for op in ("ADD", "MOD", "DEL")}
    # Applying the same index again changes nothing: every version is already in.
    assert main(["lists", "apply-delta", "--store", str(store.root), str(FTM / "t2" / "delta.json")]) == 0
    assert "unchanged" in capsys.readouterr().out and store.current().version == after.version


def test_rescreening_covers_exactly_the_changed_entries(
    store: SnapshotStore, capsys: pytest.CaptureFixture[str]
) -> None:
    old = Screener.from_paths(store.current().list_paths())
    assert (
        main(["lists", "apply-delta", "--store", str(store.root), str(FTM / "t2" / "delta.json"), "--json"])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    new = Screener.from_paths(store.current().list_paths())
    delta = snapshot_delta(old, new)
    ops = delta_ops()
    final = ftm_json.apply_delta({}, [o for o in ops if o.op != "DEL"])
    deleted = {o.entity_id for o in ops if o.op == "DEL"}
    expected = {
        f"{ds}:{eid}"
        for eid, e in final.items()
        if eid not in deleted and ftm_json.is_target(e)
        for ds in e["datasets"]
    }
    assert set(delta.screen_ids) == expected == set(out["rescreen_entries"])
    assert not delta.removed  # the one DEL removes an entity its own delta added
    # An open event naming an added party is held; one naming an unchanged party is not held again.
    added = next(e for e in final.values() if e["schema"] == "Person")
    t1 = FTM / "t1" / "entities.ftm.json"
    people = [e for e in ftm_json.read_entities(t1, t1.read_bytes()).values() if e["schema"] == "Person"]
    unchanged = people[0]
    events = [_open_event("E-new", added["caption"]), _open_event("E-old", unchanged["caption"])]
    result = rescreen(events, old, new, delta=delta)
    assert [h["event_id"] for h in result.holds] == ["E-new"]


def _open_event(event_id: str, name: str) -> OpenEvent:
    now = datetime.now(UTC)
    return OpenEvent(
        key=f"purchase_order:{event_id}",
        event_id=event_id,
        event_type="purchase_order",
        occurred_at=now,
        source_topic="t",
        source_partition=0,
        parties=[RememberedParty(role="supplier", party={"name": name, "kind": "person"})],
        event={},
    )


def test_a_missing_version_changes_nothing(
    store: SnapshotStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = tmp_path / "delta.json"
    index.write_text(json.dumps({"versions": {"20990101000000-x": "https://example.invalid/x"}}))
    before = store.current().version
    assert main(["lists", "apply-delta", "--store", str(store.root), str(index)]) == 1
    assert "nothing changed" in capsys.readouterr().err and store.current().version == before
