"""Spelling rules run as string steps (`matchers.spelling_steps`) make what their patterns make: on the
shapes read (alternatives, alternatives at the start, runs of a character), on every rule table, on
generated tokens and on every word of the Entity List."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchers.similarity import SPELLING_RULES
from matchers.spelling_steps import ALTERNATIVES, AT_START, DROPPED, PATTERN, RUNS, plan, rewrite
from matchers.weights import TokenStats

TOKENS = st.text(alphabet="abcdeghiklnoqrstuwxyz'1\n", min_size=0, max_size=14)


def as_patterns(token: str, rules: tuple[tuple[re.Pattern[str] | str, object, tuple[str, ...]], ...]) -> str:
    for pattern, replacement, _ in rules:
        if isinstance(pattern, re.Pattern):
            token = pattern.sub(replacement, token)  # type: ignore[arg-type]
        else:
            token = token.replace(pattern, str(replacement))
    return token


def one(pattern: str, replacement: str = "_") -> tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...]:
    return ((re.compile(pattern), replacement, ()),)


@pytest.mark.parametrize(
    ("pattern", "kind"),
    [
        ("iy|yy|ii|ij", ALTERNATIVES),
        ("[cq]", ALTERNATIVES),
        ("^ye|^ie", AT_START),
        ("(.)\\1+", RUNS),
        ("(?<=[a-z])h(?![aeiou])", DROPPED),
        ("(?<=[a-z])h(?=[aeiou])", PATTERN),
        ("h$", PATTERN),
        ("[a-c]", PATTERN),
    ],
)
def test_each_shape_is_read_as_its_kind(pattern: str, kind: int) -> None:
    replacement = "\\1" if kind == RUNS else "" if kind == DROPPED else "_"
    assert plan(one(pattern, replacement))[0][0] == kind


@pytest.mark.parametrize(
    ("pattern", "replacement", "token", "expected"),
    [
        ("iy|yy|ii|ij", "i", "iiy", "iy"),  # the first alternative found at a place, not the longest
        ("shch|sch", "sh", "shchsch", "shsh"),
        ("^ye|^ie", "e", "yeye", "eye"),  # only at the start
        ("(.)\\1+", "\\1", "aabbbca", "abca"),
        ("(.)\\1+", "\\1", "a\n\nb", "a\n\nb"),  # (`.` is no newline)
        ("(?<=[a-z])h(?![aeiou])", "", "ahhe", "ahe"),  # (read on the token as it was: `hh` then `he`)
        ("(?<=[a-z])h(?![aeiou])", "", "hth", "ht"),
    ],
)
def test_steps_do_what_the_pattern_does(pattern: str, replacement: str, token: str, expected: str) -> None:
    rules = one(pattern, replacement)
    assert rewrite(token, plan(rules)) == expected == as_patterns(token, rules)


@settings(max_examples=3000, deadline=None)
@given(TOKENS)
def test_every_table_makes_the_keys_of_its_patterns(token: str) -> None:
    for rules in SPELLING_RULES.values():
        assert rewrite(token, plan(rules)) == as_patterns(token, rules), token


def test_every_listed_word_gets_the_keys_of_the_patterns(entity_list_stats: TokenStats) -> None:
    words = list(entity_list_stats.df)
    assert len(words) > 1000
    for rules in SPELLING_RULES.values():
        steps = plan(rules)
        changed = 0
        for word in words:
            key = rewrite(word, steps)
            assert key == as_patterns(word, rules), word
            changed += key != word
        assert changed > len(words) // 2
