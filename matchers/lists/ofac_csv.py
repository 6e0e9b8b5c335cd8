"""OFAC's legacy CSV layout: `sdn.csv` and `cons_prim.csv`, with their companion files when present.

Primary rows: `ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag,
Vess_owner, Remarks`, no header, cp1252, `-0-` for empty, a DOS end-of-file byte (0x1A) at the end.
Companions named after the primary (`cons_alt.csv`/`alt.csv`: aliases; `cons_add.csv`/`add.csv`: addresses;
`cons_comments.csv`/`sdn_comments.csv`: the continuation of Remarks cut at 1,000 characters) are read with it.
Aliases also appear inside Remarks as `a.k.a. '...'` (and `f.k.a.`, `n.k.a.`); those are the only aliases of
`sdn.csv` here since its `alt.csv` is not available. An alias cut off by the Remarks length limit is skipped
(`alias_truncated`). The files carry no snapshot date: the folder name's date is used when present.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from matchers.countries import to_iso2
from matchers.lists.assemble import ListBuilder, Origin, Record, file_hash, snapshot_from_folder
from matchers.lists.complete import require_text_end
from matchers.lists.errors import ListLoadError
from matchers.models import EntityKind, LoadedList

FORMAT = "ofac-legacy-csv"
EMPTY = "-0-"
_KINDS = {"individual": EntityKind.PERSON, "vessel": EntityKind.VESSEL, "aircraft": EntityKind.AIRCRAFT}
PRIMARY_TYPES = frozenset({"individual", "vessel", "aircraft", EMPTY})
ALIAS_TYPES = frozenset({"aka", "fka", "nka"})
# `a.k.a. 'AL-QA'IDA'; a.k.a. ...`: an alias may itself contain apostrophes, so it ends at a quote followed
# by the clause separator, not at the first quote.
_REMARK_ALIAS = re.compile(r"\b[afn]\.k\.a\.,?\s*'(.*?)'(?=[;.,)]|\s*$)")
_REMARK_ALIAS_START = re.compile(r"\b[afn]\.k\.a\.,?\s*'")
_REMARK_COUNTRY = re.compile(r"\b(?:nationality|citizen)\s+([^;.]+)", re.I)
_PARENTHESISED = re.compile(r"\(([A-Z][A-Za-z .,'-]{1,40})\)")


@dataclass(frozen=True)
class Companions:
    alt: Path | None
    add: Path | None
    comments: Path | None


def companion_paths(primary: Path) -> Companions:
    """OFAC's naming: `cons_prim` -> `cons_alt`, `cons_add`, `cons_comments`; `sdn` -> `alt`, `add`,
    `sdn_comments` (any case). Only files that exist are returned."""
    stem = primary.stem.lower()
    if stem.endswith("prim"):
        base = stem[: -len("prim")]
        names = (base + "alt", base + "add", base + "comments")
    else:
        names = ("alt", "add", stem + "_comments")
    siblings = {p.stem.lower(): p for p in primary.parent.iterdir() if p.is_file()} if primary.parent else {}
    found = [siblings.get(n) for n in names]
    return Companions(*found)


def decode(data: bytes) -> str:
    """The legacy files are cp1252 (which decodes any byte but five); newer ones may be UTF-8."""
    data = data.rstrip(b"\x1a\r\n ")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict")


def parse_rows(path: Path, data: bytes, width: int) -> list[list[str]]:
    require_text_end(path, data, "OFAC CSV")
    try:
        rows = list(csv.reader(io.StringIO(decode(data), newline=""), strict=True))
    except (csv.Error, UnicodeDecodeError) as exc:
        raise ListLoadError(path, f"not a readable OFAC CSV: {exc}") from exc
    out: list[list[str]] = []
    for number, row in enumerate(rows, start=1):
        if not row:
            continue
        if len(row) != width:
            raise ListLoadError(path, f"line {number} has {len(row)} fields, expected {width} (corrupt?)")
        out.append([_value(v) for v in row])
    return out


def _value(text: str) -> str:
    value = text.strip()
    return "" if value == EMPTY else value


def list_id_for(primary: Path) -> str:
    return "ofac-cons" if primary.stem.lower().startswith("cons") else "ofac-sdn"


def load(path: Path, raw: bytes, data: bytes | None = None) -> LoadedList:
    """`raw` is the file as stored (hashed), `data` its decompressed content when it was compressed."""
    companions = companion_paths(path)
    blobs = {name: _read(p) for name, p in vars(companions).items() if p is not None}
    list_id = list_id_for(path)
    origin = Origin(str(path), FORMAT, snapshot_from_folder(path), file_hash(raw, *blobs.values()))
    builder = ListBuilder(list_id, origin)

    aliases: dict[str, list[str]] = {}
    if "alt" in blobs and companions.alt is not None:
        for ent, _alt_num, alt_type, alt_name, _remarks in parse_rows(companions.alt, blobs["alt"], 5):
            if alt_type.lower() not in ALIAS_TYPES:
                raise ListLoadError(companions.alt, f"unknown alias type {alt_type!r}")
            aliases.setdefault(ent, []).append(alt_name)
    addresses: dict[str, list[tuple[str, str]]] = {}
    if "add" in blobs and companions.add is not None:
        for ent, _add_num, street, city, country, _remarks in parse_rows(companions.add, blobs["add"], 6):
            text = ", ".join(v for v in (street, city, country) if v)
            addresses.setdefault(ent, []).append((text, country))
    comments: dict[str, str] = {}
    if "comments" in blobs and companions.comments is not None:
        for ent, text in parse_rows(companions.comments, blobs["comments"], 2):
            comments[ent] = comments.get(ent, "") + text

    rows = parse_rows(path, raw if data is None else data, 12)
    if not rows:
        raise ListLoadError(path, "OFAC CSV holds no rows")
    for row in rows:
        ent, name, sdn_type = row[0], row[1], row[2]
        if not ent.isdigit() or sdn_type.lower() not in {"individual", "vessel", "aircraft", ""}:
            raise ListLoadError(path, f"row for ent_num {ent!r} is not an OFAC primary row (corrupt?)")
        remarks = row[11] + comments.get(ent, "")
        found: list[str] = []
        if ".k.a." in remarks:
            found = _REMARK_ALIAS.findall(remarks)
            builder.skip("alias_truncated", len(_REMARK_ALIAS_START.findall(remarks)) - len(found))
        entry_aliases = [*aliases.get(ent, []), *found]
        if not name:
            builder.skip("row_no_name")
            builder.skip("alias_of_skipped_row", len(entry_aliases))
            continue
        programs = [p.strip(" []") for p in row[3].split("] [") if p.strip(" []")]
        entry_addresses = addresses.get(ent, [])
        countries = [c for _text, c in entry_addresses if c]
        if row[9]:
            countries.append(row[9])  # vessel flag
        builder.add(
            Record(
                name=name,
                key=ent,
                aliases=entry_aliases,
                kind=_KINDS.get(sdn_type.lower(), EntityKind.ORGANISATION),
                countries=countries,
                resolved_countries=_remark_countries(remarks),
                addresses=[text for text, _c in entry_addresses if text],
                programs=programs,
                citations=[f"OFAC {list_id.split('-', 1)[1].upper()} ent_num {ent} [{'] ['.join(programs)}]"],
            )
        )
    return builder.build()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ListLoadError(path, f"cannot read companion file: {exc.strerror or exc}") from exc


def _remark_countries(remarks: str) -> list[str]:
    """Nationality, citizenship and the countries named after identity documents, `(Russia)`."""
    codes: list[str] = []
    if not remarks:
        return codes
    values = _PARENTHESISED.findall(remarks) if "(" in remarks else []
    if "ationality" in remarks or "itizen" in remarks:
        values += _REMARK_COUNTRY.findall(remarks)
    for value in values:
        code = to_iso2(value)
        if code:
            codes.append(code)
    return codes
