"""The memos that replace `lru_cache` on the engine's hot per-word functions (decisions 0545, 0544):
bounded, cleared by `bench.speed` with the other bounded memos, and never changing an answer: a word's
remembered reading is the one worked out afresh, and `respell` is its table applied in order."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from bench.speed import clear_engine_caches
from matchers import normalise, similarity, transcription
from matchers.config import DEFAULT_CONFIG
from matchers.memos import MAX_CONFIGS, ConfigMemo, KeyMemo, StrMemo
from matchers.normalise import legal_spelling, normalise_name, unglue
from matchers.similarity import RESPELLINGS, consonant_key, respell, skeleton, sound, token_similarity
from matchers.transcription import transcription_pairs, transcription_similarity

pytestmark = pytest.mark.unit


def test_a_full_memo_is_cleared_before_it_takes_another_word() -> None:
    memo = StrMemo(2)
    memo.put("ltd", "ltd")
    memo.put("lgd", "ltd")
    assert memo.cache_info() == (2, 2)
    memo.put("gbmh", "gmbh")
    assert memo.table == {"gbmh": "gmbh"} and memo.cache_info().currsize == 1
    memo.put("gbmh", "gmbh")
    assert memo.cache_info().currsize == 1
    memo.cache_clear()
    assert memo.cache_info() == (2, 0) and memo.cache_info().maxsize == 2


def test_the_engines_memos_are_cleared_as_bounded_caches_are() -> None:
    held = [m for module in (normalise, similarity) for m in vars(module).values() if isinstance(m, StrMemo)]
    assert len(held) >= 8
    normalise_name("Gazprombankjoint Stock Company Lgd")
    skeleton("yevgeniya"), respell("qumul"), sound("hikvision"), consonant_key("mohamed")
    assert sum(m.cache_info().currsize > 0 for m in held) >= 6
    clear_engine_caches()
    assert all(m.cache_info().currsize == 0 for m in held)


def _respelt_by_table(token: str) -> str:
    for old, new in RESPELLINGS:
        token = token.replace(old, new)
    return token


@pytest.mark.parametrize(
    "token",
    [
        "qumul",
        "kumul",
        "aly",
        "ali",
        "phyllis",
        "jackson",
        "wouter",
        "chequeroute",
        "pcq",
        "phock",
        # A respelling that makes the next one's letters: `ck` -> `k` before `c` -> `k`.
        "cck",
        "oyu",
    ],
)
def test_respell_applies_its_table_in_order(token: str) -> None:
    clear_engine_caches()
    assert respell(token) == _respelt_by_table(token)
    assert respell(token) == _respelt_by_table(token)  # remembered


def test_respell_on_every_short_word_of_its_letters() -> None:
    letters = "phckqyowu"
    for n in range(1, 5):
        for letters_of in itertools.product(letters, repeat=n):
            token = "".join(letters_of)
            assert respell(token) == _respelt_by_table(token), token


@pytest.mark.parametrize(
    ("word", "read"),
    [("lgd", "ltd"), ("gbmh", "gmbh"), ("ltd", "ltd"), ("inca", "inca"), ("corps", "corps")],
)
def test_a_remembered_legal_spelling_is_the_one_worked_out_afresh(word: str, read: str) -> None:
    clear_engine_caches()
    assert legal_spelling(word) == read
    assert legal_spelling(word) == read


def test_a_remembered_name_is_the_one_normalised_afresh() -> None:
    names = ["Hikvison Digital Technologiexs Co., Ltd.", "OOO ROMASHKA", "Limitedliability Gazprom", "허버트"]
    clear_engine_caches()
    fresh = [normalise_name(n) for n in names]
    assert [normalise_name(n) for n in reversed(names)][::-1] == fresh
    assert unglue("limitedliability") == ("limited", "liability")
    assert unglue("paotransneft") == ("pao", "transneft")
    assert unglue("unlimited") == ("unlimited",)


def test_a_key_memo_takes_tuples_and_is_cleared_whole_when_full() -> None:
    memo = KeyMemo(2)
    memo.put(("hikvison", "hikvision", False), 0.9)
    memo.put(("rosneft", "rosnfet", False), 0.857)
    assert memo.table.get(("hikvison", "hikvision", False)) == 0.9
    assert memo.table.get(("hikvison", "hikvision", True)) is None
    memo.put(("gazprombank", "gazprombamk", False), 0.909)
    assert memo.table == {("gazprombank", "gazprombamk", False): 0.909} and memo.cache_info() == (2, 1)
    memo.cache_clear()
    assert memo.cache_info() == (2, 0)


def test_a_config_memo_keeps_each_configurations_values_apart() -> None:
    memo = ConfigMemo(2)
    slow = dataclasses.replace(DEFAULT_CONFIG.similarity, slip_cost=1.3)
    default = memo.table_for(DEFAULT_CONFIG.similarity)
    memo.put(default, ("rosneft", "rosnfet", False), 0.857)
    other = memo.table_for(slow)
    assert other is not default and memo.table is other and memo.last is slow
    assert other.get(("rosneft", "rosnfet", False)) is None
    memo.put(other, ("rosneft", "rosnfet", False), 0.814)
    # An equal configuration (a snapshot's, rebuilt by pickle) shares the table of the first.
    assert memo.table_for(dataclasses.replace(DEFAULT_CONFIG.similarity)) is default
    assert default == {("rosneft", "rosnfet", False): 0.857} and memo.cache_info() == (2, 2)
    memo.put(default, ("a", "b", False), 0.0)
    memo.put(default, ("c", "d", False), 0.0)
    assert len(default) == 1
    memo.cache_clear()
    assert memo.cache_info().currsize == 0


def test_a_config_memo_holds_a_bounded_number_of_configurations() -> None:
    memo = ConfigMemo(10)
    first = memo.table_for(DEFAULT_CONFIG.similarity)
    memo.put(first, ("rosneft", "rosnfet", False), 0.857)
    for k in range(MAX_CONFIGS):
        memo.table_for(dataclasses.replace(DEFAULT_CONFIG.similarity, edit_cost=2.0 + k))
    assert memo.cache_info().currsize == 0
    assert memo.table_for(DEFAULT_CONFIG.similarity).get(("rosneft", "rosnfet", False)) is None


@pytest.mark.parametrize(
    ("a", "b", "field", "default", "changed"),
    [
        ("hikvison", "hikvision", "skeleton", 0.9, 1.17),
        ("technologiexs", "technologies", "min_token", 0.8846, 0.0),
        ("gazprombank", "gazprombamk", "slip_cost", 0.9091, 0.8818),
        ("rosneft", "rosnfet", "edit_cost", 0.8571, 0.8571),
        ("rosneft", "rosnfet", "slip_cost", 0.8571, 0.8143),
    ],
)
def test_a_token_similarity_remembered_under_one_configuration_is_not_another_s(
    a: str, b: str, field: str, default: float, changed: float
) -> None:
    clear_engine_caches()
    base = DEFAULT_CONFIG.similarity
    other = dataclasses.replace(base, **{field: getattr(base, field) * 1.3})
    for _ in range(2):
        assert token_similarity(a, b, False, base) == pytest.approx(default, abs=1e-4)
        assert token_similarity(a, b, False, other) == pytest.approx(changed, abs=1e-4)
        assert token_similarity(a, b, False, dataclasses.replace(base)) == pytest.approx(default, abs=1e-4)


def test_a_remembered_token_similarity_keeps_person_names_apart() -> None:
    clear_engine_caches()
    assert token_similarity("william", "bill", True) == pytest.approx(0.85)
    assert token_similarity("william", "bill", False) == 0.0
    assert token_similarity("william", "bill", True) == pytest.approx(0.85)


def test_a_remembered_transcription_similarity_follows_its_configuration() -> None:
    clear_engine_caches()
    base = DEFAULT_CONFIG.transcription
    lower = dataclasses.replace(base, top=base.top * 0.9)
    for _ in range(2):
        assert transcription_similarity("herbert", "heo-beo-teu", "hangul") == pytest.approx(0.6489, abs=1e-4)
        assert transcription_similarity("herbert", "heo-beo-teu", "hangul", lower) == pytest.approx(
            0.584, abs=1e-4
        )


def test_the_several_argument_memos_are_cleared_as_bounded_caches_are() -> None:
    held = [
        m
        for module in (similarity, transcription)
        for m in vars(module).values()
        if isinstance(m, (KeyMemo, ConfigMemo))
    ]
    assert len(held) >= 3
    token_similarity("hikvison", "hikvision")
    transcription_similarity("herbert", "heo-beo-teu", "hangul")
    transcription_pairs(("heo", "beo", "teu"), ((0, 1, 2),), "hangul", ("herbert",))
    assert all(m.cache_info().currsize > 0 for m in held)
    clear_engine_caches()
    assert all(m.cache_info().currsize == 0 for m in held)
