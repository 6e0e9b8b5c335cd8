"""Score one query name against one listed name: align the tokens, weigh them, combine both coverages.

The score is the harmonic mean of two weighted coverages: how much of the listed name's identity the
query accounts for, and how much of the query's identity the listed name accounts for. Either side
leaving a distinctive token unexplained pulls the score down; generic tokens hardly matter.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Final, NamedTuple, final

from rapidfuzz.distance import OSA

from matchers.config import DEFAULT_CONFIG, MatchConfig, WeightsConfig
from matchers.damaged_forms import form_typed_twice, mistyped_form, typed_for_form
from matchers.letters import odd_letters
from matchers.normalise import NameForm, is_registration, written_in_cyrillic, written_in_han
from matchers.respacing import respaced_similarity
from matchers.short_typos import lone_neighbour, mistyped_article
from matchers.similarity import (
    abjad_similarity,
    fat_finger,
    max_edits,
    may_be_one_edit,
    misread,
    skeleton,
    slip,
    stacked_slips,
    token_similarity,
    typed_edit,
)
from matchers.split_pieces import rejoined_leftovers
from matchers.transcription import LATIN, TRANSCRIPTION, explain_keys, transcription_pairs
from matchers.vocabulary import FUNCTION_WORDS
from matchers.weights import TokenStats, language_weight, unwritten

_ACRONYM_SKIP: Final = frozenset({"and", "of", "the", "for", "de", "la", "del", "des", "du"})


class MemoInfo(NamedTuple):
    """What `functools.lru_cache`'s `cache_info()` says about its size (benchmarks clear bounded memos)."""

    maxsize: int
    currsize: int


@final
class TokenMemo:
    """A bounded memo by query word, cleared whole when full; `cache_clear` and `cache_info` as an
    `lru_cache` has them, so `bench.speed` clears it with the others before timing names never seen."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.table: dict[str, _TokenFacts] = {}

    def cache_clear(self) -> None:
        self.table.clear()

    def cache_info(self) -> MemoInfo:
        return MemoInfo(self.maxsize, len(self.table))


@final
class _TokenFacts:
    """What a word that is not minor brings to a `Side` (its weight, whether it is a place, coined, a
    descriptor, holds odd letters, its lone listed neighbour), for the statistics and configuration it was
    worked out with."""

    __slots__ = ("coined", "config", "descriptor", "lone", "odd", "place", "stats", "weight")

    def __init__(
        self,
        stats: TokenStats,
        config: MatchConfig,
        weight: float,
        place: bool,
        coined: bool,
        descriptor: bool,
        odd: bool,
        lone: str,
    ) -> None:
        self.stats = stats
        self.config = config
        self.weight = weight
        self.place = place
        self.coined = coined
        self.descriptor = descriptor
        self.odd = odd
        self.lone = lone


_TOKEN_FACTS: Final = TokenMemo(65536)
# Longer words are worked out each time: a full memo then holds at most ~4 MiB of words, whatever a stream
# of made-up long words sends.
MEMO_WORD_LEN: Final = 64


@final
class WeightMemo:
    """`language_weight` by word, bounded as `TokenMemo` is: a binary search of the English word table
    through an interpreted function, asked again for the same listed words by every query they meet."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.table: dict[str, tuple[WeightsConfig, float]] = {}

    def cache_clear(self) -> None:
        self.table.clear()

    def cache_info(self) -> MemoInfo:
        return MemoInfo(self.maxsize, len(self.table))


_WORD_WEIGHTS: Final = WeightMemo(65536)


def word_weight(token: str, config: WeightsConfig) -> float:
    """`language_weight(token, config)`, memoised per configuration object."""
    table = _WORD_WEIGHTS.table
    known = table.get(token)
    if known is not None and known[0] is config:
        return known[1]
    if len(table) >= _WORD_WEIGHTS.maxsize:
        table.clear()
    weight = language_weight(token, config)
    if len(token) <= MEMO_WORD_LEN:
        table[token] = (config, weight)
    return weight


class Side(NamedTuple):
    """One name's tokens with their weights, ready to be aligned."""

    tokens: tuple[str, ...]
    raw: tuple[str, ...]
    weights: tuple[float, ...]
    places: tuple[bool, ...]
    minor: tuple[bool, ...]
    # First letters of the words an acronym may stand for, and which token each letter starts.
    initials: str
    initial_tokens: tuple[int, ...]
    # Tokens short enough to be an acronym.
    short: tuple[int, ...]
    abjad: bool = False
    # Coined words (`Hikvision`, `Megvii`): rare in the lists and unknown to ordinary language.
    coined: tuple[bool, ...] = ()
    # Two neighbouring raw tokens written together (`sense time` -> `sensetime`), by first position.
    adjacent: tuple[str, ...] = ()
    # Descriptors: words many listed names use (`technology`, `digital`, `bureau`), which may surround a
    # coined name without naming another party.
    descriptors: tuple[bool, ...] = ()
    # Written in Chinese characters: its descriptors are translations (`研究所` -> `research institute`).
    translated: bool = False
    # Written in Cyrillic: a listed romanisation with the same skeleton is its spelling (`Ростех`/`Rostec`).
    cyrillic: bool = False
    # A registration-shaped code (`EP-MHJ`), whose neighbours one edit away are mostly the same operator's.
    registration: bool = False
    # Words holding letters no listed or English word holds (`goklsan`): a typo made them.
    odd: tuple[bool, ...] = ()
    # The script the name was written in, and the raw tokens of each written word (`NameForm.words`).
    script: str = LATIN
    words: tuple[tuple[int, ...], ...] = ()
    # Words no listed name holds (`khorburkhanovna`): pieces of words a moved space made, typos, new names.
    unknown: tuple[bool, ...] = ()
    # For a short word no listed name holds, the one listed word one edit from it (`dedk`: `dedo`); empty
    # when it has none or several (`matchers/short_typos.py`).
    lone: tuple[str, ...] = ()

    @classmethod
    def build(
        cls,
        form: NameForm,
        stats: TokenStats,
        config: MatchConfig = DEFAULT_CONFIG,
        deleted_from: Mapping[str, str | tuple[str, ...]] | None = None,
    ) -> Side:
        # One pass over the tokens for every per-token field (a query's side is built for each name
        # screened). `deleted_from`: the index's deletion table when it covers `stats`' vocabulary
        # (`NameIndex.letter_added`), for `lone_neighbour`'s dropped letter; the same facts either way.
        tokens = form.tokens
        form_minor = form.minor
        minor_weight = config.weights.minor
        coined_weight = config.scoring.coined_list_weight
        weights_config = config.weights
        # (The statistics' methods called on the object, not as bound methods held in locals: compiled, a
        # method call is a direct call, a bound method a generic one.)
        df, grams = stats.df, stats.grams
        minor_l: list[bool] = []
        weights_l: list[float] = []
        places_l: list[bool] = []
        coined_l: list[bool] = []
        descriptors_l: list[bool] = []
        odd_l: list[bool] = []
        lone_l: list[str] = []
        lone_min, lone_max = config.scoring.lone_typo_min_len, config.scoring.lone_typo_max_len
        lone_dropped, lone_longest = config.scoring.lone_dropped_len, config.scoring.lone_dropped_max_len
        words: list[int] = []
        short: list[int] = []
        article = config.scoring.mistyped_article and len(tokens) > 1
        memo = _TOKEN_FACTS.table
        if len(memo) >= _TOKEN_FACTS.maxsize:
            memo.clear()
        for i, t in enumerate(tokens):
            m = i in form_minor
            alpha = t.isalpha()
            if not i and article and not m and t not in df and mistyped_article(t):
                # (`HTE ASIAN TIGERS`, `thw Wintrade Company`: the article normalisation drops, mistyped.)
                m = True
            if 2 <= len(t) <= 6 and alpha:
                short.append(i)
            if m:
                minor_l.append(True)
                weights_l.append(minor_weight)
                places_l.append(False)
                coined_l.append(False)
                descriptors_l.append(stats.is_descriptor(t))
                odd_l.append(False)
                lone_l.append("")
                continue
            if t not in _ACRONYM_SKIP:
                words.append(i)
            # What a word that is not minor brings depends on the word, the statistics and the configuration
            # only: worked out once per word (names repeat words), checked against the objects it was worked
            # out for.
            known = memo.get(t)
            if known is None or known.stats is not stats or known.config is not config:
                known = _TokenFacts(
                    stats,
                    config,
                    stats.weight(t),
                    stats.is_place(t),
                    len(t) >= 4
                    and alpha
                    and stats.list_weight(t) >= coined_weight
                    and word_weight(t, weights_config) >= 1.0,
                    stats.is_descriptor(t),
                    t not in df and odd_letters(t, grams),
                    lone_neighbour(t, df, lone_dropped, lone_longest, deleted_from)
                    if lone_min <= len(t) <= lone_max and alpha and t not in df and unwritten(t)
                    else "",
                )
                if len(t) <= MEMO_WORD_LEN:
                    memo[t] = known
            minor_l.append(False)
            weights_l.append(known.weight)
            places_l.append(known.place)
            coined_l.append(known.coined)
            descriptors_l.append(known.descriptor)
            odd_l.append(known.odd)
            lone_l.append(known.lone)
        if (
            len(tokens) > 2
            and not (places_l[0] and places_l[1])
            and not (minor_l[0] or minor_l[1])
            and stats.is_place(tokens[0] + " " + tokens[1])
        ):
            # (A leading place of two words, `Huai Khwang`, `Virgin Islands`, `Rural Damascus`.)
            places_l[0] = places_l[1] = True
        initials = "".join(tokens[j][0] for j in words) if len(tokens) > 1 else ""
        raw = form.raw
        adjacent = tuple(raw[j] + raw[j + 1] for j in range(len(raw) - 1))
        return cls(
            tokens,
            raw,
            tuple(weights_l),
            tuple(places_l),
            tuple(minor_l),
            initials,
            tuple(words),
            tuple(short),
            form.abjad,
            tuple(coined_l),
            adjacent,
            tuple(descriptors_l),
            written_in_han(form.original),
            written_in_cyrillic(form.original),
            is_registration(form.original),
            tuple(odd_l),
            form.script,
            form.words,
            tuple(t not in stats.df for t in tokens),
            # (`any()` of a generator is a loop in compiled code; of a list, a generic call of the builtin.)
            tuple(lone_l) if any(lone for lone in lone_l) else (),
        )


# How far from a half `x * 10 ** digits` must be for its rounding to be decided by the product: its error is
# at most half an ulp, under 1e-7 below `_LARGEST` (the scores, weights and similarities rounded here are
# below 1e4).
_TIE_MARGIN: Final = 1e-6
_LARGEST: Final = 1e9


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
class Pair:
    """Query tokens aligned with listed tokens. Thousands are made per second: a plain class rather than a
    named tuple, so compiled code builds one without a Python-level `__new__` and reads its fields
    directly."""

    __slots__ = ("listed", "query", "rule", "similarity")

    def __init__(
        self, query: tuple[int, ...], listed: tuple[int, ...], similarity: float, rule: str = ""
    ) -> None:
        self.query = query
        self.listed = listed
        self.similarity = similarity
        # The rule that aligned them when it is not spelling (`transcription`), for explanations.
        self.rule = rule

    def __repr__(self) -> str:
        return (
            f"Pair(query={self.query!r}, listed={self.listed!r}, similarity={self.similarity!r}, "
            f"rule={self.rule!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Pair):
            return NotImplemented
        return (self.query, self.listed, self.similarity, self.rule) == (
            other.query,
            other.listed,
            other.similarity,
            other.rule,
        )

    def __hash__(self) -> int:
        return hash((self.query, self.listed, self.similarity, self.rule))


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

    def pairs(self, lst: Side, person: bool) -> list[Pair]:
        pairs: list[Pair] = []
        tokens, known, at, joins = self.side.tokens, self.known, self.at, self.joins
        n = len(tokens)
        for j, b in enumerate(lst.tokens):
            # (Query tokens in order, each the listed token itself or a word the index found like it; then
            # the query's joined spans: the order the pairs were always listed in.)
            for k in range(n):
                if tokens[k] == b:
                    pairs.append(Pair(at[k], (j,), 1.0))
                else:
                    found = known[k].get(b)
                    if found is not None:
                        pairs.append(Pair(at[k], (j,), found))
            for span, table in joins:
                found = table.get(b)
                if found is not None:
                    pairs.append(Pair(span, (j,), found))
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
        if initials:
            for tok in self.short_tokens:
                if tok in initials:
                    pairs.extend(_acronym_pairs(self.side, lst, self.config.scoring.acronym_similarity))
                    break
        if initials and self.swapped_short and any(v in initials for v in self.swapped_short):
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
            out.append(p)
        return out

    def score(self, lst: Side, person: bool, extra: Sequence[Pair] = (), country: bool = False) -> NameScore:
        """`extra`: pairs retrieval found by other means (words aligned letter by letter for a name found
        by its whole-name keys), chosen from with the rest. `country`: the query gives a country the listed
        entry has (evidence `_supported_short` weighs)."""
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


def _has_legal_form(side: Side) -> bool:
    minor, tokens = side.minor, side.tokens
    return any(minor[j] and tokens[j] not in FUNCTION_WORDS for j in range(len(tokens)))


def _legal_form_left(side: Side, matched: dict[int, float]) -> bool:
    """A legal form (a minor token other than a function word) left unaligned."""
    minor, tokens = side.minor, side.tokens
    return any(minor[i] and i not in matched and tokens[i] not in FUNCTION_WORDS for i in range(len(tokens)))


def _unexplained(side: Side, matched: dict[int, float]) -> bool:
    return any(i not in matched and not side.minor[i] for i in range(len(side.tokens)))


def _fully_matched(side: Side, matched: dict[int, float]) -> bool:
    return all(i in matched or side.minor[i] for i in range(len(side.tokens)))


def _coverage(
    side: Side,
    weights: Sequence[float],
    matched: dict[int, float],
    anchored: bool,
    config: MatchConfig,
    missing_ok: bool = False,
    descriptors_ok: bool = False,
    forms: Sequence[int] = (),
) -> float:
    """Weighted share of `side` explained. `missing_ok`: a person's extra name parts (a middle name, a
    patronymic) are expected when the other name is fully explained, and weigh half."""
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


def _moved_spaces(q: Side, lst: Side, chosen: Sequence[Pair], config: MatchConfig) -> list[Pair]:
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
    if True not in unknown:
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


def _choose(pairs: list[Pair], lst: Side, n_query: int) -> tuple[Pair, ...]:
    """Greedy one-to-one alignment: best similarity first, heavier tokens break ties."""
    if len(pairs) > 1:
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


def _leftover_pairs(
    q: Side,
    lst: Side,
    pairs: tuple[Pair, ...],
    used_q: dict[int, float],
    used_l: dict[int, float],
    config: MatchConfig,
) -> list[Pair]:
    """Tokens left unaligned on both sides, one typo apart: `Tld`/`Ltd`, `LLLC`, `qand`/`and` beside a
    listed legal form or function word, and short words (`Bni`/`Bin`, `Wto`/`Two`) when the rest of the
    names agree. The index proposes neither (a legal form is no listed word; short words are looked up
    only by edits keeping their first letter), and an unexplained typo of `Ltd` must not weigh like a
    word the listed name lacks."""
    n_l = len(lst.tokens)
    q_raw, q_minor = q.raw, q.minor
    left_q = [i for i in range(len(q.tokens)) if i not in used_q and not q_minor[i] and q_raw[i].isalpha()]
    if not left_q:
        return []
    scoring = config.scoring
    l_minor, l_raw = lst.minor, lst.raw
    by_class = scoring.form_class_typos
    agree: bool | None = None
    extra: list[Pair] = []
    sim_form = scoring.leftover_similarity
    for j in range(n_l):
        if j in used_l:
            continue
        minor = l_minor[j]
        if not minor:
            if agree is None:
                # The rest agrees: a distinctive word aligned (nearly) exactly.
                agree = any(
                    p.similarity >= scoring.leftover_agree
                    for p in pairs
                    if not all(l_minor[k] for k in p.listed)
                )
            if not agree:
                continue
        b = l_raw[j]
        if not b.isalpha():
            continue
        for i in left_q:
            a = q_raw[i]
            if minor and by_class and _form_typed_where_it_stands(q, lst, i, j, config):
                extra.append(Pair((i,), (j,), scoring.leftover_similarity))
                left_q.remove(i)
                break
            shorter = min(len(a), len(b))
            # (A long word carries as many edits as the token step allows it, `Manufzacturring`: common
            # listed words are looked up exactly only, so their typos are met here.)
            allowed = 2 if minor and shorter >= 3 else max(1, max_edits(shorter))
            if abs(len(a) - len(b)) > max(1 + minor, allowed):
                continue
            if shorter < (2 if minor else 3) and not (len(a) == 2 and len(b) == 3):
                # (Two letters for a listed three, one dropped: `TE` for `TEA`, beside agreeing words.)
                continue
            # (Within one edit only, two words whose first letters rule it out are two edits apart as the
            # distance bounded at one reports them: the call is spared, decision 0196.)
            if allowed == 1 and not may_be_one_edit(a, b):
                edits = written = 2
            else:
                edits = written = OSA.distance(a, b, score_cutoff=allowed)
            if edits > 1:
                edits = min(edits, OSA.distance(skeleton(a), skeleton(b), score_cutoff=allowed))
            if edits > allowed:
                if minor:
                    if _form_typed_twice(q, lst, i, j, pairs, config):
                        extra.append(Pair((i,), (j,), sim_form))
                        left_q.remove(i)
                        break
                    continue
                # (Two slips in one word, `Tardee` / `Trade`: priced as slips, `stacked_slips`.)
                stacked = stacked_slips(a, b, config.similarity, q.unknown[i])
                if stacked <= 0.0:
                    continue
                extra.append(Pair((i,), (j,), stacked))
                left_q.remove(i)
                break
            sim = scoring.leftover_similarity
            if not minor and shorter >= 6:
                guess = 1.0 - config.similarity.edit_cost * edits / max(len(a), len(b))
                # (Two edits or more as the token step would judge the two words, when it reaches them.)
                sim = max(
                    sim, guess if written <= 1 else token_similarity(a, b, False, config.similarity) or guess
                )
            extra.append(Pair((i,), (j,), sim))
            left_q.remove(i)
            break
        if not left_q:
            break
    return extra


def _split_pieces(
    q: Side,
    lst: Side,
    pairs: tuple[Pair, ...],
    matched_q: dict[int, float],
    matched_l: dict[int, float],
    config: MatchConfig,
) -> tuple[Pair, ...]:
    """Two neighbouring query words left over that are one listed word left over, split beside a typo
    (`ORGA NIIZATION`): paired with it as one word (`split_pieces.rejoined_leftovers`, decision 0210),
    when a distinctive word of the two names already agrees, as `_leftover_pairs` asks."""
    q_minor, l_minor, unknown = q.minor, lst.minor, q.unknown
    left_q: list[int] = []
    # (Two neighbours left over, one of them a word no listed name holds: looked for first, as cheaply as
    # it can be, since most candidates leave words over and few hold such a pair.)
    adjacent = False
    previous = -2
    for i in range(len(q.tokens)):
        if i in matched_q or q_minor[i]:
            continue
        if previous == i - 1 and (unknown[i] or unknown[previous]):
            adjacent = True
        left_q.append(i)
        previous = i
    if not adjacent:
        return pairs
    # (A listed legal word too, `holding`, `limited`: split, its pieces still count as two words.)
    left_l = [j for j in range(len(lst.tokens)) if j not in matched_l]
    agree = config.scoring.leftover_agree
    agreed = False
    for p in pairs:
        if p.similarity >= agree:
            for k in p.listed:
                if not l_minor[k]:
                    agreed = True
    if not agreed:
        return pairs
    found = rejoined_leftovers(q.raw, q.unknown, left_q, lst.raw, left_l, config)
    if not found:
        return pairs
    extra = []
    for i, j, sim in found:
        extra.append(Pair((i, i + 1), (j,), sim))
        matched_q[i] = matched_q[i + 1] = matched_l[j] = sim
    return pairs + tuple(extra)


def _form_typed_where_it_stands(q: Side, lst: Side, i: int, j: int, config: MatchConfig) -> bool:
    """Query word `i`, the name's first or last, is one typed edit from a spelling of the legal form that
    listed token `j` stands for, at the same end of the listed name (`PA TRANSNEFT` / `JSC TRANSNEFT`: `pao`;
    `OO RPP` / `LLC RPP`: `ooo`; `EXIMBANK OF RUSSIA SAO` / `... JSC`: `zao`). Aliases write a party's form
    several ways and the index offers the query's best-scoring alias, not the one it typed (`PAO
    TRANSNEFT`): the form the listed name has, where it has it, is what the word was typed for. A last word
    `_mistyped_forms` reads (`Sdn Hbd`) is left to it, which reads the words before it too (decision 0179)."""
    if i == 0:
        where = j == 0
    else:
        where = (
            i == len(q.tokens) - 1
            and j == len(lst.tokens) - 1
            and not mistyped_form(q.tokens[i], config.scoring.mistyped_form_zipf)
        )
    return where and typed_for_form(q.raw[i], lst.tokens[j])


def _form_typed_twice(
    q: Side, lst: Side, i: int, j: int, pairs: tuple[Pair, ...], config: MatchConfig
) -> bool:
    """The query's last word `i` and the listed name's last word `j`, a short legal form, both left over:
    `i` is that form with two edits of typing or print (`Raybeam Optronics Co. Tl` / `... Co. Ltd`), and
    two words of the names aligned (nearly) exactly besides (`damaged_forms.form_typed_twice`)."""
    scoring = config.scoring
    if not scoring.form_typed_twice or i != len(q.tokens) - 1 or j != len(lst.tokens) - 1:
        return False
    # (Two of the names' words agree besides: one everyday word and a damaged form are no evidence,
    # `Global Tl` / `Global Ltd`.)
    l_minor = lst.minor
    agree = 0
    for p in pairs:
        if p.similarity >= scoring.leftover_agree and not all(l_minor[k] for k in p.listed):
            agree += 1
    if agree < 2:
        return False
    similar = config.similarity
    return form_typed_twice(
        q.raw[i], lst.raw[j], similar.slip_cost, similar.edit_cost, scoring.mistyped_form_zipf
    )


def _rejoined_pieces(
    q: Side,
    lst: Side,
    pairs: tuple[Pair, ...],
    matched_q: dict[int, float],
    matched_l: dict[int, float],
    config: MatchConfig,
) -> tuple[Pair, ...]:
    """A word split with a typo besides (`CO MPNAY`, `Alex nder`, `Inst itutde`) or joined with one
    (`NUCLEADCORP`): the alignment pairs the piece that holds the word's start (`co` read `company`,
    `alex` one edit from `aleksandr`) and leaves the rest over, a word no listed name holds, weighing as a
    word the other name lacks. When that piece written beside its aligned neighbour is the neighbour's
    counterpart within the typo budget of a word that long, and nearer it than the neighbour alone, the
    two are one word: the pair is replaced by one spanning both, at the similarity of the rejoined
    letters."""
    unknown = q.unknown
    if True not in unknown:
        return pairs
    q_minor, q_raw = q.minor, q.raw
    left_q: list[int] = []
    # (A query word no listed name holds, aligned below 1 beside a listed word left over: a join.)
    joined_left = False
    for k in range(len(unknown)):
        if unknown[k]:
            sim_k = matched_q.get(k)
            if sim_k is None:
                if not q_minor[k]:
                    left_q.append(k)
            elif sim_k < 1.0:
                joined_left = True
    joined_left = joined_left and len(matched_l) < len(lst.tokens)
    if not left_q and not joined_left:
        return pairs
    # (Pairs of one word each, by query word: the only ones a piece can join.)
    single: dict[int, int] = {}
    for at, p in enumerate(pairs):
        if len(p.query) == 1 and len(p.listed) == 1 and not p.rule:
            single[p.query[0]] = at
    fuzzy = (
        [i for i, at in single.items() if unknown[i] and pairs[at].similarity < 1.0] if joined_left else []
    )
    if not (left_q and single) and not fuzzy:
        return pairs
    similar = config.similarity
    floor = similar.min_token
    out = list(pairs)
    changed = False
    for k in left_q:
        piece = q_raw[k]
        if not piece.isalpha():
            continue
        for i in (k - 1, k + 1):
            at = single.get(i, -1)
            if at < 0 or out[at] is not pairs[at]:
                continue
            p = pairs[at]
            j = p.listed[0]
            joined = q_raw[i] + piece if i < k else piece + q_raw[i]
            b = lst.raw[j]
            if joined[0] != b[0] or abs(len(joined) - len(b)) > 2:
                continue
            sim = token_similarity(joined, b, False, similar)
            if sim < floor:
                sim = _stacked_rejoin(joined, b, config)
            if sim > 0.0 and _closer(joined, q_raw[i], b):
                out[at] = Pair((min(i, k), max(i, k)), (j,), sim)
                matched_q[i] = matched_q[k] = matched_l[j] = sim
                changed = True
                break
    if fuzzy:
        l_raw, l_minor = lst.raw, lst.minor
        for i in fuzzy:
            at = single[i]
            p = out[at]
            if p is not pairs[at]:
                continue
            j = p.listed[0]
            a = q_raw[i]
            for m in (j - 1, j + 1):
                if m < 0 or m >= len(l_raw) or m in matched_l or l_minor[m] or not l_raw[m].isalpha():
                    continue
                joined = l_raw[j] + l_raw[m] if j < m else l_raw[m] + l_raw[j]
                if joined[0] != a[0] or abs(len(joined) - len(a)) > 2:
                    continue
                sim = token_similarity(a, joined, False, similar)
                if sim < floor:
                    sim = _stacked_rejoin(a, joined, config)
                if sim > 0.0 and sim > p.similarity and _closer(joined, l_raw[j], a):
                    out[at] = Pair((i,), (min(j, m), max(j, m)), sim)
                    matched_q[i] = matched_l[j] = matched_l[m] = sim
                    changed = True
                    break
    return tuple(out) if changed else pairs


def _stacked_rejoin(written: str, listed: str, config: MatchConfig) -> float:
    """Rejoined letters carrying two slips, or a slip and a key missed, besides the split or join (`Aca
    ejmy` / `Academy`: the `d` missed, `j` struck with its neighbour; `LEBN TECHNOLOGYCOMPANY`): priced as
    `stacked_slips` prices one word carrying them, where the token step's one edit below eight letters
    read the pieces as no word. 0.0 when `rejoined_stacked` is off."""
    if not config.scoring.rejoined_stacked:
        return 0.0
    return stacked_slips(written, listed, config.similarity)


def _closer(joined: str, piece: str, other: str) -> bool:
    """The piece's neighbour brings its letters closer to `other` (`compnay` is nearer `company` than `co`
    is): a piece of the same word, not a word of its own beside it."""
    return OSA.distance(joined, other) < OSA.distance(piece, other)


def _bare_coined(
    q: Side,
    lst: Side,
    pairs: tuple[Pair, ...],
    matched_q: dict[int, float],
    matched_l: dict[int, float],
    config: MatchConfig,
) -> tuple[tuple[Pair, ...], bool]:
    """A bare coined name with two letters swapped, a letter doubled or dropped from a double, or one
    misread letter (`Megvi`, `Dahau` for `Megvii`, `Dahua`): a query of one distinctive word, one edit
    from a listed coined word of 5 letters or more that is the listed name's only distinctive word. Such
    a brand is unknown to English and rare in the lists, so a slip of it names the same party; the pair
    counts as the coined name (`coined_slip`), and the generic words the listed name adds around it weigh
    what they weigh. A key struck for its neighbour is not enough here: `Aegon` / `Argon`, `Teekay` /
    `Reekay` are other brands."""
    i = q.minor.index(False)
    if i not in matched_q:
        return pairs, False
    scoring = config.scoring
    for k, p in enumerate(pairs):
        if p.query != (i,) or len(p.listed) != 1 or not scoring.coined_slip_floor <= p.similarity < 1.0:
            continue
        j = p.listed[0]
        a, b = q.raw[i], lst.raw[j]
        others = (m for m in range(len(lst.tokens)) if m != j and not lst.minor[m])
        if (
            lst.coined[j]
            and min(len(a), len(b)) >= scoring.coined_slip_min_len
            and not any(lst.coined[m] or not lst.descriptors[m] for m in others)
            and (misread(a, b, neighbours=False) or skeleton(a) == skeleton(b))
        ):
            sim = max(p.similarity, scoring.coined_slip)
            matched_q[i] = matched_l[j] = sim
            return (*pairs[:k], Pair(p.query, p.listed, sim), *pairs[k + 1 :]), True
    return pairs, False


def _romanised(
    q: Side,
    lst: Side,
    pairs: tuple[Pair, ...],
    matched_q: dict[int, float],
    matched_l: dict[int, float],
    config: MatchConfig,
) -> tuple[Pair, ...]:
    """A word written in Cyrillic against a listed Latin spelling with the same transliteration skeleton,
    however short (`Джин` read `dzhin` for `Jin`, `Хал` `khal`/`hal`, `Седой` `sedoi` for `Sedoy`,
    `Ростех` `rosteh` for `Rostec`): one name romanised two ways, as sure as the skeleton match of longer
    words."""
    sure = config.similarity.skeleton
    out = []
    for p in pairs:
        if p.similarity < sure and len(p.query) == 1 and len(p.listed) == 1:
            i, j = p.query[0], p.listed[0]
            a, b = q.raw[i], lst.raw[j]
            if a.isalpha() and b.isalpha() and min(len(a), len(b)) >= 2 and _same_romanisation(a, b):
                p = Pair(p.query, p.listed, sure)
                matched_q[i] = matched_l[j] = sure
        out.append(p)
    return tuple(out)


def _registration_typo(
    q: Side,
    lst: Side,
    pairs: tuple[Pair, ...],
    matched_q: dict[int, float],
    matched_l: dict[int, float],
    config: MatchConfig,
) -> tuple[tuple[Pair, ...], bool]:
    """Two registration-shaped codes with the same prefix, one edit apart in the rest (`EP-KHJ` /
    `EP-MHJ`, `YK-TAA` / `YK-ATA`): registration blocks are allotted per operator, so the listed code's
    neighbour is either a typo of it or, most often, another aircraft of the same listed operator. Either
    way a reviewer must see it; the pair counts `registration_typo`."""
    sim = config.scoring.registration_typo
    if not sim or len(q.tokens) != len(lst.tokens):
        return pairs, False
    left_q = [i for i in range(len(q.tokens)) if i not in matched_q]
    left_l = [j for j in range(len(lst.tokens)) if j not in matched_l]
    fuzzy = [p for p in pairs if p.similarity < 1.0]
    if not fuzzy and len(left_q) == len(left_l) == 1:
        # (The code itself left unaligned: different first letters are no short edit to the token step.)
        only, rest = Pair((left_q[0],), (left_l[0],), 0.0), pairs
    elif len(fuzzy) == 1 and not left_q and not left_l:
        only, rest = fuzzy[0], tuple(p for p in pairs if p is not fuzzy[0])
    else:
        return pairs, False
    if len(only.query) != 1 or len(only.listed) != 1 or only.similarity >= sim:
        return pairs, False
    i, j = only.query[0], only.listed[0]
    if OSA.distance(q.raw[i], lst.raw[j], score_cutoff=1) > 1:
        return pairs, False
    matched_q[i] = matched_l[j] = sim
    return (*rest, Pair(only.query, only.listed, sim)), True


def _same_romanisation(a: str, b: str) -> bool:
    """`a` romanised from Cyrillic by rigour, `b` a listed Latin spelling: the same skeleton, or the same
    once `тех` (rigour's `teh`) is read as the `tech`/`tec`/`tek` of Russian company names (`Ростех` /
    `Rostec`, `Автотех` / `Avtotek`)."""
    kb = skeleton(b)
    return skeleton(a) == kb or ("teh" in a and skeleton(a.replace("teh", "tek")) == kb)


def _supported_short(
    q: Side,
    lst: Side,
    pairs: tuple[Pair, ...],
    matched_q: dict[int, float],
    matched_l: dict[int, float],
    config: MatchConfig,
    country: bool = False,
) -> tuple[Pair, ...]:
    """One edit in one short word (3-5 letters, or a three-letter listed word typed with two) when the rest
    of both names agrees exactly and is rare enough to name the party on its own (or is at least a trade or
    a family's word, `Gwz Oil`, `JEHR BANK`, `ARF, Abu`, when the edit is a slip of typing or leaves a word
    English does not use: decisions 0160, 0214) (`OVR V ZAKONYE`, `KMU
    SONG 3`, `OOO VBE INZHINIRING`, `RA AM 2` for `RA NAM 2`): the rest
    identifies the party, and the short word is its typo rather than another party's name. Alone, or
    beside common words or legal forms only (`EP-KHJ`, `JSC BANK NSGB`), one edit in a short word stays
    weak: that is also how codes and short names differ.

    `country`: an organisation's query gives a country the listed entry has. The country then stands for
    the missing weight: any exact word beside the short one suffices (`PLEON TECHNOLOGY` / `LEON
    TECHNOLOGY` in China), the edit still a slip of typing or the word one English does not use. A
    descriptor alone says what the company does, the country where; a typist's slip in the one word left
    is likelier than another company of that trade, that country and a name one slip away."""
    scoring = config.scoring
    fuzzy: Pair | None = None
    support = 0.0
    for p in pairs:
        if p.similarity >= 1.0:
            support += sum(lst.weights[j] for j in p.listed if not lst.minor[j])
            continue
        if all(lst.minor[j] for j in p.listed) and all(q.minor[i] for i in p.query):
            continue
        if fuzzy is not None or len(p.query) != 1 or len(p.listed) != 1:
            return pairs
        fuzzy = p
    least = scoring.short_slip_support
    if country:
        least = min(least, scoring.short_country_support)
    if fuzzy is None or support < least or fuzzy.similarity >= scoring.short_supported:
        return pairs
    i, j = fuzzy.query[0], fuzzy.listed[0]
    a, b = q.raw[i], lst.raw[j]
    if not (a.isalpha() and b.isalpha() and max(len(a), len(b)) <= 5):
        return pairs
    if support < scoring.short_support and not (
        slip(a, b) or word_weight(q.tokens[i], config.weights) >= 1.0
    ):
        # (Lighter words beside it suffice when the edit is a slip of typing, `IKM, Song`, `JIN TIA`, or
        # leaves a word rare in English, `Ghds Aviation Industries`: not `US GOLD` for `USM GOLD`, nor
        # `Blue Line` for `Blue Lines`, where the query's word is one people write.)
        return pairs
    if support < scoring.short_slip_support and not (typed_edit(a, b)):
        # (Beside a descriptor and the country only, the edit must be one typing makes: a slip, a key struck
        # with its neighbour, a key missed (`Dhua`, `PLEON`, `SNB`). `Eason Technology` / `Cason
        # Technologies` differ by keys far apart: two names.)
        return pairs
    if min(len(a), len(b)) < 3 and not (len(a) == 2 and len(b) == 3):
        # (Two letters only as a three-letter listed word with one dropped: `TE, Vinh` for `TEA, Vinh`.)
        return pairs
    if any(k not in matched_q and not q.minor[k] for k in range(len(q.tokens))) or any(
        k not in matched_l and not lst.minor[k] for k in range(len(lst.tokens))
    ):
        return pairs
    if OSA.distance(a, b, score_cutoff=1) > 1:
        return pairs
    matched_q[i] = matched_l[j] = scoring.short_supported
    return tuple(Pair(p.query, p.listed, scoring.short_supported) if p is fuzzy else p for p in pairs)


def _form_read_short(
    q: Side,
    lst: Side,
    pairs: tuple[Pair, ...],
    matched_q: dict[int, float],
    matched_l: dict[int, float],
    config: MatchConfig,
    country: bool,
) -> tuple[Pair, ...]:
    """A short word of the query that normalisation read as a legal form (`ONG` as the NGO form, `NA`),
    left unaligned, one typed edit from the one word of the listed name left unaligned (`JI ONG 8` / `JI
    SONG 8`, `HONG ONG ELECTRONICS KISH` / `HONG KONG ...`, `RA NA 2` / `RA NAM 2`): a typo that happened
    to spell a legal form, inside the name where no legal form stands. The pair is offered to
    `_supported_short` as the typo it is, and kept only if that rule takes it (everything else exact,
    enough support beside it); otherwise the names stay as they were. The edit must be one typing makes
    (a slip, a key struck with its neighbour, a key missed): a legal form written as such beside a name
    one letter from another is how two companies differ too (decision 0176)."""
    found_i = -1
    # (Between two words of the name only: a legal form stands at a name's start or end, and there a form
    # is what it is, `BLUE SKY SE` / `BLUE SKY SZE`, `CAPE AS` / `CAPE GAS`.)
    for i in range(1, len(q.tokens) - 1):
        if q.minor[i] and i not in matched_q:
            word = q.raw[i]
            if 2 <= len(word) <= 5 and word.isalpha():
                if found_i >= 0:
                    return pairs
                found_i = i
    if found_i < 0:
        return pairs
    found_j = -1
    for j in range(len(lst.tokens)):
        if j not in matched_l and not lst.minor[j]:
            if found_j >= 0:
                return pairs
            found_j = j
    if found_j < 0:
        return pairs
    a, b = q.raw[found_i], lst.raw[found_j]
    if not (b.isalpha() and 3 <= len(b) <= 5) or OSA.distance(a, b, score_cutoff=1) > 1:
        return pairs
    if not typed_edit(a, b):
        return pairs
    offered = Pair((found_i,), (found_j,), 0.0)
    trial_q, trial_l = dict(matched_q), dict(matched_l)
    trial_q[found_i] = trial_l[found_j] = 0.0
    taken = _supported_short(q, lst, (*pairs, offered), trial_q, trial_l, config, country)
    if trial_l[found_j] < config.scoring.short_supported:
        return pairs
    matched_q.update(trial_q)
    matched_l.update(trial_l)
    return taken


def _typo_made_word(q: Side, lst: Side, i: int, j: int, config: MatchConfig) -> bool:
    """Query word `i` is listed word `j` with one typo that made a word nobody writes on purpose: it holds
    letters no listed or English word holds (`GOKLSAN` / `GOLSAN`: `kls`; `NSGB` / `SNGB`: `sgb`), or it
    is a slip (two letters swapped, a letter doubled or undoubled) into a word unknown to English and rare
    in the lists (`CNOC` / `CNOOC`, `SALHE` / `SALEH`). Another real name one edit away is written with
    letters words have and is a word someone chose (`Aegon` / `Argon`, `Sabre` / `Saber`). A word of four
    letters with odd letters counts only against a listed acronym (`CXJT` / `CXMT`): a short listed word
    with vowels (`GUGI`) has neighbours that are other parties' acronyms (`GPGI`), odd letters and all."""
    scoring = config.scoring
    a, b = q.tokens[i], lst.tokens[j]
    shorter = min(len(a), len(b))
    if not b.isalpha():
        return False
    if shorter < scoring.odd_typo_min_len:
        # (A listed three-letter acronym, `MTU`, with a key struck beside one of its letters, `JMTU`, or one
        # of its letters struck twice, `SRZZ`.)
        a, b = q.raw[i], lst.raw[j]
        return (
            shorter >= scoring.fat_finger_min_len
            and bool(q.coined)
            and q.coined[i]
            and sum(c in "aeiou" for c in b) <= 1
            and (fat_finger(a, b) or (len(a) > len(b) and slip(a, b, neighbours=False)))
        )
    if (
        q.odd[i]
        and (shorter >= scoring.odd_typo_word_len or sum(c in "aeiou" for c in b) <= 1)
        and OSA.distance(a, b, score_cutoff=1) <= 1
    ):
        return True
    if not (q.coined and q.coined[i]):
        return False
    a, b = q.raw[i], lst.raw[j]
    if slip(a, b, neighbours=False):
        return True
    # (A letter added to a word of ordinary English, `Vistra` / `Vista`, is how names are coined from words.)
    return scoring.fat_finger_typo and fat_finger(a, b) and word_weight(lst.tokens[j], config.weights) >= 1.0


def _lone_slip(q: Side, lst: Side, i: int, j: int, config: MatchConfig) -> bool:
    """Query word `i`, a short word no list and no English text holds, is a slip of typing from listed word
    `j` and from no other listed word (`DEDK` / `DEDO`, `CHWEM` / `CHEM`): the typist made it from that
    word (`matchers/short_typos.py`)."""
    if not unwritten(q.tokens[i]):
        return False
    a, b = q.raw[i], lst.raw[j]
    return typed_edit(a, b)


def _odd_typos(
    q: Side,
    lst: Side,
    pairs: tuple[Pair, ...],
    matched_q: dict[int, float],
    matched_l: dict[int, float],
    config: MatchConfig,
) -> tuple[tuple[Pair, ...], tuple[int, ...]]:
    """Pairs whose query word is a typo that made a word nobody writes (`_typo_made_word`) count
    `odd_typo`, and are not discounted as the lone approximate word of the names: the names differ by
    data entry, not by being two names."""
    sure = config.scoring.odd_typo
    if not sure:
        return pairs, ()
    out: list[Pair] = []
    raised: list[int] = []
    # (A word with one listed neighbour a slip away counts only as the names' one difference: every other
    # word of both, legal forms included, aligned; `Vistra Corp.` is not `VISTA`.)
    lone = q.lone if len(matched_q) == len(q.tokens) and len(matched_l) == len(lst.tokens) else ()
    for p in pairs:
        if len(p.query) == 1 and len(p.listed) == 1 and p.similarity < 1.0:
            i, j = p.query[0], p.listed[0]
            if lone and lone[i] == lst.tokens[j] and _lone_slip(q, lst, i, j, config):
                # (Already above `odd_typo` as a slip of a 5-letter word, `KIOTI` / `KOTI`: a typo all the
                # same, not discounted as the names' one approximate word.)
                if p.similarity < sure:
                    p = Pair(p.query, p.listed, sure)
                    matched_q[i] = matched_l[j] = sure
                raised.append(i)
            elif p.similarity < sure and _typo_made_word(q, lst, i, j, config):
                p = Pair(p.query, p.listed, sure)
                matched_q[i] = matched_l[j] = sure
                raised.append(i)
        out.append(p)
    return (tuple(out), tuple(raised)) if raised else (pairs, ())


def _country_picked(
    q: Side,
    lst: Side,
    pairs: tuple[Pair, ...],
    matched_q: dict[int, float],
    matched_l: dict[int, float],
    config: MatchConfig,
    typos: tuple[int, ...],
) -> tuple[tuple[Pair, ...], tuple[int, ...]]:
    """For an organisation whose query gives a country the listed entry has: a query word of at most 5
    letters no list and no English text holds, a slip of typing from the listed word it is aligned with,
    every other word of both names aligned, counts `odd_typo` as `_odd_typos` counts a word with one such
    listed neighbour, though the lists hold several (`SGIG` is a slip of `SBIG` and of `SHIG`; in Iran,
    `SBIG`): the country picks the neighbour the vocabulary cannot (decision 0177)."""
    sure = config.scoring.odd_typo
    if not sure or len(matched_q) != len(q.tokens) or len(matched_l) != len(lst.tokens):
        return pairs, typos
    out: list[Pair] = []
    raised = list(typos)
    for p in pairs:
        if len(p.query) == 1 and len(p.listed) == 1 and p.similarity < 1.0:
            i, j = p.query[0], p.listed[0]
            if q.unknown[i] and len(q.raw[i]) <= 5 and i not in raised and _lone_slip(q, lst, i, j, config):
                if p.similarity < sure:
                    p = Pair(p.query, p.listed, sure)
                    matched_q[i] = matched_l[j] = sure
                raised.append(i)
        out.append(p)
    return (tuple(out), tuple(raised)) if len(raised) > len(typos) else (pairs, typos)


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
    if True in q.unknown and (len(matched_q) < len(q.tokens) or len(matched_l) < len(lst.tokens)):
        pairs = _rejoined_pieces(q, lst, pairs, matched_q, matched_l, config)
    if (
        len(matched_q) + 1 < len(q.tokens)
        and len(matched_l) < len(lst.tokens)
        and True in q.unknown
        and scoring.split_pieces_rejoined
    ):
        pairs = _split_pieces(q, lst, pairs, matched_q, matched_l, config)
    if len(matched_q) < len(q.tokens) and len(matched_l) < len(lst.tokens):
        extra = _leftover_pairs(q, lst, pairs, matched_q, matched_l, config)
        if extra:
            pairs = pairs + tuple(extra)
            for p in extra:
                matched_q[p.query[0]] = matched_l[p.listed[0]] = p.similarity
    slipped = False
    if not person and _one_major(q.minor):
        pairs, slipped = _bare_coined(q, lst, pairs, matched_q, matched_l, config)
    if q.cyrillic:
        pairs = _romanised(q, lst, pairs, matched_q, matched_l, config)
    registration = False
    if q.registration and lst.registration:
        pairs, registration = _registration_typo(q, lst, pairs, matched_q, matched_l, config)
    if not person and config.scoring.form_read_short and pairs:
        pairs = _form_read_short(q, lst, pairs, matched_q, matched_l, config, country)
    if len(pairs) > 1:
        pairs = _supported_short(q, lst, pairs, matched_q, matched_l, config, country and not person)
    typos: tuple[int, ...] = ()
    # (`True in` a tuple of flags: `any()` of a sequence is a generic call of a builtin from compiled code.)
    if True in q.odd or True in q.coined or q.lone:
        pairs, typos = _odd_typos(q, lst, pairs, matched_q, matched_l, config)
    if country and not person and scoring.country_picks_neighbour:
        pairs, typos = _country_picked(q, lst, pairs, matched_q, matched_l, config, typos)
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
        q_weights,
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
    if (
        len(core_pairs) == 1
        and len(core_pairs[0].listed) == 1
        and word_weight(lst.tokens[core_pairs[0].listed[0]], config.weights) < scoring.generic_word_weight
        and (len(matched_q) < len(q.tokens) or len(matched_l) < len(lst.tokens))
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
        elif _legal_form_left(q, matched_q) and _legal_form_left(lst, matched_l):
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
            and (only.query[0] in typos or misread(q.raw[only.query[0]], lst.raw[only.listed[0]]))
        ):
            # (A slip of typing or a misread letter, `Craas` for `Cras`, `Clore` for `Dore`, is not how two
            # different short names differ.)
            score *= scoring.single_fuzzy_factor
            adjustments.append(("single_fuzzy", scoring.single_fuzzy_factor))
    if (
        score < 1.0
        and len(core_pairs) >= 2
        and _corroborated(q, lst, core_pairs, matched_q, matched_l, config)
    ):
        # Two or more distinctive words, each aligned on its own and nothing left over on either side
        # (`O'Tooel, Josepyh`, `Army Cojand College`): independent typos in several words of one name are
        # what data entry does; two different parties rarely come that close in every word at once.
        bonus = (1.0 - score) * scoring.corroborated_share
        score += bonus
        adjustments.append(("corroborated", bonus))
    return NameScore(score, cov_l, cov_q, pairs, q, lst, tuple(adjustments))


def _corroborated(
    q: Side,
    lst: Side,
    core_pairs: Sequence[Pair],
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
