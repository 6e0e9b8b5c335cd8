"""The real list files, each loaded once per test module (loading all of them takes about a second)."""

from __future__ import annotations

from pathlib import Path

import pytest

LISTS = Path(__file__).resolve().parents[3] / ".." / "shared" / "lists"


@pytest.fixture(scope="session")
def lists_dir() -> Path:
    assert LISTS.is_dir(), f"the shared list files are missing: {LISTS}"
    return LISTS
