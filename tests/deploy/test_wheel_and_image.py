"""What ships: the wheel holds exactly the `matchers` and `streams` packages, and the image is built from
those alone, so no test, demo or benchmark code reaches a user's site-packages or a container.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from deploylib import DEPLOY, REPO


@pytest.fixture(scope="module")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel as `pip wheel` builds it from the repository (the Dockerfile's build does the same)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(REPO)],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=out,
    )
    [built] = list(out.glob("holdline-*.whl"))
    return built


@pytest.fixture(scope="module")
def wheel(built_wheel: Path) -> list[str]:
    with zipfile.ZipFile(built_wheel) as archive:
        return archive.namelist()


def test_the_wheel_holds_exactly_the_matchers_and_streams_packages(wheel: list[str]) -> None:
    top = {name.split("/")[0] for name in wheel if not name.split("/")[0].endswith(".dist-info")}
    assert top == {"matchers", "streams"}
    assert "streams/cli/main.py" in wheel and "matchers/screener.py" in wheel
    assert "matchers/data/entity_list_2019-10.json" in wheel, "the built-in list is package data"
    scaffolding = [
        name for name in wheel if re.search(r"(^|/)(tests?|support|harness|broker|demo|bench)(/|\.py$)", name)
    ]
    assert not scaffolding, f"test or demo scaffolding in the wheel: {scaffolding}"


def test_the_wheel_declares_the_holdline_command_inside_streams(built_wheel: Path, wheel: list[str]) -> None:
    [entry_points] = [name for name in wheel if name.endswith(".dist-info/entry_points.txt")]
    with zipfile.ZipFile(built_wheel) as archive:
        text = archive.read(entry_points).decode()
    assert re.search(r"^holdline\s*=\s*streams\.cli\.main:main$", text, re.M), text


def test_the_image_build_copies_only_the_package_sources() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    sources: list[str] = []
    for line in dockerfile.splitlines():
        words = line.split()
        if not words or words[0] != "COPY" or any(w.startswith("--from") for w in words):
            continue
        sources += [w for w in words[1:-1] if not w.startswith("--")]
    assert sorted(sources) == ["README.md", "matchers", "pyproject.toml", "setup.py", "streams"]
    assert "COPY . " not in dockerfile and "ADD " not in dockerfile


def test_the_console_keyboard_script_ships_in_the_wheel(wheel: list[str]) -> None:
    assert "streams/console/console.js" in wheel  # read with importlib.resources by streams.console.review
