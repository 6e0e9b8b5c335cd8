"""`holdline lists info`: what it prints and returns (in this process: tests/support/cli.py)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import CliResult, run_holdline

ROOT = Path(__file__).resolve().parents[3]
LISTS = ROOT / ".." / "shared" / "lists"


def holdline(*args: str) -> CliResult:
    return run_holdline(*args)


def test_default_is_the_builtin_list_as_json() -> None:
    proc = holdline("lists", "info", "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    [source] = report["sources"]
    assert source["list"] == "bis-entity-list-2019-10" and source["entries"] == 28 and source["aliases"] == 13
    assert source["snapshot"] == "2019-10-09" and len(source["content_hash"]) == 16
    assert report["ignored"] == []


def test_table_for_several_lists_shows_skips_repairs_and_ignored_files() -> None:
    proc = holdline(
        "lists",
        "info",
        "--list",
        str(LISTS / "us_bis_state_2026-07" / "bis_entity_list.json"),
        "--list",
        str(LISTS / "us_ofac_cons_2025-12"),
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    el_row = next(line for line in out.splitlines() if line.startswith("bis-entity-list "))
    assert el_row.split()[1:5] == ["bis-json", "2026-07-09", "3255", "4946"]
    assert next(line for line in out.splitlines() if line.startswith("ofac-cons ")).split()[3] == "442"
    assert "alias_duplicate" in out and "merged_repeated_name 154" in out
    assert "CONS_ENHANCED.ZIP: OFAC enhanced XML" in out and "cons_alt.csv: companion" in out


def test_json_for_the_whole_folder() -> None:
    proc = holdline("lists", "info", "--list", str(LISTS), "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    by_list = {s["list"]: s for s in report["sources"]}
    assert len(by_list) == 29 and report["totals"]["entries"] == sum(s["entries"] for s in by_list.values())
    assert by_list["ofac-sdn"]["entries"] == 14965 and by_list["un-consolidated"]["entries"] == 1003
    assert by_list["csl-entity-list"]["cleaned"]["question_mark_repaired"] > 100
    assert by_list["ofac-sdn"]["skipped"]["alias_truncated"] == 3


def test_bad_file_exits_2_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "list.json"
    bad.write_text('{"list_id": "x", "entities": [{"name": "A"', encoding="utf-8")
    proc = holdline("lists", "info", "--list", str(bad))
    assert proc.returncode == 2
    assert str(bad) in proc.stderr and "invalid JSON" in proc.stderr
    assert proc.stdout == ""
    missing = holdline("lists", "info", "--list", str(tmp_path / "absent.csv"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_lists_is_a_command_group() -> None:
    proc = holdline("lists", "--help")
    assert proc.returncode == 0
    assert all(name in proc.stdout for name in ("info", "fetch", "publish"))
    assert holdline("lists").returncode == 2  # a subcommand is required
