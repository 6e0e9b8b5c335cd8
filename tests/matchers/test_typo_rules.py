"""The rules that re-read one word as a typo (`matchers/typo_rules.py`, decision 0209), called as
`scoring._score_alignment` calls them: real names, the first alignment, then the rule on the one
`Alignment` state (decision 0542)."""

from __future__ import annotations

import pytest

from matchers.config import DEFAULT_CONFIG
from matchers.typo_rules import bare_coined, odd_typos, supported_short
from matchers.weights import TokenStats
from tests.support.alignment import aligned

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("query", "listed"), [("Megvi", "Megvii"), ("Dahau", "Dahua")])
def test_a_bare_coined_name_with_a_slip_counts_as_the_coined_name(
    entity_list_stats: TokenStats, query: str, listed: str
) -> None:
    state = aligned(query, listed, entity_list_stats)
    assert bare_coined(state)
    sim = state.pairs[0].similarity
    assert sim == state.matched_q[0] == state.matched_l[0] >= DEFAULT_CONFIG.scoring.coined_slip


def test_another_brand_a_key_away_is_not_a_slip(entity_list_stats: TokenStats) -> None:
    state = aligned("Aegon", "Argon", entity_list_stats)
    before = state.pairs
    assert not bare_coined(state)
    assert state.pairs is before


def test_one_edit_in_a_short_word_beside_exact_words_is_supported(entity_list_stats: TokenStats) -> None:
    state = aligned("KMU SONH 3", "KMU SONG 3", entity_list_stats)
    assert state.matched_l[1] < DEFAULT_CONFIG.scoring.short_supported
    supported_short(state)
    raised = [p for p in state.pairs if p.query == (1,)]
    assert raised[0].similarity == state.matched_l[1] == DEFAULT_CONFIG.scoring.short_supported


def test_a_typo_into_a_word_nobody_writes_counts_odd_typo(entity_list_stats: TokenStats) -> None:
    state = aligned("Dahau", "Dahua", entity_list_stats)
    before = state.pairs
    assert odd_typos(state) == (0,)
    assert state.pairs[0].similarity == DEFAULT_CONFIG.scoring.odd_typo > before[0].similarity


def test_exact_names_are_left_as_aligned(entity_list_stats: TokenStats) -> None:
    state = aligned("KMU SONG 3", "KMU SONG 3", entity_list_stats)
    before = state.pairs
    supported_short(state)
    assert state.pairs is before
    assert odd_typos(state) == ()
    assert state.pairs is before
