"""The trade.gov Consolidated Screening List CSV (plain or gzip): 13 agency lists in one file.

Each source list inside becomes its own `LoadedList` (`csl-sdn`, `csl-entity-list`...), so a hit names the
list that matters legally. The file has no snapshot date of its own: the `<issuer>_<date>` folder name is used
when present (else none is reported). `alt_names` is one `; `-joined string; its defects are repaired by
`cleaning`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from matchers.lists.assemble import (
    ListBuilder,
    Origin,
    Record,
    address_country,
    file_hash,
    parse_date,
    snapshot_from_folder,
)
from matchers.lists.complete import require_text_end
from matchers.lists.errors import ListLoadError
from matchers.models import EntityKind, LoadedList

FORMAT = "csl-csv"
REQUIRED_COLUMNS = frozenset({"_id", "source", "name", "alt_names", "type", "addresses"})

# Short ids for the CSL's source lists, keyed by the abbreviation the `source` column carries in brackets.
_LIST_IDS = {
    "SDN": "csl-sdn",
    "EL": "csl-entity-list",
    "DTC": "csl-itar-debarred",
    "DPL": "csl-dpl",
    "SSI": "csl-ssi",
    "UVL": "csl-unverified",
    "ISN": "csl-nonproliferation",
    "PLC": "csl-plc",
    "MEU": "csl-meu",
    "CMIC": "csl-cmic",
    "CAP": "csl-capta",
    "NS-MBS LIST": "csl-ns-mbs",
    "FSE": "csl-fse",
}
_ABBREVIATION = re.compile(r"\(([^()]+)\)")
_SPLIT = re.compile(r"\s*;\s*")
_CODES = re.compile(r"[;,]\s*")
_KINDS = {
    "individual": EntityKind.PERSON,
    "entity": EntityKind.ORGANISATION,
    "vessel": EntityKind.VESSEL,
    "aircraft": EntityKind.AIRCRAFT,
}


def list_id_for(source: str) -> str:
    m = _ABBREVIATION.search(source)
    key = (m.group(1) if m else source).strip().upper()
    if key in _LIST_IDS:
        return _LIST_IDS[key]
    return "csl-" + (re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") or "unknown")


def _rows(path: Path, text: str) -> Iterator[dict[str, str]]:
    require_text_end(path, text[-64:].encode(), "CSL CSV")
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    missing = REQUIRED_COLUMNS - set(reader.fieldnames or ())
    if missing:
        raise ListLoadError(path, f"CSL CSV lacks columns {sorted(missing)}")
    width = len(reader.fieldnames or ())
    try:
        for row in reader:
            if None in row or len(row) != width or any(v is None for v in row.values()):
                raise ListLoadError(path, f"row {reader.line_num} has the wrong number of fields (corrupt?)")
            yield row
    except csv.Error as exc:
        raise ListLoadError(path, f"CSV error at line {reader.line_num}: {exc}") from exc


def load(path: Path, raw: bytes, text: str, fmt: str = FORMAT) -> list[LoadedList]:
    """`raw` is the file as stored (hashed), `text` its decoded content."""
    origin = Origin(str(path), fmt, snapshot_from_folder(path), file_hash(raw))
    builders: dict[str, ListBuilder] = {}
    for row in _rows(path, text):
        list_id = list_id_for(row["source"])
        builder = builders.get(list_id)
        if builder is None:
            builder = builders[list_id] = ListBuilder(list_id, origin)
        aliases = [a for a in _SPLIT.split(row["alt_names"]) if a.strip()]
        name = row["name"]
        if not name.strip():
            builder.skip("row_no_name")
            builder.skip("alias_of_skipped_row", len(aliases))
            continue
        builder.add(_record(row, name, aliases))
    if not builders:
        raise ListLoadError(path, "CSL CSV holds no rows")
    return [b.build() for b in builders.values()]


def _record(row: dict[str, str], name: str, aliases: list[str]) -> Record:
    addresses = [a for a in _SPLIT.split(row["addresses"]) if a.strip()]
    countries: list[str] = []
    for column in ("citizenships", "nationalities"):
        if row.get(column):
            countries.extend(c for c in _CODES.split(row[column]) if c)
    if row.get("vessel_flag"):
        countries.append(row["vessel_flag"])
    entity_number = row.get("entity_number", "").strip()
    citation = row.get("federal_register_notice", "").strip()
    if not citation and entity_number:
        citation = f"{row['source'].split(' - ')[0]} #{entity_number}"
    return Record(
        name=name,
        key=row["_id"].strip() or None,
        aliases=aliases,
        kind=_KINDS.get(row["type"].strip().lower(), EntityKind.UNKNOWN),
        countries=countries,
        resolved_countries=[c for c in map(address_country, addresses) if c],
        addresses=addresses,
        programs=[p for p in _SPLIT.split(row["programs"]) if p] if row.get("programs") else [],
        citations=[citation] if citation else [],
        listed_on=parse_date(row.get("start_date")),
    )
