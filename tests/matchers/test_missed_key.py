"""A letter missed beside one slip of typing or misread of print in one word (decision 0172,
`similarity.slip_and_missed_key`, reached through `stacked_slips` where the scorer aligns a word letter by
letter). Real listed names from the shared lists with the damage `bench/errors.py` stacks on them; the
edits two different names differ by beside them, which must stay apart."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import pytest

from matchers import DEFAULT_THRESHOLD
from matchers.config import DEFAULT_CONFIG
from matchers.models import EntityKind
from matchers.normalise import normalise_name
from matchers.scoring import Side, score_names
from matchers.similarity import slip_and_missed_key, stacked_slips, token_similarity
from matchers.weights import TokenStats
from tests.matchers.conftest import ScorePair

OFF = replace(DEFAULT_CONFIG, similarity=replace(DEFAULT_CONFIG.similarity, stacked_missed_key=False))
NO_STACKING = replace(DEFAULT_CONFIG, similarity=replace(DEFAULT_CONFIG.similarity, stacked_slips=0.0))


class Words(NamedTuple):
    written: str
    listed: str
    why: str


MISSED_AND_SLIPPED = [
    Words("kubyas", "kubaysi", "the last `i` missed, `ay` swapped"),
    Words("hiafah", "hanifah", "the `n` missed, `ai` swapped"),
    Words("efebnse", "defense", "the `d` missed, `b` struck with its neighbour `n`"),
    Words("sotlec", "soltech", "the `h` missed, `lt` swapped"),
    Words("azhei", "zahedi", "the `d` missed, `za` swapped"),
    Words("pshce", "pasche", "the `a` missed, `ch` swapped"),
    Words("criem", "crimea", "the last `a` missed, `em` swapped"),
    Words("pewr", "power", "the `o` missed, `we` swapped"),
    Words("doclk", "dodik", "the `i` missed, `cl` read for `d`"),
    Words("oryth", "north", "the `n` missed, `y` struck with its neighbour `t`"),
    Words("farkh", "farrukh", "the `u` missed, the `rr` undoubled"),
]


@pytest.mark.parametrize(
    "row", MISSED_AND_SLIPPED, ids=[f"{r.written}|{r.listed}" for r in MISSED_AND_SLIPPED]
)
def test_a_missed_key_beside_a_slip_is_priced_as_the_two_edits(row: Words) -> None:
    expected = 1.0 - 2.5 / max(len(row.written), len(row.listed))  # a slip (1.0) and another edit (1.5)
    assert slip_and_missed_key(row.written, row.listed) == pytest.approx(expected), row.why
    assert stacked_slips(row.written, row.listed) == pytest.approx(expected), "the scorer's entry point"
    # Below two slips' price, and more than the token step gives these words (nothing).
    assert stacked_slips(row.written, row.listed) < 1.0 - 2.0 / max(len(row.written), len(row.listed))
    assert token_similarity(row.written, row.listed) < expected, row.why
    assert stacked_slips(row.written, row.listed, OFF.similarity) == 0.0, "`stacked_missed_key` turns it off"
    assert stacked_slips(row.written, row.listed, NO_STACKING.similarity) == 0.0, "so does `stacked_slips=0`"


NOT_MISSED_AND_SLIPPED = [
    Words("majed", "hamed", "a letter for one no finger confuses with it: another given name"),
    Words("said", "saeed", "`i` for `e` beside the letter dropped: another spelling, not a slip"),
    Words("karim", "kareem", "the same: a vowel changed, no key beside it"),
    Words("hanif", "hanifa", "one edit: the token step's to price"),
    Words("kbays", "kubaysi", "two letters missed"),
    Words("soltechh", "soltech", "the written word has the letter more: no key missed"),
    Words("amro", "omar", "letters moved, not swapped"),
    Words("tac", "tace", "three letters: shorter than two stacked edits may leave"),
    Words("k2bys", "kubaysi", "not a word"),
]


@pytest.mark.parametrize(
    "row", NOT_MISSED_AND_SLIPPED, ids=[f"{r.written}|{r.listed}" for r in NOT_MISSED_AND_SLIPPED]
)
def test_other_pairs_of_edits_are_not_read_so(row: Words) -> None:
    assert slip_and_missed_key(row.written, row.listed) == 0.0, row.why


class Names(NamedTuple):
    query: str
    listed: str
    kind: str | None


# The damaged word is aligned letter by letter or left over beside words both names hold.
SAME_PARTY = [
    Names("Umar al-Kubyas", "Umar al-Kubaysi", "person"),
    Names("AZHEI, Mostafa", "ZAHEDI, Mostafa", "person"),
    Names("PSHCE, Jacques", "PASCHE, Jacques", "person"),
    Names("Hiafah Currency Exchange", "Hanifah Currency Exchange", None),
    Names("arasabi Logistic", "Karasani Logistic", None),
    Names("JSC PEWR MACHINES", "JSC POWER MACHINES", None),
]


@pytest.mark.parametrize("case", SAME_PARTY, ids=[f"{c.query} | {c.listed}" for c in SAME_PARTY])
def test_a_word_missing_a_key_and_slipped_beside_agreeing_words_is_the_party(
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
    Names("Kubyas Company", "Kubaysi Company", None),  # no distinctive word agrees beside it
]


@pytest.mark.parametrize("case", OTHER_PARTY, ids=[f"{c.query} | {c.listed}" for c in OTHER_PARTY])
def test_other_names_stay_below_the_threshold(score_pair: ScorePair, case: Names) -> None:
    assert score_pair(case.query, case.listed, case.kind).score < DEFAULT_THRESHOLD
