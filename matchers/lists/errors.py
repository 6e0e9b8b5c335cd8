"""The one error list loading raises, so callers (CLI, stream worker) can fail closed on any bad file."""

from __future__ import annotations

from pathlib import Path

from matchers.errors import HoldlineError


class ListLoadError(HoldlineError):
    """A list file could not be loaded completely: unreadable, unknown format or corrupt."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
