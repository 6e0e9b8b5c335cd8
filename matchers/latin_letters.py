"""Latin words with accents (`Société`, `Łódź`, `Søren`), in lower-case ASCII as rigour spells them, without
ICU: Unicode's compatibility decomposition with the marks dropped, and a few letters that decompose to no
ASCII letter.

rigour's `maybe_ascii` runs every non-ASCII Latin word through CLDR's rule-based Latin-ASCII transliterator
in ICU4X, ~10 µs a letter (a word of eight letters with one accent, ~150 µs), after the decomposition and the
dropping of marks. Where those two steps already leave ASCII, Latin-ASCII has nothing left to change (its
rules rewrite non-ASCII letters only), so the decomposition is the answer. Only letters of the Latin blocks
(Latin-1 Supplement to Latin Extended-B, Latin Extended Additional) and combining marks are read here; a word
holding any other character is rigour's, as before.

Proven equal to `ascii_text(word).lower()` for every character of those blocks alone and between letters, and
for ASCII text after an accent (`python -m bench.translit_check --exhaustive`, decision 0181).
"""

from __future__ import annotations

import unicodedata
from typing import Final

# Letters the decomposition leaves as they are, as rigour spells them (lower-cased).
_LETTERS: Final[dict[str, str]] = {
    "æ": "ae",
    "Æ": "ae",
    "ø": "o",
    "Ø": "o",
    "ß": "ss",
    "ł": "l",
    "Ł": "l",
    "đ": "d",
    "Đ": "d",
    "ð": "d",
    "Ð": "d",
    "ı": "i",
    "œ": "oe",
    "Œ": "oe",
    "þ": "th",
    "Þ": "th",
}
_NONSPACING_MARK: Final = "Mn"


def read_here(letter: str) -> bool:
    """ASCII, a letter of the Latin blocks this module reads, or a combining mark."""
    return (
        letter < "\x80"
        or "\u00c0" <= letter <= "\u024f"
        or "\u0300" <= letter <= "\u036f"
        or "\u1e00" <= letter <= "\u1eff"
    )


def latin_ascii(word: str) -> str | None:
    """`rigour.text.translit.ascii_text(word).lower()` for a word of Latin letters; None when a character is
    not one this module reads or decomposes to no ASCII (rigour's rules are then needed)."""
    for letter in word:
        if not read_here(letter):
            return None
    for letter, spelt in _LETTERS.items():
        if letter in word:
            word = word.replace(letter, spelt)
    decomposed = unicodedata.normalize("NFKD", word)
    if not decomposed.isascii():
        decomposed = "".join(c for c in decomposed if unicodedata.category(c) != _NONSPACING_MARK)
        if not decomposed.isascii():
            return None
    return decomposed.lower()
