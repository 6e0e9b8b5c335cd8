"""Multi-word legal forms rigour reads in the lists, broken by a typo or a split (decision 0211): repaired
to the form as the older phrases are (`normalise.repair_legal_phrases`), so the query reads the form the
listed name reads. Real listed names from the shared lists with the damage the dev set's error model put
on them; names whose words only resemble a form beside them, which must stay as written."""

from __future__ import annotations

import pytest

from matchers.normalise import normalise_name, repair_legal_phrases
from matchers.org_types import extract_org_types
from matchers.vocabulary import LEGAL_PHRASES

GENERIC_FORMS = frozenset({"ngo", "lp", "soe", "jsc", "llc"})

BROKEN = [
    ("RAHMA CHARI TABLE ORGANIZA TION", "RAHMA CHARITABLE ORGANIZATION", "two splits"),
    ("AL-AQSA CHARITABLE ORGANIZATNIO", "AL-AQSA CHARITABLE ORGANIZATION", "two letters swapped"),
    ("W & M Li miteed Partnership", "W & M Limited Partnership", "a split and a doubled letter"),
    ("W & M LimitedPa rtnersship", "W & M Limited Partnership", "the space moved and a letter doubled"),
    ("Stat te Enterprise Univer5al-Avia", "State Enterprise Universal-Avia", "a split with a letter doubled"),
    ("SSTATE ENTERPRISE MAGARACH", "State Enterprise Magarach", "a letter doubled"),
    (
        "FEDERAL STATR INSTITU TION MAJAGEMENT",
        "Federal State Institution Management",
        "a key struck and a split",
    ),
    ("STATE UINTARY ENTERPRISE OF CRIMEA", "STATE UNITARY ENTERPRISE OF CRIMEA", "two letters swapped"),
    ("AKTSIONERNSE TOVARYSTVO SBERBANK", "AKTSIONERNE TOVARYSTVO SBERBANK", "a letter added"),
    (
        "NONPROF1T ORGA NIIZATION VTB PENSION FUND",
        "NONPROFIT ORGANIZATION VTB PENSION FUND",
        "a digit and a split",
    ),
    (
        "NEKOMMERCHESKA YA ORGANIZATSIYSA VTB PENSIONNY FOND",
        "NEKOMMERCHESKAYA ORGANIZATSIYA VTB PENSIONNY FOND",
        "a split and a letter added",
    ),
]


@pytest.mark.parametrize(("query", "listed", "why"), BROKEN, ids=[q for q, _, _ in BROKEN])
def test_a_broken_form_reads_as_the_listed_form(query: str, listed: str, why: str) -> None:
    read, expected = normalise_name(query).tokens, normalise_name(listed).tokens
    # The listed name's form read on the query too, and no piece of the broken form left over as a word.
    forms = [t for t in expected if t in GENERIC_FORMS]
    assert forms, listed
    assert [t for t in read if t in GENERIC_FORMS] == forms, why
    assert len(read) == len(expected), why


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("real estate enterprise", "`estate` is a word of its own, not `state` with a letter added"),
        ("united states enterprise", "the form's first word follows a name word it is part of"),
        ("charitable organisms", "a real word for the form's second"),
        ("national associates", "a real word for the form's second"),
        ("private military compound", "a real word for the form's last"),
        ("limited compass", "a real word for the form's second"),
    ],
)
def test_words_like_a_form_stay_as_written(written: str, why: str) -> None:
    assert repair_legal_phrases(written.split()) == written.split(), why


@pytest.mark.parametrize("phrase", [" ".join(words) for words in LEGAL_PHRASES])
def test_every_phrase_is_a_form_rigour_reads_whole(phrase: str) -> None:
    # A repair to a phrase rigour did not read whole would leave the form's words as name words.
    assert [text for text, _ in extract_org_types(f"acme {phrase}")] == [phrase]
