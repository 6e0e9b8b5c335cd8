"""The evidence step (`matchers.evidence`): country and kind raise or lower a name score, never decide
alone, and the screener's explanation records what they did. Case tables; effects and signs are asserted,
never exact deltas, so that tuning the engine does not break them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import pytest

from matchers import Screener
from matchers.evidence import country_evidence, kind_evidence
from matchers.models import EntityKind, Entry, LoadedList, SourceInfo

# A name score that is neither weak nor certain: where evidence matters most.
MIDDLING = 0.85


class CountryCase(NamedTuple):
    query: str | None
    listed: tuple[str, ...]
    effect: str
    why: str


COUNTRIES = [
    CountryCase("CN", ("CN",), "agree", "the party's own country"),
    CountryCase("HK", ("CN", "HK"), "agree", "one of several listed countries"),
    CountryCase("FR", ("CN",), "conflict", "another country"),
    CountryCase("RU", ("BY", "KZ"), "conflict", "none of the listed countries"),
    CountryCase(None, ("CN",), "none", "the event gives no country"),
    CountryCase("CN", (), "none", "the list gives no country"),
]


@pytest.mark.parametrize("case", COUNTRIES, ids=[c.why for c in COUNTRIES])
def test_country_agrees_conflicts_or_says_nothing(case: CountryCase) -> None:
    adjustment = country_evidence(case.query, case.listed, MIDDLING)
    assert adjustment.detail == {"query": case.query, "listed": list(case.listed), "effect": case.effect}
    sign = {"agree": 1, "conflict": -1, "none": 0}[case.effect]
    assert (adjustment.delta > 0) - (adjustment.delta < 0) == sign


class KindCase(NamedTuple):
    query: EntityKind
    listed: EntityKind
    effect: str
    why: str


PERSON, ORG, VESSEL, AIRCRAFT, UNKNOWN = (
    EntityKind.PERSON,
    EntityKind.ORGANISATION,
    EntityKind.VESSEL,
    EntityKind.AIRCRAFT,
    EntityKind.UNKNOWN,
)
KINDS = [
    KindCase(PERSON, PERSON, "agree", "a person listed as a person"),
    KindCase(ORG, ORG, "agree", "an organisation listed as one"),
    KindCase(PERSON, ORG, "conflict", "a person is not a company"),
    KindCase(ORG, PERSON, "conflict", "a company is not a person"),
    KindCase(VESSEL, PERSON, "conflict", "a vessel is not a person"),
    KindCase(VESSEL, AIRCRAFT, "conflict", "a vessel is not an aircraft"),
    KindCase(VESSEL, ORG, "none", "lists disagree whether a vessel is its owner's asset"),
    KindCase(ORG, AIRCRAFT, "none", "an aircraft may be listed under its operator"),
    KindCase(UNKNOWN, PERSON, "none", "the event does not say"),
    KindCase(PERSON, UNKNOWN, "none", "the list does not say"),
]


@pytest.mark.parametrize("case", KINDS, ids=[c.why for c in KINDS])
def test_kind_agrees_conflicts_or_says_nothing(case: KindCase) -> None:
    adjustment = kind_evidence(case.query, case.listed, MIDDLING)
    assert adjustment.detail == {
        "query": case.query.value,
        "listed": case.listed.value,
        "effect": case.effect,
    }
    sign = {"agree": 1, "conflict": -1, "none": 0}[case.effect]
    assert (adjustment.delta > 0) - (adjustment.delta < 0) == sign


@pytest.mark.parametrize(
    "conflict",
    [
        lambda score: country_evidence("FR", ("CN",), score).delta,
        lambda score: kind_evidence(EntityKind.PERSON, EntityKind.ORGANISATION, score).delta,
    ],
    ids=["country", "kind"],
)
def test_conflict_fades_as_the_name_becomes_certain(conflict: Callable[[float], float]) -> None:
    """Lists record one country while a party trades from many: a near-certain name keeps its score."""
    penalties = [-conflict(score) for score in (0.70, 0.80, 0.85, 0.90, 0.95, 1.0)]
    assert penalties == sorted(penalties, reverse=True)
    assert penalties[0] > 0.0 and penalties[-1] == 0.0


def test_agreement_never_depends_on_the_name_score() -> None:
    assert {country_evidence("CN", ("CN",), s).delta for s in (0.7, 0.85, 1.0)} == {
        country_evidence("CN", ("CN",), 0.9).delta
    }


# Real listed names; kinds and countries as the lists give them.
ENTRIES = [
    Entry(id="t:iflytek", list="t", name="IFLYTEK", kind=EntityKind.ORGANISATION, countries=("CN",)),
    Entry(id="t:nenova", list="t", name="Mihaela Nenova", kind=EntityKind.PERSON, countries=("BG",)),
    Entry(
        id="t:rosoboronexport",
        list="t",
        name="Rosoboronexport OJSC (ROE)",
        kind=EntityKind.ORGANISATION,
        countries=("RU",),
    ),
    Entry(id="t:dahua", list="t", name="Zhejiang Dahua Technology Co., Ltd.", countries=("CN",)),
]


@pytest.fixture(scope="module")
def screener() -> Screener:
    source = SourceInfo(
        list="t", path="mem", format="test", entries=len(ENTRIES), aliases=0, content_hash="t"
    )
    return Screener([LoadedList(source=source, entries=tuple(ENTRIES))])


class Screened(NamedTuple):
    name: str
    country: str | None
    kind: str | None
    entry_id: str
    country_effect: str
    kind_effect: str


SCREENED = [
    Screened("IFLYTEK Co., Ltd.", "China", "organisation", "t:iflytek", "agree", "agree"),
    Screened("IFLYTEK Co., Ltd.", "United States", None, "t:iflytek", "conflict", "none"),
    Screened("Mihaela Nenova", "BG", "person", "t:nenova", "agree", "agree"),
    Screened("NENOVA, Mihaela", None, "organisation", "t:nenova", "none", "conflict"),
    Screened("Rosoboronexport", "Russian Federation", "entity", "t:rosoboronexport", "agree", "agree"),
    Screened("Dahua Technology", "Hong Kong", "organisation", "t:dahua", "conflict", "none"),
]


@pytest.mark.parametrize("case", SCREENED, ids=[f"{c.name} | {c.country} | {c.kind}" for c in SCREENED])
def test_explanation_records_the_evidence(screener: Screener, case: Screened) -> None:
    """The explanation's shape: the name score, each effect with both sides' values, and the final score
    equal to the name score moved by the effects (clamped to [0, 1])."""
    matches = screener.screen(case.name, country=case.country, kind=case.kind)
    match = next(m for m in matches if m.entry_id == case.entry_id)
    exp = match.explanation
    assert {
        "matched",
        "aligned",
        "unmatched_query",
        "unmatched_listed",
        "listed_coverage",
        "query_coverage",
        "name_score",
        "country",
        "kind",
        "score",
    } <= exp.keys()
    assert exp["country"]["effect"] == case.country_effect
    assert exp["kind"]["effect"] == case.kind_effect
    assert exp["country"]["listed"] == list(next(e for e in ENTRIES if e.id == case.entry_id).countries)
    name_score, score = exp["name_score"], exp["score"]
    effects = {exp["country"]["effect"], exp["kind"]["effect"]}
    if effects == {"none"}:
        assert score == pytest.approx(name_score, abs=1e-3)
    elif "conflict" not in effects:
        assert score >= name_score
    elif "agree" not in effects:
        assert score <= name_score
    assert match.score == pytest.approx(score, abs=1e-3)


def test_evidence_moves_the_same_name_both_ways(screener: Screener) -> None:
    def top(country: str | None, kind: str | None) -> float:
        return next(
            m.score for m in screener.screen("Zhejiang Dahua", country, kind) if m.entry_id == "t:dahua"
        )

    plain = top(None, None)
    assert top("CN", None) > plain > top("FR", None)
