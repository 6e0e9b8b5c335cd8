"""The worker-side hooks, without a broker: allow-list suppression in the pipeline's decision, and the
stale-snapshot rule (metric, and fail closed when configured)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from prometheus_client import CollectorRegistry

from matchers import Screener
from matchers.lists import BUILTIN_LIST
from streams.cli.main import main
from streams.compliance.allowlist import Allowance, AllowList, party_key
from streams.compliance.runtime import ComplianceRuntime
from streams.compliance.suppress import make_suppressor, suppression_applies
from streams.decide import decide
from streams.events import parse_event
from streams.records import ClearedRecord, HoldReason, HoldRecord
from streams.settings import ComplianceSettings, Settings
from streams.snapshot import SnapshotHolder

SCREENER = Screener.from_paths([BUILTIN_LIST])


def order(supplier: str, end_user: str | None = None):
    body = {
        "event_id": "ev-1",
        "event_type": "purchase_order",
        "po_number": "PO-1",
        "occurred_at": datetime.now(UTC).isoformat(),
        "supplier": {"name": supplier, "country": "CN"},
    }
    if end_user:
        body["end_user"] = {"name": end_user, "country": "CN"}
    return parse_event(body)


class Snap:
    screener = SCREENER


def allowance_for(record: HoldRecord, name: str, entry_hash: str | None = None) -> Allowance:
    match = record.hits[0].matches[0]
    entry = SCREENER.entries[match["entry_id"]]
    return Allowance(
        party_key=party_key(name, "CN"),
        party_name=name,
        country="CN",
        entry_id=entry.id,
        entry_hash=entry_hash or entry.content_hash(),
        created_at=datetime.now(UTC),
        reviewer="alice",
        reason="reseller, not the listed company",
    )


def test_an_allowance_turns_the_hold_into_a_cleared_record_that_says_so() -> None:
    held = decide(order("Hikvision Co., Ltd."), SCREENER)
    assert isinstance(held, HoldRecord) and held.reason == HoldReason.MATCH
    counted: list[int] = []
    suppress = make_suppressor(AllowList([allowance_for(held, "Hikvision Co., Ltd.")]), counted.append)
    out = suppress(held, Snap)
    assert isinstance(out, ClearedRecord) and out.event_id == "ev-1"
    assert out.allowlist_suppressed and out.allowlist_suppressed[0]["role"] == "supplier"
    assert counted == [1]
    assert json.loads(out.to_json_bytes())["allowlist_suppressed"][0]["party_name"] == "Hikvision Co., Ltd."


def test_other_flagged_parties_still_hold_the_event() -> None:
    held = decide(order("Hikvision Co., Ltd.", end_user="Hami Municipal Public Security Bureau"), SCREENER)
    suppress = make_suppressor(AllowList([allowance_for(held, "Hikvision Co., Ltd.")]))
    out = suppress(held, Snap)
    assert isinstance(out, HoldRecord) and [h.role for h in out.hits] == ["end_user"]
    assert out.allowlist_suppressed[0]["role"] == "supplier"


def test_a_changed_entry_or_unavailable_screening_is_never_suppressed() -> None:
    held = decide(order("Hikvision Co., Ltd."), SCREENER)
    stale = make_suppressor(AllowList([allowance_for(held, "Hikvision Co., Ltd.", entry_hash="old-content")]))
    assert stale(held, Snap) is held
    unavailable = decide(order("Hikvision Co., Ltd."), None, unavailable="no list")
    suppress = make_suppressor(AllowList([allowance_for(held, "Hikvision Co., Ltd.")]))
    assert suppress(unavailable, Snap) is unavailable


def runtime(tmp_path: Path, **compliance: object) -> tuple[ComplianceRuntime, SnapshotHolder]:
    holder = SnapshotHolder()
    holder.swap(SCREENER, [str(BUILTIN_LIST)])
    settings = Settings(broker="kafka://127.0.0.1:1")
    rt = ComplianceRuntime(
        settings, ComplianceSettings(list_store=tmp_path, **compliance), holder, CollectorRegistry()
    )
    return rt, holder


def gauge(rt: ComplianceRuntime, name: str) -> float:
    value = rt.metrics.registry.get_sample_value(name)
    assert value is not None, name
    return value


def test_a_stale_snapshot_raises_the_metric_and_fails_closed_when_configured(tmp_path: Path) -> None:
    rt, holder = runtime(tmp_path, list_max_age_hours=1, list_stale_hold=True)
    rt.snapshot_created = datetime.now(UTC) - timedelta(hours=2)
    rt.check_stale()
    assert gauge(rt, "holdline_list_stale") == 1 and gauge(rt, "holdline_list_snapshot_age_seconds") >= 7200
    assert holder.current.screener is None and "stale" in holder.current.error
    record = decide(order("Northwind Traders"), holder.current.screener, unavailable=holder.current.error)
    assert isinstance(record, HoldRecord) and record.reason == HoldReason.SCREENING_UNAVAILABLE
    rt.snapshot_created = datetime.now(UTC)  # a fresh snapshot arrived
    rt.check_stale()
    assert gauge(rt, "holdline_list_stale") == 0 and holder.current.screener is SCREENER


def test_a_stale_snapshot_only_raises_the_metric_by_default(tmp_path: Path) -> None:
    rt, holder = runtime(tmp_path, list_max_age_hours=1)
    rt.snapshot_created = datetime.now(UTC) - timedelta(hours=2)
    rt.check_stale()
    assert gauge(rt, "holdline_list_stale") == 1 and holder.current.screener is SCREENER


def test_publish_refuses_lists_that_do_not_load_before_touching_the_broker(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"list_id": "x", "entities": [')
    code = main(["lists", "publish", "--broker", "kafka://127.0.0.1:1", "--list", str(bad)])
    assert code == 2 and "nothing was published" in capsys.readouterr().err
    assert main(["lists", "publish", "--broker", "kafka://127.0.0.1:1"]) == 2


def test_the_pre_check_says_which_holds_an_allowance_could_touch() -> None:
    held = decide(order("Hikvision Co., Ltd."), SCREENER)
    assert isinstance(held, HoldRecord)
    applies = suppression_applies(allowlist := AllowList())
    entry_id = str(held.hits[0].matches[0]["entry_id"])
    assert not applies([entry_id])  # no allowance at all
    allowlist.put(allowance_for(held, "Someone Else Ltd."))
    assert applies([entry_id, "other-entry"])  # named (for another party: the suppressor decides)
    assert not applies(["other-entry"])
    assert make_suppressor(allowlist)(held, Snap) is held  # another party's allowance: the hold stays
