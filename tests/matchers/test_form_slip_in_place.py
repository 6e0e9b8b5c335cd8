"""A query word one edit from a listed short legal form is read as that form only where the form stands
(decision 0233, round 16).

`PLM INMOBILIARIA C.A.` (OFAC SDN) is read `jsc inmobiliaria llc`: normalisation reads its first word
`PLM` as the form `PLC`. Faker's ordinary Spanish company `Inmobiliaria Pla S.L.N.E` paired its own word
`pla` with that form at one edit and scored 0.987 on one common word: the only distinctive words of both
names weighed as forms. The query's `pla` stands after the agreeing word, the listed form before it; a
form typed with one slip stands where the form stands; at the query's ends (`Rdiofizika IAO` / `OAO
Radiofizika`) forms are written at either end. Damaged forms in place still read (`LTCL.`,
`CMOPA NYLIMITED`, `Gmbh`, `L.T.D`, `Tl`). Listed names on all shared lists; the ordinary companies are
Faker's (`bench.false_positives`, tuning halves)."""

from __future__ import annotations

import pytest

from matchers import Screener
from tests.matchers.conftest import all_lists_screener_with, assert_lowered_by_rule, best_score_for


@pytest.fixture(scope="module")
def without_rule() -> Screener:
    """All shared lists with the rule's setting off: one edit from a short form read anywhere."""
    return all_lists_screener_with(short_form_slip_in_place=False)


# (ordinary company, the listed name it came near, its score with the rule off)
WORD_READ_AS_A_FORM = [
    ("Inmobiliaria Pla S.L.N.E", "PLM INMOBILIARIA C.A.", 0.95),
    ("Inmobiliaria Pla SL", "PLM INMOBILIARIA C.A.", 0.95),
]


@pytest.mark.parametrize(
    ("query", "listed", "before"), WORD_READ_AS_A_FORM, ids=[c[0] for c in WORD_READ_AS_A_FORM]
)
def test_a_word_across_the_agreeing_words_is_no_form(
    all_lists_screener: Screener, without_rule: Screener, query: str, listed: str, before: float
) -> None:
    assert_lowered_by_rule(all_lists_screener, without_rule, query, listed, before, below=0.75)


# (query, the listed name as written): forms damaged where they stand, and the listed name's own word.
STILL_HELD = [
    ("PLM Inmobiliaria", "PLM INMOBILIARIA C.A."),
    ("PLM INMOBILIARIA C.A.", "PLM INMOBILIARIA C.A."),
    ("EUROBET LTCL.", "EUROBET OOD"),
    ("YANGON AIRWAYS CMOPA NYLIMITED", "YANGON AIRWAYS COMPANY LIMITED"),
    ("Ascotec Holding Gmbh", "ASCOTEC HOLDING GMBH"),
    ("Ascotec Holding Gmhb", "ASCOTEC HOLDING GMBH"),
    ("CARIBBEAN SHOWPLACE L.T.D", "CARIBBEAN SHOWPLACE LTD"),
    ("Raybeam Optr0nics Co. Tl", "Raybeam Optronics Co. Ltd."),
    ("Transsphere Oy Ktd.", "Transsphere Oy"),
    ("Rdiofizika IAO", "OAO Radiofizika"),
    ("Army of thd Guardians of the IslamicRevolution", "Army of the Guardians of the Islamic Revolution"),
]


@pytest.mark.parametrize(("query", "listed"), STILL_HELD, ids=[c[0] for c in STILL_HELD])
def test_a_form_damaged_where_it_stands_still_reads(
    all_lists_screener: Screener, query: str, listed: str
) -> None:
    assert best_score_for(all_lists_screener, query, None, listed) >= all_lists_screener.threshold
