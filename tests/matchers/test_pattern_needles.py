"""A spelling rule is skipped only on tokens it cannot match: what `needles` reads from a pattern is held by
every token the pattern matches, and rewriting with the skips gives what running every rule gives."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchers import similarity
from matchers.pattern_needles import needles

RULE_TABLES = (similarity._SKELETON_RULES, similarity._CONSONANT_RULES)
PATTERNS = sorted({p.pattern for rules in RULE_TABLES for p, _, _ in rules if isinstance(p, re.Pattern)})


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


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz'1", min_size=1, max_size=12))
def test_a_token_a_rule_matches_holds_one_of_its_needles(token: str) -> None:
    for pattern in PATTERNS:
        found = needles(pattern)
        if found is not None and re.search(pattern, token):
            assert any(n in token for n in found), (pattern, token)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz'1", min_size=1, max_size=12))
def test_rewriting_with_skips_is_rewriting_with_every_rule(token: str) -> None:
    for rules in RULE_TABLES:
        every = tuple((p, r, ()) for p, r, _ in rules)
        assert similarity._rewrite(token, rules) == similarity._rewrite(token, every)
