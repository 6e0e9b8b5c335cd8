"""One name's side of a comparison (`Side`): its tokens with the facts scoring reads per position (weight,
place, legal form, coined, descriptor, odd letters, lone neighbour), and the bounded memos that work those
facts out once per word.

Split from `scoring.py` (decision 0209) with the alignment rules (`leftover_rules.py`, `typo_rules.py`), which
read a `Side` and cannot import `scoring` without a cycle; `scoring` re-exports what it always exported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, NamedTuple, final

from matchers.config import DEFAULT_CONFIG, MatchConfig, WeightsConfig
from matchers.letters import odd_letters
from matchers.normalise import NameForm, is_registration, written_in_cyrillic, written_in_han
from matchers.short_typos import initials_written, lone_neighbour, mistyped_article
from matchers.transcription import LATIN
from matchers.vocabulary import NAME_PARTICLES
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
    # Words the name writes as initials, dotted or joined by an ampersand (`U.S.`, `S&P`: `us`, `sp`), which
    # `typo_rules.supported_short` does not read as a longer code with a key missed.
    initials_written: tuple[str, ...] = ()
    # Legal forms at the name's ends read from a word one typo from a form, not written as one (`PNO
    # Etalon`: `pao`; `NameForm.typed_ends`): which form was meant is a guess (decision 0267).
    typed_forms: tuple[int, ...] = ()

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
        # (A particle ending the name is a name word, `Simon Du`: decision 0264.)
        last = len(tokens) - 1
        particle_end = (
            last > 0
            and config.scoring.particle_ends_name
            and last in form_minor
            and tokens[last] in NAME_PARTICLES
            and (last - 1) not in form_minor
        )
        memo = _TOKEN_FACTS.table
        if len(memo) >= _TOKEN_FACTS.maxsize:
            memo.clear()
        for i, t in enumerate(tokens):
            m = i in form_minor
            alpha = t.isalpha()
            if not i and article and not m and t not in df and mistyped_article(t):
                # (`HTE ASIAN TIGERS`, `thw Wintrade Company`: the article normalisation drops, mistyped.)
                m = True
            elif m and particle_end and i == last:
                m = False
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
        # (The named tuple's own `__new__` is Python code, run once per name screened even from compiled
        # code: `tuple.__new__` with every field in order builds the same instance, as `NameForm`'s is
        # built in `normalise._name_form`; decision 0546.)
        return _new_tuple(
            cls,
            (
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
                # (`any()` of a generator is a loop in compiled code; of a list, a generic call of the
                # builtin.)
                tuple(lone_l) if any(lone for lone in lone_l) else (),
                initials_written(form.original),
                _typed_forms(form.typed_ends, len(tokens), minor_l) if form.typed_ends else (),
            ),
        )


def _typed_forms(ends: int, n: int, minor: list[bool]) -> tuple[int, ...]:
    """The first and last tokens (`ends`' bits 1 and 2) read as a legal form from a word one typo from one."""
    out: list[int] = []
    if ends & 1 and minor[0]:
        out.append(0)
    if ends & 2 and minor[n - 1] and n - 1 not in out:
        out.append(n - 1)
    return tuple(out)


_new_tuple: Final = tuple.__new__
