"""The rules for words left over on both sides (`matchers/leftover_rules.py`, decision 0209), called as
`scoring._score_alignment` calls them: real names, the first alignment, then the rule on the one
`Alignment` state (decision 0542)."""

from __future__ import annotations

import pytest

from matchers.config import DEFAULT_CONFIG
from matchers.leftover_rules import leftover_pairs, rejoined_pieces
from matchers.weights import TokenStats
from tests.support.alignment import aligned

pytestmark = pytest.mark.unit


def test_a_mistyped_legal_form_left_over_is_paired_with_the_listed_form(
    entity_list_stats: TokenStats,
) -> None:
    state = aligned("Raybeam Optronics Co Tld", "Raybeam Optronics Co Ltd", entity_list_stats)
    before = state.pairs
    # `tld` / `llc`: no word the token step reads.
    assert 3 not in state.matched_q and 3 not in state.matched_l
    extra = leftover_pairs(state)
    assert [(p.query, p.listed) for p in extra] == [((3,), (3,))]
    assert extra[0].similarity == DEFAULT_CONFIG.scoring.leftover_similarity
    # The pair joins the alignment, its positions aligned for the rules after it.
    assert state.pairs == (*before, extra[0])
    assert state.matched_q[3] == state.matched_l[3] == extra[0].similarity


def test_two_slips_in_a_word_left_over_are_priced_as_slips(entity_list_stats: TokenStats) -> None:
    state = aligned("Tardee Hikvision", "Trade Hikvision", entity_list_stats)
    extra = leftover_pairs(state)
    assert [(p.query, p.listed) for p in extra] == [((0,), (0,))]
    assert 0.0 < extra[0].similarity < 1.0


def test_nothing_left_over_gives_no_pairs(entity_list_stats: TokenStats) -> None:
    state = aligned("Raybeam Optronics Co Ltd", "Raybeam Optronics Co Ltd", entity_list_stats)
    before = state.pairs
    assert leftover_pairs(state) == []
    assert state.pairs is before


def test_a_piece_split_off_is_rejoined_with_its_aligned_neighbour(entity_list_stats: TokenStats) -> None:
    state = aligned("CO MPNAY Hikvision", "Company Hikvision", entity_list_stats)
    assert 1 not in state.matched_q  # `mpnay` left over, `co` read `company`
    rejoined_pieces(state)
    rejoined = [p for p in state.pairs if p.query == (0, 1)]
    assert len(rejoined) == 1 and rejoined[0].listed == (0,)
    assert DEFAULT_CONFIG.similarity.min_token <= rejoined[0].similarity < 1.0
    # The positions updated for the next rules.
    assert state.matched_q[1] == state.matched_l[0] == rejoined[0].similarity


def test_names_without_a_word_no_list_holds_are_left_as_aligned(entity_list_stats: TokenStats) -> None:
    state = aligned("Hikvision Digital Technology", "Hikvision Digital Technology", entity_list_stats)
    before = state.pairs
    rejoined_pieces(state)
    assert state.pairs is before
