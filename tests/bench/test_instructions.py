"""`bench.instructions`' cache simulation: event totals read from a callgrind file and the cycle estimate."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.instructions import CYCLE_WEIGHTS, cycle_estimate, events

CALLGRIND = """# callgrind format
version: 1
creator: callgrind-3.19.0
events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw Bc Bcm Bi Bim
summary: 0 0 0 0 0 0 0 0 0 0 0 0 0
fl=(1) a.c
fn=(1) f
0 5 1
totals: 1000 300 200 10 20 5 1 2 3 400 30 50 7
"""


def test_events_reads_every_total_from_the_instrumented_row(tmp_path: Path) -> None:
    out = tmp_path / "x.callgrind"
    out.write_text(CALLGRIND)
    counts = events(out)
    assert counts["Ir"] == 1000
    assert counts["Bim"] == 7
    assert counts["DLmw"] == 3


def test_cycle_estimate_weighs_misses_and_mispredicted_branches() -> None:
    counts = {
        "Ir": 1000,
        "I1mr": 10,
        "D1mr": 20,
        "D1mw": 5,
        "ILmr": 1,
        "DLmr": 2,
        "DLmw": 3,
        "Bcm": 30,
        "Bim": 7,
    }
    expected = 1000 + 10 * (10 + 20 + 5) + 100 * (1 + 2 + 3) + 15 * (30 + 7)
    assert CYCLE_WEIGHTS["D1mr"] == 10 and CYCLE_WEIGHTS["DLmr"] == 100 and CYCLE_WEIGHTS["Bim"] == 15
    assert cycle_estimate(counts) == expected


def test_a_file_without_totals_is_an_error(tmp_path: Path) -> None:
    out = tmp_path / "x.callgrind"
    out.write_text("events: Ir\n")
    with pytest.raises(RuntimeError, match="no event totals"):
        events(out)
