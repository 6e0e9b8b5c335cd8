"""Listed short words a query word is with its first letter mistyped (`Enft` / `Neft`, `tate` / `State`,
`HSC` / `JSC`, `MNEFT` / `NEFT`), for retrieval only.

The word-by-word lookup of one edit in a short word keeps the first letter (the similarity requires it for
words of 3-4 letters: one edit at the front of a short word makes another name as often as a typo). So a
query word whose first letter was swapped with the second, missed, struck for its neighbour or struck with
it found nothing, weighed as a word no list holds (1.0), and the party's other words, read after it, could
not lift the party above the estimate's cut: the party was never scored (decision 0219). These neighbours
make the party a candidate; the scorer judges the pair by its own rules (`leftover_rules`, `typo_rules`:
the rest of both names exact, enough support beside the word), which it already applies to such pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable
from typing import Final

from matchers.similarity import NEIGHBOURS, typed_edit

# Listed words of these lengths are tabled by what follows their first letter; query words of
# `FIRST_QUERY_MIN`-`FIRST_QUERY_MAX` letters are sought (a two-letter word with its first letter missed:
# `bu` / `Abu`, `TS` / `RTS`).
FIRST_LISTED_MIN: Final = 3
FIRST_LISTED_MAX: Final = 6
FIRST_QUERY_MIN: Final = 2
FIRST_QUERY_MAX: Final = 5


def first_letter_table(tokens: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Listed words of 3-6 letters (letters only) by their letters after the first (`neft` under `eft`)."""
    tails: dict[str, list[str]] = defaultdict(list)
    for tok in tokens:
        if FIRST_LISTED_MIN <= len(tok) <= FIRST_LISTED_MAX and tok.isalpha():
            tails[tok[1:]].append(tok)
    return {tail: tuple(toks) for tail, toks in tails.items()}


def first_letter_neighbours(
    token: str, postings: Container[str], tails: dict[str, tuple[str, ...]]
) -> list[str]:
    """Listed words `token` is with one edit of typing at its first letter: the first two letters swapped
    (`enft` / `neft`), the first key missed (`tate` / `state`), struck for its neighbour (`hsc` / `jsc`) or
    struck beside the next one (`mneft` / `neft`). A letter put for one far from it on the keyboard is as
    often another name and is not sought."""
    size = len(token)
    if not FIRST_QUERY_MIN <= size <= FIRST_QUERY_MAX or not token.isalpha():
        return []
    out: list[str] = []
    if size >= 3:
        swapped = token[1] + token[0] + token[2:]
        if swapped != token and swapped in postings:
            out.append(swapped)
        rest = token[1:]
        if rest in postings and typed_edit(token, rest):
            out.append(rest)
        for cand in tails.get(rest, ()):
            if cand != token and typed_edit(token, cand):
                out.append(cand)
    for cand in tails.get(token, ()):
        out.append(cand)
    if size == 3:
        # (Three letters against three: the one-edit look-up reaches listed words one letter longer only,
        # so `Mni` / `Min`, `MZK` / `MAK` were never sought: two letters swapped, or a key struck for its
        # neighbour, after the first letter too.)
        for cand in _typed_same_length(token, postings):
            if cand not in out:
                out.append(cand)
    return out


def _typed_same_length(token: str, postings: Container[str]) -> list[str]:
    """Listed words of `token`'s length with two neighbouring letters swapped or one key struck for its
    keyboard neighbour."""
    out: list[str] = []
    for k in range(1, len(token) - 1):
        swapped = token[:k] + token[k + 1] + token[k] + token[k + 2 :]
        if swapped != token and swapped in postings:
            out.append(swapped)
    for k in range(len(token)):
        for c in NEIGHBOURS.get(token[k], ""):
            cand = token[:k] + c + token[k + 1 :]
            if cand in postings:
                out.append(cand)
    return out
