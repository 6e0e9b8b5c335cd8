"""Print the settings table of docs/operations.md: every `HOLDLINE_*` variable, its default and meaning.

Generated from the settings models themselves (streams/settings.py: `Settings` and its nested
`ComplianceSettings`, read from the same flat `HOLDLINE_` names), so
the table cannot drift from the code; tests/deploy/test_settings_table.py checks docs/operations.md lists
them all. Paste the output over the table under "Settings" there.

    .venv/bin/python deploy/settings_table.py
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from pydantic.fields import FieldInfo, PydanticUndefined

ROOT = Path(__file__).resolve().parents[1]


def models() -> list[Any]:
    from streams.settings import ComplianceSettings, Settings

    return [Settings, ComplianceSettings]


def env_name(model: Any, field: str) -> str:
    """One prefix for every section: `ComplianceSettings` is read with `Settings`' own."""
    from streams.settings import Settings

    return f"{Settings.model_config.get('env_prefix', '')}{field}".upper()


def _show(value: Any) -> str:
    if value is None:
        return "unset"
    if isinstance(value, SecretStr):
        return "unset" if not value.get_secret_value() else "(secret)"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Path):
        home = Path.home()
        if value.is_relative_to(home):
            return "~/" + str(value.relative_to(home))
        if value.resolve().is_relative_to(ROOT):
            return f"built-in: {value.resolve().relative_to(ROOT)}"
        return str(value)
    if isinstance(value, tuple | list):
        return os.pathsep.join(_show(v) for v in value) or "(none)"
    if isinstance(value, str) and not value:
        return "(empty)"
    return str(value)


def default_of(info: FieldInfo) -> str:
    if info.default_factory is not None:
        return _show(info.default_factory())  # type: ignore[call-arg]
    if info.default is PydanticUndefined:
        return "required"
    return _show(info.default)


def variables(model: Any) -> dict[str, FieldInfo]:
    """The fields of `model` read from a variable: a nested section's fields are rows of their own."""
    return {field: info for field, info in model.model_fields.items() if info.annotation not in models()}


def rows() -> list[tuple[str, str, str]]:
    out = []
    seen = set()
    for model in models():
        for field, info in variables(model).items():
            name = env_name(model, field)
            if name in seen:
                continue
            seen.add(name)
            out.append((name, default_of(info), (info.description or "").replace("|", "\\|")))
    return out


def table() -> str:
    lines = ["| Variable | Default | Meaning |", "| --- | --- | --- |"]
    lines += [f"| `{name}` | `{default}` | {meaning} |" for name, default, meaning in rows()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(table())
