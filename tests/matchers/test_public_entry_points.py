"""The engine's tests use its public entry points only (issue 14): no test reads a private attribute, imports
a private name or reaches into a private module. Tests that do break on every refactoring that keeps
behaviour, and hide where a step lacks a public way in."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
TEST_FILES = sorted(HERE.rglob("*.py"))


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_access(source: str) -> list[str]:
    """`obj._name`, `from m import _name`, `import m._private` and `from m._private import x`, by line."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            found.append(f"{node.lineno}: ._{node.attr.lstrip('_')}")
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if any(_private(part) for part in module.split(".")):
                found.append(f"{node.lineno}: from {module}")
            found += [f"{node.lineno}: import {a.name}" for a in node.names if _private(a.name)]
        elif isinstance(node, ast.Import):
            found += [
                f"{node.lineno}: import {a.name}" for a in node.names if any(map(_private, a.name.split(".")))
            ]
    return found


@pytest.mark.parametrize("path", TEST_FILES, ids=[str(p.relative_to(HERE)) for p in TEST_FILES])
def test_no_private_access(path: Path) -> None:
    assert private_access(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "screener._index.stats",
        "from matchers.countries import _lookup",
        "from rigour._core import territories_jsonl",
        "import rigour._core",
    ],
)
def test_the_check_finds_private_access(source: str) -> None:
    assert private_access(source)


def test_the_check_allows_dunders_and_local_helpers() -> None:
    assert private_access("def _build():\n    return 1\n\n_build()\nx.__class__\n") == []
