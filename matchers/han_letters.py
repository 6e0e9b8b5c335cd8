"""Words of Han characters (`郝命近`, `中国石油`), in lower-case ASCII exactly as rigour's `ascii_text` spells
them, from a table of one syllable per character instead of ICU's Han-Latin transliterator.

rigour leaves Han to normality's ICU chain (`Any-Latin; NFKD; ...; Latin-ASCII`). ICU builds its Han-Latin
rules (44,000 characters) the first time a process meets a Han character: ~90 ms of CPU and ~1,000 M
instructions, paid by every `holdline screen` run with one Chinese name in it. Those rules spell a character
on its own, with four exceptions that look at the next character (`重` before `庆` is `chong`, not `zhong`),
and space the syllables of a run of characters apart (`北京` -> `bei jing`); a character they have no
reading for stays as it is, which normality turns into `?`. So a word made only of characters the table
holds is its characters' syllables joined by spaces, with the exceptions' syllables where their next
character follows.

The table is built from ICU itself (`matchers/han_table.py`) when a compiled snapshot is written, rides in
the snapshot (decision 0517's first-use tables) and is primed when it is read (decision 0534). Until it is
primed (a screener built in the process, a snapshot without it) every word is ICU's, as before. Proven equal
to `ascii_text(word).lower()` for every character of the table alone, every pair of its kinds of characters,
and random runs (`python -m bench.han_check`), on the ICU versions `han_table` names.
"""

from __future__ import annotations

# The primed table (`prime`): code point of `_CODES`' first entry; two bytes per code point from there (little
# endian), the index of its syllable in `_SYLLABLES`, 0 for a character the table does not hold; and the
# exceptions, by the pair of characters, with the first one's syllable before the second.
_START: int = 0
_CODES: bytes = b""
_SYLLABLES: list[str] = [""]
_CONTEXT: dict[str, str] = {}
_CONTEXT_FIRST: str = ""


def prime(start: int, codes: bytes, syllables: list[str], context: dict[str, str]) -> None:
    """Use this table from now on (`matchers.han_table.build`'s parts)."""
    global _START, _CODES, _SYLLABLES, _CONTEXT, _CONTEXT_FIRST
    _START = start
    _CODES = codes
    _SYLLABLES = syllables
    _CONTEXT = context
    _CONTEXT_FIRST = "".join(sorted({pair[0] for pair in context}))


def primed() -> bool:
    """Whether a table is in use (else every Han word is left to ICU)."""
    return len(_CODES) > 0


def han_ascii(word: str) -> str | None:
    """`rigour.text.translit.ascii_text(word).lower()` for a word of characters the table holds; None for
    any other word, or when no table is primed (ICU is then needed)."""
    codes = _CODES
    size = len(codes)
    if size == 0 or not word:
        return None
    start = _START
    syllables = _SYLLABLES
    parts: list[str] = []
    for letter in word:
        at = 2 * (ord(letter) - start)
        if at < 0 or at + 1 >= size:
            return None
        index = codes[at] | (codes[at + 1] << 8)
        if index == 0:
            return None
        parts.append(syllables[index])
    firsts = _CONTEXT_FIRST
    if firsts:
        for k in range(len(word) - 1):
            if word[k] in firsts:
                spelt = _CONTEXT.get(word[k : k + 2])
                if spelt is not None:
                    parts[k] = spelt
    return " ".join(parts)
