"""A word of the query the lists hold is not paired with a listed legal form by its letters alone
(decision 0228, round 16).

A name found by its whole-name keys has its words aligned by their letters (`word_spans.word_pairs`), at
any similarity. `Global Construction Limited` found `Global Corporation Limited` that way, `construction`
aligned with the listed form `corporation` at 0.375, and an aligned query word weighs what its listed
counterpart weighs: the ordinary company's one distinctive word weighed as a legal form, 0.967. A form
mistyped is a string no list holds or within a typo of the form, and still pairs (`Corporatoin`). Listed
names on all shared lists; the ordinary company is Faker's (`bench.false_positives`, tuning half)."""

from __future__ import annotations

import pytest

from matchers import Screener
from tests.matchers.conftest import all_lists_screener_with, assert_lowered_by_rule, best_score_for


@pytest.fixture(scope="module")
def without_rule() -> Screener:
    """All shared lists with the rule's setting off: letters-aligned words paired with forms as before."""
    return all_lists_screener_with(form_keeps_listed_words=False)


# (ordinary company, the listed name it came near, its score before the rule)
WORD_READ_AS_A_FORM = [
    ("Global Construction Limited", "Global Corporation Limited", 0.95),
]


@pytest.mark.parametrize(
    ("query", "listed", "before"), WORD_READ_AS_A_FORM, ids=[c[0] for c in WORD_READ_AS_A_FORM]
)
def test_a_listed_word_is_no_mistyped_form(
    all_lists_screener: Screener, without_rule: Screener, query: str, listed: str, before: float
) -> None:
    assert_lowered_by_rule(all_lists_screener, without_rule, query, listed, before, below=0.75)


# (query, the listed name as written): the form mistyped or written another way still pairs.
STILL_HELD = [
    ("Global Corporatoin Limited", "Global Corporation Limited"),
    ("Global Corp Limited", "Global Corporation Limited"),
    ("Global Corporation Limited", "Global Corporation Limited"),
]


@pytest.mark.parametrize(("query", "listed"), STILL_HELD, ids=[c[0] for c in STILL_HELD])
def test_the_form_mistyped_still_pairs(all_lists_screener: Screener, query: str, listed: str) -> None:
    assert best_score_for(all_lists_screener, query, None, listed) >= 0.95
