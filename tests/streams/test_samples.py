"""Sample traffic: deterministic, realistic, and honest about what each sample is meant to exercise."""

from __future__ import annotations

import json
import random
import re

import pytest
from pydantic import ValidationError

from matchers.models import EntityKind, Entry
from streams.events import parse_event
from streams.samples import (
    ALL_ROLES,
    Defect,
    SampleGenerator,
    Variant,
    builtin_entries,
    spellings,
)


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return builtin_entries()


def test_same_seed_same_events_other_seed_other_events(entries: list[Entry]) -> None:
    def values(seed: int) -> list[bytes]:
        # occurred_at is wall-clock time, not part of the determinism promise
        return [
            re.sub(rb'"occurred_at": "[^"]*"', b"", s.value)
            for s in SampleGenerator(entries, seed=seed).samples(80)
        ]

    assert values(5) == values(5)
    assert values(5) != values(6)


def test_coverage_names_a_listed_party_in_every_role_and_every_spelling(entries: list[Entry]) -> None:
    samples = SampleGenerator(entries, seed=1).coverage()
    roles = {(s.stream, lp.role) for s in samples for lp in s.listed}
    assert roles == set(ALL_ROLES)
    assert {lp.variant for s in samples for lp in s.listed} == set(Variant)
    assert {s.defect for s in samples if s.defect} == set(Defect)


def test_valid_samples_pass_the_event_schema_and_name_the_party_where_they_say(entries: list[Entry]) -> None:
    ids = set()
    for s in SampleGenerator(entries, seed=2).samples(300):
        if s.intent == "deadletter":
            continue
        event = parse_event(json.loads(s.value))
        assert event.event_id == s.event_id and s.event_id not in ids
        ids.add(s.event_id)
        assert s.key == event.business_id.encode(), "records must be keyed by PO / shipment number"
        expected_type = "purchase_order" if s.stream == "purchases" else "shipment"
        assert event.event_type == expected_type
        parties = dict(event.parties())
        for lp in s.listed:
            assert parties[lp.role].name == lp.written_as
            assert lp.entry_id in {e.id for e in entries}


def test_malformed_samples_really_are_malformed(entries: list[Entry]) -> None:
    malformed = [s for s in SampleGenerator(entries, seed=3).samples(400) if s.defect]
    assert {s.defect for s in malformed} == set(Defect)
    for s in malformed:
        try:
            doc = json.loads(s.value)
        except ValueError:
            assert s.defect in (Defect.INVALID_JSON, Defect.NOT_UTF8)
            continue
        if not isinstance(doc, dict):
            assert s.defect is Defect.NOT_AN_OBJECT
            continue
        with pytest.raises(ValidationError):
            parse_event(doc)


def test_the_random_mix_follows_the_shares(entries: list[Entry]) -> None:
    gen = SampleGenerator(entries, seed=4, listed_share=0.2, malformed_share=0.1)
    mix = [gen.sample() for _ in range(2000)]
    listed = sum(1 for s in mix if s.listed) / len(mix)
    malformed = sum(1 for s in mix if s.defect) / len(mix)
    assert 0.16 < listed < 0.24 and 0.07 < malformed < 0.13


def test_spellings_come_from_the_entry_not_from_a_table() -> None:
    entry = Entry(
        id="x:1",
        list="x",
        kind=EntityKind.ORGANISATION,
        name="Quillon Optical Works",
        aliases=("QuillonOptics",),
        countries=("CN",),
        addresses=("12 Harbour Road, Ningbo 315000, China",),
    )
    forms = spellings(entry, random.Random(0))
    assert forms[Variant.EXACT] == "Quillon Optical Works"
    assert forms[Variant.ALIAS] == "QuillonOptics"
    assert forms[Variant.CASE] in ("QUILLON OPTICAL WORKS", "quillon optical works")
    assert forms[Variant.LEGAL_FORM].startswith("QuillonOptics ")
    assert forms[Variant.CITY_PREFIX].startswith("Ningbo QuillonOptics ")  # the city of its address
    assert forms[Variant.CITY_PREFIX].endswith(" Co., Ltd.")
    assert forms[Variant.SPACING] == "Quillon Optics"


def test_public_bodies_get_no_company_legal_form() -> None:
    entry = Entry(
        id="x:2",
        list="x",
        name="Harbin Municipal Public Security Bureau",
        countries=("CN",),
        addresses=("1 Main Rd., Harbin, China",),
    )
    forms = spellings(entry, random.Random(0))
    assert Variant.LEGAL_FORM not in forms and Variant.CITY_PREFIX not in forms


def test_without_an_address_the_city_comes_from_the_country() -> None:
    entry = Entry(id="x:3", list="x", name="Quillon", countries=("CN",))
    prefixed = spellings(entry, random.Random(0))[Variant.CITY_PREFIX]
    city, rest = prefixed.split(" ", 1)
    assert city in {
        "Hangzhou",
        "Shenzhen",
        "Beijing",
        "Shanghai",
        "Guangzhou",
        "Hefei",
        "Urumqi",
        "Wuhan",
        "Xiamen",
    }
    assert rest.startswith("Quillon") and rest.endswith("Co., Ltd.")
    nowhere = Entry(id="x:4", list="x", name="Quillon")
    assert Variant.CITY_PREFIX not in spellings(nowhere, random.Random(0))
