"""Words written in the Russian alphabet, in lower-case ASCII as rigour's ICU4X rules spell them, without
ICU: a table of 33 letters and the one rule that looks past a letter.

rigour's `maybe_ascii` runs a Cyrillic word through two rule-based ICU4X transliterators (the script's, then
CLDR's Latin-ASCII) at ~10 µs a letter and ~1 M instructions a word: most of what screening a Cyrillic name
costs. For the 33 letters of the Russian alphabet, in either case, those rules come down, lower-cased, to one
spelling per letter (`щ` -> `shch`, `ъ` and `ь` -> nothing) and a word ending in `ий` or `ый` spelt `y`
(`Юрий` -> `yury`). What the rules do with capitals (`Щ` -> `Shch` or `SHCH` by its neighbours) is case only,
and normalisation lower-cases every name, so it is not reproduced. A word holding any other character
(Ukrainian `і`, a decomposed `й`, a digit, a Latin letter) is not read here: rigour takes it as before. The
guillemets Russian quotes a company's name in (`ООО «Ромашка»`) are not cut off by normalisation's breaks,
which are ASCII: at either end of the word they are spelt `<<` and `>>`, as rigour spells them.

Proven equal to `ascii_text(word).lower()` on every string of up to four lower-case Russian letters and up
to three in either case, and on every Cyrillic word of the shared data (`python -m bench.translit_check
--exhaustive`, decision 0180); `tests/matchers/test_russian_letters.py` holds the letters against rigour.
"""

from __future__ import annotations

from typing import Final

# The Russian alphabet in order, lower case, and each letter's ASCII (rigour 2.6, lower-cased).
LOWER: Final = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
SPELLINGS: Final = ("a b v g d e yo zh z i i k l m n o p r s t u f h ts ch sh shch - y - e yu ya").split()
# (`-`: the hard and soft signs, which the rules drop.)
_ASCII: Final[dict[str, str]] = {
    letter: "" if spelt == "-" else spelt
    for lower, spelt in zip(LOWER, SPELLINGS, strict=True)
    for letter in (lower, lower.upper())
}
# A word ending in one of these before `й` ends in `y`: `ий`, `ый` (`Юрий` -> `yury`, `Белый` -> `bely`).
_BEFORE_FINAL_SHORT_I: Final = "иыИЫ"
_SHORT_I: Final = "йЙ"
# Guillemets at either end of a word (`«Ромашка»`), as rigour's Latin-ASCII rules spell them.
_QUOTES: Final[dict[str, str]] = {"«": "<<", "»": ">>"}


def russian_ascii(word: str) -> str | None:
    """`rigour.text.translit.ascii_text(word).lower()` for a word of Russian letters only, in guillemets or
    not; None for any other word (rigour's rules are then needed)."""
    start = 0
    end = len(word)
    while start < end and word[start] in _QUOTES:
        start += 1
    while end > start and word[end - 1] in _QUOTES:
        end -= 1
    parts: list[str] = [_QUOTES[word[k]] for k in range(start)]
    for k in range(start, end):
        spelt = _ASCII.get(word[k])
        if spelt is None:
            return None
        parts.append(spelt)
    if end - start >= 2 and word[end - 1] in _SHORT_I and word[end - 2] in _BEFORE_FINAL_SHORT_I:
        parts[end - 2] = "y"
        parts[end - 1] = ""
    parts.extend(_QUOTES[word[k]] for k in range(end, len(word)))
    return "".join(parts)
