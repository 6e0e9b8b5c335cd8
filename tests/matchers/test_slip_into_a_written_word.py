"""A slip of typing that makes a word people write is no typo exemption for the one approximate word of two
names (decision 0227, round 16).

`single_fuzzy` keeps a match resting on one approximate short word below certainty (x0.9), except when the
two words are a slip of typing or a misread letter apart. Ordinary companies named for a surname met that
exemption against a listed one-word name a slip away: `Castro` against the vessel `CASTOR` (two letters
swapped), `Scott Inc` against `SCOT` (a letter doubled), `da Mata` against `MATAA`. A slip of a short name
makes a string nobody writes far more often than a common word; a word ordinary text writes (Zipf >= 3) is
more often written on purpose. Misread letters of print keep the exemption (scanned text reads words:
`CLORE` for `DORE`), and so do slips into rare strings (`Natta` for `Nata`). Listed names on all shared
lists; the ordinary companies are Faker's (`bench.false_positives`, tuning halves)."""

from __future__ import annotations

import pytest

from matchers import Screener
from tests.matchers.conftest import all_lists_screener_with, assert_lowered_by_rule, best_score_for


@pytest.fixture(scope="module")
def without_rule() -> Screener:
    """All shared lists with the rule's setting off: every slip exempt, as before."""
    return all_lists_screener_with(slip_written_zipf=0.0)


# (ordinary company, the listed name it came near, its score before the rule)
SURNAME_A_SLIP_FROM_A_LISTED_NAME = [
    ("Castro", "CASTOR", 0.83),
    ("Scott Inc", "SCOT", 0.88),
    ("da Mata", "MATAA", 0.88),
    ("Holland-Scott", "SCOT", 0.84),
]


@pytest.mark.parametrize(
    ("query", "listed", "before"),
    SURNAME_A_SLIP_FROM_A_LISTED_NAME,
    ids=[c[0] for c in SURNAME_A_SLIP_FROM_A_LISTED_NAME],
)
def test_a_surname_a_slip_from_a_listed_name_is_no_hit(
    all_lists_screener: Screener, without_rule: Screener, query: str, listed: str, before: float
) -> None:
    assert_lowered_by_rule(
        all_lists_screener, without_rule, query, listed, before, below=all_lists_screener.threshold
    )


# (query, the listed name as written): slips into strings nobody writes, misread letters, coined brands.
STILL_HELD = [
    ("Natta", "Nata"),
    ("LENNA", "LENA"),
    ("Craas", "CRAS"),
    ("Trnasoil", "Transoil"),
    ("CLORE", "DORE"),
    ("Dahau", "Dahua"),
    ("Megvi", "Megvii Technology"),
    ("Castor", "CASTOR"),
    ("Scot", "SCOT"),
]


@pytest.mark.parametrize(("query", "listed"), STILL_HELD, ids=[c[0] for c in STILL_HELD])
def test_slips_that_make_no_word_and_misread_letters_still_hit(
    all_lists_screener: Screener, query: str, listed: str
) -> None:
    assert best_score_for(all_lists_screener, query, None, listed) >= all_lists_screener.threshold
