"""The `holdline screen` and `holdline compare` contracts, run as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def holdline(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "streams.cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_screen_jsonl_one_line_out_per_line_in_with_errors_kept_in_place() -> None:
    lines = [
        {"id": 1, "name": "Zhejiang Dahua Technology Co., Ltd.", "country": "CN", "kind": "org"},
        "this is not json",
        {"id": "b", "name": "Apple Inc.", "country": None, "kind": None},
        {"id": 3, "country": "CN"},
        {"id": [4], "name": "SenseTime", "country": "China", "kind": "org"},
        {"id": 5, "name": "Hikvision", "kind": "spaceship"},
    ]
    text = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n"
    proc = holdline("screen", "--jsonl", stdin=text)
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(x) for x in proc.stdout.splitlines()]
    assert len(out) == len(lines)
    assert [o.get("id") for o in out] == [1, None, "b", 3, [4], 5]
    assert out[0]["hit"] is True
    match = out[0]["matches"][0]
    assert match["name"] == "Dahua Technology" and match["list"] and match["entry_id"]
    assert match["matched"] == "Dahua Technology" and 0 < match["score"] <= 1
    assert match["explanation"]["aligned"]
    assert "error" in out[1] and "error" in out[3] and "name" in out[3]["error"]
    assert out[2]["hit"] is False
    assert out[4]["hit"] is True and out[4]["matches"][0]["name"] == "Sense Time"
    assert "kind" in out[5]["error"]
    scores = [m["score"] for m in out[0]["matches"]]
    assert scores == sorted(scores, reverse=True)


def test_screen_threshold_override_changes_hit() -> None:
    line = json.dumps({"id": 1, "name": "Hikvison Digital", "country": None, "kind": None}) + "\n"
    strict = json.loads(holdline("screen", "--jsonl", "--threshold", "0.999", stdin=line).stdout)
    loose = json.loads(holdline("screen", "--jsonl", "--threshold", "0.5", stdin=line).stdout)
    assert strict["hit"] is False and loose["hit"] is True


def test_screen_name_prints_a_table() -> None:
    proc = holdline("screen", "Kumul Municipality Public Security Bureau", "--country", "CN")
    assert proc.returncode == 0, proc.stderr
    assert "HIT" in proc.stdout
    assert "Hami Municipality Public Security Bureau" in proc.stdout
    assert "84 FR 54002" in proc.stdout


def test_screen_unreadable_list_exits_2_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text("{not json")
    proc = holdline("screen", "--list", str(bad), "Hikvision")
    assert proc.returncode == 2
    assert "broken.json" in proc.stderr


def test_compare_jsonl() -> None:
    pairs = [
        {"a": "SMITH, John", "b": "John Smith", "kind": "person"},
        {
            "a": "Altay Municipality Public Security Bureau",
            "b": "Hami Municipality Public Security Bureau",
            "kind": "org",
        },
        {"a": "M/V OCEAN STAR", "b": "Ocean Star", "kind": "vessel"},
        {"a": "only a"},
    ]
    proc = holdline("compare", "--jsonl", stdin="\n".join(json.dumps(p) for p in pairs) + "\n")
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(x) for x in proc.stdout.splitlines()]
    assert len(out) == 4
    assert out[0]["match"] is True and out[0]["score"] == 1.0
    assert out[1]["match"] is False and out[1]["explanation"]["unmatched_listed"]
    assert out[2]["match"] is True
    assert "error" in out[3]
