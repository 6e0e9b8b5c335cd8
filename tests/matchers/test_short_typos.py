"""A short word's typo read by the listed words around it (`matchers.short_typos`): which words a word is one
slip of typing from, the one listed word among them, the mistyped leading article, and how scoring reads a
lone slip over a small vocabulary of its own."""

from __future__ import annotations

import pytest

from matchers import DEFAULT_THRESHOLD
from matchers.index import NameIndex
from matchers.models import Entry
from matchers.normalise import normalise_name
from matchers.scoring import NameScore, Side, score_names
from matchers.short_typos import lone_neighbour, mistyped_article, slipped_from
from matchers.weights import TokenStats


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


@pytest.mark.parametrize(
    ("typed", "listed"),
    [
        ("nornco", "norinco"),
        ("shenom", "shencom"),
        ("lukil", "lukoil"),
        ("sundal", "sundial"),
        ("tmbey", "tambey"),
    ],
)
def test_a_letter_dropped_from_a_long_word_names_the_one_word_it_leaves(typed: str, listed: str) -> None:
    assert lone_neighbour(typed, {listed, "norilsk", "tamboy"}, 4, 8) == listed


def test_a_long_word_a_letter_from_two_listed_words_names_neither() -> None:
    assert lone_neighbour("sabria", {"sabrina", "sabrian"}, 4, 8) == ""
    # (Past the longest, the token step's own edits judge it.)
    assert lone_neighbour("hkvisiontech", {"hikvisiontech"}, 4, 8) == ""


# (`tjhe`, `ythe`, `thre`: a key struck beside a letter it neighbours, decision 0190.)
@pytest.mark.parametrize("word", ["hte", "thw", "thhe", "tthe", "ghe", "tjhe", "ythe", "thre"])
def test_a_mistyped_article_is_the_article(word: str) -> None:
    assert mistyped_article(word)


@pytest.mark.parametrize("word", ["the", "then", "tea", "he", "te", "tkhe", "thae", "xthe"])
def test_other_words_are_not_the_article(word: str) -> None:
    assert not mistyped_article(word)


def _stats(names: list[str]) -> TokenStats:
    return TokenStats.from_names([normalise_name(n).tokens for n in names])


def _score(query: str, listed: str, stats: TokenStats) -> NameScore:
    return score_names(Side.build(normalise_name(query), stats), Side.build(normalise_name(listed), stats))


def test_a_lone_slip_already_close_is_not_discounted_as_the_one_approximate_word() -> None:
    # `KIOTI` is `KOTI` with `i` struck beside `o` (0.9 as a slip of a 5-letter word), and no other listed
    # word is a slip away: a typo, not a second name one letter off (x0.9 `single_fuzzy`).
    stats = _stats(["KOTI", "Kotka Shipping", "Polimer Trading Company"])
    result = _score("KIOTI", "KOTI", stats)
    assert result.score >= DEFAULT_THRESHOLD
    assert "single_fuzzy" not in dict(result.adjustments)


def test_a_slip_two_listed_words_share_stays_discounted() -> None:
    # `KIOTI` is also a slip from `kiori` (`t` struck for its neighbour `r`): either could be meant.
    stats = _stats(["KOTI", "KIORI", "Polimer Trading Company"])
    result = _score("KIOTI", "KOTI", stats)
    assert result.score < DEFAULT_THRESHOLD
    assert "single_fuzzy" in dict(result.adjustments)


def test_the_index_deletion_table_finds_the_same_dropped_letter(entity_list_entries: list[Entry]) -> None:
    """Read from the index's symmetric-deletion table, the dropped letter gives the answer of the 26 x (n + 1)
    strings made and sought, on every listed word with a letter dropped and on strings no word is near."""
    index = NameIndex(entity_list_entries)
    table = index.letter_added
    assert table is not None
    vocabulary = index.stats.df
    typed = sorted(
        {w[:k] + w[k + 1 :] for w in vocabulary if w.isalpha() and 5 <= len(w) <= 9 for k in range(len(w))}
    )
    typed += ["mbad", "qqqqq", "zzxq", "abcdefgh", "ab"]
    found = 0
    for token in typed:
        expected = lone_neighbour(token, vocabulary, 4, 8)
        assert lone_neighbour(token, vocabulary, 4, 8, table) == expected, token
        found += bool(expected)
    assert found > 1000


def test_a_subset_does_not_read_its_own_table_for_its_parent_vocabulary(
    entity_list_entries: list[Entry],
) -> None:
    """A subset weighs by its parent's statistics, whose words its own deletion table may lack."""
    parent = NameIndex(entity_list_entries[:200])
    assert parent.letter_added is not None
    assert NameIndex(entity_list_entries[:50], stats=parent.stats).letter_added is None
