"""A word split in two beside a typo, neither piece aligned, read as the listed word both pieces make
written together (decision 0210, `split_pieces.rejoined_leftovers`). The screener over every shared list,
with the rule and without; and the pieces-to-word step alone on pairs it must and must not read."""

from __future__ import annotations

import pytest

from matchers import DEFAULT_THRESHOLD, Screener
from matchers.config import DEFAULT_CONFIG
from matchers.split_pieces import rejoined_leftovers
from tests.matchers.conftest import all_lists_screener_with, best_score_for


@pytest.fixture(scope="module")
def rule_off() -> Screener:
    return all_lists_screener_with(split_pieces_rejoined=False)


# (query, the listed name as written, what the split did)
SPLIT_BESIDE_A_TYPO = [
    (
        "Santers Ohldi ng",
        "Santers Holding",
        "`Holding` with its first two letters swapped, split after `Ohldi`",
    ),
    (
        "CHINA ST ATE SHIPBUILDING CORPORATION LIMI TEDD",
        "CHINA STATE SHIPBUILDING CORPORATION LIMITED",
        "`State` split after `ST` (neither piece a listed word's start alone) beside a damaged form",
    ),
]


@pytest.mark.parametrize(("query", "listed", "why"), SPLIT_BESIDE_A_TYPO)
def test_two_leftover_pieces_are_the_listed_word_they_make(
    all_lists_screener: Screener, rule_off: Screener, query: str, listed: str, why: str
) -> None:
    assert best_score_for(all_lists_screener, query, None, listed) >= DEFAULT_THRESHOLD, why
    assert best_score_for(rule_off, query, None, listed) < DEFAULT_THRESHOLD, (
        "the rule, not another, reads it"
    )


# Two real names side by side, or pieces that make no listed word: left as written.
NOT_REJOINED = [
    ("Santers Olive Garden", "Santers Holding"),
    ("Santers Hol xqz", "Santers Holding"),
]


@pytest.mark.parametrize(("query", "listed"), NOT_REJOINED)
def test_pieces_that_are_no_split_of_the_listed_word_stay_apart(
    all_lists_screener: Screener, rule_off: Screener, query: str, listed: str
) -> None:
    on = best_score_for(all_lists_screener, query, None, listed)
    assert on == pytest.approx(best_score_for(rule_off, query, None, listed))
    assert on < DEFAULT_THRESHOLD


# (query words, which no listed name holds, listed words, expected (first piece, listed word) pairs)
PIECES = [
    (("orga", "niization"), (True, True), ("organization",), [(0, 0)]),  # a letter doubled besides
    (("ohldi", "ng"), (True, False), ("holding",), [(0, 0)]),  # the first two letters swapped
    (("mem", "oy"), (True, True), ("memory",), [(0, 0)]),  # a letter missed besides
    (("blue", "stone"), (False, False), ("bluestone",), []),  # two listed words: the index joins them
    (("orga", "xqzr"), (True, True), ("organization",), []),  # too far from the word
    (("rga", "nization"), (True, True), ("organization",), []),  # the word's first letter lost
    (("orga", "niization"), (True, True), ("orga",), []),  # a listed word under five letters
]


@pytest.mark.parametrize(("words", "unknown", "listed", "expected"), PIECES)
def test_rejoined_leftovers_reads_only_a_split_word(
    words: tuple[str, ...],
    unknown: tuple[bool, ...],
    listed: tuple[str, ...],
    expected: list[tuple[int, int]],
) -> None:
    found = rejoined_leftovers(
        words, unknown, list(range(len(words))), listed, list(range(len(listed))), DEFAULT_CONFIG
    )
    assert [(i, j) for i, j, _ in found] == expected
    for _, _, sim in found:
        assert DEFAULT_CONFIG.similarity.min_token <= sim < 1.0
