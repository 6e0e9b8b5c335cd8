"""Which letters sit next to each other on a QWERTY keyboard.

A key struck beside the intended one is the commonest typo of data entry. Two steps read it: spelling
similarity (`matchers/similarity.py`) and the legal-form repair in normalisation
(`matchers/legal_typos.py`), which runs before similarity and so cannot import it; both read this table.
(`bench/errors.py` keeps its own: the error model that tests the engine must not share the engine's code.)
"""

from __future__ import annotations

ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")

# For each letter, the letters beside it in its row and in the rows above and below (rows are offset by
# half a key).
NEIGHBOURS: dict[str, str] = {
    key: "".join(
        other
        for r2, row2 in enumerate(ROWS)
        for c2, other in enumerate(row2)
        if other != key and abs(r2 - r) <= 1 and abs(c2 - c + (r2 - r) * 0.5) <= 1.0
    )
    for r, row in enumerate(ROWS)
    for c, key in enumerate(row)
}
