"""Which words at a name's end read as a short legal form typed with one edit (`damaged_forms.py`)."""

from __future__ import annotations

import pytest

from matchers.config import DEFAULT_CONFIG
from matchers.damaged_forms import mistyped_form

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
