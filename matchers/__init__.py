"""The screening engine: list adapters, name normalisation, candidate index and explainable scoring.

Pure Python; never imports faust, so it can be used from any host (CLI, stream worker, batch jobs). Its hot
modules may be compiled by mypyc: `build_check.activate()` runs first so that an edited source is never
shadowed by an older compiled module (docs/engine.md, "Compiled engine").
"""

from matchers import build_check

build_check.activate()

from matchers.config import MatchConfig  # noqa: E402
from matchers.models import EntityKind, Entry, LoadedList, Match, SourceInfo  # noqa: E402
from matchers.screener import DEFAULT_THRESHOLD, Screener  # noqa: E402

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
