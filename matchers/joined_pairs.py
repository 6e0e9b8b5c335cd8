"""Two listed words run together with a typo in either: a candidate path the token and whole-name keys miss.

`CHIINASHIPHUILDING` is `CHINA SHIPBUILDING` joined, with a letter doubled in one word and a key struck for
its neighbour in the other. No listed token is one edit from the run (it is two words), the exact join
lookup wants the words as listed, and the whole-name 4-grams read the rarest n-grams first, which are the
typos' own (`hiph`, `huil`): the two words' n-grams are common (`ship`, `uild`) and go unread within the
budget. Cut where the words meet, though, each piece is one edit from its word, which the token
vocabulary's deletion keys find (`chiina` / `china`, `shiphuilding` / `shipbuilding`); a listed name holding
the two words side by side is then the name typed.

Only a query word no listed word is within an edit of and no English text holds, long enough to be two
words, is cut; each piece is
looked up by the deletion keys the index already holds (no table of its own, nothing more to build or to
load), and the names holding a pair are read from the rarer word's postings, a bounded number of them.
What is found reaches the scorer as a pair of one query word with two listed words, priced word by word
(`matchers/respacing.py`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matchers.config import MatchConfig
from matchers.scoring import Pair, Side
from matchers.similarity import osa_distance, similarity_with_keys, skeleton
from matchers.weights import unwritten

# A listed token's deletion keys: one token as a string, several as a tuple (`NameIndex.deletes`).
Deletes = Mapping[str, str | tuple[str, ...]]


def _listed_near(
    piece: str, postings: Mapping[str, tuple[int, ...]], deletes: Deletes, short: int
) -> list[str]:
    """Listed tokens one edit from `piece` by symmetric deletion (SymSpell): the piece itself, a listed
    token with a letter more, or either with a letter less; a piece shorter than `short` keeps its first
    letter, as the index's keys of short words do. Unverified: the similarity judges them."""
    out: list[str] = []
    first = 0 if len(piece) >= short else 1
    keys = [piece, *[piece[:k] + piece[k + 1 :] for k in range(first, len(piece))]]
    for d in keys:
        if d in postings:
            out.append(d)
        hit = deletes.get(d)
        if hit is not None:
            if isinstance(hit, str):
                out.append(hit)
            else:
                out.extend(hit)
    return out


def _near_pieces(
    piece: str,
    postings: Mapping[str, tuple[int, ...]],
    deletes: Deletes,
    config: MatchConfig,
    memo: dict[str, list[str]],
) -> list[str]:
    """Listed tokens within one edit of `piece` (found by the deletion keys, checked by the edit distance),
    not yet judged: the cheap half of a piece's look-up, done for both pieces of a cut before either is
    judged."""
    found = memo.get(piece)
    if found is None:
        short = config.similarity.min_edit_len - 1
        distance = osa_distance
        found = [
            cand
            for cand in dict.fromkeys(_listed_near(piece, postings, deletes, short))
            # (A long spelling the normaliser rewrites, `services`, is looked up as its listed form too; two
            # deletions at different places are two edits, not one.)
            if cand in postings and distance(piece, cand, score_cutoff=1) <= 1
        ]
        memo[piece] = found
    return found


def _matches(
    piece: str,
    near: list[str],
    skeletons: Mapping[str, str],
    config: MatchConfig,
    memo: dict[str, list[tuple[str, float]]],
) -> list[tuple[str, float]]:
    """The listed tokens near `piece` the token step's judgement of two words reads as it (with the
    listed tokens' skeletons the index holds, as the token step judges them)."""
    found = memo.get(piece)
    if found is None:
        similar = config.similarity
        key = skeleton(piece)
        found = []
        for cand in near:
            sim = similarity_with_keys(piece, cand, False, key, skeletons.get(cand), similar)
            if sim >= similar.min_token:
                found.append((cand, sim))
        memo[piece] = found
    return found


def typo_joins(
    word: str,
    postings: Mapping[str, tuple[int, ...]],
    deletes: Deletes,
    config: MatchConfig,
    skeletons: Mapping[str, str] | None = None,
) -> dict[tuple[str, str], float]:
    """Pairs of listed tokens `word` may be written together, each piece within an edit of its token, with
    the pieces' similarities weighed by their letters (the best cut per pair). A cut is judged only when
    both its pieces have a listed token within an edit: the judgement is the costly half."""
    least = config.retrieval.joined_typo_piece
    keys: Mapping[str, str] = {} if skeletons is None else skeletons
    near_memo: dict[str, list[str]] = {}
    memo: dict[str, list[tuple[str, float]]] = {}
    out: dict[tuple[str, str], float] = {}
    n = len(word)
    for cut in range(least, n - least + 1):
        head, tail = word[:cut], word[cut:]
        near_head = _near_pieces(head, postings, deletes, config, near_memo)
        if not near_head:
            continue
        near_tail = _near_pieces(tail, postings, deletes, config, near_memo)
        if not near_tail:
            continue
        lefts = _matches(head, near_head, keys, config, memo)
        if not lefts:
            continue
        rights = _matches(tail, near_tail, keys, config, memo)
        for left, sim_l in lefts:
            for right, sim_r in rights:
                sim = (sim_l * len(left) + sim_r * len(right)) / (len(left) + len(right))
                if sim > out.get((left, right), 0.0):
                    out[(left, right)] = sim
    return out


def typo_join_candidates(
    tokens: Sequence[str],
    unread: Sequence[bool],
    postings: Mapping[str, tuple[int, ...]],
    deletes: Deletes,
    sides: list[Side],
    config: MatchConfig,
    skeletons: Mapping[str, str] | None = None,
) -> list[tuple[float, int, Pair]]:
    """(similarity, name id, the pair of the query word with the two listed words) of listed names holding
    two neighbouring words a query word is, run together with a typo: query words flagged `unread` (no
    listed word within the token step's edits) of at least `joined_typo_word` letters. At most
    `max_joined_candidates` names, the best pairs first and, among the names holding one pair, those with
    as many words as the query first.

    `postings` hold each token's name ids in rising order (a name listing a word twice holds it twice, side
    by side), as `NameIndex.postings` does: a name is read once by skipping the id just read."""
    retrieval = config.retrieval
    shortest, reads = retrieval.joined_typo_word, retrieval.joined_typo_reads
    # (A word longer than any listed word is looked up as written only: its cuts and their deletion keys
    # would cost quadratic time in a pasted blob.)
    longest = retrieval.max_edit_token_len
    found: list[tuple[float, int, int, Pair]] = []
    n_query = len(tokens)
    for i, word in enumerate(tokens):
        if not unread[i] or not shortest <= len(word) <= longest or not word.isalpha() or not unwritten(word):
            # (A word English text holds, `therapeutic`, is that word, not two run together.)
            continue
        for (left, right), sim in typo_joins(word, postings, deletes, config, skeletons).items():
            ids_l, ids_r = postings[left], postings[right]
            ids = ids_l if len(ids_l) <= len(ids_r) else ids_r
            if len(ids) > reads:
                continue
            last = -1
            for name_id in ids:
                if name_id == last:
                    continue
                last = name_id
                listed = sides[name_id].tokens
                for j in range(len(listed) - 1):
                    if listed[j] == left and listed[j + 1] == right:
                        gap = abs(len(listed) - 1 - n_query)
                        found.append((sim, gap, name_id, Pair((i,), (j, j + 1), sim)))
                        break
    found.sort(key=lambda f: (-f[0], f[1], f[2]))
    out: list[tuple[float, int, Pair]] = []
    seen: set[int] = set()
    for sim, _, name_id, pair in found:
        if name_id not in seen:
            seen.add(name_id)
            out.append((sim, name_id, pair))
            if len(out) >= retrieval.max_joined_candidates:
                break
    return out
