"""The weighing step (`matchers.weights`, and the weights a name's tokens get in `Side.build`): how much
identity each word carries, learned from the Entity List's statistics, as case tables of real names.

Rows assert orderings and sides (a brand outweighs a generic word; a legal form weighs less than any word;
a person's leading name part is never discounted as a place), never exact weights, so that tuning the
engine does not break them. To add a case, add a row to the table it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import pytest

from matchers import DEFAULT_THRESHOLD
from matchers.index import NameIndex
from matchers.models import EntityKind, Entry
from matchers.normalise import normalise_name
from matchers.scoring import NameScore, Side
from matchers.weights import GenericStats, TokenStats, language_weight

ScorePair = Callable[..., NameScore]


class Rarer(NamedTuple):
    rare: str
    common: str
    why: str


RARER_IN_THE_LISTS = [
    Rarer("hikvision", "technology", "a brand vs a word most Chinese listings carry"),
    Rarer("flowmeter", "equipment", "a product word vs a catalogue word"),
    Rarer("dragonfly", "supply", "a coined company name vs an industry word"),
    Rarer("romashka", "trading", "a Russian company name vs a generic trade word"),
    Rarer("darassa", "ali", "a rare surname vs a common given name"),
    Rarer("tabatabaei", "mohammad", "a rare surname vs a common given name"),
]


@pytest.mark.parametrize(
    "case", RARER_IN_THE_LISTS, ids=[f"{c.rare} > {c.common}" for c in RARER_IN_THE_LISTS]
)
def test_rare_tokens_outweigh_common_ones(entity_list_stats: TokenStats, case: Rarer) -> None:
    rare, common = entity_list_stats.weight(case.rare), entity_list_stats.weight(case.common)
    assert rare >= 1.5 * common, (case.why, rare, common)


EVERYDAY_VS_COINED = [
    Rarer("megvii", "global", "a coined name vs an everyday English word"),
    Rarer("sevenstar", "star", "written together, a name; apart, a word"),
    Rarer("iflytek", "time", "nobody writes iflytek in English"),
    Rarer("ascotec", "mineral", "a brand vs a dictionary word"),
]


@pytest.mark.parametrize(
    "case", EVERYDAY_VS_COINED, ids=[f"{c.rare} > {c.common}" for c in EVERYDAY_VS_COINED]
)
def test_everyday_english_weighs_less_than_a_coined_word(case: Rarer) -> None:
    """Rarity in ordinary language counts as well as rarity in the lists (wordfreq), also without a list."""
    assert language_weight(case.rare) > language_weight(case.common), case.why
    generic = GenericStats()
    assert generic.weight(case.rare) > generic.weight(case.common), case.why


class Light(NamedTuple):
    name: str
    light: tuple[str, ...]
    heavy: str
    why: str


LIGHT_WORDS = [
    Light("Rosoboronexport OJSC", ("jsc",), "rosoboronexport", "a Russian legal form"),
    Light("OOO Romashka", ("llc",), "romashka", "a transliterated legal form leading the name"),
    Light(
        "ASCOTEC MINERAL AND MACHINERY GMBH", ("and", "llc"), "ascotec", "a German form and a function word"
    ),
    Light(
        "Hangzhou Hikvision Digital Technology Co., Ltd.",
        ("technology", "company", "llc"),
        "hikvision",
        "a generic industry word beside the legal form",
    ),
    Light(
        "Shenzhen Dragonfly Supply Chain Co., Ltd.",
        ("company", "llc"),
        "dragonfly",
        "Co., Ltd. read as one form",
    ),
    Light(
        "Moscow Institute of Physics and Technology",
        ("institute", "of", "and", "technology"),
        "physic",
        "generic words of an institute's name",
    ),
    Light("Sense Time Group Limited", ("group", "llc"), "sense", "a group's legal suffix"),
]


@pytest.mark.parametrize("case", LIGHT_WORDS, ids=[c.name for c in LIGHT_WORDS])
def test_legal_forms_and_generic_words_weigh_little(entity_list_stats: TokenStats, case: Light) -> None:
    side = Side.build(normalise_name(case.name), entity_list_stats)
    weight = dict(zip(side.tokens, side.weights, strict=True))
    assert set(case.light) | {case.heavy} <= weight.keys(), side.tokens
    assert all(weight[t] <= weight[case.heavy] / 2 for t in case.light), (case.why, weight)


@pytest.mark.parametrize("case", LIGHT_WORDS, ids=[c.name for c in LIGHT_WORDS])
def test_a_legal_form_weighs_less_than_any_word(entity_list_stats: TokenStats, case: Light) -> None:
    side = Side.build(normalise_name(case.name), entity_list_stats)
    minor = [w for w, m in zip(side.weights, side.minor, strict=True) if m]
    words = [w for w, m in zip(side.weights, side.minor, strict=True) if not m]
    assert minor and words
    assert max(minor) < min(words), list(zip(side.tokens, side.weights, strict=True))


def test_rarity_counts_parties_not_names() -> None:
    """An entry's aliases repeating its own distinctive word do not make that word look common; a word
    several parties share does."""
    org = EntityKind.ORGANISATION
    entries = [
        Entry(
            id="t:1",
            list="t",
            name="Hikvision",
            kind=org,
            aliases=(
                "Hangzhou Hikvision Digital Technology Co., Ltd.",
                "Hikvision Digital",
                "HIKVISION CO LTD",
            ),
        ),
        Entry(id="t:2", list="t", name="Megvii Technology", kind=org),
        Entry(id="t:3", list="t", name="Yitu Technologies", kind=org),
        Entry(id="t:4", list="t", name="Dahua Technology", kind=org),
        Entry(id="t:5", list="t", name="IFLYTEK", kind=org),
    ]
    stats = NameIndex(entries).stats
    assert stats.list_weight("hikvision") == stats.list_weight("megvii")
    assert stats.list_weight("technology") < stats.list_weight("hikvision")


class Places(NamedTuple):
    name: str
    places: tuple[str, ...]
    not_places: tuple[str, ...]


PLACE_NAMES = [
    Places("Zhejiang Dahua Technology Co., Ltd.", ("zhejiang",), ("dahua", "technology")),
    Places("Hangzhou Hikvision Digital Technology Co., Ltd.", ("hangzhou",), ("hikvision", "digital")),
    Places("Beijing Sevenstar Flowmeter Co., Ltd.", ("beijing",), ("sevenstar", "flowmeter")),
    Places("Moscow Institute of Physics and Technology", ("moscow",), ("institute", "physic")),
    Places("Shenzhen Dragonfly Supply Chain Co., Ltd.", ("shenzhen",), ("dragonfly", "supply", "chain")),
    # A place of two words, one of them no place alone (`san`), is read as one.
    Places("San Antonio Smile Property and Travel Ltd.", ("san", "antonio"), ("smile", "property")),
    Places("Baja California Mynet.net Corp", ("baja", "california"), ("mynet",)),
    # Everyday words are not taken for places, even where a town bears the name.
    Places("Joint Stock Company STAR", (), ("star",)),
    Places("Global Holdings Inc", (), ("global", "holding")),
]


@pytest.mark.parametrize("case", PLACE_NAMES, ids=[c.name for c in PLACE_NAMES])
def test_places_are_known(entity_list_stats: TokenStats, case: Places) -> None:
    side = Side.build(normalise_name(case.name), entity_list_stats)
    tagged = {t for t, place in zip(side.tokens, side.places, strict=True) if place}
    assert set(case.places) <= tagged and not tagged & set(case.not_places), tagged


class LeadingName(NamedTuple):
    query: str
    listed: str
    leading: str


# UN-listed people whose first name part is also a place name in the lists' statistics (`Ali`, `Kang`).
PEOPLE_LED_BY_A_PLACE = [
    LeadingName("Darassa", "ALI DARASSA", "ali"),
    LeadingName("Kony", "ALI KONY", "ali"),
    LeadingName("Ryong", "KANG RYONG", "kang"),
]


@pytest.mark.parametrize(
    "case", PEOPLE_LED_BY_A_PLACE, ids=[f"{c.query} | {c.listed}" for c in PEOPLE_LED_BY_A_PLACE]
)
def test_place_discount_never_makes_a_persons_name_weightless(
    entity_list_stats: TokenStats, score_pair: ScorePair, case: LeadingName
) -> None:
    """A leading place may be added to or dropped from an organisation's name; a person's leading name part
    is a name, and missing it leaves a name part unexplained."""
    assert entity_list_stats.is_place(case.leading)
    as_person = score_pair(case.query, case.listed, "person")
    assert as_person.score < DEFAULT_THRESHOLD, as_person.explain()
    assert case.leading in as_person.explain()["unmatched_listed"]
    # The same shape read as an organisation's name is discounted: the rule, not the data, decides.
    as_organisation = score_pair(case.query, case.listed, "organisation")
    assert as_organisation.score > as_person.score
