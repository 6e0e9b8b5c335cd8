"""Typos spread over several distinctive words (decision 0231): every word of both names aligned, two or
more distinctive listed words each aligned with a typo, in a name typed in Latin letters, close
`corroborated_spread_share` (0.65) of the gap to a full score instead of `corroborated_share` (0.35). Two
parties' names differ in one word and agree in the rest (`Alan Khan` / `Aman Khan`); a typist's slips in
several words, each word still found, is data entry. Real pairs: the dev draws' `multi3` variants the rule
lifts, and the negatives nearest the threshold (the dev split's and the Faker set's tuning halves), which
it must leave where they were."""

from __future__ import annotations

import dataclasses

import pytest

from matchers import Screener
from matchers.config import DEFAULT_CONFIG
from tests.matchers.conftest import SHARED_LISTS, best_score_for

# (query, listed name expected at or above the threshold, the words carrying a typo)
LIFTED = [
    ("Shahicl Hdmt Industrial Group", "Shahid Hemat Industrial Group", "shahicl, hdmt"),
    ("acifc Networsk Corp.", "Pacific Networks Corp.", "acifc, networsk"),
    ("AMGI SUPEMRARKET LIMITED", "AMIGO SUPERMARKET LIMITED", "amgi, supemrarket"),
    ("ahhe emiconductor", "Sanhe Semiconductor", "ahhe, emiconductor"),
    ("INVERSONES GI1FEE S.A.", "INVERSIONES GILFE S.A.", "inversones, gi1fee"),
    ("NJosafatgo nzalez-Rodriguez", "Josafat Gonzalez-Rodriguez", "a person: two words moved and mistyped"),
]

# (query, listed name whose score the rule must not change, why)
UNCHANGED = [
    ("Alan Khan", "Aman Khan", "a Faker person: one word differs, the other exact"),
    ("Blue Line Holdings, Inc.", "Blue Lines FZE", "a dev negative: one word differs, a word left over"),
    ("임상철", "KIM, Song Chol", "a Faker person romanised from Hangul: spelling choices, not typos"),
    ("张红", "ZHANG, Hongbo", "a Faker person romanised from Chinese"),
]

# (query, listed name that must stay below the threshold, why)
NOT_LIFTED = [
    ("Youxin Technology Ltd", "Yuxin Technology", "a dev negative: one distinctive word, one typo"),
    ("Smith Group", "SMIT Group", "a Faker company: one word one letter off"),
    ("Miguel Farias", "Al-Faris", "a Faker person: a word left over"),
    ("Forian Inc.", "AL-FORKAN", "a dev negative: one word"),
    ("张红", "ZHANG, Hongbo", "a Faker person romanised from Chinese"),
]


@pytest.fixture(scope="module")
def screener_without_spread() -> Screener:
    # Digits read as letters (0245) are off too: `GI1FEE` read as `GILFEE` lifts one pair on its own.
    scoring = dataclasses.replace(DEFAULT_CONFIG.scoring, corroborated_spread_share=0.0)
    retrieval = dataclasses.replace(DEFAULT_CONFIG.retrieval, digit_letters="")
    config = dataclasses.replace(DEFAULT_CONFIG, scoring=scoring, retrieval=retrieval)
    return Screener.from_paths([SHARED_LISTS], config=config)


@pytest.mark.parametrize(("query", "listed", "typos"), LIFTED, ids=[c[0] for c in LIFTED])
def test_typos_spread_over_distinctive_words_are_the_party(
    all_lists_screener: Screener, screener_without_spread: Screener, query: str, listed: str, typos: str
) -> None:
    assert best_score_for(all_lists_screener, query, None, listed) >= all_lists_screener.threshold, typos
    # (The rule is what lifts it: with `corroborated_share` alone the pair stays below.)
    assert best_score_for(screener_without_spread, query, None, listed) < all_lists_screener.threshold


@pytest.mark.parametrize(("query", "listed", "why"), UNCHANGED, ids=[c[0] for c in UNCHANGED])
def test_one_differing_word_or_a_romanised_name_is_not_raised(
    all_lists_screener: Screener, screener_without_spread: Screener, query: str, listed: str, why: str
) -> None:
    with_rule = best_score_for(all_lists_screener, query, None, listed)
    assert with_rule > 0.5, why  # (the pair is scored at all)
    assert with_rule == pytest.approx(best_score_for(screener_without_spread, query, None, listed)), why


@pytest.mark.parametrize(("query", "listed", "why"), NOT_LIFTED, ids=[c[0] for c in NOT_LIFTED])
def test_negatives_near_the_threshold_stay_below(
    all_lists_screener: Screener, query: str, listed: str, why: str
) -> None:
    assert best_score_for(all_lists_screener, query, None, listed) < all_lists_screener.threshold, why
