"""The table `holdline screen NAME` prints: one row per listed party, fitted to the terminal."""

from __future__ import annotations

from typing import Any, TextIO

from streams.cli.tables import gather, render, terminal_width
from streams.evidence_text import evidence_line

HEADERS = ("score", "listed party", "matched alias", "lists", "citation", "why")
MINIMUM = (5, 24, 13, 12, 12, 20)


def print_table(
    name: str, matches: list[Any], threshold: float, stdout: TextIO, width: int | None = None
) -> None:
    hit = any(m.score >= threshold for m in matches)
    stdout.write(f"{name}: {'HIT' if hit else 'no hit'} (threshold {threshold:.2f})\n")
    if not matches:
        return
    rows = [
        (f"{r.score:.2f}", r.name, "; ".join(r.matched), ", ".join(r.lists), "; ".join(r.citations), r.why)
        for r in gather(matches, evidence_line)
    ]
    for line in render(HEADERS, rows, width or terminal_width(stdout), MINIMUM):
        stdout.write(line + "\n")
