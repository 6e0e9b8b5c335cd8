"""A dotted legal form with one part missed, doubled or mistyped at a name's end (decision 0243,
`org_types.broken_form_initials`), and a letter of a two-letter form or abbreviation where it stands
(decision 0244, `leftover_rules`: `C., Ltd.` for `Co., Ltd.`). Real listed names from the shared lists,
damaged as the second recall set's library damaged them (`bench.recall_other`, tune seeds 1-4); letters
that are a person's initials, a name's own letters or a registration code's stay as they are."""

from __future__ import annotations

import pytest

from matchers import Screener
from matchers.normalise import normalise_name
from tests.matchers.conftest import all_lists_screener_with, best_score_for


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("PETROPARK S..L.", "PETROPARK S.R.L."),  # a part missed between the dots
        ("LACNO S.RR.O.", "LACNO S.R.O."),  # a part doubled
        ("GRUPO W 5.A.", "GRUPO W S.A."),  # a digit printed for a letter
        ("DISPERSORA GAEL, S.A. XE C.V.", "DISPERSORA GAEL, S.A. DE C.V."),  # a part mistyped
        ("W&G ARQUITECTOS, S.A. DE G.V.", "W&G ARQUITECTOS, S.A. DE C.V."),
        ("MASA FACIL, S.. DE C.V.", "MASA FACIL, S.A. DE C.V."),
        ("BASALTOS TONALA, S.A. 0E C.V.", "BASALTOS TONALA, S.A. DE C.V."),
        ("Huawei Technologies (Bolivia) S.R.LL.", "Huawei Technologies (Bolivia) S.R.L."),
        ("SENSETIME GROUP L TD", "SENSETIME GROUP LTD"),  # a form's word split
    ],
)
def test_a_broken_dotted_form_reads_as_the_form(query: str, listed: str) -> None:
    assert normalise_name(query).tokens == normalise_name(listed).tokens


@pytest.mark.parametrize(
    ("name", "letters", "why"),
    [
        ("ALENEZI, Mohammad H A F", ("h", "a", "f"), "a person's initials, spaced: no dots, no digit"),
        ("KHINE, Oo Oo", ("oo", "oo"), "a person's name"),
        ("B R C S.A.", ("b", "r", "c"), "the name's own letters beside an intact form"),
        ("E. S. Co.", ("e", "s"), "`co` is an abbreviation: no edit inside it"),
        ("LILIANA ESQUENAZI M. & CIA. S. C. S.", ("s", "c", "s"), "a form's letters as written: 0221's"),
        ("John S. L.", ("s", "l"), "two letters take a letter only where the dots show one missed"),
        ("SAAVEDRA Y CIA. S. EN C.", ("s", "en", "c"), "a form spelt right: `en` is no slip for `snc`"),
        ("COTRICOM S.WA.", ("s", "wa"), "three letters with one struck are any form (`spa`, not the `S.A.`)"),
    ],
)
def test_other_trailing_letters_stay_letters(name: str, letters: tuple[str, ...], why: str) -> None:
    tokens = normalise_name(name).tokens
    runs = {tokens[k : k + len(letters)] for k in range(len(tokens) - len(letters) + 1)}
    assert letters in runs, why


@pytest.fixture(scope="module")
def without_letter_rule() -> Screener:
    """All shared lists with decision 0244's setting off: a one-letter word left over is a word."""
    return all_lists_screener_with(form_letter_in_place=False)


# (query, the listed name as written): `Co` with a letter lost or misprinted, `AO` misprinted.
FORM_LETTER_LIFTED = [
    ("Cloudwalk Technology C., Ltd.", "Cloudwalk Technology Co., Ltd."),
    (
        "Beijing Skyrizon Aviation Industry Investment C0., Ltd.",
        "Beijing Skyrizon Aviation Industry Investment Co., Ltd.",
    ),
    ("Opturn o., Ltd.", "Opturn Co., Ltd."),
    ("Hangzhou Youer Biotechnology C0.,Ltd", "Hangzhou Youer Biotechnology Co., Ltd"),
    ("Tactical Missile Corporation, A0 GNPP “Region”", "Tactical Missile Corporation, AO GNPP “Region”"),
]


@pytest.mark.parametrize(("query", "listed"), FORM_LETTER_LIFTED, ids=[c[0] for c in FORM_LETTER_LIFTED])
def test_a_letter_of_a_short_form_where_it_stands_reads_as_the_form(
    all_lists_screener: Screener, without_letter_rule: Screener, query: str, listed: str
) -> None:
    assert best_score_for(without_letter_rule, query, None, listed) < without_letter_rule.threshold
    assert best_score_for(all_lists_screener, query, None, listed) >= all_lists_screener.threshold


# (query, a listed name it must not reach): a registration code's letters are no name's words (`ep` is
# also a legal form); a letter across the agreeing words is the query's own.
NOT_LIFTED = [
    ("P- MHA", "EP-MHA"),
    ("C Cloudwalk Technology Ltd.", "Cloudwalk Technology Co., Ltd."),
    ("Saavedra A.C.", "SAAVEDRA Y CIA. S. EN C."),  # Faker's ordinary company (tuning half of seed 22)
]


@pytest.mark.parametrize(("query", "listed"), NOT_LIFTED, ids=[c[0] for c in NOT_LIFTED])
def test_a_letter_elsewhere_is_not_the_form(all_lists_screener: Screener, query: str, listed: str) -> None:
    assert best_score_for(all_lists_screener, query, None, listed) < all_lists_screener.threshold
