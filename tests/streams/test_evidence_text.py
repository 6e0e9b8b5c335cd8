"""The engine's explanation in words: how each word matched, how much it weighs, and one shared line."""

from __future__ import annotations

import pytest

from matchers import Screener
from streams.cli.holds import explain
from streams.evidence_text import evidence_line, how_matched, read_evidence, weight_word
from streams.settings import builtin_list_path


@pytest.mark.parametrize(
    "query, listed, how",
    [
        ("hikvision", "hikvision", "exact"),
        ("hikvison", "hikvision", "typo"),
        ("muhammad", "mohammed", "transliteration"),
        ("sense time", "sensetime", "joined/split"),
        ("zte", "zhong tian electric", "acronym"),
        ("tech", "technology", "abbreviation"),
        ("technologies", "technology", "word form"),
        ("philip", "fillip", "sound"),
    ],
)
def test_how_two_words_matched(query: str, listed: str, how: str) -> None:
    assert how_matched(query, listed) == how


def test_weights_in_words() -> None:
    assert [weight_word(w) for w in (1.0, 0.6, 0.3, 0.02, None)] == [
        "distinctive",
        "distinctive",
        "ordinary",
        "common",
        "unweighted",
    ]


def test_a_real_match_reads_as_words_with_effects() -> None:
    screener = Screener.from_paths([builtin_list_path()])
    match = screener.screen("Hikvison Digital Technology Co", country="CN")[0]
    evidence = read_evidence(match.explanation)
    hows = {w.listed: w.how for w in evidence.words}
    assert hows["hikvision"] == "typo" and hows["digital"] == "exact"
    assert "country CN agrees" in evidence.effects
    line = evidence_line(match.explanation)
    assert line.startswith("words ") and "hikvison~hikvision (typo 0.9" in line
    assert line.endswith("missing hangzhou; country CN agrees")
    assert explain(match.explanation) == line  # `holdline holds tail` says the same


def test_an_explanation_of_another_shape_still_says_something() -> None:
    assert evidence_line({"method": "token", "score": 0.9}) == "method=token; score=0.9"
    assert evidence_line("plain text") == "plain text"
    assert evidence_line(None) == ""
