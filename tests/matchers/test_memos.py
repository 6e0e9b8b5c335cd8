"""The string-keyed memos that replace `lru_cache` on the engine's hot per-word functions (decision 0545):
bounded, cleared by `bench.speed` with the other bounded memos, and never changing an answer: a word's
remembered reading is the one worked out afresh, and `respell` is its table applied in order."""

from __future__ import annotations

import itertools

import pytest

from bench.speed import clear_engine_caches
from matchers import normalise, similarity
from matchers.memos import StrMemo
from matchers.normalise import legal_spelling, normalise_name, unglue
from matchers.similarity import RESPELLINGS, consonant_key, respell, skeleton, sound

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
