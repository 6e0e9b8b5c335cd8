"""Which engine runs: the modules compiled by mypyc (`setup.py`), or the Python sources beside them.

Extension modules win over `.py` files in the import system, so a compiled `scoring.*.so` left from an
earlier build would silently shadow an edited `scoring.py`, and tests would test the old code. The build
writes a manifest (`_compiled.json`) with the sha256 of every source it compiled; `import matchers` calls
`activate()`, which compares it with the sources on disk and, when anything differs (or the manifest or a
compiled module is missing), imports *every* engine module from source, with one warning. All or nothing:
compiled modules call each other's native functions directly, so a mix would run old code through new.

`HOLDLINE_PURE=1` asks for the sources deliberately (debugging, profiling Python lines, comparing the two
builds). This module uses only the standard library and `matchers.errors`: `setup.py` loads both by path to
share the module list and the manifest format, before any dependency is installed.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from matchers.errors import HoldlineError

PACKAGE = "matchers"
# The engine's hot modules, compiled together into one shared library (`GROUP`) by `setup.py`.
COMPILED_MODULES: tuple[str, ...] = (
    "acronyms",
    "alignment",
    "config",
    "damaged_forms",
    "digit_readings",
    "english_words",
    "evidence",
    "first_letters",
    "fuzzy_keys",
    "glued_forms",
    "han_letters",
    "index",
    "joined_pairs",
    "latin_letters",
    "leftover_rules",
    "legal_typos",
    "letters",
    "memos",
    "normalise",
    "org_types",
    "pair",
    "records",
    "respacing",
    "russian_letters",
    "screener",
    "scoring",
    "short_typos",
    "sides",
    "similarity",
    "spelling_steps",
    "split_pieces",
    "transcription",
    "translit",
    "typo_rules",
    "vocabulary",
    "weights",
    "word_spans",
)
# mypyc's shared library holding the code of every compiled module (each module's own extension is a shim
# that imports it); inside the package, so the wheel and an editable install hold nothing at top level.
GROUP = f"{PACKAGE}._engine"
GROUP_LIBRARY = "_engine__mypyc"
MANIFEST = "_compiled.json"
ENV_PURE = "HOLDLINE_PURE"
# The build's switch (read by `setup.py`): `0` pure Python, `1` compiled or fail, unset/`auto` compiled
# where a C compiler and Python's headers exist.
ENV_BUILD = "HOLDLINE_MYPYC"

PACKAGE_DIR = Path(__file__).resolve().parent


class StaleBuildWarning(HoldlineError, RuntimeWarning):
    """The compiled modules do not match the sources: the engine runs from source (slower) until rebuilt."""


@dataclass(frozen=True)
class BuildState:
    """`mode` is `compiled` or `pure`; `reason` says why pure (None when compiled, or nothing was built)."""

    mode: str
    reason: str | None
    modules: tuple[str, ...]

    @property
    def compiled(self) -> bool:
        return self.mode == "compiled"

    def describe(self) -> str:
        if self.compiled:
            return f"compiled (mypyc, {len(self.modules)} modules)"
        return f"pure Python ({self.reason})" if self.reason else "pure Python"


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def source_digests(package_dir: Path) -> dict[str, str]:
    """Every Python source of the package by relative path: mypyc compiles in the types of the modules the
    compiled ones import (a field's declared type becomes a runtime check), so any of them counts."""
    return {
        path.relative_to(package_dir).as_posix(): source_digest(path)
        for path in sorted(package_dir.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def manifest_for(package_dir: Path, mypy_version: str) -> dict[str, object]:
    """What the build records (written by `setup.py`)."""
    return {
        "format": 1,
        "group": GROUP,
        "modules": list(COMPILED_MODULES),
        "mypy": mypy_version,
        "python": f"{sys.version_info[0]}.{sys.version_info[1]}",
        "sources": source_digests(package_dir),
    }


def extension_of(package_dir: Path, name: str) -> Path | None:
    """The extension module file for `name` in `package_dir`, if one is there for this interpreter."""
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = package_dir / f"{name}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def inspect(package_dir: Path = PACKAGE_DIR, environ: Mapping[str, str] | None = None) -> BuildState:
    """Compiled, or pure and why: the sources against the manifest, every compiled module present."""
    env = os.environ if environ is None else environ
    if env.get(ENV_PURE, "").strip().lower() in {"1", "true", "yes"}:
        return BuildState("pure", f"{ENV_PURE}=1", ())
    present = tuple(name for name in COMPILED_MODULES if extension_of(package_dir, name) is not None)
    manifest_path = package_dir / MANIFEST
    if not present and not manifest_path.exists():
        return BuildState("pure", None, ())
    try:
        manifest = json.loads(manifest_path.read_text())
        recorded: dict[str, str] = dict(manifest["sources"])
        built = tuple(manifest["modules"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return BuildState("pure", f"compiled modules without a readable build manifest ({exc})", ())
    missing = [name for name in COMPILED_MODULES if name not in present or name not in built]
    if missing or extension_of(package_dir, GROUP_LIBRARY) is None:
        return BuildState("pure", f"compiled modules missing: {', '.join(missing) or GROUP_LIBRARY}", ())
    current = source_digests(package_dir)
    changed = sorted(
        path for path in recorded.keys() | current.keys() if recorded.get(path) != current.get(path)
    )
    if changed:
        shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
        return BuildState("pure", f"changed since compiled: {shown}", ())
    return BuildState("compiled", None, COMPILED_MODULES)


class SourceFinder(importlib.abc.MetaPathFinder):
    """Finds the compiled engine modules' `.py` files ahead of their extensions (pure mode only)."""

    def __init__(self, package_dir: Path, names: Sequence[str]) -> None:
        self.package_dir = package_dir
        self.names = {f"{PACKAGE}.{name}": name for name in names}

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        name = self.names.get(fullname)
        if name is None:
            return None
        return importlib.util.spec_from_file_location(fullname, self.package_dir / f"{name}.py")


STATE = BuildState("pure", "not checked yet", ())


def activate() -> BuildState:
    """Decide once per process (from `matchers/__init__.py`, before any engine module is imported)."""
    global STATE
    state = inspect()
    reason = state.reason
    if not state.compiled and reason is not None:
        already = [m for m in COMPILED_MODULES if f"{PACKAGE}.{m}" in sys.modules]
        if not any(isinstance(f, SourceFinder) for f in sys.meta_path):
            sys.meta_path.insert(0, SourceFinder(PACKAGE_DIR, COMPILED_MODULES))
        if already:  # cannot happen through `import matchers`; said rather than mixed silently
            reason = f"{reason}; already imported: {', '.join(already)}"
            state = BuildState("pure", reason, ())
        if not reason.startswith(f"{ENV_PURE}="):
            warnings.warn(
                f"holdline engine: running the Python sources, not the compiled modules: {reason}. "
                "Run `make setup` (or `pip install -e .`) to compile them again.",
                StaleBuildWarning,
                stacklevel=2,
            )
    STATE = state
    return state
