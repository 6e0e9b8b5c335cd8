"""The marker tables of tests/conftest.py name tests that exist (a renamed test would silently turn unit)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import SLOW, SLOW_FIXTURES, TESTS


@pytest.mark.parametrize("key", sorted(SLOW))
def test_every_slow_entry_names_a_module_or_test_that_exists(key: str) -> None:
    module, _, test = key.partition("::")
    path = TESTS / module
    assert path.is_file(), f"SLOW names {module}, which does not exist"
    if test:
        defined = {
            node.name
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        assert test in defined, f"SLOW names {key}, but {module} defines no {test}"


@pytest.mark.parametrize("fixture", sorted(SLOW_FIXTURES))
def test_every_slow_fixture_is_defined_in_a_conftest_or_test_module(fixture: str) -> None:
    sources = (path.read_text() for path in Path(TESTS).rglob("*.py"))
    assert any(f"def {fixture}(" in source for source in sources), f"no fixture named {fixture}"
