"""`MatchConfig`: the engine's tuning is one frozen object, and two screeners built with different ones
behave differently side by side in one process."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from matchers import MatchConfig, Screener, compiled
from matchers.compare import compare
from matchers.config import DEFAULT_CONFIG
from matchers.lists import BUILTIN_LIST, load_paths
from matchers.models import EntityKind, Entry, LoadedList, SourceInfo


@pytest.fixture(scope="module")
def lists() -> list:
    return load_paths([BUILTIN_LIST])


def _with(config: MatchConfig, group: str, **values: float) -> MatchConfig:
    return dataclasses.replace(config, **{group: dataclasses.replace(getattr(config, group), **values)})


def test_config_is_frozen() -> None:
    config = MatchConfig()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.thresholds = config.thresholds  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.scoring.unmatched_floor = 0.1  # type: ignore[misc]


def test_a_config_pickles_to_an_equal_frozen_one() -> None:
    # (Compiled, the groups are native classes, pickled by their own reducer: decision 0185.)
    config = _with(DEFAULT_CONFIG, "scoring", unmatched_floor=0.4)
    back = pickle.loads(pickle.dumps(config))
    assert back == config and back != DEFAULT_CONFIG
    assert back.scoring.unmatched_floor == 0.4 and back.digest() == config.digest()
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.scoring.unmatched_floor = 0.1  # type: ignore[misc]


def test_default_screener_uses_the_default_config(lists: list) -> None:
    screener = Screener(lists)
    assert screener.config == DEFAULT_CONFIG
    assert screener.threshold == DEFAULT_CONFIG.thresholds.hit


def test_two_screeners_with_different_evidence_weights_differ(lists: list) -> None:
    plain = Screener(lists)
    bold = Screener(lists, config=_with(DEFAULT_CONFIG, "evidence", country_bonus=0.10))
    name = "Megvii Technology Ltd"
    a, b = plain.screen(name, country="CN"), bold.screen(name, country="CN")
    assert a and b and a[0].entry_id == b[0].entry_id
    # The same name score, more credit for the agreeing country; and the plain one is unchanged.
    assert a[0].explanation["name_score"] == b[0].explanation["name_score"]
    assert b[0].explanation["score"] > a[0].explanation["score"] or b[0].score == 1.0
    assert plain.screen(name, country="CN")[0].score == a[0].score


def test_a_stricter_unmatched_floor_lowers_a_partial_match(lists: list) -> None:
    plain = Screener(lists)
    strict = Screener(lists, config=_with(DEFAULT_CONFIG, "scoring", unmatched_floor=0.9))
    name = "Xinjiang Police College Trading"  # `Trading` unmatched: weighs at least the floor
    a, b = plain.screen(name, floor=0.0), strict.screen(name, floor=0.0)
    assert a and b and a[0].name == b[0].name == "Xinjiang Police College"
    assert b[0].score < a[0].score


def test_thresholds_come_from_the_config(lists: list) -> None:
    lenient = Screener(lists, config=_with(DEFAULT_CONFIG, "thresholds", hit=0.5, report_floor=0.3))
    strict = Screener(lists, config=_with(DEFAULT_CONFIG, "thresholds", hit=0.999))
    matches = lenient.screen("Dahua Vision Systems")
    assert lenient.threshold == 0.5 and strict.threshold == 0.999
    assert matches and lenient.is_hit(matches) and not strict.is_hit(matches)
    # A report floor of 0.3 reports what the default floor of 0.7 hides.
    assert min(m.score for m in matches) < DEFAULT_CONFIG.thresholds.report_floor
    # An explicit threshold still overrides the configured one (the setting operators change).
    assert Screener(lists, threshold=0.9, config=lenient.config).threshold == 0.9


def test_retrieval_cap_comes_from_the_config() -> None:
    # Thirty listed parties all one typo away from the query: only the estimate's best are scored.
    entries = [
        Entry(id=f"t:{k}", list="t", name="Zorblatt Kestrel Works", kind=EntityKind.ORGANISATION)
        for k in range(30)
    ]
    info = SourceInfo(list="t", path="mem", format="test", entries=len(entries), aliases=0, content_hash="x")
    listed = [LoadedList(source=info, entries=tuple(entries))]
    few = Screener(listed, config=_with(DEFAULT_CONFIG, "retrieval", max_candidates=3))
    many = Screener(listed)
    name = "Zorblat Kestrel Works"
    assert 0 < len(few.candidate_ids(name)) < len(many.candidate_ids(name))


def test_subset_keeps_the_config(lists: list) -> None:
    config = _with(DEFAULT_CONFIG, "evidence", kind_bonus=0.05)
    screener = Screener(lists, config=config)
    some = list(screener.entries)[:5]
    assert screener.subset(some).config == config


def test_compare_takes_a_config() -> None:
    # (One word alone: beside `Trading` the short-word rule of 0160/0214 counts the pair 0.85 whatever the
    # respelling costs, so the respelling's price would not show.)
    plain = compare("Sysco", "Sisco")
    strict = compare("Sysco", "Sisco", config=_with(DEFAULT_CONFIG, "similarity", short_respell=0.72))
    assert strict.score < plain.score
    assert plain.match
    assert not compare(
        "Sysco Trading", "Sisco Trading", config=_with(DEFAULT_CONFIG, "thresholds", compare=0.99)
    ).match


def test_compiled_cache_keys_on_the_config(tmp_path: Path) -> None:
    other = _with(DEFAULT_CONFIG, "scoring", unmatched_floor=0.4)
    paths = [BUILTIN_LIST]
    assert compiled.cache_key(paths, 0.82) == compiled.cache_key(paths, 0.82, MatchConfig())
    assert compiled.cache_key(paths, 0.82) != compiled.cache_key(paths, 0.82, other)
    first, outcome = compiled.compile_paths(paths, 0.82, tmp_path)
    assert outcome.status == "built"
    second, again = compiled.compile_paths(paths, 0.82, tmp_path, config=other)
    assert again.status == "built"  # not the default config's file
    assert second.config == other and first.config == DEFAULT_CONFIG
    third, hit = compiled.compile_paths(paths, 0.82, tmp_path, config=other)
    assert hit.status == "hit" and third.config == other
