"""`bench.ab`: chunks cover the queries once, ratios read base/this, and two sides really run interleaved."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.ab import chunks, run, summarise
from bench.devset import LISTS_DIR


def test_chunks_cover_every_query_once_in_order() -> None:
    spans = chunks(1001, 250)
    assert spans == [(0, 250), (250, 500), (500, 750), (750, 1000), (1000, 1001)]
    assert chunks(0, 250) == []


def test_ratios_are_base_over_this_so_above_one_means_this_side_is_faster() -> None:
    r = summarise(this=[1.0, 1.0, 2.0, 1.0], base=[1.2, 1.1, 2.6, 1.0])
    assert r["median_ratio"] == pytest.approx(1.15)
    assert r["total_ratio"] == pytest.approx(5.9 / 5.0)
    assert r["q1"] <= r["median_ratio"] <= r["q3"]


def test_a_checkout_against_itself_gives_identical_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One small list keeps the two sides' index builds short; the cache folder is this test's own.
    monkeypatch.setenv("HOLDLINE_CACHE_DIR", str(tmp_path / "cache"))
    here = Path(__file__).resolve().parents[2]
    r = run(here, names=40, chunk=10, passes=2, lists=LISTS_DIR / "un_2026-02")
    assert r.identical_results is True
    assert r.chunks == 8
    assert r.this_cpu_s > 0 and r.base_cpu_s > 0
