"""`holdline screen --jsonl` answers a repeated name from its per-run cache with the same bytes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def test_repeated_names_answer_byte_identical_lines_with_their_own_ids() -> None:
    lines = [
        {"id": 1, "name": "Zhejiang Dahua Technology Co., Ltd.", "country": "CN", "kind": "org"},
        {"id": "zwei", "name": "Zhejiang Dahua Technology Co., Ltd.", "country": "CN", "kind": "org"},
        {"id": ["é", 3], "name": "Zhejiang Dahua Technology Co., Ltd.", "country": "CN", "kind": "org"},
        {"id": 4, "name": "Zhejiang Dahua Technology Co., Ltd."},  # no hints: another answer
        {"id": 5, "name": "the"},
        {"id": 6, "name": "the"},
    ]
    proc = subprocess.run(
        [sys.executable, "-m", "streams.cli.main", "screen", "--jsonl"],
        input="".join(json.dumps(x) + "\n" for x in lines),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.splitlines()
    records = [json.loads(x) for x in out]
    assert [r["id"] for r in records] == [x["id"] for x in lines]
    # Every line is exactly what `json.dumps(record, ensure_ascii=False)` writes (the contract's bytes).
    assert out == [json.dumps(r, ensure_ascii=False) for r in records]
    first = {k: v for k, v in records[0].items() if k != "id"}
    assert first["hit"] is True
    assert all({k: v for k, v in r.items() if k != "id"} == first for r in records[1:3])
    assert "error" in records[4] and records[4]["error"] == records[5]["error"]


def test_in_process_main_returns_instead_of_ending_the_process(capsys: pytest.CaptureFixture[str]) -> None:
    # `holdline screen` ends its own process without the interpreter's teardown only when run as a
    # command (main() without arguments); called with arguments, main returns its exit code.
    from streams.cli.main import main

    assert main(["screen", "Hikvision"]) == 0
    assert "HIT" in capsys.readouterr().out


class _Loaded:
    """A stand-in screener that can be watched with a weak reference (the compiled one cannot)."""

    threshold = 0.82

    def screen(self, name: str, country: str | None = None, kind: str | None = None) -> list[object]:
        return []


def test_the_loaded_screener_lives_as_long_as_the_parsed_arguments(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # `holdline screen` ends its process from `main` without the interpreter's teardown; the screener must
    # still be referenced then (not freed object by object as `run` returns, decision 0548), and freed with
    # the arguments when `main` is called in-process.
    import argparse
    import gc
    import io
    import weakref

    from streams.cli import screen

    loaded = _Loaded()
    watch = weakref.ref(loaded)
    box = [loaded]  # handed over once: afterwards only what `run` keeps holds it
    monkeypatch.setattr(screen, "load_screener", lambda paths: (box.pop(), ""))
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"id": 1, "name": "Hikvision"}\n'))
    args = argparse.Namespace(jsonl=True, name=None, lists=None, quiet=True, threshold=None)
    del loaded
    assert screen.run(args) == 0
    assert json.loads(capsys.readouterr().out) == {"id": 1, "hit": False, "matches": []}
    gc.collect()
    assert watch() is not None
    del args
    gc.collect()
    assert watch() is None


_LOAD_ONCE = """
import gc, weakref
from matchers.gc_pause import YOUNG_THRESHOLD
from streams.cli.errors import load_screener

gc.disable()  # as `holdline` runs its command's parsing and load (decision 0535)
class Node:
    pass
cycle = Node()
cycle.self = cycle
watch = weakref.ref(cycle)
del cycle
screener, why = load_screener(None)
assert screener is not None, why
frozen = gc.get_freeze_count() > screener.entry_count
print(frozen, gc.get_threshold()[0] >= YOUNG_THRESHOLD, watch() is not None)
"""


def test_the_cli_freezes_its_lists_without_a_full_collection() -> None:
    # A `holdline screen` process loads its lists once: what is alive is frozen (young collections then
    # skip it), and the full collection that would walk every object of the lists first is not run — a
    # garbage cycle from before stays, frozen with the rest.
    proc = subprocess.run(
        [sys.executable, "-c", _LOAD_ONCE],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "HOLDLINE_CACHE_DIR": "off"},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "True", "True"]
