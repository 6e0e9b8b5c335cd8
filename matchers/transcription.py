"""Names written in two scripts: a Latin spelling against a romanised transcription (`Herbert` / `허버트`).

A foreign name written in Hangul, katakana, Chinese characters, Hebrew, Arabic or Cyrillic is written *by
ear*: the transcriber keeps the consonants they hear and the writing system forces the rest. Korean and
Japanese add a vowel after every final consonant (`heobeoteu`, `neisan`), Chinese splits clusters into
syllables (`ke li si tuo fu` for Christopher), abjads drop short vowels (`gpny` for Gaffney), and none of
them has every consonant (Korean and Japanese have no `l`/`r` contrast, Arabic no `p` or `v`). Romanising
the transcription (ICU, in `normalise.fold`) gives letters, not the Latin spelling, so spelling similarity
fails (`heobeoteu` / `herbert`).

What survives is the sound skeleton. Each side becomes a sequence of symbols, one per consonant and one per
vowel run, each the set of sounds its spelling may stand for *in that script*: a Korean `b` is b, p or v, a
Hebrew `p` p or f, an Arabic `f` f or v, pinyin `x` s or sh; a Latin `ch` is English tsh, German kh,
Italian k or French sh, a Latin `j` English j, German y, French zh or Spanish kh. Two skeletons are aligned
by a weighted edit distance: two symbols sharing a sound cost nothing; sounds told apart by voice only
(`b`/`p`) or by manner (`b`/`v`, `s`/`sh`, `m`/`n`) cost part; a vowel, a weak consonant (`h`, `w`, `y`),
an `r` after a vowel (`Herbert` heard without its `r`s), a `t` before `s` (`ts` for `z`) cost little to
leave out. The similarity is one minus that cost per consonant.

Used only when the two names were written in different scripts: two Latin spellings are compared letter by
letter elsewhere, and this rule is far too lenient for them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from functools import lru_cache
from typing import Final, NamedTuple, final

from matchers.config import DEFAULT_CONFIG, TranscriptionConfig
from matchers.memos import ConfigMemo, KeyMemo

_DEFAULT: Final = DEFAULT_CONFIG.transcription

LATIN: Final = "latin"
# The rule name a transcription pair carries in explanations.
TRANSCRIPTION: Final = "transcription"
# Scripts whose syllables end in a nasal that assimilates (`n` said `m` before a labial).
_SYLLABIC: Final = frozenset({"hangul", "kana", "han"})
_ABJADS: Final = frozenset({"arabic", "hebrew"})

# --------------------------------------------------------------------------------------------------
# Which script a name is written in.
# --------------------------------------------------------------------------------------------------
_SCRIPT_RANGES: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("hangul", re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")),
    ("kana", re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")),
    ("han", re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")),
    ("arabic", re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")),
    ("hebrew", re.compile(r"[\u0590-\u05ff\ufb1d-\ufb4f]")),
    ("cyrillic", re.compile(r"[\u0400-\u04ff]")),
    ("greek", re.compile(r"[\u0370-\u03ff]")),
)


def script_of(text: str) -> str:
    """The first non-Latin script found, kana before Chinese characters (a Japanese name mixes both), or
    `latin` for a name ASCII or Latin letters with accents can write."""
    if text.isascii():
        return LATIN
    for name, pattern in _SCRIPT_RANGES:
        if pattern.search(text):
            return name
    if any(unicodedata.category(c).startswith("L") and not _latin_letter(c) for c in text):
        return "other"
    return LATIN


def _latin_letter(c: str) -> bool:
    return "LATIN" in unicodedata.name(c, "")


# Separators between the written words of a name: spaces and the middle dots Chinese and Japanese put
# between the parts of a foreign name.
_WORD_BREAK: Final = re.compile(r"[\s\u00b7\u30fb\u2027\u2022\uff65.,;/]+")


def written_words(text: str) -> list[str]:
    return [w for w in _WORD_BREAK.split(text) if w]


# --------------------------------------------------------------------------------------------------
# Skeletons.
# --------------------------------------------------------------------------------------------------
# A symbol is the set of sounds a spelling may stand for, as atoms: consonants `b p v f w d t Q` (th) `g k x`
# (kh) `z s j` (dzh) `c` (tsh) `S` (sh) `Z` (zh) `r l m n h y`, vowels `a e o` (`e` front, `o` back).
_VOWELS: Final = frozenset("aeiou")
_VOWEL_QUALITY: Final = {"a": "a", "e": "e", "i": "e", "y": "e", "o": "o", "u": "o"}
_ANY_VOWEL: Final = "aeo"
# The Arabic article's `l`: heard, assimilated or dropped.
ARTICLE: Final = "'l"
# Vowels a script writes loosely: Korean `eo`/`eu`, Japanese `u` (added after consonants), pinyin `e`.
_LOOSE_VOWELS: Final = {"hangul": ("eo", "eu"), "kana": ("u",), "han": ("e",)}

Sounds = tuple[str, ...]

# Spellings every romanisation shares: (letters, the sounds of each segment).
_COMMON: Final[dict[str, Sounds]] = {
    "shch": ("S",),
    "sch": ("S",),
    "tch": ("c",),
    "dzh": ("j",),
    "dj": ("j",),
    "zh": ("Z",),
    "sh": ("S",),
    "ch": ("c",),
    "kh": ("x",),
    "gh": ("gx",),
    "ck": ("k",),
    "ph": ("f",),
    "th": ("Q",),
    "qu": ("k", "w"),
    "x": ("k", "s"),
    "b": ("b",),
    "p": ("p",),
    "f": ("f",),
    "v": ("v",),
    "w": ("w",),
    "t": ("t",),
    "d": ("d",),
    "k": ("k",),
    "g": ("g",),
    "q": ("k",),
    "c": ("k",),
    "s": ("s",),
    "z": ("z",),
    "j": ("j",),
    "r": ("r",),
    "l": ("l",),
    "m": ("m",),
    "n": ("n",),
    "h": ("h",),
}
# A Latin spelling, read in any of the languages that write names in it: `ch` English /tʃ/, German /x/,
# Italian /k/, French /ʃ/; `th` /θ/ or /t/; `j` /dʒ/, /j/ (German), /ʒ/ (French), /x/ (Spanish); `w` /w/ or
# /v/ (German); `z` /z/, /s/ or /ts/; `sz` (Polish) /ʃ/, `cz` /tʃ/.
_LATIN: Final[dict[str, Sounds]] = {
    **_COMMON,
    "ch": ("cxkS",),
    "th": ("Qts",),
    "j": ("jyZx",),
    "w": ("wv",),
    "z": ("zs",),
    "sz": ("S",),
    "cz": ("c",),
}
# By script, what its romanised letters may stand for in a foreign name.
_BY_SCRIPT: Final[dict[str, dict[str, Sounds]]] = {
    "cyrillic": {**_COMMON, "h": ("xh",), "v": ("vw",), "ts": ("t", "s")},
    # No /p/, /v/, /g/, /tʃ/ in Arabic: `b` writes p, `f` v, jim, qaf or ghain g, `tsh` ch.
    "arabic": {
        **_COMMON,
        "b": ("bp",),
        "f": ("fv",),
        "j": ("jgZ",),
        "q": ("kg",),
        "gh": ("gxr",),
        "kh": ("xkh",),
        "th": ("Qst",),
        "z": ("zs",),
        "sh": ("Sc",),
    },
    # Hebrew: bet is b or v, pe p or f, kaf k or kh, het h or kh, tsade ts or (with a geresh) ch.
    "hebrew": {
        **_COMMON,
        "b": ("bv",),
        "p": ("pf",),
        "k": ("kx",),
        "h": ("hx",),
        "s": ("sS",),
        "z": ("zsc",),
        "g": ("gj",),
    },
    # Japanese: `b` writes v too, `f` h, `shi` si, `chi` ti, `ji` zi and di; `r` is r and l; `tsu` ts.
    "kana": {
        **_COMMON,
        "b": ("bv",),
        "f": ("fh",),
        "h": ("hf",),
        "sh": ("Ss",),
        "ch": ("ct",),
        "j": ("jzZd",),
        "r": ("rl",),
        "ts": ("t", "s"),
    },
    # Korean: plain stops are voiced or not by position (`g` k, `d` t, `b` p and v), `p` is p and f, `s` s
    # and sh, `j` j and z; `r`/`l` one letter; `ng` closes a syllable and adds no `g`.
    "hangul": {
        **_COMMON,
        "g": ("gk",),
        "d": ("dt",),
        "b": ("bpv",),
        "p": ("pf",),
        "s": ("sSz",),
        "j": ("jzZ",),
        "ch": ("cts",),
        "r": ("rl",),
        "l": ("lr",),
        "ng": ("n",),
        "sy": ("S",),
        "jy": ("j",),
        "chy": ("c",),
    },
    # Pinyin: `b d g` and `p t k` each write voiced and voiceless stops, `w` v; `x` s or sh, `q` ch or k,
    # `j` j, g or k, `c` ts, `z` z or s, `h` h or kh; `l` is l and r; `ng` closes a syllable; `er` is the one
    # syllable for r and l.
    "han": {
        **_COMMON,
        "b": ("bp",),
        "d": ("dt",),
        "g": ("gk",),
        "p": ("pb",),
        "t": ("td",),
        "k": ("kg",),
        "f": ("fv",),
        "w": ("wv",),
        "h": ("hxk",),
        "x": ("sS",),
        "q": ("ck",),
        "j": ("jgk",),
        "c": ("t", "s"),
        "z": ("zs",),
        "l": ("lr",),
        "r": ("rl",),
        "ng": ("n",),
        "er": ("a", "rl"),
    },
}
_LONGEST: Final = 4


def _longest_from(table: dict[str, Sounds]) -> dict[str, int]:
    """By first letter, the longest spelling of `table` it begins (at most `_LONGEST`)."""
    out: dict[str, int] = {}
    for letters in table:
        size = min(len(letters), _LONGEST)
        if size > out.get(letters[0], 0):
            out[letters[0]] = size
    return out


_LATIN_LONGEST: Final = _longest_from(_LATIN)
_COMMON_LONGEST: Final = _longest_from(_COMMON)
_LONGEST_BY_SCRIPT: Final = {script: _longest_from(table) for script, table in _BY_SCRIPT.items()}
_NEUTRALISED: Final = frozenset("sjth")


def _vowel_quality(run: str) -> str:
    """The qualities a run of vowels may stand for, as one symbol (`ai` -> `ae`)."""
    return "".join(sorted({_VOWEL_QUALITY[c] for c in run}))


# `_vowel_quality` of every run of up to three vowels, worked out once: a set, a sort and a join per vowel
# run cost more than the rest of a token's skeleton (decision 0195).
_QUALITIES: Final[dict[str, str]] = {
    a + b + c: _vowel_quality(a + b + c)
    for a in _VOWEL_QUALITY
    for b in ("", *_VOWEL_QUALITY)
    for c in (("", *_VOWEL_QUALITY) if b else ("",))
}


def _vowel_symbol(run: str, script: str) -> str:
    if script in _ABJADS:
        return _ANY_VOWEL
    loose = _LOOSE_VOWELS.get(script)
    if loose is not None and any(letters in run for letters in loose):
        return _ANY_VOWEL
    known = _QUALITIES.get(run)
    return known if known is not None else _vowel_quality(run)


@lru_cache(maxsize=100_000)
def phonetic_key(token: str, script: str = LATIN) -> Sounds:
    """The sound skeleton of a token as `script` spells it: one symbol (a set of sounds) per consonant,
    one per vowel run. Letters other than a-z are dropped."""
    return _sounds(token, script)


def _sounds(token: str, script: str) -> Sounds:
    # (`phonetic_key` unmemoised, for `_heard`, whose own memo remembers the skeleton with the rest: called
    # on its misses through `lru_cache`, it was a generic call and a key for a token rarely seen again; 0544.)
    if script == LATIN:
        table, longest = _LATIN, _LATIN_LONGEST
    else:
        table = _BY_SCRIPT.get(script, _COMMON)
        longest = _LONGEST_BY_SCRIPT.get(script, _COMMON_LONGEST)
    abjad = script in _ABJADS
    out: list[str] = []
    i, n = 0, len(token)
    while i < n:
        c = token[i]
        if c == "-":
            i += 1
            continue
        if abjad and token.startswith("al", i) and (i == 0 or token[i - 1] == "-") and n - i > 3:
            # The article: its `l` is assimilated (`ad-din`, `uddin`) or left out in Latin spellings.
            out.extend(("a", ARTICLE))
            i += 2
            continue
        if script == "hangul" and c in _NEUTRALISED and token[i + 1 : i + 2] in ("", "-"):
            # A syllable-final `s`, `j`, `t`, `h` is said `t` (`콜렛` `kol-les` for Collet).
            out.append("t" + c if c in "sj" else "t")
            i += 1
            continue
        if c in _VOWELS or (c == "y" and not abjad and not (i + 1 < n and token[i + 1] in _VOWELS)):
            k = i + 1
            while k < n and token[k] in _VOWELS:
                k += 1
            out.append(_vowel_symbol(token[i:k], script))
            i = k
            continue
        if c == "y" or (c == "w" and abjad):
            # (An abjad's waw and ya write a consonant or a long vowel: matres lectionis.)
            out.append({"y": "ey", "w": "wvo"}[c] if abjad else "y")
            i += 1
            continue
        if script == LATIN:
            front = token[i + 1 : i + 2] in ("e", "i", "y")
            if c == "s" and i == 0 and token[1:2] in ("p", "t"):
                out.append("sS")  # (German `sp`, `st`: `Spies` is `Шпис`.)
                i += 1
                continue
            if c == "c" and token[i : i + 2] not in ("ch", "ck", "cz"):
                out.append("sc" if front else "k")  # (`Cesare`: s or tsh.)
                i += 1
                continue
            if c == "g" and token[i : i + 2] != "gh" and front:
                out.append("gjZ")
                i += 1
                continue
        # (From the longest spelling beginning with this letter, not from `_LONGEST` for every letter: most
        # letters begin spellings of one or two, and each size tried is a slice and a look-up.)
        for size in range(min(longest.get(c, 0), n - i), 0, -1):
            sounds = table.get(token[i : i + size])
            if sounds is not None:
                out.extend(sounds)
                i += size
                break
        else:
            i += 1
    if script in _SYLLABIC:
        # A syllable-final `n` before a labial is said `m` (`sanpura` for Sampler).
        out = [
            "m" if s == "n" and k + 1 < len(out) and out[k + 1][0] in "bpm" else s for k, s in enumerate(out)
        ]
    return tuple(s for k, s in enumerate(out) if k == 0 or s != out[k - 1])


def key_text(key: Sounds) -> str:
    """A skeleton as text for explanations: one letter per certain sound, the choices in brackets."""
    return "".join(s if len(s) == 1 else f"[{s}]" for s in key)


# --------------------------------------------------------------------------------------------------
# Alignment.
# --------------------------------------------------------------------------------------------------
_VOWEL_ATOMS: Final = frozenset("aeo")
_WEAK: Final = frozenset("hwy'")
# Sounds told apart by voice only.
_VOICING: Final = frozenset(frozenset(p) for p in ("bp", "vf", "dt", "gk", "zs", "jc", "SZ"))
# Sounds a transcription often puts for each other: same place, another manner (`b`/`v`, `k`/`kh`), or the
# nearest a script has (`s`/`sh`, `m`/`n`, `r`/`l`).
_NEAR: Final = frozenset(
    frozenset(p)
    for p in (
        "bv",
        "pf",
        "bw",
        "vw",
        "tQ",
        "sQ",
        "kx",
        "xh",
        "kh",
        "fh",
        "sS",
        "zZ",
        "jZ",
        "cS",
        "mn",
        "jy",
        "rl",
    )
)


# The same pairs as strings of their two atoms, in either order: `_atom_cost` looks up `x + y` instead of
# making a frozenset of the two per pair of atoms (a symbol's atoms are its letters, one character each).
_VOICING_TEXTS: Final = frozenset(a + b for p in _VOICING for a in p for b in p if a != b)
_NEAR_TEXTS: Final = frozenset(a + b for p in _NEAR for a in p for b in p if a != b)


def _atom_cost(x: str, y: str, config: TranscriptionConfig) -> float:
    """The cost of reading atom `x` (one character) as atom `y`."""
    if x == y:
        return 0.0
    vx, vy = x in _VOWEL_ATOMS, y in _VOWEL_ATOMS
    if vx and vy:
        return config.vowel_mismatch
    if vx or vy:
        return config.weak_cost if (x in _WEAK or y in _WEAK) else 1.0
    pair = x + y
    if pair in _VOICING_TEXTS:
        return config.voice_cost
    return config.near_cost if pair in _NEAR_TEXTS else 1.0


class _Costs:
    """One configuration's substitution costs, worked out once per pair of symbols."""

    __slots__ = ("config", "gaps", "rigid", "rows")

    def __init__(self, config: TranscriptionConfig) -> None:
        self.config = config
        self.rows: dict[str, dict[str, float]] = {}
        self.gaps: dict[Sounds, list[float]] = {}
        self.rigid: dict[Sounds, tuple[list[float], int]] = {}

    def consonant_gaps(self, key: Sounds) -> tuple[list[float], int]:
        """The gap costs of the key's certain consonants (no vowel among their readings), cheapest first,
        and how many symbols may be read as a consonant (an abjad's waw and ya may)."""
        found = self.rigid.get(key)
        if found is None:
            gaps = self.gap_costs(key)
            rigid: list[float] = []
            readable = 0
            for k in range(len(key)):
                s = key[k]
                # (Its readings counted in a loop: a frozenset's `isdisjoint` and `issuperset` are generic
                # method calls from compiled code, several hundred instructions each.)
                vowels = 0
                for c in s:
                    if c in _VOWEL_ATOMS:
                        vowels += 1
                if not vowels:
                    rigid.append(gaps[k])
                if vowels < len(s):
                    readable += 1
            rigid.sort()
            found = self.rigid[key] = (rigid, readable)
        return found

    def gap_costs(self, key: Sounds) -> list[float]:
        costs = self.gaps.get(key)
        if costs is None:
            if len(self.gaps) > _MAX_CACHED_KEYS:
                self.gaps.clear()
                self.rigid.clear()
            costs = self.gaps[key] = _gap_costs(key, self.config)
        return costs

    def row(self, x: str) -> dict[str, float]:
        """The substitution costs worked out so far for symbol `x`, by the other symbol."""
        found = self.rows.get(x)
        if found is None:
            found = self.rows[x] = {}
        return found

    def substitution(self, x: str, y: str) -> float:
        """The cheapest reading of one symbol as the other."""
        row = self.row(x)
        cost = row.get(y)
        if cost is None:
            # (`min` of the atom pairs' costs by a compiled loop over the two strings: `min()` of a generator
            # is a generic call and a generator object per pair of symbols. Symbols are never empty.)
            config = self.config
            least = 0.0
            seen = False
            for a in x:
                for b in y:
                    atom = _atom_cost(a, b, config)
                    if not seen or atom < least:
                        least = atom
                        seen = True
            if not seen:
                raise ValueError(f"no atoms in {x!r} or {y!r}")
            cost = row[y] = least
        return cost


_COSTS: Final[dict[TranscriptionConfig, _Costs]] = {}
_MAX_CACHED_KEYS: Final = 100_000
# The configuration asked for last and its costs: a configuration is a frozen dataclass, whose hash is a
# Python-level function over every field, and one screener asks with the same object every time.
_LAST: Final[list[tuple[TranscriptionConfig, _Costs]]] = []


def _costs(config: TranscriptionConfig) -> _Costs:
    if _LAST:
        last_config, last_costs = _LAST[0]
        if last_config is config:
            return last_costs
    found = _COSTS.get(config)
    if found is None:
        found = _COSTS[config] = _Costs(config)
    _LAST[:] = [(config, found)]
    return found


def _is_vowel(s: str) -> bool:
    return s[0] in _VOWEL_ATOMS


def _gap_costs(key: Sounds, config: TranscriptionConfig) -> list[float]:
    """What leaving each symbol unmatched costs: little for a vowel or a weak sound, one for the rest."""
    return [
        config.vowel_cost if _is_vowel(s) else config.weak_cost if _weak_at(key, k) else 1.0
        for k, s in enumerate(key)
    ]


def _weak_at(key: Sounds, k: int) -> bool:
    """`h`, `w`, `y`; an `r` after a vowel and before none (heard or not: `Herbert` / `heobeoteu`); a `t`
    before `s` or `sh` (`ts` for `z`, `tsh` for `ch`); a `g` or `k` after `n` (`ng`)."""
    s = key[k]
    if s[0] in _WEAK:
        return True
    before = key[k - 1] if k > 0 else ""
    after = key[k + 1] if k + 1 < len(key) else ""
    if s[0] == "r":
        return bool(before) and _is_vowel(before) and not (after and _is_vowel(after))
    return (s == "t" and after[:1] in ("s", "S")) or (s in ("g", "k") and before == "n")


def alignment_cost(
    a: Sounds, b: Sounds, config: TranscriptionConfig = _DEFAULT, limit: float = float("inf")
) -> float:
    """Weighted edit distance between two skeletons; once every path costs more than `limit`, that cost
    (the rest of the alignment cannot make it cheaper)."""
    return _alignment_cost(a, b, _costs(config), limit)


def _alignment_cost(a: Sounds, b: Sounds, costs: _Costs, limit: float) -> float:
    ga, gb = costs.gap_costs(a), costs.gap_costs(b)
    prev = [0.0]
    for k in range(len(b)):
        prev.append(prev[-1] + gb[k])
    for i, x in enumerate(a):
        gap = ga[i]
        left = prev[0] + gap
        row = [left]
        best = left
        # (The costs of reading `x` as each of `b`'s symbols, looked up by string: no pair built per cell.)
        subs = costs.row(x)
        for k, y in enumerate(b):
            sub = subs.get(y)
            if sub is None:
                sub = costs.substitution(x, y)
            # (Comparisons rather than `min()`: this loop is most of a cross-script comparison's time.)
            cost = prev[k] + sub
            other = prev[k + 1] + gap
            if other < cost:
                cost = other
            other = left + gb[k]
            if other < cost:
                cost = other
            left = cost
            row.append(cost)
            if cost < best:
                best = cost
        if best > limit:
            return best
        prev = row
    return prev[-1]


def _consonants(key: Sounds) -> float:
    # (Not memoised: called on `_heard`'s misses only, whose memo keeps the count; 0544. A compiled loop, not
    # `sum()` of a generator, a generic call; halves and ones add up exactly in any order.)
    count = 0.0
    for s in key:
        if not _is_vowel(s):
            count += 0.5 if s[0] in _WEAK else 1.0
    return count


def transcription_similarity(
    latin: str, romanised: str, script: str, config: TranscriptionConfig = _DEFAULT
) -> float:
    """How alike a Latin token and a token romanised from `script` sound, 0 when not alike enough."""
    return _similarity(latin, romanised, script, _costs(config))


class HeardInfo(NamedTuple):
    """What `functools.lru_cache`'s `cache_info()` says about its size (benchmarks clear bounded memos)."""

    maxsize: int
    currsize: int


@final
class _Heard:
    """What `_similarity` reads of one token's skeleton, for the costs it was worked out with: the skeleton,
    its consonants, and its certain consonants' gap costs with how many symbols may be read as one."""

    __slots__ = ("consonants", "costs", "key", "readable", "rigid")

    def __init__(
        self, costs: _Costs, key: Sounds, consonants: float, rigid: list[float], readable: int
    ) -> None:
        self.costs = costs
        self.key = key
        self.consonants = consonants
        self.rigid = rigid
        self.readable = readable


@final
class HeardMemo:
    """`_Heard` by script, then by token, cleared whole when `maxsize` tokens are held; `cache_clear` and
    `cache_info` as an `lru_cache` has them, so `bench.speed` clears it with the others before timing
    names never seen. One look-up by two strings (whose hashes Python keeps) replaces two `lru_cache` calls
    keyed by a fresh tuple and a dict keyed by the skeleton, a tuple hashed anew each time."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.size = 0
        self.table: dict[str, dict[str, _Heard]] = {}

    def cache_clear(self) -> None:
        self.table.clear()
        self.size = 0

    def cache_info(self) -> HeardInfo:
        return HeardInfo(self.maxsize, self.size)


_HEARD: Final = HeardMemo(100_000)


def _heard(token: str, script: str, costs: _Costs) -> _Heard:
    memo = _HEARD
    by_script = memo.table.get(script)
    if by_script is None:
        by_script = memo.table[script] = {}
    found = by_script.get(token)
    if found is None or found.costs is not costs:
        key = _sounds(token, script)
        rigid, readable = costs.consonant_gaps(key)
        found = _Heard(costs, key, _consonants(key), rigid, readable)
        if memo.size >= memo.maxsize:
            memo.cache_clear()
            by_script = memo.table[script] = {}
        if token not in by_script:
            memo.size += 1
        by_script[token] = found
    return found


def _cheapest(gaps: list[float], count: int) -> float:
    """`sum(gaps[:max(0, count)])`, added left to right from 0.0 as `sum` adds floats, without the slice and
    the generic call of `sum` from compiled code."""
    out = 0.0
    for k in range(min(count, len(gaps))):
        out += gaps[k]
    return out


# (Read natively by the configuration's costs, one object per configuration, not through an `lru_cache`
# building and hashing a key tuple of four: decision 0544.)
_SIMILARITIES: Final = ConfigMemo(200_000)


def _similarity(latin: str, romanised: str, script: str, costs: _Costs) -> float:
    memo = _SIMILARITIES
    table = memo.table if costs is memo.last else memo.table_for(costs)
    key = (latin, romanised, script)
    found: float | None = table.get(key)
    if found is None:
        found = _worked_out_similarity(latin, romanised, script, costs)
        memo.put(table, key, found)
    return found


def _worked_out_similarity(latin: str, romanised: str, script: str, costs: _Costs) -> float:
    config = costs.config
    heard_a, heard_b = _heard(latin, LATIN, costs), _heard(romanised, script, costs)
    ka, kb = heard_a.key, heard_b.key
    ca, cb = heard_a.consonants, heard_b.consonants
    consonants = max(ca, cb)
    if consonants == 0:
        return 0.0
    ra, na, rb, nb = heard_a.rigid, heard_a.readable, heard_b.rigid, heard_b.readable
    # (Consonants one side has more than the other can pair with are left out, each at its gap cost at
    # least: the cheapest of them bound the cost from below, and most pairs of names stop here.)
    more, other = _cheapest(ra, len(ra) - nb), _cheapest(rb, len(rb) - na)
    if other > more:
        more = other
    if 1.0 - more / consonants < config.floor:
        return 0.0
    if min(ca, cb) < config.min_consonants and more > config.weak_cost:
        return 0.0

    cost = _alignment_cost(ka, kb, costs, (1.0 - config.floor) * consonants)
    if min(ca, cb) < config.min_consonants and cost > config.weak_cost:
        # (A word of one consonant, `Ohl` / `Ол`, must sound the same but for a silent letter.)
        return 0.0
    sim = 1.0 - cost / consonants
    if sim < config.floor:
        return 0.0
    return min(sim, 1.0) * config.top


Span = tuple[int, ...]
_PINYIN_SYLLABLE: Final = re.compile(r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?[aeiouv]{1,3}(?:ng|n|r)?$")


def is_pinyin_syllable(token: str) -> bool:
    """One Chinese character's reading (`zhang`, `er`), not a word translated from several (`technology`)."""
    return bool(_PINYIN_SYLLABLE.match(token))


# (Read natively, not through an `lru_cache`: decision 0544.)
_NATIVE_SPANS: Final = KeyMemo(4096)


def _native_spans(
    native: tuple[str, ...], groups: tuple[Span, ...], script: str
) -> tuple[tuple[Span, str], ...]:
    """The native name's written words that may be transcriptions, each with its syllables joined: the same
    for every Latin name it is compared with, so worked out once per name."""
    key = (native, groups, script)
    found: tuple[tuple[Span, str], ...] | None = _NATIVE_SPANS.table.get(key)
    if found is None:
        found = _worked_out_spans(native, groups, script)
        _NATIVE_SPANS.put(key, found)
    return found


def _worked_out_spans(
    native: tuple[str, ...], groups: tuple[Span, ...], script: str
) -> tuple[tuple[Span, str], ...]:
    spans = groups or tuple((i,) for i in range(len(native)))
    if script in _ABJADS:
        # An Arabic compound, two written words the second with the article (`عبد الرحمن`, `شمس الدين`),
        # is written as one or two Latin words (`Abdul Rahman`, `Shamsuddin`).
        spans += tuple(
            (i, i + 1)
            for i in range(len(native) - 1)
            if native[i + 1].startswith("al") and len(native[i + 1]) > 3
        )
    out: list[tuple[Span, str]] = []
    for span in spans:
        if script == "han" and not all(is_pinyin_syllable(native[i]) for i in span):
            continue  # (Words translated from Chinese characters, `technology`, are not transcriptions.)
        # (Syllables joined with a mark of their boundary, where Korean neutralises a final consonant.)
        romanised = "-".join(native[i] for i in span)
        if romanised.replace("-", "").isalpha():
            out.append((span, romanised))
    return tuple(out)


def transcription_pairs(
    native: tuple[str, ...],
    groups: tuple[Span, ...],
    script: str,
    latin: tuple[str, ...],
    config: TranscriptionConfig = _DEFAULT,
    sure_native: Collection[int] = (),
    sure_latin: Collection[int] = (),
) -> list[tuple[Span, Span, float]]:
    """(native tokens, Latin tokens, similarity) for every written word of the native name against every run
    of up to `max_latin_run` Latin tokens that sounds alike. A written word is one token (Cyrillic, Arabic,
    katakana) or several syllables romanised apart (Hangul, Chinese characters): its syllables are heard as
    one word (`heo beo teu` for Herbert), and one written word may hold a whole name (`김정은` for
    `Kim Jong Un`). Tokens in `sure_native` / `sure_latin` are already aligned as well as a transcription
    can be."""
    out: list[tuple[Span, Span, float]] = []
    # (Alphabets and abjads write a space between the words of a name; syllabaries often do not.)
    syllabic = script in _SYLLABIC
    for span, romanised in _native_spans(native, groups, script):
        if sure_native and all(i in sure_native for i in span):
            continue
        longest = config.max_latin_run if syllabic else len(span)
        for j in range(len(latin)):
            written = ""
            for k in range(j, min(len(latin), j + longest)):
                if not latin[k].isalpha() or k in sure_latin:
                    break
                written += latin[k]
                sim = transcription_similarity(written, romanised, script, config)
                if sim:
                    out.append((span, tuple(range(j, k + 1)), sim))
    return out


def explain_keys(latin: str, romanised: str, script: str) -> tuple[str, str]:
    """The two skeletons a transcription pair was judged on, for explanations."""
    return key_text(phonetic_key(latin, LATIN)), key_text(phonetic_key(romanised, script))
