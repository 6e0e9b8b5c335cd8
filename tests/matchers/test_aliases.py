"""Names a listed name implies (case table: listed name -> derived aliases)."""

from __future__ import annotations

import pytest

from matchers.aliases import derived_names


@pytest.mark.parametrize(
    ("listed", "aliases"),
    [
        (
            "Xinjiang Uighur Autonomous Region (XUAR) People's Government Public Security Bureau",
            [
                "Xinjiang Uighur Autonomous Region People's Government Public Security Bureau",
                "XUAR People's Government Public Security Bureau",
            ],
        ),
        (
            "Xinjiang Production and Construction Corps (XPCC) Public Security Bureau",
            [
                "Xinjiang Production and Construction Corps Public Security Bureau",
                "XPCC Public Security Bureau",
            ],
        ),
        # A trailing acronym: the name without it; nothing follows to put the acronym before.
        ("Islamic Revolutionary Guard Corps (IRGC)", ["Islamic Revolutionary Guard Corps"]),
        # Function words are skipped when spelling the initials.
        (
            "Beijing Institute of Technology (BIT) Research Center",
            ["Beijing Institute of Technology Research Center", "BIT Research Center"],
        ),
        # Initials that do not spell the parenthesis: no acronym form.
        ("Defense Industries Organization (MIO) Center", ["Defense Industries Organization Center"]),
        ("Hikvision", []),
        ("SENSETIME GROUP (HK) LIMITED", ["SENSETIME GROUP LIMITED"]),
    ],
)
def test_derived_names(listed: str, aliases: list[str]) -> None:
    assert derived_names(listed) == aliases
