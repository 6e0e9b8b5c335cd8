"""A legal form's initials typed with spaces and no dots at a name's end (`S A DE C V`, `S DE R L DE C V`,
`S A`) read as the form its dotted initials are (decision 0221, `org_types.spaced_form_initials`). Real
listed names from the shared lists, written as the dev set's case-and-punctuation and combined variants
wrote them; initials that are no form, and letters joined by hyphens, stay letters."""

from __future__ import annotations

import pytest

from matchers import DEFAULT_THRESHOLD
from matchers.normalise import normalise_name
from matchers.org_types import spaced_form_initials
from tests.matchers.conftest import ScorePair


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("AMERICAN TUNE UP S A DE C V", "AMERICAN TUNE UP, S.A. DE C.V."),
        ("petrobarrancos s a de c v", "PETROBARRANCOS, S.A. DE C.V."),
        ("Constructora Joel S A De C V", "CONSTRUCTORA JOEL, S.A. DE C.V."),
        (
            "Circulo Representaciones Internacionales S De R L De C V",
            "CIRCULO REPRESENTACIONES INTERNACIONALES, S. DE R.L. DE C.V.",
        ),
        ("NUTRISHOP S A", "NUTRISHOP, S.A."),
        ("GBS TRADING S A", "GBS TRADING S.A."),
        ("MACHINE SAZI ARAK COMPANY P J S C", "MACHINE SAZI ARAK COMPANY P.J.S.C."),
    ],
)
def test_spaced_initials_read_as_the_dotted_form(query: str, listed: str) -> None:
    assert normalise_name(query).tokens == normalise_name(listed).tokens


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        # Combined with a typo or a join: the spaced form no longer weighs as five words the listed lacks.
        ("lorwna del mar s a de c v", "LORENA DEL MAR, S.A. DE C.V."),
        ("grupo emopresarial epta s a de c v", "GRUPO EMPRESARIAL EPTA, S.A. DE C.V."),
        ("WORLDLINE SYSTEM S A", "WORLD LINE SYSTEM S.A."),
        ("COPA DE PLATA S A DE C V", "COPA DE PLATA S.A. DE C.V."),
    ],
)
def test_a_spaced_form_beside_other_damage_matches(score_pair: ScorePair, query: str, listed: str) -> None:
    assert score_pair(query, listed).score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("words", "why"),
    [
        (["abc", "m", "y", "m"], "`mym` is no legal form"),
        (["x", "sp", "z", "o", "o"], "`zoo` alone is no form: the letters stay as written"),
        (["kim", "jong", "u"], "one letter is an initial"),
        (["s", "a"], "no name before the letters"),
    ],
)
def test_other_trailing_letters_stay_letters(words: list[str], why: str) -> None:
    assert spaced_form_initials(words) == words, why


@pytest.mark.parametrize(
    ("name", "letters"),
    [
        ("OOO “A-K-S”", ("a", "k", "s")),
        ("LLC A-K-S", ("a", "k", "s")),
        ("LILIANA ESQUENAZI M. & CIA. S. C. S.", ("s", "c", "s")),
    ],
)
def test_letters_joined_by_hyphens_or_dots_are_not_spaced_initials(
    name: str, letters: tuple[str, ...]
) -> None:
    # A name written with hyphens between its letters (`A-K-S`, listed as an LLC's name) is no form.
    assert normalise_name(name).tokens[-3:] == letters


def test_a_spaced_form_does_not_lift_another_name(score_pair: ScorePair) -> None:
    # The form agrees; the names do not.
    assert score_pair("PETROBARRANCOS S A DE C V", "GRUPO EGMONT, S.A. DE C.V.").score < 0.5
