"""A legal form read from a mistyped word at a name's end states no other form (decision 0267, round 20).

`NPO Etalon` typed `PNO Etalon` (two letters swapped): normalisation reads `pno`, one typo from `pao`, as
that form, and the listed `npo` is another form, so `two_legal_forms` took a fifth off the one word the
names share and the party fell under the threshold (0.81). Which form a mistyped word was meant for is a
guess among those one edit away (`pno`: `pao`, `npo`); a form written as a form (`Etalon Ltd` / `NPO
Etalon`) is still a statement that the company is another one, and keeps the factor. Listed names on all
shared lists."""

from __future__ import annotations

import pytest

from matchers import Screener
from matchers.normalise import normalise_name
from tests.matchers.conftest import all_lists_screener_with, assert_lifted_by_rule, best_score_for


@pytest.fixture(scope="module")
def without_rule() -> Screener:
    """All shared lists with the rule's setting off: two different forms cost the factor however read."""
    return all_lists_screener_with(typed_form_no_conflict=False)


# (name, which ends were read as a form from a mistyped word: 1 first, 2 last)
TYPED_ENDS = [
    ("PNO Etalon", 1),
    ("OKO Sertal", 1),
    ("Kontsern Okeanpribor, PAKO", 2),
    ("OOA Fincor Ltdd", 3),
    ("NPO Etalon", 0),
    ("Nova Ltd", 0),
    ("Sertal Limited Liability Company", 0),
    ("Etalon", 0),
]


@pytest.mark.parametrize(("name", "ends"), TYPED_ENDS, ids=[c[0] for c in TYPED_ENDS])
def test_normalisation_marks_the_ends_it_read_as_a_mistyped_form(name: str, ends: int) -> None:
    assert normalise_name(name).typed_ends == ends


# (query, the listed name as written, what was typed)
LIFTED = [
    ("PNO Etalon", "NPO Etalon", "two letters of the form swapped"),
    ("PNO Lavochkin", "NPO Lavochkin", "two letters of the form swapped"),
    ("OKO Sertal", "OOO SERTAL", "a key struck for its neighbour in the form"),
    ("OKO Akrol", "OOO Akrol", "a key struck for its neighbour in the form"),
    ("PASKAL OPO", "PASKAL OOO", "a key struck for its neighbour in the form"),
    ("GLAVSET, OKO", "GLAVSET LLC", "a key struck for its neighbour in another spelling of the form"),
    ("XZACT, JNC.", "XZACT, INC.", "a key struck for its neighbour in the form"),
]


@pytest.mark.parametrize(("query", "listed", "how"), LIFTED, ids=[c[0] for c in LIFTED])
def test_a_mistyped_form_is_no_other_form(
    all_lists_screener: Screener, without_rule: Screener, query: str, listed: str, how: str
) -> None:
    assert_lifted_by_rule(all_lists_screener, without_rule, query, listed, None, how)


# (query, the listed name as written): a form written as one is another company's.
STILL_APART = [
    ("Etalon Ltd", "NPO Etalon"),
    ("Lavochkin GmbH", "NPO Lavochkin"),
    ("Akrol JSC", "OOO Akrol"),
]


@pytest.mark.parametrize(("query", "listed"), STILL_APART, ids=[c[0] for c in STILL_APART])
def test_a_form_written_as_one_keeps_the_two_forms_apart(
    all_lists_screener: Screener, without_rule: Screener, query: str, listed: str
) -> None:
    score = best_score_for(all_lists_screener, query, None, listed)
    assert score == best_score_for(without_rule, query, None, listed)
    assert score < all_lists_screener.threshold
