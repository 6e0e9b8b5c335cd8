"""Every entry point refuses to screen against lists it must not trust (`streams.readiness`).

`holdline screen` (a name, and `--jsonl`), the worker's processor, and `holdline compare`, which loads no
list at all. Run as a user runs the commands.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from matchers import Screener
from streams.metrics import Metrics
from streams.processing import Inbound, Processor
from streams.readiness import ReadinessPolicy, load_snapshot, screening_readiness
from streams.records import HoldReason
from streams.settings import Settings, builtin_list_path
from streams.snapshot import SnapshotHolder

ROOT = Path(__file__).resolve().parents[3]
CASES = ["empty folder", "README only", "broken file", "stale under the hold policy"]
STALE = {"HOLDLINE_LIST_MAX_AGE_HOURS": "24", "HOLDLINE_LIST_STALE_HOLD": "true"}


def holdline(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HOLDLINE_")}
    return subprocess.run(
        [sys.executable, "-m", "streams.cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={**clean, **(env or {})},
    )


def unusable(tmp_path: Path) -> dict[str, tuple[list[str], dict[str, str], str]]:
    empty = tmp_path / "empty"
    empty.mkdir()
    readme_only = tmp_path / "readme-only"
    readme_only.mkdir()
    (readme_only / "README.md").write_text("lists go here\n")
    broken = tmp_path / "broken.json"
    broken.write_text('{"entities": [{"name": "x"')
    return {
        "empty folder": (["--list", str(empty)], {}, "no entries"),
        "README only": (["--list", str(readme_only)], {}, "no entries"),
        "broken file": (["--list", str(broken)], {}, "broken.json"),
        "stale under the hold policy": (["--list", str(builtin_list_path())], STALE, "stale"),
    }


@pytest.mark.parametrize("case", CASES)
def test_screen_a_name_exits_non_zero_naming_the_source(tmp_path: Path, case: str) -> None:
    lists, env, says = unusable(tmp_path)[case]
    proc = holdline("screen", *lists, "Hikvision", env=env)
    assert proc.returncode == 2 and "no hit" not in proc.stdout
    assert says in proc.stderr and "cannot screen" in proc.stderr


@pytest.mark.parametrize("case", CASES)
def test_screen_jsonl_answers_every_line_with_an_error(tmp_path: Path, case: str) -> None:
    lists, env, says = unusable(tmp_path)[case]
    lines = [{"id": 1, "name": "Hikvision"}, {"id": "b", "name": "Northwind Traders"}, "not json"]
    proc = holdline("screen", *lists, "--jsonl", stdin="\n".join(map(json.dumps, lines)) + "\n", env=env)
    assert proc.returncode == 2
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [a["id"] for a in answers] == [1, "b", None]
    assert all(says in a["error"] and "hit" not in a for a in answers)


def test_screen_answers_when_the_lists_are_usable() -> None:
    proc = holdline(
        "screen",
        "--list",
        str(builtin_list_path()),
        "Hikvision Co., Ltd.",
        env={"HOLDLINE_LIST_MAX_AGE_HOURS": "24"},
    )  # stale, but the hold policy is off
    assert proc.returncode == 0 and "HIT" in proc.stdout


def test_the_worker_holds_when_the_snapshot_is_stale_under_the_hold_policy() -> None:
    screener = Screener.from_paths([builtin_list_path()])
    holder = SnapshotHolder(Metrics(), freeze_gc=False)
    holder.swap(screener, [builtin_list_path()])
    processor = Processor(Settings(), holder, Metrics())
    value = json.dumps(
        {
            "event_id": "e-1",
            "event_type": "purchase_order",
            "po_number": "PO-1",
            "occurred_at": "2024-01-01T00:00:00Z",
            "buyer": {"name": "Northwind Traders"},
        }
    ).encode()
    message = Inbound("procurement.purchases", 0, 1, b"k", value, 1.0)
    assert processor.route(message).summary.outcome == "cleared"
    processor.policy = ReadinessPolicy(max_age=timedelta(hours=24), stale_hold=True)
    out = processor.route(message)
    record = json.loads(out.value)
    assert out.summary.hold_reason == HoldReason.SCREENING_UNAVAILABLE and "stale" in record["error"]
    assert "2019-10-09" in record["error"], "the age is the list's own date, not the file's"


def test_one_decision_for_every_entry_point(tmp_path: Path) -> None:
    """The worker's snapshot holder and the CLI's loader agree: both go through `screening_readiness`."""
    empty = tmp_path / "empty"
    empty.mkdir()
    holder = SnapshotHolder(Metrics(), freeze_gc=False)
    held = screening_readiness(holder.load([empty], 0.8))
    loaded = screening_readiness(load_snapshot([empty]))
    assert not held.ok and not loaded.ok
    assert "no entries" in (held.reason or "") and "no entries" in (loaded.reason or "")


def test_compare_loads_no_list_so_it_answers_without_one() -> None:
    proc = holdline(
        "compare", "--jsonl", stdin=json.dumps({"a": "John Smith", "b": "SMITH, John"}) + "\n", env=STALE
    )
    assert proc.returncode == 0 and "error" not in json.loads(proc.stdout)


def test_the_worker_health_check_asks_the_same_question() -> None:
    from streams.web import health

    holder = SnapshotHolder(Metrics(), freeze_gc=False)
    holder.swap(Screener.from_paths([builtin_list_path()]), [builtin_list_path()])
    _, fresh = health(object(), holder, ReadinessPolicy(max_age=timedelta(hours=24)))
    assert fresh["reasons"] == ["no partitions assigned"]
    ready, stale = health(object(), holder, ReadinessPolicy(max_age=timedelta(hours=24), stale_hold=True))
    assert not ready and any("stale" in reason for reason in stale["reasons"])


@pytest.mark.parametrize("name", ["...", "\u200b\u200b", "trading " * 5000])
def test_screen_refuses_a_name_it_cannot_screen_instead_of_no_hit(name: str) -> None:
    proc = holdline("screen", name)
    assert proc.returncode == 2 and "no hit" not in proc.stdout and "cannot screen this name" in proc.stderr
    lines = [{"id": 1, "name": name}, {"id": 2, "name": "Hikvision Co., Ltd."}]
    proc = holdline("screen", "--jsonl", stdin="\n".join(map(json.dumps, lines)) + "\n")
    first, second = (json.loads(line) for line in proc.stdout.splitlines())
    assert "cannot screen this name" in first["error"] and "hit" not in first
    assert second["hit"] is True
