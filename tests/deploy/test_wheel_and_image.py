"""What ships: the wheel holds exactly the `matchers` and `streams` packages, and the image is built from
those alone, so no test, demo or benchmark code reaches a user's site-packages or a container.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from deploylib import DEPLOY, REPO

from matchers import build_check

# The wheel's build compiles the engine with mypyc (~2 min on the development machine, more under load).
pytestmark = pytest.mark.timeout(1200)


@pytest.fixture(scope="module")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel as `pip wheel` builds it from the repository (the Dockerfile's build does the same: compiled
    or fail)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(REPO)],
        check=True,
        capture_output=True,
        text=True,
        timeout=1100,
        cwd=out,
        env={**os.environ, build_check.ENV_BUILD: "1"},
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


def test_the_wheel_holds_the_compiled_engine_beside_its_sources(built_wheel: Path, wheel: list[str]) -> None:
    """Each compiled module ships as an extension and as its source, with the manifest the import guard
    reads; the manifest's digests are the repository's sources (decision 0112)."""
    for name in (*build_check.COMPILED_MODULES, build_check.GROUP_LIBRARY):
        assert [n for n in wheel if re.fullmatch(rf"matchers/{name}\.[^/]+\.so", n)], f"{name}: not compiled"
    for name in build_check.COMPILED_MODULES:
        assert f"matchers/{name}.py" in wheel
    with zipfile.ZipFile(built_wheel) as archive:
        manifest = json.loads(archive.read(f"matchers/{build_check.MANIFEST}"))
    assert manifest["modules"] == list(build_check.COMPILED_MODULES)
    assert manifest["sources"] == build_check.source_digests(REPO / "matchers")
    assert not [n for n in wheel if n.startswith("build/") or n.endswith(".c")], "build files in the wheel"
