"""A name's other readings when a word of letters holds a digit that looks like more than one letter.

The normaliser reads a look-alike digit inside a word of letters as one letter (`0RANGE` -> `orange`,
`KAFOLAT8ANK` -> `kafolatbank`), but print and OCR confuse a digit with several letters (`8` is a `B` or
an `S`, `6` a `G` or a `b`, `0` an `O` or a `D`) and some digits it leaves as written (`2` for `Z`, `9`
for `g`): `AY8AN` is `AYSAN`, `Avan9ard` is `Avangard`, `AR2IN` is `ARZIN`. No single letter per digit
is right, so the screener reads such a name once per reading and keeps each entry's best (decision 0245).
"""

from __future__ import annotations

import re
from typing import Final

# A word of letters and digits with at least two letters: the words the normaliser reads too.
_WORD: Final = re.compile(r"[A-Za-z0-9]+")
# A digit beside a letter, asked only of a name holding a digit: most names hold none, and one search of a
# single class answers them (the two-way pattern alone tried both branches at every letter: ~9,000
# instructions a name, 1.3% of the engine's).
_DIGIT: Final = re.compile(r"[0-9]")
_DIGIT_BESIDE_LETTER: Final = re.compile(r"[A-Za-z][0-9]|[0-9][A-Za-z]")


def digit_in_word(text: str) -> bool:
    """Whether some word of `text` mixes digits and letters: the names `readings` may read anew."""
    return _DIGIT.search(text) is not None and _DIGIT_BESIDE_LETTER.search(text) is not None


def parse_table(spec: str) -> dict[str, str]:
    """`"0od 8bs"` -> `{"0": "od", "8": "bs"}`: each digit and the letters it may be read as."""
    table: dict[str, str] = {}
    for item in spec.split():
        if len(item) >= 2 and item[0].isdigit() and item[1:].isalpha():
            table[item[0]] = item[1:].lower()
    return table


def readings(text: str, table: dict[str, str], most: int) -> list[str]:
    """`text` with the look-alike digits of its words of letters read each way `table` allows, at most
    `most` texts (the original not among them). A word qualifies as the normaliser's do: two letters or
    more, more letters than digits, every digit in the table (`G4S`, `3M`, `7193` stay numbers and codes)."""
    if not table or not digit_in_word(text):
        return []
    spots: list[tuple[int, str]] = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        digits = sum(1 for c in word if c.isdigit())
        if digits == 0 or digits * 2 >= len(word) or len(word) - digits < 2:
            continue
        if any(c.isdigit() and c not in table for c in word):
            continue
        start = m.start()
        # (A digit ending a word is a number more often than a letter: `Five9`, `Studio54`, `VALFAJR2`.)
        for k, c in enumerate(word[:-1]):
            if c.isdigit():
                spots.append((start + k, table[c]))
    if not spots:
        return []
    out: list[str] = [text]
    for at, letters in spots:
        grown: list[str] = []
        for done in out:
            upper = (at > 0 and done[at - 1].isupper()) or (at + 1 < len(done) and done[at + 1].isupper())
            for letter in letters:
                grown.append(done[:at] + (letter.upper() if upper else letter) + done[at + 1 :])
                if len(grown) > most:
                    break
            if len(grown) > most:
                break
        out = grown
    return out[:most]
