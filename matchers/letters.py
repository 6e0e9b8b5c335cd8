"""Letter trigrams of the words names are made of: which sequences of letters people actually write.

A word one edit from a listed word is a typo of it or another name. When the word holds three letters in
a row that no listed word and no word of ordinary English holds (`goklsan`: `kls`; `serxcuba`: `rxc`;
`nsgb`: `sgb`), it is no word anyone writes on purpose: the edit made it, and it is a typo. Another real
name one edit away (`Aegon` / `Argon`, `Sabre` / `Saber`, `Youxin` / `Yuxin`) is made of sequences that
words have. The word's ends count as letters (`^ts`, `zz$`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from matchers.english_words import frequencies

# English words at least this frequent (Zipf 2: once per hundred million words) contribute their
# trigrams; rarer entries of the table are mostly typos and codes themselves.
_MIN_FREQUENCY = 1e-7


def grams(token: str) -> set[str]:
    padded = f"^{token}$"
    return {padded[k : k + 3] for k in range(len(padded) - 2)}


@cache
def english_grams() -> frozenset[str]:
    out: set[str] = set()
    for word, frequency in frequencies().items():  # (wordfreq's table)
        if frequency >= _MIN_FREQUENCY and word.isalpha() and word.isascii():
            out.update(grams(word))
    return frozenset(out)


def known_grams(words: Iterable[str]) -> frozenset[str]:
    """The trigrams of `words` (a list's vocabulary) and of ordinary English."""
    out = set(english_grams())
    for word in words:
        if word.isalpha() and word.isascii():
            out.update(grams(word))
    return frozenset(out)


def odd_letters(token: str, known: frozenset[str]) -> bool:
    """`token` holds a trigram none of the known words holds (an empty `known` knows nothing: False)."""
    if not known or not (token.isalpha() and token.isascii()):
        return False
    padded = f"^{token}$"
    return any(padded[k : k + 3] not in known for k in range(len(padded) - 2))
