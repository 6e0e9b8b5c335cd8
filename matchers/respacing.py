"""Words whose spaces moved, priced word by word: a join or a split is no spelling error of its own.

Retrieval aligns a run of words on one side with a run on the other letter by letter
(`MYOHYANYSHIPING` / `MYOHYANG SHIPPING`, `AUUCTI ON` / `AUCTION`) and prices the run as one long word,
each typo at the edit cost of the whole run. The space typed or dropped is data entry, not evidence of
another name; the typos are, each in the word it damaged. Reading the run back as the words it stands
for, each judged as the token step judges two words (slips, misprints, respellings), prices the typos as
they were made.
"""

from __future__ import annotations

from collections.abc import Sequence

from matchers.config import DEFAULT_CONFIG, SimilarityConfig
from matchers.similarity import token_similarity

_DEFAULT = DEFAULT_CONFIG.similarity


def respaced_similarity(
    query: Sequence[str], listed: Sequence[str], config: SimilarityConfig = _DEFAULT
) -> float:
    """Similarity of two runs of words written as `query` and `listed` (raw tokens), one side a single
    word: a split (several query words, one listed) is the joined letters judged against the listed
    word; a join (one query word, several listed) is cut where the listed words meet, each piece judged
    against its word, the pieces weighed by their letters. 0.0 when no reading aligns."""
    if len(listed) == 1:
        return token_similarity("".join(query), listed[0], False, config)
    if len(query) != 1:
        return 0.0
    word = query[0]
    best = 0.0
    total = sum(len(b) for b in listed)
    if abs(len(word) - total) > 3:
        return 0.0
    for cuts in _cuts(len(word), [len(b) for b in listed]):
        pieces = [word[s:e] for s, e in zip((0, *cuts), (*cuts, len(word)), strict=True)]
        sim = 0.0
        for piece, b in zip(pieces, listed, strict=True):
            one = token_similarity(piece, b, False, config)
            if one < config.min_token:
                sim = 0.0
                break
            sim += one * len(b)
        best = max(best, sim / total)
    return best


def _cuts(length: int, parts: Sequence[int]) -> list[tuple[int, ...]]:
    """Where to cut a word of `length` letters into `len(parts)` pieces: each cut within two letters of
    where the listed words meet (a typo moves it by one at most per edit)."""
    out: list[tuple[int, ...]] = [()]
    at = 0
    for size in parts[:-1]:
        at += size
        out = [(*c, k) for c in out for k in range(at - 2, at + 3) if (not c or k > c[-1]) and 0 < k < length]
    return out
