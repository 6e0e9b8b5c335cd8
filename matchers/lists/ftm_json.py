"""OpenSanctions exports in the FollowTheMoney (FtM) format: `entities.ftm.json`, `targets.nested.json`.

One JSON entity per line. The `followthemoney` schema model decides what an entity is (`Company` is an
`Organization` is a `LegalEntity`), so a schema OpenSanctions adds later is read by what it inherits from,
not by a table here. Only screening targets become entries: `"target": true`, or a sanction topic on the
entity. The others (addresses, sanction records, ownership links) describe targets: an `Address` gives its
text and country to the targets pointing at it, a `Sanction` its program and listing date.

Every dataset an entity belongs to is one list (`eu_fsf`, `us_ofac_sdn`...), named as OpenSanctions names
it, so the dataset is in every match and an API client can scope a query to it. An entity in several
datasets is an entry of each, like a party the US lists repeat (CSL and SDN). Several FtM files load
together (`load_many`): an entity in two files is one entity, the later file's version.

Deltas (`entities.delta.json`: `{"op": "ADD"|"MOD"|"DEL", "entity": {...}}`) are not lists; `apply_delta`
folds them into the entities of a snapshot (see `holdline lists apply-delta`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matchers.lists.assemble import ListBuilder, Origin, Record, parse_date
from matchers.lists.errors import ListLoadError
from matchers.models import EntityKind, LoadedList

FORMAT = "ftm-json"
# Topics that make an entity a screening target even without `target: true` (OpenSanctions' own names).
SANCTION_TOPICS = frozenset({"sanction", "sanction.linked", "sanction.control", "sanction.counter"})
# The properties holding the names a party is known by; the rest (firstName, abbreviation...) are parts or
# acronyms that would match far too widely on their own.
NAME_PROPERTIES = ("name", "alias", "previousName", "weakAlias")
DELTA_OPS = frozenset({"ADD", "MOD", "DEL"})

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy
    from followthemoney.schema import Schema


def _kind(schema: Schema) -> EntityKind | None:
    """What a party of this schema is; None for schemas that are not parties (addresses, links...)."""
    if schema.is_a("Person"):
        return EntityKind.PERSON
    if schema.is_a("Vessel"):
        return EntityKind.VESSEL
    if schema.is_a("Airplane"):
        return EntityKind.AIRCRAFT
    if schema.is_a("Organization"):
        return EntityKind.ORGANISATION
    if schema.is_a("LegalEntity"):
        return EntityKind.UNKNOWN
    return None


def first_line(data: bytes) -> Any:
    """The first non-blank line as JSON, or None: how the sniffer tells FtM lines from one JSON document."""
    for line in data[: 1 << 20].splitlines():
        if line.strip():
            try:
                return json.loads(line)
            except ValueError:
                return None
    return None


def is_entity(obj: Any) -> bool:
    return (
        isinstance(obj, dict)
        and isinstance(obj.get("schema"), str)
        and isinstance(obj.get("properties"), dict)
        and "id" in obj
    )


def is_delta(obj: Any) -> bool:
    return isinstance(obj, dict) and obj.get("op") in DELTA_OPS and isinstance(obj.get("entity"), dict)


def _lines(path: Path, data: bytes) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except ValueError as exc:
            raise ListLoadError(path, f"line {number}: invalid JSON (truncated or corrupt?): {exc}") from exc


def _flatten(entity: dict[str, Any], out: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """`targets.nested.json` writes linked entities inside properties; keep them apart, by id."""
    properties: dict[str, list[Any]] = {}
    for prop, values in (entity.get("properties") or {}).items():
        kept: list[Any] = []
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, dict) and is_entity(value):
                nested = _flatten(value, out)
                out.setdefault(str(nested["id"]), nested)
                kept.append(str(nested["id"]))
            else:
                kept.append(value)
        properties[prop] = kept
    return {**entity, "properties": properties}


def read_entities(path: Path, data: bytes) -> dict[str, dict[str, Any]]:
    """The entities of one FtM file by id, nested ones lifted out; any bad line fails the whole file."""
    entities: dict[str, dict[str, Any]] = {}
    for number, obj in _lines(path, data):
        if not is_entity(obj):
            raise ListLoadError(path, f"line {number}: not an FtM entity (needs id, schema, properties)")
        flat = _flatten(obj, entities)
        entities[str(flat["id"])] = flat
    if not entities:
        raise ListLoadError(path, "FtM file holds no entities")
    return entities


@dataclass(frozen=True)
class DeltaOp:
    op: str
    entity_id: str
    entity: dict[str, Any] | None  # None for DEL


def read_delta(path: Path, data: bytes) -> list[DeltaOp]:
    ops: list[DeltaOp] = []
    for number, obj in _lines(path, data):
        if not is_delta(obj) or "id" not in obj["entity"]:
            raise ListLoadError(path, f"line {number}: not an FtM delta (op ADD|MOD|DEL, entity with id)")
        entity_id = str(obj["entity"]["id"])
        if obj["op"] == "DEL":
            ops.append(DeltaOp("DEL", entity_id, None))
        else:
            if not is_entity(obj["entity"]):
                raise ListLoadError(path, f"line {number}: {obj['op']} without a full entity")
            ops.append(DeltaOp(obj["op"], entity_id, obj["entity"]))
    return ops


def apply_delta(entities: Mapping[str, dict[str, Any]], ops: Iterable[DeltaOp]) -> dict[str, dict[str, Any]]:
    """The entities after the delta, in order: ADD and MOD replace the whole entity, DEL removes it."""
    out = dict(entities)
    for op in ops:
        if op.entity is None:
            out.pop(op.entity_id, None)
        else:
            flat: dict[str, dict[str, Any]] = {}
            out[op.entity_id] = _flatten(op.entity, flat)
            for nested_id, nested in flat.items():
                out.setdefault(nested_id, nested)
    return out


def dumps(entities: Mapping[str, dict[str, Any]]) -> bytes:
    return b"".join(
        json.dumps(e, ensure_ascii=False, sort_keys=True).encode() + b"\n" for e in entities.values()
    )


def is_target(entity: Mapping[str, Any]) -> bool:
    if entity.get("target") is True:
        return True
    topics = (entity.get("properties") or {}).get("topics") or []
    return any(t in SANCTION_TOPICS for t in topics)


def _proxy(entity: dict[str, Any]) -> EntityProxy | None:
    # Imported here: followthemoney pulls in an HTTP client, which `import matchers.lists` must not.
    from followthemoney import model
    from followthemoney.exc import InvalidData

    try:
        return model.get_proxy(entity, cleaned=True)
    except (InvalidData, TypeError, ValueError):
        return None


def load(path: Path, data: bytes) -> list[LoadedList]:
    return build_lists(read_entities(path, data), str(path))


def load_many(files: Iterable[tuple[Path, bytes]]) -> list[LoadedList]:
    entities: dict[str, dict[str, Any]] = {}
    paths: list[str] = []
    for path, data in files:
        entities.update(read_entities(path, data))
        paths.append(str(path))
    return build_lists(entities, ", ".join(paths))


def _dataset_hash(entities: Iterable[dict[str, Any]]) -> str:
    digest = hashlib.sha256()
    for entity in sorted(entities, key=lambda e: str(e["id"])):
        digest.update(json.dumps(entity, sort_keys=True, ensure_ascii=False).encode())
        digest.update(b"\n")
    return digest.hexdigest()[:16]


def build_lists(entities: Mapping[str, dict[str, Any]], path: str) -> list[LoadedList]:
    """One `LoadedList` per dataset, in name order."""
    by_dataset: dict[str, list[dict[str, Any]]] = {}
    sanctions: dict[str, list[EntityProxy]] = {}
    for entity in entities.values():
        for dataset in entity.get("datasets") or ["opensanctions"]:
            by_dataset.setdefault(str(dataset), []).append(entity)
        if entity.get("schema") == "Sanction":
            sanction = _proxy(entity)
            if sanction is not None:
                for target in sanction.get("entity", quiet=True):
                    sanctions.setdefault(target, []).append(sanction)
    lists: list[LoadedList] = []
    for dataset in sorted(by_dataset):
        members = by_dataset[dataset]
        seen = [str(e.get("last_seen") or "")[:10] for e in members if e.get("last_seen")]
        origin = Origin(path, FORMAT, max(seen) if seen else None, _dataset_hash(members))
        builder = ListBuilder(dataset, origin)
        for entity in members:
            _add(builder, entity, entities, sanctions)
        lists.append(builder.build())
    return lists


def _add(
    builder: ListBuilder,
    entity: dict[str, Any],
    entities: Mapping[str, dict[str, Any]],
    sanctions: Mapping[str, list[EntityProxy]],
) -> None:
    if not is_target(entity):
        builder.skip("not_target")
        return
    proxy = _proxy(entity)
    if proxy is None:
        builder.skip("invalid_entity")
        return
    kind = _kind(proxy.schema)
    if kind is None:
        builder.skip("schema_not_a_party")
        return
    names = [n for prop in NAME_PROPERTIES for n in proxy.get(prop, quiet=True)]
    if not names:
        builder.skip("row_no_name")
        return
    caption = str(entity.get("caption") or "")
    primary = caption if caption in names else names[0]
    from followthemoney import registry

    countries = list(proxy.get_type_values(registry.country))
    addresses = list(proxy.get("address", quiet=True))
    for address_id in proxy.get("addressEntity", quiet=True):
        linked = _proxy(entities[address_id]) if address_id in entities else None
        if linked is None:
            continue
        text = linked.first("full", quiet=True) or linked.caption
        if text:
            addresses.append(text)
        countries.extend(linked.get("country", quiet=True))
    programs: list[str] = []
    listed: list[date] = []
    for sanction in sanctions.get(proxy.id or "", []):
        programs.extend(sanction.get("program", quiet=True))
        listed.extend(
            filter(
                None,
                map(
                    parse_date,
                    sanction.get("listingDate", quiet=True) + sanction.get("startDate", quiet=True),
                ),
            )
        )
    programs.extend(proxy.get("topics", quiet=True))
    builder.add(
        Record(
            name=primary,
            key=str(entity["id"]),
            aliases=[n for n in names if n != primary],
            kind=kind,
            countries=[c.upper() for c in countries],
            addresses=addresses,
            programs=programs,
            listed_on=min(listed) if listed else None,
            identifiers=list(proxy.get_type_values(registry.identifier)),
            birth_dates=list(proxy.get("birthDate", quiet=True)),
        )
    )
