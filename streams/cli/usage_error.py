"""`UsageError`: a command cannot start as configured (exit code 2, one line; streams/cli/errors.py)."""

from __future__ import annotations

from matchers.errors import HoldlineError


class UsageError(HoldlineError):
    """The command cannot start as configured; the message says why."""
