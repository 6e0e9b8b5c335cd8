"""The UN Security Council consolidated list XML on the real February 2026 file."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from matchers.lists import load_path
from matchers.models import EntityKind, Entry, LoadedList

UN = "un_2026-02/UN_consolidated.xml"


@pytest.fixture(scope="module")
def un(lists_dir: Path) -> LoadedList:
    [loaded] = load_path(lists_dir / UN)
    return loaded


def entry(loaded: LoadedList, reference: str) -> Entry:
    return next(e for e in loaded.entries if e.id == f"un-consolidated:{reference}")


def test_counts(un: LoadedList, lists_dir: Path) -> None:
    s = un.source
    assert (s.list, s.format, s.snapshot) == ("un-consolidated", "un-xml", "2026-02-27")
    kinds = [e.kind for e in un.entries]
    assert kinds.count(EntityKind.PERSON) == 730 and kinds.count(EntityKind.ORGANISATION) == 273
    root = ET.parse(lists_dir / UN).getroot()
    written = sum(
        1 for el in root.iter() if el.tag.endswith("_ALIAS") and (el.findtext("ALIAS_NAME") or "").strip()
    ) + sum(1 for el in root.iter("NAME_ORIGINAL_SCRIPT") if (el.text or "").strip())
    removed = sum(n for reason, n in s.skipped.items() if reason.startswith("alias_"))
    added = s.cleaned.get("alias_split", 0) + s.cleaned.get("alias_from_name", 0)
    assert s.aliases == written + added - removed


def test_person_fields(un: LoadedList) -> None:
    person = entry(un, "QDi.001")
    assert person.name == "MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE"  # FIRST..FOURTH_NAME in order
    assert "Sayf-Al Adl" in person.aliases  # a `Good` quality alias
    assert "محمد صلاح الدين عبدالحليم زيدان" in person.aliases  # NAME_ORIGINAL_SCRIPT
    assert person.countries == ("EG",) and person.programs == ("Al-Qaida",)
    assert person.citation == "QDi.001" and person.listed_on == date(2001, 1, 25)


def test_low_quality_aliases_are_kept(un: LoadedList, lists_dir: Path) -> None:
    root = ET.parse(lists_dir / UN).getroot()
    low = next(
        (ind.findtext("REFERENCE_NUMBER"), a.findtext("ALIAS_NAME"))
        for ind in root.iter("INDIVIDUAL")
        for a in ind.iter("INDIVIDUAL_ALIAS")
        if a.findtext("QUALITY") == "Low" and (a.findtext("ALIAS_NAME") or "").strip()
    )
    assert low[1].strip() in entry(un, low[0]).aliases


def test_entity_fields_and_addresses(un: LoadedList) -> None:
    adf = entry(un, "CDe.001")
    assert adf.kind == EntityKind.ORGANISATION and adf.name == "ADF"
    assert {"Allied Democratic Forces", "NALU"} <= set(adf.aliases)  # a.k.a. and f.k.a.
    assert adf.addresses == ("North Kivu, Democratic Republic of the Congo",) and adf.countries == ("CD",)
    nationality_and_address = entry(un, "CDi.001")
    assert nationality_and_address.countries == ("CD", "RW")


def test_transliterations_listed_in_brackets_become_aliases(un: LoadedList) -> None:
    noorzai = next(e for e in un.entries if e.name == "MALIK NOORZAI")
    assert {"حاجى مالك نورزى", "Hajji Malik Noorzai", "Haji Malek Noorzai"} <= set(noorzai.aliases)


def test_a_short_name_with_digits_is_kept(un: LoadedList) -> None:
    assert entry(un, "CDe.006").name == "M23"
