"""docs/operations.md's settings table lists every `HOLDLINE_*` variable the code reads, and no stale ones.

Regenerate the table with `.venv/bin/python deploy/settings_table.py` when a setting is added or renamed.
"""

from __future__ import annotations

import importlib.util
import re
from types import ModuleType

from deploylib import DEPLOY, REPO


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("holdline_settings_table", DEPLOY / "settings_table.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


OPERATIONS = REPO / "docs" / "operations.md"


def _documented_rows() -> dict[str, str]:
    text = OPERATIONS.read_text()
    return {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| `(HOLDLINE_[A-Z0-9_]+)` \| `([^`]*)` \|", text, re.MULTILINE)
    }


def test_generator_covers_every_field_of_every_settings_model() -> None:
    generator = _generator()
    names = [name for name, _, _ in generator.rows()]
    fields = {
        generator.env_name(model, field)
        for model in generator.models()
        for field in generator.variables(model)
    }
    assert set(names) == fields and len(names) == len(set(names))
    assert all(meaning for _, _, meaning in generator.rows()), "every setting needs a description"


def test_operations_settings_table_lists_every_setting_with_its_default() -> None:
    rows = _documented_rows()
    expected = {name: default for name, default, _ in _generator().rows()}
    missing = sorted(set(expected) - set(rows))
    stale = sorted(set(rows) - set(expected))
    assert not missing and not stale, (
        f"docs/operations.md settings table: missing {missing}, stale {stale} (run deploy/settings_table.py)"
    )
    wrong = {name: (rows[name], default) for name, default in expected.items() if rows[name] != default}
    assert not wrong, f"docs/operations.md shows other defaults than the code: {wrong}"
