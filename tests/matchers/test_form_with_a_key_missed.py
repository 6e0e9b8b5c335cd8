"""A legal phrase typed with one of its letters missed, leaving a real English word (`JOINT TOCK`, `JOINT
SOCK`, `JOIN STOCK`, `OPE JOINT STOCK`), is the phrase (decision 0216): normalisation reads it as the legal
form, as it reads a phrase with any other typo (0211). A real word put in a form word's place (`Point Stock
Company`) is still a name beside a form. Real names of the shared lists."""

from __future__ import annotations

import pytest

from matchers import Screener
from matchers.normalise import normalise_name
from tests.matchers.conftest import best_score_for

# (query, listed name expected at or above the threshold)
LIFTED = [
    (
        "JOINT TOCK COMPANY SCIENTIFIC INDUSTRIAL CONCERN MANUFACTURING ENGINEERING",
        "Scientific Industrial Concern Manufacturing Engineering OJSC",
    ),
    ("OPEN JOINT SOCK COMPANY RUSSIAN HELICOPTERS", "Russian Helicopters JSC"),
    ("Joint tock Company Yaroslavl Radio Factory", "Joint Stock Company Yaroslavl Radio Factory"),
    ("VTB BANK BELARUS CLOSED JOIN STOCK COMPANY", "CJSC VTB BANK BELARUS"),
    ("OPE JOINT STOCK COMPANY RUSSIAN RAILWAYS", "RUSSIAN RAILWAYS JSC"),
]

# (name, the words that must stay words of the name)
KEPT = [
    ("Point Stock Company", ("point", "stock")),
    ("Joint Stick Company", ("stick",)),
]


@pytest.mark.parametrize(("query", "listed"), LIFTED, ids=[c[0] for c in LIFTED])
def test_a_legal_phrase_with_a_letter_missed_is_the_phrase(
    all_lists_screener: Screener, query: str, listed: str
) -> None:
    # (The real word the missed key left is read as the form's, not kept as a word of the name.)
    assert not {"tock", "sock", "join", "ope"} & set(normalise_name(query).tokens)
    assert best_score_for(all_lists_screener, query, None, listed) >= all_lists_screener.threshold


@pytest.mark.parametrize(("name", "words"), KEPT, ids=[c[0] for c in KEPT])
def test_a_real_word_in_a_form_words_place_stays_a_word(name: str, words: tuple[str, ...]) -> None:
    tokens = normalise_name(name).tokens
    for word in words:
        assert word in tokens
