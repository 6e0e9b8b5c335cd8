"""Similarity of two single tokens: spelling (edit distance), sound, transliteration and initials.

Kept strict on short tokens, where one edit makes another name (`Cimg`/`Cimc`), and lenient on long
ones, where a typo rarely makes another real name (`Hikvison`/`Hikvision`). Romanisations of one
Cyrillic or Arabic name differ in regular ways (`Dzhulio`/`Julio`, `Khuwayt`/`Huvait`): comparing
their *skeletons* undoes those differences without a dictionary of names.
"""

from __future__ import annotations

import re
from typing import Any, Final

from nicknames import NickNamer
from rapidfuzz.distance import OSA
from rigour.text.phonetics import metaphone as rigour_metaphone

from matchers.config import DEFAULT_CONFIG, SimilarityConfig
from matchers.keyboard import NEIGHBOURS as KEYBOARD_NEIGHBOURS
from matchers.memos import ConfigMemo, StrMemo
from matchers.pattern_needles import needles
from matchers.spelling_steps import plan, rewrite

_NICKNAMES: Final = NickNamer()
# (Imported names held in final ones, read from C statics rather than the module's dict: the keyboard
# table is not compiled, rigour's `metaphone` is a library function.)
NEIGHBOURS: Final = KEYBOARD_NEIGHBOURS
metaphone: Final = rigour_metaphone
# rapidfuzz's `OSA.distance`, held in a final name: compiled, `OSA.distance(...)` is a look-up of `OSA` in
# the module's dict and a generic attribute look-up before each call (~400 instructions; 0546).
osa_distance: Final = OSA.distance
_DEFAULT: Final = DEFAULT_CONFIG.similarity

# The default configuration's values, for callers that read them (the reasons are in `matchers/config.py`).
MIN_EDIT_LEN: Final = _DEFAULT.min_edit_len
MIN_SHORT_EDIT_LEN: Final = _DEFAULT.min_short_edit_len
INITIAL_SIMILARITY: Final = _DEFAULT.initial
ABJAD_SIMILARITY: Final = _DEFAULT.abjad


# (Per-word memos read natively from compiled code, not `lru_cache` objects: `matchers/memos.py`, 0545.)
_SOUNDS: Final = StrMemo(200_000)


def sound(token: str) -> str:
    found: str | None = _SOUNDS.table.get(token)
    if found is None:
        found = metaphone(token) if token.isalpha() else token
        _SOUNDS.put(token, found)
    return found


def max_edits(length: int) -> int:
    """Edits a token of this length may carry and still be the same word."""
    if length < 5:
        return 0
    if length < 10:
        return 1 if length < 8 else 2
    return 3


def may_be_one_edit(a: str, b: str) -> bool:
    """False only when `a` and `b` are more than one edit apart as `OSA.distance` counts edits (a letter
    added, dropped or replaced, two neighbours swapped), read from their first two letters: one edit leaves
    the first letters equal, or a word's second letter first or second in the other (`obs` / `nsg` are
    not one edit apart). Far cheaper than the call it spares; True says only that the distance must be
    asked (decision 0196)."""
    if len(a) < 2 or len(b) < 2:
        return True
    a0, b0 = a[0], b[0]
    if a0 == b0:
        return True
    a1, b1 = a[1], b[1]
    return a1 in (b1, b0) or a0 == b1


RESPELLINGS = (("ph", "f"), ("ck", "k"), ("q", "k"), ("c", "k"), ("y", "i"), ("w", "v"), ("ou", "u"))


_VOWEL: Final = re.compile(r"[aeiouy]")
_RESPELT: Final = StrMemo(200_000)


def respell(token: str) -> str:
    """Spellings English and romanisations use interchangeably (`Qumul`/`Kumul`, `Aly`/`Ali`)."""
    found: str | None = _RESPELT.table.get(token)
    if found is None:
        found = _respell(token)
        _RESPELT.put(token, found)
    return found


def _respell(token: str) -> str:
    """`RESPELLINGS` in order, written out: a loop over the module's tuple of pairs is, compiled, a look-up
    in the module's dict, a copy of the tuple checked pair by pair, and a generic iterator (0545)."""
    if "ph" in token:
        token = token.replace("ph", "f")
    if "ck" in token:
        token = token.replace("ck", "k")
    if "q" in token:
        token = token.replace("q", "k")
    if "c" in token:
        token = token.replace("c", "k")
    if "y" in token:
        token = token.replace("y", "i")
    if "w" in token:
        token = token.replace("w", "v")
    if "ou" in token:
        token = token.replace("ou", "u")
    return token


# (pattern, replacement, what a match begins with: a token holding none of it is left as it is; empty when
# the pattern is not read, and the rule always runs).
Rules = tuple[tuple[re.Pattern[str] | str, Any, tuple[str, ...]], ...]

_LITERAL: Final = re.compile(r"[a-z]+")


def _compile(rules: tuple[tuple[str, Any], ...]) -> Rules:
    """Plain letters replaced by plain letters need no regex: `str.replace` does the same, far cheaper. A
    regex is only run on a token holding what its match begins with (`matchers/pattern_needles.py`)."""
    return tuple(
        (pattern, replacement, ())
        if _LITERAL.fullmatch(pattern) and isinstance(replacement, str) and "\\" not in replacement
        else (re.compile(pattern), replacement, tuple(sorted(needles(pattern) or ())))
        for pattern, replacement in rules
    )


_SKELETON_RULES: Final[Rules] = _compile(
    (
        (r"shch|sch", "sh"),
        (r"dzh|dj|zh", "j"),
        (r"kh", "h"),
        (r"ts|tz", "c"),
        (r"^ye|^ie", "e"),
        (r"yu|iu", "u"),
        (r"ya|ia", "a"),
        (r"yo|io", "o"),
        (r"eo", "o"),
        (r"eu", "u"),
        (r"iy|yy|ii|ij", "i"),
        (r"ou|oo", "u"),
        (r"ee", "i"),
        (r"ph", "f"),
        # Optical confusions: `rn` read for `m`, `cl` for `d` (`GAZPRORNBANK`, `Muhammacl`).
        (r"rn", "m"),
        (r"cl", "d"),
        (r"x", "ks"),
        (r"q", "k"),
        (r"c", "k"),
        (r"w", "v"),
        (r"y", "i"),
        (r"(?<=[a-z])h(?![aeiou])", ""),
        # `l` and `I` look alike in print, and OCR reads both as `1` (`A1i`, `KA1EEM`).
        (r"l", "i"),
        (r"(.)\1+", r"\1"),
    )
)


# (Run as string steps where a pattern need not run: `matchers/spelling_steps.py`.)
_SKELETON_STEPS: Final = plan(_SKELETON_RULES)


_SKELETONS: Final = StrMemo(200_000)


def skeleton(token: str) -> str:
    """A transliteration-insensitive key: `Yevgeniya`, `Evgenija` and `Evgeniia` share one."""
    found: str | None = _SKELETONS.table.get(token)
    if found is None:
        found = rewrite(token, _SKELETON_STEPS)
        _SKELETONS.put(token, found)
    return found


# (Read natively by configuration, not through an `lru_cache` hashing the configuration each call: 0544.)
_TOKEN_SIMILARITIES: Final = ConfigMemo(500_000)


def token_similarity(a: str, b: str, person: bool = False, config: SimilarityConfig = _DEFAULT) -> float:
    memo = _TOKEN_SIMILARITIES
    table = memo.table if config is memo.last else memo.table_for(config)
    key = (a, b, person)
    found: float | None = table.get(key)
    if found is None:
        found = similarity_with_keys(a, b, person, None, None, config)
        memo.put(table, key, found)
    return found


def similarity_with_keys(
    a: str, b: str, person: bool, ka: str | None, kb: str | None, config: SimilarityConfig = _DEFAULT
) -> float:
    """`token_similarity` with the tokens' skeletons when the caller already holds them (the index)."""
    if a == b:
        return 1.0
    if not (a.isalpha() and b.isalpha()):
        return _code_similarity(a, b, config)
    if person:
        if len(a) == 1 or len(b) == 1:
            return config.initial if a[0] == b[0] else 0.0
        if is_nickname(a, b):
            return config.nickname
    shorter, longer = min(len(a), len(b)), max(len(a), len(b))
    if shorter < 2:
        return 0.0
    if respell(a) == respell(b) and (shorter >= 4 or _VOWEL.search(a)):
        # (A respelling is a way to write a spoken word: `npc` and `npk` are two codes, not one.)
        return config.short_respell if shorter < config.min_edit_len else config.skeleton
    ka = ka if ka is not None else skeleton(a)
    kb = kb if kb is not None else skeleton(b)
    if ka == kb and shorter >= 4 and longer <= 2 * shorter:
        return config.skeleton
    if shorter < 5:
        if longer - shorter <= 1 and misprinted(a, b):
            # (One letter read for another in print, `rn`/`m`, `cl`/`d`, `l`/`i`: what the skeleton folds
            # in longer words, where it is sure enough; a typist does not make these.)
            return config.skeleton
        if shorter >= config.min_short_edit_len and longer >= 4 and a[0] == b[0] and osa_distance(a, b) == 1:
            if slip(a, b):
                return max(config.short_edit, 1.0 - config.slip_cost / longer)
            return config.short_edit
        if longer < 5:
            return 0.0
    written = osa_distance(a, b)
    distance = min(written, osa_distance(ka, kb) + 0.5)
    if distance <= max_edits(shorter if shorter >= 5 else 0):
        if written == 1:
            typed = slip(a, b) or (
                longer >= config.lookalike_min_len and lookalike(a, b, config.lookalike_letters)
            )
            sim = 1.0 - (config.slip_cost if typed else config.edit_cost) / longer
        elif distance == written:
            # (Several edits, each priced as one edit is: a slip of typing costs less than another edit.)
            sim = 1.0 - typing_cost(a, b, config.slip_cost, config.edit_cost) / longer
        else:
            sim = 1.0 - config.edit_cost * distance / longer
        if sim >= config.min_token:
            return sim
    if shorter >= config.min_edit_len and a[0] == b[0] and sound(a) == sound(b) and distance <= 2:
        return config.phonetic
    return 0.0


def slip(a: str, b: str, neighbours: bool = True) -> bool:
    """Two neighbouring letters swapped (`Trnasoil`), one letter doubled or undoubled (`Atrrilor`), or one
    key struck for its neighbour (`AccoTesg`; not counted with `neighbours=False`, where a different letter
    is too often another name: `Aegon`/`Argon`): the commonest slips of typing, and rarely how two
    different names differ."""
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        if len(diff) == 1:
            return neighbours and b[diff[0]] in NEIGHBOURS.get(a[diff[0]], "")
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if abs(len(a) - len(b)) != 1:
        return False
    short, long = (a, b) if len(a) < len(b) else (b, a)
    k = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    # The extra letter doubles its neighbour. (One struck with its keyboard neighbour, `Serxcuba`, is as
    # common, but so are real names one such letter apart: `Vistra` / `Vista`, `Aecom` / `Asecom`.)
    return long[k + 1 :] == short[k:] and (
        (k > 0 and long[k - 1] == long[k]) or (k + 1 < len(long) and long[k + 1] == long[k])
    )


def lookalike(a: str, b: str, pairs: str) -> bool:
    """`a` is `b` with one letter put for another that print and OCR confuse with it (`GAROENIA` for
    `GARDENIA`, `JAMAIGA` for `JAMAICA`), `pairs` the two letters of each such pair written together, space
    apart (`SimilarityConfig.lookalike_letters`). Scanned text reads what it reads: a letter misread is how
    a word is mistaken, no more how two names differ than a slip of typing is."""
    if len(a) != len(b) or not pairs:
        return False
    at = -1
    for k in range(len(a)):
        if a[k] != b[k]:
            if at >= 0:
                return False
            at = k
    if at < 0:
        return False
    x, y = a[at], b[at]
    return (x + y) in pairs or (y + x) in pairs


def typing_cost(a: str, b: str, slip_cost: float, edit_cost: float, fat_fingers: bool = False) -> float:
    """The cheapest edits turning `a` into `b`, each slip of typing (two neighbouring letters swapped, a
    key struck for its neighbour, a letter doubled or undoubled) at `slip_cost` and any other edit at
    `edit_cost`: the restricted Damerau-Levenshtein distance, weighted as `slip` weighs a single edit.
    `fat_fingers`: a letter `a` adds beside a key it neighbours (`fat_finger`) is a slip too."""
    n, m = len(a), len(b)
    # (Inserting `b[j - 1]` undoubles a letter `b` holds twice; deleting `a[i - 1]` doubles one of `a`'s.)
    ins = [
        slip_cost if (j > 1 and b[j - 2] == b[j - 1]) or (j < m and b[j] == b[j - 1]) else edit_cost
        for j in range(1, m + 1)
    ]
    prev2: list[float] = []
    prev = [0.0] * (m + 1)
    for j in range(1, m + 1):
        prev[j] = prev[j - 1] + ins[j - 1]
    for i in range(1, n + 1):
        c = a[i - 1]
        near = NEIGHBOURS.get(c, "")
        delete = slip_cost if (i > 1 and a[i - 2] == c) or (i < n and a[i] == c) else edit_cost
        if fat_fingers and delete > slip_cost and ((i > 1 and a[i - 2] in near) or (i < n and a[i] in near)):
            delete = slip_cost
        cur = [prev[0] + delete]
        for j in range(1, m + 1):
            d = b[j - 1]
            best = prev[j - 1] if c == d else prev[j - 1] + (slip_cost if d in near else edit_cost)
            if prev[j] + delete < best:
                best = prev[j] + delete
            if cur[j - 1] + ins[j - 1] < best:
                best = cur[j - 1] + ins[j - 1]
            if (
                i > 1
                and j > 1
                and c == b[j - 2]
                and a[i - 2] == d
                and c != d
                and prev2[j - 2] + slip_cost < best
            ):
                best = prev2[j - 2] + slip_cost
            cur.append(best)
        prev2, prev = prev, cur
    return prev[m]


def stacked_slips(a: str, b: str, config: SimilarityConfig = _DEFAULT, unlisted: bool = True) -> float:
    """Similarity of two words one of which carries two slips of typing or misreads of print (`Rbaov` for
    `Bravo`: two neighbouring letters swapped twice; `Rnsnuel` for `Manuel`: `rn` read for `m` and a key
    struck beside its neighbour), each priced as one slip is: 1 - cost / letters; 0.0 when the words are
    one edit apart (the token step's), further apart (another kind of edit among two, or three slips) or
    shorter than four letters. Data entry
    stacks errors in one word as readily as in two (a later edit lands where an earlier one did), and the
    token step, pricing every edit at `edit_cost`, reads such a word as no match at all below eight
    letters. `unlisted`: `a` is a word no listed name holds; a listed word (`Ahmad`, `Salman`) is not read
    through 0173's slips over slips (`Mahad`, `Salam` are names of their own)."""
    most = config.stacked_slips
    shorter, longer = min(len(a), len(b)), max(len(a), len(b))
    if a == b:
        return 1.0
    if not most or shorter < config.stacked_slip_min_len or longer - shorter > 2:
        return 0.0
    if not (a.isalpha() and b.isalpha()):
        return 0.0
    slip_cost, edit_cost = config.slip_cost, config.edit_cost
    # (Every edit costs a slip at least, and a confusion of print folded saves one edit at most: most pairs
    # are ruled out by their edit distance before they are priced.)
    slips = int(most / slip_cost)
    edits = osa_distance(a, b, score_cutoff=slips + 1)
    if edits < 2 or edits > slips + 1:
        # (One edit is the token step's to price: alone, a key struck with its neighbour is as often another
        # name, `Vistra` / `Vista`, decision 0144.)
        return 0.0
    cost = typing_cost(a, b, slip_cost, edit_cost, True) if edits <= slips else most + 1.0
    if cost > most:
        # (A confusion of print is one slip: `rn` read for `m`, `cl` for `d`, `vv` for `w`, either way.)
        for seen, read in _MISREAD:
            if len(read) == len(seen):
                continue
            for one, other in ((a, b), (b, a)):
                at = one.find(read)
                while at != -1 and cost > most:
                    folded = one[:at] + seen + one[at + len(read) :]
                    # (The written word first whichever side was folded: a key it struck with its
                    # neighbour is a slip either way, `Camnacla` / `Canada`; with `stacked_overlap`.)
                    if one is a or not (config.stacked_overlap and unlisted):
                        cost = min(
                            cost, slip_cost + typing_cost(folded, other, slip_cost, edit_cost, one is a)
                        )
                    else:
                        cost = min(cost, slip_cost + typing_cost(other, folded, slip_cost, edit_cost, True))
                    at = one.find(read, at + 1)
    if cost > most:
        missed = slip_and_missed_key(a, b, config)
        return missed if missed or not unlisted else slip_over_slip(a, b, config)
    return 1.0 - cost / longer


def slip_and_missed_key(written: str, listed: str, config: SimilarityConfig = _DEFAULT) -> float:
    """Similarity of a written word that is the listed one with a letter missed and one slip of typing or
    misread of print besides (`Kubyas` for `Kubaysi`: the `i` missed, `ay` swapped; `Efebnse` for
    `Defense`: the `D` missed, `b` struck with its neighbour `n`), priced as the two edits are, a slip and
    another edit: 1 - (`slip_cost` + `edit_cost`) / letters; 0.0 for anything else, and for a word the
    listed one is longer than by more than two letters or shorter than `stacked_slip_min_len`.

    A key missed is the one edit of typing that is no slip (every other a finger makes lands beside the
    key it meant), so a typed word carrying two edits often carries one (a third of the time if each edit
    is as likely; 0170 priced the other two thirds). The other edits
    two different names differ by, a letter for a letter no finger confuses with it (`Majed` / `Hamed`)
    or one added away from its neighbours, stay out: the letter missed must be the listed word's."""
    if not config.stacked_missed_key or not config.stacked_slips:
        return 0.0
    size, full = len(written), len(listed)
    if size < config.stacked_slip_min_len or not 0 <= full - size <= 2:
        return 0.0
    if not (written.isalpha() and listed.isalpha()):
        return 0.0
    for k in range(full):
        if k and listed[k] == listed[k - 1]:
            continue  # (the same word as without the letter before)
        missed = listed[:k] + listed[k + 1 :]
        if missed == written:
            return 0.0  # (one edit: the token step's)
        if slip(written, missed) or fat_finger(written, missed) or misprinted(written, missed):
            return 1.0 - (config.slip_cost + config.edit_cost) / max(size, full)
    return 0.0


def slip_over_slip(written: str, listed: str, config: SimilarityConfig = _DEFAULT) -> float:
    """Similarity of a written word that is the listed one with two slips of typing where the second
    lands on the letters the first left (`Lfeo` for `Elfo`: `e` swapped with `l`, then with `f`; `Rguin`
    for `Rubin`: `ub` swapped, then `b` struck as its neighbour `g`; `Niage` for `Image`), priced as two
    slips are: 1 - 2 * `slip_cost` / letters; 0.0 for anything else. Edit distances align the two slips
    letter for letter and so cannot see them (`typing_cost` prices `Lfeo` as a letter dropped and one
    added), so one slip is undone from the written word, every way it can be (two neighbouring letters
    swapped back, a key put back for its neighbour, a doubled letter or one struck with its neighbour
    taken out), and what is left must be one slip or one key struck with its neighbour from the listed
    word. Same bounds as `stacked_slips` (four letters at least, at most two letters apart)."""
    if not config.stacked_overlap or not config.stacked_slips or config.stacked_slips < 2 * config.slip_cost:
        return 0.0
    size, full = len(written), len(listed)
    if min(size, full) < config.stacked_slip_min_len or abs(size - full) > 2 or written == listed:
        return 0.0
    if not (written.isalpha() and listed.isalpha()):
        return 0.0
    price = 1.0 - 2 * config.slip_cost / max(size, full)
    for k in range(size):
        c = written[k]
        head, tail = written[:k], written[k + 1 :]
        # (Two neighbouring letters swapped back.)
        if tail and tail[0] != c and _one_slip(head + tail[0] + c + tail[1:], listed):
            return price
        # (A key struck for its neighbour put back.)
        for near in NEIGHBOURS.get(c, ""):
            if _one_slip(head + near + tail, listed):
                return price
        # (A doubled letter, or one struck with the neighbour key beside it, taken out.)
        if size > full - 1 and size > config.stacked_slip_min_len - 1:
            near = NEIGHBOURS.get(c, "")
            beside = (head and (head[-1] == c or head[-1] in near)) or (
                tail and (tail[0] == c or tail[0] in near)
            )
            if beside and _one_slip(head + tail, listed):
                return price
    return 0.0


def _one_slip(word: str, listed: str) -> bool:
    """`word` is `listed` with one slip of typing or one key struck with its neighbour (not the same)."""
    return word != listed and (slip(word, listed) or fat_finger(word, listed))


def fat_finger(a: str, b: str) -> bool:
    """`a` is `b` with one letter added that is a keyboard neighbour of a letter beside it (`Sdedoy` for
    `Sedoy`, `Alrfa` for `Alfa`): a finger striking two keys at once, the commonest insertion of typing.
    A letter added anywhere else (`Youxin` / `Yuxin`) is as often how another name is spelt."""
    if len(a) != len(b) + 1:
        return False
    for k in range(len(a)):
        if a[:k] + a[k + 1 :] == b:
            near = NEIGHBOURS.get(a[k], "")
            if (k > 0 and a[k - 1] in near) or (k + 1 < len(a) and a[k + 1] in near):
                return True
    return False


def typed_edit(a: str, b: str) -> bool:
    """`a` is `b` with one edit typing makes: a slip (`slip`), a key struck with its neighbour
    (`fat_finger`), or a key missed (`Dhua` / `Dahua`). Other single edits, a letter put for one far from it
    on the keyboard (`Eason` / `Cason`), are as often how two names differ."""
    return (
        slip(a, b) or fat_finger(a, b) or (len(b) == len(a) + 1 and osa_distance(a, b, score_cutoff=1) <= 1)
    )


# Letters print and OCR confuse (`rn` read for `m`, `cl` for `d`, `vv` for `w`, `l` for `i`).
_MISREAD: Final = (("rn", "m"), ("cl", "d"), ("vv", "w"), ("l", "i"))


def misread(a: str, b: str, neighbours: bool = True) -> bool:
    """`a` is `b` with one slip of typing or one confusion of print (`Phytiurn` for `Phytium`)."""
    return slip(a, b, neighbours) or misprinted(a, b)


def misprinted(a: str, b: str) -> bool:
    """`a` is `b` with one confusion of print or OCR (`rnin` for `min`, `clon` for `don`, `iena` for
    `lena`)."""
    # (A confusion changes the length by a known amount: most pairs are ruled out by their lengths.)
    size_a, size_b = len(a), len(b)
    for seen, read in _MISREAD:
        grown = len(read) - len(seen)
        if size_a + grown == size_b and _read_once(a, seen, read, b):
            return True
        if size_b + grown == size_a and _read_once(b, seen, read, a):
            return True
    return False


def _read_once(one: str, seen: str, read: str, other: str) -> bool:
    """`other` is `one` with one `seen` read as `read`."""
    at = one.find(seen)
    while at != -1:
        if one[:at] + read + one[at + len(seen) :] == other:
            return True
        at = one.find(seen, at + 1)
    return False


_DIGITS: Final = re.compile(r"[0-9]+")


def _code_similarity(a: str, b: str, config: SimilarityConfig) -> float:
    """A word with digits in it (`Cheapshop4you`, `7618`): its numbers must agree exactly (a registration
    or hull number one digit off is another one), the letters around them may carry one typo when there
    are enough of them to tell a typo from another word."""
    if not (a.isalnum() and b.isalnum()) or _DIGITS.findall(a) != _DIGITS.findall(b):
        return 0.0
    la, lb = _DIGITS.sub("", a), _DIGITS.sub("", b)
    shorter, longer = min(len(la), len(lb)), max(len(a), len(b))
    if shorter < config.min_code_letters or osa_distance(la, lb, score_cutoff=2) > 1:
        return 0.0
    sim = 1.0 - config.edit_cost / longer
    return sim if sim >= config.min_token else 0.0


_NAME_GROUPS: Final = StrMemo(100_000)


def name_group(token: str) -> frozenset[str]:
    found: frozenset[str] | None = _NAME_GROUPS.table.get(token)
    if found is None:
        found = frozenset({token} | _NICKNAMES.nicknames_of(token) | _NICKNAMES.canonicals_of(token))
        _NAME_GROUPS.put(token, found)
    return found


def is_nickname(a: str, b: str) -> bool:
    """`Bill`/`William`, `Bob`/`Robert`: one given name, two spellings."""
    return b in name_group(a)


_CONSONANT_RULES: Final[Rules] = _compile(
    (
        (r"^(al|el)(?=[a-z]{3})", ""),
        (r"ph", "f"),
        (r"c(?=[eiy])", "s"),
        (r"g", "j"),
        (r"ck", "k"),
        (r"kh|ch", "k"),
        (r"gh", "g"),
        (r"sh|th|dh|zh", lambda m: m.group(0)[0]),
        (r"[cq]", "k"),
        (r"x", "ks"),
        (r"z", "s"),
        (r"p", "b"),
        (r"v", "w"),
        (r"h$", ""),
        (r"[aeiouwy']", ""),
        (r"(.)\1+", r"\1"),
    )
)


_CONSONANT_STEPS: Final = plan(_CONSONANT_RULES)


_CONSONANT_KEYS: Final = StrMemo(200_000)


def consonant_key(token: str) -> str:
    """What survives of a name written in an abjad (Arabic, Hebrew), where short vowels are not written:
    `محمد` -> `mhmd` and `Mohamed` -> `mhmd`; `شتيكل` -> `stkl` and `Stickel` -> `stkl`."""
    found: str | None = _CONSONANT_KEYS.table.get(token)
    if found is None:
        found = rewrite(token, _CONSONANT_STEPS)
        _CONSONANT_KEYS.put(token, found)
    return found


# The rule tables by the key they make, in the order it applies them: tests rewrite tokens with every rule
# run and compare (decision 0142).
SPELLING_RULES: Final[dict[str, Rules]] = {"skeleton": _SKELETON_RULES, "consonant_key": _CONSONANT_RULES}


def abjad_similarity(a: str, b: str, config: SimilarityConfig = _DEFAULT) -> float:
    """Similarity of a token transliterated from an abjad and a token written with its vowels."""
    ka, kb = consonant_key(a), consonant_key(b)
    if len(ka) < 2 or len(kb) < 2:
        return config.abjad if ka == kb and ka and min(len(a), len(b)) >= 2 else 0.0
    if ka == kb:
        return config.abjad
    if min(len(ka), len(kb)) >= 4 and osa_distance(ka, kb) == 1:
        return config.abjad_edit
    return 0.0
