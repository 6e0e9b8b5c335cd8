"""The listed name's own short legal form, left over at its end, read in the query's last word typed with two
edits (decision 0174, `damaged_forms.form_typed_twice`, reached through `leftover_rules.leftover_pairs`). Real
listed names from the shared lists with the damage `bench/errors.py` stacks on them; words that are not
the form, and names that are not the party."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import pytest

from matchers import DEFAULT_THRESHOLD
from matchers.config import DEFAULT_CONFIG
from matchers.damaged_forms import form_typed_twice
from matchers.normalise import normalise_name
from matchers.scoring import Side, score_names
from matchers.weights import TokenStats
from tests.matchers.conftest import ScorePair

OFF = replace(DEFAULT_CONFIG, scoring=replace(DEFAULT_CONFIG.scoring, form_typed_twice=False))
ZIPF = DEFAULT_CONFIG.scoring.mistyped_form_zipf


def typed_twice(word: str, form: str) -> bool:
    similar = DEFAULT_CONFIG.similarity
    return form_typed_twice(word, form, similar.slip_cost, similar.edit_cost, ZIPF)


@pytest.mark.parametrize(
    ("word", "form", "why"),
    [
        ("tl", "ltd", "`lt` swapped, the `d` missed"),
        ("lf", "ltd", "the `d` missed, `t` struck as its neighbour `f`"),
        ("kt", "ltd", "`l` struck as `k`, the `d` missed"),
        ("zqp", "zao", "`a` struck as `q`, `o` as `p`: two slips"),
        ("pttd", "ltd", "`l` struck as `p`, the `t` doubled"),
        ("lttcl", "ltd", "`cl` read for `d`, the `t` doubled"),
    ],
)
def test_the_listed_form_typed_twice_is_read(word: str, form: str, why: str) -> None:
    assert typed_twice(word, form), why


@pytest.mark.parametrize(
    ("word", "form", "why"),
    [
        ("ltd", "ltd", "the form itself"),
        ("lt", "ltd", "one edit: 0159's, which reads `lt` as a word"),
        ("lid", "ltd", "one edit"),
        ("kid", "ltd", "a word of English"),
        ("inc", "ltd", "another legal form: another kind of company"),
        ("uk", "ltd", "more than two edits"),
        ("cp", "corp", "a four-letter form with two letters missed: more than a slip and a key missed"),
        ("ltd", "limited", "the form is a short one (3-4 letters)"),
    ],
)
def test_other_words_are_not_read_as_the_form(word: str, form: str, why: str) -> None:
    assert not typed_twice(word, form), why


class Names(NamedTuple):
    query: str
    listed: str


SAME_PARTY = [
    Names("CARIBBEAN SHOWPLACE LF", "CARIBBEAN SHOWPLACE LTD"),
    Names("Shanghai Kaishitong Semiconductor Co., Kt.", "Shanghai Kaishitong Semiconductor Co., Ltd."),
]


# (`Raybeam Optronics Co. Tl` too, which the Entity List's weights alone put above the threshold.)
ALSO_THE_PARTY = [*SAME_PARTY, Names("Raybeam Optronics Co. Tl", "Raybeam Optronics Co. Ltd")]


@pytest.mark.parametrize("case", ALSO_THE_PARTY, ids=[f"{c.query} | {c.listed}" for c in ALSO_THE_PARTY])
def test_a_name_ending_in_its_form_typed_twice_is_the_party(score_pair: ScorePair, case: Names) -> None:
    assert score_pair(case.query, case.listed).score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize("case", SAME_PARTY, ids=[f"{c.query} | {c.listed}" for c in SAME_PARTY])
def test_without_the_rule_they_fall_below(entity_list_stats: TokenStats, case: Names) -> None:
    q = Side.build(normalise_name(case.query), entity_list_stats)
    lst = Side.build(normalise_name(case.listed), entity_list_stats)
    assert score_names(q, lst, False, OFF).score < DEFAULT_THRESHOLD, "the rule, not another, reads it"


OTHER_PARTY = [
    # One word agrees besides: one everyday word and a damaged form are no evidence...
    Names("Global Tl", "Global Ltd"),
    # ... nor is one rarer word beside two letters that may be a place's code.
    Names("Kaishitong Tx", "Kaishitong Ltd"),
    Names("Raybeam Tl", "Raybeam Ltd"),
]


@pytest.mark.parametrize("case", OTHER_PARTY, ids=[f"{c.query} | {c.listed}" for c in OTHER_PARTY])
def test_other_names_stay_below_the_threshold(score_pair: ScorePair, case: Names) -> None:
    assert score_pair(case.query, case.listed).score < DEFAULT_THRESHOLD
