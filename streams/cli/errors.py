"""Shared CLI plumbing: loading lists with a clear message and exit code 2 on failure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError

if TYPE_CHECKING:
    from matchers.screener import Screener
    from streams.readiness import ReadinessPolicy


def load_screener(paths: list[str] | None, threshold: float | None = None) -> tuple[Screener | None, str]:
    """The screener over `paths` (default: the built-in list), or None and why it must not be used.

    The same decision as the worker's (`streams.readiness`): lists that fail to load, hold no entries or
    are stale under the hold policy give no screener, so a script can never read "no hit" from them.
    """
    from matchers.gc_pause import settle_after_load
    from matchers.lists import BUILTIN_LIST
    from streams.readiness import load_snapshot, screening_readiness

    snapshot = load_snapshot(paths or [BUILTIN_LIST], threshold)
    ready = screening_readiness(snapshot, stale_policy())
    if not ready.ok or snapshot.screener is None:
        return None, ready.reason or "no restricted-party list is loaded"
    settle_after_load()  # a long batch on stdin screens faster (see matchers/gc_pause.py)
    return snapshot.screener, ""


def describe_validation_error(exc: ValidationError) -> str:
    """One line naming each bad field, for error records a user can act on."""
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in exc.errors())


def stale_policy() -> ReadinessPolicy:
    """The stale-list policy the worker applies (HOLDLINE_LIST_MAX_AGE_HOURS, HOLDLINE_LIST_STALE_HOLD)."""
    from streams.compliance.settings import ComplianceSettings
    from streams.readiness import ReadinessPolicy

    compliance = ComplianceSettings()
    return ReadinessPolicy(max_age=compliance.list_max_age, stale_hold=compliance.list_stale_hold)
