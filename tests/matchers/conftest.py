"""Fixtures of the engine's per-step tests: token statistics learned from a real list, and one function that
runs the scoring step on a pair of names the way the screener does.

The statistics come from the BIS Entity List (the list the product starts from, about 3,300 parties): its
frequent words (`technology`, `bureau`) weigh little and its places (`Zhejiang`, `Hangzhou`) are places, as
in production, and it loads in a few seconds. The case tables assert which side of the threshold a pair
falls and what the explanation shows, never exact scores, so tuning the engine does not break them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from matchers import Screener
from matchers.config import DEFAULT_CONFIG
from matchers.index import NameIndex
from matchers.lists import load_paths
from matchers.models import EntityKind, Entry
from matchers.normalise import normalise_name
from matchers.scoring import NameScore, Side, score_names
from matchers.weights import TokenStats

SHARED_LISTS = Path(__file__).resolve().parents[2] / ".." / "shared" / "lists"
ENTITY_LIST = SHARED_LISTS / "us_bis_state_2026-07" / "bis_entity_list.json"

ScorePair = Callable[..., NameScore]


@pytest.fixture(scope="session")
def entity_list_entries() -> list[Entry]:
    """The BIS Entity List's entries, loaded once per session."""
    assert ENTITY_LIST.is_file(), f"the shared list files are missing: {ENTITY_LIST}"
    return [entry for loaded in load_paths([ENTITY_LIST]) for entry in loaded.entries]


@pytest.fixture(scope="session")
def entity_list_stats(entity_list_entries: list[Entry]) -> TokenStats:
    """Token weights and places as the screener learns them from the Entity List (its index's statistics)."""
    return NameIndex(entity_list_entries).stats


@pytest.fixture(scope="session")
def score_pair(entity_list_stats: TokenStats) -> ScorePair:
    """`score_pair(query, listed, kind=None)`: the name score of one query against one listed name."""

    def score(query: str, listed: str, kind: str | None = None) -> NameScore:
        person = EntityKind.parse(kind) == EntityKind.PERSON
        q = Side.build(normalise_name(query), entity_list_stats)
        lst = Side.build(normalise_name(listed), entity_list_stats)
        return score_names(q, lst, person)

    return score


@pytest.fixture(scope="session")
def all_lists_screener() -> Screener:
    """Every shared list loaded together, as `holdline screen --list ../shared/lists` screens: the weights
    the rules meet in production. Loaded once per session for the rule tables that need them."""
    return Screener.from_paths([SHARED_LISTS])


def all_lists_screener_with(**scoring: Any) -> Screener:
    """Every shared list, with some of the scoring step's switches changed: a rule switched off shows that
    it, and nothing else, lifts a pair."""
    changed = dataclasses.replace(DEFAULT_CONFIG.scoring, **scoring)
    return Screener.from_paths([SHARED_LISTS], config=dataclasses.replace(DEFAULT_CONFIG, scoring=changed))


def best_score_for(screener: Screener, query: str, country: str | None, listed: str) -> float:
    """The best score `screener` gives the listed name `listed` (written exactly so) for `query`."""
    matches = screener.screen(query, country=country, floor=0.0)
    return max((m.score for m in matches if m.matched == listed), default=0.0)


def assert_lifted_by_rule(
    with_rule: Screener, without_rule: Screener, query: str, listed: str, kind: str | None, how: str
) -> None:
    """A listed party a rule is for: with the rule it is held at the threshold or above; without it the
    pair stays below, so the rule, nothing else, is what finds it."""
    matches = with_rule.screen(query, kind=kind)
    assert any(m.matched == listed and m.score >= with_rule.threshold for m in matches), how
    without = without_rule.screen(query, kind=kind, floor=0.0)
    assert max((m.score for m in without if m.matched == listed), default=0.0) < with_rule.threshold, how


def assert_left_alone(
    with_rules: Screener, without_rules: Screener, query: str, listed: str, why: str
) -> None:
    """A listed pair the rules must not touch: still held, at the very score it had without them."""
    score = best_score_for(with_rules, query, None, listed)
    assert score == best_score_for(without_rules, query, None, listed), why
    assert score >= with_rules.threshold, why


def assert_lowered_by_rule(
    with_rule: Screener, without_rule: Screener, query: str, listed: str, before: float, below: float
) -> None:
    """An ordinary name a rule is for: with the rule off it reached `listed` at `before` or more (the shape
    the rule is for), with it on it stays under `below` and hits nothing at all."""
    assert best_score_for(without_rule, query, None, listed) >= before, "the shape the rule is for"
    assert best_score_for(with_rule, query, None, listed) < below
    assert not any(m.score >= with_rule.threshold for m in with_rule.screen(query))
