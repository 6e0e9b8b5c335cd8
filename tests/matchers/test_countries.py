"""`to_iso2`: the country values lists and callers write -> ISO alpha-2, in agreement with rigour."""

from __future__ import annotations

import pytest
from rigour.territories import lookup_territory

from matchers.countries import _alpha2, _lookup, to_iso2


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
        ("Россия", "RU"),
        ("中国", "CN"),  # other scripts go through rigour's transliteration
        # Qualified names the lists write.
        ("North Korea (DPRK)", "KP"),
        ("Turkey (Turkiye)", "TR"),
        ("Crimea Region of Ukraine", "UA"),
    ],
)
def test_codes_and_names(value: str, code: str) -> None:
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


def test_agrees_with_rigour_on_its_own_names() -> None:
    """The fast index over accent-folded names must give what `rigour.territories.lookup_territory` gives
    (before `to_iso2`'s extra tries for qualified names such as `Ukrainian SSR (Ukraine)`)."""
    from rigour._core import territories_jsonl
    from rigour.data import iter_jsonl_text

    names = [
        name
        for data in iter_jsonl_text(territories_jsonl())
        for name in [data["name"], *data.get("names_strong", []), *data.get("names_weak", [])]
        if name.isascii() or name.isalpha()
    ]
    assert len(names) > 5000
    differences = []
    for name in names:
        territory = lookup_territory(name)
        expected = _alpha2(territory) if territory is not None else None
        if _lookup(name) != expected:
            differences.append((name, expected, _lookup(name)))
    assert differences == []
