"""`to_iso2`: the country values lists and callers write -> ISO alpha-2, in agreement with rigour."""

from __future__ import annotations

import pytest
from rigour.territories import get_territories, lookup_by_identifier, lookup_territory
from rigour.territories.territory import Territory

from matchers.countries import to_iso2


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("CN", "CN"),
        ("cn", "CN"),
        ("CHN", "CN"),
        ("China", "CN"),
        ("  china ", "CN"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("Iran", "IR"),
        ("Iran (Islamic Republic of)", "IR"),
        ("Korea, North", "KP"),
        ("North Korea", "KP"),
        ("Democratic People's Republic of Korea", "KP"),
        ("Burma", "MM"),
        ("Hong Kong", "HK"),
        ("U.A.E.", "AE"),
        ("United Arab Emirates", "AE"),
        ("Türkiye", "TR"),
        ("Côte d’Ivoire", "CI"),
        ("USA", "US"),
        ("uk", "GB"),
        ("United Kingdom of Great Britain and Northern Ireland", "GB"),
        ("Crimea", "UA"),  # a sub-national territory resolves to its country
        # Qualified names the lists write.
        ("North Korea (DPRK)", "KP"),
        ("Turkey (Turkiye)", "TR"),
        ("Crimea Region of Ukraine", "UA"),
    ],
)
def test_codes_and_names(value: str, code: str) -> None:
    assert to_iso2(value) == code


@pytest.mark.parametrize(("value", "code"), [("Россия", "RU"), ("中国", "CN")])
def test_names_in_other_scripts_go_through_transliteration(value: str, code: str) -> None:
    """rigour transliterates them (building ICU's transliterator takes a few seconds, once per process)."""
    assert to_iso2(value) == code


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "   ",
        "ZZ",
        "EU",
        "Fishing Vessels",
        "Middle East Region",
        "former Soviet Union",
        "Bank of Nowhere",
    ],
)
def test_unknown_or_not_a_country(value: str | None) -> None:
    assert to_iso2(value) is None


def _country_of(territory: Territory | None) -> str | None:
    """What `to_iso2` promises for a territory: its own alpha-2 code, or its country's for a sub-national one
    (`ua-cri` -> `UA`); none for blocs and placeholders (`eu`, `un`, `zz`)."""
    while territory is not None:
        if len(territory.code) == 2:
            return None if territory.code in {"eu", "un", "zz", "ip"} else territory.code.upper()
        territory = territory.parent
    return None


def test_agrees_with_rigour_on_its_own_names() -> None:
    """`to_iso2`'s fast index over accent-folded names must give what `rigour.territories.lookup_territory`
    gives, on every territory's name, full name and places as rigour publishes them."""
    names = [
        name
        for territory in get_territories()
        for name in (territory.name, territory.full_name, *territory.places)
        if name.isascii() or name.isalpha()
    ]
    assert len(names) > 1500
    differences = []
    for name in dict.fromkeys(names):
        expected = _country_of(lookup_territory(name))
        got = to_iso2(name)
        # Where rigour finds nothing, `to_iso2` may still read a qualified name (`... (DPRK)`, `... of X`).
        if got != expected and (expected is not None or ("(" not in name and " of " not in name)):
            differences.append((name, expected, got))
    assert differences == []


def test_codes_agree_with_rigour_on_every_identifier() -> None:
    """Codes are answered from tables of rigour's own answers (decision 0531): every territory's code, alpha-3
    code and other codes of up to three letters, in either case, give what `lookup_by_identifier` gives."""
    codes = {
        code
        for territory in get_territories()
        for code in (territory.code, territory.alpha3, *territory.other_codes)
        if code and len(code) <= 3
    }
    assert len(codes) > 400
    differences = []
    for code in sorted(codes):
        for value in (code, code.upper()):
            found = lookup_by_identifier(value)
            if found is not None and to_iso2(value) != _country_of(found):
                differences.append((value, _country_of(found), to_iso2(value)))
    assert differences == []
