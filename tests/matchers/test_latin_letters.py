"""Accented Latin words spelt by their decomposition as rigour's ICU4X rules spell them (decision 0181;
`python -m bench.translit_check --exhaustive` compares every character of the blocks read), and every other
word left to rigour."""

import pytest
from rigour.text.translit import ascii_text

from matchers.latin_letters import latin_ascii
from matchers.normalise import normalise_name
from matchers.translit import to_ascii

# Real names from European registers: accents, a ligature, letters that decompose to no ASCII letter.
LATIN = [
    ("Société", "societe"),
    ("Générale", "generale"),
    ("PROTOGÈNE", "protogene"),
    ("Łódź", "lodz"),
    ("Søren", "soren"),
    ("Ærøskøbing", "aeroskobing"),
    ("Straße", "strasse"),
    ("Đorđević", "dordevic"),
    ("Þórður", "thordur"),
    ("İstanbul", "istanbul"),
    ("Kılıç", "kilic"),
    ("Œuvre", "oeuvre"),
    ("Nguyễn", "nguyen"),
    ("Ĳsselmeer", "ijsselmeer"),
    ("São", "sao"),
    ("Müller", "muller"),
]

# Words the decomposition does not read: rigour's rules take them.
NOT_READ = [
    "Kata\u2019ibSayyid",  # a curly apostrophe (General Punctuation)
    "Əliyev",  # Azerbaijani schwa: no ASCII in its decomposition
    "ĸalaallisut",  # kra
    "Müller×2",  # a sign outside the letters
    "Иванов",  # Cyrillic
    "Café北京",  # Chinese characters
]


@pytest.mark.parametrize(("word", "spelt"), LATIN)
def test_accented_words_are_spelt_as_rigour_spells_them(word: str, spelt: str) -> None:
    assert latin_ascii(word) == spelt
    assert ascii_text(word).lower() == spelt


@pytest.mark.parametrize("word", NOT_READ)
def test_words_with_any_other_character_are_left_to_rigour(word: str) -> None:
    assert latin_ascii(word) is None
    assert to_ascii(word) == ascii_text(word).lower()


def test_every_letter_of_latin_1_and_extended_a_alone_and_between_letters_is_rigours() -> None:
    for code in range(0xC0, 0x180):
        letter = chr(code)
        for word in (letter, f"a{letter}b", f"É{letter}"):
            spelt = latin_ascii(word)
            assert spelt is None or spelt == ascii_text(word).lower(), word


def test_a_name_with_accents_normalises_to_the_same_tokens_as_rigours_spelling() -> None:
    name = "Société Générale de Banque au Liban S.A.L."
    assert normalise_name(name).raw == normalise_name(ascii_text(name)).raw
