"""The per-word memos of `Side.build` and of the scorer's language weights (decision 0165): a word's facts
are remembered for the statistics and configuration they were worked out with, never lent to another
screener's, and `bench.speed` clears them with the other bounded memos before timing new names."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bench.speed import clear_engine_caches
from matchers.config import DEFAULT_CONFIG, MatchConfig
from matchers.normalise import normalise_name
from matchers.sides import Side, TokenMemo, WeightMemo, word_weight
from matchers.weights import GenericStats, TokenStats, language_weight

pytestmark = pytest.mark.unit

NAMES = [
    "Hangzhou Hikvision Digital Technology Co., Ltd.",
    "Megvii Technology",
    "Kumul City PSB",
    "Goklsan Trading Company",
    "The Dedk Group",
]


def _fresh(form_text: str, stats: TokenStats, config: MatchConfig = DEFAULT_CONFIG) -> Side:
    clear_engine_caches()
    return Side.build(normalise_name(form_text), stats, config)


def test_a_remembered_side_is_the_side_worked_out_afresh(entity_list_stats: TokenStats) -> None:
    fresh = [_fresh(name, entity_list_stats) for name in NAMES]
    # Every word now remembered, and asked again in another order.
    again = [Side.build(normalise_name(name), entity_list_stats) for name in reversed(NAMES)]
    assert again[::-1] == fresh


def test_a_words_facts_are_not_lent_to_other_statistics(entity_list_stats: TokenStats) -> None:
    generic = GenericStats()
    for name in NAMES:
        Side.build(normalise_name(name), entity_list_stats)
    remembered = [Side.build(normalise_name(name), generic) for name in NAMES]
    assert remembered == [_fresh(name, generic) for name in NAMES]
    # `technology` weighs what each statistics says it weighs, whichever was asked first.
    listed = Side.build(normalise_name("Megvii Technology"), entity_list_stats)
    assert listed.weights != remembered[1].weights


def test_a_words_facts_are_not_lent_to_another_configuration(entity_list_stats: TokenStats) -> None:
    other = replace(DEFAULT_CONFIG, scoring=replace(DEFAULT_CONFIG.scoring, coined_list_weight=1.01))
    default = [Side.build(normalise_name(name), entity_list_stats) for name in NAMES]
    assert any(any(side.coined) for side in default)
    changed = [Side.build(normalise_name(name), entity_list_stats, other) for name in NAMES]
    assert not any(any(side.coined) for side in changed)


def test_word_weight_is_language_weight_for_each_configuration() -> None:
    lighter = replace(DEFAULT_CONFIG.weights, common_word_floor=0.5)
    for word in ("technology", "star", "megvii", "the"):
        assert word_weight(word, DEFAULT_CONFIG.weights) == language_weight(word, DEFAULT_CONFIG.weights)
        assert word_weight(word, lighter) == language_weight(word, lighter)
        assert word_weight(word, DEFAULT_CONFIG.weights) == language_weight(word, DEFAULT_CONFIG.weights)


def test_the_memos_are_bounded_and_cleared_as_bounded_caches_are(entity_list_stats: TokenStats) -> None:
    memo, weights = TokenMemo(2), WeightMemo(2)
    assert memo.cache_info().maxsize == 2 and weights.cache_info().maxsize == 2
    Side.build(normalise_name("Megvii Technology"), entity_list_stats)
    word_weight("technology", DEFAULT_CONFIG.weights)
    from matchers import sides

    held = [m for m in vars(sides).values() if isinstance(m, (TokenMemo, WeightMemo))]
    assert len(held) == 2 and all(m.cache_info().currsize > 0 for m in held)
    clear_engine_caches()
    assert all(m.cache_info().currsize == 0 for m in held)


def test_a_long_made_up_word_is_not_held(entity_list_stats: TokenStats) -> None:
    from matchers import sides

    clear_engine_caches()
    held = [m for m in vars(sides).values() if isinstance(m, (TokenMemo, WeightMemo))]
    long_word = "q" * (sides.MEMO_WORD_LEN + 1)
    side = Side.build(normalise_name(f"{long_word} Trading"), entity_list_stats)
    assert side == _fresh(f"{long_word} Trading", entity_list_stats)
    Side.build(normalise_name(f"{long_word} Trading"), entity_list_stats)
    assert [m.cache_info().currsize for m in held] == [1, 0]  # `trading` only
