"""Shared CLI plumbing: loading lists with a clear message and exit code 2 on failure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError

if TYPE_CHECKING:
    from matchers.screener import Screener


def load_screener(paths: list[str] | None, threshold: float | None = None) -> tuple[Screener | None, str]:
    """The screener over `paths` (default: the built-in list), or None and why it must not be used.

    The same decision as the worker's (`streams.readiness`): lists that fail to load, hold no entries or
    are stale under the hold policy give no screener, so a script can never read "no hit" from them.
    """
    from matchers.gc_pause import settle_after_load
    from matchers.lists import BUILTIN_LIST
    from streams.readiness import ReadinessPolicy, load_snapshot, screening_readiness

    snapshot = load_snapshot(paths or [BUILTIN_LIST], threshold)
    ready = screening_readiness(snapshot, ReadinessPolicy.from_env())
    if not ready.ok or snapshot.screener is None:
        return None, ready.reason or "no restricted-party list is loaded"
    settle_after_load()  # a long batch on stdin screens faster (see matchers/gc_pause.py)
    return snapshot.screener, ""


def describe_validation_error(exc: ValidationError) -> str:
    """One line naming each bad field, for error records a user can act on."""
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in exc.errors())
