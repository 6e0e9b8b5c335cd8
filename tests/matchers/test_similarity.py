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


@pytest.mark.parametrize("rules", ["_SKELETON_RULES", "_CONSONANT_RULES"])
def test_guarded_spelling_rules_rewrite_exactly_as_the_plain_regexes(rules: str) -> None:
    """Rules tried only when one of their words occurs must give what running every regex gives."""
    import re

    from matchers import similarity

    compiled = getattr(similarity, rules)
    assert any(words for _, _, words in compiled)  # some rules are guarded, or this proves nothing
    tokens = ["shchukin", "dzhabarov", "yevgeniya", "ieronim", "iurii", "yakovlev", "ioann", "kiyyam",
              "moussa", "zhou", "tsoi", "kharkov", "xiamen", "qumul", "hikvision", "sensetime", "aaab",
              "sch", "ye", "dj", "thabit", "chechen", "philip", "mohammed", "ahmadi", "el", "ssh"]
    for token in tokens:
        plain = token
        for pattern, replacement, _ in compiled:
            if isinstance(pattern, str):
                plain = plain.replace(pattern, replacement)
            else:
                plain = re.sub(pattern, replacement, plain)
        assert similarity._rewrite(token, compiled) == plain, token
