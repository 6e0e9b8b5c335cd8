"""Terminal tables for `holdline screen`: sized to the terminal, one row per listed party.

The consolidated lists repeat a party once per list that names it (Huawei Technologies is on the Entity
List, the CSL copy of it, ...), so matches are gathered by listed name: one row with every list, entry
and citation behind it. Columns share the terminal's width (`shutil.get_terminal_size`, which honours
`COLUMNS`); a cell that does not fit is cut at a word boundary with an ellipsis, never mid-word.
"""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

ELLIPSIS = "…"
GAP = "  "


def clip(text: str, width: int) -> str:
    """`text` cut to at most `width` characters at a word boundary, marked with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space > 0 and text[width - 1] != " ":
        cut = cut[:space]
    return cut.rstrip(" ,;:") + ELLIPSIS


def _party_key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in folded).split())


@dataclass
class PartyRow:
    """One listed party and every list entry under that name that matched."""

    name: str
    score: float
    matched: list[str] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    why: str = ""


def gather(matches: Iterable[Any], why: Any) -> list[PartyRow]:
    """Matches (best first) folded into one row per listed name, in order of each party's best score."""
    rows: dict[str, PartyRow] = {}
    for m in matches:
        key = _party_key(m.name)
        row = rows.get(key)
        if row is None:
            row = rows[key] = PartyRow(name=m.name, score=m.score, why=why(m.explanation))
        elif m.score > row.score:
            row.score, row.why = m.score, why(m.explanation)
        for values, value in ((row.lists, m.list), (row.matched, m.matched), (row.citations, m.citation)):
            if value and value not in values:
                values.append(value)
    return sorted(rows.values(), key=lambda r: -r.score)


def terminal_width(default: int = 100) -> int:
    return max(40, shutil.get_terminal_size((default, 24)).columns)


def fit_widths(natural: Sequence[int], minimum: Sequence[int], total: int) -> list[int]:
    """Column widths within `total` characters: the widest column gives way first, none below its minimum."""
    widths = list(natural)
    budget = total - len(GAP) * (len(widths) - 1)
    while sum(widths) > budget:
        shrinkable = [i for i, w in enumerate(widths) if w > minimum[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def render(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int,
           minimum: Sequence[int] | None = None) -> list[str]:
    """Lines of a table fitted to `width` characters."""
    natural = [max(len(h), *(len(" ".join(r[i].split())) for r in rows)) if rows else len(h)
               for i, h in enumerate(headers)]
    floor = list(minimum) if minimum is not None else [min(len(h), 8) for h in headers]
    widths = fit_widths(natural, [min(f, n) for f, n in zip(floor, natural, strict=True)], width)
    lines = []
    for cells in (headers, *rows):
        lines.append(GAP.join(clip(c, w).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    return lines
