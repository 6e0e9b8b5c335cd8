"""A word split with two slips of typing besides, or a slip and a key missed, rejoined at the price
`similarity.stacked_slips` gives one word carrying them (decision 0189, `scoring._stacked_rejoin`). The
screener over the BIS Entity List, with the rule and without: the piece that holds the word's start is
aligned by the whole-name keys, the rest is left over unless rejoined."""

from __future__ import annotations

from dataclasses import replace

import pytest

from matchers import DEFAULT_THRESHOLD, Screener
from matchers.config import DEFAULT_CONFIG
from matchers.lists import load_paths
from tests.matchers.conftest import ENTITY_LIST

OFF = replace(DEFAULT_CONFIG, scoring=replace(DEFAULT_CONFIG.scoring, rejoined_stacked=False))


@pytest.fixture(scope="module")
def screeners() -> tuple[Screener, Screener]:
    lists = load_paths([ENTITY_LIST])
    return Screener(lists), Screener(lists, config=OFF)


def best(screener: Screener, query: str, listed: str) -> float:
    scores = [m.score for m in screener.screen(query, floor=0.3) if m.name.lower() == listed.lower()]
    return max(scores, default=0.0)


# (query, listed name, what the split word carries)
SPLIT_AND_SLIPPED = [
    (
        "Aca ejmy of Military Medical Sciences",
        "Academy of Military Medical Sciences",
        "`Academy` with its `d` missed, `j` struck beside `m`, split after `Aca`",
    ),
    (
        "Acad wny of Military Medical Sciences",
        "Academy of Military Medical Sciences",
        "`Academy` with `e` struck as `w` and `m` as `n`, split after `Acad`",
    ),
]


@pytest.mark.parametrize(("query", "listed", "why"), SPLIT_AND_SLIPPED)
def test_a_split_word_carrying_two_slips_is_rejoined(
    screeners: tuple[Screener, Screener], query: str, listed: str, why: str
) -> None:
    on, off = screeners
    assert best(on, query, listed) >= DEFAULT_THRESHOLD, why
    assert best(off, query, listed) < DEFAULT_THRESHOLD, "the rule, not another, rejoins it"


# The pieces rejoined are no listed word within two slips: left as written.
NOT_REJOINED = [
    ("Aca xqzr of Military Medical Sciences", "Academy of Military Medical Sciences"),
]


@pytest.mark.parametrize(("query", "listed"), NOT_REJOINED)
def test_pieces_that_make_no_word_within_two_slips_stay_apart(
    screeners: tuple[Screener, Screener], query: str, listed: str
) -> None:
    on, off = screeners
    assert best(on, query, listed) == pytest.approx(best(off, query, listed))
    assert best(on, query, listed) < DEFAULT_THRESHOLD
