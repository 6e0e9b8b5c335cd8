"""A short word's typo read by the listed words around it (`matchers.short_typos`): which words a word is one
slip of typing from, the one listed word among them, and the mistyped leading article."""

from __future__ import annotations

import pytest

from matchers.short_typos import lone_neighbour, mistyped_article, slipped_from


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("dedk", "dedo"),  # `k` struck for its neighbour `o`
        ("hte", "the"),  # two letters swapped
        ("effo", "efo"),  # a letter doubled
        ("chwem", "chem"),  # `w` struck with its neighbour `e`
        ("cnc", "cnnc"),  # a double letter typed once
    ],
)
def test_a_slip_of_typing_leads_back_to_the_word(typed: str, meant: str) -> None:
    assert meant in slipped_from(typed)


@pytest.mark.parametrize(
    ("typed", "other"),
    [
        ("cimg", "cimc"),  # `g` and `c` are far apart on the keyboard
        ("youxin", "yuxin"),  # `o` added beside no key it neighbours
        ("sepd", "sepid"),  # a letter dropped is no slip (it is looked up apart)
    ],
)
def test_an_edit_typing_does_not_make_is_no_slip(typed: str, other: str) -> None:
    assert other not in slipped_from(typed)


def test_the_one_listed_word_a_slip_away_is_named() -> None:
    assert lone_neighbour("dedk", {"dedo", "dead", "dedka"}) == "dedo"


def test_two_listed_words_a_slip_away_name_neither() -> None:
    # `aecon`: `c` for `d` and `e` for `s` are both slips.
    assert lone_neighbour("aecon", {"aedon", "ascon"}) == ""


def test_a_dropped_letter_is_read_only_where_no_slip_leads_anywhere() -> None:
    assert lone_neighbour("mbad", {"mbada", "abad"}) == "mbada"
    assert lone_neighbour("mbad", {"mbada", "mbads"}) == ""
    assert lone_neighbour("ghds", {"ghods", "ghs"}) == "ghs"
    # (Three letters are too few: every code is a letter from several others.)
    assert lone_neighbour("csc", {"casc"}) == ""


@pytest.mark.parametrize("word", ["hte", "thw", "thhe", "tthe", "ghe"])
def test_a_mistyped_article_is_the_article(word: str) -> None:
    assert mistyped_article(word)


@pytest.mark.parametrize("word", ["the", "then", "tea", "he", "te"])
def test_other_words_are_not_the_article(word: str) -> None:
    assert not mistyped_article(word)
