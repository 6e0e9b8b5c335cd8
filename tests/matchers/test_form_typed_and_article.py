"""Two rules of round 12 for a short word's typo (`typo_short`), on real names of all shared lists (the
weights the screener has in production):

- decision 0179: the query's first or last word, left unaligned, one typed edit (a slip, a key struck with
  its neighbour, a key missed) from a spelling of the legal form the listed name has at that same end, is
  that form mistyped (`OO RPP` / `LLC RPP`: `ooo`; `EXIMBANK OF RUSSIA SAO` / `... JSC`: `zao`), whichever
  alias of the party the index offers. A word that is no typed edit of a form (`PAN`), a form of another
  kind (`PA` for `PAO` beside an LLC) stays a word the listed name lacks.
- decision 0190: a name's first word that is `the` with a key struck beside one of its letters (`TJHE`,
  `YThe`) is the article normalisation drops, as decision 0156 already read its other slips. Not a key far
  from the letters (`TKHE`), nor the word inside the name.

Each rule is switched off in a second screener to show that it, and nothing else, lifts the pair."""

from __future__ import annotations

import pytest

from matchers import Screener
from tests.matchers.conftest import all_lists_screener_with

# (query, a word every alias of the listed party holds, why): at or above the threshold with the rule.
FORM_TYPED = [
    ("OO RPP", "RPP", "`OO` is `OOO` (an LLC) with a key missed, where `LLC RPP` has its form"),
    ("RPP OO", "RPP", "the same at the name's end, where `RPP LIMITED LIABILITY COMPANY` has it"),
    ("GAZPROM NEFT PA", "GAZPROM NEFT", "`PA` is `PAO` (a JSC) with a key missed"),
    ("VTB BANK PA", "VTB BANK", "`PA` for `PAO`, though the alias offered writes `JSC`"),
    ("AZAO VANKORNEFT", "VANKORNEFT", "`AZAO` is `ZAO` with `a` struck beside its neighbour `z`"),
    ("EXIMBANK OF RUSSIA SAO", "EXIMBANK", "`SAO` is `ZAO` with `s` struck for its neighbour `z`"),
    ("OO GUDZON SHIPPING CO", "GUDZON", "`OO` for `OOO`"),
    ("OA Mashinostroitelnyi Zavod Arsenal", "ARSENAL", "`OA` is `OAO` with a key missed"),
]

# (query, word, why): below the threshold.
FORM_NOT_TYPED = [
    ("PAN TRANSNEFT", "TRANSNEFT", "`PAN` is no typed edit of a legal form: a word the listed name lacks"),
    ("PAN RPP", "RPP", "`PAN`: no form's typo"),
    ("PA RPP", "RPP", "`PA` is a JSC's `PAO` mistyped, and `RPP` is listed as an LLC"),
    ("OA RPP", "RPP", "`OA` is a JSC's `OAO` mistyped, and `RPP` is listed as an LLC"),
]

ARTICLE = [
    ("TJHE ASIAN TIGERS", "ASIAN TIGERS", "`j` struck beside its neighbour `h`"),
    ("YThe Eastern Turkistan Islamic Party", "TURKISTAN", "`y` struck beside its neighbour `t`"),
]

NOT_ARTICLE = [
    ("TKHE ASIAN TIGERS", "ASIAN TIGERS", "`k` is no neighbour of `t` or `h`: a word of the name"),
    ("ASIAN TJHE TIGERS", "ASIAN TIGERS", "inside the name no article stands"),
]


@pytest.fixture(scope="module")
def without_form_rule() -> Screener:
    # (0174 reads a last word two edits from the listed name's own form, `PA` / `OAO`, and lifts some of
    # these too: both form rules off shows the pair needs one of them.)
    return all_lists_screener_with(form_class_typos=False, form_typed_twice=False)


@pytest.fixture(scope="module")
def without_article_rule() -> Screener:
    return all_lists_screener_with(mistyped_article=False)


def best_holding(all_lists_screener: Screener, query: str, word: str) -> float:
    """The best score of a listed name holding `word` (any alias of the party)."""
    matches = all_lists_screener.screen(query, floor=0.0)
    return max((m.score for m in matches if word in m.matched.upper()), default=0.0)


@pytest.mark.parametrize(("query", "word", "why"), FORM_TYPED, ids=[c[0] for c in FORM_TYPED])
def test_a_legal_form_typed_where_the_listed_name_has_it_is_that_form(
    all_lists_screener: Screener, without_form_rule: Screener, query: str, word: str, why: str
) -> None:
    assert best_holding(all_lists_screener, query, word) >= all_lists_screener.threshold, why
    assert best_holding(without_form_rule, query, word) < all_lists_screener.threshold


@pytest.mark.parametrize(("query", "word", "why"), FORM_NOT_TYPED, ids=[c[0] for c in FORM_NOT_TYPED])
def test_a_word_that_is_no_typo_of_the_listed_form_still_counts(
    all_lists_screener: Screener, query: str, word: str, why: str
) -> None:
    assert best_holding(all_lists_screener, query, word) < all_lists_screener.threshold, why


@pytest.mark.parametrize(("query", "word", "why"), ARTICLE, ids=[c[0] for c in ARTICLE])
def test_the_article_with_a_key_struck_beside_it_is_the_article(
    all_lists_screener: Screener, without_article_rule: Screener, query: str, word: str, why: str
) -> None:
    assert best_holding(all_lists_screener, query, word) >= all_lists_screener.threshold, why
    assert best_holding(without_article_rule, query, word) < all_lists_screener.threshold


@pytest.mark.parametrize(("query", "word", "why"), NOT_ARTICLE, ids=[c[0] for c in NOT_ARTICLE])
def test_a_word_far_from_the_article_or_inside_the_name_stays_a_word(
    all_lists_screener: Screener, query: str, word: str, why: str
) -> None:
    assert best_holding(all_lists_screener, query, word) < all_lists_screener.threshold, why
