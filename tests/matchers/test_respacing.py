"""Runs of words whose spaces moved, priced word by word (`matchers.respacing`)."""

from __future__ import annotations

import pytest

from matchers.respacing import respaced_similarity
from matchers.similarity import token_similarity


def test_a_join_prices_each_typo_in_the_word_it_damaged() -> None:
    # One substitution in `myohyang`, one letter undoubled in `shipping`: the run as one word pays both
    # edits at the run's edit cost, below the join floor; word by word each is one typo of its word.
    run = token_similarity("myohyanyshiping", "myohyangshipping")
    by_word = respaced_similarity(("myohyanyshiping",), ("myohyang", "shipping"))
    assert by_word > run
    assert by_word == pytest.approx(
        (8 * token_similarity("myohyany", "myohyang") + 8 * token_similarity("shiping", "shipping")) / 16
    )


def test_a_piece_no_word_aligns_with_rejects_the_reading() -> None:
    # `fzz` is no typo of `star`: the join is not read, however well the other word agrees.
    assert respaced_similarity(("goldfzz",), ("gold", "star")) == 0.0


def test_a_split_is_the_joined_letters_against_the_word() -> None:
    assert respaced_similarity(("auucti", "on"), ("auction",)) == token_similarity("auuction", "auction")
    assert respaced_similarity(("auucti", "on"), ("auction",)) > 0.8


def test_runs_of_several_words_on_both_sides_are_not_read_here() -> None:
    assert respaced_similarity(("ab", "cd"), ("abc", "d")) == 0.0
