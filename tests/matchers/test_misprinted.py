"""`similarity.misprinted` rules pairs out by their lengths first: the same answers as trying every
confusion both ways."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchers.similarity import misprinted

CONFUSIONS = (("rn", "m"), ("cl", "d"), ("vv", "w"), ("l", "i"))


def every_confusion(a: str, b: str) -> bool:
    for seen, read in CONFUSIONS:
        for one, other in ((a, b), (b, a)):
            at = one.find(seen)
            while at != -1:
                if one[:at] + read + one[at + len(seen) :] == other:
                    return True
                at = one.find(seen, at + 1)
    return False


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("rnin", "min", True),
        ("clon", "don", True),
        ("iena", "lena", True),
        ("vvang", "wang", True),
        ("rnin", "nin", False),
        ("lena", "lena", False),
        ("mm", "rnrn", False),
    ],
)
def test_print_confusions(a: str, b: str, expected: bool) -> None:
    assert misprinted(a, b) is expected is every_confusion(a, b)


WORDS = st.text(alphabet="rnmcldvwie", max_size=8)


@settings(max_examples=4000, deadline=None)
@given(WORDS, WORDS)
def test_the_same_answers_as_every_confusion_both_ways(a: str, b: str) -> None:
    assert misprinted(a, b) is every_confusion(a, b)


@settings(max_examples=2000, deadline=None)
@given(WORDS, st.integers(0, 7), st.sampled_from(CONFUSIONS))
def test_a_word_with_a_confusion_put_in(word: str, at: int, confusion: tuple[str, str]) -> None:
    seen, read = confusion
    typed = word[:at] + seen + word[at:]
    meant = word[:at] + read + word[at:]
    assert misprinted(typed, meant) and misprinted(meant, typed)
