"""The rules for words left over on both sides (`matchers/leftover_rules.py`, decision 0209), called as
`scoring._score_alignment` calls them: real names, the first alignment, then the rule."""

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
    q, lst, pairs, matched_q, matched_l = aligned(
        "Raybeam Optronics Co Tld", "Raybeam Optronics Co Ltd", entity_list_stats
    )
    assert 3 not in matched_q and 3 not in matched_l  # `tld` / `llc`: no word the token step reads
    extra = leftover_pairs(q, lst, pairs, matched_q, matched_l, DEFAULT_CONFIG)
    assert [(p.query, p.listed) for p in extra] == [((3,), (3,))]
    assert extra[0].similarity == DEFAULT_CONFIG.scoring.leftover_similarity


def test_two_slips_in_a_word_left_over_are_priced_as_slips(entity_list_stats: TokenStats) -> None:
    q, lst, pairs, matched_q, matched_l = aligned("Tardee Hikvision", "Trade Hikvision", entity_list_stats)
    extra = leftover_pairs(q, lst, pairs, matched_q, matched_l, DEFAULT_CONFIG)
    assert [(p.query, p.listed) for p in extra] == [((0,), (0,))]
    assert 0.0 < extra[0].similarity < 1.0


def test_nothing_left_over_gives_no_pairs(entity_list_stats: TokenStats) -> None:
    q, lst, pairs, matched_q, matched_l = aligned(
        "Raybeam Optronics Co Ltd", "Raybeam Optronics Co Ltd", entity_list_stats
    )
    assert leftover_pairs(q, lst, pairs, matched_q, matched_l, DEFAULT_CONFIG) == []


def test_a_piece_split_off_is_rejoined_with_its_aligned_neighbour(entity_list_stats: TokenStats) -> None:
    q, lst, pairs, matched_q, matched_l = aligned(
        "CO MPNAY Hikvision", "Company Hikvision", entity_list_stats
    )
    assert 1 not in matched_q  # `mpnay` left over, `co` read `company`
    out = rejoined_pieces(q, lst, pairs, matched_q, matched_l, DEFAULT_CONFIG)
    rejoined = [p for p in out if p.query == (0, 1)]
    assert len(rejoined) == 1 and rejoined[0].listed == (0,)
    assert DEFAULT_CONFIG.similarity.min_token <= rejoined[0].similarity < 1.0
    assert matched_q[1] == matched_l[0] == rejoined[0].similarity  # the positions updated for the next rules


def test_names_without_a_word_no_list_holds_are_left_as_aligned(entity_list_stats: TokenStats) -> None:
    q, lst, pairs, matched_q, matched_l = aligned(
        "Hikvision Digital Technology", "Hikvision Digital Technology", entity_list_stats
    )
    assert rejoined_pieces(q, lst, pairs, matched_q, matched_l, DEFAULT_CONFIG) is pairs
