"""Two short-word typo rules of round 11, on real names of all shared lists (the weights the screener has
in production):

- decision 0176: a short word normalisation read as a legal form (`ONG` as the NGO form, `NA`), inside the
  name, one typed edit from the one listed word left unaligned, is offered to the short-word rule as that
  word's typo (`JI ONG 8` / `JI SONG 8`). At the name's start or end a legal form is what it is: `BLUE SKY
  SE` is a European company, not `BLUE SKY SZE`.
- decision 0177: a word no list and no English text holds, one slip of typing from the listed word it is
  aligned with, everything else aligned, counts as that word's typo when the query gives a country the
  entry has, though the lists hold more than one word a slip from it (`SGIG` / `SBIG` in Iran). Without
  the country, with another one, for a word people write (`CTC`), or for an edit typing does not make, it
  stays below the threshold.

Each rule is switched off in a second screener to show that it, and nothing else, lifts the pair."""

from __future__ import annotations

import pytest

from matchers import Screener
from tests.matchers.conftest import all_lists_screener_with, best_score_for

# (query, country, listed name expected at or above the threshold, why)
FORM_READ = [
    ("JI ONG 8", None, "JI SONG 8", "`ONG` (the NGO form) is `SONG` with a key missed"),
    ("RA NA 2", None, "RA NAM 2", "`NA` is `NAM` with a key missed"),
    ("HONG ONG ELECTRONICS KISH CO.", None, "HONG KONG ELECTRONICS KISH CO", "`ONG` is `KONG`"),
]

# (query, country, listed name that must stay below the threshold, why)
FORM_KEPT = [
    ("BLUE SKY SE", None, "BLUE SKY SZE", "a legal form at the name's end: a European company"),
    ("CAPE AS", None, "CAPE GAS", "`AS` at the end is the Nordic form"),
    ("DEEP SA", None, "DEEP SEA", "`SA` at the end is the form"),
    ("JI ONE 8", None, "JI SONG 8", "`ONE` is no legal form and two edits from `SONG`"),
]

COUNTRY_PICKS = [
    ("SGIG", "IR", "SBIG", "`g` struck for its neighbour `b`; `SHIG` is a slip away too"),
    ("IMEA", "VE", "INEA", "`m` struck for its neighbour `n`"),
    ("IJEP", "RU", "IHEP", "`j` struck for its neighbour `h`"),
    ("AWSX", "AE", "AWEX", "`s` struck for its neighbour `e`"),
    ("CIGC", "CN", "CNIGC", "a key missed"),
    ("JSC RDZ", "RU", "JSC RZD", "two letters swapped beside a legal form"),
]

COUNTRY_DOES_NOT_PICK = [
    ("SGIG", None, "SBIG", "no country: several listed words are a slip from it"),
    ("SGIG", "RU", "SBIG", "a country the entry does not have"),
    ("IMEA", None, "INEA", "no country"),
    ("SPIG", "IR", "SBIG", "`p` and `b` are far apart on the keyboard"),
    ("ILEP", "RU", "IHEP", "`l` and `h` are far apart"),
    ("CTC", "CN", "CCTC", "`CTC` is written in English text: a name of its own"),
    ("AEGON LTD.", "NL", "ARGON OOO", "`AEGON` is a name people write"),
]


@pytest.fixture(scope="module")
def without_form_rule() -> Screener:
    return all_lists_screener_with(form_read_short=False)


@pytest.fixture(scope="module")
def without_country_rule() -> Screener:
    return all_lists_screener_with(country_picks_neighbour=False)


@pytest.mark.parametrize(("query", "country", "listed", "why"), FORM_READ, ids=[c[0] for c in FORM_READ])
def test_a_short_word_read_as_a_form_inside_the_name_is_the_listed_word_typed(
    all_lists_screener: Screener,
    without_form_rule: Screener,
    query: str,
    country: str | None,
    listed: str,
    why: str,
) -> None:
    assert best_score_for(all_lists_screener, query, country, listed) >= all_lists_screener.threshold, why
    assert best_score_for(without_form_rule, query, country, listed) < all_lists_screener.threshold


@pytest.mark.parametrize(("query", "country", "listed", "why"), FORM_KEPT, ids=[c[0] for c in FORM_KEPT])
def test_a_legal_form_at_the_names_edge_stays_a_form(
    all_lists_screener: Screener, query: str, country: str | None, listed: str, why: str
) -> None:
    assert best_score_for(all_lists_screener, query, country, listed) < all_lists_screener.threshold, why


@pytest.mark.parametrize(
    ("query", "country", "listed", "why"), COUNTRY_PICKS, ids=[f"{c[0]} [{c[1]}]" for c in COUNTRY_PICKS]
)
def test_the_country_picks_the_listed_word_an_unwritten_word_was_slipped_from(
    all_lists_screener: Screener,
    without_country_rule: Screener,
    query: str,
    country: str,
    listed: str,
    why: str,
) -> None:
    assert best_score_for(all_lists_screener, query, country, listed) >= all_lists_screener.threshold, why
    assert best_score_for(without_country_rule, query, country, listed) < all_lists_screener.threshold


@pytest.mark.parametrize(
    ("query", "country", "listed", "why"),
    COUNTRY_DOES_NOT_PICK,
    ids=[f"{c[0]} [{c[1]}]" for c in COUNTRY_DOES_NOT_PICK],
)
def test_without_the_country_a_typed_slip_or_an_unwritten_word_it_stays_below(
    all_lists_screener: Screener, query: str, country: str | None, listed: str, why: str
) -> None:
    assert best_score_for(all_lists_screener, query, country, listed) < all_lists_screener.threshold, why
