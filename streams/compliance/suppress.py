"""Allow-list suppression applied to the pipeline's decision for an event (a hook of `Processor`).

Runs in the screening thread right after `streams.decide.decide`. Only match holds are filtered: a hold
because screening was unavailable is never suppressed (fail closed). What an allowance suppressed is kept
in the record (`allowlist_suppressed`) and counted, so the audit trail shows every suppression.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from streams.compliance.allowlist import AllowList
from streams.records import ClearedRecord, Hit, HoldReason, HoldRecord

Record = HoldRecord | ClearedRecord


def make_suppressor(
    allowlist: AllowList, on_suppressed: Callable[[int], None] | None = None
) -> Callable[[Record, Any], Record]:
    def suppress(record: Record, snapshot: Any) -> Record:
        if not isinstance(record, HoldRecord) or record.reason != HoldReason.MATCH or not len(allowlist):
            return record
        screener = getattr(snapshot, "screener", None)
        if screener is None:
            return record
        entries = screener.entries

        def entry_hash(entry_id: str) -> str | None:
            entry = entries.get(entry_id)
            return entry.content_hash() if entry is not None else None

        filtered = allowlist.filter_hits([h.model_dump(mode="json") for h in record.hits], entry_hash)
        if not filtered.suppressed:
            return record
        if on_suppressed is not None:
            on_suppressed(len(filtered.suppressed))
        suppressed = [s.model_dump(mode="json") for s in filtered.suppressed]
        if filtered.hits:
            return record.model_copy(
                update={
                    "hits": [Hit.model_validate(h) for h in filtered.hits],
                    "allowlist_suppressed": suppressed,
                }
            )
        fields = record.model_dump(exclude={"decision", "reason", "hits", "error", "allowlist_suppressed"})
        return ClearedRecord.model_validate({**fields, "allowlist_suppressed": suppressed})

    return suppress


def suppression_applies(allowlist: AllowList) -> Callable[[Iterable[str]], bool]:
    """The suppressor's pre-check on a hold's matched entry ids: with no allowance on any of them the hold
    goes out as screened, and a worker need not read it back from the screening process's bytes."""
    return allowlist.may_cover
