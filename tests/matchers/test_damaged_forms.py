"""Which words at a name's end read as a short legal form typed with one edit (`damaged_forms.py`), and which
words are a typed edit of a spelling of the form a listed name has (decision 0179)."""

from __future__ import annotations

import pytest

from matchers.config import DEFAULT_CONFIG
from matchers.damaged_forms import mistyped_form, typed_for_form

pytestmark = pytest.mark.unit

ZIPF = DEFAULT_CONFIG.scoring.mistyped_form_zipf


@pytest.mark.parametrize(
    ("word", "why"),
    [
        ("tld", "two letters of `ltd` swapped"),
        ("ktd", "`l` struck as `k`, its neighbour"),
        ("otd", "`l` struck as `o`"),
        ("snd", "two letters of `sdn` swapped (`Snd Bhd`)"),
        ("ssdn", "a letter of `sdn` doubled"),
        ("lda", "`ltda` with a letter dropped"),
        ("11c", "`llc` printed with digits for its letters"),
        ("1td", "`ltd` with `1` for `l`"),
    ],
)
def test_a_form_typed_with_one_edit_is_read(word: str, why: str) -> None:
    assert mistyped_form(word, ZIPF), why


@pytest.mark.parametrize(
    ("word", "why"),
    [
        ("ltd", "the form itself is normalisation's, not a typo"),
        ("pet", "one edit from `pte`, but a word people write"),
        ("inn", "one edit from `inc`, but a word people write"),
        ("lt", "`ltd` with a letter dropped, but common in English"),
        ("lf", "two edits from `ltd`"),
        ("zqp", "two edits from `zao`"),
        ("tock", "no short form one edit away"),
        ("ab12", "letters and digits that read as no form"),
    ],
)
def test_other_words_are_not_read_as_forms(word: str, why: str) -> None:
    assert not mistyped_form(word, ZIPF), why


def test_the_rule_is_off_at_zero() -> None:
    assert not mistyped_form("tld", 0.0)


# (token, the generic form the listed name has, typed for it?) — decision 0179.
TYPED_FOR_FORM = [
    ("pa", "jsc", True),  # `pao` with a key missed
    ("oo", "llc", True),  # `ooo` with a key missed
    ("azao", "jsc", True),  # `zao` with `a` struck beside `z`
    ("sao", "jsc", True),  # `zao` with `s` struck for `z`
    ("oltd", "llc", True),  # `ltd` with `o` struck beside `l`
    ("pa", "llc", False),  # no LLC spelling is a typed edit from it
    ("pan", "jsc", False),  # `n` is no neighbour of `o`
    ("ink", "llc", False),  # `k` is no neighbour of `c`
    ("of", "llc", False),
    ("pa", "and", False),  # a function word has no spellings
    ("p4", "jsc", False),  # letters only
]


@pytest.mark.parametrize(("token", "generic", "expected"), TYPED_FOR_FORM)
def test_typed_for_form(token: str, generic: str, expected: bool) -> None:
    assert typed_for_form(token, generic) is expected
