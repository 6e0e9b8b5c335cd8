"""Which words of two names stand for each other, read from the alignment of their letters.

A name found by its whole-name keys (`matchers/fuzzy_keys.py`) was found because most of its letters are
there in order, not because its words are: `PALESTNIANAIDCOUNCIL` is one word for three, `TRNASP ORTATION`
two for one, `Hamaz` a typo the word-by-word similarity may refuse. Aligning the two names' letters (an
edit-distance alignment of the words run together) says which query words cover which listed words; each
group of words that cover each other becomes one aligned pair for the scorer, with the edit similarity of
the two groups' letters, so the score still explains itself word by word.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, cast

from rapidfuzz.distance import Levenshtein

from matchers.scoring import Pair
from matchers.similarity import osa_distance

# Two words cover each other when this share of the shorter one's letters is aligned to the other.
MIN_COVER: Final = 0.5
# (rapidfuzz's function held in a final name: compiled, read from a C static, not looked up per call.)
_OPCODES: Final = Levenshtein.opcodes


def _owners(words: Sequence[str]) -> list[int]:
    return [k for k, w in enumerate(words) for _ in w]


def _root(parent: list[int], node: int) -> int:
    while parent[node] != node:
        node = parent[node]
    return node


def group_similarity(a: str, b: str, edit_cost: float) -> float:
    """Edit similarity of two groups of letters, each edit costing `edit_cost` letters' share."""
    if a == b:
        return 1.0
    dist = osa_distance(a, b)
    return max(0.0, 1.0 - edit_cost * dist / max(len(a), len(b)))


def word_pairs(
    query: Sequence[str],
    listed: Sequence[str],
    edit_cost: float,
    tokens: tuple[Sequence[str], Sequence[str]] | None = None,
    short: tuple[int, float] = (0, 1.0),
) -> list[Pair]:
    """Aligned groups of neighbouring words (query word positions, listed word positions, similarity).

    `query` and `listed` are the words as written (their letters are aligned); `tokens`, the same words in
    canonical form, compare a single word with a single word as the token step does (plurals folded).
    `short` = (length, most): a single word shorter than `length` letters scores at most `most` when not
    equal, as one edit makes another short word."""
    q_text, l_text = "".join(query), "".join(listed)
    if not q_text or not l_text:
        return []
    q_owner, l_owner = _owners(query), _owners(listed)
    n_query, n_listed = len(query), len(listed)
    # Letters aligned per pair of words, query word `i` and listed word `j` at `i * n_listed + j`.
    shared = [0] * (n_query * n_listed)
    # (As plain tuples, which `as_list` returns whatever its stub says: no object and attribute per step.)
    opcodes = cast(list[tuple[str, int, int, int, int]], _OPCODES(q_text, l_text).as_list())
    for tag, src_start, src_end, dest_start, dest_end in opcodes:
        if tag != "equal" and tag != "replace":
            continue
        for k in range(min(src_end - src_start, dest_end - dest_start)):
            shared[q_owner[src_start + k] * n_listed + l_owner[dest_start + k]] += 1
    # Words covering each other, then groups of them (connected components of that relation). Listed word
    # `j` is node `j`, query word `i` node `n_listed + i`: in node order, listed words first, each side in
    # its words' order.
    parent = list(range(n_listed + n_query))
    covered = [False] * (n_listed + n_query)
    for i in range(n_query):
        for j in range(n_listed):
            n = shared[i * n_listed + j]
            if n and n >= max(1.0, MIN_COVER * min(len(query[i]), len(listed[j]))):
                q_node = n_listed + i
                covered[q_node] = covered[j] = True
                q_root, l_root = _root(parent, q_node), _root(parent, j)
                if q_root != l_root:
                    parent[q_root] = l_root
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for node in range(n_listed + n_query):
        if covered[node]:
            l_words, q_words = groups.setdefault(_root(parent, node), ([], []))
            if node < n_listed:
                l_words.append(node)
            else:
                q_words.append(node - n_listed)
    shortest, most = short
    pairs = []
    for l_words, q_words in groups.values():
        # Only runs of neighbouring words are one group (a word written apart or together).
        if q_words != list(range(q_words[0], q_words[-1] + 1)):
            continue
        if l_words != list(range(l_words[0], l_words[-1] + 1)):
            continue
        if len(q_words) == 1 and len(l_words) == 1 and tokens is not None:
            a, b = tokens[0][q_words[0]], tokens[1][l_words[0]]
            sim = group_similarity(a, b, edit_cost)
            if sim < 1.0 and min(len(a), len(b)) < shortest:
                sim = min(sim, most)
        else:
            a = "".join(query[i] for i in q_words)
            b = "".join(listed[j] for j in l_words)
            sim = group_similarity(a, b, edit_cost)
        if sim > 0.0:
            pairs.append(Pair(tuple(q_words), tuple(l_words), sim))
    return pairs
