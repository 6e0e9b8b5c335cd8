"""Score one query name against one listed name: align the tokens, weigh them, combine both coverages.

The score is the harmonic mean of two weighted coverages: how much of the listed name's identity the
query accounts for, and how much of the query's identity the listed name accounts for. Either side
leaving a distinctive token unexplained pulls the score down; generic tokens hardly matter.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Final, final

from rapidfuzz.distance import OSA

from matchers.alignment import Alignment
from matchers.config import DEFAULT_CONFIG, MatchConfig
from matchers.damaged_forms import mistyped_form
from matchers.english_words import zipf_frequency
from matchers.leftover_rules import leftover_pairs, rejoined_pieces, split_pieces_rejoined
from matchers.pair import Pair as Pair
from matchers.respacing import respaced_similarity
from matchers.sides import MEMO_WORD_LEN as MEMO_WORD_LEN
from matchers.sides import Side as Side
from matchers.sides import TokenMemo as TokenMemo
from matchers.sides import WeightMemo as WeightMemo
from matchers.sides import word_weight as word_weight
from matchers.similarity import (
    abjad_similarity,
    lookalike,
    misprinted,
    slip,
    stacked_slips,
    token_similarity,
)
from matchers.transcription import LATIN, TRANSCRIPTION, explain_keys, transcription_pairs
from matchers.typo_rules import (
    bare_coined,
    country_picked,
    form_read_short,
    odd_typos,
    registration_typo,
    romanised,
    supported_short,
)
from matchers.vocabulary import FUNCTION_WORDS, NAME_PARTICLES

# How far from a half `x * 10 ** digits` must be for its rounding to be decided by the product: its error is
# at most half an ulp, under 1e-7 below `_LARGEST` (the scores, weights and similarities rounded here are
# below 1e4).
_TIE_MARGIN: Final = 1e-6
_LARGEST: Final = 1e9
# `(j,)` for the listed positions most names have, made once: `QueryPlan.pairs` aligns one listed word per
# pair, and a new one-item tuple for each was an allocation and a free per pair (decision 0541). Typed as
# tuples of any length, so compiled code hands them on as they are rather than unboxing and boxing again.
_LISTED_AT: Final[tuple[tuple[int, ...], ...]] = tuple([(j,) for j in range(64)])


def rounded(x: float, digits: int) -> float:
    """`round(x, digits)`, the same number bit for bit without its decimal conversion
    (a few thousand instructions; explanations round a few dozen numbers per reported match).

    `round` gives the double nearest to x rounded half-even to `digits` decimals. Away from a tie, the
    decimal is k / 10**digits with k the integer nearest to the product `x * 10**digits` (its rounding error
    cannot cross a half), and dividing the exact k by the exact power is correctly rounded by IEEE, so it
    is that nearest double. Near a tie, or for a huge or non-finite x, `round` itself answers; a zero keeps
    x's sign, as `round` does."""
    if not 0 <= digits <= 15:
        return round(x, digits)
    # (Exact: an integer below 2 ** 53. Explanations round to 3 and 4 digits: their scales are written out,
    # as `10 ** digits` is a generic power from compiled code.)
    scale = 1000.0 if digits == 3 else 10000.0 if digits == 4 else float(10**digits)
    y = x * scale
    if not -_LARGEST < y < _LARGEST:
        return round(x, digits)
    low = math.floor(y)
    fraction = y - low
    # (`abs(fraction - 0.5) <= _TIE_MARGIN` without the generic call of `abs`.)
    if -_TIE_MARGIN <= fraction - 0.5 <= _TIE_MARGIN:
        return round(x, digits)
    k = low if fraction < 0.5 else low + 1
    if k == 0:
        return math.copysign(0.0, x)
    return k / scale


@final
class NameScore:
    """One name scored against one listed name. A plain class, not a frozen dataclass: compiled, its fields
    are set directly (a frozen dataclass's generated `__init__` runs as Python, once per candidate scored).
    Read-only by convention."""

    __slots__ = ("adjustments", "listed", "listed_coverage", "pairs", "query", "query_coverage", "score")

    def __init__(
        self,
        score: float,
        listed_coverage: float,
        query_coverage: float,
        pairs: tuple[Pair, ...],
        query: Side,
        listed: Side,
        adjustments: tuple[tuple[str, float], ...] = (),
    ) -> None:
        self.score = score
        self.listed_coverage = listed_coverage
        self.query_coverage = query_coverage
        self.pairs = pairs
        self.query = query
        self.listed = listed
        # The factors and bonuses applied after the coverages (`single_fuzzy` x0.9, `corroborated`
        # +0.03...), so a name score that is not the coverages' harmonic mean says why.
        self.adjustments = adjustments

    def __repr__(self) -> str:
        return (
            f"NameScore(score={self.score!r}, listed_coverage={self.listed_coverage!r}, "
            f"query_coverage={self.query_coverage!r}, pairs={self.pairs!r}, adjustments={self.adjustments!r})"
        )

    def listed_word_left(self) -> bool:
        """Whether a word of the listed name other than a minor one (a legal form, a particle, `holding`)
        is aligned with nothing: a given name the query does not write (`RICHARD` of `RICHARD PHILLIPS`
        for `Phillips LLC`; decision 0251). A word matched in part, or by pieces, is not left."""
        l_minor = self.listed.minor
        used = [False] * len(l_minor)
        for p in self.pairs:
            for j in p.listed:
                used[j] = True
        return any(not used[j] and not l_minor[j] for j in range(len(used)))

    def listed_particle_left(self) -> bool:
        """Whether the listed name is one word besides its minor ones and a particle of it is aligned with
        nothing: `el` of `EL BLANCO` for `Blanco S.A.` (decision 0265). A particle is part of a person's
        name; with a second name word left the query is partial already (`listed_word_left`)."""
        l_minor, l_tokens = self.listed.minor, self.listed.tokens
        if sum([not m for m in l_minor]) != 1:
            return False
        used = [False] * len(l_minor)
        for p in self.pairs:
            for j in p.listed:
                used[j] = True
        return any(not used[j] and l_minor[j] and l_tokens[j] in NAME_PARTICLES for j in range(len(used)))

    def query_minor_aligned(self) -> bool:
        """Whether a minor word of the query (a legal form) is aligned with a word of the listed name: a
        listed word split or mistyped into a form and a piece (`BLUEG AS` for `BLUEGAS`, `SA RVIN` for
        `SARVIN`) is the listed word, not a company of it (decision 0266)."""
        q_minor = self.query.minor
        return any(q_minor[i] for p in self.pairs for i in p.query)

    def explain(self) -> dict[str, Any]:
        # Built for every reported match (a tenth of the screening time), hence the plain loops.
        q_tokens, l_tokens, l_weights = self.query.tokens, self.listed.tokens, self.listed.weights
        # (Flags by position, not sets: `set.update` of a tuple is a generic method call from compiled code,
        # and each position a boxed int hashed in and out; decision 0199.)
        used_q = [False] * len(q_tokens)
        used_l = [False] * len(l_tokens)
        aligned = []
        for p in self.pairs:
            pq, pl = p.query, p.listed
            for i in pq:
                used_q[i] = True
            for j in pl:
                used_l[j] = True
            one = len(pl) == 1
            entry = {
                "query": q_tokens[pq[0]] if len(pq) == 1 else " ".join([q_tokens[i] for i in pq]),
                "listed": l_tokens[pl[0]] if one else " ".join([l_tokens[j] for j in pl]),
                "similarity": rounded(p.similarity, 3),
                "weight": rounded(l_weights[pl[0]] if one else _heaviest(l_weights, pl), 3),
            }
            if p.rule:
                entry.update(explain_rule(p, self.query, self.listed))
            aligned.append(entry)
        explained: dict[str, Any] = {
            "aligned": aligned,
            "unmatched_query": [t for i, t in enumerate(q_tokens) if not used_q[i]],
            "unmatched_listed": [t for j, t in enumerate(l_tokens) if not used_l[j]],
            "listed_coverage": rounded(self.listed_coverage, 3),
            "query_coverage": rounded(self.query_coverage, 3),
            "name_score": rounded(self.score, 3),
        }
        if self.adjustments:
            explained["adjustments"] = [
                {"rule": rule, "effect": rounded(effect, 3)} for rule, effect in self.adjustments
            ]
        return explained


def _candidate_pairs(q: Side, lst: Side, person: bool, config: MatchConfig) -> list[Pair]:
    """Every token pair that may align, compared directly (pairwise `compare`; the screener's
    `QueryPlan` looks the same pairs up in what the index found)."""
    pairs: list[Pair] = []
    similar = config.similarity
    abjad_floor = similar.abjad
    join_floor = config.scoring.join_similarity_floor
    qt, lt = q.tokens, lst.tokens
    abjad = q.abjad or lst.abjad
    for i, a in enumerate(qt):
        for j, b in enumerate(lt):
            sim = token_similarity(a, b, person, similar)
            if not sim and (q.raw[i] != a or lst.raw[j] != b):
                # A misspelt abbreviation (`Trlecom`) is compared as written, not as expanded.
                sim = token_similarity(q.raw[i], lst.raw[j], person, similar)
            if not sim and abjad:
                sim = abjad_similarity(a, b, similar)
            if sim > 0.0:
                pairs.append(Pair((i,), (j,), sim))
    # Spacing: `Sense Time` / `SenseTime`, `Trans Neft` / `Transneft`, pinyin syllables `jiu tian ke` /
    # `Jiutianke`; compared as written.
    qr, lr = q.raw, lst.raw
    for span in (2, 3):
        for i in range(len(qr) - span + 1):
            joined = "".join(qr[i : i + span])
            for j, b in enumerate(lr):
                if abjad:
                    sim = max(
                        token_similarity(joined, b, False, similar), abjad_similarity(joined, b, similar)
                    )
                    if sim >= abjad_floor:
                        pairs.append(Pair(tuple(range(i, i + span)), (j,), sim))
                elif b[0] == joined[0] and abs(len(b) - len(joined)) <= 2:
                    sim = token_similarity(joined, b, False, similar)
                    if sim >= join_floor:
                        pairs.append(Pair(tuple(range(i, i + span)), (j,), sim))
    for j in range(len(lr) - 1):
        joined = lr[j] + lr[j + 1]
        for i, a in enumerate(qr):
            if abjad:
                sim = max(token_similarity(a, joined, False, similar), abjad_similarity(a, joined, similar))
                if sim >= abjad_floor:
                    pairs.append(Pair((i,), (j, j + 1), sim))
            elif a[0] == joined[0] and abs(len(a) - len(joined)) <= 2:
                sim = token_similarity(a, joined, False, similar)
                if sim < 1.0:
                    # (Typos priced in the words they damaged: `myohyanyshiping` / `myohyang shipping`.)
                    sim = max(sim, respaced_similarity((a,), (lr[j], lr[j + 1]), similar))
                if sim >= join_floor:
                    pairs.append(Pair((i,), (j, j + 1), sim))
    if q.script != lst.script and LATIN in (q.script, lst.script):
        pairs.extend(cross_script_pairs(q, lst, config, pairs))
    acronym = config.scoring.acronym_similarity
    pairs.extend(_acronym_pairs(q, lst, acronym))
    pairs.extend(Pair(p.listed, p.query, p.similarity) for p in _acronym_pairs(lst, q, acronym))
    scoring = config.scoring
    pairs.extend(
        _swapped_acronym_pairs(q, lst, scoring.acronym_slip_similarity, scoring.acronym_slip_support)
    )
    return pairs


def cross_script_pairs(q: Side, lst: Side, config: MatchConfig, pairs: Sequence[Pair] = ()) -> list[Pair]:
    """Words of a name written in another script aligned with a Latin name's by sound
    (`matchers/transcription.py`). Words `pairs` already aligned well enough are not compared again (a
    Cyrillic name romanised to the listed spelling, an Arabic one by its consonants)."""
    sure = config.transcription.aligned
    # (Legal forms and function words are never transcribed names.)
    # (The sets filled in loops: `set.union` of a generator is a generic method call from compiled code.)
    sure_q = {i for p in pairs if p.similarity >= sure for i in p.query}
    for i, m in enumerate(q.minor):
        if m:
            sure_q.add(i)
    sure_l = {j for p in pairs if p.similarity >= sure for j in p.listed}
    for j, m in enumerate(lst.minor):
        if m:
            sure_l.add(j)
    if q.script == LATIN:
        found = transcription_pairs(
            lst.raw, lst.words, lst.script, q.raw, config.transcription, sure_l, sure_q
        )
        return [Pair(latin, native, sim, TRANSCRIPTION) for native, latin, sim in found]
    found = transcription_pairs(q.raw, q.words, q.script, lst.raw, config.transcription, sure_q, sure_l)
    return [Pair(native, latin, sim, TRANSCRIPTION) for native, latin, sim in found]


def explain_rule(p: Pair, q: Side, lst: Side) -> dict[str, Any]:
    """A transcription pair names its rule and the two sound skeletons it was judged on."""
    # (The native side's syllables joined as `transcription_pairs` joins them.)
    written_q = ("" if q.script == LATIN else "-").join(q.raw[i] for i in p.query)
    written_l = ("" if lst.script == LATIN else "-").join(lst.raw[j] for j in p.listed)
    if q.script == LATIN:
        keys = explain_keys(written_q, written_l, lst.script)
    else:
        keys = explain_keys(written_l, written_q, q.script)[::-1]
    return {"rule": p.rule, "keys": list(keys)}


def swapped(token: str) -> tuple[str, ...]:
    """`token` with two neighbouring letters swapped, each way (`pbs` -> `bps`, `psb`)."""
    # (A plain loop: a generator expression is an object and a call per item in compiled code.)
    out: list[str] = []
    for k in range(len(token) - 1):
        a, b = token[k], token[k + 1]
        if a != b:
            # (One string built from its four parts, not three concatenations each making a new string.)
            out.append(f"{token[:k]}{b}{a}{token[k + 2 :]}")
    return tuple(out)


def _swapped_acronym_pairs(short: Side, long: Side, similarity: float, support: float) -> list[Pair]:
    """A query acronym typed with two letters swapped (`Kumul PBS` for `PSB`, Public Security Bureau):
    a slip of typing, aligned with the words it spells at a little less than an acronym, when the rest of
    the long name holds a word of the short one heavy enough to name the party (`kumul`, at least
    `support`). A generic word beside it is not enough: `PPG Industries` is not `Persian Gulf
    Petrochemical Industries` (`pgp`)."""
    initials = long.initials
    if not short.short or not initials:
        return []
    pairs: list[Pair] = []
    for i in short.short:
        tok = short.tokens[i]
        if len(tok) < 3 or tok in initials:
            continue
        for variant in swapped(tok):
            start = initials.find(variant)
            if start != -1:
                first, last = long.initial_tokens[start], long.initial_tokens[start + len(tok) - 1]
                others = {t for k, t in enumerate(short.tokens) if k != i and not short.minor[k]}
                held = sum(
                    long.weights[j]
                    for j, t in enumerate(long.tokens)
                    if not first <= j <= last and not long.minor[j] and t in others
                )
                if held >= support:
                    pairs.append(Pair((i,), tuple(range(first, last + 1)), similarity))
    return pairs


def _acronym_pairs(short: Side, long: Side, similarity: float) -> list[Pair]:
    """`PSB` for `Public Security Bureau`, `XPCC` for `Xinjiang Production and Construction Corps`."""
    pairs: list[Pair] = []
    initials = long.initials
    if not short.short or not initials:
        return pairs
    for i in short.short:
        tok = short.tokens[i]
        start = initials.find(tok)
        while start != -1:
            first, last = long.initial_tokens[start], long.initial_tokens[start + len(tok) - 1]
            pairs.append(Pair((i,), tuple(range(first, last + 1)), similarity))
            start = initials.find(tok, start + 1)
    return pairs


def align(q: Side, lst: Side, person: bool = False, config: MatchConfig = DEFAULT_CONFIG) -> tuple[Pair, ...]:
    return _choose_respaced(q, lst, _candidate_pairs(q, lst, person, config), config)


class QueryPlan:
    """One query prepared for scoring against many listed names: each listed token is looked up among the
    words the index found like each query token, instead of comparing every token pair of every candidate."""

    __slots__ = (
        "at",
        "config",
        "cross_script",
        "initial",
        "joins",
        "known",
        "person",
        "raw_index",
        "short_tokens",
        "shortest",
        "side",
        "singles",
        "swapped_short",
    )

    def __init__(
        self,
        side: Side,
        known: Sequence[dict[str, float]],
        joins: dict[tuple[int, ...], dict[str, float]],
        person: bool,
        config: MatchConfig = DEFAULT_CONFIG,
    ) -> None:
        self.side = side
        self.person = person
        self.config = config
        # A query written in another script is also compared by sound with Latin listed names; a Latin
        # query never is (listed names in other scripts are reached by their romanisation, as before).
        self.cross_script = side.script != LATIN
        self.initial = config.similarity.initial
        join_floor = config.scoring.join_similarity_floor
        # What the index found per query token, read per listed token of each candidate (`pairs`) rather than
        # inverted here into lists by listed token: most queries meet a few candidates, and the inversion
        # cost more than the look-ups it saved (a list and a tuple per similar word; decision 0184).
        self.known: tuple[dict[str, float], ...] = tuple(known)
        self.at = tuple((i,) for i in range(len(side.tokens)))
        kept_joins: list[tuple[tuple[int, ...], dict[str, float]]] = []
        for span, table in joins.items():
            kept = {listed: sim for listed, sim in table.items() if sim >= join_floor}
            if kept:
                kept_joins.append((span, kept))
        self.joins = kept_joins
        self.raw_index = {t: i for i, t in enumerate(side.raw)}
        self.singles = tuple(i for i, t in enumerate(side.tokens) if len(t) == 1)
        self.short_tokens = tuple(side.tokens[i] for i in side.short)
        self.swapped_short = tuple(v for t in self.short_tokens if len(t) >= 3 for v in swapped(t))
        # (The shortest of the query's short words: listed initials shorter than it hold none of them, nor
        # any swapped variant, which is three letters at least; asked before the substring searches.)
        self.shortest = min([len(t) for t in self.short_tokens]) if self.short_tokens else 0

    def pairs(self, lst: Side, person: bool) -> list[Pair]:
        pairs: list[Pair] = []
        tokens, known, at, joins = self.side.tokens, self.known, self.at, self.joins
        n = len(tokens)
        for j, b in enumerate(lst.tokens):
            listed = _LISTED_AT[j] if j < 64 else (j,)
            # (Query tokens in order, each the listed token itself or a word the index found like it; then
            # the query's joined spans: the order the pairs were always listed in.)
            for k in range(n):
                if tokens[k] == b:
                    pairs.append(Pair(at[k], listed, 1.0))
                else:
                    found = known[k].get(b)
                    if found is not None:
                        pairs.append(Pair(at[k], listed, found))
            for span, table in joins:
                found = table.get(b)
                if found is not None:
                    pairs.append(Pair(span, listed, found))
        raw_index = self.raw_index
        for j, written in enumerate(lst.adjacent):
            i = raw_index.get(written)
            if i is not None:
                pairs.append(Pair((i,), (j, j + 1), 1.0))
        if person:
            q = self.side
            initial = self.initial
            for i in self.singles:
                pairs.extend(
                    Pair((i,), (j,), initial) for j, b in enumerate(lst.tokens) if b[0] == q.tokens[i]
                )
            for j, b in enumerate(lst.tokens):
                if len(b) == 1:
                    pairs.extend(Pair((i,), (j,), initial) for i, a in enumerate(q.tokens) if a[0] == b)
        # Acronyms: a plain substring test first, as most names hold none.
        initials = lst.initials
        if initials and len(initials) >= self.shortest:
            for tok in self.short_tokens:
                if tok in initials:
                    pairs.extend(_acronym_pairs(self.side, lst, self.config.scoring.acronym_similarity))
                    break
        if (
            self.swapped_short
            and len(initials) >= 3
            and len(initials) >= self.shortest
            and any(v in initials for v in self.swapped_short)
        ):
            scoring = self.config.scoring
            pairs.extend(
                _swapped_acronym_pairs(
                    self.side, lst, scoring.acronym_slip_similarity, scoring.acronym_slip_support
                )
            )
        initials = self.side.initials
        if initials:
            for j in lst.short:
                if lst.tokens[j] in initials:
                    reverse = _acronym_pairs(lst, self.side, self.config.scoring.acronym_similarity)
                    pairs.extend(Pair(p.listed, p.query, p.similarity) for p in reverse)
                    break
        return pairs

    def _rejudged(self, extra: Sequence[Pair], lst: Side, person: bool) -> list[Pair]:
        """Words aligned letter by letter, one against one, are also judged as the token step judges two
        words (a misprint, a slip, the words as written: `Zabbas`/`Abbas`, where the plural fold made
        `zabba`): the better reading counts."""
        q = self.side
        similar = self.config.similarity
        # (A word of the query the lists hold, aligned by its letters with listed legal forms only, further
        # than a typo: decision 0228.)
        keep_words = self.config.scoring.form_keeps_listed_words
        out = []
        for p in extra:
            if p.similarity < 1.0:
                if len(p.query) == 1 and len(p.listed) == 1:
                    i, j = p.query[0], p.listed[0]
                    # (`max()` of the three by comparisons, as `max` keeps the first of equals: a generic
                    # call of a builtin from compiled code otherwise.)
                    sim = token_similarity(q.tokens[i], lst.tokens[j], person, similar)
                    other = token_similarity(q.raw[i], lst.raw[j], person, similar)
                    if other > sim:
                        sim = other
                    other = stacked_slips(q.raw[i], lst.raw[j], similar, q.unknown[i])
                    if other > sim:
                        sim = other
                else:
                    sim = respaced_similarity(
                        [q.raw[i] for i in p.query], [lst.raw[j] for j in p.listed], similar
                    )
                    if len(p.listed) == 1 and sim < 1.0:
                        # (A split word against the listed word as the token step reads it: `HO TTEL` is
                        # `hotels` with a letter doubled and its plural folded.)
                        joined = "".join([q.raw[i] for i in p.query])
                        sim = max(sim, token_similarity(joined, lst.tokens[p.listed[0]], person, similar))
                if sim > p.similarity:
                    p = Pair(p.query, p.listed, sim)
                if keep_words and p.similarity < similar.min_token and _word_for_form(q, lst, p):
                    continue
            out.append(p)
        return out

    def score(self, lst: Side, person: bool, extra: Sequence[Pair] = (), country: bool = False) -> NameScore:
        """`extra`: pairs retrieval found by other means (words aligned letter by letter for a name found
        by its whole-name keys), chosen from with the rest. `country`: the query gives a country the listed
        entry has (evidence `supported_short` weighs)."""
        pairs = self.pairs(lst, person)
        if extra:
            pairs.extend(self._rejudged(extra, lst, person))
        if self.cross_script and lst.script == LATIN:
            pairs.extend(cross_script_pairs(self.side, lst, self.config, pairs))
        return _score_alignment(
            self.side, lst, _choose_respaced(self.side, lst, pairs, self.config), person, self.config, country
        )


# Loops for what `max()`, `sum()` and `list.count` answer over a sequence: from compiled code those are
# generic calls of a builtin (a module look-up, a call, an object per item), several hundred instructions
# each, made for every candidate scored. The same numbers: the first largest weight, and the sum added left to
# right from 0.0 as `sum` adds floats (decision 0194).
def _heaviest(weights: tuple[float, ...], listed: tuple[int, ...]) -> float:
    """`max(weights[j] for j in listed)`, `listed` not empty."""
    best = weights[listed[0]]
    for k in range(1, len(listed)):
        w = weights[listed[k]]
        if w > best:
            best = w
    return best


def _total(values: list[float]) -> float:
    """`sum(values)` for floats."""
    out = 0.0
    for v in values:
        out += v
    return out


def _flagged(flags: tuple[bool, ...]) -> bool:
    """`True in flags`: from compiled code a generic containment test of the tuple (a call and a comparison
    per item); `any()` of a generator is a loop over native booleans."""
    return any(f for f in flags)


def _one_major(minor: tuple[bool, ...]) -> bool:
    """`minor.count(False) == 1`: the name has one word that is not a legal form or a function word."""
    seen = 0
    for m in minor:
        if not m:
            seen += 1
    return seen == 1


def _leading_places(side: Side, matched: dict[int, float], most: int) -> int:
    """How many unmatched place tokens lead the name (`Zhejiang` Dahua, `Sheung Wan` Superchip), at
    most `most`."""
    n = 0
    while n < most and n < len(side.tokens) - 1 and side.places[n] and n not in matched:
        n += 1
    return n


def _mistyped_forms(q: Side, lst: Side, matched_q: dict[int, float], config: MatchConfig) -> tuple[int, ...]:
    """The query's last words, left unaligned, that are a legal form typed with one edit (`TLD`, `Snd Bhd`,
    `11C`: `matchers/damaged_forms.py`) when the listed name has a legal form of its own and the query has
    an aligned word before them: read as the form, not as words the listed name lacks."""
    most_common = config.scoring.mistyped_form_zipf
    if not most_common or not matched_q:
        return ()
    tokens, minor = q.tokens, q.minor
    out: list[int] = []
    for i in range(len(tokens) - 1, 0, -1):
        if minor[i]:
            continue
        if i in matched_q or not mistyped_form(tokens[i], most_common):
            break
        out.append(i)
    # (The listed name's legal form is looked for last: most queries end in an aligned word.)
    if out and any(i in matched_q and not minor[i] for i in range(out[-1])) and _has_legal_form(lst):
        return tuple(out)
    return ()


def _slip_not_name(
    written: str, listed: str, most_common: float, lookalikes: str = "", lookalike_min: int = 0
) -> bool:
    """`written` is `listed` with one misread letter of print (`Clore` for `Dore`: scanned text reads what it
    reads, words included), or one slip of typing that makes no word ordinary text writes at least as often
    as `most_common` on the Zipf scale. A slip that makes such a word (`castro` 3.7 for `castor`, `scott`
    4.7 for `scot`, `mata` 3.5 for `mataa`) is more often a surname written on purpose than a short name
    mistyped; 0 takes every slip (decision 0227). A letter print confuses with the listed one (`lookalikes`,
    in words of `lookalike_min` letters or more: `Jamaiga` for `Jamaica`) is read as a slip (0246)."""
    if misprinted(written, listed):
        return True
    misread = len(listed) >= lookalike_min and lookalike(written, listed, lookalikes)
    if not (misread or slip(written, listed)):
        return False
    return most_common <= 0.0 or zipf_frequency(written, "en") < most_common


def _word_for_form(q: Side, lst: Side, p: Pair) -> bool:
    """Every word of the pair's query side is a word the lists hold and no legal form (`construction`), and
    every word of its listed side a legal form (`Corporation`): letters aligned across the whole names pair
    them (`Global Construction Limited` / `Global Corporation Limited`, 0.375), and the query word would then
    weigh what the form weighs, erased. A form mistyped is a string no list holds (`Corporatoin`), or within
    a typo of the form, which the token steps read (decision 0228)."""
    for i in p.query:
        if q.minor[i] or q.unknown[i]:
            return False
    return all(lst.minor[j] for j in p.listed)


def _has_legal_form(side: Side) -> bool:
    minor, tokens = side.minor, side.tokens
    return any(minor[j] and tokens[j] not in FUNCTION_WORDS for j in range(len(tokens)))


def _legal_form_left(side: Side, matched: dict[int, float]) -> bool:
    """A legal form (a minor token other than a function word) left unaligned."""
    minor, tokens = side.minor, side.tokens
    return any(minor[i] and i not in matched and tokens[i] not in FUNCTION_WORDS for i in range(len(tokens)))


def _typed_forms_left(side: Side, matched: dict[int, float]) -> bool:
    """Every legal form `side` leaves unaligned was read from a word one typo from a form (`PNO`, `OKO`:
    `Side.typed_forms`), not written as one: the form it names is a guess, not a statement that the company
    is of another form (decision 0267)."""
    typed = side.typed_forms
    if not typed:
        return False
    minor, tokens = side.minor, side.tokens
    return all(
        i in typed
        for i in range(len(tokens))
        if minor[i] and i not in matched and tokens[i] not in FUNCTION_WORDS
    )


def _unexplained(side: Side, matched: dict[int, float]) -> bool:
    return any(i not in matched and not side.minor[i] for i in range(len(side.tokens)))


def _fully_matched(side: Side, matched: dict[int, float]) -> bool:
    return all(i in matched or side.minor[i] for i in range(len(side.tokens)))


def _coverage(
    side: Side,
    weights: tuple[float, ...],
    matched: dict[int, float],
    anchored: bool,
    config: MatchConfig,
    missing_ok: bool = False,
    descriptors_ok: bool = False,
    forms: tuple[int, ...] = (),
) -> float:
    """Weighted share of `side` explained. `missing_ok`: a person's extra name parts (a middle name, a
    patronymic) are expected when the other name is fully explained, and weigh half. (`weights` a tuple:
    compiled code reads it by index, where a `Sequence` is walked by a generic iterator; decision 0541.)"""
    scoring = config.scoring
    discounted = _leading_places(side, matched, scoring.leading_place_tokens) if anchored else 0
    place_discount, missing_part, floor = (
        config.weights.place_discount,
        scoring.missing_name_part,
        scoring.unmatched_floor,
    )
    total = 0.0
    got = 0.0
    for i, w in enumerate(weights):
        sim = matched.get(i)
        if sim is None:
            if i < discounted:
                w *= place_discount
            elif missing_ok:
                w *= missing_part
            elif not side.minor[i] and not (descriptors_ok and side.descriptors[i]) and i not in forms:
                w = max(w, floor)
        total += w
        if sim is not None:
            got += w * sim
    return got / total if total else 0.0


def score_names(q: Side, lst: Side, person: bool = False, config: MatchConfig = DEFAULT_CONFIG) -> NameScore:
    return _score_alignment(q, lst, align(q, lst, person, config), person, config)


def _choose_respaced(q: Side, lst: Side, pairs: list[Pair], config: MatchConfig) -> tuple[Pair, ...]:
    """The alignment, chosen again with runs of words whose spaces moved (`_moved_spaces`) when the first
    choice leaves words on both sides imperfect."""
    chosen = _choose(pairs, lst, len(q.tokens))
    if config.scoring.moved_space:
        extra = _moved_spaces(q, lst, chosen, config)
        if extra:
            pairs.extend(extra)
            chosen = _choose(pairs, lst, len(q.tokens))
    return chosen


def _imperfect_runs(side: Side, exact: set[int], broken: set[int]) -> list[tuple[int, int]]:
    """Maximal runs of words not aligned exactly, holding at least one broken word."""
    runs: list[tuple[int, int]] = []
    start = -1
    n = len(side.tokens)
    for k in range(n + 1):
        if k < n and k not in exact:
            if start < 0:
                start = k
        elif start >= 0:
            if _touches(broken, start, k):
                runs.append((start, k))
            start = -1
    return runs


def _touches(positions: set[int], start: int, end: int) -> bool:
    """`not positions.isdisjoint(range(start, end))`, without the range object and the generic method call
    (decision 0194)."""
    return any(k in positions for k in range(start, end))


def _widest(runs: list[tuple[int, int]]) -> int:
    """`max(e - s for s, e in runs)`, `runs` not empty."""
    most = runs[0][1] - runs[0][0]
    for s, e in runs:
        if e - s > most:
            most = e - s
    return most


def _boundaries(raw: Sequence[str], first: int, last: int) -> set[int]:
    """Offsets of the spaces inside a run of words, counted in letters from its start."""
    out: set[int] = set()
    at = 0
    for k in range(first, last - 1):
        at += len(raw[k])
        out.add(at)
    return out


def _moved_spaces(q: Side, lst: Side, chosen: tuple[Pair, ...], config: MatchConfig) -> list[Pair]:
    """Runs of words that are the same letters with the spaces in other places (`Gulba khorBurkhanovna` /
    `Gulbakhor Burkhanovna`, `th ewinman` / `the winman`), or one typo apart once the spaces are ignored
    (`FINANSOVYAZSS ISTENT` / `FINANSOVY ASSISTENT`): a space typed one key early or late, or a word run
    into the next and split further on, is data entry; the token steps see two broken words on each side.
    Only when the query holds a word no listed name holds, and only runs of words holding a word the
    first alignment could not read on each side (unaligned or below
    `moved_space_broken`: `KurshedG houra` keeps its two typos), four words in all at least (one
    broken word against two is a join or a split, which the token steps already align), and only when
    some space moved (a typo in each of two words stays two typos)."""
    unknown = q.unknown
    if not _flagged(unknown):
        return []
    scoring = config.scoring
    floor = scoring.moved_space_broken
    aligned_q = [0.0] * len(unknown)
    for p in chosen:
        for i in p.query:
            aligned_q[i] = p.similarity
    q_minor = q.minor
    # (A moved space leaves a piece of a word no listed name holds, unread: two different names of known
    # words, the common case among candidates, are not re-read.)
    n_q = len(unknown)
    if not any(
        aligned_q[i] < floor
        and not q_minor[i]
        and (
            unknown[i]
            # (... or a word beside it, read only as a typo: `EURO PETRANSPORTATION`, `europe` unread.)
            or (i > 0 and unknown[i - 1] and aligned_q[i - 1] < 1.0)
            or (i + 1 < n_q and unknown[i + 1] and aligned_q[i + 1] < 1.0)
        )
        for i in range(n_q)
    ):
        return []
    aligned_l = [0.0] * len(lst.tokens)
    for p in chosen:
        for j in p.listed:
            aligned_l[j] = p.similarity
    broken_q = {i for i, sim in enumerate(aligned_q) if sim < floor and not q_minor[i]}
    broken_l = {j for j, sim in enumerate(aligned_l) if sim < floor and not lst.minor[j]}
    if not broken_l:
        return []
    exact_q = {i for i, sim in enumerate(aligned_q) if sim >= 1.0}
    exact_l = {j for j, sim in enumerate(aligned_l) if sim >= 1.0}
    least = scoring.moved_space_min_words
    if len(aligned_q) - len(exact_q) + len(aligned_l) - len(exact_l) < least:
        return []
    runs_q = _imperfect_runs(q, exact_q, broken_q)
    runs_l = _imperfect_runs(lst, exact_l, broken_l)
    if not runs_q or not runs_l:
        return []
    if _widest(runs_q) + _widest(runs_l) < least:
        return []
    most = scoring.moved_space_words
    qr, lr = q.raw, lst.raw
    spans_l = [
        (j1, j2, "".join(lr[j1:j2]))
        for s, e in runs_l
        for j1 in range(s, e)
        for j2 in range(j1 + 1, min(e, j1 + most) + 1)
        if _touches(broken_l, j1, j2)
    ]
    out: list[Pair] = []
    cost = config.similarity.edit_cost
    for s, e in runs_q:
        for i1 in range(s, e):
            for i2 in range(i1 + 1, min(e, i1 + most) + 1):
                if not _touches(broken_q, i1, i2):
                    continue
                a = "".join(qr[i1:i2])
                for j1, j2, b in spans_l:
                    if (i2 - i1) + (j2 - j1) < least or a[0] != b[0] or abs(len(a) - len(b)) > 1:
                        continue
                    if not (a.isalpha() and b.isalpha()):
                        continue
                    if i2 - i1 == 1 or j2 - j1 == 1:
                        # (A join or a split: its typos priced in the words they damaged.)
                        sim = respaced_similarity(qr[i1:i2], lr[j1:j2], config.similarity)
                    else:
                        longer = max(len(a), len(b))
                        edits = OSA.distance(a, b, score_cutoff=2)
                        if edits > (1 if longer < scoring.moved_space_two_edits else 2):
                            continue
                        if _boundaries(qr, i1, i2) == _boundaries(lr, j1, j2):
                            continue
                        sim = 1.0 - cost * edits / longer
                    sim = min(scoring.moved_space, sim)
                    if sim >= config.similarity.min_token:
                        out.append(Pair(tuple(range(i1, i2)), tuple(range(j1, j2)), sim))
    return out


# Up to this many pairs `_choose` orders them by insertion (decision 0541).
_FEW_PAIRS: Final = 24


def _ranks_above(a: Pair, b: Pair, weights: tuple[float, ...]) -> bool:
    """`key(a) > key(b)` for `_choose`'s key (similarity, tokens spanned, heaviest listed weight), compared
    as tuples compare: the first that differs decides."""
    if a.similarity != b.similarity:
        return a.similarity > b.similarity
    span_a = len(a.query) + len(a.listed)
    span_b = len(b.query) + len(b.listed)
    if span_a != span_b:
        return span_a > span_b
    return _heaviest(weights, a.listed) > _heaviest(weights, b.listed)


def _choose(pairs: list[Pair], lst: Side, n_query: int) -> tuple[Pair, ...]:
    """Greedy one-to-one alignment: best similarity first, heavier tokens break ties."""
    n = len(pairs)
    if 1 < n <= _FEW_PAIRS:
        # (The order `list.sort` below gives, by insertion: a candidate has a few pairs, and the generic
        # method call, a key tuple per pair and the tuples' comparisons cost more than the sort.)
        weights = lst.weights
        for at in range(1, n):
            p = pairs[at]
            k = at
            while k > 0 and _ranks_above(p, pairs[k - 1], weights):
                pairs[k] = pairs[k - 1]
                k -= 1
            pairs[k] = p
    elif n > 1:
        weights = lst.weights
        # At equal similarity a pair explaining more tokens wins: `tech nology` joined is `technology`,
        # not `tech` (read `technology`) beside an unexplained `nology`.
        pairs.sort(
            key=lambda p: (
                p.similarity,
                len(p.query) + len(p.listed),
                weights[p.listed[0]] if len(p.listed) == 1 else _heaviest(weights, p.listed),
            ),
            reverse=True,
        )
    # (Flags per token position rather than sets: a list read per position, no method call per pair.)
    used_q = [False] * n_query
    used_l = [False] * len(lst.tokens)
    chosen: list[Pair] = []
    for p in pairs:
        free = True
        for i in p.query:
            if used_q[i]:
                free = False
                break
        if free:
            for j in p.listed:
                if used_l[j]:
                    free = False
                    break
        if free:
            chosen.append(p)
            for i in p.query:
                used_q[i] = True
            for j in p.listed:
                used_l[j] = True
    return tuple(chosen)


def _score_alignment(
    q: Side, lst: Side, pairs: tuple[Pair, ...], person: bool, config: MatchConfig, country: bool = False
) -> NameScore:
    scoring = config.scoring
    matched_q: dict[int, float] = {}
    matched_l: dict[int, float] = {}
    for p in pairs:
        for i in p.query:
            matched_q[i] = p.similarity
        for j in p.listed:
            matched_l[j] = p.similarity
    # (One state for the rules: each reads the sides and sets the pairs and positions it re-reads.)
    state = Alignment(q, lst, pairs, matched_q, matched_l, config)
    if _flagged(q.unknown) and (len(matched_q) < len(q.tokens) or len(matched_l) < len(lst.tokens)):
        rejoined_pieces(state)
    if (
        len(matched_q) + 1 < len(q.tokens)
        and len(matched_l) < len(lst.tokens)
        and _flagged(q.unknown)
        and scoring.split_pieces_rejoined
    ):
        split_pieces_rejoined(state)
    if len(matched_q) < len(q.tokens) and len(matched_l) < len(lst.tokens):
        leftover_pairs(state)
    slipped = False
    if not person and _one_major(q.minor):
        slipped = bare_coined(state)
    if q.cyrillic:
        romanised(state)
    registration = False
    if q.registration and lst.registration:
        registration = registration_typo(state)
    if not person and config.scoring.form_read_short and state.pairs:
        form_read_short(state, country)
    if len(state.pairs) > 1:
        supported_short(state, country and not person, not person)
    typos: tuple[int, ...] = ()
    # (`_flagged`, not `any()`: of a sequence, a generic call of a builtin from compiled code.)
    if _flagged(q.odd) or _flagged(q.coined) or q.lone:
        typos = odd_typos(state)
    if country and not person and scoring.country_picks_neighbour:
        typos = country_picked(state, typos)
    pairs = state.pairs
    # A leading place may be added or dropped on one side (`Zhejiang` Dahua Technology) when the rest
    # of the name matched well enough to identify the party; two different leading places (`Altay` vs
    # `Hami` Municipality PSB) are two different parties.
    # People's names do not lead with a city.
    anchored = False
    if not person:
        core = [lst.weights[j] for j in matched_l if not lst.places[j] and not lst.minor[j]]
        most = scoring.leading_place_tokens
        q_lead, l_lead = _leading_places(q, matched_q, most), _leading_places(lst, matched_l, most)
        if q_lead and core and scoring.named_places_anchor:
            # A place the listed name is named after, matched exactly past the query's added one
            # (`Montreal` GIE `Kerman` Aviation, `Izhevsk` `ZALA` Aero): part of the name, not an address.
            core += [
                lst.weights[j]
                for j, sim in matched_l.items()
                if sim >= 1.0 and lst.places[j] and not lst.minor[j]
            ]
        anchored = (
            _total(core) >= config.weights.anchor
            and (len(core) >= 2 or core[0] >= config.weights.rare_token)
            and not (q_lead and l_lead)
        )
    # An aligned query token weighs what its listed counterpart weighs: a misspelt generic word
    # (`Tecnology`) is still generic.
    q_weights = list(q.weights)
    for p in pairs:
        listed = p.listed
        w = lst.weights[listed[0]] if len(listed) == 1 else _heaviest(lst.weights, listed)
        if len(p.query) == 1:
            q_weights[p.query[0]] = w
        else:
            for i in p.query:
                q_weights[i] = w / len(p.query)
    forms = _mistyped_forms(q, lst, matched_q, config) if not person else ()
    for i in forms:
        q_weights[i] = config.weights.minor
    # A person named in full on one side and in part on the other: `GREF, Herman` is `Herman Oskarovich
    # Gref`. Needs two matched parts, so one shared surname is never enough.
    q_full = person and len(pairs) >= 2 and _fully_matched(q, matched_q)
    l_full = person and len(pairs) >= 2 and _fully_matched(lst, matched_l)
    # A coined name (`Hikvision`) matched exactly identifies the party; generic descriptors the listed name
    # adds around it (`Hikvision Digital Technology` for a bare `Hikvision`) weigh only what they weigh.
    # Words the query adds to a listed name it otherwise explains in full still count in full (`Hope
    # Bancorp` is not `BANCORP`): lists record full names and clerks write short ones, far more often than
    # the reverse. When both describe it differently (`Kumul City PSB` / `Kumul Municipality Public Security
    # Bureau`), the query's descriptors weigh what they weigh too.
    coined = slipped or (not person and any(lst.coined[j] and matched_l[j] == 1.0 for j in matched_l))
    cov_l = _coverage(lst, lst.weights, matched_l, anchored, config, missing_ok=q_full, descriptors_ok=coined)
    # A name translated from Chinese characters words its descriptors as the translator chose.
    q_descriptors_ok = (coined and _unexplained(lst, matched_l)) or q.translated
    cov_q = _coverage(
        q,
        tuple(q_weights),
        matched_q,
        anchored,
        config,
        missing_ok=l_full,
        descriptors_ok=q_descriptors_ok,
        forms=forms,
    )
    score = 2 * cov_l * cov_q / (cov_l + cov_q) if cov_l + cov_q else 0.0
    adjustments: list[tuple[str, float]] = []
    if forms:
        # (Read as the legal form they were typed for: they weigh what a legal form weighs.)
        adjustments.append(("mistyped_legal_form", config.weights.minor))
    if person and _unexplained(q, matched_q) and _unexplained(lst, matched_l):
        # Each name has a part the other lacks: `Daniel` vs `Ivan` VELASQUEZ CABALLERO are two people.
        score *= scoring.conflicting_name_factor
        adjustments.append(("conflicting_name", scoring.conflicting_name_factor))
    minor = lst.minor
    core_pairs = [p for p in pairs if not minor[p.listed[0]] or not all(minor[j] for j in p.listed)]
    # (Whether a word is left over is asked before the word's weight: most names with one core pair have
    # nothing left, and the weight is a look-up in a large table.)
    if (
        len(core_pairs) == 1
        and len(core_pairs[0].listed) == 1
        and (len(matched_q) < len(q.tokens) or len(matched_l) < len(lst.tokens))
        and word_weight(lst.tokens[core_pairs[0].listed[0]], config.weights) < scoring.generic_word_weight
    ):
        # One everyday word is all the names share (`Star Holdings Ltd` / `Joint Stock Company STAR`):
        # anything else either side says (another legal form, `Holdings`) tells two companies apart.
        score *= scoring.generic_single_factor
        adjustments.append(("generic_single", scoring.generic_single_factor))
    if registration:
        # (The code pair's 0.85 shows in the alignment; the code-alone factors do not apply.)
        return NameScore(score, cov_l, cov_q, pairs, q, lst, tuple(adjustments))
    if len(core_pairs) == 1 and (len(matched_q) < len(q.tokens) or len(matched_l) < len(lst.tokens)):
        only = core_pairs[0]
        if len(only.listed) > 1 or len(lst.tokens[only.listed[0]]) <= scoring.code_max_len:
            # A code or acronym of 2-3 letters (`SES`, `IAC`, `PSB` for three words) is all the names share,
            # and either says more (`S.A.` / `GROUP`): a few letters collide across thousands of parties.
            score *= scoring.code_single_factor
            adjustments.append(("code_single", scoring.code_single_factor))
        elif (
            _legal_form_left(q, matched_q)
            and _legal_form_left(lst, matched_l)
            and not (scoring.typed_form_no_conflict and _typed_forms_left(q, matched_q))
        ):
            # One word and two different legal forms (`Nova Ltd` / `Nova SPA`): a limited company and a
            # joint-stock company of one common word are two companies more often than one.
            score *= scoring.code_single_factor
            adjustments.append(("two_legal_forms", scoring.code_single_factor))
    if (
        len(core_pairs) == 1
        and core_pairs[0].similarity < 1.0
        and not q.abjad
        and not (q.cyrillic and core_pairs[0].similarity >= config.similarity.skeleton)
        and core_pairs[0].rule != TRANSCRIPTION
    ):
        # (A name from an abjad matches by its consonants, and one from Cyrillic by its romanisation's
        # skeleton: that is its exact spelling, not a typo; a transcription's doubt is in its similarity.)
        only = core_pairs[0]
        if sum(len(lst.tokens[j]) for j in only.listed) < scoring.single_fuzzy_min_len and not (
            len(only.query) == len(only.listed) == 1
            and (
                only.query[0] in typos
                or _slip_not_name(
                    q.raw[only.query[0]],
                    lst.raw[only.listed[0]],
                    scoring.slip_written_zipf,
                    config.similarity.lookalike_letters,
                    config.similarity.lookalike_min_len,
                )
            )
        ):
            # (A slip of typing or a misread letter, `Craas` for `Cras`, `Clore` for `Dore`, is not how two
            # different short names differ; a slip of typing that makes a word people write is, `Castro` for
            # the vessel `CASTOR`, `Scott Inc` for `SCOT`: decision 0227.)
            score *= scoring.single_fuzzy_factor
            adjustments.append(("single_fuzzy", scoring.single_fuzzy_factor))
    if score < 1.0 and len(core_pairs) >= 2 and scoring.spread_beside_one_share > 0.0 and q.script == LATIN:
        spread = _typos_beside_one(q, lst, core_pairs, config)
        if spread and _explained_but_forms(q, matched_q, forms) and _fully_matched(lst, matched_l):
            # One distinctive word and slips spread over two or more words of some weight, nothing left
            # over (`Islamicc State in Yemcn`): independent typos, each word still found (decision 0247).
            bonus = (1.0 - score) * scoring.spread_beside_one_share
            score += bonus
            adjustments.append(("spread_typos", bonus))
    if (
        score < 1.0
        and len(core_pairs) >= 2
        and _corroborated(q, lst, core_pairs, matched_q, matched_l, config)
    ):
        # Two or more distinctive words, each aligned on its own and nothing left over on either side
        # (`O'Tooel, Josepyh`, `Army Cojand College`): independent typos in several words of one name are
        # what data entry does; two different parties rarely come that close in every word at once.
        share = scoring.corroborated_share
        if (
            scoring.corroborated_spread_share > share
            and q.script == LATIN
            and _spread_typos(lst, core_pairs, config) >= 2
        ):
            # (Typed in Latin letters: a name romanised from another script differs by spelling choices,
            # `Sang` / `Song`, which the transcription rules price, not by typos.)
            share = scoring.corroborated_spread_share
        bonus = (1.0 - score) * share
        score += bonus
        adjustments.append(("corroborated", bonus))
    return NameScore(score, cov_l, cov_q, pairs, q, lst, tuple(adjustments))


def _spread_typos(lst: Side, core_pairs: list[Pair], config: MatchConfig) -> int:
    """How many distinctive listed words (as `_corroborated` counts them) are aligned with a typo: the
    evidence of data entry is several words each mistyped and each still found."""
    scoring = config.scoring
    weights = lst.weights
    return sum(
        1
        for p in core_pairs
        if scoring.corroborating_similarity <= p.similarity < 1.0
        and _heaviest(weights, p.listed) >= scoring.corroborating_weight
        and sum(len(lst.tokens[j]) for j in p.listed) >= scoring.corroborating_letters
    )


def _explained_but_forms(side: Side, matched: dict[int, float], forms: tuple[int, ...]) -> bool:
    """Every word matched, light, or a legal form mistyped (`LTC` for `LTD`, read as the form it was typed
    for): nothing the query says is left unexplained."""
    return all(i in matched or side.minor[i] or i in forms for i in range(len(side.tokens)))


def _typos_beside_one(q: Side, lst: Side, core_pairs: list[Pair], config: MatchConfig) -> bool:
    """Exactly one distinctive listed word (as `_corroborated` counts them: two or more are its case) and two
    or more words of at least `spread_typo_weight` aligned with a typo, four letters on both sides (an
    initial, `H` for `Haji`, is no slip)."""
    scoring = config.scoring
    weights = lst.weights
    distinctive = 0
    typos = 0
    for p in core_pairs:
        if p.similarity < scoring.corroborating_similarity:
            continue
        letters = sum(len(lst.tokens[j]) for j in p.listed)
        if letters < scoring.corroborating_letters:
            continue
        heaviest = _heaviest(weights, p.listed)
        if heaviest >= scoring.corroborating_weight:
            distinctive += 1
        if (
            scoring.spread_typo_similarity <= p.similarity < 1.0
            and heaviest >= scoring.spread_typo_weight
            and sum(len(q.tokens[i]) for i in p.query) >= scoring.corroborating_letters
        ):
            typos += 1
    return distinctive == 1 and typos >= 2


def _corroborated(
    q: Side,
    lst: Side,
    core_pairs: list[Pair],
    matched_q: dict[int, float],
    matched_l: dict[int, float],
    config: MatchConfig,
) -> bool:
    scoring = config.scoring
    weights = lst.weights
    distinctive = sum(
        1
        for p in core_pairs
        if p.similarity >= scoring.corroborating_similarity
        and _heaviest(weights, p.listed) >= scoring.corroborating_weight
        and sum(len(lst.tokens[j]) for j in p.listed) >= scoring.corroborating_letters
    )
    if distinctive < 2:
        return False
    return _fully_matched(q, matched_q) and _fully_matched(lst, matched_l)
