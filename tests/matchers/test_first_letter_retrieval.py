"""A short word no list holds, its first letter mistyped, is sought as the listed words it may be typed for
(decision 0219): the first two letters swapped (`Gazprom Enft`), the first key struck for its neighbour
(`MOHAMMED, Zli`) or beside the next one (`GAZPROM MNEFT`), and, for three letters, a slip after the first
letter too (`MZK INTERNATIONAL`). The one-edit look-up of short words keeps the first letter, so such a word
found nothing, weighed as a rare word of its own and hid the party: the scorer already scores these pairs
above the threshold once they are candidates. Real names of the shared lists; the pairs that must stay
below show that finding a name is not matching it (the scorer decides), and that a letter far from the
listed one on the keyboard is not sought."""

from __future__ import annotations

import dataclasses

import pytest

from matchers import Screener
from matchers.config import DEFAULT_CONFIG
from matchers.first_letters import first_letter_neighbours, first_letter_table
from tests.matchers.conftest import SHARED_LISTS

# (query, kind, listed name expected at or above the threshold, the edit)
LIFTED = [
    ("Gazprom Enft", None, "Gazprom Neft", "`enft`: `n` and `e` swapped"),
    (
        "PUBLICHNOE AKTSIONERNOE OBSHCHESTVO GAZPROM MNEFT",
        None,
        "PUBLIC JOINT STOCK COMPANY GAZPROM NEFT",
        "`mneft`: `m` struck beside `n`",
    ),
    (
        "EVB ENGINEERING LIMITED LIABILITY COMPANY",
        None,
        "VEB ENGINEERING LLC",
        "`evb`: `v` and `e` swapped",
    ),
    ("GULF LCAN", None, "CLAN DEL GOLFO", "`lcan`: `c` and `l` swapped"),
    ("URNG RA DO", None, "RUNG RA DO", "`urng`: `r` and `u` swapped"),
    ("MZK INTERNATIONAL", None, "MAK INTERNATIONAL SERVICES CO LTD", "`mzk`: `z` struck for `a`"),
    ("IBRAHIM, Arna Hussein", "person", "IBRAHIM, Rana Hussein", "`arna`: `r` and `a` swapped"),
    ("MOHAMMED, Zli", "person", "MOHAMMED, Ali", "`zli`: `z` struck for `a`"),
]

# (query, kind, listed name that must stay below the threshold, why)
NOT_LIFTED = [
    ("Gazprom Left", None, "Gazprom Neft", "`l` is far from `n`: another word, not sought"),
    ("MIK INTERNATIONAL", None, "MAK INTERNATIONAL SERVICES CO LTD", "`i` is far from `a`"),
    ("IBRAHIM, Irna Hussein", "person", "IBRAHIM, Rana Hussein", "another given name"),
    ("ENU MOHAMMED", "person", "ABU MOHAMMED", "two letters differ"),
    ("EVB Trading", None, "VEB ENGINEERING LLC", "found by `evb`, but the rest of the names differ"),
]


def best_for(screener: Screener, query: str, kind: str | None, listed: str) -> float:
    """The best score `screener` gives the entry named `listed`, or the listed alias written so."""
    matches = screener.screen(query, kind=kind, floor=0.0)
    return max((m.score for m in matches if listed in (m.name, m.matched)), default=0.0)


@pytest.fixture(scope="module")
def screener_without_rule() -> Screener:
    """The shared lists with the look-up switched off (`RetrievalConfig.first_letter_edit` 0): main's
    retrieval, to show the rule is what finds the party."""
    retrieval = dataclasses.replace(DEFAULT_CONFIG.retrieval, first_letter_edit=0.0)
    return Screener.from_paths(
        [SHARED_LISTS], config=dataclasses.replace(DEFAULT_CONFIG, retrieval=retrieval)
    )


@pytest.mark.parametrize(("query", "kind", "listed", "edit"), LIFTED, ids=[c[0] for c in LIFTED])
def test_a_first_letter_mistyped_lets_the_party_be_found(
    all_lists_screener: Screener,
    screener_without_rule: Screener,
    query: str,
    kind: str | None,
    listed: str,
    edit: str,
) -> None:
    assert best_for(screener_without_rule, query, kind, listed) < screener_without_rule.threshold, edit
    assert best_for(all_lists_screener, query, kind, listed) >= all_lists_screener.threshold, edit


@pytest.mark.parametrize(("query", "kind", "listed", "why"), NOT_LIFTED, ids=[c[0] for c in NOT_LIFTED])
def test_other_names_stay_below(
    all_lists_screener: Screener, query: str, kind: str | None, listed: str, why: str
) -> None:
    assert best_for(all_lists_screener, query, kind, listed) < all_lists_screener.threshold, why


TABLE = first_letter_table(["neft", "state", "jsc", "min", "mak", "coal", "abu", "lane"])
LISTED = frozenset(["neft", "state", "jsc", "min", "mak", "coal", "abu", "lane"])


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("enft", ["neft"]),  # first two letters swapped
        ("tate", ["state"]),  # first key missed
        ("hsc", ["jsc"]),  # first key struck for its neighbour
        ("mneft", ["neft"]),  # a key struck beside the first
        ("mni", ["min"]),  # three letters: a slip after the first letter
        ("mzk", ["mak"]),  # three letters: a key struck for its neighbour
        ("bu", ["abu"]),  # two letters: the first key missed
        ("qeft", []),  # `q` is far from `n`
        ("plane", ["lane"]),  # `p` struck with its neighbour `l`
        ("xlane", []),  # a letter added far from the next one
        ("neft", []),  # the listed word itself is no neighbour of its own
        ("technology", []),  # longer words are the one-edit look-up's
    ],
)
def test_first_letter_neighbours(word: str, expected: list[str]) -> None:
    assert sorted(first_letter_neighbours(word, LISTED, TABLE)) == expected
