"""A spelling rule is skipped only on tokens it cannot match: what `needles` reads from a pattern is held by
every token the pattern matches, and the keys made with the skips are the keys every rule run makes
(decision 0142)."""

import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchers.pattern_needles import needles
from matchers.similarity import SPELLING_RULES, Rules, consonant_key, skeleton

KEYS: dict[str, Callable[[str], str]] = {"skeleton": skeleton, "consonant_key": consonant_key}
PATTERNS = sorted(
    {p.pattern for rules in SPELLING_RULES.values() for p, _, _ in rules if isinstance(p, re.Pattern)}
)
TOKENS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz'1", min_size=1, max_size=12)


def every_rule(token: str, rules: Rules) -> str:
    for pattern, replacement, _ in rules:
        if isinstance(pattern, re.Pattern):
            token = pattern.sub(replacement, token)
        else:
            token = token.replace(pattern, replacement)
    return token


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("shch|sch", {"shch", "sch"}),
        ("^ye|^ie", {"ye", "ie"}),
        ("(?<=[a-z])h(?![aeiou])", {"h"}),
        ("^(al|el)(?=[a-z]{3})", {"al", "el"}),
        ("c(?=[eiy])", {"c"}),
        ("[cq]", {"c", "q"}),
        ("[a-c]x", {"a", "b", "c"}),
        ("h$", {"h"}),
        ("ab?c", {"a"}),  # (an optional letter ends the literal before it)
        ("(.)\\1+", None),  # (any letter: not read, always run)
        ("[^a]", None),
        ("a?b", None),  # (the match may begin with `b`)
        ("x|\\.", None),
        ("(?i)ab", None),
        ("", None),
    ],
)
def test_needles_read_from_a_pattern(pattern: str, expected: set[str] | None) -> None:
    found = needles(pattern)
    assert (None if found is None else set(found)) == expected


def test_the_rule_tables_are_read() -> None:
    # (The doubled-letter rule has no needle and always runs; most others are read, and skipped on most
    # tokens.)
    unread = [p for p in PATTERNS if needles(p) is None]
    assert "(.)\\1+" in unread
    assert len(unread) * 4 < len(PATTERNS)


@settings(max_examples=400, deadline=None)
@given(TOKENS)
def test_a_token_a_rule_matches_holds_one_of_its_needles(token: str) -> None:
    for pattern in PATTERNS:
        found = needles(pattern)
        if found is not None and re.search(pattern, token):
            assert any(n in token for n in found), (pattern, token)


@settings(max_examples=400, deadline=None)
@given(TOKENS)
def test_keys_made_with_skips_are_the_keys_of_every_rule(token: str) -> None:
    for name, rules in SPELLING_RULES.items():
        assert KEYS[name](token) == every_rule(token, rules)
