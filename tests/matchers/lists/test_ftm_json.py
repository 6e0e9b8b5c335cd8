"""OpenSanctions FollowTheMoney exports on the shared samples (yente's own test fixtures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matchers import Screener
from matchers.lists import ListLoadError, ftm_json, load_paths, load_sources
from matchers.lists.detect import Kind, sniff
from matchers.models import EntityKind, LoadedList

FTM = Path(__file__).resolve().parents[3] / ".." / "shared" / "formats" / "opensanctions_ftm_2024-05"


@pytest.fixture(scope="module")
def samples() -> Path:
    assert FTM.is_dir(), f"the shared FtM samples are missing: {FTM}"
    return FTM


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def by_list(loaded: list[LoadedList]) -> dict[str, LoadedList]:
    return {lst.source.list: lst for lst in loaded}


def test_detected_from_content_whatever_the_name(samples: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "data.bin"
    renamed.write_bytes((samples / "t1" / "entities.ftm.json").read_bytes())
    assert sniff(renamed).kind == Kind.FTM_JSON
    delta = samples / "t2" / "20240528014702-pfh" / "entities.delta.json"
    assert sniff(delta).kind == Kind.FTM_DELTA
    assert sniff(samples / "t2" / "delta.json").kind == Kind.METADATA
    assert sniff(samples / "t1" / "index.json").kind == Kind.METADATA


def test_only_targets_become_entries_one_list_per_dataset(samples: Path) -> None:
    path = samples / "t1" / "entities.ftm.json"
    [eu] = load_paths([path])
    raw = lines(path)
    targets = [e for e in raw if e.get("target")]
    assert eu.source.list == "eu_fsf" and eu.source.format == "ftm-json"
    assert {e.id for e in eu.entries} == {f"eu_fsf:{e['id']}" for e in targets}
    assert eu.source.skipped["not_target"] == len(raw) - len(targets)  # the Address entity
    assert all(e.list == "eu_fsf" for e in eu.entries)


def test_fields_from_the_schema_model(samples: Path) -> None:
    path = samples / "t1" / "entities.ftm.json"
    raw = {e["id"]: e for e in lines(path)}
    [eu] = load_paths([path])
    entries = {e.id.split(":", 1)[1]: e for e in eu.entries}
    for entity_id, entry in entries.items():
        entity = raw[entity_id]
        props = entity["properties"]
        expected_kind = EntityKind.PERSON if entity["schema"] == "Person" else EntityKind.ORGANISATION
        assert entry.kind == expected_kind
        assert entry.name == entity["caption"]
        for alias in props.get("alias", []):
            assert alias in entry.names() or alias.strip() in " ".join(entry.names())
        assert {c.upper() for c in props.get("country", []) + props.get("nationality", [])} <= set(
            entry.countries
        )
        for number in props.get("registrationNumber", []) + props.get("idNumber", []):
            assert number in entry.identifiers
        assert tuple(props.get("birthDate", [])) == entry.birth_dates
        assert set(props.get("topics", [])) <= set(entry.programs)


def test_addresses_come_from_linked_address_entities(samples: Path) -> None:
    path = samples / "zala" / "entities.ftm.json"
    raw = {e["id"]: e for e in lines(path)}
    entries = {e.id.split(":", 1)[1]: e for lst in load_paths([path]) for e in lst.entries}
    linked = [
        (eid, a)
        for eid, e in raw.items()
        if eid in entries
        for a in e["properties"].get("addressEntity", [])
        if a in raw
    ]
    assert linked
    for eid, address_id in linked:
        full = raw[address_id]["properties"]["full"][0]
        assert any(full.split(",")[0] in a for a in entries[eid].addresses)


def test_company_is_a_legal_entity_and_previous_and_weak_names_are_read(samples: Path) -> None:
    path = samples / "zala" / "entities.ftm.json"
    loaded = load_paths([path])
    entries = {e.id.split(":", 1)[1]: e for lst in loaded for e in lst.entries}
    raw = [e for e in lines(path) if e.get("target")]
    companies = [e for e in raw if e["schema"] == "Company"]
    assert companies and all(entries[c["id"]].kind == EntityKind.ORGANISATION for c in companies)
    for entity in raw:
        for prop in ("previousName", "weakAlias"):
            for name in entity["properties"].get(prop, []):
                names = " | ".join(entries[entity["id"]].names()).lower()
                assert name.lower().strip() in names or name.lower().split()[0] in names
    datasets = {d for e in raw for d in e["datasets"]}
    assert {lst.source.list for lst in loaded} == datasets


def test_two_files_share_one_entity_set(samples: Path) -> None:
    """Both samples hold eu_fsf: loaded together they make one eu_fsf list, not a conflict."""
    t1, zala = samples / "t1" / "entities.ftm.json", samples / "zala" / "entities.ftm.json"
    together = by_list(load_paths([t1, zala]))
    alone = by_list(load_paths([t1])), by_list(load_paths([zala]))
    expected = {e.id for part in alone for e in part["eu_fsf"].entries}
    assert {e.id for e in together["eu_fsf"].entries} == expected


def test_screening_names_the_dataset(samples: Path) -> None:
    path = samples / "t1" / "entities.ftm.json"
    person = next(e for e in lines(path) if e["schema"] == "Person" and e.get("target"))
    screener = Screener.from_paths([path])
    matches = screener.screen(person["caption"], kind="person")
    assert matches and matches[0].list == "eu_fsf" and matches[0].entry_id == f"eu_fsf:{person['id']}"
    assert screener.is_hit(matches)


def test_lists_info_reports_ftm_like_every_list(samples: Path) -> None:
    from streams.cli.lists import format_table, info_report

    report = info_report(load_sources([samples / "t1" / "entities.ftm.json"]))
    [source] = report["sources"]
    assert source["list"] == "eu_fsf" and source["format"] == "ftm-json" and source["entries"] == 6
    assert source["snapshot"] == max(e["last_seen"][:10] for e in lines(samples / "t1" / "entities.ftm.json"))
    assert "eu_fsf" in format_table(report)


def test_corrupt_line_fails_the_file(samples: Path, tmp_path: Path) -> None:
    text = (samples / "t1" / "entities.ftm.json").read_text().splitlines()
    bad = tmp_path / "entities.ftm.json"
    bad.write_text("\n".join([*text[:2], text[2][: len(text[2]) // 2], *text[3:]]) + "\n")
    with pytest.raises(ListLoadError, match="line 3"):
        load_paths([bad])


def test_delta_is_not_a_list(samples: Path) -> None:
    with pytest.raises(ListLoadError, match="apply-delta"):
        load_paths([samples / "t2" / "20240528014702-pfh" / "entities.delta.json"])


def test_nested_targets_lift_linked_entities(samples: Path, tmp_path: Path) -> None:
    """`targets.nested.json` writes an address inside its target: it is still read as the address."""
    raw = {e["id"]: e for e in lines(samples / "zala" / "entities.ftm.json")}
    target = next(
        e
        for e in raw.values()
        if e.get("target") and set(e["properties"].get("addressEntity", [])) & set(raw)
    )
    nested = json.loads(json.dumps(target))
    linked = [raw[i] for i in target["properties"]["addressEntity"] if i in raw]
    nested["properties"]["addressEntity"] = linked
    path = tmp_path / "targets.nested.json"
    path.write_text(json.dumps(nested) + "\n")
    loaded = load_paths([path])
    assert {lst.source.list for lst in loaded} == set(target["datasets"])
    entry = loaded[0].entries[0]
    address = linked[0]["properties"]["full"][0]
    assert any(address.split(",")[0] in a for a in entry.addresses)


def test_deltas_apply_in_order(samples: Path) -> None:
    entities = ftm_json.read_entities(
        samples / "t1" / "entities.ftm.json", (samples / "t1" / "entities.ftm.json").read_bytes()
    )
    before = set(entities)
    ops = []
    for version in sorted(p.name for p in (samples / "t2").iterdir() if p.is_dir()):
        path = samples / "t2" / version / "entities.delta.json"
        data = path.read_bytes()
        ops += ftm_json.read_delta(path, data) if data.strip() else []
    after = ftm_json.apply_delta(entities, ops)
    added = {o.entity_id for o in ops if o.op == "ADD"}
    deleted = {o.entity_id for o in ops if o.op == "DEL"}
    assert set(after) == (before | added) - deleted
    modified = next(o for o in ops if o.op == "MOD")
    assert after[modified.entity_id]["datasets"] == modified.entity["datasets"]
