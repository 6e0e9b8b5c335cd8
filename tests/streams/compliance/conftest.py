"""Fixtures of the compliance tests: the compliance topics of one test, and a real headless Chromium.

Chromium is Debian's `chromium` package (Makefile APT_PACKAGES), driven by the PyPI `playwright` package
through `executable_path`; `playwright install` (a browser download) is never used.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("HOLDLINE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def chromium() -> Iterator[Any]:
    """A fresh browser; fails (never skips) when Debian's chromium is missing."""
    from playwright.sync_api import sync_playwright

    path = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    assert path, "Debian's chromium is not installed (make setup installs APT_PACKAGES)"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()
