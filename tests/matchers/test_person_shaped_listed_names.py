"""Ordinary companies over a listed name they are not (round 16, `acc16fp2`).

0229: a listed name of no stated kind that reads as a person's (a few plain words, one a given name the
lists' typed persons bear, none a word of their typed organisations: `person_shapes.PersonWords`) meets the
kind conflict a company written with a legal form meets against a listed person (decision 0223). A third
of the listed entries state no kind (the Entity List, the debarred lists): `ООО «Брагин»` rose to 0.766 on
`Nikolai Bragin`'s surname alone, `ЗАО «Белов»` to 0.873 on `Belov, Alexander`.

A word of the query read as a listed form by its letters (0228, `acc16fp`) is switched off beside 0229 in
`without_rules`: the still-held pairs below are checked against both.

Ordinary companies from `bench.false_positives` (Faker's tuning halves and the spent held half of seed 15);
listed pairs on all shared lists."""

from __future__ import annotations

import dataclasses

import pytest

from matchers import Screener
from matchers.config import DEFAULT_CONFIG
from matchers.evidence import kind_evidence
from matchers.models import EntityKind
from matchers.normalise import normalise_name
from matchers.person_shapes import PersonWords
from tests.matchers.conftest import SHARED_LISTS, assert_left_alone, best_score_for


@pytest.fixture(scope="module")
def without_rules() -> Screener:
    """All shared lists with 0229 and 0228 off: what scored the pairs below before them."""
    config = dataclasses.replace(
        DEFAULT_CONFIG,
        evidence=dataclasses.replace(DEFAULT_CONFIG.evidence, legal_form_person_shape=False),
        scoring=dataclasses.replace(DEFAULT_CONFIG.scoring, form_keeps_listed_words=False),
    )
    return Screener.from_paths([SHARED_LISTS], config=config)


# (ordinary company, the listed name of no kind it came near, where the company comes from)
COMPANY_NEAR_A_PERSON_OF_NO_KIND = [
    ("ООО «Брагин»", "Nikolai Bragin", "Faker ru_RU, tuning half of seed 15"),
    ("ООО «Кузнецова»", "Elena Kuznetsova", "Faker ru_RU, tuning half of seed 17"),
    ("Booth LLC", "Martin Butt", "Faker en_US, tuning half of seed 18"),
    ("ЗАО «Белов»", "Belov, Alexander", "Faker ru_RU, held half of seed 15 (spent)"),
]


@pytest.mark.parametrize(
    ("query", "listed", "source"),
    COMPANY_NEAR_A_PERSON_OF_NO_KIND,
    ids=[c[0] for c in COMPANY_NEAR_A_PERSON_OF_NO_KIND],
)
def test_a_company_is_kept_under_a_listed_name_that_reads_as_a_persons(
    all_lists_screener: Screener, without_rules: Screener, query: str, listed: str, source: str
) -> None:
    with_rule = best_score_for(all_lists_screener, query, None, listed)
    before = best_score_for(without_rules, query, None, listed)
    assert with_rule < all_lists_screener.threshold, source
    assert before - with_rule >= 0.05, f"the rule, nothing else, lowers it ({source})"


# (query, the listed name as written, why): still held, and scored as before the rules.
STILL_HELD = [
    ("Александр Белов", "Belov, Alexander", "the person in Cyrillic: no legal form, no conflict"),
    ("Белов, Александр", "Belov, Alexander", "the same, surname first"),
    ("Николай Брагин", "Nikolai Bragin", "the person in Cyrillic"),
    ("Кузнецов Андрей Леонидович", "Andrey Leonidovich Kuznetsov", "Cyrillic, surname first, patronymic"),
    ("Olga Petrovna Kuznetsova", "Olga Petrovna Kuznetsova", "with her patronymic"),
    ("ООО «Николай Брагин»", "Nikolai Bragin", "a company named for the whole person: near-certain name"),
    ("Belov Alexander LLC", "Belov, Alexander", "the same, written in Latin"),
    ("YANGON AIRWAYS CMOPA NYLIMITED", "YANGON AIRWAYS COMPANY LIMITED", "a form damaged into unknown words"),
    ("Global Corporation Ltd", "Global Corporation Limited", "the listed company itself"),
]


@pytest.mark.parametrize(("query", "listed", "why"), STILL_HELD, ids=[c[0] for c in STILL_HELD])
def test_listed_pairs_the_rules_leave_alone(
    all_lists_screener: Screener, without_rules: Screener, query: str, listed: str, why: str
) -> None:
    assert_left_alone(all_lists_screener, without_rules, query, listed, why)


def _words(name: str) -> list[str]:
    form = normalise_name(name)
    return list(form.core_tokens())


@pytest.fixture(scope="module")
def person_words() -> PersonWords:
    """From a handful of typed entries: three persons named Alexander, two organisations trading."""
    person, organisation = EntityKind.PERSON, EntityKind.ORGANISATION
    entries = [
        (person, _words("IVANOV, Alexander")),
        (person, _words("Alexander Petrov")),
        (person, _words("SMIRNOV, Alexander Sergeyevich")),
        (organisation, _words("Star Trading LLC")),
        (organisation, _words("Trading House Star")),
    ]
    return PersonWords.from_entries(entries)


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Belov, Alexander", True),
        ("Alexander Nikolai Belov", True),  # one given name the typed persons bear is enough
        ("Belov Bragin", False),  # no given name the lists know
        ("Alexander Trading", False),  # a word of the typed organisations
        ("Alexander Belov LLC", False),  # a legal form
        ("Alexander", False),  # one word
        ("Alexander Belov Bragin Petrov Smirnov", False),  # past four words
        ("Alexander 2000", False),  # a number is no name's word
    ],
)
def test_which_listed_names_read_as_a_persons(person_words: PersonWords, name: str, person: bool) -> None:
    form = normalise_name(name)
    assert person_words.reads_as_person(form.tokens, form.minor) is person


def test_the_conflict_needs_a_form_on_the_query_and_no_kind_on_either_side() -> None:
    unknown, org = EntityKind.UNKNOWN, EntityKind.ORGANISATION
    shaped = kind_evidence(unknown, unknown, 0.85, legal_form=1, listed_person_shape=True)
    assert shaped.delta < 0 and shaped.detail["listed_reads_as"] == "person"
    assert kind_evidence(unknown, unknown, 0.85, legal_form=0, listed_person_shape=True).delta == 0.0
    assert kind_evidence(unknown, unknown, 0.85, legal_form=1, listed_person_shape=False).delta == 0.0
    assert kind_evidence(org, unknown, 0.85, legal_form=1, listed_person_shape=True).delta == 0.0
    assert kind_evidence(unknown, unknown, 0.98, legal_form=1, listed_person_shape=True).delta == 0.0
