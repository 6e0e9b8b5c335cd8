"""Ordinary companies over a listed person they are not named for (round 18, `acc18fp`).

A query written with a legal form against a listed person (stated, or a name of no kind that reads as a
person's, 0229) meets the kind conflict of 0223, faded to nothing as the name score nears 0.97: a company
named for the whole person (`Gilbert Joseph Ltd`) keeps its score. Two shapes scored high only because the
name score could not tell them from that company, and now meet the conflict in full:

- 0251: a word of the person's name left unmatched, the query one word besides its form: a company named
  for a surname (`Phillips LLC` / `RICHARD PHILLIPS` 0.922). A bare surname still finds its person.
- 0252: a name written in Chinese characters, its trade name read by sound (`天益科技有限公司` / `Tian Yi`
  0.927): a two-syllable trade name is some person's name by coincidence.

Ordinary companies from `bench.false_positives` (Faker's tuning halves); listed pairs on all shared lists.
"""

from __future__ import annotations

import dataclasses

import pytest

from matchers import Screener
from matchers.config import DEFAULT_CONFIG
from matchers.evidence import kind_evidence
from matchers.models import EntityKind
from tests.matchers.conftest import SHARED_LISTS, assert_left_alone, best_score_for


@pytest.fixture(scope="module")
def without_rules() -> Screener:
    """All shared lists with 0251 and 0252 off: what scored the pairs below before them."""
    config = dataclasses.replace(
        DEFAULT_CONFIG,
        evidence=dataclasses.replace(
            DEFAULT_CONFIG.evidence, form_person_partial=False, form_person_han=False
        ),
    )
    return Screener.from_paths([SHARED_LISTS], config=config)


# (ordinary company, the listed person it came near, where the company comes from)
COMPANY_NEAR_A_PERSON = [
    ("Phillips LLC", "RICHARD PHILLIPS", "Faker en_US, tuning half of seed 30: 0.922"),
    ("ОАО «Белов»", "Belov, Alexander", "Faker ru_RU, tuning half of seed 25: 0.816"),
    ("Наумова Лтд", "Olga Naumova", "Faker ru_RU, tuning half of seed 26: 0.710"),
    ("Demir A.Ş.", "Ismail Demir", "Faker tr_TR, tuning halves of seeds 25, 26, 29: 0.716"),
    ("天益科技有限公司", "Tian Yi", "Faker zh_CN, tuning halves of seeds 15, 17, 18, 29, 30: 0.927"),
]


@pytest.mark.parametrize(
    ("query", "listed", "source"), COMPANY_NEAR_A_PERSON, ids=[c[0] for c in COMPANY_NEAR_A_PERSON]
)
def test_a_company_is_kept_under_a_person_it_is_not_named_for(
    all_lists_screener: Screener, without_rules: Screener, query: str, listed: str, source: str
) -> None:
    with_rules = best_score_for(all_lists_screener, query, None, listed)
    before = best_score_for(without_rules, query, None, listed)
    assert with_rules < all_lists_screener.threshold - 0.05, source
    assert before - with_rules >= 0.10, f"the rules, nothing else, lower it ({source})"


# (query, the listed name as written, why): still held, and scored as before the rules.
STILL_HELD = [
    ("Phillips", "RICHARD PHILLIPS", "a bare surname still finds its person"),
    ("Richard Phillips LLC", "RICHARD PHILLIPS", "a company named for the whole person"),
    ("Gilbert Joseph Ltd", "GILBERT, Joseph", "the same, surname first"),
    ("天益", "Tian Yi", "the person in Chinese characters, no legal form"),
    ("华为技术有限公司", "HUAWEI TECHNOLOGIES CO., LTD.", "a listed company in Chinese characters"),
    ("BENAVIDES RONDON, Williams Jse", "BENAVIDES RONDON, Williams Jose", "a slip read as a form: 4 words"),
    ("Luciano Moscate lli", "Luciano Moscatelli", "a split piece read as a form, matched in the name"),
    ("AS ADI, Shamslollah", "ASADI, Shamsollah", "the same at the name's start"),
]


@pytest.mark.parametrize(("query", "listed", "why"), STILL_HELD, ids=[c[0] for c in STILL_HELD])
def test_listed_pairs_the_rules_leave_alone(
    all_lists_screener: Screener, without_rules: Screener, query: str, listed: str, why: str
) -> None:
    assert_left_alone(all_lists_screener, without_rules, query, listed, why)


def test_the_full_conflict_needs_a_form_and_a_person() -> None:
    unknown, person, org = EntityKind.UNKNOWN, EntityKind.PERSON, EntityKind.ORGANISATION
    full = DEFAULT_CONFIG.evidence.form_person_partial_penalty
    # Not faded by a high name score ...
    assert kind_evidence(unknown, person, 0.99, legal_form=1, partial_person=True).delta == -full
    shaped = kind_evidence(
        unknown, unknown, 0.99, legal_form=1, listed_person_shape=True, partial_person=True
    )
    assert shaped.delta == -full
    # ... where the faded conflict is nothing.
    assert kind_evidence(unknown, person, 0.99, legal_form=1).delta == 0.0
    # No form on the query, or a listed organisation or vessel: no conflict at all.
    assert kind_evidence(unknown, person, 0.99, legal_form=0, partial_person=True).delta == 0.0
    assert kind_evidence(unknown, org, 0.99, legal_form=1, partial_person=True).delta == 0.0
    assert kind_evidence(unknown, EntityKind.VESSEL, 0.99, legal_form=2, partial_person=True).delta == 0.0
