"""The screening engine: list adapters, name normalisation, candidate index and explainable scoring.

Pure Python; never imports faust, so it can be used from any host (CLI, stream worker, batch jobs).
"""

from matchers.config import MatchConfig
from matchers.models import EntityKind, Entry, LoadedList, Match, SourceInfo
from matchers.screener import DEFAULT_THRESHOLD, Screener

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
