"""The cross-script tuning rows (`bench/translit_dev.py`) never hold what the pair set samples: rules tuned
on them are measured on the pair set as on names they were not fitted to."""

from __future__ import annotations

import pytest

from bench.pairs import WIKIDATA_SCRIPTS, wikidata_pairs
from bench.translit_dev import build, pair_set, tuning_rows


@pytest.mark.parametrize("script", WIKIDATA_SCRIPTS)
def test_wikidata_tuning_rows_share_no_latin_name_with_the_sampled_rows(script: str) -> None:
    sampled = {r[0] for r in wikidata_pairs(script) if r[2] >= 2}
    rows = tuning_rows(script)
    assert len(rows) >= 300
    assert not {latin for latin, _ in rows} & sampled


def test_google_tuning_rows_leave_out_every_name_the_pair_set_drew() -> None:
    drawn = {w.lower() for p in pair_set() if p.note == "ar2en" for w in p.a.split()}
    rows = tuning_rows("ar2en-test")
    assert drawn and len(rows) >= 300
    assert not {latin for latin, _ in rows} & drawn


def test_un_tuning_rows_are_the_originals_the_pair_set_left_out() -> None:
    used = {(p.a, p.b) for p in pair_set() if p.category == "list_script"}
    rows = tuning_rows("un-original")
    assert used and len(rows) >= 100
    assert not set(rows) & used


def test_the_set_is_half_negatives_and_reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bench.translit_dev.SCRIPTS", ("korean", "hebrew"))
    pairs = build(20, seed=7)
    assert sum(p.label for p in pairs) == sum(not p.label for p in pairs) == 40
    assert [(p.a, p.b) for p in pairs] == [(p.a, p.b) for p in build(20, seed=7)]
    assert all(p.a.isascii() or not p.b.isascii() for p in pairs)
