"""wordfreq's English word-frequency table, and its `zipf_frequency` for plain words, without importing
wordfreq on the screening path.

Importing wordfreq costs ~0.1 s of CPU (it imports langcodes, ftfy and msgpack) and building its English
table another ~0.1 s (gzip, msgpack, then a dict of 321,180 words), both on every process's first name.
The table depends on wordfreq's data only, so a compiled snapshot carries it as wordfreq stores it — one
string of words per frequency band — and `prime` rebuilds the same dict in a few milliseconds
(`matchers/compiled.py`, decision 0518). Without a primed table, `frequencies()` is wordfreq's own
(`get_frequency_dict("en", "best")`), so every value is wordfreq's either way.

`zipf_frequency(word, "en")` repeats wordfreq's arithmetic for a word its tokenizer leaves whole and
unchanged (lower-case ASCII letters: one token, no digits to smash, no quotes to uncurl); anything else goes
to wordfreq itself. `tests/matchers/test_english_words.py` compares both on every word of the table.
"""

from __future__ import annotations

import math
from typing import Any

LANG = "en"
WORDLIST = "best"
# Between the words of one band in the snapshot's form of the table: no word of it holds one (checked).
SEPARATOR = "\n"

_table: dict[str, float] | None = None


def frequencies() -> dict[str, float]:
    """Word -> frequency (a proportion), the table wordfreq's `get_frequency_dict("en", "best")` builds."""
    global _table
    if _table is None:
        from wordfreq import get_frequency_dict

        _table = get_frequency_dict(LANG, WORDLIST)
    return _table


def loaded() -> bool:
    """Whether the table is in memory (a worker loads it before forking its screening processes)."""
    return _table is not None


def bands() -> list[tuple[float, str]] | None:
    """The table as wordfreq stores it: per frequency band in wordfreq's order, its words joined by
    `SEPARATOR`; None when a word holds the separator (the table is then not carried)."""
    grouped: dict[float, list[str]] = {}
    for word, frequency in frequencies().items():
        if SEPARATOR in word:
            return None
        grouped.setdefault(frequency, []).append(word)
    return [(frequency, SEPARATOR.join(words)) for frequency, words in grouped.items()]


def prime(stored: Any) -> bool:
    """Install a table `bands()` made (from a compiled snapshot); False, and nothing changed, if it is
    not one. A table already in memory is kept."""
    global _table
    if _table is not None:
        return True
    if not isinstance(stored, list):
        return False
    table: dict[str, float] = {}
    for band in stored:
        if not (isinstance(band, tuple) and len(band) == 2):
            return False
        frequency, words = band
        if not (isinstance(frequency, float) and isinstance(words, str)):
            return False
        # Bands in wordfreq's order, so the dict's order and a repeated word's frequency are its own.
        table.update(dict.fromkeys(words.split(SEPARATOR), frequency))
    _table = table
    return True


def reset() -> None:
    """Forget the table (tests)."""
    global _table
    _table = None


def zipf_frequency(word: str, lang: str, wordlist: str = WORDLIST, minimum: float = 0.0) -> float:
    """`wordfreq.zipf_frequency(word, lang, wordlist, minimum)`, the same value."""
    if lang != LANG or wordlist != WORDLIST or not (word.isascii() and word.isalpha() and word.islower()):
        import wordfreq

        return float(wordfreq.zipf_frequency(word, lang, wordlist, minimum))
    # wordfreq's `zipf_frequency` and `_word_frequency`, for a single token equal to the word.
    freq_min = 10**minimum / 1e9
    found = frequencies().get(word)
    if found is None:
        freq = freq_min
    else:
        unrounded = max(1.0 / (0.0 + 1.0 / found), freq_min)
        freq = 0.0 if unrounded == 0.0 else round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)
    return round(math.log(freq, 10) + 9, 2)
