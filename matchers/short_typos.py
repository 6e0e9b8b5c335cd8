"""A short word's typo told from another name by the lists' own vocabulary around it.

One edit in a word of 3-5 letters is as often another name as a typo (`Aegon` / `Argon`, `CIMG` / `CIMC`),
so the token step keeps such a pair below the threshold. What tells the two apart is the neighbourhood:
a word no list and no English text holds, from which exactly one listed word is a slip of typing away (a
key struck for its neighbour, two keys struck at once, a letter doubled or undoubled, two letters swapped:
`DEDK` / `DEDO`, `HIPDR` / `HIPER`, `CHWEM` / `CHEM`), was most likely typed for that word. A word two
listed words could have been mistyped into (`AECON`: `aedon`, `ascon`) is a typo of either or a name of its
own, and stays weak; so does an edit typing does not make (`CIMG` / `CIMC`: `g` and `c` are far apart on
the keyboard), and a word someone writes on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping
from typing import Final

from matchers.similarity import NEIGHBOURS, fat_finger

# The article names begin with, which normalisation drops (`The Handle Group` is `Handle Group`).
_ARTICLE: Final = "the"


def slipped_from(token: str) -> list[str]:
    """Every word `token` is one slip of typing from: a key struck for its neighbour, two neighbouring
    letters swapped, a letter doubled, a neighbouring key struck with another, a double letter typed once
    (as `similarity.slip` and `similarity.fat_finger` judge them)."""
    out: list[str] = []
    n = len(token)
    # (Each string built from its parts at once, not by concatenations each making a string: a short word
    # has some sixty of these, decision 0194.)
    for k in range(n):
        head, here, tail = token[:k], token[k], token[k + 1 :]
        for c in NEIGHBOURS.get(here, ""):
            out.append(f"{head}{c}{tail}")
        if k + 1 < n and here != token[k + 1]:
            out.append(f"{head}{token[k + 1]}{here}{token[k + 2 :]}")
        # (An added letter: doubled, or a neighbour of a key beside it.)
        near = NEIGHBOURS.get(here, "")
        if (k > 0 and (token[k - 1] == here or token[k - 1] in near)) or (
            k + 1 < n and (token[k + 1] == here or token[k + 1] in near)
        ):
            out.append(f"{head}{tail}")
        # (A double letter typed once.)
        out.append(f"{head}{here}{here}{tail}")
    return out


def lone_neighbour(
    token: str,
    vocabulary: Container[str],
    dropped: int = 4,
    longest: int = 4,
    deleted_from: Mapping[str, str | tuple[str, ...]] | None = None,
) -> str:
    """The one word of `vocabulary` that `token` is a slip of typing from (`slipped_from`); failing any,
    for a token of `dropped` to `longest` letters, the one word `token` is with a letter dropped (`MBAD` /
    `MBADA`, `NORNCO` / `NORINCO`); empty when there is none or more than one.

    `deleted_from`, when given, maps a string to the words it is with one letter deleted, and must hold
    every word of `vocabulary` of `dropped + 1` to `longest + 1` letters (it may hold others): the index's
    symmetric-deletion table. The dropped letter is then one look-up instead of 26 x (n + 1) strings
    made and sought, with the same answer (`tests/matchers/test_short_typos.py`)."""
    found = _only(slipped_from(token), token, vocabulary)
    if found is None:
        return ""
    if found or not dropped or not dropped <= len(token) <= longest:
        return found
    if deleted_from is not None:
        return _only_added(token, vocabulary, deleted_from)
    added = [token[:k] + c + token[k:] for k in range(len(token) + 1) for c in _LETTERS]
    return _only(added, token, vocabulary) or ""


def _only_added(
    token: str, vocabulary: Container[str], deleted_from: Mapping[str, str | tuple[str, ...]]
) -> str:
    """The one word of `vocabulary` that is `token` with one letter a-z added, from the deletion table;
    empty for none or several (as `_only` over every such string)."""
    hit = deleted_from.get(token)
    if hit is None:
        return ""
    words: tuple[str, ...] = (hit,) if isinstance(hit, str) else hit
    found = ""
    size = len(token) + 1
    for word in words:
        # (The table also holds spellings the lists do not: only words of the vocabulary count, and only
        # with an added letter of `_LETTERS`.)
        if word != found and len(word) == size and word in vocabulary and _added_letter(token, word):
            if found:
                return ""
            found = word
    return found


def _added_letter(token: str, word: str) -> bool:
    """`word` is `token` with one letter of `_LETTERS` added (`word` one letter longer)."""
    k = 0
    n = len(token)
    while k < n and word[k] == token[k]:
        k += 1
    return word[k] in _LETTERS and word[k + 1 :] == token[k:]


_LETTERS: Final = "abcdefghijklmnopqrstuvwxyz"


def _only(candidates: list[str], token: str, vocabulary: Container[str]) -> str | None:
    """The one candidate in `vocabulary` (empty for none), or None for several."""
    found = ""
    for candidate in candidates:
        if candidate != found and candidate != token and candidate in vocabulary:
            if found:
                return None
            found = candidate
    return found


# Two or three single letters each followed by a dot, or joined by an ampersand (`U.S.`, `S&P`, `A. B.`).
# (`[^\W\d_]`: a letter of any script.)
_LETTER = r"[^\W\d_]"
_INITIALS = re.compile(
    rf"(?<!{_LETTER})((?:{_LETTER}\s?\.\s?){{2,3}}|{_LETTER}\s?&\s?{_LETTER}(?:\s?&\s?{_LETTER})?)(?!{_LETTER})"
)


def initials_written(text: str) -> tuple[str, ...]:
    """The words `text` writes as initials, dotted or joined by an ampersand (`U.S. GOLD`, `S&P Global`:
    `us`, `sp`), lower-cased as normalisation reads them. A word written so is an abbreviation someone
    chose, not a longer code with a key missed: `S&P Global` is not `BSP GLOBAL` typed with a slip
    (decision 0239)."""
    if "." not in text and "&" not in text:
        return ()
    return tuple("".join(c for c in found.lower() if c.isalpha()) for found in _INITIALS.findall(text))


def mistyped_article(token: str) -> bool:
    """`token` is `the` with one slip of typing (`hte`, `thw`, `thhe`): a name's leading article, which
    normalisation drops as written but not mistyped, where it would weigh as a word of the name."""
    return token in _ARTICLE_SLIPS


def struck_beside(word: str) -> list[str]:
    """`word` with one key struck beside a letter it neighbours (`tjhe`, `ythe` for `the`), as
    `similarity.fat_finger` judges it: the commonest insertion of typing, which `slipped_from` (words a
    token was typed for) does not write out."""
    out: list[str] = []
    for k in range(len(word) + 1):
        for c in _LETTERS:
            typed = word[:k] + c + word[k:]
            if fat_finger(typed, word):
                out.append(typed)
    return out


# (A key struck with its neighbour too, `TJHE ASIAN TIGERS`, `YThe Eastern ...`: decision 0190.)
_ARTICLE_SLIPS: Final = frozenset(slipped_from(_ARTICLE) + struck_beside(_ARTICLE)) - {_ARTICLE}
