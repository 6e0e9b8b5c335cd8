"""Turning the records an adapter reads into canonical `Entry`s, the same way for every format.

Adapters only parse their format into `Record`s; cleaning, country resolution, merging of repeated
records, stable ids and the `SourceInfo` accounting live here so that every list is treated alike.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from matchers.countries import to_iso2
from matchers.lists.cleaning import Tally, clean_names, dedupe_key, squash
from matchers.models import EntityKind, Entry, LoadedList, SourceInfo


@dataclass
class Record:
    """One party as an adapter read it, before cleaning."""

    name: str
    key: str | None = None  # the source's own id; None for lists without ids (the name then identifies)
    aliases: list[str] = field(default_factory=list)
    kind: EntityKind = EntityKind.UNKNOWN
    countries: list[str] = field(default_factory=list)  # country fields as written: codes or names
    resolved_countries: list[str] = field(default_factory=list)  # ISO alpha-2 found by the adapter itself
    addresses: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    listed_on: date | None = None
    identifiers: list[str] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Origin:
    """Where a list came from, for its `SourceInfo`."""

    path: str
    format: str
    snapshot: str | None
    content_hash: str


def file_hash(*blobs: bytes) -> str:
    digest = hashlib.sha256()
    for blob in blobs:
        digest.update(blob)
    return digest.hexdigest()[:16]


_FOLDER_DATE = re.compile(r"(\d{4}-\d{2}(?:-\d{2})?)$")


def snapshot_from_folder(path: Path) -> str | None:
    """Fallback snapshot for formats without one inside (CSV): the `<issuer>_<date>` folder name."""
    m = _FOLDER_DATE.search(path.resolve().parent.name)
    return m.group(1) if m else None


_PARENTHETICAL = re.compile(r"\([^)]*\)?")
_NOT_PLACE = re.compile(r"[\d.#/]+")


def address_country(address: str) -> str | None:
    """The country an address ends with (`..., Kabul, Afghanistan.`, `..., 75159, US`), if it names one."""
    tail = _PARENTHETICAL.sub(" ", address).rsplit(",", 1)[-1]
    tail = squash(_NOT_PLACE.sub(" ", tail))
    return to_iso2(tail) if tail else None


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            out.append(value)
    return out


class ListBuilder:
    """Collects one list's records; `build()` cleans, merges and counts them into a `LoadedList`."""

    def __init__(self, list_id: str, origin: Origin) -> None:
        self.list_id = list_id
        self.origin = origin
        self.tally = Tally()
        self._records: dict[str, Record] = {}

    def skip(self, reason: str, count: int = 1) -> None:
        self.tally.skip(reason, count)

    def add(self, record: Record) -> None:
        """Records sharing a key (or, without keys, a name) are one party listed several times: merged."""
        if record.key is not None:
            group = f"k:{record.key}"
            reason = "merged_repeated_key"
        else:
            group = f"n:{dedupe_key(squash(record.name))}"
            reason = "merged_repeated_name"
        known = self._records.get(group)
        if known is None:
            self._records[group] = record
            return
        self.tally.repair(reason)
        known.aliases.extend(record.aliases)
        known.countries.extend(record.countries)
        known.resolved_countries.extend(record.resolved_countries)
        known.addresses.extend(record.addresses)
        known.programs.extend(record.programs)
        known.citations.extend(record.citations)
        if record.listed_on and (known.listed_on is None or record.listed_on < known.listed_on):
            known.listed_on = record.listed_on
        if known.kind == EntityKind.UNKNOWN:
            known.kind = record.kind

    def build(self) -> LoadedList:
        entries: list[Entry] = []
        ids: set[str] = set()
        for record in self._records.values():
            names = clean_names(record.name, record.aliases, self.tally)
            if names is None:
                continue
            if record.key is not None:
                key = record.key
            else:
                key = hashlib.sha1(dedupe_key(squash(record.name)).encode()).hexdigest()[:12]
            entry_id = f"{self.list_id}:{key}"
            if entry_id in ids:  # two names that differ only in punctuation; keep both, apart
                entry_id = f"{entry_id}-{len(ids)}"
            ids.add(entry_id)
            entries.append(
                Entry(
                    id=entry_id,
                    list=self.list_id,
                    kind=record.kind,
                    name=names.name,
                    aliases=tuple(names.aliases),
                    countries=tuple(self._countries(record)),
                    addresses=tuple(_unique([squash(a) for a in [*record.addresses, *names.addresses]])),
                    programs=tuple(_unique([squash(p) for p in record.programs])),
                    citation="; ".join(_unique([squash(c) for c in record.citations])) or None,
                    listed_on=record.listed_on,
                    identifiers=tuple(_unique([squash(i) for i in record.identifiers])),
                    birth_dates=tuple(_unique(record.birth_dates)),
                )
            )
        source = SourceInfo(
            list=self.list_id,
            path=self.origin.path,
            format=self.origin.format,
            snapshot=self.origin.snapshot,
            entries=len(entries),
            aliases=sum(len(e.aliases) for e in entries),
            skipped=dict(sorted(self.tally.skipped.items())),
            cleaned=dict(sorted(self.tally.cleaned.items())),
            content_hash=self.origin.content_hash,
        )
        return LoadedList(source=source, entries=tuple(entries))

    def _countries(self, record: Record) -> list[str]:
        codes = list(record.resolved_countries)
        for value in record.countries:
            code = to_iso2(value)
            if code is None:
                self.tally.skip("country_unresolved")
            else:
                codes.append(code)
        return _unique(codes)


# --- dates ----------------------------------------------------------------------------------------------

_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")
_MONTH_DATE = re.compile(r"\b([A-Z][a-z]+)\.? (\d{1,2}), (\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def dates_in(text: str | None) -> list[date]:
    """Every date written in a citation such as `84 FR 54004, 10/9/19.` or `86 FR 30145 (June 7, 2021)`."""
    if not text:
        return []
    found: list[date | None] = []
    for m, d, y in _SLASH_DATE.findall(text):
        year = int(y)
        if len(y) == 2:
            year += 1900 if year >= 69 else 2000  # the POSIX %y pivot; the lists start in the 1980s
        found.append(_safe_date(year, int(m), int(d)))
    for month, d, y in _MONTH_DATE.findall(text):
        if month.lower() in _MONTHS:
            found.append(_safe_date(int(y), _MONTHS[month.lower()], int(d)))
    for y, m, d in _ISO_DATE.findall(text):
        found.append(_safe_date(int(y), int(m), int(d)))
    return [d for d in found if d is not None]


def parse_date(text: str | None) -> date | None:
    """A single date field (`2019-09-30`, `January 15, 2025`, `2026-02-27T00:00:09Z`); None if absent."""
    if not text or not text.strip():
        return None
    value = text.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    dates = dates_in(value)
    return dates[0] if dates else None
