"""BIS / State / other US-agency lists extracted to JSON (`{list_id, extracted, count, entities: [...]}`).

These lists carry no entry ids, no entity type and, for the Entity List, no dates outside the Federal
Register citation. A party listed under several countries appears once per country with the same name:
such records are merged into one entry (counted as `merged_repeated_name`) so a reviewer sees one hit with
every country and address, and the entry id is a hash of the name (stable across reloads and address edits).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from matchers.lists.assemble import (
    ListBuilder,
    Origin,
    Record,
    address_country,
    dates_in,
    file_hash,
    parse_date,
)
from matchers.lists.cleaning import squash
from matchers.lists.errors import ListLoadError
from matchers.models import EntityKind, LoadedList

FORMAT = "bis-json"
_CITATION_SEPARATOR = re.compile(r"\.?\s*\n\s*|\.\s*$")
_ADDRESS_SEPARATOR = re.compile(r";\s*(?:and\s+)?")
_LIST_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def load(path: Path, raw: bytes, document: Any) -> LoadedList:
    """`document` is the parsed JSON the sniffer already read (the file is parsed once)."""
    if not isinstance(document, dict) or not isinstance(document.get("entities"), list):
        raise ListLoadError(path, "JSON has no 'entities' list")
    list_id = str(document.get("list_id") or path.stem.replace("_", "-")).strip().lower()
    if not _LIST_ID.match(list_id):
        raise ListLoadError(path, f"invalid list_id {list_id!r}")
    entities: list[Any] = document["entities"]
    declared = document.get("count")
    if isinstance(declared, int) and declared != len(entities):
        reason = f"declares count {declared} but holds {len(entities)} entities (truncated?)"
        raise ListLoadError(path, reason)
    snapshot = parse_date(str(document.get("extracted") or ""))
    builder = ListBuilder(
        list_id,
        Origin(str(path), FORMAT, snapshot.isoformat() if snapshot else None, file_hash(raw)),
    )
    for index, item in enumerate(entities):
        if not isinstance(item, dict):
            raise ListLoadError(path, f"entity #{index} is not an object")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            builder.skip("row_no_name")
            builder.skip("alias_of_skipped_row", len(_strings(item.get("aliases"))))
            continue
        builder.add(_record(item, name))
    return builder.build()


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _record(item: dict[str, Any], name: str) -> Record:
    citation_text = item.get("federal_register") if isinstance(item.get("federal_register"), str) else None
    citations = [c for c in _CITATION_SEPARATOR.split(citation_text or "") if c.strip()]
    # The explicit effective date when the file has one (DPL, State lists), else the earliest date in the
    # Federal Register citation, which is when the party was first added.
    effective = item.get("effective_date")
    listed_on = parse_date(effective if isinstance(effective, str) else None)
    if listed_on is None:
        dates = dates_in(citation_text)
        listed_on = min(dates) if dates else None
    address = item.get("address") if isinstance(item.get("address"), str) else None
    addresses = [squash(a) for a in _ADDRESS_SEPARATOR.split(address or "") if a.strip()]
    country = item.get("country") if isinstance(item.get("country"), str) else None
    return Record(
        name=name,
        aliases=_strings(item.get("aliases")),
        kind=EntityKind.UNKNOWN,
        countries=[country] if country else [],
        resolved_countries=[c for c in map(address_country, addresses) if c],
        addresses=addresses,
        citations=citations,
        listed_on=listed_on,
    )
