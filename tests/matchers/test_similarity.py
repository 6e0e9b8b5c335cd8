"""Token similarity: typos and transliteration variants align, different short names do not."""

import pytest

from matchers.similarity import token_similarity


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("hikvision", "hikvison"),  # a dropped letter in a long token
        ("technology", "technolgy"),
        ("kumul", "qumul"),  # one sound, two spellings
        ("aksu", "aqsu"),
        ("mohammed", "muhammad"),
        ("ali", "aly"),
        ("petrov", "petrow"),
    ],
)
def test_variants_align(a: str, b: str) -> None:
    assert token_similarity(a, b) >= 0.7


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("john", "jane"),
        ("hami", "altay"),
        ("lanzhou", "urumqi"),
        ("ali", "alo"),  # short and not the same sound
        ("123", "124"),  # numbers must be equal
        ("tumushuke", "shihezi"),
    ],
)
def test_different_tokens_do_not_align(a: str, b: str) -> None:
    assert token_similarity(a, b) == 0.0


def test_initials_only_for_people() -> None:
    assert token_similarity("j", "john", person=True) > 0
    assert token_similarity("j", "john", person=False) == 0
