"""`SnapshotView`: one loaded snapshot as the API presents it, built once per snapshot, read by every request.

Every list is a dataset (named by its list id); `default` is all of them. An FtM entity keeps its own id,
schema and properties (it is one entity whatever the number of its datasets, as in yente); an entry of any
other list becomes an entity whose properties are the FtM names of its fields, so a yente client reads
every list the same way.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from matchers import Screener
from matchers.lists import ftm_json
from matchers.models import EntityKind, Entry
from streams.cache import PartyCache

log = logging.getLogger(__name__)

DEFAULT_DATASET = "default"
KIND_SCHEMA = {
    EntityKind.PERSON: "Person",
    EntityKind.ORGANISATION: "Organization",
    EntityKind.VESSEL: "Vessel",
    EntityKind.AIRCRAFT: "Airplane",
    EntityKind.UNKNOWN: "LegalEntity",
}
RESULT_CACHE_SIZE = 50_000


def dataset_name(list_id: str) -> str:
    """FtM dataset names are lower-case slugs with underscores (`ofac-sdn` is dataset `ofac_sdn`)."""
    return re.sub(r"[^a-z0-9]+", "_", list_id.lower()).strip("_") or list_id


@dataclass(frozen=True)
class Dataset:
    name: str
    list_id: str
    title: str
    version: str
    entries: int
    format: str


@dataclass
class SnapshotView:
    screener: Screener
    datasets: dict[str, Dataset]
    ftm_lists: frozenset[str]
    ftm_entities: dict[str, dict[str, Any]]
    loaded_at: datetime
    cache: PartyCache = field(default_factory=lambda: PartyCache(RESULT_CACHE_SIZE))

    @property
    def version(self) -> str:
        return str(self.screener.version)

    def list_of(self, name: str) -> str | None:
        """The list id a dataset name (or a list id) refers to."""
        if name in self.datasets:
            return self.datasets[name].list_id
        return name if any(d.list_id == name for d in self.datasets.values()) else None

    def result_key(self, entry: Entry) -> str:
        """The entity id a result carries: the FtM id for FtM lists, the entry id otherwise."""
        if entry.list in self.ftm_lists:
            return entry.id.split(":", 1)[1]
        return entry.id

    def entity(self, entry: Entry, datasets: list[str] | None = None) -> dict[str, Any]:
        """yente's `EntityResponse` fields for an entry (FtM entities as published)."""
        if entry.list in self.ftm_lists:
            ftm_id = entry.id.split(":", 1)[1]
            raw = self.ftm_entities.get(ftm_id)
            if raw is not None:
                return {
                    "id": ftm_id,
                    "caption": str(raw.get("caption") or entry.name),
                    "schema": str(raw.get("schema")),
                    "properties": _string_properties(raw.get("properties") or {}),
                    "datasets": [dataset_name(d) for d in datasets or raw.get("datasets") or [entry.list]],
                    "referents": list(raw.get("referents") or []),
                    "target": bool(raw.get("target", True)),
                    "first_seen": raw.get("first_seen"),
                    "last_seen": raw.get("last_seen"),
                    "last_change": raw.get("last_change"),
                }
        return {
            "id": entry.id,
            "caption": entry.name,
            "schema": KIND_SCHEMA[entry.kind],
            "properties": entry_properties(entry),
            "datasets": [dataset_name(d) for d in datasets or [entry.list]],
            "referents": [],
            "target": True,
            "first_seen": _iso(entry.listed_on),
            "last_seen": None,
            "last_change": None,
        }

    def lookup(self, entity_id: str) -> tuple[Entry, list[str]] | None:
        """An entry by entry id or FtM id, with every dataset it is listed in."""
        entries = self.screener.entries
        entry = entries.get(entity_id)
        if entry is not None and entry.list not in self.ftm_lists:
            return entry, [entry.list]
        ftm_id = entry.id.split(":", 1)[1] if entry is not None else entity_id
        raw = self.ftm_entities.get(ftm_id)
        if raw is None:
            return None
        ids = [(f"{d}:{ftm_id}", d) for d in raw.get("datasets") or []]
        found = [(entries[i], d) for i, d in ids if i in entries]
        if not found:
            return None
        return found[0][0], [d for _, d in found]


def entry_properties(entry: Entry) -> dict[str, list[str]]:
    props: dict[str, list[str]] = {"name": [entry.name]}
    if entry.aliases:
        props["alias"] = list(entry.aliases)
    if entry.countries:
        props["country"] = [c.lower() for c in entry.countries]
    if entry.addresses:
        props["address"] = list(entry.addresses)
    if entry.programs:
        props["program"] = list(entry.programs)
    if entry.identifiers:
        props["idNumber"] = list(entry.identifiers)
    if entry.birth_dates:
        props["birthDate"] = list(entry.birth_dates)
    if entry.citation:
        props["notes"] = [entry.citation]
    props["topics"] = ["sanction"]
    return props


def _string_properties(props: dict[str, Any]) -> dict[str, list[str]]:
    return {k: [str(v) for v in values] for k, values in props.items() if isinstance(values, list)}


def _iso(day: date | None) -> str | None:
    return f"{day.isoformat()}T00:00:00" if day is not None else None


def build_view(screener: Screener, loaded_at: datetime) -> SnapshotView:
    datasets: dict[str, Dataset] = {}
    ftm_lists: set[str] = set()
    ftm_paths: list[str] = []
    for source in screener.sources:
        datasets[dataset_name(source.list)] = Dataset(
            name=dataset_name(source.list),
            list_id=source.list,
            title=f"{source.list} ({source.format}{', ' + source.snapshot if source.snapshot else ''})",
            version=f"{screener.version}-{source.content_hash}",
            entries=source.entries,
            format=source.format,
        )
        if source.format == ftm_json.FORMAT:
            ftm_lists.add(source.list)
            ftm_paths.extend(p for p in source.path.split(", ") if p not in ftm_paths)
    entities: dict[str, dict[str, Any]] = {}
    for raw_path in ftm_paths:
        path = Path(raw_path)
        entities.update(ftm_json.read_entities(path, path.read_bytes()))
    return SnapshotView(
        screener=screener,
        datasets=datasets,
        ftm_lists=frozenset(ftm_lists),
        ftm_entities=entities,
        loaded_at=loaded_at,
    )
