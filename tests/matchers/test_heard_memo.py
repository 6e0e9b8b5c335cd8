"""The per-token sound facts `transcription_similarity` remembers (decision 0183): the same similarity as
worked out afresh, never lent to another configuration, and cleared by `bench.speed` with the other bounded
memos before it times names never seen."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bench.speed import clear_engine_caches
from matchers import transcription
from matchers.config import DEFAULT_CONFIG
from matchers.transcription import HeardMemo, transcription_similarity

pytestmark = pytest.mark.unit

# (Latin, romanised, script): one name, and another, as `transcription_pairs` compares them.
PAIRS = [
    ("herbert", "heo-beo-teu", "hangul"),
    ("winterbottom", "win-teo-bo-teom", "hangul"),
    ("nathan", "neisan", "kana"),
    ("gaffney", "gpny", "hebrew"),
    ("spies", "shpis", "cyrillic"),
    ("faisal", "fysl", "arabic"),
    ("herbert", "heo-jun", "hangul"),
    ("gumpert", "ginovart", "cyrillic"),
    ("spiess", "shpis", "cyrillic"),
]


def _afresh(latin: str, romanised: str, script: str, config: object = DEFAULT_CONFIG.transcription) -> float:
    clear_engine_caches()
    return transcription_similarity(latin, romanised, script, config)  # type: ignore[arg-type]


def test_a_remembered_tokens_similarity_is_the_one_worked_out_afresh() -> None:
    fresh = [_afresh(*pair) for pair in PAIRS]
    assert any(fresh) and not all(fresh)
    # Every token now remembered (`herbert`, `shpis` twice), and asked again in another order.
    again = [transcription_similarity(*pair, DEFAULT_CONFIG.transcription) for pair in reversed(PAIRS)]
    assert again[::-1] == fresh


def test_a_tokens_facts_are_not_lent_to_another_configuration() -> None:
    # Weak sounds and vowels cost what each configuration says: the gaps remembered for one are not lent.
    other = replace(DEFAULT_CONFIG.transcription, weak_cost=0.9, vowel_cost=0.6, floor=0.5)
    for pair in PAIRS:
        transcription_similarity(*pair, DEFAULT_CONFIG.transcription)
    remembered = [transcription_similarity(*pair, other) for pair in PAIRS]
    assert remembered == [_afresh(*pair, other) for pair in PAIRS]
    assert remembered != [_afresh(*pair) for pair in PAIRS]


def test_the_memo_is_bounded_and_cleared_as_bounded_caches_are() -> None:
    assert HeardMemo(2).cache_info().maxsize == 2
    held = [m for m in vars(transcription).values() if isinstance(m, HeardMemo)]
    assert len(held) == 1
    clear_engine_caches()
    for pair in PAIRS[:3]:
        transcription_similarity(*pair, DEFAULT_CONFIG.transcription)
    assert held[0].cache_info().currsize == 6
    clear_engine_caches()
    assert held[0].cache_info().currsize == 0
