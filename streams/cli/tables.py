"""Terminal tables for `holdline screen`: sized to the terminal, one row per listed party.

The consolidated lists repeat a party once per list that names it (Huawei Technologies is on the Entity
List, the CSL copy of it, ...), so matches are gathered by listed name: one row with every list, entry
and citation behind it. Columns share the terminal's width (`shutil.get_terminal_size`, which honours
`COLUMNS`); a cell that does not fit is cut at a word boundary with an ellipsis, never mid-word.
"""

from __future__ import annotations

import shutil
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

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
    matched: list[str] = field(default_factory=list)  # aliases that matched, other than the name itself
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
        for values, value in ((row.lists, m.list), (row.citations, m.citation)):
            if value and value not in values:
                values.append(value)
        # An alias is worth a column only when it is not the party's name in other capitals or punctuation.
        if _party_key(m.matched) != key and all(_party_key(a) != _party_key(m.matched) for a in row.matched):
            row.matched.append(m.matched)
    return sorted(rows.values(), key=lambda r: -r.score)


def terminal_width(stream: TextIO | None = None) -> int | None:
    """The terminal's width (`COLUMNS` first); None (no limit) when writing to a pipe or a file, so
    `holdline screen NAME > file` and `| grep` get whole cells. `COLUMNS` alone does not count: ncurses
    exports it into the environment of whatever a terminal program starts, pipes included."""
    stream = stream if stream is not None else sys.stdout
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):
        interactive = False
    if not interactive:
        return None
    return max(40, shutil.get_terminal_size((100, 24)).columns)


def fit_widths(natural: Sequence[int], minimum: Sequence[int], total: int) -> list[int]:
    """Column widths within `total` characters: the widest column gives way first, none below its minimum."""
    widths = list(natural)
    budget = total - len(GAP) * (len(widths) - 1)
    # First down to each column's minimum; on a terminal too narrow even for those, down to 3 characters.
    for floor in (list(minimum), [min(3, w) for w in natural]):
        while sum(widths) > budget:
            shrinkable = [i for i, w in enumerate(widths) if w > floor[i]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: widths[i])
            widths[widest] -= 1
    return widths


def render(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int | None,
    minimum: Sequence[int] | None = None,
) -> list[str]:
    """Lines of a table fitted to `width` characters (None: as wide as the cells)."""
    natural = [
        max(len(h), *(len(" ".join(r[i].split())) for r in rows)) if rows else len(h)
        for i, h in enumerate(headers)
    ]
    floor = list(minimum) if minimum is not None else [min(len(h), 8) for h in headers]
    widths = natural
    if width is not None:
        widths = fit_widths(natural, [min(f, n) for f, n in zip(floor, natural, strict=True)], width)
    lines = []
    for cells in (headers, *rows):
        lines.append(GAP.join(clip(c, w).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    return lines
