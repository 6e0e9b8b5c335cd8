"""The rules that re-read one word as a typo (`matchers/typo_rules.py`, decision 0209), called as
`scoring._score_alignment` calls them: real names, the first alignment, then the rule."""

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
    q, lst, pairs, matched_q, matched_l = aligned(query, listed, entity_list_stats)
    out, slipped = bare_coined(q, lst, pairs, matched_q, matched_l, DEFAULT_CONFIG)
    assert slipped
    assert out[0].similarity == matched_q[0] == matched_l[0] >= DEFAULT_CONFIG.scoring.coined_slip


def test_another_brand_a_key_away_is_not_a_slip(entity_list_stats: TokenStats) -> None:
    q, lst, pairs, matched_q, matched_l = aligned("Aegon", "Argon", entity_list_stats)
    out, slipped = bare_coined(q, lst, pairs, matched_q, matched_l, DEFAULT_CONFIG)
    assert not slipped and out is pairs


def test_one_edit_in_a_short_word_beside_exact_words_is_supported(entity_list_stats: TokenStats) -> None:
    q, lst, pairs, matched_q, matched_l = aligned("KMU SONH 3", "KMU SONG 3", entity_list_stats)
    assert matched_l[1] < DEFAULT_CONFIG.scoring.short_supported
    out = supported_short(q, lst, pairs, matched_q, matched_l, DEFAULT_CONFIG)
    raised = [p for p in out if p.query == (1,)]
    assert raised[0].similarity == matched_l[1] == DEFAULT_CONFIG.scoring.short_supported


def test_a_typo_into_a_word_nobody_writes_counts_odd_typo(entity_list_stats: TokenStats) -> None:
    q, lst, pairs, matched_q, matched_l = aligned("Dahau", "Dahua", entity_list_stats)
    out, typos = odd_typos(q, lst, pairs, matched_q, matched_l, DEFAULT_CONFIG)
    assert typos == (0,)
    assert out[0].similarity == DEFAULT_CONFIG.scoring.odd_typo > pairs[0].similarity


def test_exact_names_are_left_as_aligned(entity_list_stats: TokenStats) -> None:
    q, lst, pairs, matched_q, matched_l = aligned("KMU SONG 3", "KMU SONG 3", entity_list_stats)
    assert supported_short(q, lst, pairs, matched_q, matched_l, DEFAULT_CONFIG) is pairs
    assert odd_typos(q, lst, pairs, matched_q, matched_l, DEFAULT_CONFIG) == (pairs, ())
