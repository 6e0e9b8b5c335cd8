"""`bench.startup`'s measured processes run as an installed command does: their bytecode written once."""

from __future__ import annotations

import pytest

from bench.startup import ENV_NO_BYTECODE, process_env


def test_measured_processes_write_bytecode_unless_told_to_keep_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_NO_BYTECODE, "1")
    monkeypatch.setenv("HOLDLINE_SOMETHING", "kept")
    written = process_env(HOLDLINE_CACHE_DIR="/tmp/x")
    assert ENV_NO_BYTECODE not in written
    assert written["HOLDLINE_CACHE_DIR"] == "/tmp/x" and written["HOLDLINE_SOMETHING"] == "kept"
    kept = process_env(bytecode=False, HOLDLINE_CACHE_DIR="/tmp/x")
    assert kept[ENV_NO_BYTECODE] == "1" and kept["HOLDLINE_CACHE_DIR"] == "/tmp/x"
