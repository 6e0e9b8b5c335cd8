"""Two slips of typing where the second lands on the letters the first left (decision 0173,
`similarity.slip_over_slip`, reached through `stacked_slips` where the scorer aligns a word letter by
letter), and a misread folded on the listed side with a key struck beside its neighbour in the written word
(`Camnacla` / `Canada`). Real listed names from the shared lists with the damage `bench/errors.py` stacks on
them; the edits two different names differ by, which must stay apart."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import pytest

from matchers import DEFAULT_THRESHOLD
from matchers.config import DEFAULT_CONFIG
from matchers.models import EntityKind
from matchers.normalise import normalise_name
from matchers.scoring import Side, score_names
from matchers.similarity import slip_over_slip, stacked_slips, token_similarity
from matchers.weights import TokenStats
from tests.matchers.conftest import ScorePair

OFF = replace(DEFAULT_CONFIG, similarity=replace(DEFAULT_CONFIG.similarity, stacked_overlap=False))
NO_STACKING = replace(DEFAULT_CONFIG, similarity=replace(DEFAULT_CONFIG.similarity, stacked_slips=0.0))


class Words(NamedTuple):
    written: str
    listed: str
    why: str


SLIP_OVER_SLIP = [
    Words("lfeo", "elfo", "`el` swapped, then the `e` swapped again with `f`: a letter moved two places"),
    Words("rguin", "rubin", "`ub` swapped, then the `b` struck as its neighbour `g`"),
    Words("niage", "image", "`m` struck as `n`, then `in` swapped"),
    Words("isdan", "sudan", "`su` swapped, then the `u` struck as `i`"),
    Words("hmedi", "mehdi", "`eh` swapped, then `mh`: the `h` moved two places"),
    Words("skric", "karic", "`ka` swapped, then the `a` struck as `s`"),
    Words("aymnwa", "ayman", "`w` struck beside `a`, then `an` swapped"),
    Words("yeekmn", "yemen", "`k` struck beside `e`, then `em` swapped"),
]


@pytest.mark.parametrize("row", SLIP_OVER_SLIP, ids=[f"{r.written}|{r.listed}" for r in SLIP_OVER_SLIP])
def test_a_slip_over_a_slip_is_priced_as_two_slips(row: Words) -> None:
    expected = 1.0 - 2.0 / max(len(row.written), len(row.listed))  # two slips at `slip_cost` 1.0
    assert slip_over_slip(row.written, row.listed) == pytest.approx(expected), row.why
    assert stacked_slips(row.written, row.listed) == pytest.approx(expected), "the scorer's entry point"
    assert token_similarity(row.written, row.listed) < expected, row.why
    assert stacked_slips(row.written, row.listed, OFF.similarity) == 0.0, "`stacked_overlap` turns it off"
    assert stacked_slips(row.written, row.listed, NO_STACKING.similarity) == 0.0, "so does `stacked_slips=0`"


NOT_SLIP_OVER_SLIP = [
    Words("majed", "hamed", "a letter for one no finger confuses with it: another given name"),
    Words("said", "saeed", "a vowel changed beside a letter dropped: another spelling"),
    Words("amro", "omar", "letters moved far, not slipped"),
    Words("vista", "vistra", "one edit: the token step's to price"),
    Words("tbv", "vtb", "three letters: shorter than two stacked slips may leave"),
    Words("thanuguis", "thaingui", "three edits"),
    Words("karim", "kareem", "a vowel for a vowel and a letter added: how names differ"),
]


@pytest.mark.parametrize(
    "row", NOT_SLIP_OVER_SLIP, ids=[f"{r.written}|{r.listed}" for r in NOT_SLIP_OVER_SLIP]
)
def test_other_pairs_of_edits_are_not_read_so(row: Words) -> None:
    assert slip_over_slip(row.written, row.listed) == 0.0, row.why


def test_a_misread_on_the_listed_side_keeps_a_key_struck_beside_its_neighbour_a_slip() -> None:
    # `Canada` with `d` read as `cl` and `m` struck beside `n`: two slips in eight letters.
    assert stacked_slips("camnacla", "canada") == pytest.approx(1.0 - 2.0 / 8)
    # A letter added away from its neighbours beside the misread stays unpriced.
    assert stacked_slips("capnacla", "canada") == 0.0
    assert stacked_slips("camnacla", "canada", OFF.similarity) == 0.0, "`stacked_overlap` turns it off"


class Names(NamedTuple):
    query: str
    listed: str
    kind: str | None


SAME_PARTY = [
    Names("Rguin Sever Design Bureau", "Rubin Sever Design Bureau", None),
    Names("Precision Niage Corporation", "Precision Image Corporation", None),
    Names("Eddaouahiri Aymnwa", "Eddaouahiri Ayman", "person"),
    Names("SKRIC, Nebojsa", "KARIC, Nebojsa", "person"),
]


@pytest.mark.parametrize("case", SAME_PARTY, ids=[f"{c.query} | {c.listed}" for c in SAME_PARTY])
def test_a_word_slipped_twice_over_beside_agreeing_words_is_the_party(
    score_pair: ScorePair, case: Names
) -> None:
    assert score_pair(case.query, case.listed, case.kind).score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize("case", SAME_PARTY, ids=[f"{c.query} | {c.listed}" for c in SAME_PARTY])
def test_without_the_rule_they_fall_below(entity_list_stats: TokenStats, case: Names) -> None:
    person = EntityKind.parse(case.kind) == EntityKind.PERSON
    q = Side.build(normalise_name(case.query), entity_list_stats)
    lst = Side.build(normalise_name(case.listed), entity_list_stats)
    assert score_names(q, lst, person, OFF).score < DEFAULT_THRESHOLD, "the rule, not another, reads it"


OTHER_PARTY = [
    Names("Majed Kianynejad", "Hamed Kianynejad", "person"),  # another given name
    Names("Niage Company", "Image Company", None),  # no distinctive word agrees beside it
    Names("Omar Trading", "Amro Trading", None),  # letters moved, not slipped
    # A word the lists hold is a name of its own, however near a slip over a slip makes it: KAMAZ (the lorry
    # maker, listed) is not ALMAZ.
    Names("Kamaz Antey Air Defense Concern", "Almaz Antey Air Defense Concern", None),
]


def test_a_listed_word_is_not_read_through_a_slip_over_a_slip() -> None:
    assert stacked_slips("kamaz", "almaz") == pytest.approx(0.6), "`kamaz` is `almaz` slipped twice over"
    assert stacked_slips("kamaz", "almaz", unlisted=False) == 0.0, "but a listed word is a name of its own"
    assert stacked_slips("rbaov", "bravo", unlisted=False) == pytest.approx(0.6), "0170's two slips stay"


@pytest.mark.parametrize("case", OTHER_PARTY, ids=[f"{c.query} | {c.listed}" for c in OTHER_PARTY])
def test_other_names_stay_below_the_threshold(score_pair: ScorePair, case: Names) -> None:
    assert score_pair(case.query, case.listed, case.kind).score < DEFAULT_THRESHOLD
