"""An ordinary company over a listed party of one name word (round 20, `acc20fp`).

Three shapes that put an ordinary company over the threshold because nothing in the name told it from
the listed party:

- 0264: a particle that ends a name is a name word (`Simon Du`: `Du` a surname). Read as a particle it
  weighed almost nothing, so a company of the first word alone covered the whole listed name.
- 0265: a company with a legal form against a listed person named by one word and a particle (`EL
  MORENO`): the particle is left, so the company is named for part of the person's name (0251's conflict
  in full).
- 0266: a company of one word and a legal form against a listed vessel or aircraft of that one word: no
  craft is named with a form (0224), and the conflict is in full, not faded.

Each rule is switched off by its setting to show that it, nothing else, moves the pair. The listed names
are made up, of the shapes the lists hold; weights come from this small list, so the tables assert which
side of the threshold a pair falls, not scores.
"""

from __future__ import annotations

import dataclasses

import pytest

from matchers import Screener
from matchers.config import DEFAULT_CONFIG
from matchers.evidence import kind_evidence
from matchers.models import EntityKind, Entry, LoadedList, SourceInfo
from matchers.normalise import normalise_name
from matchers.sides import Side
from matchers.weights import TokenStats
from tests.matchers.conftest import assert_left_alone, assert_lowered_by_rule

PERSON, VESSEL, AIRCRAFT, ORG = (
    EntityKind.PERSON,
    EntityKind.VESSEL,
    EntityKind.AIRCRAFT,
    EntityKind.ORGANISATION,
)

# (name, kind): persons named with particles, one-word craft, and companies around them.
LISTED = [
    ("Marcel Du", PERSON),
    ("Anton Le", PERSON),
    ("Maria da Costa Pereira", PERSON),
    ("EL MORENO", PERSON),
    ("LA PALOMA", PERSON),
    ("BRAVO", PERSON),
    ("Rafael Moreno Garcia", PERSON),
    ("AURORA", VESSEL),
    ("POLARIS", VESSEL),
    ("NORTHERN STAR", VESSEL),
    ("NORDAS", VESSEL),
    ("SAMIRA", VESSEL),
    ("YK-AKC", AIRCRAFT),
    ("Aurora Shipping Trading LLC", ORG),
    ("Polar Bear Holdings Limited", ORG),
    ("Costa Verde Trading Co., Ltd.", ORG),
    ("Moreno Industrial Supplies S.A.", ORG),
]


def _screener(**evidence: bool | float) -> Screener:
    entries = tuple(
        Entry(id=f"t:{k}", list="t", name=name, kind=kind) for k, (name, kind) in enumerate(LISTED)
    )
    source = SourceInfo(
        list="t", path="mem", format="test", entries=len(entries), aliases=0, content_hash="t"
    )
    scoring = {k: v for k, v in evidence.items() if k == "particle_ends_name"}
    rest = {k: v for k, v in evidence.items() if k != "particle_ends_name"}
    config = dataclasses.replace(
        DEFAULT_CONFIG,
        scoring=dataclasses.replace(DEFAULT_CONFIG.scoring, **scoring),
        evidence=dataclasses.replace(DEFAULT_CONFIG.evidence, **rest),
    )
    return Screener([LoadedList(source=source, entries=entries)], config=config)


@pytest.fixture(scope="module")
def with_rules() -> Screener:
    return _screener()


@pytest.fixture(scope="module")
def without_rules() -> Screener:
    return _screener(particle_ends_name=False, form_person_particle=False, form_craft_one_word=False)


# (ordinary name, the listed name it came near, the shape)
LOWERED = [
    ("Marcel", "Marcel Du", "0264: a particle ending the name is the surname"),
    ("Anton", "Anton Le", "0264: the same with `Le`"),
    ("Moreno S.A.", "EL MORENO", "0265: a company of the word, the person's particle left"),
    ("Paloma Ltd", "LA PALOMA", "0265: the same with `La`"),
    ("Aurora GmbH", "AURORA", "0266: a company of a one-word vessel's word"),
    ("Polaris Company Limited", "POLARIS", "0266: forms of two words"),
]


@pytest.mark.parametrize(("query", "listed", "shape"), LOWERED, ids=[c[0] for c in LOWERED])
def test_an_ordinary_company_is_kept_under_a_one_word_party(
    with_rules: Screener, without_rules: Screener, query: str, listed: str, shape: str
) -> None:
    assert_lowered_by_rule(with_rules, without_rules, query, listed, before=with_rules.threshold, below=0.80)


# (query, the listed name, why): still held, at the score it had without the rules.
LEFT_ALONE = [
    ("Moreno", "EL MORENO", "a bare name still finds its person: no form, no conflict"),
    ("El Moreno S.A.", "EL MORENO", "the particle written: the company named for the whole name"),
    ("Bravo S.A.", "BRAVO", "a person of one word and no particle: nothing left"),
    ("Aurora", "AURORA", "the vessel's name without a form"),
    ("Northern Star Ltd", "NORTHERN STAR", "a vessel of two words: 0224's faded conflict"),
    ("Polaris - EI", "POLARIS", "a sole trader's form is a person's business: no company form"),
    ("NORD AS", "NORDAS", "a one-word vessel split into a piece and a form: the form is aligned"),
    ("SA MIRA", "SAMIRA", "the same with the form first"),
    ("YK-AC", "YK-AKC", "a registration mistyped into a form: the listed code is two words"),
]


@pytest.mark.parametrize(("query", "listed", "why"), LEFT_ALONE, ids=[c[0] for c in LEFT_ALONE])
def test_pairs_the_rules_leave_alone(
    with_rules: Screener, without_rules: Screener, query: str, listed: str, why: str
) -> None:
    assert_left_alone(with_rules, without_rules, query, listed, why)


# (query, the listed name): held with the rules; particles before a name stay particles.
STILL_HELD = [
    ("Marcel Du", "Marcel Du"),
    ("DU, Marcel", "Marcel Du"),
    ("Du Marcel", "Marcel Du"),
    ("Anton Le", "Anton Le"),
    ("Maria Costa Pereira", "Maria da Costa Pereira"),
    ("Maria da Costa Pereira", "Maria da Costa Pereira"),
]


@pytest.mark.parametrize(("query", "listed"), STILL_HELD, ids=[c[0] for c in STILL_HELD])
def test_listed_persons_with_particles_are_still_found(with_rules: Screener, query: str, listed: str) -> None:
    assert any(m.matched == listed and m.score >= with_rules.threshold for m in with_rules.screen(query))


def test_a_stated_organisation_meets_no_craft_conflict(with_rules: Screener) -> None:
    """Lists disagree whether a vessel is its owner's asset: a company stated as such is not lowered."""
    matches = with_rules.screen("Aurora GmbH", kind="organisation")
    assert any(m.matched == "AURORA" and m.score >= with_rules.threshold for m in matches)


@pytest.mark.parametrize(
    ("name", "minor", "before"),
    [
        ("Simon Du", (False, False), (False, True)),
        ("Minh Le", (False, False), (False, True)),
        ("Maria da Silva", (False, True, False), (False, True, False)),
        ("Van Dyke", (True, False), (True, False)),
        ("EL BLANCO", (True, False), (True, False)),
        ("Bank of the", (False, True, True), (False, True, True)),
    ],
)
def test_a_particle_ending_a_name_is_a_name_word(
    entity_list_stats: TokenStats, name: str, minor: tuple[bool, ...], before: tuple[bool, ...]
) -> None:
    assert Side.build(normalise_name(name), entity_list_stats).minor == minor
    off = dataclasses.replace(
        DEFAULT_CONFIG, scoring=dataclasses.replace(DEFAULT_CONFIG.scoring, particle_ends_name=False)
    )
    assert Side.build(normalise_name(name), entity_list_stats, off).minor == before


def test_the_craft_conflict_is_in_full_for_one_word_only() -> None:
    unknown = EntityKind.UNKNOWN
    full = DEFAULT_CONFIG.evidence.form_person_partial_penalty
    for craft in (VESSEL, AIRCRAFT):
        # One word besides the form, the craft's name that word: in full, whatever the name score.
        assert kind_evidence(unknown, craft, 0.99, legal_form=1, partial_person=True).delta == -full
        # Without it, 0224: nothing for one word, faded for two.
        assert kind_evidence(unknown, craft, 0.99, legal_form=1).delta == 0.0
        assert kind_evidence(unknown, craft, 0.99, legal_form=2, partial_person=True).delta == 0.0
        assert kind_evidence(unknown, craft, 0.85, legal_form=2).delta < 0.0
    # A company stated as such: no conflict against a craft.
    assert kind_evidence(ORG, VESSEL, 0.99, legal_form=1, partial_person=True).delta == 0.0
