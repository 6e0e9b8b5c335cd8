"""The UN Security Council consolidated list XML (`CONSOLIDATED_LIST` of `INDIVIDUAL` and `ENTITY`).

Individuals' names are the FIRST..FOURTH_NAME parts in order; the name in its original script is kept as an
alias (it is what a party's own documents show). Aliases of `Low` quality (the UN's term for vague ones such
as a lone first name) are kept like `Good` ones, as the UN publishes both for screening (`Entry` has no field
for the quality). The entry id is the UN reference number (`QDi.001`), the citation too; `programs` holds the
UN sanctions regime (`Al-Qaida`, `DPRK`...).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import defusedxml.ElementTree as DefusedET
from defusedxml import DefusedXmlException

from matchers.lists.assemble import ListBuilder, Origin, Record, file_hash, parse_date
from matchers.lists.errors import ListLoadError
from matchers.models import EntityKind, LoadedList

FORMAT = "un-xml"
LIST_ID = "un-consolidated"
ROOT_TAG = "CONSOLIDATED_LIST"
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_ADDRESS_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")


def _text(element: ET.Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def load(path: Path, data: bytes, raw: bytes | None = None) -> LoadedList:
    """`data` is the XML; `raw` the file as stored (hashed) when it was compressed."""
    try:
        root = DefusedET.fromstring(data)  # parsed to the closing root tag; entities and DTD tricks refused
    except ET.ParseError as exc:
        raise ListLoadError(path, f"XML is not well-formed (cut short?): {exc}") from exc
    except DefusedXmlException as exc:
        raise ListLoadError(path, f"XML refused as unsafe: {type(exc).__name__}: {exc}") from exc
    if root.tag != ROOT_TAG:
        raise ListLoadError(path, f"XML root is <{root.tag}>, not <{ROOT_TAG}>")
    generated = parse_date(root.get("dateGenerated"))
    snapshot = generated.isoformat() if generated else None
    builder = ListBuilder(LIST_ID, Origin(str(path), FORMAT, snapshot, file_hash(raw or data)))
    records = [(r, EntityKind.PERSON, "INDIVIDUAL") for r in root.iterfind("INDIVIDUALS/INDIVIDUAL")]
    records += [(r, EntityKind.ORGANISATION, "ENTITY") for r in root.iterfind("ENTITIES/ENTITY")]
    if not records:
        raise ListLoadError(path, "UN XML holds no INDIVIDUAL or ENTITY records")
    for element, kind, prefix in records:
        _add(builder, element, kind, prefix)
    return builder.build()


def _add(builder: ListBuilder, element: ET.Element, kind: EntityKind, prefix: str) -> None:
    name = " ".join(p for p in (_text(element.find(tag)) for tag in _NAME_PARTS) if p)
    aliases: list[str] = []
    for alias in element.iterfind(f"{prefix}_ALIAS"):
        alias_name = _text(alias.find("ALIAS_NAME"))
        if alias_name:  # the UN writes an empty <..._ALIAS/> element when a record has no alias
            aliases.append(alias_name)
    original = _text(element.find("NAME_ORIGINAL_SCRIPT"))
    if original:
        aliases.append(original)
    if not name:
        builder.skip("row_no_name")
        builder.skip("alias_of_skipped_row", len(aliases))
        return
    countries = [_text(v) for v in element.iterfind("NATIONALITY/VALUE") if _text(v)]
    addresses: list[str] = []
    for address in element.iterfind(f"{prefix}_ADDRESS"):
        parts = [_text(address.find(tag)) for tag in _ADDRESS_PARTS]
        text = ", ".join(p for p in parts if p)
        if text:
            addresses.append(text)
        if parts[-1]:
            countries.append(parts[-1])
    reference = _text(element.find("REFERENCE_NUMBER"))
    list_type = _text(element.find("UN_LIST_TYPE"))
    builder.add(
        Record(
            name=name,
            key=reference or _text(element.find("DATAID")) or None,
            aliases=aliases,
            kind=kind,
            countries=countries,
            addresses=addresses,
            programs=[list_type] if list_type else [],
            citations=[reference] if reference else [],
            listed_on=parse_date(_text(element.find("LISTED_ON"))),
        )
    )
