"""The screening engine: list adapters, name normalisation, candidate index and explainable scoring.

Pure Python; never imports faust, so it can be used from any host (CLI, stream worker, batch jobs). Its hot
modules may be compiled by mypyc: `build_check.activate()` runs first, on any `import matchers.<module>`, so
that an edited source is never shadowed by an older compiled module (docs/engine.md, "Compiled engine").

The public names below are imported on first use (PEP 562), not here: importing `matchers.errors` or
`matchers.config` must not pay for the whole engine (wordfreq's table, numpy, the index and scoring
modules), which a worker needs only after it has sent its group join (decision 0516).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from matchers import build_check

build_check.activate()

if TYPE_CHECKING:
    from matchers.config import MatchConfig
    from matchers.models import EntityKind, Entry, LoadedList, Match, SourceInfo
    from matchers.screener import DEFAULT_THRESHOLD, Screener

# Public name -> the module that defines it.
_EXPORTS = {
    "DEFAULT_THRESHOLD": "matchers.screener",
    "EntityKind": "matchers.models",
    "Entry": "matchers.models",
    "LoadedList": "matchers.models",
    "Match": "matchers.models",
    "MatchConfig": "matchers.config",
    "Screener": "matchers.screener",
    "SourceInfo": "matchers.models",
}

__all__ = [
    "DEFAULT_THRESHOLD",
    "EntityKind",
    "Entry",
    "LoadedList",
    "Match",
    "MatchConfig",
    "Screener",
    "SourceInfo",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'matchers' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
