"""Names written in two scripts: a Latin spelling against a romanised transcription (`Herbert` / `허버트`).

A foreign name written in Hangul, katakana, Chinese characters, Hebrew, Arabic or Cyrillic is written *by
ear*: the transcriber keeps the consonants they hear and the writing system forces the rest. Korean and
Japanese add a vowel after every final consonant (`heobeoteu`, `neisan`), Chinese splits clusters into
syllables (`ke li si tuo fu` for Christopher), abjads drop short vowels (`gpny` for Gaffney), and none of
them has every consonant (Korean and Japanese have no `l`/`r` contrast, Arabic no `p` or `v`). Romanising
the transcription (ICU, in `normalise.fold`) gives letters, not the Latin spelling, so spelling similarity
fails (`heobeoteu` / `herbert`).

What survives is the consonant skeleton, by sound class. Each side becomes a string of class symbols:
`b` labials (b p f v ph), `t` dentals (t d), `k` velars (k g c q kh), `s` sibilants (s z), `j` palatals
(sh ch j zh), `r`, `l`, `m`, `n`, the weak `h`, `w`, `y`, and `a` for any vowel run. Latin letters whose
sound depends on the language they spell stay ambiguous (`C` for `ch`, `D` for `th`, `G` for a soft `g`,
`J` for `j`); so do the pinyin initials `x`, `q`, `j` (`X`, `C`, `G`). The two skeletons are aligned by a
weighted edit distance in which a vowel, a weak consonant, a post-vocalic `r` (`Herbert` heard without its
`r`s) cost little, and neighbouring classes (`t`/`s` for `th`, `k`/`h` for `kh`) cost less than unrelated
ones. The similarity is one minus that cost per consonant.

Used only when the two names were written in different scripts: two Latin spellings are compared letter by
letter elsewhere, and this rule is far too lenient for them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from matchers.config import DEFAULT_CONFIG, TranscriptionConfig

_DEFAULT = DEFAULT_CONFIG.transcription

LATIN = "latin"
# The rule name a transcription pair carries in explanations.
TRANSCRIPTION = "transcription"
# Scripts whose transcriptions have no `l`/`r` contrast.
_NO_LR = frozenset({"hangul", "kana", "han"})
_ABJADS = frozenset({"arabic", "hebrew"})

# --------------------------------------------------------------------------------------------------
# Which script a name is written in.
# --------------------------------------------------------------------------------------------------
_SCRIPT_RANGES = (
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
_WORD_BREAK = re.compile(r"[\s\u00b7\u30fb\u2027\u2022\uff65.,;/]+")


def written_words(text: str) -> list[str]:
    return [w for w in _WORD_BREAK.split(text) if w]


# --------------------------------------------------------------------------------------------------
# Skeletons.
# --------------------------------------------------------------------------------------------------
_VOWELS = frozenset("aeiou")

# (letters, symbols) tried longest first at each position.
_COMMON = {
    "sch": "j",
    "shch": "j",
    "tch": "j",
    "dzh": "j",
    "dj": "j",
    "zh": "j",
    "sh": "j",
    "kh": "k",
    "gh": "k",
    "ck": "k",
    "ph": "b",
    "qu": "kw",
    "ng": "nk",
    "x": "ks",
    "b": "b",
    "p": "b",
    "f": "b",
    "v": "b",
    "t": "t",
    "d": "t",
    "k": "k",
    "q": "k",
    "s": "s",
    "z": "s",
    "r": "r",
    "l": "l",
    "m": "m",
    "n": "n",
    "h": "h",
    "w": "w",
}
# A Latin spelling: `ch` is /tʃ/ in English, /x/ in German, /k/ in Italian; `th` /θ/ or /t/; `j` /dʒ/ or
# /j/; `g` before a front vowel /g/ or /dʒ/.
_LATIN = {**_COMMON, "ch": "C", "th": "D", "j": "J"}
# A romanisation (ICU's, rigour's): `ch` is /tʃ/ in every scheme, `th` the Arabic /θ/.
_ROMANISED = {**_COMMON, "ch": "j", "th": "D", "j": "j"}
# Pinyin: `x` /ɕ/ stands for s or sh, `q` /tɕʰ/ for ch or k, `j` /tɕ/ for j or k or g; `c` is /ts/;
# `ng` closes a syllable and adds no `g`; `er` is the one syllable for `r` and `l`.
_PINYIN = {**_ROMANISED, "x": "X", "q": "C", "j": "G", "c": "ts", "ng": "n", "er": "ar"}
# Korean: `ng` closes a syllable and adds no `g`; `eo`, `eu`, `ae`, `oe` are vowels.
_HANGUL = {**_ROMANISED, "ng": "n"}

# Arabic has no /g/: a foreign `g` is written with jim (`j`) as often as with ghain or kaf.
_ARABIC = {**_ROMANISED, "j": "G"}

_TABLES = {LATIN: _LATIN, "han": _PINYIN, "hangul": _HANGUL, "arabic": _ARABIC}
_LONGEST = 4


def _table(script: str) -> dict[str, str]:
    return _TABLES.get(script, _ROMANISED)


# Vowel runs by quality: `a`; `e` front (e, i); `o` back (o, u); `A` a or e; `O` a or o; `U` e or o; `V` any
# (a vowel the script writes loosely: Korean `eo`/`eu`, Japanese `u`, pinyin `e`, an abjad's alef).
_VOWEL_QUALITY = {"a": "a", "e": "e", "i": "e", "y": "e", "o": "o", "u": "o"}
_VOWEL_SETS = {
    "a": frozenset("a"),
    "e": frozenset("e"),
    "o": frozenset("o"),
    "A": frozenset("ae"),
    "O": frozenset("ao"),
    "U": frozenset("eo"),
    "V": frozenset("aeo"),
}
_VOWEL_SYMBOL = {v: k for k, v in _VOWEL_SETS.items()}
_LOOSE_VOWELS = {"hangul": ("eo", "eu"), "kana": ("u",), "han": ("e",)}


def _vowel_symbol(run: str, script: str) -> str:
    if script in _ABJADS or any(loose in run for loose in _LOOSE_VOWELS.get(script, ())):
        return "V"
    return _VOWEL_SYMBOL[frozenset(_VOWEL_QUALITY[c] for c in run)]


@lru_cache(maxsize=100_000)
def phonetic_key(token: str, script: str = LATIN) -> str:
    """The class skeleton of a token as `script` spells it (`herbert` -> `ertert` classes `eRbeRt`...): one
    symbol per consonant sound, one per vowel run. Letters other than a-z are dropped."""
    table = _table(script)
    abjad = script in _ABJADS
    out: list[str] = []
    i, n = 0, len(token)
    while i < n:
        c = token[i]
        if c in _VOWELS or (c == "y" and not abjad and not (i + 1 < n and token[i + 1] in _VOWELS)):
            k = i + 1
            while k < n and token[k] in _VOWELS:
                k += 1
            out.append(_vowel_symbol(token[i:k], script))
            i = k
            continue
        if c == "y" or (c == "w" and abjad):
            out.append(c.upper() if abjad else c)
            i += 1
            continue
        if script == LATIN and c == "s" and i == 0 and token[1:2] in ("p", "t"):
            # (German `sp`, `st`: `Spies` is `Шпис`.)
            out.append("X")
            i += 1
            continue
        if script == LATIN and c in "cg":
            front = i + 1 < n and token[i + 1] in "eiy"
            if c == "c" and token[i : i + 2] not in ("ch", "ck"):
                out.append("s" if front else "k")
                i += 1
                continue
            if c == "g" and token[i : i + 2] != "gh":
                out.append("G" if front else "k")
                i += 1
                continue
        for size in range(min(_LONGEST, n - i), 0, -1):
            symbols = table.get(token[i : i + size])
            if symbols is not None:
                out.append(symbols)
                i += size
                break
        else:
            if c in "cg":
                out.append("k")
            i += 1
    key = "".join(out)
    if script in _NO_LR:
        # A syllable-final `n` before a labial is said `m` (`sanpura` for Sampler).
        key = _NASAL_BEFORE_LABIAL.sub("m", key)
    return _squeeze(key)


_NASAL_BEFORE_LABIAL = re.compile(r"n(?=b|m)")


def _squeeze(key: str) -> str:
    """Runs of one symbol are one sound (`tt`, `aa` of a long vowel or two vowel letters)."""
    return re.sub(r"(.)\1+", r"\1", key)


# --------------------------------------------------------------------------------------------------
# Alignment.
# --------------------------------------------------------------------------------------------------
# Symbols that stand for more than one sound, and what each may be heard as.
_READINGS: dict[str, frozenset[str]] = {
    "C": frozenset("jkh"),  # Latin ch, pinyin q
    "D": frozenset("ts"),  # th
    "G": frozenset("jk"),  # soft g, pinyin j
    "J": frozenset("jy"),  # Latin j
    "X": frozenset("sj"),  # pinyin x
    "W": frozenset("wbo"),  # an abjad's waw: a consonant or a long vowel
    "Y": frozenset("ye"),  # an abjad's ya
    **_VOWEL_SETS,
}
_WEAK = frozenset("hwyWY")
_VOWEL_SYMBOLS = frozenset(_VOWEL_SETS)
_NEAR = frozenset(frozenset(p) for p in ("sj", "kh", "bw", "mn", "ts", "jy", "bh"))


def _substitution(x: str, y: str, no_lr: bool, config: TranscriptionConfig) -> float:
    if x == y:
        return 0.0
    vx, vy = x in _VOWEL_SYMBOLS, y in _VOWEL_SYMBOLS
    if _READINGS.get(x, frozenset(x)) & _READINGS.get(y, frozenset(y)):
        return 0.0 if vx and vy else config.ambiguous_cost
    if vx and vy:
        return config.vowel_mismatch
    if vx or vy:
        return config.weak_cost if (x in _WEAK or y in _WEAK) else 1.0
    pair = frozenset((x, y))
    if pair == _RL:
        return 0.0 if no_lr else config.near_cost
    return config.near_cost if pair in _NEAR else 1.0


_RL = frozenset("rl")


def _gap_costs(key: str, config: TranscriptionConfig) -> list[float]:
    """What leaving each symbol unmatched costs: little for a vowel or a weak sound, one for the rest."""
    return [
        config.vowel_cost if s in _VOWEL_SYMBOLS else config.weak_cost if _weak_at(key, k) else 1.0
        for k, s in enumerate(key)
    ]


def _weak_at(key: str, k: int) -> bool:
    """`h`, `w`, `y`; an `r` after a vowel and before none (heard or not: `Herbert` / `heobeoteu`); a `t`
    before `s` (`ts` for `z`); a `k` after `n` (the `g` of `ng`)."""
    s = key[k]
    if s in _WEAK:
        return True
    before = key[k - 1] if k > 0 else ""
    after = key[k + 1] if k + 1 < len(key) else ""
    if s == "r":
        return before in _VOWEL_SYMBOLS and after not in _VOWEL_SYMBOLS
    return (s == "t" and after == "s") or (s == "k" and before == "n")


def alignment_cost(a: str, b: str, no_lr: bool = False, config: TranscriptionConfig = _DEFAULT) -> float:
    """Weighted edit distance between two skeletons."""
    ga, gb = _gap_costs(a, config), _gap_costs(b, config)
    prev = [0.0]
    for k in range(len(b)):
        prev.append(prev[-1] + gb[k])
    for i, x in enumerate(a):
        row = [prev[0] + ga[i]]
        for k, y in enumerate(b):
            row.append(
                min(
                    prev[k] + _substitution(x, y, no_lr, config),
                    prev[k + 1] + ga[i],
                    row[k] + gb[k],
                )
            )
        prev = row
    return prev[-1]


def _consonants(key: str) -> float:
    return sum(0.5 if s in _WEAK else 1.0 for s in key if s not in _VOWEL_SYMBOLS)


@lru_cache(maxsize=200_000)
def transcription_similarity(
    latin: str, romanised: str, script: str, config: TranscriptionConfig = _DEFAULT
) -> float:
    """How alike a Latin token and a token romanised from `script` sound, 0 when not alike enough."""
    ka, kb = phonetic_key(latin, LATIN), phonetic_key(romanised, script)
    consonants = max(_consonants(ka), _consonants(kb))
    if consonants == 0:
        return 0.0
    cost = alignment_cost(ka, kb, script in _NO_LR, config)
    if min(_consonants(ka), _consonants(kb)) < config.min_consonants and cost > config.weak_cost:
        # (A word of one consonant, `Ohl` / `Ол`, must sound the same but for a silent letter.)
        return 0.0
    sim = 1.0 - cost / consonants
    if sim < config.floor:
        return 0.0
    return min(sim, 1.0) * config.top


Span = tuple[int, ...]


def transcription_pairs(
    native: tuple[str, ...],
    groups: tuple[Span, ...],
    script: str,
    latin: tuple[str, ...],
    config: TranscriptionConfig = _DEFAULT,
) -> list[tuple[Span, Span, float]]:
    """(native tokens, Latin tokens, similarity) for every written word of the native name against every run
    of up to `max_latin_run` Latin tokens that sounds alike. A written word is one token (Cyrillic, Arabic,
    katakana) or several syllables romanised apart (Hangul, Chinese characters): its syllables are heard as
    one word (`heo beo teu` for Herbert), and one written word may hold a whole name (`김정은` for
    `Kim Jong Un`)."""
    out: list[tuple[Span, Span, float]] = []
    spans = groups or tuple((i,) for i in range(len(native)))
    for span in spans:
        romanised = "".join(native[i] for i in span)
        if not romanised.isalpha():
            continue
        for j in range(len(latin)):
            written = ""
            for k in range(j, min(len(latin), j + config.max_latin_run)):
                if not latin[k].isalpha():
                    break
                written += latin[k]
                sim = transcription_similarity(written, romanised, script, config)
                if sim:
                    out.append((span, tuple(range(j, k + 1)), sim))
    return out


def explain_keys(latin: str, romanised: str, script: str) -> tuple[str, str]:
    """The two skeletons a transcription pair was judged on, for explanations."""
    return phonetic_key(latin, LATIN), phonetic_key(romanised, script)
