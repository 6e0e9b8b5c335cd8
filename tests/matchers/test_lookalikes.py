"""Characters that look alike (decisions 0245, 0246): a digit inside a word of letters read as each letter it
looks like (`AY8AN` / `AYSAN`, `Nan9iali` / `Nangiali`), and one letter print confuses with another priced as
a slip of typing in words of six letters or more (`GAROENIA` / `GARDENIA`, `JAMAIGA` / `JAMAICA`). Real pairs:
listed names perturbed by the `typo` library's look-alike characters (the second recall set's tuning halves),
which the rules lift, and the dev and Faker negatives nearest them, which they must leave below the
threshold."""

from __future__ import annotations

import dataclasses

import pytest

from matchers import Screener
from matchers.config import DEFAULT_CONFIG
from matchers.digit_readings import parse_table, readings
from matchers.similarity import lookalike, token_similarity
from tests.matchers.conftest import SHARED_LISTS, assert_lifted_by_rule, best_score_for

# (query, listed name it must reach at the threshold, kind, what was misread)
LIFTED = [
    ("AY8AN", "AYSAN", None, "`8` for `S` (the normaliser reads `B`: `ayban`, a swap from `ABYAN`)"),
    ("Nan9iali", "Nangiali", None, "`9` for `g`, a given name with no kind given"),
    ("AR2IN", "ARZIN", None, "`2` for `Z`, a vessel"),
    ("VIC7ORY", "VICTORY", None, "`7` for `T`"),
    ("8ABRINA", "SABRINA", None, "`8` for `S` at the word's start"),
    ("GAROENIA", "GARDENIA", None, "`O` for `D` in an eight-letter vessel name"),
    ("JAMAIGA", "JAMAICA", None, "`G` for `C`: a lone seven-letter word, not discounted"),
    ("FDRTUNE", "FORTUNE", None, "`D` for `O`"),
    ("JSC Tntegral", "JSC Integral", None, "`T` for `I` beside a form"),
    ("CAZPROM PAO", "GAZPROM PAO", None, "`C` for `G` beside a form"),
]

# (query, listed name it comes nearest, why it must stay below the threshold)
NOT_LIFTED = [
    ("Eason Technology Ltd", "Cason Technologies", "a dev negative: `E` / `C` is no pair taken"),
    (
        "Peron",
        "PERUN",
        "a Faker company (`Peron SA` without its form, 0266): `o` / `u` in a five-letter word",
    ),
    ("Clément", "JSC Element", "a Faker company: `C` / `E` is no pair taken"),
]


@pytest.fixture(scope="module")
def screener_without_lookalikes() -> Screener:
    retrieval = dataclasses.replace(DEFAULT_CONFIG.retrieval, digit_letters="")
    similarity = dataclasses.replace(DEFAULT_CONFIG.similarity, lookalike_letters="")
    config = dataclasses.replace(DEFAULT_CONFIG, retrieval=retrieval, similarity=similarity)
    return Screener.from_paths([SHARED_LISTS], config=config)


@pytest.mark.parametrize(("query", "listed", "kind", "how"), LIFTED, ids=[c[0] for c in LIFTED])
def test_a_misread_character_still_finds_the_party(
    all_lists_screener: Screener,
    screener_without_lookalikes: Screener,
    query: str,
    listed: str,
    kind: str | None,
    how: str,
) -> None:
    assert_lifted_by_rule(all_lists_screener, screener_without_lookalikes, query, listed, kind, how)


@pytest.mark.parametrize(("query", "listed", "why"), NOT_LIFTED, ids=[c[0] for c in NOT_LIFTED])
def test_ordinary_names_near_a_lookalike_stay_below_the_threshold(
    all_lists_screener: Screener, query: str, listed: str, why: str
) -> None:
    assert 0.6 <= best_score_for(all_lists_screener, query, None, listed) < all_lists_screener.threshold, why
    assert not any(m.score >= all_lists_screener.threshold for m in all_lists_screener.screen(query)), why


@pytest.mark.parametrize(
    "query",
    [
        "Five9, Inc.",  # a dev negative: a digit ending a word is a number (`LLC FIVEL` 0.85 if read)
        "G4S Secure Solutions",  # `4` is no letter read
        "3M Company",  # one letter: a code
        "7193 Factory",  # a number
    ],
)
def test_numbers_and_codes_are_not_read_as_letters(
    all_lists_screener: Screener, screener_without_lookalikes: Screener, query: str
) -> None:
    assert not readings(query, parse_table(DEFAULT_CONFIG.retrieval.digit_letters), 4)
    with_rule = [(m.entry_id, m.score) for m in all_lists_screener.screen(query)]
    assert with_rule == [(m.entry_id, m.score) for m in screener_without_lookalikes.screen(query)]


def test_readings_keep_the_case_and_are_bounded() -> None:
    table = parse_table("0od 8bs 9gq")
    assert readings("AY8AN Ltd", table, 4) == ["AYBAN Ltd", "AYSAN Ltd"]
    assert readings("Avan9ard", table, 4) == ["Avangard", "Avanqard"]
    # (Two ambiguous digits: four readings at most, whatever the words hold.)
    assert len(readings("8AR0N 8ELL0WS", table, 4)) == 4
    assert readings("SMITH", table, 4) == []


@pytest.mark.parametrize(
    ("a", "b", "alike"),
    [
        ("garoenia", "gardenia", True),
        ("jamaiga", "jamaica", True),
        ("tntegral", "integral", True),
        ("eason", "cason", False),  # `e` / `c`: not in the table
        ("gardenia", "gardenia", False),  # no letter differs
        ("garoenla", "gardenia", False),  # two letters differ
        ("aegon", "argon", False),  # `e` / `r`: a key, not a look-alike
    ],
)
def test_lookalike_is_one_confused_letter(a: str, b: str, alike: bool) -> None:
    assert lookalike(a, b, DEFAULT_CONFIG.similarity.lookalike_letters) is alike


def test_a_lookalike_costs_a_slip_from_six_letters_only() -> None:
    # (One letter in eight misread: 1 - 1/8, as a slip; in five letters it stays an edit, 1 - 1.5/5.)
    assert token_similarity("garoenia", "gardenia") == pytest.approx(0.875)
    assert token_similarity("peron", "perun") == pytest.approx(0.7)
