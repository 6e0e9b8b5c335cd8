"""Similarity of two single tokens: spelling (edit distance), sound (metaphone) and initials.

Kept strict on short tokens, where one edit changes the name (`Ivan`/`Iran`), and lenient on long
ones, where a typo rarely makes another real name (`Hikvison`/`Hikvision`).
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from nicknames import NickNamer
from rigour.text.phonetics import metaphone

_NICKNAMES = NickNamer()

MIN_FUZZY_LEN = 4
PHONETIC_SIMILARITY = 0.85
INITIAL_SIMILARITY = 0.7
SHORT_PHONETIC_SIMILARITY = 0.8
NICKNAME_SIMILARITY = 0.85
# Below this, two tokens are not aligned at all.
MIN_TOKEN_SIMILARITY = 0.7


@lru_cache(maxsize=200_000)
def sound(token: str) -> str:
    return metaphone(token) if token.isalpha() else token


def max_edits(length: int) -> int:
    """Edits a token of this length may carry and still be the same word."""
    if length < MIN_FUZZY_LEN:
        return 0
    if length < 6:
        return 1
    if length < 10:
        return 2
    return 3


@lru_cache(maxsize=500_000)
def token_similarity(a: str, b: str, person: bool = False) -> float:
    if a == b:
        return 1.0
    if not (a.isalpha() and b.isalpha()):
        return 0.0
    if person:
        if len(a) == 1 or len(b) == 1:
            return INITIAL_SIMILARITY if a[0] == b[0] else 0.0
        if is_nickname(a, b):
            return NICKNAME_SIMILARITY
    shorter = min(len(a), len(b))
    if shorter < MIN_FUZZY_LEN:
        # `Ali`/`Aly`, `Qin`/`Kin`: a short token may differ only by an interchangeable spelling.
        if shorter >= 2 and _respell(a) == _respell(b):
            return SHORT_PHONETIC_SIMILARITY
        return 0.0
    distance = Levenshtein.distance(a, b)
    sim = 1.0 - distance / max(len(a), len(b))
    same_sound = sim >= 0.5 and len(sound(a)) >= 3 and sound(a) == sound(b)
    if same_sound and (shorter >= 6 or _respell(a) == _respell(b)):
        # `Mohammed`/`Muhammad`, `Qumul`/`Kumul`: one sound spelt two ways.
        return max(sim, PHONETIC_SIMILARITY)
    if shorter < 6:
        # Short brand-like tokens one letter apart are usually different names (`Cimg`/`Cimc`).
        return SHORT_PHONETIC_SIMILARITY if _respell(a) == _respell(b) else 0.0
    if distance <= max_edits(shorter):
        # An edit costs more than its share of the letters: typos are likely, but so are near-miss names.
        sim = 1.0 - 1.5 * distance / max(len(a), len(b))
        if sim >= MIN_TOKEN_SIMILARITY:
            return sim
    return 0.0


_RESPELLINGS = (("ph", "f"), ("ck", "k"), ("q", "k"), ("c", "k"), ("y", "i"), ("w", "v"), ("ou", "u"))


def _respell(token: str) -> str:
    for old, new in _RESPELLINGS:
        token = token.replace(old, new)
    return token


@lru_cache(maxsize=100_000)
def _name_group(token: str) -> frozenset[str]:
    return frozenset({token} | _NICKNAMES.nicknames_of(token) | _NICKNAMES.canonicals_of(token))


def is_nickname(a: str, b: str) -> bool:
    """`Bill`/`William`, `Bob`/`Robert`: one given name, two spellings."""
    return b in _name_group(a)
