"""wordfreq's English word-frequency table, and its `zipf_frequency` for plain words, without importing
wordfreq on the screening path.

Importing wordfreq costs ~0.1 s of CPU (it imports langcodes, ftfy and msgpack) and building its English
table another ~0.1 s (gzip, msgpack, then a dict of 321,180 words), both on every process's first name.
The table depends on wordfreq's data only, so a compiled snapshot carries it (`stored()`: the words sorted
in one string, a frequency number per word) and `prime` installs it in ~20 ms; `frequency(word)` then
answers by binary search, without the dict (`matchers/compiled.py`, decision 0518). Without a primed
table, the table is wordfreq's own (`get_frequency_dict("en", "best")`), so every value is wordfreq's
either way.

`zipf_frequency(word, "en")` repeats wordfreq's arithmetic for a word its tokenizer leaves whole and
unchanged (lower-case ASCII letters: one token, no digits to smash, no quotes to uncurl); anything else goes
to wordfreq itself. `tests/matchers/test_english_words.py` compares both on every word of the table.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from typing import Any, Final, final

LANG: Final = "en"
WORDLIST: Final = "best"
# Between the words of the snapshot's form of the table: no word of it holds one (checked).
SEPARATOR: Final = "\n"


@final
class _Tables:
    """The table in memory, in one compiled object held in a final name: `frequency` reads its attributes
    natively, where module globals it assigns would each be a look-up in the module's dict per word."""

    def __init__(self) -> None:
        # wordfreq's dict, when something asked for it (a build, or no snapshot to read).
        self.table: dict[str, float] | None = None
        # The snapshot's form, answering look-ups without building a dict of 321,180 fresh strings (~60 ms):
        # the words sorted (each once, with the frequency the dict keeps for it), and per word its
        # frequency's number.
        self.sorted: tuple[list[str], array[int], tuple[float, ...]] | None = None
        # Where each first two letters (`aa`...`zz`) begin among the sorted words, and where `zz` ends: a
        # word of two lower-case letters or more is looked for among the ~500 words sharing them, not all
        # 321,180 (a binary search of the whole table costs ~4,000 instructions a word, most of it comparing
        # strings).
        self.starts: list[int] | None = None


_TABLES: Final = _Tables()
_bisect_left: Final = bisect_left
_LETTERS: Final = "abcdefghijklmnopqrstuvwxyz"
# The first string sorting after every word that begins with `zz` (`{` follows `z`).
_PAST_ZZ: Final = "z{"


def frequencies() -> dict[str, float]:
    """Word -> frequency (a proportion), the table wordfreq's `get_frequency_dict("en", "best")` builds."""
    tables = _TABLES
    table = tables.table
    if table is None:
        from wordfreq import get_frequency_dict

        table = tables.table = get_frequency_dict(LANG, WORDLIST)
    return table


def frequency(word: str) -> float | None:
    """`frequencies().get(word)`, from the snapshot's form of the table when that is what is loaded."""
    tables = _TABLES
    stored = tables.sorted
    if tables.table is None and stored is not None:
        words, numbers, values = stored
        starts = tables.starts
        if starts is not None and len(word) >= 2:
            first, second = ord(word[0]) - 97, ord(word[1]) - 97
            if 0 <= first < 26 and 0 <= second < 26:
                at = first * 26 + second
                end = starts[at + 1]
                i = _bisect_left(words, word, starts[at], end)
                return values[numbers[i]] if i < end and words[i] == word else None
        i = _bisect_left(words, word)
        return values[numbers[i]] if i < len(words) and words[i] == word else None
    return frequencies().get(word)


def bucket_starts(words: list[str]) -> list[int]:
    """Where each pair of first letters `aa`...`zz` begins in the sorted `words`, then where `zz` ends: a word
    beginning with the k-th pair lies between the k-th and the (k+1)-th (pairs in their sorted order)."""
    starts = [bisect_left(words, a + b) for a in _LETTERS for b in _LETTERS]
    starts.append(bisect_left(words, _PAST_ZZ))
    return starts


def loaded() -> bool:
    """Whether the table is in memory (a worker loads it before forking its screening processes)."""
    return _TABLES.table is not None or _TABLES.sorted is not None


def stored() -> tuple[tuple[float, ...], str, bytes] | None:
    """The table in the snapshot's form: the distinct frequencies, the words sorted and joined by
    `SEPARATOR`, and per word the number of its frequency (unsigned 16 bits, machine order); None when a
    word holds the separator or there are too many frequencies (the table is then not carried)."""
    table = frequencies()
    values = tuple(dict.fromkeys(table.values()))
    if len(values) > 1 << 16 or any(SEPARATOR in word for word in table):
        return None
    number = {value: k for k, value in enumerate(values)}
    words = sorted(table)
    return values, SEPARATOR.join(words), array("H", [number[table[w]] for w in words]).tobytes()


def prime(stored: Any) -> bool:
    """Install the table `stored()` made (from a compiled snapshot); False, and nothing changed, if it is
    not one. A table already in memory is kept."""
    if loaded():
        return True
    if not (isinstance(stored, tuple) and len(stored) == 3):
        return False
    values, joined, raw = stored
    if not (
        isinstance(values, tuple)
        and all(isinstance(v, float) for v in values)
        and isinstance(joined, str)
        and isinstance(raw, bytes)
    ):
        return False
    words = joined.split(SEPARATOR)
    numbers = array("H")
    numbers.frombytes(raw)
    if len(numbers) != len(words):
        return False
    _TABLES.sorted = (words, numbers, values)
    _TABLES.starts = bucket_starts(words)
    return True


def reset() -> None:
    """Forget the table (tests)."""
    _TABLES.table = _TABLES.sorted = None
    _TABLES.starts = None


def zipf_frequency(word: str, lang: str, wordlist: str = WORDLIST, minimum: float = 0.0) -> float:
    """`wordfreq.zipf_frequency(word, lang, wordlist, minimum)`, the same value."""
    if lang != LANG or wordlist != WORDLIST or not (word.isascii() and word.isalpha() and word.islower()):
        import wordfreq

        return float(wordfreq.zipf_frequency(word, lang, wordlist, minimum))
    # wordfreq's `zipf_frequency` and `_word_frequency`, for a single token equal to the word.
    freq_min = 10**minimum / 1e9
    found = frequency(word)
    if found is None:
        freq = freq_min
    else:
        unrounded = max(1.0 / (0.0 + 1.0 / found), freq_min)
        freq = 0.0 if unrounded == 0.0 else round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)
    return round(math.log(freq, 10) + 9, 2)
