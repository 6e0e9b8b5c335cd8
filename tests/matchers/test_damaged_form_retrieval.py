"""A legal form typed with one edit into a word no list holds, at a name's start or end (decision 0215):
retrieval weighs it as the form it may be, so the name's other words are read and the listed party is
found (`CNOOC KTD`, `SJC KMP`, `KLLC VTB DC`). Before, the mistyped form weighed as a rare word of its
own: the heaviest word, read first, it found no name (or only names it resembles) and the party's own
words were never read. The scorer already read such a form as the form (decisions 0149, 0211); the
listed party only has to reach it. Real names of the shared lists; the pairs that must stay below show
that finding a name is not matching it: the scorer still decides."""

from __future__ import annotations

import pytest

from matchers import Screener
from tests.matchers.conftest import best_score_for

# (query, listed name expected at or above the threshold, what the query's form is typed for)
LIFTED = [
    ("CNOOC KTD", "CNOOC LIMITED", "`ktd` for `ltd`"),
    ("TsST, KOOO", "TsST Limited Liability Company", "`kooo` for `ooo`"),
    ("LPAO Saturn", "Public Joint Stock Company Saturn", "`lpao` for `pao`"),
    ("KLLC VTB DC", "LIMITED LIABILITY COMPANY VTB DC", "`kllc` for `llc`"),
    ("L1C VTB DC", "LIMITED LIABILITY COMPANY VTB DC", "`l1c` for `llc`, a misread digit"),
    ("SJC KMP", "AO KMP", "`sjc` for `jsc`"),
    ("SREC KLLC", "SREC LLC", "`kllc` for `llc`"),
]

# (query, kind, listed name that must stay below the threshold, why)
NOT_LIFTED = [
    ("KTD Saturn Holdings", None, "Public Joint Stock Company Saturn", "another name beside `Saturn`"),
    ("SJC Trading", None, "AO KMP", "nothing but the form-like word is shared"),
    ("KLLC, Ahmad", "person", "LIMITED LIABILITY COMPANY VTB DC", "a person named with the form-like word"),
    ("SAID, Kooo", "person", "TsST Limited Liability Company", "a person: the given name is no form"),
]


@pytest.mark.parametrize(("query", "listed", "typed_for"), LIFTED, ids=[c[0] for c in LIFTED])
def test_a_mistyped_form_at_either_end_lets_the_name_be_found(
    all_lists_screener: Screener, query: str, listed: str, typed_for: str
) -> None:
    found = {m.entry_id for m in all_lists_screener.screen(query, floor=0.0) if m.matched == listed}
    assert found, typed_for
    assert not found.isdisjoint(all_lists_screener.candidate_ids(query)), typed_for
    assert best_score_for(all_lists_screener, query, None, listed) >= all_lists_screener.threshold, typed_for


@pytest.mark.parametrize(("query", "kind", "listed", "why"), NOT_LIFTED, ids=[c[0] for c in NOT_LIFTED])
def test_a_form_like_word_beside_other_words_stays_below(
    all_lists_screener: Screener, query: str, kind: str | None, listed: str, why: str
) -> None:
    matches = all_lists_screener.screen(query, kind=kind, floor=0.0)
    best = max((m.score for m in matches if m.matched == listed), default=0.0)
    assert best < all_lists_screener.threshold, why
