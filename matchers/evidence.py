"""Country and kind as evidence: agreement raises confidence, conflict lowers it.

A conflict never hides a strong match on a distinctive name: the penalty shrinks to nothing as the
name score approaches certainty, because lists record one country while a party trades from many.
"""

from __future__ import annotations

from typing import Any, Final, final

from matchers.config import DEFAULT_CONFIG, EvidenceConfig
from matchers.models import EntityKind

_DEFAULT = DEFAULT_CONFIG.evidence


@final
class Adjustment:
    """What the evidence adds to a name score (`delta`) and why (`detail`, the explanation's part). A plain
    class: a named tuple is built through a Python-level `__new__` even from compiled code."""

    __slots__ = ("delta", "detail")

    def __init__(self, delta: float, detail: dict[str, Any]) -> None:
        self.delta = delta
        self.detail = detail

    def __repr__(self) -> str:
        return f"Adjustment(delta={self.delta!r}, detail={self.detail!r})"


def _penalty(full: float, name_score: float, config: EvidenceConfig) -> float:
    strong, weak = config.strong_name, config.weak_name
    if name_score >= strong:
        return 0.0
    if name_score <= weak:
        return full
    return full * (strong - name_score) / (strong - weak)


def country_evidence(
    query: str | None, listed: tuple[str, ...], name_score: float, config: EvidenceConfig = _DEFAULT
) -> Adjustment:
    if not query or not listed:
        return Adjustment(0.0, {"query": query, "listed": list(listed), "effect": "none"})
    if query in listed:
        return Adjustment(config.country_bonus, {"query": query, "listed": list(listed), "effect": "agree"})
    delta = -_penalty(config.country_penalty, name_score, config)
    return Adjustment(delta, {"query": query, "listed": list(listed), "effect": "conflict"})


# (Read once: an enum member read from its class, and its `.value`, are Python-level lookups. The kinds
# are `str`s, compared and turned into text as such.)
_UNKNOWN: Final = EntityKind.UNKNOWN
_ORGANISATION: Final = EntityKind.ORGANISATION
_PERSON: Final = EntityKind.PERSON
_CRAFT: Final = frozenset({EntityKind.VESSEL, EntityKind.AIRCRAFT})
_NON_PERSON: Final = frozenset({EntityKind.ORGANISATION, EntityKind.VESSEL, EntityKind.AIRCRAFT})


def _compatible(a: EntityKind, b: EntityKind) -> bool | None:
    if a == _UNKNOWN or b == _UNKNOWN:
        return None
    if a == b:
        return True
    # Lists disagree on whether a vessel or aircraft is an organisation's asset or a party of its own.
    if a in _NON_PERSON and b in _NON_PERSON and (a == _ORGANISATION or b == _ORGANISATION):
        return None
    return False


def _form_penalty(name_score: float, partial_person: bool, config: EvidenceConfig) -> float:
    """The conflict a query written with a legal form meets against a listed person. Faded as any conflict
    when the company may be named for the whole person (`Gilbert Joseph Ltd`; `Cicilia s.r.l.` /
    `TSITSILA`, one word one slip away); in full, and larger, when it is not (`partial_person`): a company
    named for a surname alone (`Phillips LLC` / `RICHARD PHILLIPS`, decision 0251) is not the person, and
    the surname alone scores high only because a bare surname must still find its person; a Chinese
    company's trade name read by sound (`天益科技有限公司` / `Tian Yi`, decision 0252) makes some person's
    name by coincidence."""
    if partial_person:
        return config.form_person_partial_penalty
    return _penalty(config.kind_penalty, name_score, config)


def kind_evidence(
    query: EntityKind,
    listed: EntityKind,
    name_score: float,
    config: EvidenceConfig = _DEFAULT,
    legal_form: int = 0,
    listed_person_shape: bool = False,
    partial_person: bool = False,
) -> Adjustment:
    """`legal_form`: the query, of no stated kind, is written with a legal form (`Gilbert S.A.`, `ООО
    «Брагин»`), and has that many words besides its legal forms (0: no form): a company, which a listed
    person is not. It counts against a person only, never for an organisation: most names with a form are
    matched against organisations, and a bonus there would lift every ordinary company near the threshold
    (decision 0223). Nor is a vessel or an aircraft named with a legal form (`Neptune Insurance Holdings
    Inc.` / the tanker `NEPTUNE`, decision 0224), though a company stated as such may be a listed vessel's
    owner (`_compatible`): there with two words besides the form, since a craft's one-word name or code
    mistyped makes a form of its own (`YK-AKC` as `YK-AC`, `YK` Japan's limited company; `GAS` as `AGS`).

    `listed_person_shape`: the listed name, of no stated kind, reads as a person's (`Belov, Alexander`,
    `Nikolai Bragin`: `person_shapes.PersonWords`, decision 0229); with a legal form on the query it meets
    the conflict a listed person meets. Most of the lists' persons of no kind are on the Entity List and the
    debarred lists, which state no kind at all.

    `partial_person`: the query is no company named for the whole listed person (a word of the person's
    name left unmatched, decision 0251; a name in Chinese characters, read by sound, decision 0252; the
    particle of a person named by one word and a particle, `EL BLANCO`, decision 0265): the legal form's
    conflict against a person is then `form_person_partial_penalty`, not faded (`_form_penalty`). Against
    a listed vessel or aircraft it says the craft's name is one word and the query that word and a form
    (`Viana - EI` / `VIANA`, decision 0266): the same conflict in full, with one word besides the form."""
    if (
        listed_person_shape
        and legal_form
        and query == _UNKNOWN
        and listed == _UNKNOWN
        and config.legal_form_person_shape
    ):
        return Adjustment(
            -_form_penalty(name_score, partial_person, config),
            {
                "query": str(query),
                "listed": str(listed),
                "effect": "conflict",
                "by": "legal_form",
                "listed_reads_as": "person",
            },
        )
    if (
        legal_form
        and query == _UNKNOWN
        and (
            listed == _PERSON
            or (config.legal_form_vessel and listed in _CRAFT and (legal_form >= 2 or partial_person))
        )
    ):
        # (Against a craft, in full for one word besides the form only: 0224's faded conflict otherwise.)
        full = partial_person and (listed == _PERSON or legal_form == 1)
        return Adjustment(
            -_form_penalty(name_score, full, config),
            {"query": str(query), "listed": str(listed), "effect": "conflict", "by": "legal_form"},
        )
    verdict = _compatible(query, listed)
    # (`str()` of a kind is its value, as a plain `str`.)
    if verdict is None:
        return Adjustment(0.0, {"query": str(query), "listed": str(listed), "effect": "none"})
    if verdict:
        return Adjustment(config.kind_bonus, {"query": str(query), "listed": str(listed), "effect": "agree"})
    return Adjustment(
        -_penalty(config.kind_penalty, name_score, config),
        {"query": str(query), "listed": str(listed), "effect": "conflict"},
    )
