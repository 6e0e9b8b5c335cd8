"""Russian words spelt from the letter table as rigour's ICU4X rules spell them (decision 0180; `python -m
bench.translit_check --exhaustive` compares every short string of Russian letters), and every other word left
to rigour."""

from itertools import product

import pytest
from rigour.text.translit import ascii_text

from matchers.normalise import normalise_name
from matchers.russian_letters import LOWER, russian_ascii
from matchers.translit import to_ascii

# Real names and words of Russian registers, with the spellings that take a rule: a word ending in `ий`/`ый`,
# the hard and soft signs, `ё`, `щ`, `ц`, `х`, capitals spelt by their neighbours.
RUSSIAN = [
    ("Юрий", "yury"),
    ("ЮРИЙ", "yury"),
    ("Белый", "bely"),
    ("Соловьёв", "solovyov"),
    ("Щукин", "shchukin"),
    ("ЩУКА", "shchuka"),
    ("Объединённая", "obedinyonnaya"),
    ("Общество", "obshchestvo"),
    ("ответственностью", "otvetstvennostyu"),
    ("Хабаровск", "habarovsk"),
    ("Цветмет", "tsvetmet"),
    ("Эльвира", "elvira"),
    ("Росэксимбанк", "roseksimbank"),
    ("Камчатгазпром", "kamchatgazprom"),
    ("Андреевич", "andreevich"),
    ("Дмитрий", "dmitry"),
    ("Ийя", "iiya"),  # (`ий` inside a word is two letters)
    ("АО", "ao"),
]

# Words the table does not read: rigour's rules take them.
NOT_RUSSIAN = [
    "Київ",  # Ukrainian `ї`
    "Євген",  # Ukrainian `є`
    "Ґанна",  # Ukrainian `ґ`
    "Қазақстан",  # Kazakh letters
    "Ўладзімір",  # Belarusian `ў`
    "Иванов1",  # a digit
    "OOOРомашка",  # Latin letters
    "Йошкар-Ола",  # a hyphen (the pieces are cut at it before the table sees them)
    "И\u0306ошкар",  # a decomposed `й`
    "Αθήνα",  # Greek
]


@pytest.mark.parametrize(("word", "spelt"), RUSSIAN)
def test_russian_words_are_spelt_as_rigour_spells_them(word: str, spelt: str) -> None:
    assert russian_ascii(word) == spelt
    assert ascii_text(word).lower() == spelt


@pytest.mark.parametrize("word", NOT_RUSSIAN)
def test_words_with_any_other_character_are_left_to_rigour(word: str) -> None:
    assert russian_ascii(word) is None
    assert to_ascii(word) == ascii_text(word).lower()


def test_every_letter_and_pair_of_letters_in_either_case_is_rigours() -> None:
    letters = LOWER + LOWER.upper()
    for first, second in product(letters, repeat=2):
        for word in (first, first + second):
            assert russian_ascii(word) == ascii_text(word).lower(), word


def test_a_name_in_russian_normalises_to_the_same_tokens_as_rigours_spelling() -> None:
    name = "Общество с ограниченной ответственностью «Юрий Щукин»"
    assert normalise_name(name).raw == normalise_name(ascii_text(name)).raw
