"""Realistic sample traffic for `holdline produce`, the demo, the end-to-end tests and the benchmark.

Purchase orders and shipments between ordinary (invented) companies; some name a listed party, in any
role and in the spellings real documents use (legal form added, city prefix, case, spacing, aliases);
some are malformed the ways real producers get it wrong. Every sample says what it is meant to exercise,
so tests can check the pipeline's decision against the intent. Deterministic for a given seed.
"""

from __future__ import annotations

import json
import random
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

from matchers.models import EntityKind, Entry
from streams.events import PurchaseOrder, Shipment

Stream = Literal["purchases", "shipments"]
PURCHASE_ROLES: tuple[str, ...] = PurchaseOrder.ROLES
SHIPMENT_ROLES: tuple[str, ...] = Shipment.ROLES
ALL_ROLES: tuple[tuple[Stream, str], ...] = (
    *(("purchases", r) for r in PURCHASE_ROLES),
    *(("shipments", r) for r in SHIPMENT_ROLES),
)
Outcome = Literal["hold", "cleared", "deadletter"]


class Variant(StrEnum):
    """How a listed name is written on the document."""

    EXACT = "exact"
    ALIAS = "alias"
    CASE = "case"  # upper or lower case
    LEGAL_FORM = "legal_form"  # "Co., Ltd.", "Limited"... appended
    CITY_PREFIX = "city_prefix"  # the city from the listed address put in front, as Chinese firms do
    SPACING = "spacing"  # "Sense Time" <-> "SenseTime"


# Variants any reasonable matcher must catch; a city prefix (with a descriptor) is realistic but harder.
ROBUST_VARIANTS: frozenset[Variant] = frozenset(
    {Variant.EXACT, Variant.ALIAS, Variant.CASE, Variant.LEGAL_FORM, Variant.SPACING}
)


class Defect(StrEnum):
    """How a malformed input is broken (the worker must dead-letter it, never drop it)."""

    INVALID_JSON = "invalid_json"  # truncated JSON
    NOT_UTF8 = "not_utf8"
    NOT_AN_OBJECT = "not_an_object"  # a JSON array
    MISSING_EVENT_ID = "missing_event_id"
    MISSING_PARTY_NAME = "missing_party_name"
    WRONG_TYPES = "wrong_types"  # party given as a number, quantity as text
    BAD_TIMESTAMP = "bad_timestamp"
    UNKNOWN_EVENT_TYPE = "unknown_event_type"


@dataclass(frozen=True)
class ListedParty:
    role: str
    entry_id: str
    listed_name: str
    written_as: str
    variant: Variant


@dataclass(frozen=True)
class Sample:
    stream: Stream
    key: bytes
    value: bytes
    event_id: str | None
    intent: Outcome
    listed: tuple[ListedParty, ...] = ()
    defect: Defect | None = None
    party_names: tuple[str, ...] = field(default=())

    @property
    def robust(self) -> bool:
        """True when the hold is owed to a spelling any reasonable matcher must catch."""
        return any(p.variant in ROBUST_VARIANTS for p in self.listed)


# Invented company names: word lists chosen to stay clear of listed names (no "Technology",
# "Science", "Information", "Security", Chinese place names...).
_STEMS = (
    "Northwind",
    "Bluewater",
    "Harborview",
    "Summit",
    "Redwood",
    "Ironbridge",
    "Clearfield",
    "Silverline",
    "Oakridge",
    "Westbrook",
    "Brightwater",
    "Stonegate",
    "Kestrel",
    "Fairhaven",
    "Granite Peak",
    "Lakeshore",
    "Maple Leaf",
    "Pinecrest",
    "Riverside",
    "Seabright",
    "Thornbury",
    "Upland",
    "Vantage",
    "Whitcombe",
    "Alder",
    "Beacon Hill",
    "Copperfield",
    "Driftwood",
    "Eastgate",
    "Foxglove",
    "Glenmore",
    "Hollins",
    "Juniper",
    "Kingsway",
    "Larkspur",
    "Meridian",
    "Norrland",
    "Orchard",
    "Pemberton",
    "Quarry Lane",
    "Rosemont",
    "Saltmarsh",
    "Tidewater",
    "Valewood",
    "Wexford",
    "Yarrow",
    "Zephyr",
    "Ashcombe",
    "Brandvik",
    "Castellan",
    "Dunmore",
    "Elmhurst",
    "Fennick",
    "Hartwell",
    "Islay",
    "Lindqvist",
)
_SECTORS = (
    "Industrial Supply",
    "Components",
    "Instruments",
    "Precision Tools",
    "Logistics",
    "Trading",
    "Manufacturing",
    "Optics",
    "Machinery",
    "Controls",
    "Packaging",
    "Distribution",
    "Electrical",
    "Metals",
    "Plastics",
    "Semiconductor Supply",
    "Test Equipment",
    "Medical Devices",
    "Marine Supply",
)
_LEGAL_FORMS = {
    "US": ("Inc.", "LLC", "Corp."),
    "DE": ("GmbH", "AG"),
    "GB": ("Ltd", "PLC"),
    "FR": ("SAS", "S.A."),
    "NL": ("B.V.",),
    "SE": ("AB",),
    "JP": ("K.K.", "Co., Ltd."),
    "SG": ("Pte. Ltd.",),
    "CA": ("Inc.", "Ltd."),
    "IT": ("S.p.A.", "S.r.l."),
    "MX": ("S.A. de C.V.",),
    "IN": ("Pvt. Ltd.",),
}
_CITIES = {
    "US": ("Chicago", "Houston", "Portland", "Raleigh"),
    "DE": ("Hamburg", "Stuttgart"),
    "GB": ("Leeds",),
    "FR": ("Lyon",),
    "NL": ("Rotterdam",),
    "SE": ("Gothenburg",),
    "JP": ("Osaka",),
    "SG": ("Singapore",),
    "CA": ("Toronto",),
    "IT": ("Turin",),
    "MX": ("Monterrey",),
    "IN": ("Pune",),
}
_STREETS = ("Harbor Rd", "Industrial Way", "Commerce St", "Mill Lane", "Dock St", "Station Ave")
_FORWARDER_SECTORS = ("Freight Forwarding", "Logistics", "Shipping Agency", "Customs Brokerage")
_CARRIER_SECTORS = ("Shipping Line", "Container Lines", "Air Cargo", "Ocean Carriers")
_ITEMS = (
    ("Oscilloscope, 4-channel", "3A992", "903020"),
    ("Industrial camera module", "6A993", "852589"),
    ("Network switch, 48-port", "5A991", "851762"),
    ("Stainless fasteners, M8", "EAR99", "731815"),
    ("FPGA development board", "3A001", "854231"),
    ("Hydraulic pump", "EAR99", "841350"),
    ("GPU accelerator card", "4A994", "847330"),
    ("Infrared sensor", "6A003", "903149"),
    ("Servo motor controller", "EAR99", "853710"),
    ("Encrypted radio module", "5A002", "851762"),
)
# Where companies of a country are commonly registered, for entries whose listing gives no address:
# Chinese firms put the registration city first in their legal name ("Hangzhou ... Co., Ltd.").
_REGISTRATION_CITIES = {
    "CN": ("Hangzhou", "Shenzhen", "Beijing", "Shanghai", "Guangzhou", "Hefei", "Urumqi", "Wuhan", "Xiamen"),
    "HK": ("Hong Kong",),
    "RU": ("Moscow", "Saint Petersburg"),
    "IR": ("Tehran",),
    "AE": ("Dubai",),
    "TR": ("Istanbul",),
    "PK": ("Karachi",),
    "SG": ("Singapore",),
}
_KNOWN_CITIES = frozenset(c.lower() for cities in _REGISTRATION_CITIES.values() for c in cities)
_DESCRIPTORS = ("Technology", "Digital Technology", "Science and Technology", "Information Technology")
_CN_LEGAL_FORMS = ("Co., Ltd.", "Co. Ltd", "Company Limited", "Limited")
_KNOWN_FORM = re.compile(r"\b(co|ltd|limited|inc|corp|corporation|company|gmbh|llc|group)\b\.?", re.I)
_PUBLIC_BODY = re.compile(
    r"\b(bureau|ministry|college|university|government|police|institute|academy|"
    r"department|agency|army|corps|committee|administration)\b",
    re.I,
)
_ADDRESS_NOISE = re.compile(
    r"\b(road|rd|street|st|avenue|ave|district|building|floor|block|no|room|"
    r"unit|park|zone|province|prefecture|xuar|xinjiang|plaza|tower|center|centre)\b",
    re.I,
)


def _city_of(entry: Entry) -> str | None:
    """A city named in the entry's first address: a one-word segment that is not noise or the country."""
    for address in entry.addresses[:1]:
        for segment in re.split(r"[,;]", address):
            words = re.sub(r"[\d.]+", " ", segment).split()
            if len(words) == 1 and words[0][:1].isupper() and words[0].isalpha() and len(words[0]) > 3:
                word = words[0]
                if not _ADDRESS_NOISE.search(word) and word.lower() not in {"china", "city"}:
                    return word
    return None


def _respace(name: str) -> str | None:
    """Split a CamelCase word ("SenseTime" -> "Sense Time") or join a short two-word trade name."""
    words = name.split()
    for i, word in enumerate(words):
        parts = re.findall(r"[A-Z][a-z]+", word)
        if len(parts) >= 2 and "".join(parts) == word:
            return " ".join([*words[:i], " ".join(parts), *words[i + 1 :]])
    if len(words) == 2 and all(w.isalpha() and w[:1].isupper() for w in words) and len(name) <= 12:
        return words[0] + words[1]
    return None


def spellings(entry: Entry, rng: random.Random) -> dict[Variant, str]:
    """Every way this entry can be written by the variants that apply to it."""
    name = entry.name
    out: dict[Variant, str] = {Variant.EXACT: name}
    if entry.aliases:
        out[Variant.ALIAS] = rng.choice(entry.aliases)
    out[Variant.CASE] = name.upper() if rng.random() < 0.5 else name.lower()
    base = min(entry.names(), key=len)  # the short trading name, e.g. "Hikvision"
    company = entry.kind not in (EntityKind.PERSON, EntityKind.VESSEL, EntityKind.AIRCRAFT) and not any(
        _PUBLIC_BODY.search(n) for n in entry.names()
    )
    if company and not _KNOWN_FORM.search(base):
        forms = _CN_LEGAL_FORMS if "CN" in entry.countries else ("Ltd.", "Limited", "Inc.")
        out[Variant.LEGAL_FORM] = f"{base} {rng.choice(forms)}"
    cities = [c for country in entry.countries for c in _REGISTRATION_CITIES.get(country, ())]
    city = _city_of(entry) or (rng.choice(cities) if cities else None)
    first = base.split()[0].lower()
    place_named = first in " ".join(entry.addresses).lower() or first in _KNOWN_CITIES  # "Xiamen Meiya..."
    if company and city and not place_named:
        if _KNOWN_FORM.search(base):
            out[Variant.CITY_PREFIX] = f"{city} {base}"
        else:
            trade_name = len(base.split()) == 1
            descriptor = f" {rng.choice(_DESCRIPTORS)}" if trade_name and rng.random() < 0.5 else ""
            out[Variant.CITY_PREFIX] = f"{city} {base}{descriptor} Co., Ltd."
    for candidate in entry.names():
        respaced = _respace(candidate)
        if respaced:
            out[Variant.SPACING] = respaced
            break
    return out


class SampleGenerator:
    """Deterministic for one seed: the same seed gives the same events (timestamps aside)."""

    def __init__(
        self,
        entries: Sequence[Entry],
        seed: int | None = None,
        listed_share: float = 0.15,
        malformed_share: float = 0.05,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if not entries:
            raise ValueError("sample generation needs at least one listed entry")
        self.entries = sorted(entries, key=lambda e: e.id)
        self.rng = random.Random(seed)
        self.listed_share = listed_share
        self.malformed_share = malformed_share
        self.clock = clock or (lambda: datetime.now(UTC))
        self._po_counter = 0
        self._shipment_counter = 0
        self._recent_pos: list[str] = []
        self._variant_turn = 0
        # Which entries each spelling applies to (applicability does not depend on the random draws).
        self._fits: dict[Variant, list[Entry]] = {
            v: [e for e in self.entries if v in spellings(e, random.Random(0))] for v in Variant
        }

    # -- public -----------------------------------------------------------------------------------------
    def coverage(self) -> list[Sample]:
        """One listed party in each role (cycling spellings), one of each defect, and clean events."""
        out: list[Sample] = []
        variants = list(Variant)
        for i, (stream, role) in enumerate(ALL_ROLES):
            out.append(self._event(stream, listed_roles={role: variants[i % len(variants)]}))
        # Every spelling at least once, in a rotating role.
        for i, variant in enumerate(variants):
            stream, role = ALL_ROLES[(i * 4 + 1) % len(ALL_ROLES)]
            out.append(self._event(stream, listed_roles={role: variant}))
        out += [self._malformed(defect) for defect in Defect]
        out += [self._event(self._stream()) for _ in range(6)]
        return out

    def sample(self) -> Sample:
        roll = self.rng.random()
        if roll < self.malformed_share:
            return self._malformed(self.rng.choice(list(Defect)))
        stream = self._stream()
        if roll < self.malformed_share + self.listed_share:
            roles = PURCHASE_ROLES if stream == "purchases" else SHIPMENT_ROLES
            return self._event(stream, listed_roles={self.rng.choice(roles): self._next_variant()})
        return self._event(stream)

    def samples(self, n: int) -> Iterator[Sample]:
        """The coverage set first (as far as n allows), then a random mix."""
        count = 0
        for s in self.coverage():
            if count >= n:
                return
            yield s
            count += 1
        while count < n:
            yield self.sample()
            count += 1

    # -- events -----------------------------------------------------------------------------------------
    def _stream(self) -> Stream:
        return "purchases" if self.rng.random() < 0.55 else "shipments"

    def _next_variant(self) -> Variant:
        variants = list(Variant)
        self._variant_turn += 1
        return variants[self._variant_turn % len(variants)]

    def _event_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _company(self, country: str | None = None, sectors: Sequence[str] = _SECTORS) -> dict[str, Any]:
        country = country or self.rng.choice(sorted(_LEGAL_FORMS))
        form = self.rng.choice(_LEGAL_FORMS[country])
        name = f"{self.rng.choice(_STEMS)} {self.rng.choice(sectors)} {form}"
        party: dict[str, Any] = {"name": name, "country": country, "kind": "organisation"}
        if self.rng.random() < 0.7:
            party["address"] = (
                f"{self.rng.randint(1, 999)} {self.rng.choice(_STREETS)}, {self.rng.choice(_CITIES[country])}"
            )
        return party

    def _listed(self, role: str, variant: Variant) -> tuple[dict[str, Any], ListedParty]:
        if not self._fits[variant]:
            variant = Variant.CASE  # applies to every entry
        entry = self.rng.choice(self._fits[variant])
        options = spellings(entry, self.rng)
        written = options[variant]
        party: dict[str, Any] = {"name": written}
        if entry.countries and self.rng.random() < 0.8:
            party["country"] = entry.countries[0]
        if entry.addresses and self.rng.random() < 0.5:
            party["address"] = entry.addresses[0]
        return party, ListedParty(
            role=role, entry_id=entry.id, listed_name=entry.name, written_as=written, variant=variant
        )

    def _event(self, stream: Stream, listed_roles: dict[str, Variant] | None = None) -> Sample:
        listed_roles = listed_roles or {}
        occurred_at = self.clock().isoformat(timespec="milliseconds").replace("+00:00", "Z")
        parties: dict[str, dict[str, Any] | None] = {}
        evidence: list[ListedParty] = []
        if stream == "purchases":
            self._po_counter += 1
            po = f"PO-{self.rng.randint(10, 99)}{self._po_counter:06d}"
            self._recent_pos = [*self._recent_pos[-49:], po]
            buyer = self._company("US")
            supplier = self._company()
            parties = {
                "buyer": buyer,
                "supplier": supplier,
                "ship_to": dict(buyer) if self.rng.random() < 0.6 else self._company(),
                "end_user": self._company() if self.rng.random() < 0.5 else None,
            }
            for role, variant in listed_roles.items():
                parties[role], ev = self._listed(role, variant)
                evidence.append(ev)
            lines = []
            for _ in range(self.rng.randint(1, 3)):
                description, eccn, hs = self.rng.choice(_ITEMS)
                lines.append(
                    {
                        "sku": f"SKU-{self.rng.randint(1000, 9999)}",
                        "description": description,
                        "eccn": eccn,
                        "hs_code": hs,
                        "quantity": self.rng.randint(1, 500),
                        "unit_price": round(self.rng.uniform(2, 5000), 2),
                        "currency": "USD",
                    }
                )
            event: dict[str, Any] = {
                "event_id": self._event_id(),
                "event_type": "purchase_order",
                "occurred_at": occurred_at,
                "po_number": po,
                **parties,
                "lines": lines,
            }
            key = po
        else:
            self._shipment_counter += 1
            shipment_id = f"SHP-{self.rng.randint(100, 999)}{self._shipment_counter:06d}"
            of_po = (
                self.rng.choice(self._recent_pos) if self._recent_pos and self.rng.random() < 0.7 else None
            )
            origin = self.rng.choice(sorted(_LEGAL_FORMS))
            destination = self.rng.choice(sorted(_LEGAL_FORMS))
            shipper = self._company(origin)
            consignee = self._company(destination)
            parties = {
                "shipper": shipper,
                "consignee": consignee,
                "notify_party": dict(consignee) if self.rng.random() < 0.5 else None,
                "forwarder": self._company(origin, _FORWARDER_SECTORS),
                "carrier": self._company(None, _CARRIER_SECTORS),
            }
            for role, variant in listed_roles.items():
                parties[role], ev = self._listed(role, variant)
                evidence.append(ev)
            event = {
                "event_id": self._event_id(),
                "event_type": "shipment",
                "occurred_at": occurred_at,
                "shipment_id": shipment_id,
                "po_number": of_po,
                **parties,
                "origin_country": origin,
                "destination_country": destination,
            }
            key = shipment_id
        if self.rng.random() < 0.1:
            event["source_system"] = self.rng.choice(["sap-ecc", "oracle-scm", "edi-856"])  # unknown: kept
        names = tuple(p["name"] for p in parties.values() if p)
        return Sample(
            stream=stream,
            key=key.encode(),
            value=json.dumps(event).encode(),
            event_id=event["event_id"],
            intent="hold" if evidence else "cleared",
            listed=tuple(evidence),
            party_names=names,
        )

    def _malformed(self, defect: Defect) -> Sample:
        base = self._event(self._stream())
        event = json.loads(base.value)
        event_id: str | None = event["event_id"]
        if defect is Defect.INVALID_JSON:
            value = base.value[: len(base.value) // 2]
        elif defect is Defect.NOT_UTF8:
            value = base.value.replace(b'"name": "', b'"name": "\xff\xfe', 1)
        elif defect is Defect.NOT_AN_OBJECT:
            value = json.dumps([event]).encode()
        else:
            if defect is Defect.MISSING_EVENT_ID:
                del event["event_id"]
                event_id = None
            elif defect is Defect.MISSING_PARTY_NAME:
                role = "supplier" if event["event_type"] == "purchase_order" else "consignee"
                event[role] = {k: v for k, v in event[role].items() if k != "name"}
            elif defect is Defect.WRONG_TYPES:
                role = "buyer" if event["event_type"] == "purchase_order" else "shipper"
                event[role] = 42
                if event.get("lines"):
                    event["lines"][0]["quantity"] = "lots"
            elif defect is Defect.BAD_TIMESTAMP:
                event["occurred_at"] = "yesterday afternoon"
            elif defect is Defect.UNKNOWN_EVENT_TYPE:
                event["event_type"] = "invoice"
            value = json.dumps(event).encode()
        return Sample(
            stream=base.stream,
            key=base.key,
            value=value,
            event_id=event_id,
            intent="deadletter",
            defect=defect,
            party_names=base.party_names,
        )


def builtin_entries() -> list[Entry]:
    """The entries of the built-in October 2019 list, read through the ordinary loaders."""
    from matchers.lists import load_paths
    from streams.settings import builtin_list_path

    return [e for loaded in load_paths([builtin_list_path()]) for e in loaded.entries]
