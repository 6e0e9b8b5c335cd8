"""Where a typo and another party look alike: one approximate distinctive word beside a descriptor or a
legal form (round 13, decision 0213 tried and not taken).

The dev negatives nearest the threshold are real companies one edit from a listed one in their only
distinctive word (`Youxin Technology` / `Yuxin Technology`, `AEGON` / `ARGON OOO`); the `typo`,
`typo_short` and `typo_long` classes are data-entry typos of that same shape (`Wrld Electronics` for
`World Electronics`). 0213 demanded a second word there (`single_fuzzy` reading a companion lighter than
0.2 as none) and lost 34 dev variants for one negative moved. These tables hold both sides of that line
as the screener draws it on all shared lists, so a later guard that moves either side shows here."""

from __future__ import annotations

import pytest

from matchers import Screener
from tests.matchers.conftest import best_score_for

# (query, the query's country, the listed name as written, why): a typo of the listed party, held.
TYPO_BESIDE_DESCRIPTOR = [
    ("Wrld Electronics, Inc.", None, "World Electronics, Inc.", "a key missed in the one distinctive word"),
    ("CHINA AMOBILE", "CN", "CHINA MOBILE", "a key struck beside `m`, `China` the only companion"),
    ("Ira Electronics Industries", "IR", "IRAN ELECTRONICS INDUSTRIES", "two descriptors beside `Ira`"),
    ("OLAS TRADING S.A.", "LB", "OVLAS TRADING S.A.", "`trading` and the legal form beside"),
    ("SAVINYS BANK", None, "SAVING BANK", "a key struck for its neighbour beside `bank`"),
    ("Daesng Trading", "KP", "DAESONG TRADING", "a key missed beside `trading`"),
    (
        "CHINA NOTH INDUSTRIES GROUP CORPORATION LIMITED",
        None,
        "CHINA NORTH INDUSTRIES GROUP CORPORATION LIMITED",
        "light words only beside `noth`",
    ),
]

# (query, the listed name as written, why): another company (dev negatives, no country), not held.
OTHER_PARTY_BESIDE_DESCRIPTOR = [
    ("Youxin Technology Ltd", "Yuxin Technology", "`o` added beside no neighbour: another name"),
    ("AEGON LTD.", "ARGON OOO", "one letter apart, two legal forms"),
    ("Recon Technology, Ltd", "Rexon Technology Corp.", "an English word one key from a brand"),
    ("ASTRONICS CORP", "Abtronics", "one letter apart in the only word"),
    ("Sabre Corp", "Saber", "two letters swapped in the only word: another company"),
    ("Aecon Group Inc.", "AEDON", "one letter apart, the query adds `group`"),
    ("MEDI Group Ltd", "MEHDI GROUP", "a letter missed in a 4-letter word beside `group`"),
]


@pytest.mark.parametrize(
    ("query", "country", "listed", "why"), TYPO_BESIDE_DESCRIPTOR, ids=[c[0] for c in TYPO_BESIDE_DESCRIPTOR]
)
def test_a_typo_in_the_one_distinctive_word_beside_a_descriptor_is_held(
    all_lists_screener: Screener, query: str, country: str | None, listed: str, why: str
) -> None:
    assert best_score_for(all_lists_screener, query, country, listed) >= all_lists_screener.threshold, why


@pytest.mark.parametrize(
    ("query", "listed", "why"),
    OTHER_PARTY_BESIDE_DESCRIPTOR,
    ids=[c[0] for c in OTHER_PARTY_BESIDE_DESCRIPTOR],
)
def test_another_company_one_edit_away_beside_a_descriptor_is_not_held(
    all_lists_screener: Screener, query: str, listed: str, why: str
) -> None:
    score = best_score_for(all_lists_screener, query, None, listed)
    # (A reported near miss, not a hit: the pair is scored, so the test would see it cross.)
    assert 0.5 <= score < all_lists_screener.threshold, why
