"""Can we screen? The one decision every entry point asks before it answers (worker, CLI, HTTP API).

Screening against nothing, against lists that failed to load, or against a snapshot too old under the
hold policy would answer "no hit" for a listed party. So every caller loads through `load_snapshot` and
asks `screening_readiness`; when it says no, the worker holds (`screening_unavailable`) and the command
line refuses to answer (exit code 2, or an `error` object per `--jsonl` line), naming the reason.

A list's age is its own date: the publication date the file carries (BIS `extracted`, UN
`dateGenerated`, a dated `<issuer>_<date>` folder), else the fetch time recorded in the store's
manifest. Never a file's modification time: a freshly copied old list would look new.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from streams.snapshot import ActiveSnapshot, list_data_time, load_screener

NO_LIST = "no restricted-party list is loaded"


@dataclass(frozen=True)
class ReadinessPolicy:
    """When a loaded snapshot is still too old to screen with: the stale-list policy of the compliance
    settings (`HOLDLINE_LIST_MAX_AGE_HOURS`, `HOLDLINE_LIST_STALE_HOLD`), handed in by the entry point
    (the app, the CLI) so the pipeline never imports the compliance package."""

    max_age: timedelta | None = None
    stale_hold: bool = False


@dataclass(frozen=True)
class Readiness:
    ok: bool
    reason: str | None = None  # why not, naming the source or the date


READY = Readiness(True)


def screening_readiness(
    snapshot: ActiveSnapshot, policy: ReadinessPolicy = ReadinessPolicy(), now: datetime | None = None
) -> Readiness:
    """Whether `snapshot` may be screened against; the reason when not. Cheap: called once per event."""
    screener = snapshot.screener
    if screener is None:
        return Readiness(False, snapshot.error or NO_LIST)
    if not screener.entry_count:
        return Readiness(False, f"the lists at {', '.join(snapshot.paths) or '(in memory)'} hold no entries")
    if policy.stale_hold and policy.max_age is not None:
        if snapshot.data_time is None:
            return Readiness(
                False,
                f"the date of the lists at {', '.join(snapshot.paths) or '(in memory)'} "
                "is unknown (no date in the file, no fetch manifest) and stale lists are "
                "held (HOLDLINE_LIST_STALE_HOLD)",
            )
        age = (now or datetime.now(UTC)) - snapshot.data_time
        if age > policy.max_age:
            hours, limit = age.total_seconds() / 3600, policy.max_age.total_seconds() / 3600
            return Readiness(
                False,
                f"list snapshot {snapshot.version} is stale: its data is {hours:.1f} h "
                f"old (dated {snapshot.data_time:%Y-%m-%d}), maximum {limit:.1f} h "
                "(HOLDLINE_LIST_MAX_AGE_HOURS)",
            )
    return READY


def load_snapshot(paths: Sequence[str | Path], threshold: float | None = None) -> ActiveSnapshot:
    """Load lists into an `ActiveSnapshot`; never raises: a failure is a snapshot without screener whose error
    names the source (the file that failed, or the folder that holds no entries)."""
    try:
        screener = load_screener(paths, threshold)
    except Exception as exc:  # list-load boundary: lists that fail to load in any way give no screener
        return ActiveSnapshot(screener=None, error=f"cannot load lists: {exc}", paths=tuple(map(str, paths)))
    return ActiveSnapshot(screener=screener, paths=tuple(map(str, paths)), data_time=list_data_time(screener))
