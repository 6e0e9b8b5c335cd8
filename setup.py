"""Compiles the engine's hot modules with mypyc, as black and mypy ship, with the sources kept beside them.

Everything else about the package is declared in `pyproject.toml`; this file only adds the extension
modules. `HOLDLINE_MYPYC`: `0` builds pure Python; `1` compiles or fails; unset or `auto` compiles when a C
compiler and Python's headers are present, else builds pure Python and says so (the engine is then correct,
just slower). The build writes `matchers/_compiled.json`, the sources' digests that
`matchers/build_check.py` compares at import, so an edited source is never shadowed by an old compiled
module. Decision 0111.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import sys
import sysconfig
import types
from pathlib import Path
from typing import Any

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
PACKAGE_DIR = ROOT / "matchers"


def _load_build_check() -> Any:
    # By path, under a bare `matchers` package: importing the real one would run its `__init__`, which
    # imports the engine's dependencies, absent from the build environment.
    package = types.ModuleType("matchers")
    package.__path__ = [str(PACKAGE_DIR)]
    saved = sys.modules.get("matchers")
    sys.modules["matchers"] = package
    try:
        return importlib.import_module("matchers.build_check")
    finally:
        for name in ("matchers", "matchers.build_check", "matchers.errors"):
            sys.modules.pop(name, None)
        if saved is not None:
            sys.modules["matchers"] = saved


build_check = _load_build_check()

# The build's own type-check options: the sources pass `--strict` in `make lint` ([tool.mypy]); here mypy
# only has to give mypyc the engine's own types. Third-party libraries are not installed in the isolated
# build environment and are read as `Any` (no runtime type checks are compiled in on their results), which
# keeps the generated code the same whether the build runs isolated or in a virtualenv.
MYPY_CONFIG = """\
[mypy]
python_version = {python}
ignore_missing_imports = True
follow_untyped_imports = False
explicit_package_bases = True
warn_unused_configs = False
"""


def _compiler_missing() -> str | None:
    """Why nothing can be compiled here (no C compiler, no Python headers), or None."""
    include = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if not include.is_file():
        return f"no Python headers ({include} missing; Debian: python3-dev)"
    cc = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(cc) is None:
        return f"no C compiler ({cc} not found; Debian: gcc)"
    return None


def _want_compiled() -> bool:
    switch = os.environ.get(build_check.ENV_BUILD, "auto").strip().lower()
    if switch in {"0", "false", "no", "off"}:
        return False
    missing = _compiler_missing()
    if missing is None:
        return True
    if switch in {"1", "true", "yes", "on"}:
        sys.exit(f"{build_check.ENV_BUILD}=1 but the engine cannot be compiled here: {missing}")
    print(
        f"WARNING: building the engine as pure Python (two thirds of the compiled speed): {missing}. "
        f"Set {build_check.ENV_BUILD}=0 to silence this, or install a C compiler and Python's headers.",
        file=sys.stderr,
    )
    return False


def _remove_inplace_artefacts() -> None:
    """A pure build leaves no compiled module of an earlier build in the source tree to shadow a source."""
    for name in (*build_check.COMPILED_MODULES, build_check.GROUP_LIBRARY):
        while (found := build_check.extension_of(PACKAGE_DIR, name)) is not None:
            found.unlink()
    (PACKAGE_DIR / build_check.MANIFEST).unlink(missing_ok=True)


class BuildExtWithManifest(build_ext):
    """Runs mypyc only when extensions are built (not for the metadata steps pip runs first), then writes
    the manifest beside the compiled modules: in the source tree (editable install), and in the build."""

    def run(self) -> None:
        import mypy.version

        # Digests taken before mypy reads the sources: an edit made during the build shows up as stale.
        manifest = build_check.manifest_for(PACKAGE_DIR, mypy.version.__version__)
        generated = {ext.name: ext for ext in _extensions()}
        if set(generated) != {ext.name for ext in self.extensions}:
            sys.exit(f"mypyc made other extensions than planned: {sorted(generated)}")
        for ext in self.extensions:  # filled in place: setuptools has annotated the planned objects
            for key, value in vars(generated[ext.name]).items():
                if not key.startswith("_") or key.startswith("_mypyc"):
                    setattr(ext, key, value)
        super().run()
        targets = [PACKAGE_DIR] if self.inplace or getattr(self, "editable_mode", False) else []
        targets.append(Path(self.build_lib) / build_check.PACKAGE)
        for target in targets:
            target.mkdir(parents=True, exist_ok=True)
            (target / build_check.MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")


class BuildPyPure(build_py):
    def run(self) -> None:
        _remove_inplace_artefacts()
        super().run()


def _extensions() -> list[Any]:
    from mypyc.build import mypycify

    build_dir = Path("build")  # relative: setuptools wants the C sources' paths relative to the project
    build_dir.mkdir(exist_ok=True)
    config = build_dir / "mypyc-mypy.ini"
    config.write_text(MYPY_CONFIG.format(python=f"{sys.version_info[0]}.{sys.version_info[1]}"))
    paths = [f"matchers/{name}.py" for name in build_check.COMPILED_MODULES]
    # One shared library, one C file: calls between the engine's modules stay native and can be inlined.
    return mypycify(
        [f"--config-file={config}", *paths],
        opt_level="3",
        group_name=build_check.GROUP,
        target_dir=str(build_dir / "mypyc"),
    )


def _placeholders() -> list[Extension]:
    """The extensions mypyc will make (one shim per module and the shared library), by name: enough for
    setuptools to plan a platform wheel and an editable install; `BuildExtWithManifest` fills them in."""
    names = [*build_check.COMPILED_MODULES, build_check.GROUP_LIBRARY]
    return [Extension(f"{build_check.PACKAGE}.{name}", sources=[]) for name in names]


if _want_compiled():
    setup(ext_modules=_placeholders(), cmdclass={"build_ext": BuildExtWithManifest})
else:
    setup(cmdclass={"build_py": BuildPyPure})
