"""What the engine may pull in, and the one error base.

The engine (`matchers`) is used from hosts that have no Kafka and may not reach the network, so importing
it must not drag in faust or an HTTP client. Every error the product raises on purpose derives from
`HoldlineError`. (What the wheel and the image hold: tests/deploy/test_wheel_and_image.py.)
"""

from __future__ import annotations

import ast
import builtins
import functools
import importlib.metadata
import json
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from matchers.errors import HoldlineError

REPO = Path(__file__).resolve().parents[1]

# Modules whose presence after `import matchers` would mean the engine reaches Kafka or the network.
NOT_IN_THE_ENGINE = (
    "faust",
    "mode",
    "aiokafka",
    "kafka",
    "aiohttp",
    "requests",
    "httpx",
    "urllib3",
    "streams",
)
NOT_IN_THE_ENGINE_STDLIB = ("urllib.request", "http.client")


@pytest.mark.parametrize("module", ["matchers", "matchers.lists", "matchers.screener"])
def test_importing_the_engine_imports_no_stream_or_http_client(module: str) -> None:
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120, check=True
    )
    loaded = set(json.loads(proc.stdout))
    assert module in loaded
    leaked = sorted(
        name for name in loaded if name.split(".")[0] in NOT_IN_THE_ENGINE or name in NOT_IN_THE_ENGINE_STDLIB
    )
    assert not leaked, f"import {module} pulled in {leaked}"


@functools.cache
def _parsed(path: Path) -> ast.Module:
    """A source file's syntax tree, parsed once per session (the layout checks read every file)."""
    return ast.parse(path.read_text())


def _statements(node: ast.AST) -> Iterator[ast.AST]:
    """Every statement under `node`, nested ones included (imports and classes are statements, so the
    expressions, most of a tree, need not be visited)."""
    for field in ("body", "orelse", "finalbody", "handlers", "cases"):
        for child in getattr(node, field, None) or ():
            yield child
            yield from _statements(child)


def _class_bases() -> dict[str, set[str]]:
    """Every class defined in the product, by name, with the names of its bases."""
    bases: dict[str, set[str]] = {}
    for path in [*REPO.glob("matchers/**/*.py"), *REPO.glob("streams/**/*.py")]:
        for node in _statements(_parsed(path)):
            if isinstance(node, ast.ClassDef):
                names = {
                    base.id if isinstance(base, ast.Name) else base.attr
                    for base in node.bases
                    if isinstance(base, ast.Name | ast.Attribute)
                }
                bases.setdefault(node.name, set()).update(names)
    return bases


def test_every_error_class_of_the_product_derives_from_holdline_error() -> None:
    builtin_errors = {
        name
        for name in dir(builtins)
        if isinstance(getattr(builtins, name), type) and issubclass(getattr(builtins, name), BaseException)
    }
    bases = _class_bases()

    def ancestors(name: str, seen: frozenset[str] = frozenset()) -> set[str]:
        direct = bases.get(name, set())
        found = set(direct)
        for base in direct - seen:
            found |= ancestors(base, seen | {name})
        return found

    errors = {name for name in bases if name != "HoldlineError" and ancestors(name) & builtin_errors}
    assert len(errors) >= 9, f"the error classes were not found: {sorted(errors)}"
    outside = sorted(name for name in errors if "HoldlineError" not in ancestors(name))
    assert not outside, f"error classes not under HoldlineError: {outside}"


def test_the_errors_are_holdline_errors_when_imported() -> None:
    from matchers.lists.errors import ListLoadError
    from matchers.lists.store import SnapshotError
    from streams.compliance.decisions import DecisionError
    from streams.processing import Rejected

    for error in (ListLoadError, SnapshotError, DecisionError, Rejected):
        assert issubclass(error, HoldlineError), error


def _third_party_imports(globs: list[str]) -> set[str]:
    names: set[str] = set()
    for pattern in globs:
        for path in REPO.glob(pattern):
            for node in _statements(_parsed(path)):
                if isinstance(node, ast.Import):
                    names |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names.add(node.module.split(".")[0])
    local = {"matchers", "streams", "tests", "bench", "deploy", "deploylib", "__future__"}
    return {name for name in names if name not in sys.stdlib_module_names and name not in local}


def _declared(*groups: str) -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for group in groups:
        requirements += project["optional-dependencies"][group]
    return {_canonical(re.split(r"[<>=!~\[; ]", requirement)[0]) for requirement in requirements}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.mark.parametrize(
    ("area", "globs", "groups"),
    [
        ("product", ["matchers/**/*.py", "streams/**/*.py"], ()),
        (
            "tests, benchmarks and deploy tooling",
            ["tests/**/*.py", "bench/**/*.py", "deploy/**/*.py"],
            ("dev",),
        ),
    ],
)
def test_every_direct_import_is_a_declared_dependency(
    area: str, globs: list[str], groups: tuple[str, ...]
) -> None:
    distributions = importlib.metadata.packages_distributions()
    declared = _declared(*groups)
    undeclared = {}
    for module in sorted(_third_party_imports(globs)):
        providers = {_canonical(name) for name in distributions.get(module, [])}
        if not providers & declared:
            undeclared[module] = sorted(providers)
    assert not undeclared, f"{area} imports packages pyproject.toml does not declare: {undeclared}"


def test_the_readme_is_a_five_minute_read_that_names_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text()
    assert len(readme.splitlines()) <= 200, "README.md grows past 200 lines: move the detail into docs/"
    assert "make test" in readme and "make demo" in readme
    assert re.search(r"^test:", (REPO / "Makefile").read_text(), re.M), "CI runs `make test`"


def test_the_decisions_index_lists_every_record() -> None:
    folder = REPO / "docs" / "decisions"
    index = (folder / "README.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\((\d{4}-[^)]+\.md)\)", index))
    records = {p.name for p in folder.glob("[0-9][0-9][0-9][0-9]-*.md")}
    assert records - linked == set(), "records missing from docs/decisions/README.md"
    assert linked - records == set(), "index links to records that do not exist"
