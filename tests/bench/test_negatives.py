"""The second negative set (bench/negatives.py): the same names on every run and machine for a seed, each
locale's names independent of the others, and halves fixed by the name alone, so the held-out half stays
held out however the set is grown."""

from __future__ import annotations

import pytest

from bench.false_positives import bands, same_name
from bench.negatives import COMPANY_LOCALES, HALVES, faker_negatives, generate, half_of


def test_the_same_seed_gives_the_same_names() -> None:
    first = generate(seed=7, locales=("de_DE", "ja_JP"), companies=5, persons=3)
    again = generate(seed=7, locales=("de_DE", "ja_JP"), companies=5, persons=3)
    assert first == again
    assert {n.kind for n in first} == {"company", "person"}
    assert generate(seed=8, locales=("de_DE", "ja_JP"), companies=5, persons=3) != first


def test_a_locales_names_do_not_depend_on_the_other_locales() -> None:
    alone = generate(seed=7, locales=("fr_FR",), companies=6, persons=2)
    beside = generate(seed=7, locales=("de_DE", "fr_FR"), companies=6, persons=2)
    assert [n for n in beside if n.locale == "fr_FR"] == alone


def test_no_name_twice_and_no_locale_falls_back_to_another() -> None:
    names = generate(seed=3, companies=20, persons=0)
    assert len({n.name for n in names}) == len(names)
    # Every locale has a company provider of its own: none repeats en_US's names.
    us = {n.name for n in names if n.locale == "en_US"}
    assert all(not (us & {n.name for n in names if n.locale == loc}) for loc in COMPANY_LOCALES[1:])


@pytest.mark.parametrize(
    ("name", "half"),
    [
        ("Bailey Ltd", "tune"),
        ("Castro", "tune"),
        ("Hein Schaaf e.V.", "held"),
    ],
)
def test_the_half_is_fixed_by_the_name(name: str, half: str) -> None:
    assert half_of(name) == half


def test_the_halves_split_the_set() -> None:
    whole = {n.name for n in faker_negatives()}
    tune, held = ({n.name for n in faker_negatives(h)} for h in HALVES)
    assert tune | held == whole
    assert not tune & held
    assert 0.4 < len(tune) / len(whole) < 0.6
    with pytest.raises(ValueError):
        faker_negatives("test")


# (explanation of a top match, whether it is the listed name itself up to legal forms)
SAME_NAME = [
    ({"aligned": [{"similarity": 1.0}], "unmatched_query": ["jsc"], "unmatched_listed": []}, True),
    ({"aligned": [{"similarity": 1.0}], "unmatched_query": [], "unmatched_listed": ["holding"]}, False),
    ({"aligned": [{"similarity": 0.9}], "unmatched_query": [], "unmatched_listed": []}, False),
    ({"aligned": [], "unmatched_query": [], "unmatched_listed": []}, False),
]


@pytest.mark.parametrize(("explanation", "same"), SAME_NAME)
def test_a_listed_name_itself_is_set_apart_from_the_false_positives(explanation: dict, same: bool) -> None:
    assert same_name(explanation) is same


def test_bands_count_each_score_once() -> None:
    counted = bands([0.69, 0.70, 0.74, 0.75, 0.81, 0.82, 0.99], 0.82)
    assert counted == {"0.70-0.75": 2, "0.75-0.82": 2, ">=0.82": 2}


# (query, listed name, explanation of the top match, whether it is the listed name itself up to legal forms)
SAME_NAME_WRITTEN = [
    # `- EI` (Brazil's sole trader) is read as rigour's generic `sp`, which its table does not read back.
    ("Santos - EI", "SANTOS", {"aligned": [{"similarity": 1.0}], "unmatched_query": ["sp"]}, True),
    ("Santos S.A.", "SANTOS", {"aligned": [{"similarity": 1.0}], "unmatched_query": ["jsc"]}, True),
    # `sp` written by neither name is a word, not a form.
    ("Santos SP", "SANTOS", {"aligned": [{"similarity": 1.0}], "unmatched_query": ["sp"]}, False),
    # The engine's own `corporation` is no generic spelling of rigour's: the pair stays counted.
    (
        "Philippine State Enterprise Corporation",
        "IS PHILIPPINES",
        {"aligned": [{"similarity": 1.0}, {"similarity": 1.0}], "unmatched_query": ["corporation"]},
        False,
    ),
]


@pytest.mark.parametrize(("query", "listed", "explanation", "same"), SAME_NAME_WRITTEN)
def test_a_form_left_in_its_generic_spelling_is_a_form(
    query: str, listed: str, explanation: dict, same: bool
) -> None:
    assert same_name(explanation, query, listed) is same
