"""A second look by the whole-name keys after scoring (decision 0237): when the names the words found all
score below the threshold, the whole-name keys are asked too, even if the words' estimate was high. A word
split or mistyped into pieces that are themselves listed words (`ASu port`, `GLO BAL UN UITY`, `GR OUP`,
`Mni`) makes the words' estimate look sure of a neighbour, so the letter-by-letter reading that finds the
party was skipped. Real pairs: the dev draws' variants it lifts, and the negatives nearest the threshold
(the dev split's and the Faker set's tuning halves), which it must leave where they were."""

from __future__ import annotations

import dataclasses

import pytest

from matchers import Screener
from matchers.config import DEFAULT_CONFIG
from tests.matchers.conftest import SHARED_LISTS, assert_lifted_by_rule, best_score_for

# (query, listed name expected at or above the threshold, kind, what the data entry did)
LIFTED = [
    (
        "Knokke-Heist ASu port Management Corporation",
        "Knokke-Heist Support Corporation Management",
        None,
        "`Support` split and mistyped: `asu`, `port` are listed words",
    ),
    (
        "DALIAN GLO BAL UN UITY SHIPPING CO., LTD.",
        "DALIAN GLOBAL UNITY SHIPPING CO., LTD.",
        None,
        "two words split, one with a key struck",
    ),
    (
        "JOINT STOCK COMPANY VOLZHSKIY PIPE LLNAT",
        "JOINT STOCK COMPANY VOLZHSKIY PIPE PLANT",
        None,
        "`Plant` with its first letter missed and a key doubled: read as a legal form and a listed word",
    ),
    (
        "AL-MUTA YRI, 'Sbdal-Mushin Zabn",
        "AL-MUTAYRI, 'Abd al-Mushin Zabn",
        "person",
        "a person: a surname split, two words joined with a key struck",
    ),
    (
        "Islamic Revolut ion ary Corsp",
        "Islamic Revolutionary Corps",
        None,
        "one word split in three, a swap in the next",
    ),
    ("MAGUS HOLDI NG LLC", "MAGUS HOLDING LLC", None, "`Holding` split before its last letters"),
    ("KANG, Mni", "KANG, Min", "person", "a person: a swap in a three-letter given name"),
]

# (query, listed name never retrieved without the second look, what the data entry did)
RETRIEVED = [
    (
        "CHINA ELECTRONICZS TECHNOLOGY GR OUP CORPORAITON",
        "CHINA ELECTRONICS TECHNOLOGY GROUP CORPORATION",
        "a key struck, a word split, a swap: the words found sister companies first",
    ),
    (
        "Huawei Investm ent & Hold ing Co., Ltd.",
        "HUAWEI INVESTMENT & HOLDING CO LTD",
        "two words split: the words found Huawei's other companies",
    ),
]

# (query, listed name it comes nearest, why it must stay where it was)
NOT_LIFTED = [
    ("Youxin Technology Ltd", "Yuxin Technology", "a dev negative: one distinctive word one letter off"),
    (
        "CHUNGHWA TELECOM CO LTD",
        "CHINA TELECOM CO., LTD",
        "a dev negative: the whole names' letters are close",
    ),
    ("Recon Technology, Ltd", "Rexon Technology Corp.", "a dev negative: one letter off, another form"),
    ("AEGON LTD.", "ARGON OOO", "a dev negative: one key off"),
    ("Smith Group", "SMIT Group", "a Faker company: one word one letter off"),
    ("Hall Group", "HALEEL GROUP", "a Faker company"),
    ("Nasrullah Hasanah", "NASRALLAH, Hasan", "a Faker person: two names alike in letters"),
    ("Paula Williams", "Ali, William", "a Faker person: letters shared across the words"),
]


@pytest.fixture(scope="module")
def screener_without_second_look() -> Screener:
    retrieval = dataclasses.replace(DEFAULT_CONFIG.retrieval, second_look=False)
    return Screener.from_paths(
        [SHARED_LISTS], config=dataclasses.replace(DEFAULT_CONFIG, retrieval=retrieval)
    )


@pytest.mark.parametrize(("query", "listed", "kind", "how"), LIFTED, ids=[c[0] for c in LIFTED])
def test_a_damaged_name_read_as_neighbours_is_found_by_a_second_look(
    all_lists_screener: Screener,
    screener_without_second_look: Screener,
    query: str,
    listed: str,
    kind: str | None,
    how: str,
) -> None:
    assert_lifted_by_rule(all_lists_screener, screener_without_second_look, query, listed, kind, how)


@pytest.mark.parametrize(("query", "listed", "how"), RETRIEVED, ids=[c[0] for c in RETRIEVED])
def test_the_second_look_retrieves_what_the_words_did_not(
    all_lists_screener: Screener, screener_without_second_look: Screener, query: str, listed: str, how: str
) -> None:
    found = [m for m in all_lists_screener.screen(query) if m.matched == listed]
    assert found and found[0].score >= all_lists_screener.threshold, how
    entry = found[0].entry_id
    assert entry in all_lists_screener.candidate_ids(query)
    assert entry not in screener_without_second_look.candidate_ids(query), how


@pytest.mark.parametrize(("query", "listed", "why"), NOT_LIFTED, ids=[c[0] for c in NOT_LIFTED])
def test_negatives_near_the_threshold_stay_where_they_were(
    all_lists_screener: Screener, screener_without_second_look: Screener, query: str, listed: str, why: str
) -> None:
    with_look = best_score_for(all_lists_screener, query, None, listed)
    assert 0.7 <= with_look < all_lists_screener.threshold, why
    assert with_look == pytest.approx(best_score_for(screener_without_second_look, query, None, listed)), why
    assert not any(m.score >= all_lists_screener.threshold for m in all_lists_screener.screen(query)), why


def test_a_hit_found_by_the_words_is_not_looked_at_again(
    all_lists_screener: Screener, screener_without_second_look: Screener
) -> None:
    # (A name the words already find at the threshold answers the same with or without the second look.)
    query = "China Electronics Technology Group Corporation"
    with_look = [(m.entry_id, m.score) for m in all_lists_screener.screen(query)]
    assert with_look and with_look[0][1] >= all_lists_screener.threshold
    assert with_look == [(m.entry_id, m.score) for m in screener_without_second_look.screen(query)]
