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

from collections.abc import Container

from matchers.keyboard import NEIGHBOURS


def slipped_from(token: str) -> list[str]:
    """Every word `token` is one slip of typing from: a key struck for its neighbour, two neighbouring
    letters swapped, a letter doubled, a neighbouring key struck with another, a double letter typed once
    (as `similarity.slip` and `similarity.fat_finger` judge them)."""
    out: list[str] = []
    n = len(token)
    for k in range(n):
        head, here, tail = token[:k], token[k], token[k + 1 :]
        for c in NEIGHBOURS.get(here, ""):
            out.append(head + c + tail)
        if k + 1 < n and here != token[k + 1]:
            out.append(head + token[k + 1] + here + token[k + 2 :])
        # (An added letter: doubled, or a neighbour of a key beside it.)
        near = NEIGHBOURS.get(here, "")
        if (k > 0 and (token[k - 1] == here or token[k - 1] in near)) or (
            k + 1 < n and (token[k + 1] == here or token[k + 1] in near)
        ):
            out.append(head + tail)
        # (A double letter typed once.)
        out.append(head + here + here + tail)
    return out


def lone_neighbour(token: str, vocabulary: Container[str]) -> str:
    """The one word of `vocabulary` that `token` is a slip of typing from (`slipped_from`); empty when
    there is none or more than one."""
    found = ""
    for candidate in slipped_from(token):
        if candidate != found and candidate != token and candidate in vocabulary:
            if found:
                return ""
            found = candidate
    return found
