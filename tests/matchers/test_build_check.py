"""The stale-build guard: compiled modules run only while every engine source is the one they were built
from; otherwise every engine module is imported from source, with a warning (decision 0112)."""

from __future__ import annotations

import importlib.machinery
import json
import os
import shutil
from pathlib import Path

import pytest

import matchers
from matchers import build_check
from tests.support.python_probe import run_probe

SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def _fake_build(root: Path) -> Path:
    """A package folder shaped like a compiled build: sources, one (empty) extension per compiled module
    and the shared library, and the manifest the build writes. `inspect` reads only names and digests."""
    package = root / "matchers"
    shutil.copytree(
        build_check.PACKAGE_DIR,
        package,
        ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd", build_check.MANIFEST),
    )
    for name in (*build_check.COMPILED_MODULES, build_check.GROUP_LIBRARY):
        (package / f"{name}{SUFFIX}").write_bytes(b"")
    manifest = build_check.manifest_for(package, "test")
    (package / build_check.MANIFEST).write_text(json.dumps(manifest))
    return package


def test_a_build_matching_its_sources_runs_compiled(tmp_path: Path) -> None:
    state = build_check.inspect(_fake_build(tmp_path), environ={})
    assert state.compiled and state.modules == build_check.COMPILED_MODULES and state.reason is None


def test_an_edited_source_is_detected_and_named(tmp_path: Path) -> None:
    package = _fake_build(tmp_path)
    with (package / "scoring.py").open("a") as fh:
        fh.write("\n# edited after the build\n")
    state = build_check.inspect(package, environ={})
    assert state.mode == "pure" and state.reason == "changed since compiled: scoring.py"


def test_an_edited_module_that_is_not_compiled_counts_too(tmp_path: Path) -> None:
    """mypyc compiles in the declared types of what compiled modules import (`models.py`, `config.py`)."""
    package = _fake_build(tmp_path)
    with (package / "models.py").open("a") as fh:
        fh.write("\n")
    (package / "lists" / "new_format.py").write_text('"""A parser added after the build."""\n')
    state = build_check.inspect(package, environ={})
    assert state.reason == "changed since compiled: lists/new_format.py, models.py"


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("manifest", "without a readable build manifest"),
        ("module", "compiled modules missing: index"),
        ("library", f"compiled modules missing: {build_check.GROUP_LIBRARY}"),
    ],
)
def test_a_partial_build_runs_from_source(tmp_path: Path, damage: str, reason: str) -> None:
    package = _fake_build(tmp_path)
    target = {
        "manifest": package / build_check.MANIFEST,
        "module": package / f"index{SUFFIX}",
        "library": package / f"{build_check.GROUP_LIBRARY}{SUFFIX}",
    }[damage]
    target.unlink()
    state = build_check.inspect(package, environ={})
    assert state.mode == "pure" and state.reason is not None and reason in state.reason


def test_no_build_at_all_is_plain_python_without_a_reason(tmp_path: Path) -> None:
    package = _fake_build(tmp_path)
    for path in package.glob(f"*{SUFFIX}"):
        path.unlink()
    (package / build_check.MANIFEST).unlink()
    assert build_check.inspect(package, environ={}) == build_check.BuildState("pure", None, ())


def test_holdline_pure_asks_for_the_sources(tmp_path: Path) -> None:
    state = build_check.inspect(_fake_build(tmp_path), environ={build_check.ENV_PURE: "1"})
    assert state.mode == "pure" and state.reason == "HOLDLINE_PURE=1"


# --- in a fresh interpreter: what `import matchers` actually loads ----------------------------------------
_PROBE = """
import json, sys, warnings
warnings.simplefilter("always")
import matchers
from matchers import build_check, scoring, screener
print(json.dumps({"mode": build_check.STATE.mode, "reason": build_check.STATE.reason,
                  "scoring": scoring.__spec__.origin, "screener": screener.__spec__.origin,
                  "package": matchers.__file__}))
"""


def _probe(package_root: Path, **env: str) -> tuple[dict[str, str], str]:
    environ = {k: v for k, v in os.environ.items() if k != build_check.ENV_PURE}
    environ.update(env, PYTHONPATH=str(package_root))
    result: dict[str, str]
    result, stderr = run_probe(_PROBE, env=environ, cwd=package_root)
    return result, stderr


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """This checkout's engine as built (compiled or not), copied where a source can be edited safely."""
    shutil.copytree(
        build_check.PACKAGE_DIR, tmp_path / "matchers", ignore=shutil.ignore_patterns("__pycache__")
    )
    return tmp_path


def test_the_copy_runs_as_this_checkout_does(package_copy: Path) -> None:
    state, stderr = _probe(package_copy)
    assert state["package"] == str(package_copy / "matchers" / "__init__.py")
    assert state["mode"] == build_check.STATE.mode
    compiled = state["mode"] == "compiled"
    assert (
        state["scoring"].endswith(".py") is not compiled and state["screener"].endswith(".py") is not compiled
    )
    assert "StaleBuildWarning" not in stderr


def test_an_edited_source_is_imported_from_source_with_one_warning(package_copy: Path) -> None:
    scoring = package_copy / "matchers" / "scoring.py"
    scoring.write_text(scoring.read_text() + "\nEDITED = True\n")
    state, stderr = _probe(package_copy)
    assert state["mode"] == "pure"
    # All or nothing: the edited module and every other compiled one come from their sources.
    assert state["scoring"] == str(scoring) and state["screener"].endswith("screener.py")
    if build_check.STATE.compiled:  # a build exists to be stale: it is named, once
        assert stderr.count("StaleBuildWarning") == 1 and "scoring.py" in stderr and "make setup" in stderr


def test_holdline_pure_imports_every_engine_module_from_source_silently(package_copy: Path) -> None:
    state, stderr = _probe(package_copy, HOLDLINE_PURE="1")
    assert state["mode"] == "pure" and state["reason"] == "HOLDLINE_PURE=1"
    assert state["scoring"].endswith("scoring.py") and state["screener"].endswith("screener.py")
    assert "StaleBuildWarning" not in stderr


def test_this_process_imported_the_engine_the_guard_chose() -> None:
    from matchers import scoring

    origin = scoring.__spec__.origin if scoring.__spec__ else None
    assert origin is not None and origin.endswith(".py") is not build_check.STATE.compiled
    assert matchers.Screener.__module__ == "matchers.screener"
