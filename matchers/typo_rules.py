"""Alignment rules that re-read one aligned or unaligned word as a typo, a misreading or another
romanisation of the listed word: a bare coined name's slip (`Megvi`), a Cyrillic word romanised two ways
(`Ростех` / `Rostec`), a registration code's neighbour (`EP-KHJ`), one short word's edit beside agreeing words
(`KMU SONG 3`), a short word read as a legal form (`JI ONG 8`), typos that made a word nobody writes
(`GOKLSAN`), and the neighbour the query's country picks (`SGIG`).

Each rule takes one `alignment.Alignment` (the two sides, the chosen pairs, the aligned positions
`matched_q`, `matched_l`: position to similarity, and the configuration), sets the pairs and positions it
re-reads for the rules after it, and returns only what is its own; `scoring._score_alignment` runs them in
order. Moved out of `scoring.py` with their bodies unchanged (decision 0209); one state object rather than
six arguments each (decision 0542).
"""

from __future__ import annotations

from rapidfuzz.distance import OSA

from matchers.alignment import Alignment
from matchers.config import MatchConfig
from matchers.pair import Pair
from matchers.sides import Side, word_weight
from matchers.similarity import (
    fat_finger,
    misread,
    skeleton,
    slip,
    typed_edit,
)
from matchers.weights import unwritten


def bare_coined(state: Alignment) -> bool:
    """A bare coined name with two letters swapped, a letter doubled or dropped from a double, or one
    misread letter (`Megvi`, `Dahau` for `Megvii`, `Dahua`): a query of one distinctive word, one edit
    from a listed coined word of 5 letters or more that is the listed name's only distinctive word. Such
    a brand is unknown to English and rare in the lists, so a slip of it names the same party; the pair
    counts as the coined name (`coined_slip`), and the generic words the listed name adds around it weigh
    what they weigh. A key struck for its neighbour is not enough here: `Aegon` / `Argon`, `Teekay` /
    `Reekay` are other brands."""
    q, lst, pairs, config = state.q, state.lst, state.pairs, state.config
    matched_q, matched_l = state.matched_q, state.matched_l
    i = q.minor.index(False)
    if i not in matched_q:
        return False
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
            state.pairs = (*pairs[:k], Pair(p.query, p.listed, sim), *pairs[k + 1 :])
            return True
    return False


def romanised(state: Alignment) -> None:
    """A word written in Cyrillic against a listed Latin spelling with the same transliteration skeleton,
    however short (`Джин` read `dzhin` for `Jin`, `Хал` `khal`/`hal`, `Седой` `sedoi` for `Sedoy`,
    `Ростех` `rosteh` for `Rostec`): one name romanised two ways, as sure as the skeleton match of longer
    words."""
    q, lst, pairs, config = state.q, state.lst, state.pairs, state.config
    matched_q, matched_l = state.matched_q, state.matched_l
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
    state.pairs = tuple(out)


def registration_typo(state: Alignment) -> bool:
    """Two registration-shaped codes with the same prefix, one edit apart in the rest (`EP-KHJ` /
    `EP-MHJ`, `YK-TAA` / `YK-ATA`): registration blocks are allotted per operator, so the listed code's
    neighbour is either a typo of it or, most often, another aircraft of the same listed operator. Either
    way a reviewer must see it; the pair counts `registration_typo`."""
    q, lst, pairs, config = state.q, state.lst, state.pairs, state.config
    matched_q, matched_l = state.matched_q, state.matched_l
    sim = config.scoring.registration_typo
    if not sim or len(q.tokens) != len(lst.tokens):
        return False
    left_q = [i for i in range(len(q.tokens)) if i not in matched_q]
    left_l = [j for j in range(len(lst.tokens)) if j not in matched_l]
    fuzzy = [p for p in pairs if p.similarity < 1.0]
    if not fuzzy and len(left_q) == len(left_l) == 1:
        # (The code itself left unaligned: different first letters are no short edit to the token step.)
        only, rest = Pair((left_q[0],), (left_l[0],), 0.0), pairs
    elif len(fuzzy) == 1 and not left_q and not left_l:
        only, rest = fuzzy[0], tuple(p for p in pairs if p is not fuzzy[0])
    else:
        return False
    if len(only.query) != 1 or len(only.listed) != 1 or only.similarity >= sim:
        return False
    i, j = only.query[0], only.listed[0]
    if OSA.distance(q.raw[i], lst.raw[j], score_cutoff=1) > 1:
        return False
    matched_q[i] = matched_l[j] = sim
    state.pairs = (*rest, Pair(only.query, only.listed, sim))
    return True


def _same_romanisation(a: str, b: str) -> bool:
    """`a` romanised from Cyrillic by rigour, `b` a listed Latin spelling: the same skeleton, or the same
    once `тех` (rigour's `teh`) is read as the `tech`/`tec`/`tek` of Russian company names (`Ростех` /
    `Rostec`, `Автотех` / `Avtotek`)."""
    kb = skeleton(b)
    return skeleton(a) == kb or ("teh" in a and skeleton(a.replace("teh", "tek")) == kb)


def supported_short(state: Alignment, country: bool = False, missed_key: bool = False) -> None:
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
    is likelier than another company of that trade, that country and a name one slip away.

    `missed_key`: the names are no person's. A key missed may then lean on lighter words than any edit
    (`short_missed_key_support`); a person's short name with a letter less is another name (`Zhang Li` /
    `ZHANG, Lei`, `Lu` / `Liu`)."""
    q, lst, pairs, config = state.q, state.lst, state.pairs, state.config
    matched_q, matched_l = state.matched_q, state.matched_l
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
            return
        fuzzy = p
    least = scoring.short_slip_support
    if country:
        least = min(least, scoring.short_country_support)
    if fuzzy is None or support < least or fuzzy.similarity >= scoring.short_supported:
        return
    i, j = fuzzy.query[0], fuzzy.listed[0]
    a, b = q.raw[i], lst.raw[j]
    if not (a.isalpha() and b.isalpha() and max(len(a), len(b)) <= 5):
        return
    if support < scoring.short_support and not (
        slip(a, b)
        or word_weight(q.tokens[i], config.weights) >= 1.0
        or (missed_key and support >= scoring.short_missed_key_support and _key_missed(a, b, q))
    ):
        # (Lighter words beside it suffice when the edit is a slip of typing, `IKM, Song`, `JIN TIA`, or
        # leaves a word rare in English, `Ghds Aviation Industries`: not `US GOLD` for `USM GOLD`, nor
        # `Blue Line` for `Blue Lines`, where the query's word is one people write. A key missed, the
        # commonest typo, needs words of some weight beside it, `TA Telecom Corporation`, `HA FU`, `DP,
        # S.C.`, and no initials written as such: `U.S. GOLD` is no `USM GOLD` (decision 0239).)
        return
    if support < scoring.short_slip_support and not (typed_edit(a, b)):
        # (Beside a descriptor and the country only, the edit must be one typing makes: a slip, a key struck
        # with its neighbour, a key missed (`Dhua`, `PLEON`, `SNB`). `Eason Technology` / `Cason
        # Technologies` differ by keys far apart: two names.)
        return
    if min(len(a), len(b)) < 3 and not (len(a) == 2 and len(b) == 3):
        # (Two letters only as a three-letter listed word with one dropped: `TE, Vinh` for `TEA, Vinh`.)
        return
    if any(k not in matched_q and not q.minor[k] for k in range(len(q.tokens))) or any(
        k not in matched_l and not lst.minor[k] for k in range(len(lst.tokens))
    ):
        return
    if OSA.distance(a, b, score_cutoff=1) > 1:
        return
    matched_q[i] = matched_l[j] = scoring.short_supported
    state.pairs = tuple(Pair(p.query, p.listed, scoring.short_supported) if p is fuzzy else p for p in pairs)


def _key_missed(a: str, b: str, q: Side) -> bool:
    """Query word `a` is listed word `b` with one letter left out (`ta` / `vta`, `ipl` / `nipl`); not a
    plural's `s` (`Blue Line` / `Blue Lines`: both are written on purpose), and not a word the query writes
    as initials (`U.S.`, `S&P`: chosen abbreviations, not a code typed short)."""
    if len(a) + 1 != len(b) or a in q.initials_written or (b[-1] == "s" and b.startswith(a)):
        return False
    k = 0
    while k < len(a) and a[k] == b[k]:
        k += 1
    return a[k:] == b[k + 1 :]


def form_read_short(state: Alignment, country: bool) -> None:
    """A short word of the query that normalisation read as a legal form (`ONG` as the NGO form, `NA`),
    left unaligned, one typed edit from the one word of the listed name left unaligned (`JI ONG 8` / `JI
    SONG 8`, `HONG ONG ELECTRONICS KISH` / `HONG KONG ...`, `RA NA 2` / `RA NAM 2`): a typo that happened
    to spell a legal form, inside the name where no legal form stands. The pair is offered to
    `supported_short` as the typo it is, and kept only if that rule takes it (everything else exact,
    enough support beside it); otherwise the names stay as they were. The edit must be one typing makes
    (a slip, a key struck with its neighbour, a key missed): a legal form written as such beside a name
    one letter from another is how two companies differ too (decision 0176)."""
    q, lst, pairs, config = state.q, state.lst, state.pairs, state.config
    matched_q, matched_l = state.matched_q, state.matched_l
    found_i = -1
    # (Between two words of the name only: a legal form stands at a name's start or end, and there a form
    # is what it is, `BLUE SKY SE` / `BLUE SKY SZE`, `CAPE AS` / `CAPE GAS`.)
    for i in range(1, len(q.tokens) - 1):
        if q.minor[i] and i not in matched_q:
            word = q.raw[i]
            if 2 <= len(word) <= 5 and word.isalpha():
                if found_i >= 0:
                    return
                found_i = i
    if found_i < 0:
        return
    found_j = -1
    for j in range(len(lst.tokens)):
        if j not in matched_l and not lst.minor[j]:
            if found_j >= 0:
                return
            found_j = j
    if found_j < 0:
        return
    a, b = q.raw[found_i], lst.raw[found_j]
    if not (b.isalpha() and 3 <= len(b) <= 5) or OSA.distance(a, b, score_cutoff=1) > 1:
        return
    if not typed_edit(a, b):
        return
    offered = Pair((found_i,), (found_j,), 0.0)
    trial_q, trial_l = dict(matched_q), dict(matched_l)
    trial_q[found_i] = trial_l[found_j] = 0.0
    trial = Alignment(q, lst, (*pairs, offered), trial_q, trial_l, config)
    supported_short(trial, country)
    if trial_l[found_j] < config.scoring.short_supported:
        return
    matched_q.update(trial_q)
    matched_l.update(trial_l)
    state.pairs = trial.pairs


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


def odd_typos(state: Alignment) -> tuple[int, ...]:
    """Pairs whose query word is a typo that made a word nobody writes (`_typo_made_word`) count
    `odd_typo`, and are not discounted as the lone approximate word of the names: the names differ by
    data entry, not by being two names."""
    q, lst, pairs, config = state.q, state.lst, state.pairs, state.config
    matched_q, matched_l = state.matched_q, state.matched_l
    sure = config.scoring.odd_typo
    if not sure:
        return ()
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
    if not raised:
        return ()
    state.pairs = tuple(out)
    return tuple(raised)


def country_picked(state: Alignment, typos: tuple[int, ...]) -> tuple[int, ...]:
    """For an organisation whose query gives a country the listed entry has: a query word of at most 5
    letters no list and no English text holds, a slip of typing from the listed word it is aligned with,
    every other word of both names aligned, counts `odd_typo` as `odd_typos` counts a word with one such
    listed neighbour, though the lists hold several (`SGIG` is a slip of `SBIG` and of `SHIG`; in Iran,
    `SBIG`): the country picks the neighbour the vocabulary cannot (decision 0177)."""
    q, lst, pairs, config = state.q, state.lst, state.pairs, state.config
    matched_q, matched_l = state.matched_q, state.matched_l
    sure = config.scoring.odd_typo
    if not sure or len(matched_q) != len(q.tokens) or len(matched_l) != len(lst.tokens):
        return typos
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
    if len(raised) <= len(typos):
        return typos
    state.pairs = tuple(out)
    return tuple(raised)
