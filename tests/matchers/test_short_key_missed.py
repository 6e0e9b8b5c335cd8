"""A short word with a key missed beside words of some weight (decision 0239): one letter left out of a
3-5 letter listed word (`TA` for `VTA`, `HA` for `HUA`, `ee` for `Lee`), every other word of both names
exact and weighing at least `short_missed_key_support` (0.25), is the listed party; a word the query
writes as initials (`U.S.`, `S&P`) is an abbreviation chosen, not a code typed short, and `technology`
(0.10) names no party. And `Pty` typed with a slip beside `Ltd` is the form (`(Pyty) Ltd.`). Real names of
the shared lists, against every list's weights; the guards are the dev negatives 0178 found."""

from __future__ import annotations

import pytest

from matchers import Screener
from matchers.short_typos import initials_written
from tests.matchers.conftest import all_lists_screener_with, best_score_for

# (query, listed name expected at or above the threshold, what stands beside the short word)
LIFTED = [
    ("TA Telecom Corporation", "VTA Telecom Corporation", "telecom 0.41"),
    ("HA FU", "HUA FU", "fu 0.31"),
    ("DP, S.C.", "ADP, S.C.", "s.c. 0.46"),
    ("AB Export Co.", "NAB Export Co.", "export 0.29"),
    ("The Mother Ar.", "The Mother Ark.", "mother 0.40"),
    ("IPL D.O.O.", "NIPL D.O.O.", "d.o.o. 0.40"),
    ("Michael ie", "MICHAEL XIE", "a listed name of no kind: michael 0.44"),
]

# (query, listed name that must stay below the threshold, why)
NOT_LIFTED = [
    ("S&P Global Inc.", "LIMITED LIABILITY COMPANY BSP GLOBAL", "a dev negative: `S&P` written as initials"),
    ("U.S. GOLD CORP.", "USM GOLD LIMITED LIABILITY COMPANY", "a dev negative: `U.S.` written as initials"),
    ("Leo Technology", "LEON TECHNOLOGY", "`technology` alone, 0.10"),
    ("SP BANK", "SMP BANK", "`bank` alone, 0.20"),
    ("Blue Line Holdings, Inc.", "Blue Lines FZE", "a dev negative: a plural's `s` (0.90 before, by 0231)"),
    ("Zhang Li", "ZHANG, Lei", "a person: a short given name with a letter less is another name"),
    ("Li Wei", "WEI, Lin Na", "a person (0.82 by other rules before: not raised)"),
    ("ak To’-Ch’un", "PAK TO CHUN", "a person, the dev variant the rule leaves (0.80)"),
]

# (query, listed name, raised by the `Pty` reading)
PTY = [
    ("Icarus Marine (Pyty) Ltd.", "Icarus Marine (Pty) Ltd."),
    ("Grace Air (Ptty) Ltd", "Grace Air (Pty) Ltd"),
]


@pytest.fixture(scope="module")
def screener_without_the_rule() -> Screener:
    # (At `short_support` the rule adds nothing: the bound it lowers.)
    return all_lists_screener_with(short_missed_key_support=0.5)


@pytest.mark.parametrize(("query", "listed", "beside"), LIFTED, ids=[c[0] for c in LIFTED])
def test_a_key_missed_beside_words_of_some_weight_is_the_party(
    all_lists_screener: Screener, screener_without_the_rule: Screener, query: str, listed: str, beside: str
) -> None:
    assert best_score_for(all_lists_screener, query, None, listed) >= all_lists_screener.threshold, beside
    assert best_score_for(screener_without_the_rule, query, None, listed) < all_lists_screener.threshold


@pytest.mark.parametrize(("query", "listed", "why"), NOT_LIFTED, ids=[c[0] for c in NOT_LIFTED])
def test_initials_light_words_plurals_and_persons_are_not_raised(
    all_lists_screener: Screener, screener_without_the_rule: Screener, query: str, listed: str, why: str
) -> None:
    # (Some of these are over the threshold by other rules: the rule must not raise any of them.)
    with_rule = best_score_for(all_lists_screener, query, None, listed)
    without = best_score_for(screener_without_the_rule, query, None, listed)
    assert with_rule <= without, why
    if without < all_lists_screener.threshold:
        assert with_rule < all_lists_screener.threshold, why


@pytest.mark.parametrize(("query", "listed"), PTY, ids=[c[0] for c in PTY])
def test_pty_typed_with_a_slip_beside_ltd_is_the_form(
    all_lists_screener: Screener, query: str, listed: str
) -> None:
    assert best_score_for(all_lists_screener, query, None, listed) >= all_lists_screener.threshold


@pytest.mark.parametrize(
    ("text", "initials"),
    [
        ("S&P Global Inc.", ("sp",)),
        ("U.S. GOLD CORP.", ("us",)),
        ("J. P. Morgan", ("jp",)),
        ("SP BANK", ()),
        ("AT&T Inc", ()),
        ("The Mother Ark.", ()),
    ],
)
def test_initials_written_with_dots_or_an_ampersand(text: str, initials: tuple[str, ...]) -> None:
    assert initials_written(text) == initials
