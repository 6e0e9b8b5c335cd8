"""A query word left over beside a listed legal form of three letters or fewer is that form typed twice
over only when its edits are counted as written and it stands where the form stands among the aligned
words (decision 0225, round 15).

Before, `may` in `Wagner-May` was read as `mil` (the generic form of `Private Military Company`, `PMC`)
typed with two edits and weighed what the form weighs: the ordinary company scored 0.992 against the
listed Wagner group on `Wagner` alone. `Putz` was read as `PMC` by the letters' skeletons (`puk` / `pmk`).
Real typed forms at two edits stand where the form stands (`Gazprom Telekom, POLO` / `..., OOO`, `bad` for
`and` between the same two words) and still pair. Listed pairs on all shared lists; the ordinary companies
are Faker's (`bench.false_positives`)."""

from __future__ import annotations

import pytest

from matchers import Screener
from tests.matchers.conftest import all_lists_screener_with, assert_lowered_by_rule, best_score_for


@pytest.fixture(scope="module")
def without_rule() -> Screener:
    """All shared lists with the rule's setting off: what lifted the pairs below before it."""
    return all_lists_screener_with(short_form_typo_as_written=False)


# (ordinary company, the listed name it came near, its score before the rule)
COMPANY_NEAR_A_FORM = [
    ("Wagner-May", "Private Military Company 'Wagner'", 0.99),
    ("Wagner May", "Private Military Company 'Wagner'", 0.99),
    ("Putz Wagner GmbH", "PMC Wagner", 0.97),
]


@pytest.mark.parametrize(
    ("query", "listed", "before"), COMPANY_NEAR_A_FORM, ids=[c[0] for c in COMPANY_NEAR_A_FORM]
)
def test_a_word_the_company_adds_is_no_typed_legal_form(
    all_lists_screener: Screener, without_rule: Screener, query: str, listed: str, before: float
) -> None:
    assert_lowered_by_rule(all_lists_screener, without_rule, query, listed, before, below=0.80)


# (query, the listed name as written): a short form typed with two edits where it stands, still a hit.
FORM_TYPED_TWICE = [
    ("Gazprom Telekom, POLO", "Gazprom Telekom, OOO"),
    ("Vega Aeronauticzs bad Engineering Company Ltd.", "Vega Aeronautics and Engineering Company Ltd."),
    ("BANK SEPAH ANCL BANK SEPAH INTERNATIONAL", "BANK SEPAH AND BANK SEPAH INTERNATIONAL"),
    ("Provenhonour Capital Lct", "Proven Honour Capital Ltd"),
    ("Pinky Trading Co., Ptd.", "Pinky Trading Co., Ltd."),
    ("PMX Wagner", "PMC Wagner"),
]


@pytest.mark.parametrize(("query", "listed"), FORM_TYPED_TWICE, ids=[c[0] for c in FORM_TYPED_TWICE])
def test_a_form_typed_where_it_stands_still_pairs(
    all_lists_screener: Screener, query: str, listed: str
) -> None:
    assert best_score_for(all_lists_screener, query, None, listed) >= 0.95


# (query, the listed name as written): a listed party's subsidiary or short name written with its form.
STILL_HELD = [
    ("Megvii", "Megvii Technology"),
    ("Wagner Group", "Wagner Group"),
    ("PMC Wagner", "Private Military Company 'Wagner'"),
    ("Megvii Technology Ltd", "MEGVII TECHNOLOGY LIMITED"),
]


@pytest.mark.parametrize(("query", "listed"), STILL_HELD, ids=[c[0] for c in STILL_HELD])
def test_listed_names_with_their_forms_still_hit(
    all_lists_screener: Screener, query: str, listed: str
) -> None:
    assert best_score_for(all_lists_screener, query, None, listed) >= all_lists_screener.threshold
