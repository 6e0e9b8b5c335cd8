"""Whether the service may answer a screening request now: the worker's rule, in one small function.

It mirrors the worker (streams/compliance/runtime.py `check_stale` and streams/snapshot.py): no loaded
snapshot means no screening; a snapshot older than `HOLDLINE_LIST_MAX_AGE_HOURS` is stale, and with
`HOLDLINE_LIST_STALE_HOLD` a stale snapshot screens nothing. Kept to one function so it can be replaced by
the shared "can we screen" decision when that exists.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def unavailable_reason(loaded: bool, error: str | None, created: datetime | None, max_age: timedelta | None,
                       stale_hold: bool, now: datetime | None = None) -> str | None:
    """None when screening may answer; otherwise the reason it may not (for a 503 and `/readyz`)."""
    if not loaded:
        return error or "no list snapshot is loaded"
    if max_age is not None and stale_hold and created is not None:
        age = ((now or datetime.now(UTC)) - created).total_seconds()
        if age > max_age.total_seconds():
            return (f"the list snapshot is stale: {age / 3600:.1f} h old, maximum "
                    f"{max_age.total_seconds() / 3600:.1f} h (HOLDLINE_LIST_MAX_AGE_HOURS, "
                    "HOLDLINE_LIST_STALE_HOLD)")
    return None
