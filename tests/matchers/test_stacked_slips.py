"""Errors stacked in one word or one legal phrase (decisions 0170-0171): two slips of typing in one word
(`similarity.stacked_slips`, aligned by the scorer) and a legal phrase whose edits are priced as typing
prices them (`normalise.repair_legal_phrases`). Real listed names from the shared lists, with the damage
`bench/errors.py` stacks on them; pairs that must stay apart beside them."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import pytest

from matchers import DEFAULT_THRESHOLD, MatchConfig
from matchers.config import DEFAULT_CONFIG
from matchers.models import EntityKind
from matchers.normalise import normalise_name, repair_legal_phrases
from matchers.scoring import Side, score_names
from matchers.similarity import stacked_slips, token_similarity, typing_cost
from matchers.weights import TokenStats

OFF = replace(DEFAULT_CONFIG, similarity=replace(DEFAULT_CONFIG.similarity, stacked_slips=0.0))


class Words(NamedTuple):
    written: str
    listed: str
    why: str


TWO_SLIPS = [
    Words("rbaov", "bravo", "two pairs of neighbouring letters swapped"),
    Words("frisa", "firas", "two pairs of neighbouring letters swapped"),
    Words("tardee", "trade", "letters swapped, then one doubled"),
    Words("hajes", "hamed", "two keys struck beside their neighbours"),
    Words("aasmi", "asim", "a letter doubled and two swapped"),
    Words("rnsnuel", "manuel", "`rn` read for `m`, and a key struck beside its neighbour"),
    Words("rnoluhem", "moulhem", "`rn` read for `m`, and two letters swapped"),
    Words("giabntt", "giant", "a key struck with its neighbour, and a letter doubled"),
    Words("yatrh", "tarh", "a key struck with its neighbour, and another for its neighbour"),
]


@pytest.mark.parametrize("row", TWO_SLIPS, ids=[f"{r.written}|{r.listed}" for r in TWO_SLIPS])
def test_two_slips_in_one_word_are_priced_as_slips(row: Words) -> None:
    sim = stacked_slips(row.written, row.listed)
    # Two slips cost two letters' share: more than the token step gives two edits of any kind (nothing).
    assert sim == pytest.approx(1.0 - 2.0 / max(len(row.written), len(row.listed))), row.why
    assert token_similarity(row.written, row.listed) < sim, row.why
    assert stacked_slips(row.written, row.listed, OFF.similarity) == 0.0, "0 turns the rule off"


# (A letter dropped beside a slip, `doclk` / `dodik`, is priced by `slip_and_missed_key`, decision 0172:
# tests/matchers/test_missed_key.py.)
NOT_TWO_SLIPS = [
    Words("vistra", "vista", "one edit: the token step's to price (decision 0144)"),
    Words("majed", "hamed", "`h` and `m` are no neighbours: another given name"),
    Words("amro", "omar", "letters moved, not swapped"),
    Words("rbaovv", "bravo", "three slips"),
    Words("bma", "mba", "three letters: two slips leave one standing"),
    Words("a1b2", "b1a2", "not words"),
]


@pytest.mark.parametrize("row", NOT_TWO_SLIPS, ids=[f"{r.written}|{r.listed}" for r in NOT_TWO_SLIPS])
def test_other_edits_are_not_two_slips(row: Words) -> None:
    assert stacked_slips(row.written, row.listed) == 0.0, row.why


def test_a_key_struck_with_its_neighbour_is_a_slip_only_when_asked() -> None:
    # (`typing_cost` prices it as another edit for the token step, as before; `stacked_slips` asks.)
    assert typing_cost("giabnt", "giant", 1.0, 1.5) == 1.5
    assert typing_cost("giabnt", "giant", 1.0, 1.5, fat_fingers=True) == 1.0
    # A letter the listed word has and the query lacks is no key struck: dropped, at full price.
    assert typing_cost("giant", "giabnt", 1.0, 1.5, fat_fingers=True) == 1.5


class Names(NamedTuple):
    query: str
    listed: str
    kind: str | None
    why: str


def score(stats: TokenStats, case: Names, config: MatchConfig = DEFAULT_CONFIG) -> float:
    person = EntityKind.parse(case.kind) == EntityKind.PERSON
    q = Side.build(normalise_name(case.query), stats)
    lst = Side.build(normalise_name(case.listed), stats)
    return score_names(q, lst, person, config).score


# The word with two slips is left over on both sides after the alignment, beside words both names hold.
SAME_PARTY = [
    Names("Kenwop International Tardee Company", "Kenwoo International Trade Company", None, "Tardee"),
    Names("Oscar Hernandez-Rbaov", "Oscar Hernandez-Bravo", "person", "Rbaov"),
    Names("AL-FRISA, Muhsin", "AL-FIRAS, Muhsin", "person", "Frisa"),
    Names("Hajes Kianynejad", "Hamed Kianynejad", "person", "Hajes"),
    Names(
        "SCIENTIFIC AND RESEARCH INSTITUTE FERRIT ODMEJ",
        "SCIENTIFIC AND RESEARCH INSTITUTE FERRIT DOMEN",
        None,
        "Odmej",
    ),
    Names("Hsjan Dingxin", "Henan Dingxin", None, "Hsjan: a key struck beside its neighbour, two swapped"),
]


@pytest.mark.parametrize("case", SAME_PARTY, ids=[f"{c.query} | {c.listed}" for c in SAME_PARTY])
def test_a_word_with_two_slips_beside_agreeing_words_is_the_party(
    entity_list_stats: TokenStats, case: Names
) -> None:
    assert score(entity_list_stats, case) >= DEFAULT_THRESHOLD, case.why
    assert score(entity_list_stats, case, OFF) < DEFAULT_THRESHOLD, f"the rule, not another, reads {case.why}"


OTHER_PARTY = [
    Names("Majed Kianynejad", "Hamed Kianynejad", "person", "another given name: a slip and another edit"),
    Names("Amro Hassan", "Omar Hassan", "person", "another given name of the same letters"),
    Names("Tardee Company", "Trade Company", None, "no distinctive word agrees beside the slips"),
]


@pytest.mark.parametrize("case", OTHER_PARTY, ids=[f"{c.query} | {c.listed}" for c in OTHER_PARTY])
def test_other_names_stay_below_the_threshold(entity_list_stats: TokenStats, case: Names) -> None:
    assert score(entity_list_stats, case) < DEFAULT_THRESHOLD, case.why


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("jooint stock ocmpajny", "a letter doubled, two swapped, one added: 3.5 within 17 letters' 3.6"),
        ("joointstock cornpany", "sought past the doubled letter where the phrase begins; `rn` for `m`"),
        ("joimt stoxk compahy", "three keys struck beside their neighbours"),
        ("jointt sstock ccompany", "three letters doubled"),
        ("jokin stok company", "three plain edits, 4.5: typed word for word, one per long word (0218)"),
        ("jant stuck company", "three plain edits, `stuck` a word but `jant` none (0218)"),
    ],
)
def test_a_phrase_with_stacked_slips_is_the_form(written: str, why: str) -> None:
    assert repair_legal_phrases(written.split()) == ["joint", "stock", "company"], why


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("jokin stok compny", "four edits none of them a slip: 6.0 past even three words' 4.5"),
        ("jokin stok comapny", "three plain edits and a swap: 5.5 past three words' 4.5"),
        ("jant stuck compan", "four edits, and `stuck` a word"),
        ("point stock company", "a real word for the form's first (decision 0125)"),
    ],
)
def test_a_phrase_past_the_budget_stays_as_written(written: str, why: str) -> None:
    assert repair_legal_phrases(written.split()) == written.split(), why


def test_a_listed_name_behind_a_damaged_phrase_is_found() -> None:
    # (`JOOINTSTOCK CORNPANY PRODUCTION ASSOCIATION STRELA`: the phrase read as `jsc`, the name's words kept.)
    form = normalise_name("JOOINTSTOCK CORNPANY PRODUCTION ASSOCIATION STRELA")
    assert form.tokens == normalise_name("JOINT STOCK COMPANY PRODUCTION ASSOCIATION STRELA").tokens
