"""Two listed words run together with a typo in either (`matchers.joined_pairs`): which pairs a query word is
cut into, which listed names hold them, and the bounds on both. Real listed names (SDN, Entity List)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from matchers.config import MatchConfig
from matchers.index import NameIndex
from matchers.joined_pairs import typo_join_candidates, typo_joins
from matchers.models import EntityKind, Entry
from matchers.normalise import normalise_name
from matchers.weights import unwritten

LISTED = [
    "CHINA SHIPBUILDING CORPORATION",
    "China State Shipbuilding Corporation, Limited (CSSC) 7th Research Academy",
    "JSC RUSSIAN ELECTRONICS",
    "CHINA COMMUNICATIONS GROUP CO. LTD",
    "China Communications Construction Company Dredging Group Co. Ltd.",
    "Shipbuilding China Holdings",
    "Ship Owner Trading",
]


@pytest.fixture(scope="module")
def index() -> NameIndex:
    entries = [
        Entry(id=f"t:{k}", list="t", kind=EntityKind.ORGANISATION, name=name) for k, name in enumerate(LISTED)
    ]
    return NameIndex(entries)


def found_names(index: NameIndex, query: str, config: MatchConfig | None = None) -> list[str]:
    form = normalise_name(query)
    unread = [tok not in index.postings and i not in form.minor for i, tok in enumerate(form.tokens)]
    found = typo_join_candidates(
        form.tokens, unread, index.postings, index.deletes, index.names.sides, config or index.config
    )
    return [index.names.texts[name_id] for _, name_id, _ in found]


@pytest.mark.parametrize(
    ("word", "pair"),
    [
        ("chiinashiphuilding", ("china", "shipbuilding")),  # a letter doubled, a key struck for its neighbour
        ("russiaanelectroonic", ("russian", "electronic")),  # a letter doubled in each word
        ("chimacommunication", ("china", "communication")),  # one key for another in a five-letter word
        ("chinashipbuildjing", ("china", "shipbuilding")),  # the first word intact, a letter added
    ],
)
def test_a_word_is_cut_where_two_listed_words_meet(
    index: NameIndex, word: str, pair: tuple[str, str]
) -> None:
    joins = typo_joins(word, index.postings, index.deletes, index.config)
    assert pair in joins
    assert index.config.similarity.min_token <= joins[pair] < 1.0
    assert unwritten(word), "no English text holds the run"


def test_two_words_written_together_without_a_typo_read_in_full(index: NameIndex) -> None:
    assert typo_joins("chinashipbuilding", index.postings, index.deletes, index.config)[
        ("china", "shipbuilding")
    ] == pytest.approx(1.0)


def test_a_word_english_text_holds_is_not_cut(index: NameIndex) -> None:
    # `shipowner` is `ship owner` written together, and an English word: the word, not a listed pair.
    assert ("ship", "owner") in typo_joins("shipowner", index.postings, index.deletes, index.config)
    assert found_names(index, "Shipowner Trading") == []
    assert found_names(index, "Shipownr Trading") == ["Ship Owner Trading"]


def test_a_piece_two_edits_from_every_listed_word_makes_no_pair(index: NameIndex) -> None:
    assert typo_joins("chxxnashipbuilding", index.postings, index.deletes, index.config) == {}


def test_the_names_found_hold_the_two_words_side_by_side_in_that_order(index: NameIndex) -> None:
    found = found_names(index, "CHIINASHIPHUILDING CORPORATION")
    assert found[0] == "CHINA SHIPBUILDING CORPORATION", "the name as long as the query first"
    # `China State Shipbuilding` holds both words apart, `Shipbuilding China` the other way round.
    assert not any("State" in name or name.startswith("Shipbuilding") for name in found)


def test_the_query_word_is_paired_with_the_two_listed_words(index: NameIndex) -> None:
    form = normalise_name("JSC RUSSIAANELECTROONICS")
    unread = [tok not in index.postings and i not in form.minor for i, tok in enumerate(form.tokens)]
    ((sim, name_id, pair),) = typo_join_candidates(
        form.tokens, unread, index.postings, index.deletes, index.names.sides, index.config
    )
    listed = index.names.sides[name_id].tokens
    assert [form.tokens[i] for i in pair.query] == ["russiaanelectroonic"]
    assert [listed[j] for j in pair.listed] == ["russian", "electronic"]
    assert pair.similarity == sim


def test_only_words_the_token_step_could_not_read_are_cut(index: NameIndex) -> None:
    form = normalise_name("CHIINASHIPHUILDING CORPORATION")
    found = typo_join_candidates(
        form.tokens,
        [False] * len(form.tokens),
        index.postings,
        index.deletes,
        index.names.sides,
        index.config,
    )
    assert found == []


def test_candidates_are_bounded(index: NameIndex) -> None:
    one = replace(index.config, retrieval=replace(index.config.retrieval, max_joined_candidates=1))
    assert len(found_names(index, "CHIMACOMMUNICATIONS GROUP", one)) == 1
    assert len(found_names(index, "CHIMACOMMUNICATIONS GROUP")) == 2
    # Words whose postings are past the bound are not read at all.
    unread = replace(index.config, retrieval=replace(index.config.retrieval, joined_typo_reads=1))
    assert found_names(index, "CHIMACOMMUNICATIONS GROUP", unread) == []


def test_a_pasted_blob_is_not_cut(index: NameIndex) -> None:
    blob = "chiinashiphuilding" * 500
    assert found_names(index, blob) == []


def test_a_name_listing_the_pair_twice_is_found_once_at_its_first_place() -> None:
    entries = [
        Entry(id=f"t:{k}", list="t", kind=EntityKind.ORGANISATION, name=name)
        for k, name in enumerate(
            ["China Shipbuilding China Shipbuilding Group", "CHINA SHIPBUILDING CORPORATION"]
        )
    ]
    repeated = NameIndex(entries)
    form = normalise_name("CHIINASHIPHUILDING GROUP")
    unread = [tok not in repeated.postings and i not in form.minor for i, tok in enumerate(form.tokens)]
    found = typo_join_candidates(
        form.tokens, unread, repeated.postings, repeated.deletes, repeated.names.sides, repeated.config
    )
    by_name = [repeated.names.entries[name_id] for _, name_id, _ in found]
    assert sorted(by_name) == [0, 1]
    assert all(pair.listed == (0, 1) for _, _, pair in found)
