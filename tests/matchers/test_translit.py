"""Transliteration word by word gives rigour's whole-string letters, and takes the whole string where a cut
at the spaces could change them (decision 0141; `python -m bench.translit_check` runs the same comparison
over every name of the shared data). In lower case: normalisation keeps no capitals, and Russian words are
spelt from a table that does not reproduce ICU's (decision 0180)."""

import pytest
from rigour.text.translit import ascii_text

from matchers import translit
from matchers.translit import by_pieces, to_ascii

# Cut at the spaces: every non-ASCII piece in one script and one route through rigour.
CUT = [
    "Общество с ограниченной ответственностью Ромашка",
    "ООО ЩУКА Щ",  # (all capitals: ICU spells a capital by its neighbours)
    "  Ромашка  Лютик ",
    "Юрий Андреевич Соловьёв",
    "Ἀθῆναι Ὀδυσσεύς",
    "허 버 트",  # (Hangul syllables, spaced by normalisation)
    "محمد بن سلمان",
    "שמעון פרס",
    "北京 technology  limited company",
    "Société Générale",
    "OOO Ромашка Ltd",
    "Ал-Туниси, Ахмед",  # (cut at punctuation too, in rigour's own route)
    "Юрий-Ий (Щ-УКА)",
    "北京 technology",
]
# Taken whole: another script, two routes, a combining mark after a space, a symbol ICU removes.
WHOLE = [
    "ООО 北京",  # two scripts besides Latin
    "Café 北京",  # rigour's rules for `Café`, ICU for the Chinese: the whole string goes through ICU
    "محمد $ علي",  # ICU deletes `$` from the whole string, not from an ASCII piece
    "e \u0301x",  # a combining mark beginning a piece
    "สมชาย ใจดี",  # Thai: no spaces between words
    "ヤマダ タロウ",  # Japanese kana
    "華信船務( hong kong ) co ltd",  # ICU spaces a Chinese syllable off the bracket beside it: `wu (`
]


@pytest.mark.parametrize("text", CUT + WHOLE)
def test_to_ascii_is_rigours_whole_string_transliteration(text: str) -> None:
    assert to_ascii(text) == ascii_text(text).lower()


@pytest.mark.parametrize("text", CUT)
def test_names_in_one_script_are_cut_at_their_spaces(text: str) -> None:
    assert by_pieces(text) == ascii_text(text).lower()


@pytest.mark.parametrize("text", WHOLE)
def test_texts_a_cut_could_change_are_taken_whole(text: str) -> None:
    assert by_pieces(text) is None


@pytest.mark.parametrize("text", ["محمد $ علي", "華信船務( hong kong ) co ltd"])
def test_a_naive_cut_would_change_the_letters_of_icu_text(text: str) -> None:
    # Why ICU's route is cut at spaces only: it deletes `$` from the whole string and spaces a Chinese
    # syllable off a bracket, neither of which a piece on its own shows.
    parts = translit.BREAKS.split(text)
    naive = "".join(p if k % 2 else ascii_text(p) for k, p in enumerate(parts))
    assert naive != ascii_text(text)


def test_a_word_is_transliterated_once_for_every_name_that_holds_it() -> None:
    translit.piece.cache_clear()
    to_ascii("Общество Ромашка")
    to_ascii("Общество Лютик")
    info = translit.piece.cache_info()
    assert (info.hits, info.misses) == (1, 3)
