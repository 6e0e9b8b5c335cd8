"""Legal forms read through data-entry damage (`matchers.legal_typos`), as case tables of real spellings
from the lists' legal forms."""

from __future__ import annotations

import pytest

from matchers.legal_typos import glued_form, near_legal_word, struck_beside


@pytest.mark.parametrize(
    ("word", "form", "struck"),
    [
        ("lgrtd", "ltd", True),  # `g` and `r` both beside `t`
        ("owao", "oao", True),  # `w` beside `a`
        ("lttd", "ltd", True),  # a letter struck twice
        ("inca", "inc", False),  # `a` neighbours neither `c` nor anything before it
        ("lxytd", "ltd", False),  # `x` beside none of the form's letters
        ("ltd", "ltd", False),  # nothing added
        ("lqwertd", "ltd", False),  # more than two keys
    ],
)
def test_struck_beside(word: str, form: str, struck: bool) -> None:
    assert struck_beside(word, form, 2) is struck


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("ohshchestvofintender", ("obshchestvo", "fintender")),
        ("novikombankaktsionernoe", ("novikombank", "aktsionernoe")),
        ("compannyaurus", ("company", "aurus")),
        ("obschestvofederalnaya", ("obshchestvo", "federalnaya")),
        # No form at either end.
        ("accompanying", None),
        ("transneftegaz", None),
    ],
)
def test_glued_form(word: str, parts: tuple[str, str] | None) -> None:
    assert glued_form(word) == parts


def test_near_legal_word() -> None:
    assert near_legal_word("zaorytoe")
    assert not near_legal_word("zaoalfa")
