"""Pairwise compare: tables of real name pairs that must, and must not, match."""

import pytest

from matchers.compare import compare


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("SMITH, John", "John Smith", "person"),
        ("Владимир Путин", "Vladimir Putin", "person"),
        ("Иван Иванов", "Ivan Ivanov", "person"),
        ("Mohammed Ali", "Muhammad Aly", "person"),
        ("J. Smith", "John Smith", "person"),
        ("M/V OCEAN STAR", "Ocean Star", "vessel"),
        ("Dahua Technology Company Limited", "DAHUA TECHNOLOGY CO., LTD.", "org"),
        ("Sense Time", "SenseTime Group Ltd", "org"),
        ("Hami Municipal PSB", "Hami Municipality Public Security Bureau", "org"),
        ("Xinjiang Production and Construction Corps", "XPCC", "org"),
    ],
)
def test_same_party(a: str, b: str, kind: str) -> None:
    result = compare(a, b, kind)
    assert result.match, result.explanation


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("John Smith", "Jane Smith", "person"),
        ("Alpha Technology Co", "Beta Technology Co", "org"),
        ("Hami Municipality Public Security Bureau", "Altay Municipality Public Security Bureau", "org"),
        ("Lanzhou Municipal Public Security Bureau", "Urumqi Municipal Public Security Bureau", "org"),
    ],
)
def test_different_party(a: str, b: str, kind: str) -> None:
    result = compare(a, b, kind)
    assert not result.match, result.explanation


def test_explanation_shows_aligned_tokens() -> None:
    result = compare("Hikvison Digital Technology", "Hikvision Digital Technology", "org")
    aligned = {(a["query"], a["listed"]) for a in result.explanation["aligned"]}
    assert ("hikvison", "hikvision") in aligned
    assert 0 < result.score < 1
