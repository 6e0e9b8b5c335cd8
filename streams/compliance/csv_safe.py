"""Spreadsheet-safe CSV cells (OWASP "CSV injection"): exports are opened in Excel and LibreOffice.

A party name or PO number comes from a counterparty's own documents; a cell that starts with `=`, `+`,
`-`, `@`, a tab or a carriage return is read as a formula by spreadsheets (`=HYPERLINK(...)`,
`=cmd|' /C calc'!A0`). Prefixing a single quote makes the spreadsheet show the text as typed; the JSON
exports keep the values untouched.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(fields: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """CSV text with a header row; every cell neutralised (see module docstring)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(fields)
    for row in rows:
        writer.writerow([safe_cell(row.get(name)) for name in fields])
    return out.getvalue()
